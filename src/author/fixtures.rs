//! Tiny stories for the author module's unit tests: one chapter `a` whose passages lead each to
//! the next, the last one an ending. Test-only.

use story_engine::{SourceFile, Story};

/// The manifest and chapter of a story `id` with passages `keys` and variables `vars` (the
/// inside of the manifest's `variables` object).
pub fn files(id: &str, keys: &[&str], vars: &str) -> (SourceFile, SourceFile) {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: format!(
            r#"{{"format": 1, "id": "{id}", "title": "Story {id}", "version": "1",
                "start": "a.{}", "chapters": ["a.json"], "endings": {{"done": {{"title": "Done"}}}},
                "variables": {{{vars}}}}}"#,
            keys[0]
        ),
    };
    let passages: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| match keys.get(i + 1) {
            Some(next) => format!(
                r#""{key}": {{"text": "At {key}.", "choices": [{{"text": "On", "goto": "{next}"}}]}}"#
            ),
            None => format!(r#""{key}": {{"text": "At {key}.", "ending": "done"}}"#),
        })
        .collect();
    let chapter = SourceFile {
        path: "a.json".into(),
        text: format!(
            r#"{{"id": "a", "title": "A", "passages": {{{}}}}}"#,
            passages.join(",")
        ),
    };
    (manifest, chapter)
}

/// The loaded story of [`files`].
pub fn story(id: &str, keys: &[&str], vars: &str) -> Story {
    let (manifest, chapter) = files(id, keys, vars);
    let loaded = story_engine::load(&manifest, &[chapter]);
    loaded
        .story
        .unwrap_or_else(|| panic!("fixture loads: {:?}", loaded.diagnostics))
}
