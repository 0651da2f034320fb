//! The compiled story (`encode` at build time, `decode` in the page): every fixture and the
//! shipped story play the same after a round trip, whole or split by act and attached; a wrong
//! header, a damaged body or a rest chunk from another build is a typed error.

use crate::support::{fixtures, load_dir, story};
use story_engine::{
    choose, decode, encode, encode_split, random_walk, start, transcript, view, DecodeError,
    PlayError, Story, COMPILED_FORMAT,
};

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
            found: 3,
            expected: 2
        }
        .to_string(),
        "the story was compiled with format 3; this engine reads format 2"
    );
    let cut = &bytes[..bytes.len() - 3];
    assert!(matches!(decode(cut), Err(DecodeError::Corrupt(_))));
}

fn split(story: &Story) -> (Vec<u8>, Vec<u8>) {
    let (core, rest) = encode_split(story).expect("encodes");
    (core, rest.expect("a story with acts has a rest"))
}

fn shipped() -> Story {
    let loaded = load_dir(&fixtures().join("../../story"));
    loaded.story.expect("the shipped story loads")
}

#[test]
fn split_and_attached_plays_the_same_as_whole() {
    for (name, original) in [("acts", story("acts")), ("shipped", shipped())] {
        let (core, rest) = split(&original);
        let decoded = decode(&core).expect("the core decodes");
        assert!(decoded.is_pending(), "{name}");
        decoded.attach(&rest).expect("its rest attaches");
        assert!(!decoded.is_pending(), "{name}");
        plays_the_same(&original, &decoded, name);
        // Attaching again changes nothing.
        decoded.attach(&rest).expect("attaching twice is fine");
        plays_the_same(&original, &decoded, name);
    }
}

#[test]
fn before_the_rest_arrives_play_goes_on_and_later_passages_are_pending() {
    for (name, original) in [("acts", story("acts")), ("shipped", shipped())] {
        let (core, _) = split(&original);
        let first_act = &original.acts()[0].chapters;
        let core = decode(&core).expect("the core decodes");
        let mut pending = 0;
        for seed in 0..20 {
            // The same choices give the same states with or without the prose; the view is
            // the whole one in the first act and `Pending` after it, never an empty page.
            let (mut a, mut b) = (start(&original, seed).unwrap(), start(&core, seed).unwrap());
            for _ in 0..200 {
                assert_eq!(a, b, "{name}, seed {seed}");
                let whole = view(&original, &a).expect("the whole story shows");
                match view(&core, &b) {
                    Ok(shown) => {
                        assert!(
                            first_act.contains(&whole.chapter) || whole.passage == original.start()
                        );
                        assert_eq!(shown, whole, "{name}, seed {seed}");
                    }
                    Err(PlayError::Pending(passage)) => {
                        assert!(!first_act.contains(&whole.chapter), "{name}: {passage}");
                        assert!(!core.has_prose(&passage));
                        pending += 1;
                    }
                    Err(other) => panic!("{name}, seed {seed}: {other}"),
                }
                let Some(pick) = whole.choices.iter().position(|c| c.enabled) else {
                    break;
                };
                let pick = (pick + seed as usize) % whole.choices.len();
                if !whole.choices[pick].enabled {
                    continue;
                }
                a = choose(&original, &a, pick).unwrap();
                b = choose(&core, &b, pick).unwrap();
            }
        }
        assert!(pending > 0, "{name}: no run left the first act");
    }
}

#[test]
fn a_rest_from_another_story_or_format_or_damaged_is_refused() {
    let (core, rest) = split(&story("acts"));
    let (_, other) = split(&shipped());
    let decoded = decode(&core).expect("decodes");
    assert!(matches!(
        decoded.attach(&other),
        Err(DecodeError::Foreign { .. })
    ));
    // A rest of the same story built again with one change (a longer title) is foreign too.
    let whole = decode(&encode(&story("acts")).unwrap()).unwrap();
    assert!(!whole.is_pending(), "a whole story holds nothing back");
    assert!(matches!(
        whole.attach(&rest),
        Err(DecodeError::Foreign { .. })
    ));
    let mut newer = rest.clone();
    newer[6..10].copy_from_slice(&(COMPILED_FORMAT + 1).to_le_bytes());
    assert!(matches!(
        decoded.attach(&newer),
        Err(DecodeError::Format { .. })
    ));
    assert!(matches!(
        decoded.attach(&core),
        Err(DecodeError::NotCompiled)
    ));
    assert!(matches!(
        decoded.attach(&rest[..rest.len() - 1]),
        Err(DecodeError::Corrupt(_))
    ));
    assert!(matches!(
        decoded.attach(&rest[..20]),
        Err(DecodeError::Corrupt(_))
    ));
    for at in [26, rest.len() / 2, rest.len() - 1] {
        let mut damaged = rest.clone();
        damaged[at] ^= 0x20;
        assert!(
            matches!(decoded.attach(&damaged), Err(DecodeError::Corrupt(_))),
            "a flipped byte at {at}"
        );
    }
    assert!(decoded.is_pending(), "nothing refused was attached");
    decoded
        .attach(&rest)
        .expect("the right rest still attaches");
}

#[test]
fn a_story_without_acts_has_no_rest() {
    for name in ["basic", "storylets", "tunnels"] {
        let original = story(name);
        assert!(original.acts().is_empty());
        let (core, rest) = encode_split(&original).expect("encodes");
        assert!(rest.is_none(), "{name}");
        let decoded = decode(&core).expect("decodes");
        assert!(!decoded.is_pending(), "{name}");
        plays_the_same(&original, &decoded, name);
    }
}
