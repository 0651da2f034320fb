//! The compiled story (`encode` at build time, `decode` in the page): every fixture and the
//! shipped story play the same after a round trip, and a wrong header or a damaged body is a
//! typed error.

use crate::support::{fixtures, load_dir, story};
use story_engine::{decode, encode, random_walk, transcript, DecodeError, Story, COMPILED_FORMAT};

fn round_trip(story: &Story) -> Story {
    decode(&encode(story).expect("encodes")).expect("decodes")
}

/// Random walks with several seeds give the same passages, views and end states.
fn plays_the_same(original: &Story, decoded: &Story, name: &str) {
    for seed in 0..20 {
        let a = random_walk(original, seed, 200);
        let b = random_walk(decoded, seed, 200);
        assert_eq!(a.passages, b.passages, "{name}, seed {seed}");
        assert_eq!(a.state, b.state, "{name}, seed {seed}");
        let choices = vec![0; a.passages.len().saturating_sub(1)];
        assert_eq!(
            transcript(original, seed, &choices),
            transcript(decoded, seed, &choices),
            "{name}, seed {seed}"
        );
    }
    assert_eq!(original.variables(), decoded.variables());
    assert_eq!(original.chapters(), decoded.chapters());
    let ids = |s: &Story| s.passage_ids().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(ids(original), ids(decoded));
    for (x, y) in original.endings().iter().zip(decoded.endings()) {
        assert_eq!(
            story_engine::epilogue(original, x),
            story_engine::epilogue(decoded, y)
        );
    }
}

#[test]
fn every_fixture_plays_the_same_after_a_round_trip() {
    for name in [
        "basic",
        "choices",
        "loops",
        "saves",
        "storylets",
        "tunnels",
        "variables",
        "varying",
    ] {
        let original = story(name);
        plays_the_same(&original, &round_trip(&original), name);
    }
}

#[test]
fn the_shipped_story_plays_the_same_after_a_round_trip() {
    let loaded = load_dir(&fixtures().join("../../story"));
    let original = loaded.story.expect("the shipped story loads");
    plays_the_same(&original, &round_trip(&original), "shipped");
}

#[test]
fn a_wrong_header_or_a_damaged_body_is_a_typed_error() {
    let bytes = encode(&story("basic")).expect("encodes");
    assert!(matches!(
        decode(b"{\"format\": 1}"),
        Err(DecodeError::NotCompiled)
    ));
    assert!(matches!(decode(&bytes[..4]), Err(DecodeError::NotCompiled)));
    let mut newer = bytes.clone();
    newer[6..10].copy_from_slice(&(COMPILED_FORMAT + 1).to_le_bytes());
    assert_eq!(
        decode(&newer).map(|_| ()),
        Err(DecodeError::Format {
            found: COMPILED_FORMAT + 1,
            expected: COMPILED_FORMAT
        })
    );
    assert_eq!(
        DecodeError::Format {
            found: 2,
            expected: 1
        }
        .to_string(),
        "the story was compiled with format 2; this engine reads format 1"
    );
    let cut = &bytes[..bytes.len() - 3];
    assert!(matches!(decode(cut), Err(DecodeError::Corrupt(_))));
}
