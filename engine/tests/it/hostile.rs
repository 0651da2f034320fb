//! Hostile stories: sizes, nesting, loops with no choice, runaway tunnels, empty pools and
//! files that are not UTF-8. Each must end in a diagnostic or a `PlayError` — never a panic,
//! a stack overflow or a hang. Stories are built in the test so their sizes are explicit.

use expect_test::{expect, Expect};
use story_engine::{
    choose, load, load_bytes, start, view, Loaded, PlayError, SourceBytes, SourceFile, Story,
};

/// A one-chapter story (`c.json`, id `c`, start `c.start`, ending `done`) with `variables`
/// (a JSON object) and `passages` (the chapter's `passages` object).
fn files(variables: &str, passages: &str) -> (SourceFile, SourceFile) {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: format!(
            r#"{{"format": 1, "id": "h", "title": "H", "version": "1", "start": "c.start",
"chapters": ["c.json"], "variables": {variables}, "endings": {{"done": {{"title": "Done"}}}}}}"#
        ),
    };
    let chapter = SourceFile {
        path: "c.json".into(),
        text: format!(r#"{{"id": "c", "title": "C", "passages": {passages}}}"#),
    };
    (manifest, chapter)
}

fn load_story(variables: &str, passages: &str) -> Loaded {
    let (manifest, chapter) = files(variables, passages);
    load(&manifest, &[chapter])
}

/// The errors of a story that must not load, one per line.
fn check_errors(variables: &str, passages: &str, expect: Expect) {
    let loaded = load_story(variables, passages);
    assert!(loaded.story.is_none(), "the hostile story loaded");
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| truncated(&d.to_string()))
        .collect();
    expect.assert_eq(&errors.join("\n"));
}

/// Long messages (they may quote the input) cut to a readable length.
fn truncated(s: &str) -> String {
    match s.char_indices().nth(160) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The codes of a load's errors, in order.
fn error_codes(loaded: &Loaded) -> Vec<&'static str> {
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error());
    errors.map(|d| d.code.as_str()).collect()
}

fn loads(variables: &str, passages: &str) -> Story {
    let loaded = load_story(variables, passages);
    let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    loaded
        .story
        .unwrap_or_else(|| panic!("does not load:\n{}", all.join("\n")))
}

const END: &str = r#""end": {"text": "End.", "ending": "done"}"#;

#[test]
fn a_multi_megabyte_string_and_chapter_load_and_play() {
    let big = "word ".repeat(600_000);
    let many: String = (0..2_000)
        .map(|i| {
            format!(
                r#""p{i}": {{"text": "{}", "choices": [{{"text": "On.", "goto": "end"}}]}},"#,
                "x".repeat(1_000)
            )
        })
        .collect();
    let passages = format!(
        r#"{{{many} "start": {{"text": "{big}", "choices": [{{"text": "{big}", "goto": "end"}}]}}, {END}}}"#
    );
    assert!(passages.len() > 4_000_000);
    let story = loads("{}", &passages);
    let state = start(&story, 1).unwrap();
    let v = view(&story, &state).unwrap();
    assert_eq!(v.choices.len(), 1);
    let state = choose(&story, &state, 0).unwrap();
    assert!(view(&story, &state).unwrap().ending.is_some());
}

