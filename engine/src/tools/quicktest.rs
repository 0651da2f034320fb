//! Exhaustive play (`story quicktest`): a walk that forks the state at every enabled choice and
//! at every storylet a draw could pick, and reports the passages, endings and achievements it
//! never reached, the runtime errors and the softlocks it met, each with the path of choices that
//! leads there.
//!
//! Play is exact (the real `choose`), so nothing it reaches is fake. It terminates, where the
//! story allows, by merging states that cannot behave differently from here on: the memo key
//! (`live.rs`) keeps only what a reachable later read can see, and of integers only the class
//! of values that behave alike. The merging is sound: a state is dropped only when an explored
//! one is equivalent, so a walk that runs out of states is complete. When `max_states` stops
//! it first, the report says `complete: false` and its coverage is a lower bound; it never
//! passes. Passages take turns (one state each per round), so a stopped walk has still given
//! every reachable passage its share. `random(…)` in effects follows the seed; quicktest does
//! not fork on dice (randomtest does).

mod domain;
mod live;
mod proof;

use crate::runtime::error::PlayError;
use crate::runtime::model::{Move, Story};
use crate::runtime::play::{choose_forced, shown_choices, start};
use crate::runtime::replay::Replay;
use crate::runtime::rules::eligible;
use crate::runtime::state::{mix, Rng, State};
use crate::runtime::view::view;
use crate::tools::author::plain;
use crate::tools::randomtest::{fallible_text, randomtest, RandomOptions, RunFinding};
use live::Live;
pub use proof::{Alarm, Proof};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet, VecDeque};

/// Bounds of the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuickOptions {
    /// The seed of the run (dice in effects follow it).
    pub seed: u64,
    /// Explored states at most, in all; past it the concrete walk stops and the proof takes
    /// over.
    pub max_states: u32,
    /// Seeded random runs (randomtest's) made for witnesses when the concrete walk stops.
    pub runs: u32,
}

impl Default for QuickOptions {
    fn default() -> Self {
        QuickOptions {
            seed: 0,
            max_states: 200_000,
            runs: 2_000,
        }
    }
}

/// A problem met during a test run, with how to get there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What went wrong.
    pub message: String,
    /// The passage it happened in.
    pub passage: String,
    /// The choices (their text) from the start that lead there; a drawn storylet shows as
    /// `→ id` after the choice that drew it.
    pub path: Vec<String>,
    /// How many explored states (or random runs) met the same problem.
    pub count: u32,
    /// A run that meets it, for `story play --seed S --choices …` (random runs, and walk paths
    /// that draw no storylet).
    pub replay: Option<Replay>,
}

/// The verdict of a walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Complete, and no errors, no softlocks, every passage and ending reached.
    Passed,
    /// An error or softlock was found, or (complete) something is never reached.
    Failed,
    /// Stopped at a limit before finding any problem: nothing is proven.
    Incomplete,
}

/// What the exhaustive walk found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuickReport {
    /// States explored.
    pub states: u32,
    /// States not explored because an explored state is equivalent from there on.
    pub merged: u32,
    /// False when `max_states` stopped the walk early.
    pub complete: bool,
    /// Passages reached, of all passages.
    pub reached: u32,
    /// Passages never reached, in story order.
    pub unreached_passages: Vec<String>,
    /// Endings reached, with how many explored states reached each.
    pub endings: BTreeMap<String, u32>,
    /// Declared endings never reached.
    pub unreached_endings: Vec<String>,
    /// Declared achievements never unlocked.
    pub unreached_achievements: Vec<String>,
    /// Runtime errors, one per distinct message.
    pub errors: Vec<Finding>,
    /// Passages where a player is stuck (no enabled choice, not an ending).
    pub softlocks: Vec<Finding>,
    /// When the concrete walk stopped at `max_states`: the abstract walk's result.
    pub proof: Option<Proof>,
    /// Random runs made for witnesses (0 when the concrete walk was complete).
    pub runs: u32,
    /// Passages (and `ending …`) the proof cannot rule out but no concrete run reached.
    pub unwitnessed: Vec<String>,
}

