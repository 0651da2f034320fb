//! Conventions enforced as tests: every engine source file opens with a `//!` line, the
//! engine never names UI or browser crates (it must stay pure and portable), and the library
//! (everything but the `story` binary) does no IO, reads no clock and knows no particular story.

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

#[test]
fn every_file_has_a_header_and_no_ui_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    let banned = ["yew", "web_sys", "gloo", "wasm_bindgen"];
    for f in files {
        let text = std::fs::read_to_string(&f).expect("utf-8");
        assert!(
            text.starts_with("//!"),
            "{} must start with a `//!` header",
            f.display()
        );
        for word in banned {
            assert!(
                !text.contains(&format!("{word}::")),
                "{} names `{word}`",
                f.display()
            );
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("manifest");
    for dep in ["yew", "web-sys", "gloo", "wasm-bindgen"] {
        assert!(
            !manifest.contains(&format!("\n{dep} ")),
            "engine depends on {dep}"
        );
    }
}

#[test]
fn the_library_does_no_io_and_knows_no_story() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let library = files.iter().filter(|f| !f.starts_with(root.join("bin")));
    let banned = [
        "std::fs",
        "std::net",
        "std::io::stdin",
        "std::env",
        "SystemTime",
        "Instant::now",
        "seed:sucked-in",
        "Managed Shitty",
    ];
    for f in library {
        let text = std::fs::read_to_string(f).expect("utf-8");
        for word in banned {
            assert!(!text.contains(word), "{} names `{word}`", f.display());
        }
    }
}
