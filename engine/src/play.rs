//! Play: `start` and `choose` compute new states from old ones. Moves, tunnels, storylet draws,
//! fallbacks, effects and achievements live here.
//!
//! Pure functions of (story, state, input): no IO, no clock, randomness only from the PRNG in
//! the state. Automatic moves have a step budget and tunnels a depth limit, so a looping story
//! returns an error instead of hanging.

use crate::expr::{self, Effect, EffectOp, Env, EvalError, Expr};
use crate::model::{Choice, Move, Passage, PassageIdx, Story, VarKind};
use crate::state::{hash, Rng, State, Value};
use std::fmt;

/// The deepest tunnel nesting allowed.
pub const MAX_DEPTH: usize = 16;
/// Passages entered by one `start` or `choose` before play is declared stuck in a loop.
pub const STEP_BUDGET: u32 = 1000;

/// Why a move could not be made. Messages are lowercase and name the passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayError {
    /// The state names a passage the story does not have (a state from another story).
    UnknownPassage(String),
    /// `choose` got an index past the end of the view's choices.
    NoSuchChoice(usize),
    /// `choose` got the index of a locked choice.
    ChoiceDisabled(usize),
    /// An expression failed at run time (division by zero, overflow).
    Eval {
        /// Where it happened.
        passage: String,
        /// What happened.
        message: String,
    },
    /// Automatic moves (fallbacks, returns) went on past [`STEP_BUDGET`].
    StepBudget {
        /// The last passages entered, oldest first.
        trail: Vec<String>,
    },
    /// A `call` or `draw` went deeper than [`MAX_DEPTH`].
    DepthLimit(String),
    /// A `return` outside any tunnel.
    EmptyStack(String),
    /// A `draw` found no eligible storylet.
    EmptyPool {
        /// The pool.
        pool: String,
        /// The passage of the choice.
        passage: String,
    },
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlayError::UnknownPassage(p) => write!(f, "unknown passage `{p}`"),
            PlayError::NoSuchChoice(i) => write!(f, "there is no choice {i}"),
            PlayError::ChoiceDisabled(i) => write!(f, "choice {i} is locked"),
            PlayError::Eval { passage, message } => write!(f, "{message} (in passage {passage})"),
            PlayError::StepBudget { trail } => write!(
                f,
                "more than {STEP_BUDGET} automatic moves: the story loops without a choice (last: {})",
                trail.join(" → ")
            ),
            PlayError::DepthLimit(p) => {
                write!(f, "tunnels nested deeper than {MAX_DEPTH} (in passage {p})")
            }
            PlayError::EmptyStack(p) => write!(f, "`return` outside any tunnel (in passage {p})"),
            PlayError::EmptyPool { pool, passage } => {
                write!(f, "no eligible storylet in pool `{pool}` (in passage {passage})")
            }
        }
    }
}

impl std::error::Error for PlayError {}

pub(crate) fn eval_error(passage: &str, e: EvalError) -> PlayError {
    PlayError::Eval {
        passage: passage.to_owned(),
        message: e.to_string(),
    }
}

/// Expressions read the state through this; `rng` is a copy the caller may write back.
pub(crate) struct StateEnv<'a> {
    story: &'a Story,
    state: &'a State,
    pub rng: Rng,
}

impl<'a> StateEnv<'a> {
    /// For reading: conditions and text. Random numbers come from a copy of the PRNG mixed
    /// with the turn, so they differ from turn to turn without the state changing.
    pub(crate) fn new(story: &'a Story, state: &'a State) -> StateEnv<'a> {
        let rng = Rng(hash(&[state.rng, u64::from(state.turn)], &state.passage));
        StateEnv { story, state, rng }
    }

    /// For effects: the state's own PRNG, which the caller writes back.
    fn drawing(story: &'a Story, state: &'a State) -> StateEnv<'a> {
        StateEnv {
            story,
            state,
            rng: Rng(state.rng),
        }
    }
}

impl Env for StateEnv<'_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.state.vars.get(name).cloned()
    }
    fn visits(&self, passage: &str) -> u32 {
        self.state.visits(passage)
    }
    fn turns(&self) -> u32 {
        self.state.turn
    }
    fn word(&self, name: &str) -> Option<String> {
        self.story
            .word(name, self.state.vars.get(name)?)
            .map(str::to_owned)
    }
    fn random(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.range(lo, hi)
    }
}