impl QuickReport {
    /// The verdict: a problem found fails even an incomplete walk; a walk stopped early with
    /// none found is incomplete, never passed.
    pub fn outcome(&self) -> Outcome {
        if !self.errors.is_empty() || !self.softlocks.is_empty() {
            Outcome::Failed
        } else if !self.complete {
            Outcome::Incomplete
        } else if self.unreached_passages.is_empty() && self.unreached_endings.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Failed
        }
    }

    /// Complete, no errors, no softlocks, every passage and ending reached.
    pub fn passed(&self) -> bool {
        self.outcome() == Outcome::Passed
    }
}

/// A step of the walk, kept small (the walk holds one per explored state): its parent, the
/// choice's index in the parent's view, and the storylet a draw was forced to. Findings
/// rebuild their paths' text by replaying the steps.
#[derive(Clone, Copy)]
struct Step {
    parent: u32,
    choice: u32,
    storylet: u32,
}

const NONE: u32 = u32::MAX;

struct Walker<'s> {
    story: &'s Story,
    seed: u64,
    live: Live,
    fallible: Vec<bool>,
    steps: Vec<Step>,
    seen: HashSet<u128>,
    /// States waiting (depth first, so only the current path's siblings are held).
    stack: Vec<(State, u32)>,
    report: QuickReport,
    /// Per distinct problem: the finding and the step it happened after (with the failing move).
    errors: BTreeMap<String, (Finding, u32, Option<Step>)>,
    softlocks: BTreeMap<String, (Finding, u32)>,
    /// Whether each passage (by index) was reached.
    reached: Vec<bool>,
    unlocked: HashSet<String>,
}

/// Walks every path of `story` within the bounds of `opts`; when the walk cannot finish,
/// proves what it can by the abstract walk and finds witnesses by random runs. `progress` is
/// called now and then with the states explored so far and the passages reached.
pub fn quicktest(
    story: &Story,
    opts: QuickOptions,
    progress: &mut dyn FnMut(u32, u32),
) -> QuickReport {
    let report = walk(story, opts, progress);
    if report.complete {
        return report;
    }
    let proof = proof::prove(story);
    let runs = randomtest(
        story,
        RandomOptions {
            runs: opts.runs,
            seed: opts.seed,
            max_turns: 1000,
            ..RandomOptions::default()
        },
        &mut |_| {},
    );
    settle_by_proof(story, report, proof, runs.runs, &runs)
}

/// The verdict from the stopped walk, the proof and the random runs: every concrete problem
/// stands; coverage counts only passages a concrete run reached; the result is complete when
/// the proof raised no alarm and every passage and ending it may reach has a witness.
fn settle_by_proof(
    story: &Story,
    mut r: QuickReport,
    proof: Proof,
    runs: u32,
    random: &crate::tools::randomtest::RandomReport,
) -> QuickReport {
    let seen: HashSet<&str> = random
        .passages
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(p, _)| p.as_str())
        .collect();
    let mut reached = 0;
    let mut unreached = Vec::new();
    let mut unwitnessed = Vec::new();
    for (i, p) in story.passages.iter().enumerate() {
        let witnessed = !r.unreached_passages.contains(&p.id) || seen.contains(p.id.as_str());
        if witnessed {
            reached += 1;
            continue;
        }
        unreached.push(p.id.clone());
        if proof.reachable.get(i) == Some(&true) {
            unwitnessed.push(p.id.clone());
        }
    }
    for (e, n) in &random.endings {
        *r.endings.entry(e.clone()).or_default() += n;
    }
    r.unreached_endings.retain(|e| !r.endings.contains_key(e));
    for e in &r.unreached_endings {
        if proof.endings.contains(e) {
            unwitnessed.push(format!("ending {e}"));
        }
    }
    let finding = |f: &RunFinding| Finding {
        message: f.message.clone(),
        passage: f.passage.clone(),
        path: replay_text(story, &f.first),
        count: f.count,
        replay: Some(f.first.clone()),
    };
    for f in &random.errors {
        if !r.errors.iter().any(|e| e.message == f.message) {
            r.errors.push(finding(f));
        }
    }
    for f in &random.softlocks {
        if !r.softlocks.iter().any(|e| e.passage == f.passage) {
            r.softlocks.push(finding(f));
        }
    }
    r.reached = reached;
    r.unreached_passages = unreached;
    r.complete = proof.alarms.is_empty() && unwitnessed.is_empty();
    r.unwitnessed = unwitnessed;
    r.runs = runs;
    r.proof = Some(proof);
    r
}

