//! Embeds the story into the app: reads `story/story.json`, asks the engine which chapter files
//! it lists, and writes `$OUT_DIR/story_files.rs` with an `include_str!` for each. Cargo reruns
//! this when anything in `story/` changes, so `trunk serve` picks up story edits.

use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let story = Path::new(&root).join("story");
    println!("cargo:rerun-if-changed={}", story.display());
    let manifest = story.join("story.json");
    println!("cargo:rerun-if-changed={}", manifest.display());
    // A missing or broken manifest is not a build error: the engine reports it in the page,
    // with file, line and column, like every other story problem.
    let manifest_text = fs::read_to_string(&manifest).unwrap_or_default();

    let mut out = String::new();
    let manifest_source = if manifest.is_file() {
        embed(&manifest)
    } else {
        "\"\"".to_owned()
    };
    out.push_str(&format!(
        "/// The story manifest, as written in `story/story.json`.\n\
         pub const MANIFEST: (&str, &str) = (\"story.json\", {manifest_source});\n"
    ));
    out.push_str("/// The chapter files the manifest lists, by path relative to `story/`.\n");
    out.push_str("pub const CHAPTERS: &[(&str, &str)] = &[\n");
    for path in story_engine::chapter_paths(&manifest_text) {
        let file = story.join(&path);
        println!("cargo:rerun-if-changed={}", file.display());
        // A listed file that does not exist is left out: the engine reports it as missing.
        if file.is_file() {
            out.push_str(&format!("    ({path:?}, {}),\n", embed(&file)));
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("story_files.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

/// The Rust expression that embeds `file` in the binary.
fn embed(file: &Path) -> String {
    format!("include_str!({:?})", file.display().to_string())
}