#[test]
fn numbers_out_of_range_are_diagnostics() {
    check_errors(
        r#"{"n": {"kind": "counter", "start": 1e400}}"#,
        r#"{"start": {"text": "{n}", "ending": "done"}}"#,
        expect!["story.json:2:77: error[E002]: number out of range"],
    );
    check_errors(
        r#"{"n": {"kind": "counter", "start": 99999999999999999999}}"#,
        r#"{"start": {"text": "{n}", "ending": "done"}}"#,
        expect!["story.json:2:73: error[E011]: `start` must be an integer"],
    );
    check_errors(
        r#"{"n": {"kind": "counter"}}"#,
        &format!(
            r#"{{"start": {{"on_enter": ["n += 99999999999999999999"], "text": "{{n > 1e400}} {{n * 99999999999999999999}}", "choices": [{{"text": "x", "goto": "end", "if": "n < -9223372036854775809"}}]}}, {END}}}"#
        ),
        expect![[r#"
            c.json:1:69: error[E008]: integer `99999999999999999999` is too large (in passage c.start)
            c.json:1:108: error[E008]: unexpected text after the expression (in passage c.start)
            c.json:1:119: error[E008]: integer `99999999999999999999` is too large (in passage c.start)
            c.json:1:196: error[E008]: integer `9223372036854775809` is too large (in passage c.start)"#]],
    );
}

#[test]
fn arithmetic_overflow_at_run_time_is_a_play_error() {
    let story = loads(
        r#"{"n": {"kind": "counter", "start": 9223372036854775807}}"#,
        &format!(
            r#"{{"start": {{"text": "{{n}}", "choices": [{{"text": "Add.", "goto": "big", "effects": ["n += 1"]}}, {{"text": "Double.", "goto": "end", "effects": ["n = n * 2"]}}, {{"text": "Negate.", "goto": "neg"}}]}},
"big": {{"text": "{{n}}", "ending": "done"}}, "neg": {{"text": "{{-n - 2}}", "ending": "done"}}, {END}}}"#
        ),
    );
    let state = start(&story, 1).unwrap();
    let outcomes: Vec<String> = (0..3)
        .map(|i| match choose(&story, &state, i) {
            Ok(s) => match view(&story, &s) {
                Ok(v) => format!("ok: {:?}", v.paragraphs),
                Err(e) => format!("view: {e}"),
            },
            Err(e) => format!("choose: {e}"),
        })
        .collect();
    expect![[r#"
        [
            "choose: integer overflow (in passage c.start)",
            "choose: integer overflow (in passage c.start)",
            "view: integer overflow (in passage c.neg)",
        ]
    "#]]
    .assert_debug_eq(&outcomes);
}

#[test]
fn deep_json_is_a_diagnostic() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (manifest, mut chapter) = files("{}", "{}");
    chapter.text = deep.clone();
    let loaded = load(&manifest, &[chapter]);
    assert!(loaded.story.is_none());
    let manifest = SourceFile {
        path: "story.json".into(),
        text: deep.clone(),
    };
    let both = load(&manifest, &[]);
    // Deep inside a well-formed chapter, where recovery re-reads the file to find every error.
    let inside = load_story(
        "{}",
        &format!(r#"{{"start": {{"text": "x", "extra": {deep}, "ending": "done"}}}}"#),
    );
    assert!(inside.story.is_none());
    let all: Vec<String> = loaded
        .diagnostics
        .iter()
        .chain(&both.diagnostics)
        .chain(&inside.diagnostics)
        .map(ToString::to_string)
        .collect();
    expect![[r#"
        [
            "c.json:1:1: error[E003]: found a list (`[…]`), expected a string",
            "story.json:1:1: error[E003]: found a list (`[…]`), expected u32",
            "c.json:1:69: error[E003]: unknown field `extra`, expected one of `text`, `choices`, `on_enter`, `tags`, `ending`, `pool`, `when`, `weight`, `priority`, `max_visits`, `cooldown`",
        ]
    "#]].assert_debug_eq(&all);
}

#[test]
fn deep_expressions_are_diagnostics() {
    let n = 100_000;
    let cases = [
        format!("{}true{}", "(".repeat(n), ")".repeat(n)),
        format!("{}true", "!".repeat(n)),
        format!("{}1 > 0", "-".repeat(n)),
        format!("1{} > 0", " + 1".repeat(n)),
        format!("true{}", " && true".repeat(n)),
        format!("1 > 0{}", " || 1 > 0".repeat(n)),
    ];
    for cond in cases {
        let passages = format!(
            r#"{{"start": {{"text": "x", "choices": [{{"text": "x", "goto": "end", "if": "{cond}"}}]}}, {END}}}"#
        );
        let loaded = load_story("{}", &passages);
        let codes = error_codes(&loaded);
        assert_eq!(codes, ["E008"], "{}", truncated(&cond));
    }
}

#[test]
fn deep_markup_is_a_diagnostic() {
    let n = 50_000;
    let cases = [
        format!("{}x{}", "{if true: ".repeat(n), "}".repeat(n)),
        format!("{}x{}", "{seq: a|".repeat(n), "}".repeat(n)),
        format!("{}x{}", "{shuffle: ".repeat(n), "}".repeat(n)),
        format!("{{{}1{}}}", "(".repeat(n), ")".repeat(n)),
        "**a *b* c**".repeat(n),
    ];
    let mut out = Vec::new();
    for text in cases {
        let passages = format!(r#"{{"start": {{"text": "{text}", "ending": "done"}}}}"#);
        let loaded = load_story("{}", &passages);
        let codes = error_codes(&loaded);
        out.push(format!("{}: {codes:?}", truncated(&text)));
        // What has no error loads and renders (the nesting that is allowed is played).
        match loaded.story {
            Some(story) => assert!(view(&story, &start(&story, 1).unwrap()).is_ok()),
            None => assert!(!codes.is_empty()),
        }
    }
    expect![[r#"
        [
            "{if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: {if true: …: [\"E013\"]",
            "{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|{seq: a|…: [\"E013\"]",
            "{shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: {shuffle: …: [\"E013\"]",
            "{(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((…: [\"E008\"]",
            "**a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b* c****a *b…: []",
        ]
    "#]].assert_debug_eq(&out);
}

#[test]
fn automatic_move_cycles_are_found_at_load_or_stopped_by_the_step_budget() {
    // Unconditional: a certain hang, found at load (E018).
    check_errors(
        "{}",
        &format!(
            r#"{{"start": {{"text": "x", "choices": [{{"text": "Go.", "goto": "a"}}, {{"text": "End.", "goto": "end"}}]}},
"a": {{"text": "a", "choices": [{{"fallback": true, "goto": "b"}}]}},
"b": {{"text": "b", "choices": [{{"fallback": true, "goto": "a"}}]}}, {END}}}"#
        ),
        expect!["c.json:2:1: error[E018]: these passages move on by themselves forever: c.a → c.b → c.a (in passage c.a)"],
    );
    // Conditional: the loader cannot prove it, the step budget stops it.
    let story = loads(
        r#"{"on": {"kind": "flag", "start": true}}"#,
        &format!(
            r#"{{"start": {{"text": "x", "choices": [{{"text": "Go.", "goto": "a"}}, {{"text": "End.", "goto": "end"}}]}},
"a": {{"text": "a", "choices": [{{"fallback": true, "goto": "b", "if": "on"}}, {{"text": "Off.", "goto": "end", "if": "!on"}}]}},
"b": {{"text": "b", "choices": [{{"fallback": true, "goto": "a", "if": "on"}}, {{"text": "Off.", "goto": "end", "if": "!on"}}]}}, {END}}}"#
        ),
    );
    let state = start(&story, 1).unwrap();
    match choose(&story, &state, 0) {
        Err(PlayError::StepBudget { trail }) => {
            assert!(trail.iter().all(|p| p == "c.a" || p == "c.b"))
        }
        other => panic!("expected the step budget, got {other:?}"),
    }
    // A start that loops straight away.
    let story = loads(
        r#"{"on": {"kind": "flag", "start": true}}"#,
        &format!(
            r#"{{"start": {{"text": "x", "choices": [{{"fallback": true, "goto": "start", "if": "on"}}, {{"text": "End.", "goto": "end", "if": "!on"}}]}}, {END}}}"#
        ),
    );
    assert!(matches!(
        start(&story, 1),
        Err(PlayError::StepBudget { .. })
    ));
}

#[test]
fn tunnels_that_recurse_stop_at_the_depth_limit() {
    let story = loads(
        "{}",
        &format!(
            r#"{{"start": {{"text": "x", "choices": [{{"text": "Dig.", "call": "dig"}}, {{"text": "Down.", "call": "down"}}]}},
"dig": {{"text": "Dig.", "choices": [{{"fallback": true, "call": "dig", "if": "true"}}]}},
"down": {{"text": "Down.", "choices": [{{"text": "Deeper.", "call": "down"}}, {{"text": "Up.", "return": true}}]}}, {END}}}"#
        ),
    );
    let state = start(&story, 1).unwrap();
    assert!(matches!(
        choose(&story, &state, 0),
        Err(PlayError::DepthLimit(p)) if p == "c.dig"
    ));
    let mut state = choose(&story, &state, 1).unwrap();
    let mut depth = 1;
    let err = loop {
        match choose(&story, &state, 0) {
            Ok(next) => {
                state = next;
                depth += 1;
            }
            Err(e) => break e,
        }
        assert!(
            depth <= story_engine::MAX_DEPTH,
            "the tunnel stack grew past the limit"
        );
    };
    assert_eq!(err, PlayError::DepthLimit("c.down".into()));
    assert_eq!(depth, story_engine::MAX_DEPTH);
}

#[test]
fn a_draw_from_an_empty_pool_is_never_offered() {
    // A draw choice is shown only while its pool has an eligible storylet (`EmptyPool` is the
    // runtime's guard should one be taken anyway); a fallback draw from an empty pool does not
    // fire, and the passage is left with no choice: a soft lock that randomtest reports, not a
    // panic or a hang.
    let story = loads(
        r#"{"open": {"kind": "flag"}}"#,
        &format!(
            r#"{{"start": {{"text": "x", "choices": [{{"text": "Draw.", "draw": "jobs", "goto": "end"}}, {{"text": "Open.", "goto": "auto", "effects": ["open = true"]}}]}},
"auto": {{"text": "x", "choices": [{{"fallback": true, "draw": "jobs", "goto": "auto"}}]}},
"job": {{"pool": "jobs", "when": "open && visits(\"c.job\") == 0", "text": "A job.", "choices": [{{"text": "Done.", "return": true}}]}}, {END}}}"#
        ),
    );
    let state = start(&story, 1).unwrap();
    let v = view(&story, &state).unwrap();
    let offered: Vec<(String, bool)> = v
        .choices
        .iter()
        .map(|c| (format!("{:?}", c.text), c.enabled))
        .collect();
    let taken: Vec<String> = (0..3)
        .map(|i| match choose(&story, &state, i) {
            Ok(s) => format!("ok at {}", s.passage()),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    // Open the pool, draw its one storylet, come back: the fallback's pool is empty again.
    let opened = choose(&story, &state, v.choices.len() - 1).unwrap();
    let back = choose(&story, &opened, 0).unwrap();
    let choices = view(&story, &back).unwrap().choices.len();
    let trail = format!(
        "{} then {} with {choices} choices, then {:?}",
        opened.passage(),
        back.passage(),
        choose(&story, &back, 0).map(|s| s.passage().to_owned())
    );
    expect![[r#"
        (
            [
                (
                    "[Text(\"Open.\")]",
                    true,
                ),
            ],
            [
                "ok at c.job",
                "error: there is no choice 2",
                "error: there is no choice 3",
            ],
            "c.job then c.auto with 0 choices, then Err(NoSuchChoice(0))",
        )
    "#]]
    .assert_debug_eq(&(offered, taken, trail));
}

#[test]
fn files_that_are_not_utf8_are_diagnostics_at_the_first_bad_byte() {
    let (manifest, chapter) = files("{}", r#"{"start": {"text": "MARK", "ending": "done"}}"#);
    let bytes = |f: &SourceFile, bad: &[u8]| SourceBytes {
        path: f.path.clone(),
        bytes: f
            .text
            .replacen("MARK", "caf", 1)
            .into_bytes()
            .into_iter()
            .chain(bad.iter().copied())
            .collect(),
    };
    let mut bad_chapter = bytes(&chapter, b"");
    let at = bad_chapter
        .bytes
        .windows(3)
        .position(|w| w == b"caf")
        .unwrap()
        + 3;
    bad_chapter.bytes.insert(at, 0xe9);
    let good_manifest = SourceBytes {
        path: manifest.path.clone(),
        bytes: manifest.text.clone().into_bytes(),
    };
    let mut bad_manifest = good_manifest.clone();
    bad_manifest.bytes.insert(1, 0xff);
    let mut out = Vec::new();
    for (m, c) in [
        (&good_manifest, &bad_chapter),
        (&bad_manifest, &bad_chapter),
    ] {
        let loaded = load_bytes(m, std::slice::from_ref(c));
        assert!(loaded.story.is_none());
        out.extend(loaded.diagnostics.iter().map(ToString::to_string));
    }
    expect![[r#"
        [
            "c.json:1:62: error[E002]: the file is not UTF-8 text: byte 0xe9 at byte offset 61 is not valid UTF-8 (save story files as UTF-8)",
            "story.json:1:2: error[E002]: key must be a string",
            "story.json:1:2: error[E002]: the file is not UTF-8 text: byte 0xff at byte offset 1 is not valid UTF-8 (save story files as UTF-8)",
            "c.json:1:62: error[E002]: the file is not UTF-8 text: byte 0xe9 at byte offset 61 is not valid UTF-8 (save story files as UTF-8)",
        ]
    "#]].assert_debug_eq(&out);
    let fine = load_bytes(&good_manifest, &[bytes(&chapter, b"")]);
    assert!(fine.story.is_some());
}
