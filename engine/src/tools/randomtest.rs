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
use crate::runtime::play::{choose, shown_choices, start};
use crate::runtime::replay::Replay;
use crate::runtime::state::{mix, Rng, State};
use crate::runtime::view::view;
use serde::Serialize;
use std::collections::BTreeMap;

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomOptions {
    /// Number of runs.
    pub runs: u32,
    /// Run `i` starts the story with seed `seed + i`.
    pub seed: u64,
    /// Choices per run at most; a run still going then counts as a turn-limit run.
    pub max_turns: u32,
}

impl Default for RandomOptions {
    fn default() -> Self {
        RandomOptions {
            runs: 1000,
            seed: 0,
            max_turns: 1000,
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

/// How one run ended.
enum End {
    Ending(String),
    Stuck(String),
    Error(String, String),
    TurnLimit(String),
}

/// Makes `opts.runs` runs; `progress` is called after each with the number done.
pub fn randomtest(
    story: &Story,
    opts: RandomOptions,
    progress: &mut dyn FnMut(u32),
) -> RandomReport {
    // Uses of each choice (by passage and choice index) across all runs: the bias.
    let mut uses: Vec<Vec<u32>> = story
        .passages
        .iter()
        .map(|p| vec![0; p.choices.len()])
        .collect();
    let mut seen_in_run = vec![u32::MAX; story.passages.len()];
    // The passages each run saw, as bit sets (the first `OVERLAP_RUNS` runs), and the sum of
    // the shares of the story each run saw.
    let words = story.passages.len().div_ceil(64);
    let mut sets: Vec<u64> = Vec::new();
    let mut share_sum = 0.0;
    let mut hits = vec![0u32; story.passages.len()];
    let mut report = RandomReport {
        runs: opts.runs,
        ..RandomReport::default()
    };
    let fallible = fallible_text(story);
    let mut errors: BTreeMap<String, RunFinding> = BTreeMap::new();
    let mut softlocks: BTreeMap<String, RunFinding> = BTreeMap::new();
    for run in 0..opts.runs {
        let seed = opts.seed.wrapping_add(u64::from(run));
        let mut rng = Rng(mix(seed ^ 0xA5A5_A5A5_5A5A_5A5A));
        let mut replay = Replay {
            seed,
            choices: Vec::new(),
        };
        let mut bits = vec![0u64; words];
        let mut see = |state: &State| {
            if let Some(&i) = story.index.get(&state.passage) {
                if seen_in_run[i as usize] != run {
                    seen_in_run[i as usize] = run;
                    hits[i as usize] += 1;
                    if let Some(w) = bits.get_mut(i as usize / 64) {
                        *w |= 1 << (i % 64);
                    }
                }
            }
        };
        let end = match start(story, seed) {
            Err(e) => End::Error(e.to_string(), story.start().to_owned()),
            Ok(mut state) => loop {
                see(&state);
                let Some(&pidx) = story.index.get(&state.passage) else {
                    break End::Error("lost".into(), state.passage.clone());
                };
                // Rendering text is most of the cost of a step: only render text that can fail.
                if fallible[pidx as usize] {
                    if let Err(e) = view(story, &state) {
                        break End::Error(e.to_string(), state.passage.clone());
                    }
                }
                let Some(passage) = story.at(pidx) else {
                    break End::Error("lost".into(), state.passage.clone());
                };
                if let Some(e) = passage.ending.and_then(|e| story.endings.get(e as usize)) {
                    break End::Ending(e.id.clone());
                }
                if replay.choices.len() >= opts.max_turns as usize {
                    break End::TurnLimit(state.passage.clone());
                }
                let shown = match shown_choices(story, &state, passage) {
                    Ok(s) => s,
                    Err(e) => break End::Error(e.to_string(), state.passage.clone()),
                };
                let counts = &mut uses[pidx as usize];
                let least = shown
                    .iter()
                    .filter(|s| s.enabled)
                    .map(|s| counts.get(s.index).copied().unwrap_or(0))
                    .min();
                let Some(least) = least else {
                    break End::Stuck(state.passage.clone());
                };
                let candidates: Vec<usize> = shown
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.enabled && counts.get(s.index).copied() == Some(least))
                    .map(|(i, _)| i)
                    .collect();
                let pick = candidates
                    .get(rng.below(candidates.len() as u64) as usize)
                    .copied()
                    .unwrap_or(0);
                if let Some(c) = shown.get(pick).and_then(|s| counts.get_mut(s.index)) {
                    *c += 1;
                }
                replay.choices.push(pick);
                state = match choose(story, &state, pick) {
                    Ok(s) => s,
                    Err(e) => break End::Error(e.to_string(), state.passage.clone()),
                };
            },
        };
        report.lengths.push(replay.choices.len() as u32);
        let seen: u32 = bits.iter().map(|w| w.count_ones()).sum();
        share_sum += f64::from(seen) / story.passages.len().max(1) as f64;
        if run < OVERLAP_RUNS {
            sets.extend(&bits);
        }
        let note = |map: &mut BTreeMap<String, RunFinding>, key: String, message, passage| {
            let f = map.entry(key).or_insert_with(|| RunFinding {
                message,
                passage,
                count: 0,
                first: replay.clone(),
            });
            f.count += 1;
        };
        match end {
            End::Ending(id) => *report.endings.entry(id).or_default() += 1,
            End::Stuck(p) => note(
                &mut softlocks,
                p.clone(),
                "no enabled choice and not an ending".into(),
                p,
            ),
            End::Error(m, p) => note(&mut errors, m.clone(), m, p),
            End::TurnLimit(p) => {
                let f = report.turn_limit.get_or_insert_with(|| RunFinding {
                    message: format!("still playing after {} choices", opts.max_turns),
                    passage: p,
                    count: 0,
                    first: replay.clone(),
                });
                f.count += 1;
            }
        }
        progress(run + 1);
    }
    report.passages = story
        .passages
        .iter()
        .zip(hits)
        .map(|(p, n)| (p.id.clone(), n))
        .collect();
    report.errors = errors.into_values().collect();
    report.softlocks = softlocks.into_values().collect();
    report.share = share_sum / f64::from(opts.runs.max(1));
    (report.overlap, report.overlap_runs) = mean_overlap(&sets, words);
    report
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

/// By passage: whether showing it can fail (its text, choice texts or epilogue hold arithmetic).
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
