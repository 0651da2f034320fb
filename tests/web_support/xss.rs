//! The XSS corpus (`tests/fixtures/xss/payloads.json`) and what the browser tests do with it:
//! a story that puts every payload in every place story text reaches the page, a twin story
//! with harmless words in the same places (so the page's own elements can be told from injected
//! ones), and the checks — no payload ran, no element was injected.

use serde_json::{json, Value as Json};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// The corpus file, the one list of payloads every XSS test uses.
const CORPUS: &str = include_str!("../fixtures/xss/payloads.json");

/// One payload of the corpus.
pub struct Payload {
    /// Short name; the global it sets is `xss_<name>`.
    pub name: String,
    /// True if the text runs when it is parsed as HTML (`control` proves it).
    pub live: bool,
    /// The payload itself.
    pub text: String,
}

/// Every payload of the corpus.
pub fn corpus() -> Vec<Payload> {
    let file: Json = serde_json::from_str(CORPUS).expect("the corpus is JSON");
    file["payloads"]
        .as_array()
        .expect("a list of payloads")
        .iter()
        .map(|p| Payload {
            name: p["name"].as_str().expect("a name").to_owned(),
            live: p["live"].as_bool().expect("live or not"),
            text: p["text"].as_str().expect("a text").to_owned(),
        })
        .collect()
}

/// The texts a story is built from: the payloads, or harmless words in their place.
pub fn texts(hostile: bool) -> Vec<String> {
    corpus()
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if hostile {
                p.text
            } else {
                format!("plain {i}")
            }
        })
        .collect()
}

/// `text` as inline markup that shows exactly `text` (story text may use `*` and `{}`).
fn escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '{' | '}' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A story (manifest, chapter `x.json`) with `texts` as its title, act, chapter title, passage
/// paragraphs, choices, a locked choice's reason, a string variable shown by `{s}`, stat and
/// counter labels, word forms and the opposed stat's far end, the ending's title and epilogue,
/// and achievements' titles and descriptions.
pub fn story(texts: &[String]) -> (String, String) {
    let all = texts.join(" ");
    let paragraphs: Vec<Json> = texts
        .iter()
        .map(|t| json!(escaped(t)))
        .chain([json!("{s}")])
        .collect();
    let mut variables = serde_json::Map::new();
    variables.insert("s".into(), json!({"kind": "string", "start": all}));
    variables.insert(
        "pair".into(),
        json!({"kind": "stat", "label": texts[0], "opposite": texts[1], "start": 50,
            "display": "opposed", "words": [[0, texts[2]]]}),
    );
    let mut achievements = serde_json::Map::new();
    for (i, t) in texts.iter().enumerate() {
        variables.insert(
            format!("stat{i}"),
            json!({"kind": "stat", "label": t, "start": 40, "words": [[0, t]]}),
        );
        variables.insert(
            format!("count{i}"),
            json!({"kind": "counter", "label": t, "start": 1}),
        );
        achievements.insert(
            format!("a{i}"),
            json!({"title": t, "description": t, "when": "turns >= 1"}),
        );
    }
    let manifest = json!({
        "format": 1, "id": "xss", "title": all, "version": "1", "start": "x.start",
        "chapters": ["x.json"], "acts": [{"title": all, "chapters": ["x"]}],
        "variables": variables,
        "endings": {"end": {"title": all, "epilogue": paragraphs}},
        "achievements": achievements,
    });
    let mut choices: Vec<Json> = texts
        .iter()
        .map(|t| json!({"text": escaped(t), "goto": "end"}))
        .collect();
    choices.push(json!({"text": "Locked", "goto": "end", "if": "turns > 99", "locked": all}));
    let chapter = json!({
        "id": "x", "title": all,
        "passages": {
            "start": {"text": paragraphs, "choices": choices},
            "end": {"text": paragraphs, "ending": "end"},
        },
    });
    (manifest.to_string(), chapter.to_string())
}

/// The story built from `texts`, loaded by the engine.
pub fn loaded(texts: &[String]) -> story_engine::Story {
    let (manifest, chapter) = story(texts);
    let file = |path: &str, text: String| story_engine::SourceFile {
        path: path.into(),
        text,
    };
    let loaded = story_engine::load(&file("story.json", manifest), &[file("x.json", chapter)]);
    loaded
        .story
        .unwrap_or_else(|| panic!("the XSS story loads: {:?}", loaded.diagnostics))
}

