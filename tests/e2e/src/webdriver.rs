//! A minimal W3C WebDriver client over chromedriver: start a headless Chromium session,
//! navigate, find, click, read text, take screenshots. Blocking and small on purpose.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use serde_json::{json, Value};

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver with one browser session; both end on drop.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
}

/// An element reference in the current page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session at `width`×`height`.
    pub fn start(width: u32, height: u32) -> Result<Browser, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        let base = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
        };
        browser.wait_ready()?;
        let profile = std::env::temp_dir().join(format!("mss-e2e-profile-{port}"));
        // Root needs --no-sandbox; this closed network needs the background services off.
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "args": args },
                "goog:loggingPrefs": { "browser": "ALL" }
            }}
        });
        let created = browser.call("POST", "/session", capabilities)?;
        browser.session = created["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {created}"))?
            .to_owned();
        Ok(browser)
    }

    fn wait_ready(&self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(status) = self.call("GET", "/status", Value::Null) {
                if status["ready"] == true {
                    return Ok(());
                }
            }
            thread::sleep(Duration::from_millis(100));
        }
        Err("chromedriver did not become ready within 20 s".into())
    }

    /// One WebDriver request; returns the response's `value`.
    fn call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let request = ureq::request(method, &url).timeout(Duration::from_secs(60));
        let response = if method == "GET" || method == "DELETE" {
            request.call()
        } else {
            request.send_json(body)
        };
        let response = match response {
            Ok(response) => response,
            Err(ureq::Error::Status(code, response)) => {
                let text = response.into_string().unwrap_or_default();
                return Err(format!("{method} {path}: HTTP {code}: {text}"));
            }
            Err(err) => return Err(format!("{method} {path}: {err}")),
        };
        let value: Value = response
            .into_json()
            .map_err(|e| format!("{method} {path}: {e}"))?;
        Ok(value["value"].clone())
    }

    fn session_call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Loads `url` and waits for the document to finish loading.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.session_call("POST", "/url", json!({ "url": url }))
            .map(drop)
    }

    /// All elements matching a CSS selector, now.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let found = self.session_call(
            "POST",
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )?;
        Ok(found
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item[ELEMENT_KEY].as_str())
                    .map(|id| Element(id.to_owned()))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Waits up to `timeout` for an element matching `css` to appear.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(element) = self.find_all(css)?.into_iter().next() {
                return Ok(element);
            }
            if Instant::now() > deadline {
                return Err(format!("no element matches `{css}` after {timeout:?}"));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `probe` returns `Some`, polling; fails with `what` after `timeout`.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&Browser) -> Result<Option<T>, String>,
    ) -> Result<T, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = probe(self)? {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after {timeout:?} waiting for {what}"));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks an element.
    pub fn click(&self, element: &Element) -> Result<(), String> {
        self.session_call("POST", &format!("/element/{}/click", element.0), json!({}))
            .map(drop)
    }

    /// The rendered text of an element.
    pub fn text(&self, element: &Element) -> Result<String, String> {
        let text =
            self.session_call("GET", &format!("/element/{}/text", element.0), Value::Null)?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// An attribute of an element, if set.
    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        let value = self.session_call(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            Value::Null,
        )?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Runs a script in the page and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.session_call(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Runs a script that reports by calling its last argument, and returns what it reported.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value, String> {
        self.session_call(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": args }),
        )
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let encoded = self.session_call("GET", "/screenshot", Value::Null)?;
        decode_base64(encoded.as_str().unwrap_or_default())
    }

    /// The browser console since the last call (chromedriver's legacy log endpoint).
    pub fn console(&self) -> Result<Vec<String>, String> {
        let entries = self.session_call("POST", "/se/log", json!({ "type": "browser" }))?;
        Ok(entries
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|e| format!("{} {}", e["level"].as_str().unwrap_or("?"), e["message"]))
                    .collect()
            })
            .unwrap_or_default())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.session_call("DELETE", "", Value::Null);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (the screenshot encoding), without a dependency for it.
fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
    {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("invalid base64 byte {byte}")),
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Ok(out)
}

/// Keyboard, reload and window size: what the player scenarios and the screenshots need.
impl Browser {
    /// Presses and releases `key` (a character, or a WebDriver key code such as `"\u{E003}"`
    /// for Backspace), sent to whatever has focus — as a player's keyboard would.
    pub fn press(&self, key: &str) -> Result<(), String> {
        let actions = json!({ "actions": [{
            "type": "key",
            "id": "keyboard",
            "actions": [{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }]
        }]});
        self.session_call("POST", "/actions", actions).map(drop)
    }

    /// Reloads the page, like the browser's reload button.
    pub fn refresh(&self) -> Result<(), String> {
        self.session_call("POST", "/refresh", json!({})).map(drop)
    }

    /// Resizes the window (headless: the viewport) to `width`×`height`.
    pub fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.session_call(
            "POST",
            "/window/rect",
            json!({ "width": width, "height": height }),
        )
        .map(drop)
    }

    /// Chromium's network emulation (chromedriver's extension): with `offline`, every request
    /// the page makes fails as if the network were down.
    pub fn set_offline(&self, offline: bool) -> Result<(), String> {
        let conditions = json!({ "network_conditions": {
            "offline": offline,
            "latency": 0,
            "download_throughput": -1,
            "upload_throughput": -1
        }});
        self.session_call("POST", "/chromium/network_conditions", conditions)
            .map(drop)
    }
}

/// Typing into file inputs and long scripts: what the accessibility audit needs.
impl Browser {
    /// Types `text` into `element`; for an `<input type=file>`, the paths of the files to pick,
    /// one per line.
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<(), String> {
        self.session_call(
            "POST",
            &format!("/element/{}/value", element.0),
            json!({ "text": text }),
        )
        .map(drop)
    }

    /// How long an asynchronous script may take before WebDriver gives up on it (30 s unless
    /// set).
    pub fn script_timeout(&self, timeout: Duration) -> Result<(), String> {
        let millis = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.session_call("POST", "/timeouts", json!({ "script": millis }))
            .map(drop)
    }
}
