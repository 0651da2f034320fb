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
    let (code, out, _) = run(&["quicktest", &dir("weekloop"), "--max-states", "50"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("stopped at --max-states 50"), "{out}");
    assert!(out.ends_with("QUICKTEST INCOMPLETE\n"), "{out}");
    assert!(!out.contains("PASSED"), "{out}");
    let (_, json, _) = run(&[
        "quicktest",
        &dir("weekloop"),
        "--max-states",
        "50",
        "--format",
        "json",
    ]);
    assert!(json.contains("\"outcome\": \"incomplete\""), "{json}");
    assert!(json.contains("\"passed\": false"), "{json}");
}
