//! The app's conventions as a test: every source file opens with a `//!` line, story text never
//! reaches the DOM as raw HTML, and only the edge (`effects`, `app`, and the `storage`, `saves`,
//! `settings` and `files` modules they call) touches storage or reads and writes files. Native
//! only: it reads the sources.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    assert!(!files.is_empty(), "no sources in {dir}");
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("utf-8");
            (f, text)
        })
        .collect()
}

#[test]
fn every_file_has_a_header_and_no_raw_html() {
    for dir in ["src", "tests", "xtask/src", "benches"] {
        for (file, text) in sources(dir) {
            assert!(
                text.starts_with("//!"),
                "{} must start with `//!`",
                file.display()
            );
            // Spelled in two halves so this file does not trip its own check.
            for word in [["inner", "_html"], ["from_html", "_unchecked"]] {
                let word = word.concat();
                assert!(
                    !text.contains(&word) || file.ends_with("tidy.rs"),
                    "{} uses `{word}`",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn only_the_edge_touches_storage_and_files() {
    let io = [
        "Storage",
        "storage::",
        "Store",
        "gloo::file",
        "spawn_local",
        "JsFuture",
        "files::",
    ];
    for dir in ["src/components", "src/author"] {
        for (file, text) in sources(dir) {
            for word in io {
                assert!(
                    !text.contains(word),
                    "{} names `{word}`: storage and files belong to `effects` and `app`",
                    file.display()
                );
            }
        }
    }
}
