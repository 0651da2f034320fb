//! The `story` binary: exit codes and output formats of `check` and `stats`.

use crate::support::fixtures;
use expect_test::expect;
use std::process::Command;

fn story(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_story"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn dir(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

#[test]
fn check_exit_codes() {
    assert_eq!(story(&["check", &dir("basic")]), (0, String::new()));
    let (code, out) = story(&["check", &dir("diag/e001")]);
    assert_eq!(code, 1);
    expect![[r#"
        c.json:14:19: error[E001]: unknown passage `c.nope` (in passage c.a)
    "#]]
    .assert_eq(&out);
    let (code, out) = story(&["check", &dir("diag/w003")]);
    assert_eq!((code, out.contains("warning[W003]")), (0, true));
    assert_eq!(story(&["check"]).0, 2);
    assert_eq!(story(&["frobnicate", "x"]).0, 2);
    assert_eq!(story(&["check", "/nonexistent/story"]).0, 2);
}

#[test]
fn stats_json() {
    let (code, out) = story(&["stats", &dir("basic"), "--format", "json"]);
    assert_eq!(code, 0);
    expect![[r#"
        {
          "passages": 3,
          "words": 35,
          "choices": 4,
          "endings": 1,
          "chapters": {
            "one": {
              "passages": 3,
              "words": 29
            }
          },
          "tags": {
            "seed:start": 1
          }
        }
    "#]]
    .assert_eq(&out);
}
