//! The story as compiled at build time (`build.rs` loads, validates and encodes `story/`), and
//! the one call that decodes it. The page carries no story JSON and no loader: a story with
//! errors never builds, so the only failure left here is a damaged or mismatched compiled form.

use story_engine::{DecodeError, Story};

/// The compiled story: header (magic, format version) and postcard body.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/story.bin"));

/// Decodes the embedded story.
pub fn story() -> Result<Story, DecodeError> {
    story_engine::decode(COMPILED)
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
    fn a_damaged_story_is_a_typed_error() {
        let cut = &COMPILED[..COMPILED.len() / 2];
        assert!(matches!(
            story_engine::decode(cut),
            Err(DecodeError::Corrupt(_))
        ));
    }
}