/// The text of the choices of a replay, as the walk's paths show them.
fn replay_text(story: &Story, replay: &Replay) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(mut state) = start(story, replay.seed) else {
        return out;
    };
    for &i in &replay.choices {
        let Ok(v) = view(story, &state) else { break };
        out.push(
            v.choices
                .get(i)
                .map(|c| crate::runtime::inline::Inline::plain(&c.text))
                .unwrap_or_default(),
        );
        match crate::runtime::play::choose(story, &state, i) {
            Ok(next) => state = next,
            Err(_) => break,
        }
    }
    out
}

/// The concrete walk alone.
fn walk(story: &Story, opts: QuickOptions, progress: &mut dyn FnMut(u32, u32)) -> QuickReport {
    let mut w = Walker {
        story,
        seed: opts.seed,
        live: Live::new(story),
        fallible: fallible_text(story),
        steps: Vec::new(),
        seen: HashSet::new(),
        stack: Vec::new(),
        report: QuickReport {
            complete: true,
            ..QuickReport::default()
        },
        errors: BTreeMap::new(),
        softlocks: BTreeMap::new(),
        reached: vec![false; story.passages.len()],
        unlocked: HashSet::new(),
    };
    let root = Step {
        parent: NONE,
        choice: NONE,
        storylet: NONE,
    };
    match start(story, opts.seed) {
        Ok(s) => w.offer(s, root),
        Err(e) => w.error(&e, story.start(), NONE, None),
    }
    let mut reached = 0;
    while let Some((state, step)) = w.stack.pop() {
        if w.report.states >= opts.max_states {
            w.report.complete = false;
            break;
        }
        let Some(&idx) = story.index.get(&state.passage) else {
            continue;
        };
        w.report.states += 1;
        if let Some(r @ false) = w.reached.get_mut(idx as usize) {
            *r = true;
            reached += 1;
        }
        if w.report.states.is_multiple_of(4096) {
            progress(w.report.states, reached);
        }
        w.expand(idx, &state, step);
    }
    progress(w.report.states, reached);
    w.finish()
}

