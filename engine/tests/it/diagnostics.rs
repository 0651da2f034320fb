//! Diagnostics: one broken fixture per code under `tests/fixtures/diag/<code>/`. Each must
//! report its own code; the snapshot pins code, file, line, column, message and passage.

use crate::support::{diagnostics, fixtures, load_dir};
use expect_test::expect;
use story_engine::Code;

#[test]
fn every_code_has_a_fixture_that_reports_it() {
    for code in Code::ALL {
        let name = code.as_str().to_lowercase();
        let loaded = load_dir(&fixtures().join("diag").join(&name));
        assert!(
            loaded.diagnostics.iter().any(|d| d.code == code),
            "fixture diag/{name} does not report {code}:\n{}",
            diagnostics(&format!("diag/{name}"))
        );
        assert_eq!(
            loaded.story.is_some(),
            code.as_str().starts_with('W'),
            "diag/{name}"
        );
    }
}

#[test]
fn positions_and_messages() {
    let mut out = String::new();
    for code in Code::ALL {
        let name = code.as_str().to_lowercase();
        out.push_str(&format!(
            "-- {name}\n{}",
            diagnostics(&format!("diag/{name}"))
        ));
    }
    expect![[r#"
        -- e001
        c.json:14:19: error[E001]: unknown passage `c.nope` (in passage c.a)
        -- e002
        c.json:4:3: error[E002]: expected `,` or `}`
        -- e003
        c.json:11:11: error[E003]: unknown field `gotoo`, expected one of `text`, `id`, `goto`, `call`, `draw`, `return`, `if`, `locked`, `effects`, `once`, `fallback` (in passage c.a)
        c.json:18:7: error[E003]: unknown field `txt`, expected one of `text`, `choices`, `on_enter`, `tags`, `ending`, `pool`, `when`, `weight`, `priority`, `max_visits`, `cooldown` (in passage c.b)
        -- e004
        c.json:16:14: error[E004]: unknown variable `y` (did you mean `x`?) (in passage c.a)
        -- e005
        c.json:14:19: error[E005]: unknown pool `week` (in passage c.a)
        -- e006
        c.json:16:17: error[E006]: unknown ending `burnout` (in passage c.b)
        -- e007
        c.json:16:22: error[E007]: unknown achievement `nope` (in passage c.a)
        -- e008
        c.json:15:22: error[E008]: expected a value (in passage c.a)
        -- e009
        c.json:15:18: error[E009]: expected boolean, found integer (in passage c.a)
        c.json:15:23: error[E009]: expected boolean, found integer (in passage c.a)
        -- e010
        c.json:7:5: error[E010]: duplicate passage `a`
        -- e011
        story.json:15:14: error[E011]: `max` (0) is below `min` (10)
        -- e012
        c.json:18:5: error[E012]: passage `Bad-Key` must be lowercase letters, digits and `_`, starting with a letter
        -- e013
        c.json:6:18: error[E013]: unclosed `*`: write `\*` for a literal star (in passage c.a)
        -- e014
        c.json:15:11: error[E014]: a once-only choice needs an `id`, so saves remember it (in passage c.a)
        -- e015
        story.json:9:5: error[E015]: chapter file `missing.json` was not found
        -- e016
        c.json:16:14: error[E016]: `n` is not a stat: fairmath needs a range (in passage c.a)
        -- e017
        story.json:2:13: error[E017]: story format 2 is not supported: this engine reads format 1
        -- e018
        c.json:22:5: error[E018]: these passages move on by themselves forever: c.l1 → c.l2 → c.l1 (in passage c.l1)
        -- w001
        c.json:18:5: warning[W001]: unreachable: no path from the start leads here (in passage c.island)
        -- w002
        c.json:22:5: warning[W002]: dead end: no choices and no `ending` (in passage c.stuck)
        -- w003
        story.json:16:5: warning[W003]: variable `unused` is never used
        -- w004
        c.json:23:15: warning[W004]: no choice draws from pool `week` (in passage c.s)
        -- w005
        c.json:15:17: warning[W005]: this choice can never be enabled: its `if` is never true (in passage c.a)
        -- w006
        story.json:21:5: warning[W006]: no passage ends with `other`
    "#]].assert_eq(&out);
}

#[test]
fn positions_inside_strings_account_for_escapes() {
    use story_engine::{load, SourceFile};
    let manifest = std::fs::read_to_string(fixtures().join("diag/e001/story.json")).unwrap();
    let chapter = r#"{"id": "c", "title": "C", "passages": {
  "a": {"text": "A {x}.", "choices": [{"text": "Go.", "goto": "b",
        "if": "visits(\"a\") > 0 && \u0078 > \"q\""}]},
  "b": {"text": "B \"{nope}\" ok", "ending": "end"}}}"#;
    let loaded = load(
        &SourceFile {
            path: "story.json".into(),
            text: manifest,
        },
        &[SourceFile {
            path: "c.json".into(),
            text: chapter.into(),
        }],
    );
    let lines: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    expect![[r#"
        [
            "c.json:3:46: error[E009]: expected integer, found string (in passage c.a)",
            "c.json:4:23: error[E004]: unknown variable `nope` (declare it in story.json, under `variables`) (in passage c.b)",
        ]
    "#]]
    .assert_debug_eq(&lines);
}

#[test]
fn a_chapter_that_is_not_utf8_is_e002_at_its_first_bad_byte() {
    // `c.json` spells "Café" in Latin-1: the "é" is the single byte 0xe9, not UTF-8.
    expect![[r#"
        story.json:6:12: error[E001]: unknown passage `c.a`: `start` needs a full id such as `chapter.passage`
        c.json:3:16: error[E002]: the file is not UTF-8 text: byte 0xe9 at byte offset 30 is not valid UTF-8 (save story files as UTF-8)
    "#]].assert_eq(&diagnostics("diag/e002_not_utf8"));
}
