//! Saves: round trips, migration (new and removed variables, renamed passages, clamping),
//! and clear errors for saves that cannot be restored. Plus the undo history.

use crate::support::story;
use expect_test::expect;
use story_engine::{choose, restore, save, start, History, SaveError, Value};

#[test]
fn a_save_round_trips_and_is_stable() {
    let s = story("variables");
    let state = choose(&s, &start(&s, 5).unwrap(), 0).unwrap();
    let json = save(&s, &state);
    let back = restore(&s, &json).unwrap();
    assert_eq!(back, state);
    assert_eq!(save(&s, &back), json);
    expect![[r#"{"format":1,"story":"variables","version":"1","state":{"passage":"v.start","stack":[],"vars":{"met_sdm":false,"principled":50,"stress":80,"suspicion":50,"team":"none","tickets":2},"visits":{"v.start":2},"last_visit":{"v.start":1},"taken":[],"turn":1,"seed":5,"rng":5,"achievements":[]}}"#]].assert_eq(&json);
}

#[test]
fn restore_migrates_variables_and_follows_renames() {
    let s = story("saves");
    let json = r#"{"format": 1, "story": "saves", "version": "0.9", "state": {
        "passage": "s.old_hall", "stack": ["s.old_hall"],
        "vars": {"stress": 250, "gone": 3, "met": "yes"},
        "visits": {"s.old_hall": 2, "s.hall": 1, "s.removed": 4},
        "taken": ["s.old_hall#coin", "s.removed#x"],
        "turn": 7, "seed": 1, "rng": 2, "achievements": ["first", "deleted"]}}"#;
    let state = restore(&s, json).unwrap();
    assert_eq!(state.passage(), "s.hall");
    assert_eq!(
        state.value("stress"),
        Some(&Value::Int(100)),
        "clamped to max"
    );
    assert_eq!(
        state.value("met"),
        Some(&Value::Bool(false)),
        "wrong type: start value"
    );
    assert_eq!(
        state.value("tickets"),
        Some(&Value::Int(3)),
        "missing: start value"
    );
    assert_eq!(state.value("gone"), None, "undeclared: dropped");
    assert_eq!(state.visits(&s, "s.hall"), 3, "renamed visits merge");
    assert_eq!(state.achievements().collect::<Vec<_>>(), ["first"]);
    assert_eq!(state.turn(), 7);
    // The once-only choice taken under the old id stays taken.
    let v = story_engine::view(&s, &state).unwrap();
    assert_eq!(v.choices.len(), 1);
}

#[test]
fn unrecoverable_saves_are_clear_errors() {
    let s = story("saves");
    let cases = [
        "not json",
        r#"{"format": 2, "story": "saves", "state": {}}"#,
        r#"{"format": 1, "story": "other", "version": "1", "state": {"passage": "s.hall"}}"#,
        r#"{"format": 1, "story": "saves", "version": "1", "state": {"passage": "s.nowhere"}}"#,
        r#"{"format": 1, "story": "saves", "version": "1", "state": {"passage": "s.hall", "stack": ["s.gone"]}}"#,
        r#"{"format": 1, "story": "saves", "version": "1"}"#,
        r#"{"story": "saves"}"#,
    ];
    let got: Vec<String> = cases
        .iter()
        .map(|c| {
            restore(&s, c)
                .map(|_| "ok".to_owned())
                .unwrap_or_else(|e| e.to_string())
        })
        .collect();
    expect![[r#"
        [
            "this is not a readable save: expected ident at line 1 column 2",
            "this save has format 2; this game reads format 1",
            "this save belongs to story `other`, not `saves`",
            "this save is at passage `s.nowhere`, which this version of the story no longer has",
            "this save is at passage `s.gone`, which this version of the story no longer has",
            "this is not a readable save: missing field `state`",
            "this is not a readable save: missing field `format`",
        ]
    "#]]
    .assert_debug_eq(&got);
    let big = " ".repeat(story_engine::MAX_SAVE_BYTES + 1);
    assert!(matches!(restore(&s, &big), Err(SaveError::TooLarge(_))));
}

#[test]
fn history_is_bounded() {
    let s = story("basic");
    let first = start(&s, 1).unwrap();
    let mut h = History::new(2);
    assert!(h.is_empty());
    let second = choose(&s, &first, 0).unwrap();
    let third = choose(&s, &second, 0).unwrap();
    h.push(first);
    h.push(second.clone());
    h.push(third.clone());
    assert_eq!(h.len(), 2);
    assert_eq!(h.undo(), Some(third));
    assert_eq!(h.undo(), Some(second));
    assert_eq!(h.undo(), None);
    assert_eq!(History::default().capacity(), 100);
    h.clear();
    assert!(h.is_empty());
}