impl Walker<'_> {
    /// Queues a new state unless an equivalent one was seen.
    fn offer(&mut self, state: State, step: Step) {
        let Some(&idx) = self.story.index.get(&state.passage) else {
            return;
        };
        if !self.seen.insert(self.live.key(self.story, idx, &state)) {
            self.report.merged += 1;
            return;
        }
        self.steps.push(step);
        self.stack.push((state, self.steps.len() as u32 - 1));
    }

    fn expand(&mut self, pidx: u32, state: &State, step: u32) {
        let story = self.story;
        self.unlocked
            .extend(state.achievements().map(str::to_owned));
        if self.fallible.get(pidx as usize) == Some(&true) {
            if let Err(e) = view(story, state) {
                return self.error(&e, &state.passage, step, None);
            }
        }
        let Some(passage) = story.at(pidx) else {
            return;
        };
        if let Some(e) = passage.ending.and_then(|e| story.endings.get(e as usize)) {
            *self.report.endings.entry(e.id.clone()).or_default() += 1;
            return;
        }
        let shown = match shown_choices(story, state, passage) {
            Ok(s) => s,
            Err(e) => return self.error(&e, &state.passage, step, None),
        };
        if !shown.iter().any(|s| s.enabled) {
            let f = self.softlocks.entry(passage.id.clone()).or_insert((
                Finding {
                    message: "no enabled choice and not an ending".into(),
                    passage: passage.id.clone(),
                    path: Vec::new(),
                    count: 0,
                    replay: None,
                },
                step,
            ));
            f.0.count += 1;
            return;
        }
        for (i, s) in shown.iter().enumerate().filter(|(_, s)| s.enabled) {
            for (storylet, next) in successors(story, state, i, passage.choices.get(s.index)) {
                let move_ = Step {
                    parent: step,
                    choice: i as u32,
                    storylet: storylet.unwrap_or(NONE),
                };
                match next {
                    Ok(next) => self.offer(next, move_),
                    Err(e) => self.error(&e, &passage.id, step, Some(move_)),
                }
            }
        }
    }

    fn error(&mut self, e: &PlayError, passage: &str, step: u32, failing: Option<Step>) {
        let message = e.to_string();
        let f = self.errors.entry(message.clone()).or_insert((
            Finding {
                message,
                passage: passage.to_owned(),
                path: Vec::new(),
                count: 0,
                replay: None,
            },
            step,
            failing,
        ));
        f.0.count += 1;
    }

    fn finish(mut self) -> QuickReport {
        let story = self.story;
        let mut r = std::mem::take(&mut self.report);
        r.reached = self.reached.iter().filter(|&&r| r).count() as u32;
        r.unreached_passages = story
            .passages
            .iter()
            .zip(&self.reached)
            .filter(|(_, &r)| !r)
            .map(|(p, _)| p.id.clone())
            .collect();
        r.unreached_endings = story
            .endings
            .iter()
            .filter(|e| !r.endings.contains_key(&e.id))
            .map(|e| e.id.clone())
            .collect();
        r.unreached_achievements = story
            .achievements
            .iter()
            .filter(|a| !self.unlocked.contains(&a.id))
            .map(|a| a.id.clone())
            .collect();
        let errors = std::mem::take(&mut self.errors);
        r.errors = errors
            .into_values()
            .map(|(mut f, step, failing)| {
                f.path = self.path(step, failing);
                f
            })
            .collect();
        let softlocks = std::mem::take(&mut self.softlocks);
        r.softlocks = softlocks
            .into_values()
            .map(|(mut f, step)| {
                f.path = self.path(step, None);
                f
            })
            .collect();
        r
    }

    /// The text of the choices from the start to `step` (then the failing move, if any),
    /// rebuilt by replaying them.
    fn path(&self, mut at: u32, failing: Option<Step>) -> Vec<String> {
        let mut moves: Vec<Step> = failing.into_iter().collect();
        while let Some(s) = self.steps.get(at as usize) {
            if s.parent != NONE {
                moves.push(*s);
            }
            at = s.parent;
        }
        moves.reverse();
        let story = self.story;
        let mut out = Vec::new();
        let Ok(mut state) = start(story, self.seed) else {
            return out;
        };
        for m in moves {
            let label = crate::runtime::play::current(story, &state)
                .ok()
                .and_then(|(_, p)| {
                    let shown = shown_choices(story, &state, p).ok()?;
                    let c = p.choices.get(shown.get(m.choice as usize)?.index)?;
                    Some(plain(&c.text))
                })
                .unwrap_or_default();
            let storylet = (m.storylet != NONE).then_some(m.storylet);
            out.push(match storylet.and_then(|i| story.at(i)) {
                Some(p) => format!("{label} → {}", p.id),
                None => label,
            });
            match choose_forced(story, &state, m.choice as usize, storylet) {
                Ok(next) => state = next,
                Err(_) => break,
            }
        }
        out
    }
}

