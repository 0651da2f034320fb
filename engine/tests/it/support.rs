//! Test helpers: load fixture stories from `tests/fixtures/<name>/`, and play them with
//! scripted choices into a plain-text transcript — directly and through save/restore.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use story_engine::{load_bytes, restore, save, Loaded, SourceBytes, Story};

/// The repository's `tests/fixtures` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// Reads a story directory as bytes, as the CLI does: its manifest and every chapter file it
/// lists that exists (a missing one is E015, a file that is not UTF-8 E002).
pub fn load_dir(dir: &Path) -> Loaded {
    let (manifest, chapters) = read_dir(dir);
    load_bytes(&manifest, &chapters)
}

/// A story directory's files as bytes, as the CLI reads them (a missing chapter is left out).
pub fn read_dir(dir: &Path) -> (SourceBytes, Vec<SourceBytes>) {
    story_engine::read_source_bytes(|path| match std::fs::read(dir.join(path)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path != "story.json" => Ok(None),
        Err(e) => Err(e),
    })
    .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
}

/// Loads a fixture that must have no errors (warnings are fine).
pub fn story(name: &str) -> Story {
    let loaded = load_dir(&fixtures().join(name));
    match loaded.story {
        Some(s) => s,
        None => {
            let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
            panic!("fixture `{name}` does not load:\n{}", all.join("\n"))
        }
    }
}

/// Diagnostics of a fixture, one per line.
pub fn diagnostics(name: &str) -> String {
    let loaded = load_dir(&fixtures().join(name));
    let mut out = String::new();
    for d in &loaded.diagnostics {
        writeln!(out, "{d}").unwrap();
    }
    out
}

/// Plays `choices` from a start with `seed`, rendering every view (the library's transcript
/// renderer). With `via_save`, each state goes through `save` → `restore` before it is viewed
/// or chosen from.
pub fn transcript_with(story: &Story, seed: u64, choices: &[usize], via_save: bool) -> String {
    story_engine::transcript_with(story, seed, choices, &mut |state| {
        if !via_save {
            return state;
        }
        let json = save(story, &state);
        let back = restore(story, &json).expect("restores its own save");
        assert_eq!(back, state, "save round trip changed the state");
        back
    })
}

/// The transcript, checked to be identical when every step goes through a save.
pub fn transcript(story: &Story, seed: u64, choices: &[usize]) -> String {
    let direct = transcript_with(story, seed, choices, false);
    let saved = transcript_with(story, seed, choices, true);
    assert_eq!(
        direct, saved,
        "transcript differs when played through saves"
    );
    direct
}

/// The shipped story in `story/`, which must load: it is part of the product, so a missing or
/// broken story fails the test that asked for it instead of letting it pass unchecked.
pub fn shipped() -> Story {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story");
    let loaded = load_dir(&dir);
    match loaded.story {
        Some(s) => s,
        None => {
            let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
            panic!(
                "the story in story/ does not load (fix the story files, not the engine):\n{}",
                all.join("\n")
            )
        }
    }
}
