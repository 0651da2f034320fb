//! Replay links: a run played at random round-trips through its link to the same states, and
//! every damaged, foreign or inapplicable link is refused with its reason, never replayed.

use crate::support::shipped;
use proptest::prelude::*;
use story_engine::{
    choose, load, start, view, PlayError, Replay, ReplayError, SourceFile, State, Story,
    LINK_FORMAT,
};

/// A run of `story` picking enabled choices by `picks` (wrapping), until an ending, a dead end
/// or the picks run out; the replay and the state it ends in.
fn play(story: &Story, seed: u64, picks: &[u8]) -> (Replay, State) {
    let mut state = start(story, seed).expect("the story starts");
    let mut replay = Replay {
        seed,
        choices: Vec::new(),
    };
    for &pick in picks {
        let shown = view(story, &state).expect("a view");
        let enabled: Vec<usize> = (0..shown.choices.len())
            .filter(|&i| shown.choices[i].enabled)
            .collect();
        if shown.ending.is_some() || enabled.is_empty() {
            break;
        }
        let index = enabled[pick as usize % enabled.len()];
        state = choose(story, &state, index).expect("an enabled choice is taken");
        replay.choices.push(index);
    }
    (replay, state)
}

/// A small story: `variant` changes what the second choice does, with the same id and version.
fn tiny(variant: &str) -> Story {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: r#"{"format": 1, "id": "tiny", "title": "Tiny", "version": "1.0",
            "start": "a.hello", "chapters": ["a.json"],
            "variables": {"luck": {"kind": "counter", "start": 0}},
            "endings": {"done": {"title": "Done"}}}"#
            .into(),
    };
    let choices = match variant {
        "two" => {
            r#"[{"text": "Left", "goto": "bye"}, {"text": "Right", "goto": "bye", "effects": ["luck += 1"]}]"#
        }
        "edited" => {
            r#"[{"text": "Left", "goto": "bye"}, {"text": "Right", "goto": "bye", "effects": ["luck += 2"]}]"#
        }
        _ => r#"[{"text": "Left", "goto": "bye"}]"#,
    };
    let chapter = SourceFile {
        path: "a.json".into(),
        text: format!(
            r#"{{"id": "a", "title": "A", "passages": {{"hello": {{"text": "Hi.", "choices": {choices}}},
                "bye": {{"text": "Bye.", "ending": "done"}}}}}}"#
        ),
    };
    let loaded = load(&manifest, &[chapter]);
    loaded
        .story
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
}

#[test]
fn runs_of_the_shipped_story_round_trip_through_their_links() {
    let story = shipped();
    let mut endings = 0;
    for seed in 0..12u64 {
        let picks: Vec<u8> = (0..2_000u32)
            .map(|k| (k * 7 + seed as u32 * 13) as u8)
            .collect();
        let (replay, last) = play(&story, seed, &picks);
        let link = replay.link(&story, &last).expect("a played run has a link");
        let (back, states) = Replay::from_link(&story, &link).expect("its link replays");
        assert_eq!(back, replay);
        assert_eq!(states.len(), replay.choices.len() + 1);
        assert_eq!(states.last(), Some(&last));
        if view(&story, &last).expect("a view").ending.is_some() {
            endings += 1;
            // Compact: a whole career fits in a short link (about one character per choice).
            assert!(
                link.len() <= 40 + replay.choices.len(),
                "{} chars for {} choices",
                link.len(),
                replay.choices.len()
            );
        }
    }
    assert!(
        endings > 0,
        "no walk reached an ending, so nothing was checked"
    );
}

#[test]
fn damaged_and_foreign_links_are_refused_with_their_reason() {
    let two = tiny("two");
    let (replay, end) = play(&two, 5, &[1]);
    assert_eq!(replay.choices, vec![1]);
    let link = replay.link(&two, &end).expect("a link");
    let (one, edited) = (tiny("one"), tiny("edited"));
    let cases: Vec<(&Story, String, ReplayError)> = vec![
        (&two, String::new(), ReplayError::Truncated),
        (
            &two,
            format!("{link}="),
            ReplayError::NotBase64 { at: link.len() },
        ),
        (
            &two,
            link[..link.len() - 1].to_owned(),
            ReplayError::Truncated,
        ),
        (&two, format!("{link}AA"), ReplayError::Damaged),
        (&two, "x".repeat(20_000), ReplayError::TooLong),
        (
            &one,
            link.clone(),
            ReplayError::Choice {
                step: 0,
                error: PlayError::NoSuchChoice(1),
            },
        ),
        (&edited, link.clone(), ReplayError::Diverged),
    ];
    for (story, text, expected) in cases {
        assert_eq!(
            Replay::from_link(story, &text).map(|(r, _)| r),
            Err(expected),
            "{text:?}"
        );
    }
    assert_eq!(
        Replay::from_link(&two, &link).map(|(r, _)| r.choices),
        Ok(vec![1])
    );
}

