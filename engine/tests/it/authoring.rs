//! Author tooling as a library: the committed JSON Schema is current, story files may name it
//! with `$schema`, and the shipped story passes `check` cleanly, `quicktest` reaches every
//! passage and ending, and `randomtest` finds no softlock or runtime error.

use crate::support::{fixtures, load_dir, shipped, story};
use expect_test::expect_file;
use std::path::{Path, PathBuf};
use story_engine::{quicktest, randomtest, schema, QuickOptions, RandomOptions, SchemaKind};

fn story_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../story")
}

/// Fails when a raw type changed but `story/schema/` was not regenerated
/// (`UPDATE_EXPECT=1 cargo test -p story-engine` or `story schema … > story/schema/…`).
#[test]
fn committed_schema_is_current() {
    expect_file!["../../../story/schema/manifest.schema.json"]
        .assert_eq(&schema(SchemaKind::Manifest));
    expect_file!["../../../story/schema/chapter.schema.json"]
        .assert_eq(&schema(SchemaKind::Chapter));
}

#[test]
fn schema_key_is_accepted_and_other_unknown_keys_are_not() {
    // The clean fixture names the schema in both files.
    let loaded = load_dir(&fixtures().join("cli/clean"));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(loaded.story.is_some());
    let manifest = std::fs::read_to_string(fixtures().join("cli/clean/story.json")).unwrap();
    assert!(manifest.contains("\"$schema\""));
    let bad = story_engine::load(
        &story_engine::SourceFile {
            path: "story.json".into(),
            text: manifest.replace("\"$schema\"", "\"$schemata\""),
        },
        &[],
    );
    assert!(bad.diagnostics.iter().any(|d| d.code.as_str() == "E003"));
}

#[test]
fn quicktest_and_randomtest_agree_on_fixtures() {
    let clean = story("cli/clean");
    let q = quicktest(&clean, QuickOptions::default(), &mut |_, _| {});
    assert!(q.passed() && q.complete, "{q:?}");
    let r = randomtest(
        &clean,
        RandomOptions {
            runs: 100,
            ..RandomOptions::default()
        },
        &mut |_| {},
    );
    assert!(r.passed(), "{r:?}");
    assert_eq!(r.endings.values().sum::<u32>(), 100);

    let soft = story("cli/softlock");
    let q = quicktest(&soft, QuickOptions::default(), &mut |_, _| {});
    assert_eq!(
        (q.unreached_passages, q.unreached_endings),
        (vec!["a.vault".to_owned()], vec!["rich".to_owned()])
    );
    let r = randomtest(&soft, RandomOptions::default(), &mut |_| {});
    let stuck = &r.softlocks[0];
    // The least-used bias alternates the two first choices exactly.
    assert_eq!((stuck.passage.as_str(), stuck.count), ("a.shop", 500));
}

#[test]
fn shipped_story_checks_without_warnings() {
    let all: Vec<String> = load_dir(&story_dir())
        .diagnostics
        .iter()
        .map(|d| format!("story/{d}"))
        .collect();
    assert!(
        all.is_empty(),
        "`story check story` must be clean:\n{}",
        all.join("\n")
    );
}

// The shipped story's quicktest (abstract proof + witness runs) runs in release as a stage of
// `cargo xtask test` (`xtask/src/stages.rs`): in debug the proof alone takes half a minute.

#[test]
fn randomtest_reports_the_same_on_one_thread_or_many() {
    // 2,000 runs are four lanes: merged in seed order, the report must not see the threads.
    let story = crate::support::story("storylets");
    let report = |threads| {
        let opts = RandomOptions {
            runs: 2000,
            seed: 7,
            threads,
            ..RandomOptions::default()
        };
        randomtest(&story, opts, &mut |_| {})
    };
    let one = report(1);
    assert_eq!(one.lengths.len(), 2000);
    assert_eq!(report(3), one);
    assert_eq!(report(0), one);
}

#[test]
fn shipped_story_randomtest_finds_no_softlock_or_error() {
    let story = shipped();
    let opts = RandomOptions {
        runs: 1000,
        ..RandomOptions::default()
    };
    let r = randomtest(&story, opts, &mut |_| {});
    let problems: Vec<String> = r
        .softlocks
        .iter()
        .chain(&r.errors)
        .map(|f| {
            let choices: Vec<String> = f
                .first
                .choices
                .iter()
                .map(|c| (c + 1).to_string())
                .collect();
            format!(
                "{} at {} in {} run(s); replay: story play story --seed {} --choices {}",
                f.message,
                f.passage,
                f.count,
                f.first.seed,
                choices.join(",")
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "randomtest on story/:\n{}",
        problems.join("\n")
    );
}

/// The diagnostics table of `story/README.md` (the one reference writers read) lists every code
/// the engine has, and no other.
#[test]
fn readme_lists_every_diagnostic_code() {
    let readme = std::fs::read_to_string(story_dir().join("README.md")).expect("story/README.md");
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split(' ').next())
        .filter(|c| c.len() == 4 && (c.starts_with('E') || c.starts_with('W')))
        .collect();
    let codes: Vec<&str> = story_engine::Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, codes, "story/README.md#diagnostics is out of date");
}
