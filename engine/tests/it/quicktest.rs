//! `quicktest` is sound and honest: fixtures where merging on conditions alone would miss a
//! failure (a variable read only by an effect, by text, by an achievement), loops that
//! terminate because counters are abstracted, and a walk stopped at its limit that reports
//! INCOMPLETE with exit code 3 instead of passing.

use crate::cli::{dir, story as run};
use crate::support::story;
use story_engine::{quicktest, Outcome, QuickOptions};

fn walk(name: &str) -> story_engine::QuickReport {
    quicktest(&story(name), QuickOptions::default(), &mut |_, _| {})
}

#[test]
fn a_variable_read_only_by_an_effect_text_or_achievement_is_not_merged_away() {
    for (name, passage) in [
        ("quicktest/effect", "a.mid"),
        ("quicktest/text", "a.end"),
        ("quicktest/achievement", "a.end"),
    ] {
        let r = walk(name);
        assert!(r.complete, "{name}: {r:?}");
        assert_eq!(r.outcome(), Outcome::Failed, "{name}: {r:?}");
        let e = &r.errors[0];
        assert_eq!(
            e.message,
            format!("division by zero (in passage {passage})"),
            "{name}"
        );
        assert_eq!(e.path, ["Zero.", "Go."], "{name}");
    }
}

#[test]
fn counters_that_only_feed_text_and_loops_bounded_by_thresholds_finish() {
    let r = walk("quicktest/counters");
    assert_eq!(r.outcome(), Outcome::Passed, "{r:?}");
    assert!(r.states < 20, "{} states", r.states);
    // Visits, max_visits and cooldowns in a week loop of storylets.
    let r = walk("storylets");
    assert_eq!(r.outcome(), Outcome::Passed, "{r:?}");
}

#[test]
fn a_walk_stopped_at_its_limit_is_incomplete_never_passed() {
    // The concrete walk stops after one state; the proof raises an alarm no run confirms.
    let args = [
        "quicktest",
        &dir("quicktest/loop_error"),
        "--max-states",
        "1",
        "--runs",
        "20",
    ];
    let (code, out, _) = run(&args);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("stopped at --max-states 1"), "{out}");
    assert!(out.contains("not proven: a.start"), "{out}");
    assert!(out.ends_with("QUICKTEST INCOMPLETE\n"), "{out}");
    assert!(!out.contains("PASSED"), "{out}");
    let (_, json, _) = run(&[&args[..], &["--format", "json"]].concat());
    assert!(json.contains("\"outcome\": \"incomplete\""), "{json}");
    assert!(json.contains("\"passed\": false"), "{json}");
}

/// Both ways quicktest can go: the concrete walk alone (it completes on these small stories),
/// and the proof with the walk stopped after one state and a few witness runs.
fn both(name: &str) -> [story_engine::QuickReport; 2] {
    let story = story(name);
    let proof = QuickOptions {
        max_states: 1,
        runs: 20,
        ..QuickOptions::default()
    };
    [
        quicktest(&story, QuickOptions::default(), &mut |_, _| {}),
        quicktest(&story, proof, &mut |_, _| {}),
    ]
}

#[test]
fn errors_behind_loops_counters_and_storylets_are_never_passed() {
    for (name, message) in [
        (
            "quicktest/loop_error",
            "division by zero (in passage a.start)",
        ),
        ("quicktest/widen", "division by zero (in passage a.start)"),
        (
            "quicktest/storylet_error",
            "division by zero (in passage a.start)",
        ),
        (
            "quicktest/counter_softlock",
            "no enabled choice and not an ending",
        ),
    ] {
        let [walk, proof] = both(name);
        assert_eq!(walk.outcome(), Outcome::Failed, "{name}: {walk:?}");
        let found: Vec<&str> = walk
            .errors
            .iter()
            .chain(&walk.softlocks)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(found, [message], "{name}");
        // The proof cannot confirm these with 20 runs, so it must not pass them.
        assert_ne!(proof.outcome(), Outcome::Passed, "{name}: {proof:?}");
        let alarms = proof.proof.as_ref().map_or(0, |p| p.alarms.len());
        assert!(alarms > 0 || !proof.errors.is_empty(), "{name}: {proof:?}");
    }
}

#[test]
fn a_clean_loop_is_proven_by_the_abstract_walk() {
    let [walk, proof] = both("quicktest/clean_loop");
    assert_eq!(walk.outcome(), Outcome::Passed, "{walk:?}");
    assert!(proof.proof.is_some(), "{proof:?}");
    assert_eq!(proof.outcome(), Outcome::Passed, "{proof:?}");
    assert_eq!(proof.reached, 2);
}
