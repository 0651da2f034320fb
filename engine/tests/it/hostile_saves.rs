//! Hostile saves: every prefix of a real save, values that are not JSON or not saves, wrong
//! types, other stories, future formats, saves of an edited story, numbers out of range and
//! oversized values. Each restores (and then plays: a view and every choice) or is refused with
//! a typed `SaveError` — never a panic.

use crate::support::story;
use expect_test::expect;
use story_engine::{choose, restore, save, start, view, SaveError, Story, MAX_SAVE_BYTES};

/// What restoring `json` gives: the error, or the restored passage and what every choice from
/// it does (so a restored state is also proven playable).
fn outcome(s: &Story, json: &str) -> String {
    let state = match restore(s, json) {
        Ok(state) => state,
        Err(e) => return format!("refused: {e}"),
    };
    let v = match view(s, &state) {
        Ok(v) => v,
        Err(e) => return format!("restored at {}, view: {e}", state.passage()),
    };
    let moves: Vec<String> = (0..v.choices.len())
        .map(|i| match choose(s, &state, i) {
            Ok(next) => next.passage().to_owned(),
            Err(e) => e.to_string(),
        })
        .collect();
    format!(
        "restored at {}, choices → {}",
        state.passage(),
        moves.join(", ")
    )
}

/// A save of the `saves` fixture with `state` as its state.
fn with_state(state: &str) -> String {
    format!(r#"{{"format": 1, "story": "saves", "version": "1.0", "state": {state}}}"#)
}

#[test]
fn every_truncation_of_a_real_save_is_refused() {
    let s = story("saves");
    let json = save(&s, &choose(&s, &start(&s, 3).unwrap(), 0).unwrap());
    for end in (0..json.len()).filter(|&i| json.is_char_boundary(i)) {
        assert!(
            matches!(restore(&s, &json[..end]), Err(SaveError::Malformed(_))),
            "a save cut at byte {end} was not refused as malformed"
        );
    }
    assert!(restore(&s, &json).is_ok());
}

#[test]
fn hostile_saves_restore_or_are_refused_with_a_reason() {
    let s = story("saves");
    let cases = [
        // Not JSON, or JSON that is not a save.
        String::new(),
        "\u{0}\u{1}garbage".to_owned(),
        "null".to_owned(),
        "[1, 2]".to_owned(),
        "\"a save\"".to_owned(),
        r#"{"format": "1", "story": "saves", "state": {"passage": "s.hall"}}"#.to_owned(),
        // Future and impossible formats.
        r#"{"format": 2, "story": "saves", "state": {"passage": "s.hall"}}"#.to_owned(),
        r#"{"format": 99999999999, "story": "saves", "state": {}}"#.to_owned(),
        r#"{"format": -1, "story": "saves", "state": {}}"#.to_owned(),
        // Another story.
        r#"{"format": 1, "story": "other", "state": {"passage": "s.hall"}}"#.to_owned(),
        // Wrong types in the state.
        with_state(r#"["s.hall"]"#),
        with_state(r#"{"passage": 7}"#),
        with_state(r#"{"passage": "s.hall", "stack": "s.hall"}"#),
        with_state(r#"{"passage": "s.hall", "vars": [1]}"#),
        with_state(r#"{"passage": "s.hall", "visits": {"s.hall": -1}}"#),
        with_state(r#"{"passage": "s.hall", "visits": {"s.hall": 4294967296}}"#),
        with_state(r#"{"passage": "s.hall", "turn": 1.5}"#),
        with_state(r#"{"passage": "s.hall", "seed": "7"}"#),
        with_state(r#"{"passage": "s.hall", "achievements": {"first": true}}"#),
        with_state(r#"{"passage": "s.hall", "taken": [1, 2]}"#),
        // Numbers out of range: values fall back to their start (stats clamp), counters at
        // the edge of i64 and turns at the edge of u32 still play.
        with_state(r#"{"passage": "s.hall", "vars": {"stress": 1e400}}"#),
        with_state(r#"{"passage": "s.hall", "vars": {"stress": 99999999999999999999}}"#),
        with_state(r#"{"passage": "s.hall", "vars": {"stress": -9223372036854775808}}"#),
        with_state(r#"{"passage": "s.hall", "vars": {"tickets": -9223372036854775808}}"#),
        with_state(r#"{"passage": "s.hall", "vars": {"tickets": 2.5, "met": 1}}"#),
        with_state(
            r#"{"passage": "s.hall", "turn": 4294967295, "visits": {"s.hall": 4294967295}, "last_visit": {"s.hall": 4294967295}}"#,
        ),
        // A save of an edited story: a passage removed, renamed, in the stack; variables
        // added (missing here) and dropped (unknown here); once-only ids that no longer exist.
        with_state(r#"{"passage": "s.removed"}"#),
        with_state(r#"{"passage": "s.old_hall", "stack": ["s.old_hall"]}"#),
        with_state(r#"{"passage": "s.hall", "stack": ["s.removed"]}"#),
        with_state(
            r##"{"passage": "s.hall", "vars": {"gone": 1}, "taken": ["s.hall#gone", "nohash", "#", ""], "achievements": ["gone"]}"##,
        ),
        // A tunnel stack deeper than play can make.
        with_state(&format!(
            r#"{{"passage": "s.hall", "stack": [{}]}}"#,
            vec![r#""s.hall""#; 1000].join(", ")
        )),
    ];
    let got: Vec<String> = cases.iter().map(|c| outcome(&s, c)).collect();
    expect![[r#"
        [
            "refused: this is not a readable save: EOF while parsing a value at line 1 column 0",
            "refused: this is not a readable save: expected value at line 1 column 1",
            "refused: this is not a readable save: a save is a JSON object with `format`, `story` and `state`",
            "refused: this is not a readable save: a save is a JSON object with `format`, `story` and `state`",
            "refused: this is not a readable save: a save is a JSON object with `format`, `story` and `state`",
            "refused: this is not a readable save: `format` is not a whole number",
            "refused: this save has format 2; this game reads format 1",
            "refused: this save has format 4294967295; this game reads format 1",
            "refused: this is not a readable save: `format` is not a whole number",
            "refused: this save belongs to story `other`, not `saves`",
            "restored at s.hall, choices → s.hall, s.out",
            "refused: this is not a readable save: invalid type: integer `7`, expected a string",
            "refused: this is not a readable save: invalid type: string \"s.hall\", expected a sequence",
            "refused: this is not a readable save: invalid type: sequence, expected a map",
            "refused: this is not a readable save: invalid value: integer `-1`, expected u32",
            "refused: this is not a readable save: invalid value: integer `4294967296`, expected u32",
            "refused: this is not a readable save: invalid type: floating point `1.5`, expected u32",
            "refused: this is not a readable save: invalid type: string \"7\", expected u64",
            "refused: this is not a readable save: invalid type: map, expected a sequence",
            "refused: this is not a readable save: invalid type: integer `1`, expected a string",
            "refused: this is not a readable save: number out of range at line 1 column 105",
            "restored at s.hall, choices → s.hall, s.out",
            "restored at s.hall, choices → s.hall, s.out",
            "restored at s.hall, choices → s.hall, integer overflow (in passage s.hall)",
            "restored at s.hall, choices → s.hall, s.out",
            "restored at s.hall, choices → s.hall, s.out",
            "refused: this save is at passage `s.removed`, which this version of the story no longer has",
            "restored at s.hall, choices → s.hall, s.out",
            "refused: this save is at passage `s.removed`, which this version of the story no longer has",
            "restored at s.hall, choices → s.hall, s.out",
            "refused: this is not a readable save: tunnel stack of 1000 is deeper than 16",
        ]
    "#]]
    .assert_debug_eq(&got);
}

#[test]
fn multi_megabyte_saves_are_refused_unread_and_a_large_value_just_under_is_kept_in_bounds() {
    let s = story("saves");
    let huge = with_state(&format!(
        r#"{{"passage": "s.hall", "vars": {{"stress": "{}"}}}}"#,
        "x".repeat(3 << 20)
    ));
    assert_eq!(restore(&s, &huge), Err(SaveError::TooLarge(huge.len())));
    let deep = format!(
        "{}{}",
        "[".repeat(MAX_SAVE_BYTES / 2),
        "]".repeat(MAX_SAVE_BYTES / 2)
    );
    assert!(matches!(restore(&s, &deep), Err(SaveError::Malformed(_))));
    let big_value = with_state(&format!(
        r#"{{"passage": "s.hall", "vars": {{"stress": "{}"}}}}"#,
        "x".repeat(MAX_SAVE_BYTES - 200)
    ));
    expect!["restored at s.hall, choices → s.hall, s.out"].assert_eq(&outcome(&s, &big_value));
}
