//! Seeded random play (`story randomtest`): many runs from the start, each choosing among the
//! enabled choices the one used least so far (ChoiceScript's "avoid used options", cheap
//! coverage-guided fuzzing), with ties broken by a seeded PRNG.
//!
//! Text is rendered only where it holds arithmetic that could fail (the rest cannot), which keeps
//! a step cheap. Reports endings and how often each was reached, how often each passage was seen, softlocks,
//! runtime errors and run lengths. Every finding keeps the seed and the choices of its first
//! run, so a `transcript` replays it exactly. Deterministic: the same options give the same
//! report.

use crate::front::expr::may_fail;
use crate::runtime::expr::Expr;
use crate::runtime::markup::Node;
use crate::runtime::model::{Paragraph, Story};
use crate::runtime::replay::Replay;
use lane::Lane;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

mod lane;

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomOptions {
    /// Number of runs.
    pub runs: u32,
    /// Run `i` starts the story with seed `seed + i`.
    pub seed: u64,
    /// Choices per run at most; a run still going then counts as a turn-limit run.
    pub max_turns: u32,
    /// Threads at most (0: one per core). The report is the same for any number.
    pub threads: u32,
}

impl Default for RandomOptions {
    fn default() -> Self {
        RandomOptions {
            runs: 1000,
            seed: 0,
            max_turns: 1000,
            threads: 0,
        }
    }
}

/// A problem, how many runs met it, and the first run that did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunFinding {
    /// What went wrong.
    pub message: String,
    /// The passage it happened in.
    pub passage: String,
    /// Runs that met it.
    pub count: u32,
    /// The first of them.
    pub first: Replay,
}

/// What the runs found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RandomReport {
    /// Runs made.
    pub runs: u32,
    /// Runs per ending reached (never-reached endings are absent).
    pub endings: BTreeMap<String, u32>,
    /// Every passage in story order, with how many runs saw it.
    pub passages: Vec<(String, u32)>,
    /// Runs stuck at a passage with no enabled choice that is not an ending, by passage.
    pub softlocks: Vec<RunFinding>,
    /// Runs stopped by a runtime error, by message.
    pub errors: Vec<RunFinding>,
    /// Runs still going after `max_turns` choices (a loop the bias could not leave, or a
    /// very long story).
    pub turn_limit: Option<RunFinding>,
    /// Choices taken in each run, in run order.
    pub lengths: Vec<u32>,
    /// How much runs differ: the mean share of the story's passages one run sees (0–1).
    pub share: f64,
    /// The mean Jaccard overlap of the passages two runs see (1: every run sees the same
    /// passages), over every pair of the first `overlap_runs` runs.
    pub overlap: f64,
    /// Runs the overlap was measured over (at most [`OVERLAP_RUNS`]).
    pub overlap_runs: u32,
}

/// Runs whose pairwise overlap is measured: 10,000 runs are 50 million pairs, a fraction of a
/// second with bit sets; past that the first runs are a fair sample (seeds are independent).
pub const OVERLAP_RUNS: u32 = 10_000;

impl RandomReport {
    /// No softlock and no runtime error.
    pub fn passed(&self) -> bool {
        self.softlocks.is_empty() && self.errors.is_empty()
    }

    /// The first failing run (an error, else a softlock), for a replay file.
    pub fn first_failure(&self) -> Option<&RunFinding> {
        self.errors.first().or(self.softlocks.first())
    }
}

/// Runs per lane at least: fewer runs share one lane, so a small randomtest keeps the whole
/// least-used bias (a lane's bias sees only its own runs).
const LANE_RUNS: u32 = 500;

/// Lanes at most: the runs are cut into this many contiguous lanes whatever the machine, so the
/// report does not depend on how many threads ran them.
const MAX_LANES: u32 = 16;

/// Makes `opts.runs` runs; `progress` is called now and then with the number done.
///
/// The runs are cut into lanes of consecutive seeds (their number depends only on `opts.runs`),
/// run on every core with `std::thread::scope`, and merged in seed order: the report is the
/// same on one core or many.
pub fn randomtest(
    story: &Story,
    opts: RandomOptions,
    progress: &mut dyn FnMut(u32),
) -> RandomReport {
    let checks = Checks::new(story);
    let lanes = (opts.runs / LANE_RUNS).clamp(1, MAX_LANES);
    let bounds: Vec<(u32, u32)> = (0..lanes)
        .map(|l| {
            let cut = |l: u32| (u64::from(opts.runs) * u64::from(l) / u64::from(lanes)) as u32;
            (cut(l), cut(l + 1))
        })
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match opts.threads {
        0 => cores,
        n => n as usize,
    }
    .min(lanes as usize);
    let done = AtomicU32::new(0);
    let mut results: Vec<Option<Lane>> = (0..lanes).map(|_| None).collect();
    if threads <= 1 {
        // One core (or wasm, which has no threads): the lanes in order, here.
        for (slot, &(from, to)) in results.iter_mut().zip(&bounds) {
            *slot = Some(Lane::run(story, opts, &checks, from..to, &done));
            progress(to);
        }
    } else {
        run_on_threads(
            story,
            opts,
            &checks,
            &bounds,
            threads,
            &done,
            &mut results,
            progress,
        );
    }
    progress(opts.runs);
    let mut merged = Lane::new(story);
    for lane in results.into_iter().flatten() {
        merged.append(lane);
    }
    merged.report(story, opts)
}