/// The states choice `i` of the view leads to: one, or one per storylet a draw could pick
/// (with the storylet).
fn successors(
    story: &Story,
    state: &State,
    i: usize,
    choice: Option<&crate::runtime::model::Choice>,
) -> Vec<(Option<u32>, Result<State, PlayError>)> {
    match choice.map(|c| &c.action) {
        Some(Move::Draw { pool, .. }) => match eligible(story, state, pool) {
            Ok(list) => list
                .into_iter()
                .map(|(idx, _)| (Some(idx), choose_forced(story, state, i, Some(idx))))
                .collect(),
            Err(e) => vec![(None, Err(e))],
        },
        _ => vec![(None, choose_forced(story, state, i, None))],
    }
}

/// The passages `goal` names: the passage of that id, or every passage of the ending of that
/// id; none when it names neither.
fn goal_passages(story: &Story, goal: &str) -> Vec<u32> {
    match story.index.get(goal) {
        Some(&i) => vec![i],
        None => match story.endings.iter().position(|e| e.id == goal) {
            Some(e) => (0..story.passages.len() as u32)
                .filter(|&i| story.at(i).and_then(|p| p.ending) == Some(e as u32))
                .collect(),
            None => Vec::new(),
        },
    }
}

/// `story path`: the shortest list of choices (indices into each view's choices) that leads
/// from `from` to `goal` — a passage id, or an ending id (any passage of that ending) — found
/// breadth first over the same memo key as the walk. Draws roll the state's own PRNG, so
/// replaying the list from the same state (the same seed) takes the same way. `None` when the
/// goal names nothing or no route is found within `max_states` states.
pub fn path_to(story: &Story, from: &State, goal: &str, max_states: u32) -> Option<Vec<usize>> {
    let goals = goal_passages(story, goal);
    if goals.is_empty() {
        return None;
    }
    let live = Live::new(story);
    // (parent, choice) per queued state.
    let mut steps: Vec<(Option<u32>, usize)> = Vec::new();
    let mut seen = HashSet::new();
    let mut queue = VecDeque::new();
    let idx = *story.index.get(&from.passage)?;
    seen.insert(live.key(story, idx, from));
    queue.push_back((from.clone(), idx, None::<u32>));
    let mut explored = 0;
    while let Some((state, idx, step)) = queue.pop_front() {
        if goals.contains(&idx) {
            let mut out = Vec::new();
            let mut at = step;
            while let Some(&(parent, choice)) = at.and_then(|i| steps.get(i as usize)) {
                out.push(choice);
                at = parent;
            }
            out.reverse();
            return Some(out);
        }
        explored += 1;
        if explored > max_states {
            return None;
        }
        let Some(passage) = story.at(idx) else {
            continue;
        };
        if passage.ending.is_some() {
            continue;
        }
        let Ok(shown) = shown_choices(story, &state, passage) else {
            continue;
        };
        for (i, _) in shown.iter().enumerate().filter(|(_, s)| s.enabled) {
            let Ok(next) = crate::runtime::play::choose(story, &state, i) else {
                continue;
            };
            let Some(&n) = story.index.get(&next.passage) else {
                continue;
            };
            if seen.insert(live.key(story, n, &next)) {
                steps.push((step, i));
                queue.push_back((next, n, Some(steps.len() as u32 - 1)));
            }
        }
    }
    None
}

/// A way to a passage from the start of a run: the run's seed (draws follow it) and the
/// choices (indices into each view's choices), as `story play --seed … --choices …` takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The seed the run starts with.
    pub seed: u64,
    /// The choices, in order.
    pub choices: Vec<usize>,
}

/// A way to `goal` from the start of a run: first [`path_to`] from the start with `seed`, then
/// with each next seed, `seeds` in all (one seed may never draw the way there), which gives the
/// shortest route when one lies within `max_states` states; past that (deep passages behind a
/// storylet loop), the shortest of [`ROUTE_RUNS`] seeded random runs that reach it, taking the
/// least-used choice as randomtest does. `Ok(None)` when neither finds a way.
pub fn route_from_start(
    story: &Story,
    seed: u64,
    goal: &str,
    seeds: u64,
    max_states: u32,
) -> Result<Option<Route>, PlayError> {
    for seed in (0..seeds).map(|i| seed.wrapping_add(i)) {
        let from = start(story, seed)?;
        if let Some(choices) = path_to(story, &from, goal, max_states) {
            return Ok(Some(Route { seed, choices }));
        }
    }
    route_by_runs(story, seed, goal)
}