#[test]
fn links_of_another_format_story_or_version_say_so() {
    let story = tiny("two");
    let (replay, end) = play(&story, 1, &[0]);
    let link = replay.link(&story, &end).expect("a link");
    let shipped = shipped();
    let error = Replay::from_link(&shipped, &link).expect_err("another story");
    assert_eq!(
        error.to_string(),
        "this link replays story `tiny`, not `mss`"
    );
    // The version is the third field: rewrite it by re-encoding the header by hand.
    let header = |format: u8, version: &str| {
        let mut bytes = vec![format, 4];
        bytes.extend_from_slice(b"tiny");
        bytes.push(version.len() as u8);
        bytes.extend_from_slice(version.as_bytes());
        bytes.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0]);
        encode(&bytes)
    };
    assert_eq!(
        Replay::from_link(&story, &header(LINK_FORMAT, "0.9")).map(|(r, _)| r),
        Err(ReplayError::WrongVersion {
            expected: "1.0".into(),
            found: "0.9".into()
        })
    );
    assert_eq!(
        Replay::from_link(&story, &header(LINK_FORMAT, "0.9"))
            .expect_err("old version")
            .to_string(),
        "this link was made with version 0.9 of the story; this page plays version 1.0"
    );
    assert_eq!(
        Replay::from_link(&story, &header(LINK_FORMAT + 1, "1.0")).map(|(r, _)| r),
        Err(ReplayError::Format(LINK_FORMAT + 1))
    );
}

#[test]
fn a_run_that_does_not_replay_has_no_link() {
    let story = tiny("two");
    let end = start(&story, 1).expect("starts");
    let bent = Replay {
        seed: 1,
        choices: vec![5],
    };
    assert_eq!(
        bent.link(&story, &end),
        Err(ReplayError::Choice {
            step: 0,
            error: PlayError::NoSuchChoice(5)
        })
    );
    let huge = Replay {
        seed: 1,
        choices: vec![300],
    };
    assert_eq!(
        huge.link(&story, &end),
        Err(ReplayError::ChoiceTooLarge(300))
    );
    // A run whose choices replay, but not to where the player is (author tools bent it).
    let (replay, _) = play(&story, 1, &[1]);
    assert_eq!(replay.link(&story, &end), Err(ReplayError::Diverged));
}

/// base64url without padding, written independently of the engine's encoder.
fn encode(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = String::new();
    for b in bytes {
        bits.push_str(&format!("{b:08b}"));
    }
    while !bits.len().is_multiple_of(6) {
        bits.push('0');
    }
    bits.as_bytes()
        .chunks(6)
        .map(|c| {
            let n = u8::from_str_radix(std::str::from_utf8(c).unwrap_or("0"), 2).unwrap_or(0);
            char::from(A[n as usize])
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_walk_round_trips(seed in any::<u64>(), picks in proptest::collection::vec(any::<u8>(), 0..120)) {
        let story = shipped_once();
        let (replay, last) = play(story, seed, &picks);
        let link = replay.link(story, &last).expect("a played run has a link");
        let (back, states) = Replay::from_link(story, &link).expect("its link replays");
        prop_assert_eq!(back, replay);
        prop_assert_eq!(states.last(), Some(&last));
    }

    #[test]
    fn any_text_is_refused_or_replayed_never_a_panic(text in "[A-Za-z0-9_=-]{0,80}") {
        let story = shipped_once();
        if let Ok((replay, states)) = Replay::from_link(story, &text) {
            prop_assert_eq!(states.len(), replay.choices.len() + 1);
        }
    }

    #[test]
    fn a_link_cut_or_altered_anywhere_is_refused(
        picks in proptest::collection::vec(any::<u8>(), 1..60),
        cut in any::<prop::sample::Index>(),
        flip in 1u8..64,
    ) {
        let story = shipped_once();
        let (replay, last) = play(story, 3, &picks);
        let link = replay.link(story, &last).expect("a link");
        let at = cut.index(link.len());
        prop_assert!(Replay::from_link(story, &link[..at]).is_err(), "cut at {}", at);
        let mut altered: Vec<u8> = link.clone().into_bytes();
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let pos = A.iter().position(|&a| a == altered[at]).unwrap_or(0);
        altered[at] = A[(pos + flip as usize) % 64];
        let altered = String::from_utf8(altered).unwrap_or_default();
        // An altered link is refused, or (when the change only touched a choice that leads to
        // the very same state) replays to the same final state: never to another one.
        if let Ok((_, states)) = Replay::from_link(story, &altered) {
            let (_, original) = Replay::from_link(story, &link).expect("the original replays");
            prop_assert_eq!(states.last(), original.last());
        }
    }
}

fn shipped_once() -> &'static Story {
    static STORY: std::sync::OnceLock<Story> = std::sync::OnceLock::new();
    STORY.get_or_init(shipped)
}
