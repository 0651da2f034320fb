//! The fuzz targets, shared by `cargo fuzz` (`fuzz_targets/*.rs`, nightly) and the stable
//! driver in `tests/it/fuzz.rs` (a seeded mutator that runs in `cargo test`). Each takes raw
//! bytes and must return without panicking, overflowing the stack or hanging; the engine's own
//! limits (the step budget, the depth limit, the loader's nesting limits) are what keep them
//! finite. Not a test of results: the hostile-input tests pin those.

use std::sync::OnceLock;
use story_engine::{
    chapter_paths, choose, fuzz_expression, fuzz_markup, load, load_bytes, restore, save, start,
    view, SourceBytes, SourceFile, State, Story,
};

/// A fuzz target: any bytes in, no panic out.
pub type Target = fn(&[u8]);

/// The targets by name: the corpus folders under `fuzz/corpus/` and `fuzz/regressions/` use
/// these names, and so do the `cargo fuzz` targets.
pub const TARGETS: [(&str, Target); 5] = [
    ("story", story),
    ("expression", expression),
    ("markup", markup),
    ("restore", restore_save),
    ("play", play),
];

/// Files separated by NUL bytes: the manifest, then the chapters in the manifest's order.
pub fn story_files(data: &[u8]) -> (SourceBytes, Vec<SourceBytes>) {
    let mut parts = data.split(|&b| b == 0);
    let manifest = SourceBytes {
        path: "story.json".to_owned(),
        bytes: parts.next().unwrap_or_default().to_vec(),
    };
    let paths = chapter_paths(&String::from_utf8_lossy(&manifest.bytes));
    let chapters = paths
        .into_iter()
        .zip(parts)
        .map(|(path, bytes)| SourceBytes {
            path,
            bytes: bytes.to_vec(),
        })
        .collect();
    (manifest, chapters)
}

/// The story loader on a manifest and chapters as bytes; a story that loads is played a little.
pub fn story(data: &[u8]) {
    let (manifest, chapters) = story_files(data);
    let loaded = load_bytes(&manifest, &chapters);
    if let Some(story) = loaded.story {
        let picks: Vec<u8> = data.iter().rev().take(16).copied().collect();
        walk(&story, data.len() as u64, &picks);
    }
}

/// Loads then plays: the first byte is how many of the following bytes are choices (each
/// taken modulo the choices on screen); the rest is a story as in [`story`].
pub fn play(data: &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let (picks, files) = rest.split_at(usize::from(n).min(rest.len()));
    let (manifest, chapters) = story_files(files);
    if let Some(story) = load_bytes(&manifest, &chapters).story {
        walk(&story, u64::from(n), picks);
    }
}

/// Plays `picks` from a start with `seed` (see [`walk_from`]).
fn walk(story: &Story, seed: u64, picks: &[u8]) {
    if let Ok(state) = start(story, seed) {
        walk_from(story, state, picks);
    }
}

/// Plays `picks` (each modulo the choices on screen) through a save and restore at every step,
/// until an ending, an error or the picks run out.
fn walk_from(story: &Story, mut state: State, picks: &[u8]) {
    for &pick in picks {
        let Ok(v) = view(story, &state) else { return };
        if v.ending.is_some() || v.choices.is_empty() {
            return;
        }
        let Ok(next) = choose(story, &state, usize::from(pick) % v.choices.len()) else {
            return;
        };
        // A state play made always restores, and to itself.
        let back = restore(story, &save(story, &next));
        assert_eq!(
            back.as_ref(),
            Ok(&next),
            "a save of a played state did not round-trip"
        );
        state = next;
    }
}

/// A small story with one variable of each kind, around `passages` (a JSON object).
fn harness(passages: &str) -> Option<Story> {
    let manifest = SourceFile {
        path: "story.json".to_owned(),
        text: r#"{"format": 1, "id": "fuzz", "title": "Fuzz", "version": "1", "start": "c.start",
            "chapters": ["c.json"],
            "variables": {"stress": {"kind": "stat", "label": "Stress", "start": 20},
                          "tickets": {"kind": "counter", "label": "Tickets"},
                          "met": {"kind": "flag"}, "team": {"kind": "string", "start": "ops"}},
            "endings": {"done": {"title": "Done", "epilogue": "Bye."}}}"#
            .to_owned(),
    };
    let chapter = SourceFile {
        path: "c.json".to_owned(),
        text: format!(r#"{{"id": "c", "title": "C", "passages": {passages}}}"#),
    };
    load(&manifest, &[chapter]).story
}

/// The story of the `expression` and `markup` targets, with its start state: a passage that
/// has been seen and a variable of each kind away from its start.
fn front_story() -> &'static (Story, State) {
    static STORY: OnceLock<(Story, State)> = OnceLock::new();
    STORY.get_or_init(|| {
        let story = harness(
            r#"{"start": {"text": "x", "choices": [
                  {"text": "Go.", "goto": "start", "effects": ["stress += 15", "tickets += 3", "met = true", "team = \"dev\""]},
                  {"text": "End.", "goto": "end"}]},
                "end": {"text": "End.", "ending": "done"}}"#,
        )
        .expect("the front targets' story loads");
        let state = start(&story, 7)
            .and_then(|s| choose(&story, &s, 0))
            .expect("the front targets' story plays");
        (story, state)
    })
}

/// The expression parser, type checker, range lint and evaluator: the input as a choice's
/// condition, an expression of any type, or an effect (the first byte picks which), compiled
/// and run by `fuzz_expression` against a story loaded once.
pub fn expression(data: &[u8]) {
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    let (story, state) = front_story();
    if let Err(broken) = fuzz_expression(story, state, how, &String::from_utf8_lossy(rest)) {
        panic!("{broken}");
    }
}

/// The markup parser, checker and renderer: the input as a passage's text, compiled and
/// rendered as on three visits (so sequences and cycles advance) by `fuzz_markup`.
pub fn markup(data: &[u8]) {
    let (story, state) = front_story();
    if let Err(broken) = fuzz_markup(story, state, &String::from_utf8_lossy(data)) {
        panic!("{broken}");
    }
}

/// `restore` on the input as a save of a story with tunnels, a once-only choice and every
/// variable kind; a state that restores is played.
pub fn restore_save(data: &[u8]) {
    static STORY: OnceLock<Option<Story>> = OnceLock::new();
    let Some(story) = STORY.get_or_init(|| harness(
        r#"{"start": {"text": "{stress} {tickets} {met} {team}", "choices": [
              {"text": "Call.", "call": "inner"}, {"id": "once", "text": "Once.", "once": true, "goto": "start"},
              {"text": "End.", "goto": "end", "effects": ["tickets += 1", "met = true"]}]},
            "inner": {"text": "In.", "choices": [{"text": "Back.", "return": true}, {"text": "Deeper.", "call": "inner"}]},
            "end": {"text": "End.", "ending": "done"}}"#,
    )) else {
        panic!("the restore target's story does not load");
    };
    let Ok(state) = restore(story, &String::from_utf8_lossy(data)) else {
        return;
    };
    let picks: Vec<u8> = data.iter().take(8).copied().collect();
    walk_from(story, state, &picks);
}
