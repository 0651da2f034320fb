//! Randomtest's results pinned for fixed seeds, so that making a step cheaper cannot change
//! a single run: the endings and lengths of the first runs, and a digest of the whole report
//! (every count, finding, replay, length and the variety numbers). Recorded before the
//! randomtest speed work; a change here is a change in what the runs do, never a speed-up.

use story_engine::{load, randomtest, RandomOptions, RandomReport, SourceFile};

/// FNV-1a of the report's `Debug` text: any difference anywhere in the report changes it.
fn digest(report: &RandomReport) -> u64 {
    format!("{report:?}")
        .bytes()
        .fold(0xCBF2_9CE4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        })
}

fn run(fixture: &str, runs: u32, seed: u64) -> RandomReport {
    let story = crate::support::story(fixture);
    let opts = RandomOptions {
        runs,
        seed,
        ..RandomOptions::default()
    };
    randomtest(&story, opts, &mut |_| {})
}

#[test]
fn weekloop_runs_are_pinned() {
    // Two lanes of storylet pools with conditions, priorities, cooldowns and visit limits.
    let r = run("weekloop", 1000, 41);
    assert_eq!(r.lengths[..8], [42; 8], "lengths of the first runs");
    let endings: Vec<(&str, u32)> = r.endings.iter().map(|(k, &v)| (k.as_str(), v)).collect();
    assert_eq!(
        endings,
        [("burnout", 4), ("lifer", 984), ("promoted", 12)],
        "runs per ending"
    );
    assert_eq!(r.lengths.iter().map(|&n| u64::from(n)).sum::<u64>(), 41_986);
    assert_eq!(digest(&r), 3_084_387_376_423_845_060, "the whole report");
}

#[test]
fn storylets_runs_are_pinned() {
    let r = run("storylets", 700, 5);
    assert_eq!(r.lengths[..8], [15; 8], "lengths of the first runs");
    let endings: Vec<(&str, u32)> = r.endings.iter().map(|(k, &v)| (k.as_str(), v)).collect();
    assert_eq!(endings, [("weekend", 700)], "runs per ending");
    assert_eq!(r.lengths.iter().map(|&n| u64::from(n)).sum::<u64>(), 10_500);
    assert_eq!(digest(&r), 14_536_877_811_486_005_939, "the whole report");
}

#[test]
fn an_achievement_condition_that_fails_is_a_runtime_error() {
    // Randomtest skips unlocking achievements when no condition of theirs can fail; this one
    // can (division by a counter that reaches 0), so unlocking runs and its error is reported
    // at the passage whose choice led there.
    let manifest = SourceFile {
        path: "story.json".into(),
        text: r#"{"format": 1, "id": "a", "title": "A", "version": "1", "start": "c.start",
"chapters": ["c.json"], "variables": {"n": {"kind": "counter", "start": 1}},
"endings": {"done": {"title": "Done"}},
"achievements": {"sharp": {"title": "Sharp", "description": "x", "when": "100 / n < 1"}}}"#
            .into(),
    };
    let chapter = SourceFile {
        path: "c.json".into(),
        text: r#"{"id": "c", "title": "C", "passages": {
"start": {"text": "x", "choices": [{"text": "Drop.", "goto": "end", "effects": ["n -= 1"]}]},
"end": {"text": "End.", "ending": "done"}}}"#
            .into(),
    };
    let story = load(&manifest, &[chapter]).story.expect("loads");
    let r = randomtest(
        &story,
        RandomOptions {
            runs: 3,
            ..RandomOptions::default()
        },
        &mut |_| {},
    );
    let errors: Vec<(&str, &str, u32)> = r
        .errors
        .iter()
        .map(|f| (f.message.as_str(), f.passage.as_str(), f.count))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].1, errors[0].2), ("c.start", 3));
    assert!(errors[0].0.contains("division by zero"), "{errors:?}");
    assert!(r.endings.is_empty());
}
