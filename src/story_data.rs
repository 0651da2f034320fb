//! The story as compiled at build time (`build.rs` loads, validates and encodes `story/`), split
//! by act: the core, embedded here, holds the whole structure and the first act's prose; the
//! rest of the prose is a file beside the page ([`REST_FILE`]), fetched after the first paint
//! (`prose`) and attached to the story. The page carries no story JSON and no loader: a story
//! with errors never builds, so the only failures left are a damaged or mismatched chunk.

use story_engine::{DecodeError, Story};

/// The compiled core: header (magic, format version) and postcard body.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/story.bin"));

/// The file name of the rest chunk, relative to the page (`story-<hash>.bin`); empty when the
/// core is the whole story (no acts, or the author page).
pub const REST_FILE: &str = env!("STORY_REST");

/// Decodes the embedded core; the prose of later acts is pending until its rest is attached.
pub fn story() -> Result<Story, DecodeError> {
    story_engine::decode(COMPILED)
}

/// The rest chunk as built (`$OUT_DIR/story-rest.bin`), for native tests; the page fetches it.
#[cfg(test)]
static REST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/story-rest.bin"));

/// The whole story, core and rest attached, for native tests that play past the first act.
#[cfg(test)]
pub(crate) fn whole() -> Story {
    let story = story().expect("the compiled story decodes");
    if !REST.is_empty() {
        story.attach(REST).expect("the rest of this build attaches");
    }
    story
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_story_decodes_and_plays() {
        let story = story().expect("the compiled story decodes");
        let state = story_engine::start(&story, 1).expect("starts");
        let view = story_engine::view(&story, &state).expect("shows");
        assert!(!view.choices.is_empty() || view.ending.is_some());
    }

    #[test]
    fn the_rest_is_named_by_its_content_and_attaches() {
        let story = story().expect("the compiled story decodes");
        assert_eq!(REST.is_empty(), REST_FILE.is_empty());
        if !REST.is_empty() {
            let name = format!("story-{:016x}.bin", story_engine::fingerprint(REST));
            assert_eq!(REST_FILE, name);
            assert!(story.is_pending());
            story.attach(REST).expect("the rest of this build attaches");
        }
        assert!(!story.is_pending());
    }

    #[test]
    fn a_damaged_story_is_a_typed_error() {
        let cut = &COMPILED[..COMPILED.len() / 2];
        assert!(matches!(
            story_engine::decode(cut),
            Err(DecodeError::Corrupt(_))
        ));
    }
}