/// The `xss_*` globals some payload set: empty unless a payload ran.
pub fn markers() -> Vec<String> {
    let window = gloo::utils::window();
    js_sys::Object::keys(&window)
        .iter()
        .filter_map(|k| k.as_string())
        .filter(|k| k.starts_with("xss_"))
        .collect()
}

/// Forgets every marker (after the control has set them).
pub fn clear_markers() {
    let window: js_sys::Object = gloo::utils::window().unchecked_into();
    for name in markers() {
        let _ = js_sys::Reflect::delete_property(&window, &JsValue::from(name));
    }
}

/// What under `root` no page of ours ever makes: script-capable elements, `javascript:` links,
/// and inline event-handler attributes (Yew attaches listeners, never `on*` attributes).
pub fn injected(root: &Element) -> Vec<String> {
    let bad = "script, iframe, img, object, embed, details, math, style, textarea, \
               a[href^='javascript' i], svg[onload], [srcdoc]";
    let mut found: Vec<String> = elements(root)
        .into_iter()
        .filter(|e| e.matches(bad).unwrap_or(false))
        .map(|e| e.outer_html())
        .collect();
    for e in elements(root) {
        let names = e.get_attribute_names();
        for name in names.iter().filter_map(|n| n.as_string()) {
            if name.to_ascii_lowercase().starts_with("on") {
                found.push(format!("<{} {name}>", e.tag_name()));
            }
        }
    }
    found
}

/// The tag names of every element under `root`, in document order: the page's shape, to compare
/// with the shape the harmless twin story gives.
pub fn shape(root: &Element) -> Vec<String> {
    elements(root)
        .iter()
        .map(|e| e.tag_name().to_ascii_lowercase())
        .collect()
}

fn elements(root: &Element) -> Vec<Element> {
    let list = root.query_selector_all("*").expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect()
}

/// Waits until a missing image of our own has failed to load, and then `ms` more: by then an
/// injected `<img onerror>`, `ontoggle` or `onbegin` would have run too. Waiting for something
/// *not* to happen needs a bound; [`control`] measures how long the live payloads take to run
/// when they are parsed as HTML, and the caller waits longer than that.
pub async fn settle(ms: i32) {
    let document = gloo::utils::document();
    let img: web_sys::HtmlElement = document
        .create_element("img")
        .expect("an img")
        .unchecked_into();
    let failed = js_sys::Promise::new(&mut |resolve, _| {
        img.set_onerror(Some(&resolve));
    });
    img.set_attribute("src", "xss-settle-missing.png")
        .expect("a src");
    gloo::utils::body().append_child(&img).expect("appended");
    let _ = wasm_bindgen_futures::JsFuture::from(failed).await;
    img.remove();
    sleep(ms).await;
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The control: parses every `live` payload as HTML in a scratch element outside the app and
/// waits (up to five seconds) for each to set its marker. Returns the names of those that did
/// not (empty when the corpus is live) and how many milliseconds the slowest took. It proves
/// the checks above can fail; it clears the markers it caused.
pub async fn control() -> (Vec<String>, i32) {
    let document = gloo::utils::document();
    let scratch = document.create_element("div").expect("a div");
    gloo::utils::body()
        .append_child(&scratch)
        .expect("appended");
    let range = document.create_range().expect("a range");
    range.select_node_contents(&scratch).expect("selected");
    let live: Vec<Payload> = corpus().into_iter().filter(|p| p.live).collect();
    let started = js_sys::Date::now();
    for p in &live {
        let fragment = range
            .create_contextual_fragment(&p.text)
            .expect("parsed as HTML");
        scratch.append_child(&fragment).expect("inserted");
    }
    let dead = |set: &[String]| -> Vec<String> {
        live.iter()
            .filter(|p| !set.contains(&format!("xss_{}", p.name)))
            .map(|p| p.name.clone())
            .collect()
    };
    while !dead(&markers()).is_empty() && js_sys::Date::now() - started < 5_000.0 {
        sleep(10).await;
    }
    let took = (js_sys::Date::now() - started) as i32;
    scratch.remove();
    let dead = dead(&markers());
    clear_markers();
    (dead, took)
}
