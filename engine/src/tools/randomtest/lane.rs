//! One lane of a randomtest: a range of consecutive seeds played on one thread with its own
//! least-used bias, and the merge of lanes in seed order into the report. Not the threading:
//! `randomtest` hands lanes to threads.

use super::{mean_overlap, Checks, RandomOptions, RandomReport, Replay, RunFinding, OVERLAP_RUNS};
use crate::runtime::model::{PassageIdx, Story};
use crate::runtime::play::{advance, shown_choices, start, Shown};
use crate::runtime::rules::unlock;
use crate::runtime::state::{mix, Rng};
use crate::runtime::view::view;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};

/// How one run ended.
enum End {
    Ending(String),
    Stuck(String),
    Error(String, String),
    TurnLimit(String),
}

/// What the runs of a lane found, in seed order; lanes of later seeds are appended.
pub(super) struct Lane {
    endings: BTreeMap<String, u32>,
    hits: Vec<u32>,
    errors: BTreeMap<String, RunFinding>,
    softlocks: BTreeMap<String, RunFinding>,
    turn_limit: Option<RunFinding>,
    lengths: Vec<u32>,
    share_sum: f64,
    /// The passages each of the first `OVERLAP_RUNS` runs saw, as bit sets.
    sets: Vec<u64>,
}

impl Lane {
    pub(super) fn new(story: &Story) -> Lane {
        Lane {
            endings: BTreeMap::new(),
            hits: vec![0; story.passages.len()],
            errors: BTreeMap::new(),
            softlocks: BTreeMap::new(),
            turn_limit: None,
            lengths: Vec::new(),
            share_sum: 0.0,
            sets: Vec::new(),
        }
    }

    /// Plays the runs of `runs` (run `i` with seed `opts.seed + i`); counts each into `done`.
    pub(super) fn run(
        story: &Story,
        opts: RandomOptions,
        checks: &Checks,
        runs: Range<u32>,
        done: &AtomicU32,
    ) -> Lane {
        let mut lane = Lane::new(story);
        // Uses of each choice (by passage and choice index) across this lane's runs: the bias.
        let mut uses: Vec<Vec<u32>> = story
            .passages
            .iter()
            .map(|p| vec![0; p.choices.len()])
            .collect();
        let mut seen_in_run = vec![u32::MAX; story.passages.len()];
        let words = story.passages.len().div_ceil(64);
        for run in runs {
            let seed = opts.seed.wrapping_add(u64::from(run));
            let mut replay = Replay {
                seed,
                choices: Vec::new(),
            };
            let mut bits = vec![0u64; words];
            let mut see = |i: PassageIdx| {
                if let Some(seen) = seen_in_run.get_mut(i as usize) {
                    if *seen != run {
                        *seen = run;
                        if let Some(hits) = lane.hits.get_mut(i as usize) {
                            *hits += 1;
                        }
                        if let Some(w) = bits.get_mut(i as usize / 64) {
                            *w |= 1 << (i % 64);
                        }
                    }
                }
            };
            let end = play(story, opts, checks, &mut uses, &mut replay, &mut see);
            lane.lengths.push(replay.choices.len() as u32);
            let seen: u32 = bits.iter().map(|w| w.count_ones()).sum();
            lane.share_sum += f64::from(seen) / story.passages.len().max(1) as f64;
            if run < OVERLAP_RUNS {
                lane.sets.extend(&bits);
            }
            lane.note(end, &replay, opts.max_turns);
            done.fetch_add(1, Ordering::Relaxed);
        }
        lane
    }

