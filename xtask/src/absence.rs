//! The player's page carries only what plays: after `trunk build --release`, the player's wasm
//! (the one `dist/index.html` loads) must contain no story JSON, no code of the engine's front
//! end (loader, validator, lint, diagnostics) and no serde_json (saves use the runtime's own
//! `json` module; serde_json reads story files, in the front end). Checked by looking for text
//! that only those have; ARCHITECTURE.md states the invariant.

use std::path::{Path, PathBuf};

/// Text found only in the front end's code or in story JSON, with what its presence means.
/// Each was checked to be present in a page that links the loader, and absent from one that
/// decodes the compiled story.
pub const FRONT_ONLY: &[(&str, &str)] = &[
    ("an ending passage has no choices", "the loader's messages"),
    ("renames map to full ids", "the loader's messages"),
    ("a once-only choice needs an", "the loader's messages"),
    ("an opposed stat needs", "the loader's declarations"),
    ("never shown, so it", "the loader's messages"),
    (
        "is not supported: this engine reads format",
        "the manifest check",
    ),
    (
        "max_visits",
        "the story files' field names (raw serde types)",
    ),
    ("on_enter", "the story files' field names (raw serde types)"),
    ("\"goto\":", "story JSON text"),
    ("\"passages\":", "story JSON text"),
    // serde_json's error texts (its `ErrorCode` display, linked by any use of its errors) that
    // the runtime's own JSON module does not share.
    ("float key must be finite", "serde_json"),
    ("expected key to be a number in quotes", "serde_json"),
];

/// The entries of [`FRONT_ONLY`] that occur in `wasm`.
pub fn leftovers(wasm: &[u8]) -> Vec<(&'static str, &'static str)> {
    FRONT_ONLY
        .iter()
        .filter(|(text, _)| wasm.windows(text.len()).any(|w| w == text.as_bytes()))
        .copied()
        .collect()
}

/// The wasm file `index.html` in `dist` loads (`<name>_bg.wasm`).
pub fn player_wasm(dist: &Path) -> Result<PathBuf, String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let end = html
        .find("_bg.wasm")
        .ok_or_else(|| format!("{} names no `_bg.wasm` file", index.display()))?;
    let start = html[..end]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map_or(0, |i| i + 1);
    Ok(dist.join(format!("{}_bg.wasm", &html[start..end])))
}

/// Fails, naming every leftover, when the player's wasm in `dist` carries front-end code or
/// story JSON.
pub fn check(dist: &Path) -> Result<(), String> {
    let wasm_path = player_wasm(dist)?;
    let wasm = std::fs::read(&wasm_path)
        .map_err(|e| format!("cannot read {}: {e}", wasm_path.display()))?;
    let found = leftovers(&wasm);
    if found.is_empty() {
        println!(
            "{}: no loader, validator, diagnostics, serde_json or story JSON",
            wasm_path.display()
        );
        return Ok(());
    }
    let lines: Vec<String> = found
        .iter()
        .map(|(text, what)| format!("  {text:?} ({what})"))
        .collect();
    Err(format!(
        "the player's page {} carries what only authors need:\n{}",
        wasm_path.display(),
        lines.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loader_message_or_story_json_is_found() {
        let mut wasm = b"\0asm\x01\0\0\0 runtime text: unknown passage ".to_vec();
        assert_eq!(leftovers(&wasm), []);
        wasm.extend_from_slice(b"x an ending passage has no choices y {\"goto\": \"a\"}");
        wasm.extend_from_slice(b"float key must be finite (got NaN or +/-inf)");
        let found: Vec<&str> = leftovers(&wasm).iter().map(|(t, _)| *t).collect();
        assert_eq!(
            found,
            [
                "an ending passage has no choices",
                "\"goto\":",
                "float key must be finite"
            ]
        );
    }

    #[test]
    fn the_player_wasm_is_the_one_index_html_loads() {
        let dist = std::env::temp_dir().join(format!("xtask-absence-{}", std::process::id()));
        std::fs::create_dir_all(&dist).expect("temp dir");
        std::fs::write(
            dist.join("index.html"),
            r#"<link rel="preload" href="/mss-4ae6_bg.wasm" as="fetch">"#,
        )
        .expect("write");
        assert_eq!(player_wasm(&dist), Ok(dist.join("mss-4ae6_bg.wasm")));
        std::fs::write(dist.join("mss-4ae6_bg.wasm"), b"\"passages\": {").expect("write");
        let error = check(&dist).expect_err("story JSON is found");
        assert!(error.contains("story JSON text"), "{error}");
        std::fs::write(dist.join("mss-4ae6_bg.wasm"), b"\0asm").expect("write");
        assert_eq!(check(&dist), Ok(()));
        let _ = std::fs::remove_dir_all(&dist);
    }
}
