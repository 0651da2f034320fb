//! The shipped story in `story/` (whatever the writers have committed so far) must load with
//! zero errors, and random playthroughs must never hit a play error.

use crate::support::load_dir;
use std::path::Path;
use story_engine::{random_walk, WalkEnd};

fn story_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../story")
}

#[test]
fn shipped_story_loads_without_errors() {
    let dir = story_dir();
    if !dir.join("story.json").exists() {
        eprintln!("no story/story.json yet: nothing to check");
        return;
    }
    let loaded = load_dir(&dir);
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
    let dir = story_dir();
    if !dir.join("story.json").exists() {
        return;
    }
    let Some(story) = load_dir(&dir).story else {
        return;
    };
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
