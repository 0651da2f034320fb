//! Property tests: no input to the public parsers (story files, saves) panics, and saves made
//! during random play always restore to the same state.

use crate::support::{fixtures, story};
use proptest::prelude::*;
use story_engine::{choose, load, restore, save, start, view, SourceFile};

fn file(path: &str, text: String) -> SourceFile {
    SourceFile {
        path: path.into(),
        text,
    }
}

proptest! {
    #[test]
    fn restore_never_panics(json in ".{0,300}") {
        let s = story("saves");
        let _ = restore(&s, &json);
    }

    #[test]
    fn restore_never_panics_on_save_shaped_input(
        passage in "[a-z.]{0,12}",
        stress in any::<i64>(),
        turn in any::<u32>(),
        stack in proptest::collection::vec("[a-z.]{0,8}", 0..3),
        taken in proptest::collection::vec(".{0,10}", 0..3),
    ) {
        let s = story("saves");
        let json = serde_json::json!({
            "format": 1, "story": "saves", "version": "x",
            "state": { "passage": passage, "stack": stack, "vars": { "stress": stress },
                       "taken": taken, "turn": turn, "visits": { "s.hall": turn } }
        });
        if let Ok(state) = restore(&s, &json.to_string()) {
            // Whatever restores is playable or fails cleanly.
            let _ = view(&s, &state);
            let _ = choose(&s, &state, 0);
        }
    }

    #[test]
    fn save_restore_round_trips_during_random_play(seed in any::<u64>(), picks in proptest::collection::vec(0usize..6, 0..20)) {
        let s = story("storylets");
        let mut state = start(&s, seed).unwrap();
        for pick in picks {
            let back = restore(&s, &save(&s, &state)).unwrap();
            prop_assert_eq!(&back, &state);
            prop_assert_eq!(save(&s, &back), save(&s, &state));
            if let Ok(next) = choose(&s, &state, pick) {
                state = next;
            }
        }
    }

    #[test]
    fn load_never_panics_on_arbitrary_chapters(text in ".{0,400}") {
        let manifest = std::fs::read_to_string(fixtures().join("variables/story.json")).unwrap();
        let _ = load(&file("story.json", manifest), &[file("v.json", text)]);
    }

    #[test]
    fn load_never_panics_on_mutated_fixtures(at in any::<prop::sample::Index>(), len in 0usize..8, insert in "[\"{}\\[\\]:,*|\\\\a-z0-9 ]{0,6}") {
        let dir = fixtures().join("variables");
        let manifest = std::fs::read_to_string(dir.join("story.json")).unwrap();
        let chapter = std::fs::read_to_string(dir.join("v.json")).unwrap();
        let mut chars: Vec<char> = chapter.chars().collect();
        let i = at.index(chars.len());
        let end = (i + len).min(chars.len());
        chars.splice(i..end, insert.chars());
        let mutated: String = chars.into_iter().collect();
        let loaded = load(&file("story.json", manifest), &[file("v.json", mutated)]);
        // Positions always point inside the file.
        for d in &loaded.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1, "{}", d);
        }
        if let Some(s) = loaded.story {
            let _ = story_engine::random_walk(&s, 1, 30);
        }
    }
}
