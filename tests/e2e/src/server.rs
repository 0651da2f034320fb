//! A static file server on 127.0.0.1, just enough for the browser to load the page: GET only,
//! one thread per connection, correct content types (wasm must be `application/wasm`). It can
//! serve from a sub-folder of the address (as a game portal does), switch to another build
//! (the update scenario), or go away entirely (the offline scenarios).

use std::{
    fs,
    io::{BufRead, BufReader, Write},
    net::{TcpListener, TcpStream},
    path::{Component, Path, PathBuf},
    sync::{Arc, RwLock},
    thread,
};

/// A running server; it stops when the process exits.
pub struct Server {
    /// The page's address, without a trailing slash: `http://127.0.0.1:PORT` or
    /// `http://127.0.0.1:PORT/games/mss`.
    pub base: String,
    root: Arc<RwLock<Option<PathBuf>>>,
}

impl Server {
    /// Serves `root` under the URL path `prefix` (`""` for the address's root, else a path
    /// such as `/games/mss`) on a free loopback port.
    pub fn start(root: PathBuf, prefix: &str) -> std::io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base = format!("http://{}{prefix}", listener.local_addr()?);
        let shared = Arc::new(RwLock::new(Some(root)));
        let served = Arc::clone(&shared);
        let prefix = prefix.to_owned();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = served.read().map(|root| root.clone()).unwrap_or(None);
                let prefix = prefix.clone();
                thread::spawn(move || {
                    // No root: the host is gone; the connection closes without an answer.
                    if let Some(root) = root {
                        let _ = respond(&root, &prefix, stream);
                    }
                });
            }
        });
        Ok(Server { base, root: shared })
    }

    /// Serves another folder from now on, or with `None` answers nothing at all.
    pub fn set_root(&self, root: Option<PathBuf>) {
        if let Ok(mut current) = self.root.write() {
            *current = root;
        }
    }
}

/// Serves `root` at the address's root until the process exits; returns the base URL.
pub fn serve(root: PathBuf) -> std::io::Result<String> {
    Server::start(root, "").map(|server| server.base)
}

fn respond(root: &Path, prefix: &str, mut stream: TcpStream) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    // Drain the headers; the request has no body.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, kind, body) = match path
        .strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        .and_then(|rest| resolve(root, rest))
        .and_then(|file| {
            let body = fs::read(&file).ok()?;
            Some((content_type(&file), body))
        }) {
        Some((kind, body)) => ("200 OK", kind, body),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

/// The file under `root` for a URL path; `/` (or nothing) is `index.html`; `..` never escapes
/// `root`.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = root.join(relative);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