/// How many random runs [`route_from_start`] tries once its breadth-first search gives up.
pub const ROUTE_RUNS: u32 = 2_000;
/// The longest random run [`route_from_start`] plays (randomtest's default turn limit).
const ROUTE_TURNS: usize = 1_000;

/// The shortest of [`ROUTE_RUNS`] random runs (seeds `seed`, `seed + 1`, …) that reach `goal`,
/// cut where they first reach it.
fn route_by_runs(story: &Story, seed: u64, goal: &str) -> Result<Option<Route>, PlayError> {
    let goals = goal_passages(story, goal);
    if goals.is_empty() {
        return Ok(None);
    }
    let mut uses: Vec<Vec<u32>> = story
        .passages
        .iter()
        .map(|p| vec![0; p.choices.len()])
        .collect();
    let mut best: Option<Route> = None;
    for run in 0..u64::from(ROUTE_RUNS) {
        let seed = seed.wrapping_add(run);
        let mut rng = Rng(mix(seed ^ 0x9E37_79B9_7F4A_7C15));
        let mut state = start(story, seed)?;
        let mut choices = Vec::new();
        // A run stops at an ending, at `ROUTE_TURNS` choices (a loop it cannot leave), or once
        // it is no shorter than the best route so far.
        let limit = best.as_ref().map_or(ROUTE_TURNS, |b| b.choices.len());
        while choices.len() < limit {
            let Some(&idx) = story.index.get(&state.passage) else {
                break;
            };
            if goals.contains(&idx) {
                best = Some(Route { seed, choices });
                break;
            }
            let Some(passage) = story.at(idx).filter(|p| p.ending.is_none()) else {
                break;
            };
            let Ok(shown) = shown_choices(story, &state, passage) else {
                break;
            };
            let counts = &mut uses[idx as usize];
            let usage = |s: &crate::runtime::play::Shown| counts.get(s.index).copied();
            let Some(least) = shown.iter().filter(|s| s.enabled).filter_map(usage).min() else {
                break;
            };
            let candidates: Vec<usize> = (0..shown.len())
                .filter(|&i| shown[i].enabled && usage(&shown[i]) == Some(least))
                .collect();
            let pick = candidates[rng.below(candidates.len() as u64) as usize];
            if let Some(c) = counts.get_mut(shown[pick].index) {
                *c += 1;
            }
            choices.push(pick);
            let Ok(next) = crate::runtime::play::choose(story, &state, pick) else {
                break;
            };
            state = next;
        }
    }
    Ok(best)
}

/// Plays `route` from the start, choice by choice, as a player would: the state it reaches
/// is a real one (visits, turns, draws and effects all played), not a jump.
pub fn play_route(story: &Story, route: &Route) -> Result<State, PlayError> {
    let first = start(story, route.seed)?;
    route.choices.iter().try_fold(first, |state, &c| {
        crate::runtime::play::choose(story, &state, c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_fails_even_an_incomplete_walk_and_nothing_else_passes_it() {
        let found = Finding {
            message: "division by zero".into(),
            passage: "a.b".into(),
            path: Vec::new(),
            count: 1,
            replay: None,
        };
        let stopped = QuickReport::default();
        assert_eq!(stopped.outcome(), Outcome::Incomplete);
        let failed = QuickReport {
            errors: vec![found],
            ..QuickReport::default()
        };
        assert_eq!(failed.outcome(), Outcome::Failed);
        let unreached = QuickReport {
            complete: true,
            unreached_endings: vec!["rich".into()],
            ..QuickReport::default()
        };
        assert_eq!(unreached.outcome(), Outcome::Failed);
        let done = QuickReport {
            complete: true,
            ..QuickReport::default()
        };
        assert!(done.passed());
    }
}