/// Runs the lanes on `threads` threads, each taking the next lane not yet taken, and puts each
/// lane's result in its slot of `results`; the calling thread reports progress meanwhile.
#[allow(clippy::too_many_arguments)] // the pieces of one call, named where they are made
fn run_on_threads(
    story: &Story,
    opts: RandomOptions,
    checks: &Checks,
    bounds: &[(u32, u32)],
    threads: usize,
    done: &AtomicU32,
    results: &mut [Option<Lane>],
    progress: &mut dyn FnMut(u32),
) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(&(from, to)) = bounds.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let lane = Lane::run(story, opts, checks, from..to, done);
                        mine.push((from, lane));
                    }
                    mine
                })
            })
            .collect();
        while workers.iter().any(|w| !w.is_finished()) {
            progress(done.load(Ordering::Relaxed));
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        for worker in workers {
            // A worker that panicked lost its lanes; `join` hands the panic on.
            let lanes = worker
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            for (from, lane) in lanes {
                if let Some(i) = bounds.iter().position(|b| b.0 == from) {
                    results[i] = Some(lane);
                }
            }
        }
    });
}

/// Run lengths in choices: minimum, median, mean and maximum (all 0 for no runs).
pub fn length_summary(lengths: &[u32]) -> (u32, u32, f64, u32) {
    if lengths.is_empty() {
        return (0, 0, 0.0, 0);
    }
    let mut sorted = lengths.to_vec();
    sorted.sort_unstable();
    let mean = sorted.iter().map(|&n| f64::from(n)).sum::<f64>() / sorted.len() as f64;
    (
        sorted[0],
        sorted[sorted.len() / 2],
        mean,
        sorted[sorted.len() - 1],
    )
}

/// The mean Jaccard index |A ∩ B| / |A ∪ B| over every pair of the runs' bit sets (`words`
/// words each), and the number of runs.
fn mean_overlap(sets: &[u64], words: usize) -> (f64, u32) {
    let runs: Vec<&[u64]> = sets.chunks(words.max(1)).collect();
    let mut sum = 0.0;
    let mut pairs = 0u64;
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            let (mut both, mut either) = (0u32, 0u32);
            for (x, y) in a.iter().zip(b.iter()) {
                both += (x & y).count_ones();
                either += (x | y).count_ones();
            }
            sum += if either == 0 {
                1.0
            } else {
                f64::from(both) / f64::from(either)
            };
            pairs += 1;
        }
    }
    let mean = if pairs == 0 { 1.0 } else { sum / pairs as f64 };
    (mean, runs.len() as u32)
}

/// What a run checks beyond its choices, found once per story, so a step does only the work
/// that can change the report.
struct Checks {
    /// By passage: whether showing it can fail ([`fallible_text`]); only those are rendered.
    text: Vec<bool>,
    /// Whether an achievement's condition can fail. If none can, unlocking achievements is
    /// skipped: nothing a run reads or reports depends on them.
    achievements: bool,
}

impl Checks {
    fn new(story: &Story) -> Checks {
        let range = |name: &str| story.int_range(name);
        Checks {
            text: fallible_text(story),
            achievements: story
                .achievements
                .iter()
                .any(|a| a.when.as_ref().is_some_and(|w| may_fail(w, &range))),
        }
    }
}

/// By passage: whether showing it can fail (its text, choice texts or epilogue hold arithmetic).
pub(crate) fn fallible_text(story: &Story) -> Vec<bool> {
    let range = |name: &str| story.int_range(name);
    let fails = |e: &Expr| may_fail(e, &range);
    story
        .passages
        .iter()
        .map(|p| {
            let ending = p.ending.and_then(|e| story.endings.get(e as usize));
            paragraphs_can_fail(&p.text, &fails)
                || p.choices.iter().any(|c| nodes_can_fail(&c.text, &fails))
                || ending.is_some_and(|e| paragraphs_can_fail(&e.paragraphs, &fails))
        })
        .collect()
}

type Fails<'a> = dyn Fn(&Expr) -> bool + 'a;

fn paragraphs_can_fail(paragraphs: &[Paragraph], fails: &Fails<'_>) -> bool {
    paragraphs.iter().any(|p| match p {
        Paragraph::Text(nodes) => nodes_can_fail(nodes, fails),
        Paragraph::Cond {
            cond,
            then,
            otherwise,
        } => {
            fails(cond) || paragraphs_can_fail(then, fails) || paragraphs_can_fail(otherwise, fails)
        }
    })
}

fn nodes_can_fail(nodes: &[Node], fails: &Fails<'_>) -> bool {
    nodes.iter().any(|n| match n {
        Node::Text(_) => false,
        Node::Em(inner) | Node::Strong(inner) => nodes_can_fail(inner, fails),
        Node::Interp(e) => fails(e),
        Node::If {
            cond,
            then,
            otherwise,
        } => fails(cond) || nodes_can_fail(then, fails) || nodes_can_fail(otherwise, fails),
        Node::Vary { options, .. } => options.iter().any(|o| nodes_can_fail(o, fails)),
    })
}