pub(crate) fn truthy(cond: &Expr, env: &mut dyn Env) -> Result<bool, EvalError> {
    Ok(expr::eval(cond, env)? == Value::Bool(true))
}

/// A choice as listed in the view: its index in the passage and whether it can be taken.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shown {
    pub index: usize,
    pub enabled: bool,
}

/// The non-fallback choices the player sees, in order.
pub(crate) fn shown_choices(
    story: &Story,
    state: &State,
    passage: &Passage,
) -> Result<Vec<Shown>, PlayError> {
    let mut env = StateEnv::new(story, state);
    let mut out = Vec::new();
    for (index, choice) in passage.choices.iter().enumerate() {
        if choice.fallback {
            continue;
        }
        match open(story, state, passage, choice, &mut env)? {
            Some(true) => out.push(Shown {
                index,
                enabled: true,
            }),
            _ if choice.locked.is_some() && !taken(state, passage, choice) => out.push(Shown {
                index,
                enabled: false,
            }),
            _ => {}
        }
    }
    Ok(out)
}

fn taken(state: &State, passage: &Passage, choice: &Choice) -> bool {
    choice.once
        && choice
            .id
            .as_ref()
            .is_some_and(|id| state.taken.contains(&format!("{}#{id}", passage.id)))
}

/// `Some(true)` when the choice can be taken, `Some(false)` when its condition (or its pool)
/// says no, `None` when it is a once-only choice already taken.
fn open(
    story: &Story,
    state: &State,
    passage: &Passage,
    choice: &Choice,
    env: &mut StateEnv<'_>,
) -> Result<Option<bool>, PlayError> {
    if taken(state, passage, choice) {
        return Ok(None);
    }
    if let Some(cond) = &choice.cond {
        if !truthy(cond, env).map_err(|e| eval_error(&passage.id, e))? {
            return Ok(Some(false));
        }
    }
    if let Move::Draw { pool, .. } = &choice.action {
        let mut rng = env.rng;
        if draw(story, state, pool, &mut rng)?.is_none() {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

/// Counts automatic moves and remembers the last few passages for the loop message.
pub(crate) struct Steps {
    count: u32,
    trail: Vec<String>,
}

impl Steps {
    fn new() -> Steps {
        Steps {
            count: 0,
            trail: Vec::new(),
        }
    }

    fn step(&mut self, passage: &str) -> Result<(), PlayError> {
        self.count += 1;
        if self.trail.len() == 8 {
            self.trail.remove(0);
        }
        self.trail.push(passage.to_owned());
        if self.count > STEP_BUDGET {
            return Err(PlayError::StepBudget {
                trail: self.trail.clone(),
            });
        }
        Ok(())
    }
}

/// A new run at the story's start.
pub fn start(story: &Story, seed: u64) -> Result<State, PlayError> {
    let mut state = fresh(story, seed);
    let mut steps = Steps::new();
    enter(story, &mut state, story.start, &mut steps)?;
    settle(story, &mut state, &mut steps)?;
    unlock(story, &mut state)?;
    Ok(state)
}

/// A state with start values, before entering any passage.
pub(crate) fn fresh(story: &Story, seed: u64) -> State {
    State {
        passage: String::new(),
        stack: Vec::new(),
        vars: story
            .variables
            .iter()
            .map(|v| (v.name.clone(), v.start.clone()))
            .collect(),
        visits: Default::default(),
        last_visit: Default::default(),
        taken: Default::default(),
        turn: 0,
        seed,
        rng: seed,
        achievements: Default::default(),
    }
}

/// Takes choice `index` of the view (an index into `View::choices`).
pub fn choose(story: &Story, state: &State, index: usize) -> Result<State, PlayError> {
    let (idx, passage) = current(story, state)?;
    let shown = shown_choices(story, state, passage)?;
    let pick = shown.get(index).ok_or(PlayError::NoSuchChoice(index))?;
    if !pick.enabled {
        return Err(PlayError::ChoiceDisabled(index));
    }
    let mut next = state.clone();
    next.turn = next.turn.saturating_add(1);
    let mut steps = Steps::new();
    take(story, &mut next, idx, pick.index, &mut steps)?;
    settle(story, &mut next, &mut steps)?;
    unlock(story, &mut next)?;
    Ok(next)
}

fn current<'s>(story: &'s Story, state: &State) -> Result<(PassageIdx, &'s Passage), PlayError> {
    let idx = *story
        .index
        .get(&state.passage)
        .ok_or_else(|| PlayError::UnknownPassage(state.passage.clone()))?;
    let passage = story
        .at(idx)
        .ok_or_else(|| PlayError::UnknownPassage(state.passage.clone()))?;
    Ok((idx, passage))
}

fn take(
    story: &Story,
    state: &mut State,
    from: PassageIdx,
    choice: usize,
    steps: &mut Steps,
) -> Result<(), PlayError> {
    let passage = story
        .at(from)
        .ok_or_else(|| PlayError::UnknownPassage(state.passage.clone()))?;
    let Some(choice) = passage.choices.get(choice) else {
        return Err(PlayError::NoSuchChoice(choice));
    };
    if let (true, Some(id)) = (choice.once, &choice.id) {
        state.taken.insert(format!("{}#{id}", passage.id));
    }
    run_effects(story, state, &choice.effects, &passage.id)?;
    let push = |state: &mut State, ret: Option<PassageIdx>| {
        if state.stack.len() >= MAX_DEPTH {
            return Err(PlayError::DepthLimit(passage.id.clone()));
        }
        let back = story
            .at(ret.unwrap_or(from))
            .map_or(passage.id.clone(), |p| p.id.clone());
        state.stack.push(back);
        Ok(())
    };
    match &choice.action {
        Move::Goto(target) => enter(story, state, *target, steps),
        Move::Call { target, ret } => {
            push(state, *ret)?;
            enter(story, state, *target, steps)
        }
        Move::Draw { pool, ret } => {
            let mut rng = Rng(state.rng);
            let drawn = draw(story, state, pool, &mut rng)?;
            state.rng = rng.0;
            let target = drawn.ok_or_else(|| PlayError::EmptyPool {
                pool: pool.clone(),
                passage: passage.id.clone(),
            })?;
            push(state, *ret)?;
            enter(story, state, target, steps)
        }
        Move::Return => {
            let back = state
                .stack
                .pop()
                .ok_or_else(|| PlayError::EmptyStack(passage.id.clone()))?;
            let target = *story
                .index
                .get(&back)
                .ok_or(PlayError::UnknownPassage(back))?;
            enter(story, state, target, steps)
        }
    }
}

fn enter(
    story: &Story,
    state: &mut State,
    idx: PassageIdx,
    steps: &mut Steps,
) -> Result<(), PlayError> {
    let passage = story
        .at(idx)
        .ok_or_else(|| PlayError::UnknownPassage(idx.to_string()))?;
    steps.step(&passage.id)?;
    state.passage.clone_from(&passage.id);
    let visits = state.visits.entry(passage.id.clone()).or_insert(0);
    *visits = visits.saturating_add(1);
    state.last_visit.insert(passage.id.clone(), state.turn);
    run_effects(story, state, &passage.on_enter, &passage.id)
}

/// Takes fallbacks while the current passage offers nothing else.
fn settle(story: &Story, state: &mut State, steps: &mut Steps) -> Result<(), PlayError> {
    loop {
        let (idx, passage) = current(story, state)?;
        if passage.ending.is_some() || !passage.choices.iter().any(|c| c.fallback) {
            return Ok(());
        }
        if shown_choices(story, state, passage)?
            .iter()
            .any(|s| s.enabled)
        {
            return Ok(());
        }
        let mut env = StateEnv::new(story, state);
        let mut pick = None;
        for (i, choice) in passage
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.fallback)
        {
            if open(story, state, passage, choice, &mut env)? == Some(true) {
                pick = Some(i);
                break;
            }
        }
        let Some(pick) = pick else { return Ok(()) };
        take(story, state, idx, pick, steps)?;
    }
}

/// The eligible storylet drawn from `pool`, if any: highest priority, then by weight.
pub(crate) fn draw(
    story: &Story,
    state: &State,
    pool: &str,
    rng: &mut Rng,
) -> Result<Option<PassageIdx>, PlayError> {
    let Some(members) = story.pools.get(pool) else {
        return Ok(None);
    };
    let mut env = StateEnv::new(story, state);
    let mut best: Vec<(PassageIdx, u32)> = Vec::new();
    let mut best_priority = i32::MIN;
    for &idx in members {
        let Some(p) = story.at(idx) else { continue };
        let Some(s) = &p.storylet else { continue };
        let visits = state.visits(&p.id);
        if s.max_visits.is_some_and(|m| visits >= m) || s.weight == 0 {
            continue;
        }
        if let (Some(c), Some(&last)) = (s.cooldown, state.last_visit.get(&p.id)) {
            if state.turn.saturating_sub(last) < c {
                continue;
            }
        }
        if let Some(when) = &s.when {
            if !truthy(when, &mut env).map_err(|e| eval_error(&p.id, e))? {
                continue;
            }
        }
        if s.priority > best_priority {
            best_priority = s.priority;
            best.clear();
        }
        if s.priority == best_priority {
            best.push((idx, s.weight));
        }
    }
    let total: u64 = best.iter().map(|&(_, w)| u64::from(w)).sum();
    if total == 0 {
        return Ok(None);
    }
    let mut r = rng.below(total);
    for (idx, w) in best {
        if r < u64::from(w) {
            return Ok(Some(idx));
        }
        r -= u64::from(w);
    }
    Ok(None)
}

pub(crate) fn run_effects(
    story: &Story,
    state: &mut State,
    effects: &[Effect],
    passage: &str,
) -> Result<(), PlayError> {
    for effect in effects {
        let (var, op, value) = match effect {
            Effect::Achieve { id, .. } => {
                state.achievements.insert(id.clone());
                continue;
            }
            Effect::Assign { var, op, value, .. } => (var, *op, value),
        };
        let mut env = StateEnv::drawing(story, state);
        let rhs = expr::eval(value, &mut env).map_err(|e| eval_error(passage, e))?;
        state.rng = env.rng.0;
        let Some(decl) = story.variable(var) else {
            continue;
        };
        let old = state
            .vars
            .get(var)
            .cloned()
            .unwrap_or_else(|| decl.start.clone());
        let new = match (op, old, rhs) {
            (EffectOp::Set, _, v) => v,
            (op, Value::Int(x), Value::Int(n)) => Value::Int(
                arith(op, x, n, decl.min, decl.max)
                    .ok_or_else(|| eval_error(passage, EvalError::Overflow))?,
            ),
            (_, _, v) => v,
        };
        let new = match (decl.kind, new) {
            (VarKind::Stat, Value::Int(n)) => Value::Int(n.clamp(decl.min, decl.max)),
            (_, v) => v,
        };
        state.vars.insert(var.clone(), new);
    }
    Ok(())
}

/// `+= -= %+ %-` on integers; fairmath moves a percentage of the way to the bound, rounded to
/// nearest (ChoiceScript).
fn arith(op: EffectOp, x: i64, n: i64, min: i64, max: i64) -> Option<i64> {
    let pct = i128::from(n.clamp(0, 100));
    let part = |distance: i128| (distance.max(0) * pct + 50) / 100;
    match op {
        EffectOp::Set => Some(n),
        EffectOp::Add => x.checked_add(n),
        EffectOp::Sub => x.checked_sub(n),
        EffectOp::FairAdd => {
            i64::try_from(i128::from(x) + part(i128::from(max) - i128::from(x))).ok()
        }
        EffectOp::FairSub => {
            i64::try_from(i128::from(x) - part(i128::from(x) - i128::from(min))).ok()
        }
    }
}

/// Unlocks every achievement whose condition now holds.
fn unlock(story: &Story, state: &mut State) -> Result<(), PlayError> {
    let mut env = StateEnv::new(story, state);
    let mut new = Vec::new();
    for a in &story.achievements {
        if let Some(when) = &a.when {
            if !state.achievements.contains(&a.id)
                && truthy(when, &mut env).map_err(|e| eval_error(&state.passage, e))?
            {
                new.push(a.id.clone());
            }
        }
    }
    state.achievements.extend(new);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fairmath_rounds_to_nearest() {
        assert_eq!(arith(EffectOp::FairAdd, 50, 20, 0, 100), Some(60));
        assert_eq!(arith(EffectOp::FairAdd, 95, 10, 0, 100), Some(96)); // 0.5 rounds up
        assert_eq!(arith(EffectOp::FairSub, 50, 20, 0, 100), Some(40));
        assert_eq!(arith(EffectOp::FairSub, 3, 50, 0, 100), Some(1)); // 1.5 → 2 down
        assert_eq!(arith(EffectOp::FairAdd, 10, 250, 0, 100), Some(100)); // percent clamped
        assert_eq!(arith(EffectOp::Add, i64::MAX, 1, 0, 0), None);
    }
}
