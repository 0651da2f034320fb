//! The `story` binary: every subcommand on clean and broken fixture stories
//! (`tests/fixtures/cli/`, `tests/fixtures/diag/`), its output and its exit code
//! (0 success, 1 findings, 2 usage, 3 incomplete).

use crate::support::fixtures;
use expect_test::expect;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `story` with `args`; returns (exit code, stdout, stderr).
pub fn story(args: &[&str]) -> (i32, String, String) {
    story_with_input(args, "")
}

fn story_with_input(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_story"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("writes stdin");
    }
    let out = child.wait_with_output().expect("finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn dir(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

#[test]
fn check_prints_snippets_and_exit_codes() {
    assert_eq!(story(&["check", &dir("cli/clean")]).0, 0);
    let (code, out, err) = story(&["check", &dir("diag/e001")]);
    assert_eq!(code, 1);
    expect![[r#"
        error[E001]: unknown passage `c.nope`
          --> c.json:14:19
           |
        14 |           "goto": "nope"
           |                   ^^^^^^
           |
           = note: in passage c.a

    "#]]
    .assert_eq(&out);
    assert_eq!(err, "1 error(s), 0 warning(s)\n");
    // The suggestion is a `help:` line in text, and stays in the one-line forms' message.
    let (_, out, _) = story(&["check", &dir("diag/e004")]);
    assert!(out.contains("unknown variable `y`\n"), "{out}");
    assert!(out.contains("   = help: did you mean `x`?\n"), "{out}");
    let (_, out, _) = story(&["check", &dir("diag/e004"), "--format", "json"]);
    assert!(out.contains(r#""help": "did you mean `x`?","#), "{out}");
    assert!(out.contains(r#""message": "unknown variable `y` (did you mean `x`?)","#));
    let (code, out, _) = story(&["check", &dir("diag/e008"), "--format", "short"]);
    assert_eq!(code, 1);
    expect![[r#"
        c.json:15:22: error[E008]: expected a value (in passage c.a)
    "#]]
    .assert_eq(&out);
    let (code, out, _) = story(&["check", &dir("diag/w003")]);
    assert_eq!((code, out.contains("warning[W003]")), (0, true));
    assert_eq!(story(&["check", &dir("diag/w003"), "--deny-warnings"]).0, 1);
}

#[test]
fn check_json_for_tools() {
    let (code, out, _) = story(&["check", &dir("diag/e001"), "--format", "json"]);
    assert_eq!(code, 1);
    expect![[r#"
        {
          "diagnostics": [
            {
              "code": "E001",
              "column": 19,
              "file": "c.json",
              "help": null,
              "line": 14,
              "message": "unknown passage `c.nope`",
              "passage": "c.a",
              "severity": "error"
            }
          ],
          "errors": 1,
          "warnings": 0
        }
    "#]]
    .assert_eq(&out);
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &[],
        &["check"],
        &["frobnicate", "x"],
        &["check", "/nonexistent/story"],
        &["graph", &dir("cli/clean"), "--format", "png"],
        &["play", &dir("cli/clean"), "--from", "save.json"],
        &["path", &dir("cli/clean"), "office.nowhere"],
        &["randomtest", &dir("cli/clean"), "--runs", "many"],
        &["schema", "passage"],
    ];
    for args in cases {
        assert_eq!(story(args).0, 2, "story {args:?}");
    }
    assert_eq!(story(&["--help"]).0, 0);
}

#[test]
fn commands_that_need_a_story_exit_1_on_a_broken_one() {
    for cmd in ["stats", "graph", "quicktest", "randomtest", "play"] {
        let (code, out, err) = story(&[cmd, &dir("diag/e001")]);
        assert_eq!(code, 1, "{cmd}");
        assert!(out.is_empty(), "{cmd}: {out}");
        assert!(err.contains("error[E001]") && err.contains("run `story check`"));
    }
}

#[test]
fn stats_text_and_bible_coverage() {
    let (code, out, _) = story(&["stats", &dir("cli/clean")]);
    assert_eq!(code, 0);
    expect![[r#"
        Clean (mss 1.0.0)
        6 passages, 7 choices, 55 words, 2 endings

        chapter  passages  choices   words
        office          6        7      43  The office
                                        12  (ending titles and epilogues)

        tags (passages)
          seed:daily-life  1
          seed:sdm         1
          seed:sucked-in   1

        seed tags of the story bible: 3 of 4 used
          unused: seed:leaving
    "#]]
    .assert_eq(&out);
    // Without a BIBLE.md there is no seed-tag coverage.
    let (_, out, _) = story(&["stats", &dir("cli/softlock")]);
    assert!(!out.contains("seed tags of the story bible"), "{out}");
}

#[test]
fn stats_json_keeps_the_engine_keys() {
    let (code, out, _) = story(&["stats", &dir("basic"), "--format", "json"]);
    assert_eq!(code, 0);
    expect![[r#"
        {
          "chapters": {
            "one": {
              "choices": 4,
              "passages": 3,
              "words": 29
            }
          },
          "choices": 4,
          "endings": 1,
          "passages": 3,
          "tags": {
            "seed:start": 1
          },
          "words": 35
        }
    "#]]
    .assert_eq(&out);
    let (_, out, _) = story(&["stats", &dir("cli/clean"), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["seed_tags"]["bible"], 4);
    assert_eq!(v["seed_tags"]["unused"].as_array().map(Vec::len), Some(1));
}

#[test]
fn graph_dot_and_mermaid() {
    let (code, out, _) = story(&["graph", &dir("cli/clean")]);
    assert_eq!(code, 0);
    expect![[r##"
        digraph "mss" {
          rankdir=LR;
          node [shape=box, style=rounded, fontname="sans-serif"];
          edge [fontname="sans-serif", fontsize=10];
          subgraph "cluster_office" {
            label="The office";
            "office.lobby" [style="rounded,filled,bold", fillcolor="#d9ead3"];
            "office.sdm";
            "office.outage" [style="rounded,dashed"];
            "office.quiet" [style="rounded,dashed"];
            "office.out" [label="office.out\n(ending: quit)", shape=doubleoctagon, style=filled, fillcolor="#f4cccc"];
            "office.forever" [label="office.forever\n(ending: stay)", shape=doubleoctagon, style=filled, fillcolor="#f4cccc"];
          }
          "pool:week" [label="pool week", shape=folder, style=filled, fillcolor="#fff2cc"];
          "pool:week" -> "office.outage" [style=dotted, arrowhead=none];
          "pool:week" -> "office.quiet" [style=dotted, arrowhead=none];
          "office.lobby" -> "pool:week" [label="Work a week.", style=bold, color="#999999"];
          "office.lobby" -> "office.lobby" [label="(after)", style=dashed, color="#999999"];
          "office.lobby" -> "office.sdm" [label="Meet the SDM.", style=bold, color="#999999"];
          "office.lobby" -> "office.out" [label="Quit.", color="#999999"];
          "office.lobby" -> "office.forever" [label="Stay forever.", color="#999999"];
        }
    "##]]
    .assert_eq(&out);
    let (code, out, _) = story(&["graph", &dir("cli/clean"), "--format", "mermaid"]);
    assert_eq!(code, 0);
    expect![[r#"
        flowchart LR
          subgraph office["The office"]
            p0("office.lobby")
            p1("office.sdm")
            p2("office.outage")
            p3("office.quiet")
            p4{{"office.out<br/>ending: quit"}}
            p5{{"office.forever<br/>ending: stay"}}
          end
          pool0[/"pool week"/]
          pool0 -.- p2
          pool0 -.- p3
          p0 ==>|"Work a week."| pool0
          p0 -.->|"(after)"| p0
          p0 ==>|"Meet the SDM."| p1
          p0 -->|"Quit."| p4
          p0 -->|"Stay forever."| p5
          classDef start fill:#d9ead3,stroke-width:3px
          classDef ending fill:#f4cccc
          classDef storylet stroke-dasharray:4 3
          classDef pool fill:#fff2cc
          class p0 start
          class p4,p5 ending
          class p2,p3 storylet
          class pool0 pool
    "#]]
    .assert_eq(&out);
}

#[test]
fn quicktest_passes_a_clean_story_and_shows_paths_to_problems() {
    let (code, out, _) = story(&["quicktest", &dir("cli/clean")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("passages reached: 6 of 6\nendings reached: 2 of 2 (quit, stay)\n"));
    assert!(out.ends_with("QUICKTEST PASSED\n"));
    let (code, out, _) = story(&["quicktest", &dir("cli/softlock")]);
    assert_eq!(code, 1);
    expect![[r#"
        quicktest: 4 states explored from seed 0
        passages reached: 3 of 4
          never reached: a.vault
        endings reached: 1 of 2 (poor)
          never reached: ending rich
        softlock at a.shop: no enabled choice and not an ending [1 state(s)]
          path:
            1. Pick up a coin.
        QUICKTEST FAILED
    "#]]
    .assert_eq(&out);
    let (code, out, _) = story(&["quicktest", &dir("cli/runtime_error")]);
    assert_eq!(code, 1);
    expect![[r#"
        quicktest: 4 states explored from seed 0
        passages reached: 3 of 3
        endings reached: 1 of 1 (done)
        runtime error: division by zero (in passage a.split) [1 state(s)]
          path:
            1. Fire everyone.
        QUICKTEST FAILED
    "#]]
    .assert_eq(&out);
    let (_, out, _) = story(&["quicktest", &dir("cli/softlock"), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["passed"], false);
    assert_eq!(v["softlocks"][0]["path"][0], "Pick up a coin.");
}

#[test]
fn randomtest_reports_and_replays_a_failing_run_exactly() {
    let (code, out, _) = story(&["randomtest", &dir("cli/clean"), "--runs", "200"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("passage coverage: 6 of 6 passages seen\n"));
    assert!(out.ends_with("RANDOMTEST PASSED\n"));
    let again = story(&["randomtest", &dir("cli/clean"), "--runs", "200"]).1;
    assert_eq!(out, again, "same seed, same report");

    let (code, out, _) = story(&["randomtest", &dir("cli/softlock"), "--runs", "20"]);
    assert_eq!(code, 1);
    assert!(out.contains("softlock at a.shop in 10 run(s)"), "{out}");

    let file = std::env::temp_dir().join(format!("story-replay-{}.txt", std::process::id()));
    let file_arg = file.display().to_string();
    let rt = dir("cli/runtime_error");
    let (code, out, err) = story(&[
        "randomtest",
        &rt,
        "--runs",
        "20",
        "--seed",
        "7",
        "--transcript",
        &file_arg,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("wrote the failing run"), "{err}");
    let written = std::fs::read_to_string(&file).expect("transcript written");
    let _ = std::fs::remove_file(&file);
    let replay_line = written.lines().nth(1).unwrap_or_default();
    let replay = replay_line
        .strip_prefix("# replay: story play ")
        .expect("a replay command");
    assert!(out.contains(replay), "the report names the same replay");
    // Replaying the command gives exactly the transcript in the file.
    let args: Vec<&str> = std::iter::once("play").chain(replay.split(' ')).collect();
    let (code, played, _) = story(&args);
    assert_eq!(code, 1, "the replay fails the same way");
    let body: String = written.lines().skip(2).map(|l| format!("{l}\n")).collect();
    assert_eq!(played, body);
    assert!(played.ends_with(" error: division by zero (in passage a.split)\n"));
}

#[test]
fn play_a_script_and_interactively() {
    let clean = dir("cli/clean");
    // The script's third choice does not exist: the transcript says so and the exit code is 1.
    let (code, out, _) = story(&["play", &clean, "--seed", "3", "--choices", "2,1,3"]);
    assert_eq!(code, 1);
    expect![[r#"
        == office.lobby [The office] turn 0
           vars: stress=20 tickets=0 met_sdm=false
        The lobby. Stress: calm.
          1. Work a week.
          2. Meet the SDM.
          3. Quit. [locked: Not stressed enough]
        > 2
        == office.sdm [The office] turn 1
           changed: stress=30 (was 20) met_sdm=true (was false)
        The SDM wants a report.
          1. Back to the lobby.
        > 1
        == office.lobby [The office] turn 2
        The lobby. Stress: calm.
          1. Work a week.
          2. Quit. [locked: Not stressed enough]
        > 3
        choose error: there is no choice 3
    "#]]
    .assert_eq(&out);
    assert_eq!(story(&["play", &clean, "--choices", "2,1"]).0, 0);

    let input = "2\n:set stress 70\n9\nu\n:jump office.forever\n";
    let (code, out, _) = story_with_input(&["play", &clean], input);
    assert_eq!(code, 0);
    assert!(out.contains("== office.sdm [The office] turn 1"), "{out}");
    assert!(out.contains("set stress = 70\n"), "{out}");
    assert!(out.contains("changed: stress=70 (was 30)\n"), "{out}");
    assert!(out.contains("there is no choice 9"), "{out}");
    assert!(out.contains("ENDING stay: You stay"), "{out}");
}

#[test]
fn schema_prints_the_committed_files() {
    let root = fixtures().join("../../story/schema");
    for kind in ["manifest", "chapter"] {
        let (code, out, _) = story(&["schema", kind]);
        assert_eq!(code, 0);
        let committed = std::fs::read_to_string(root.join(format!("{kind}.schema.json")))
            .expect("committed schema");
        assert_eq!(out, committed, "story/schema/{kind}.schema.json");
    }
}

#[test]
fn path_prints_a_script_that_play_replays_to_the_goal() {
    let clean = dir("cli/clean");
    for goal in ["office.sdm", "stay"] {
        let (code, script, err) = story(&["path", &clean, goal]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(&format!("--choices {}", script.trim())),
            "{err}"
        );
        let (code, out, _) = story(&["play", &clean, "--choices", script.trim()]);
        assert_eq!(code, 0, "{out}");
        let last = out
            .lines()
            .rev()
            .find(|l| l.starts_with("== "))
            .unwrap_or("");
        match goal {
            "stay" => assert!(out.contains("ENDING stay"), "{out}"),
            _ => assert!(last.starts_with("== office.sdm "), "{out}"),
        }
    }
    // The shortest: the SDM is one choice away.
    assert_eq!(story(&["path", &clean, "office.sdm"]).1, "2\n");
}

#[test]
fn play_scripts_take_jump_and_set_and_count_choices_from_1() {
    let clean = dir("cli/clean");
    let (code, out, _) = story(&[
        "play",
        &clean,
        "--choices",
        ":set stress 95,:jump office.lobby,3",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("> :set stress 95\nset stress = 95\n"), "{out}");
    assert!(out.contains("ENDING"), "{out}");
    let (code, out, _) = story(&["play", &clean, "--choices", "3"]);
    assert_eq!(code, 1);
    assert!(out.ends_with("choose error: choice 3 is locked\n"), "{out}");
    let (code, out, _) = story(&["play", &clean, "--choices", "two"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("script error: `two` is not a choice number"),
        "{out}"
    );
}

#[test]
fn randomtest_reports_how_much_runs_differ() {
    let (_, out, _) = story(&["randomtest", &dir("cli/clean"), "--runs", "50"]);
    assert!(
        out.contains("replay variety: a run sees ")
            && out.contains("(Jaccard, mean over all pairs of 50 runs)"),
        "{out}"
    );
    let (_, json, _) = story(&[
        "randomtest",
        &dir("cli/clean"),
        "--runs",
        "50",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let overlap = doc["overlap"].as_f64().unwrap_or(-1.0);
    let share = doc["share"].as_f64().unwrap_or(-1.0);
    assert!((0.0..=1.0).contains(&overlap) && overlap < 1.0, "{json}");
    assert!((0.0..1.0).contains(&share) && share > 0.0, "{json}");
    assert_eq!(doc["overlap_runs"], 50);
}

#[test]
fn graph_markdown_is_mermaid_in_a_fence() {
    let (code, md, _) = story(&["graph", &dir("cli/clean"), "--format", "markdown"]);
    let (_, mermaid, _) = story(&["graph", &dir("cli/clean"), "--format", "mermaid"]);
    assert_eq!(code, 0);
    assert_eq!(md, format!("```mermaid\n{mermaid}```\n"));
    assert!(mermaid.ends_with('\n'), "{mermaid}");
}

#[test]
fn unknown_names_suggest_the_fix() {
    let (code, out, _) = story(&["check", &dir("cli/unlisted"), "--format", "short"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[E004]: unknown variable `stres` (did you mean `stress`?)"),
        "{out}"
    );
    assert!(
        out.contains("error[E001]: unknown passage `extra.room`"),
        "{out}"
    );
    assert!(
        out.contains("note: extra.json is in the story folder but not in `chapters` of story.json"),
        "{out}"
    );
}

#[test]
fn shape_errors_speak_of_lists_and_a_trailing_comma_is_pointed_at() {
    let (_, out, _) = story(&["check", &dir("cli/shapes"), "--format", "short"]);
    assert_eq!(
        out,
        "office.json:6:14: error[E003]: found the text \"seed:sucked-in\", expected a list (`[…]`) (in passage office.lobby)\n"
    );
    // The comma ends line 20; serde stops at the `}` on line 21.
    let (_, out, _) = story(&["check", &dir("cli/trailing_comma"), "--format", "short"]);
    assert_eq!(out, "office.json:20:68: error[E002]: trailing comma\n");
}

/// A copy of `cli/clean` in a fresh folder under cargo's test scratch space, changed by `edit`.
fn edited_copy(name: &str, edit: impl FnOnce(&std::path::Path)) -> String {
    let to = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    std::fs::create_dir_all(&to).expect("creates the copy");
    for file in ["story.json", "office.json"] {
        std::fs::copy(fixtures().join("cli/clean").join(file), to.join(file)).expect("copies");
    }
    edit(&to);
    to.display().to_string()
}

/// Replaces the first `from` in `file` with bytes that need not be UTF-8.
fn splice(dir: &std::path::Path, file: &str, from: &str, to: &[u8]) {
    let path = dir.join(file);
    let bytes = std::fs::read(&path).expect("reads");
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .expect("the text to replace is there");
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[at + from.len()..]);
    std::fs::write(path, out).expect("writes");
}

#[test]
fn file_faults_are_diagnostics_or_io_errors_as_documented() {
    // story/README.md: not UTF-8 (E002) and a missing chapter (E015) are findings, exit 1;
    // a manifest that cannot be read or a chapter that exists but cannot be read, exit 2.
    let latin1 = edited_copy("latin1", |d| {
        splice(d, "office.json", "The lobby.", b"The caf\xe9.")
    });
    let (code, out, _) = story(&["check", &latin1, "--format", "short"]);
    expect![[r#"
        office.json:8:23: error[E002]: the file is not UTF-8 text: byte 0xe9 at byte offset 193 is not valid UTF-8 (save story files as UTF-8)
    "#]]
    .assert_eq(&out);
    assert_eq!(code, 1);
    let (code, _, err) = story(&["play", &latin1]);
    assert_eq!((code, err.contains("error[E002]")), (1, true), "{err}");
    let bad_manifest = edited_copy("manifest", |d| splice(d, "story.json", "Clean", b"\xff"));
    let (code, out, _) = story(&["check", &bad_manifest, "--format", "short"]);
    expect![[r#"
        story.json:5:13: error[E002]: the file is not UTF-8 text: byte 0xff at byte offset 106 is not valid UTF-8 (save story files as UTF-8)
    "#]]
    .assert_eq(&out);
    assert_eq!(code, 1);
    let missing = edited_copy("missing", |d| {
        std::fs::remove_file(d.join("office.json")).expect("removes")
    });
    let (code, out, _) = story(&["check", &missing, "--format", "short"]);
    assert_eq!((code, out.contains("error[E015]")), (1, true), "{out}");
    let unreadable = edited_copy("unreadable", |d| {
        std::fs::remove_file(d.join("office.json")).expect("removes");
        std::fs::create_dir(d.join("office.json")).expect("a folder in its place");
    });
    let (code, _, err) = story(&["check", &unreadable]);
    assert_eq!(
        (code, err.starts_with("error: cannot read ")),
        (2, true),
        "{err}"
    );
    let no_manifest = edited_copy("no-manifest", |d| {
        std::fs::remove_file(d.join("story.json")).expect("removes")
    });
    let (code, _, err) = story(&["check", &no_manifest]);
    assert_eq!(
        (code, err.starts_with("error: cannot read ")),
        (2, true),
        "{err}"
    );
}
