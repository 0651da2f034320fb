//! The shipped story in `story/` must load with zero errors, random playthroughs must never hit
//! a play error, and saves from earlier versions of it must still load.

use crate::support::{load_dir, shipped, story};
use std::path::Path;
use story_engine::{random_walk, WalkEnd};

fn story_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../story")
}

#[test]
fn shipped_story_loads_without_errors() {
    let loaded = load_dir(&story_dir());
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    for d in loaded.diagnostics.iter().filter(|d| !d.is_error()) {
        eprintln!("story/{d}");
    }
    assert!(
        errors.is_empty(),
        "the story in story/ has {} error(s) (fix the story files, not the engine):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn shipped_story_random_walks_never_fail() {
    let story = shipped();
    let mut problems = Vec::new();
    for seed in 0..200 {
        let walk = random_walk(&story, seed, 500);
        if let WalkEnd::Error(e) = &walk.end {
            problems.push(format!("seed {seed}: {e}"));
        }
    }
    assert!(
        problems.is_empty(),
        "random walks failed:\n{}",
        problems.join("\n")
    );
}

#[test]
fn progress_counts_acts_when_the_manifest_has_them() {
    let s = story("acts");
    let at = |chapter: &str| {
        let p = s.progress(chapter);
        (p.index, p.total, p.acts)
    };
    // The side chapter is part of act I: it does not make act I "1 of 3".
    assert_eq!(at("one"), (0, 2, true));
    assert_eq!(at("side"), (0, 2, true));
    assert_eq!(at("two"), (1, 2, true));
    assert_eq!(s.acts()[1].title, "Act II");
    // Without acts, chapters are counted.
    let basic = story("basic");
    let p = basic.progress(&basic.chapters()[0].id);
    assert_eq!((p.index, p.total, p.acts), (0, 1, false));
}

#[test]
fn acts_must_name_each_chapter_once() {
    let dir = crate::support::fixtures().join("acts");
    let read = |name: &str| story_engine::SourceFile {
        path: name.to_owned(),
        text: std::fs::read_to_string(dir.join(name)).expect("fixture"),
    };
    let chapters = [read("one.json"), read("side.json"), read("two.json")];
    let manifest = read("story.json");
    let broken = manifest.text.replace(
        r#""chapters": [
        "two"
      ]"#,
        r#""chapters": [
        "side",
        "three"
      ]"#,
    );
    assert_ne!(broken, manifest.text, "the fixture's layout changed");
    let loaded = story_engine::load(
        &story_engine::SourceFile {
            path: "story.json".into(),
            text: broken,
        },
        &chapters,
    );
    let messages: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        messages,
        [
            "chapter `two` is in no act: when `acts` is given, every chapter belongs to one",
            "chapter `side` is in two acts: a chapter belongs to one act",
            "`acts` names chapter `three`, which no chapter file has as its `id`",
        ]
    );
}

/// A save made with story version 0.1.0, standing on `joining.handover` when that passage was
/// the `act_one` ending. The ending is retired; the save still loads, and play goes on into
/// act II.
#[test]
fn a_save_from_the_retired_act_one_ending_plays_on_into_act_two() {
    let story = shipped();
    let old = r#"{"format":1,"story":"mss","version":"0.1.0","state":{
        "passage":"joining.handover","stack":[],
        "vars":{"name":"Alex","team":"change","stress":48,"weeks":1,"deviated":true},
        "visits":{"joining.leaving_tac":1,"joining.handover":1},
        "last_visit":{"joining.leaving_tac":0,"joining.handover":31},
        "taken":[],"turn":31,"seed":7,"rng":12345,"achievements":[]}}"#;
    let state = story_engine::restore(&story, old).expect("an act I save still loads");
    let shown = story_engine::view(&story, &state).expect("it views");
    assert_eq!(
        shown.ending, None,
        "joining.handover is no longer an ending"
    );
    let onward: Vec<String> = (0..shown.choices.len())
        .filter(|&i| shown.choices[i].enabled)
        .map(|i| {
            let next = story_engine::choose(&story, &state, i).expect("a choice plays");
            next.passage().to_owned()
        })
        .collect();
    assert!(
        onward.iter().any(|p| p == "daily.week"),
        "act I leads into act II's first week, got {onward:?}"
    );
}