    fn note(&mut self, end: End, replay: &Replay, max_turns: u32) {
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
            End::Ending(id) => *self.endings.entry(id).or_default() += 1,
            End::Stuck(p) => note(
                &mut self.softlocks,
                p.clone(),
                "no enabled choice and not an ending".into(),
                p,
            ),
            End::Error(m, p) => note(&mut self.errors, m.clone(), m, p),
            End::TurnLimit(p) => {
                let f = self.turn_limit.get_or_insert_with(|| RunFinding {
                    message: format!("still playing after {max_turns} choices"),
                    passage: p,
                    count: 0,
                    first: replay.clone(),
                });
                f.count += 1;
            }
        }
    }

    /// Adds `later` (the lane of the next seeds): counts add up, first runs stay the earliest.
    pub(super) fn append(&mut self, later: Lane) {
        for (id, n) in later.endings {
            *self.endings.entry(id).or_default() += n;
        }
        for (mine, theirs) in self.hits.iter_mut().zip(later.hits) {
            *mine += theirs;
        }
        for (mine, theirs) in [
            (&mut self.errors, later.errors),
            (&mut self.softlocks, later.softlocks),
        ] {
            for (key, f) in theirs {
                mine.entry(key)
                    .and_modify(|m| m.count += f.count)
                    .or_insert(f);
            }
        }
        match (&mut self.turn_limit, later.turn_limit) {
            (Some(mine), Some(theirs)) => mine.count += theirs.count,
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
        self.lengths.extend(later.lengths);
        self.share_sum += later.share_sum;
        self.sets.extend(later.sets);
    }

    pub(super) fn report(self, story: &Story, opts: RandomOptions) -> RandomReport {
        let words = story.passages.len().div_ceil(64);
        let (overlap, overlap_runs) = mean_overlap(&self.sets, words);
        RandomReport {
            runs: opts.runs,
            endings: self.endings,
            passages: story
                .passages
                .iter()
                .zip(self.hits)
                .map(|(p, n)| (p.id.clone(), n))
                .collect(),
            softlocks: self.softlocks.into_values().collect(),
            errors: self.errors.into_values().collect(),
            turn_limit: self.turn_limit,
            lengths: self.lengths,
            share: self.share_sum / f64::from(opts.runs.max(1)),
            overlap,
            overlap_runs,
        }
    }
}

/// Plays one run from `replay.seed`, taking the least-used enabled choice (ties by the seeded
/// PRNG) and recording each choice in `replay`; `see` is told every passage a choice is made in
/// or the run ends at.
fn play(
    story: &Story,
    opts: RandomOptions,
    checks: &Checks,
    uses: &mut [Vec<u32>],
    replay: &mut Replay,
    see: &mut dyn FnMut(PassageIdx),
) -> End {
    let mut rng = Rng(mix(replay.seed ^ 0xA5A5_A5A5_5A5A_5A5A));
    let mut state = match start(story, replay.seed) {
        Err(e) => return End::Error(e.to_string(), story.start().to_owned()),
        Ok(state) => state,
    };
    // What `settle` listed for the passage the last step stopped at, if it listed it.
    let mut listed = None;
    loop {
        let Some(&pidx) = story.index.get(&state.passage) else {
            return End::Error("lost".into(), state.passage.clone());
        };
        see(pidx);
        // Rendering text is most of the cost of a step: only render text that can fail.
        if checks.text.get(pidx as usize) == Some(&true) {
            if let Err(e) = view(story, &state) {
                return End::Error(e.to_string(), state.passage.clone());
            }
        }
        let Some(passage) = story.at(pidx) else {
            return End::Error("lost".into(), state.passage.clone());
        };
        if let Some(e) = passage.ending.and_then(|e| story.endings.get(e as usize)) {
            return End::Ending(e.id.clone());
        }
        if replay.choices.len() >= opts.max_turns as usize {
            return End::TurnLimit(state.passage.clone());
        }
        let shown = match listed.take() {
            Some(shown) => shown,
            None => match shown_choices(story, &state, passage) {
                Ok(s) => s,
                Err(e) => return End::Error(e.to_string(), state.passage.clone()),
            },
        };
        let Some(counts) = uses.get_mut(pidx as usize) else {
            return End::Error("lost".into(), state.passage.clone());
        };
        let least = shown
            .iter()
            .filter(|s| s.enabled)
            .map(|s| counts.get(s.index).copied().unwrap_or(0))
            .min();
        let Some(least) = least else {
            return End::Stuck(state.passage.clone());
        };
        let least_used = |s: &&Shown| s.enabled && counts.get(s.index).copied() == Some(least);
        let ties = shown.iter().filter(least_used).count();
        let nth = rng.below(ties as u64) as usize;
        let pick = shown
            .iter()
            .enumerate()
            .filter(|(_, s)| least_used(s))
            .nth(nth)
            .map_or(0, |(i, _)| i);
        let Some(choice) = shown.get(pick).map(|s| s.index) else {
            return End::Error("lost".into(), state.passage.clone());
        };
        if let Some(c) = counts.get_mut(choice) {
            *c += 1;
        }
        replay.choices.push(pick);
        // The step in place: `choose` would copy the state (every variable, by name) and list
        // the choices again, which was most of a step's cost; and achievements only when their
        // conditions can fail, since nothing else here depends on them.
        let step = advance(story, &mut state, pidx, choice, None).and_then(|shown| {
            if checks.achievements {
                unlock(story, &mut state)?;
            }
            Ok(shown)
        });
        match step {
            Ok(shown) => listed = shown,
            Err(e) => return End::Error(e.to_string(), passage.id.clone()),
        }
    }
}
