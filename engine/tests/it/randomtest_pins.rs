//! Randomtest's results pinned for fixed seeds, so that making a step cheaper cannot change
//! a single run: the endings and lengths of the first runs, and a digest of the whole report
//! (every count, finding, replay, length and the variety numbers). Recorded before the
//! randomtest speed work; a change here is a change in what the runs do, never a speed-up.

use story_engine::{randomtest, RandomOptions, RandomReport};

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
