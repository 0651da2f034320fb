//! Conventions enforced as tests: every engine source file opens with a `//!` line; the
//! manifest (parsed, not searched) depends on no UI, browser or IO crate; the library does no
//! IO, reads no clock and knows no particular story; and the layers import only downwards
//! (runtime ← front ← tools), checked on every `crate::` and `super::` path.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            // `fuzz/target` when `cargo fuzz` runs without a shared target folder.
            if !path.ends_with("target") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Crates the engine must never depend on: UI and browser bindings, and IO runtimes.
const BANNED_CRATES: &[&str] = &[
    "yew",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "gloo",
    "tokio",
    "reqwest",
];

/// The banned dependencies a manifest declares, in any dependency table (also per target), by
/// key or by `package = "…"`, in every spelling (`yew = "…"`, `yew.workspace = true`,
/// `[dependencies.yew]`).
fn banned_dependencies(manifest: &str) -> Vec<String> {
    let doc: toml::Table = manifest.parse().expect("Cargo.toml parses");
    let mut tables: Vec<&toml::Table> = Vec::new();
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    for kind in kinds {
        if let Some(t) = doc.get(kind).and_then(toml::Value::as_table) {
            tables.push(t);
        }
    }
    if let Some(targets) = doc.get("target").and_then(toml::Value::as_table) {
        for target in targets.values().filter_map(toml::Value::as_table) {
            for kind in kinds {
                if let Some(t) = target.get(kind).and_then(toml::Value::as_table) {
                    tables.push(t);
                }
            }
        }
    }
    let mut found = Vec::new();
    for table in tables {
        for (key, spec) in table {
            let package = spec
                .get("package")
                .and_then(toml::Value::as_str)
                .unwrap_or(key);
            let banned = BANNED_CRATES
                .iter()
                .any(|b| package == *b || package.starts_with(&format!("{b}-")));
            if banned {
                found.push(package.to_owned());
            }
        }
    }
    found
}

#[test]
fn the_manifest_depends_on_no_ui_or_io_crate() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).expect("manifest");
    assert_eq!(banned_dependencies(&manifest), Vec::<String>::new());
}

#[test]
fn banned_dependencies_are_found_in_every_spelling() {
    let manifest = r#"
        [dependencies]
        yew.workspace = true
        serde = "1"
        ui = { package = "web-sys", version = "0.3" }
        [dependencies.gloo-timers]
        version = "0.3"
        [target.'cfg(target_arch = "wasm32")'.dev-dependencies]
        wasm-bindgen = "0.2"
    "#;
    let mut found = banned_dependencies(manifest);
    found.sort();
    assert_eq!(found, ["gloo-timers", "wasm-bindgen", "web-sys", "yew"]);
}

#[test]
fn every_file_has_a_header_and_names_no_ui_crate() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    rust_files(&root().join("fuzz"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).expect("utf-8");
        assert!(
            text.starts_with("//!"),
            "{} must start with a `//!` header",
            f.display()
        );
        for word in ["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen"] {
            assert!(
                !text.contains(&format!("{word}::")),
                "{} names `{word}`",
                f.display()
            );
        }
    }
}

#[test]
fn the_library_does_no_io_and_knows_no_story() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let library = files.iter().filter(|f| !f.starts_with(src.join("bin")));
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

/// The layers, lowest first; a layer may name itself and the ones before it.
const LAYERS: &[&str] = &["runtime", "front", "tools"];

/// The top-level modules a file's `crate::` and `super::` paths reach that its layer may not
/// name. `module` is the file's module path (`["runtime", "expr"]` for
/// `runtime/expr/mod.rs`). Paths through the crate root's re-exports (`crate::Story`) count
/// as violations too: they hide which layer they reach.
fn layer_violations(module: &[&str], text: &str) -> Vec<String> {
    let Some(layer) = module.first() else {
        return Vec::new();
    };
    let Some(rank) = LAYERS.iter().position(|l| l == layer) else {
        return Vec::new();
    };
    let allowed = &LAYERS[..=rank];
    let mut found = Vec::new();
    for top in top_level_paths(module, text) {
        if !allowed.contains(&top.as_str()) {
            found.push(top);
        }
    }
    found
}

/// The first segment below the crate root of every `crate::…` path, and of every `super::…`
/// path that climbs to the crate root (inline test modules are counted as if they were the
/// file's module, which only ever overestimates a climb).
fn top_level_paths(module: &[&str], text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let word_start = i == 0 || !is_ident(bytes[i - 1]);
        let rest = &text[i..];
        if word_start && rest.starts_with("crate::") {
            out.extend(segments(&rest["crate::".len()..]));
            i += "crate::".len();
        } else if word_start && rest.starts_with("super::") {
            let mut depth = 0;
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                depth += 1;
                tail = t;
            }
            if depth >= module.len() {
                out.extend(segments(tail));
            }
            i += rest.len() - tail.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// The first segment of a path's tail: `runtime::x` → `runtime`; `{a::b, c}` → `a`, `c`.
fn segments(tail: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .bytes()
            .take_while(|&b| is_ident(b))
            .map(char::from)
            .collect()
    };
    let Some(group) = tail.strip_prefix('{') else {
        return vec![ident(tail)];
    };
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item_start = 0;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(ident(&group[item_start..at]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(ident(&group[item_start..at]));
                item_start = at + 1;
            }
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[test]
fn layers_import_only_downwards() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let mut module: Vec<&str> = rel
            .iter()
            .map(|s| s.to_str().expect("utf-8 path"))
            .collect();
        let last = module.pop().expect("a file name");
        if last != "mod.rs" {
            module.push(last.trim_end_matches(".rs"));
        }
        let text = std::fs::read_to_string(f).expect("utf-8");
        for top in layer_violations(&module, &text) {
            problems.push(format!("{} reaches `crate::{top}`", rel.display()));
        }
    }
    assert_eq!(problems, Vec::<String>::new());
    for layer in LAYERS {
        assert!(src.join(layer).is_dir(), "the {layer} layer is a folder");
    }
}

#[test]
fn layer_violations_are_found() {
    let runtime = ["runtime", "view"];
    let text = "use crate::runtime::model::Story;\nuse crate::{front::load, runtime::x};\n\
                use crate::Story; // through a re-export\nfn f() { super::super::tools::x(); }";
    assert_eq!(
        layer_violations(&runtime, text),
        ["front", "Story", "tools"]
    );
    let tools = ["tools", "graph"];
    assert_eq!(
        layer_violations(&tools, "use crate::{front::x, runtime::{a, b}, tools::y};"),
        Vec::<String>::new()
    );
    let front = ["front", "expr", "check"];
    assert_eq!(
        layer_violations(
            &front,
            "use super::super::parse; use crate::tools::quicktest;"
        ),
        ["tools"]
    );
}
