//! Play: `start` and `choose` compute new states from old ones. Moves, tunnels, storylet draws,
//! fallbacks, effects and achievements live here.
//!
//! Pure functions of (story, state, input): no IO, no clock, randomness only from the PRNG in
//! the state. Automatic moves have a step budget and tunnels a depth limit, so a looping story
//! returns an error instead of hanging.

use crate::runtime::error::{eval_error, PlayError, MAX_DEPTH, STEP_BUDGET};
use crate::runtime::model::{Choice, Move, Passage, PassageIdx, Story};
use crate::runtime::rules::{draw, run_effects, truthy, unlock, StateEnv};
use crate::runtime::state::{Rng, State};

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
            _ if choice.locked.is_some() && !taken(state, choice) => out.push(Shown {
                index,
                enabled: false,
            }),
            _ => {}
        }
    }
    Ok(out)
}

fn taken(state: &State, choice: &Choice) -> bool {
    choice.once_slot.is_some_and(|slot| state.is_taken(slot))
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
    if taken(state, choice) {
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

/// How many passages the loop message names.
const TRAIL: usize = 8;

/// Counts automatic moves and remembers the last few passages for the loop message (by index
/// in a fixed ring, so counting allocates nothing).
pub(crate) struct Steps {
    count: u32,
    trail: [PassageIdx; TRAIL],
}

impl Steps {
    pub(crate) fn new() -> Steps {
        Steps {
            count: 0,
            trail: [0; TRAIL],
        }
    }

    fn step(&mut self, story: &Story, idx: PassageIdx) -> Result<(), PlayError> {
        self.trail[self.count as usize % TRAIL] = idx;
        self.count += 1;
        if self.count > STEP_BUDGET {
            let start = self.count as usize;
            let trail = (0..TRAIL)
                .map(|k| self.trail[(start + k) % TRAIL])
                .filter_map(|i| story.at(i).map(|p| p.id.clone()))
                .collect();
            return Err(PlayError::StepBudget { trail });
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
        visits: vec![0; story.passages.len()],
        last_visit: vec![0; story.passages.len()],
        taken: vec![0; story.once_slots.div_ceil(64) as usize],
        turn: 0,
        seed,
        rng: seed,
        achievements: Default::default(),
    }
}

/// Takes choice `index` of the view (an index into `View::choices`).
pub fn choose(story: &Story, state: &State, index: usize) -> Result<State, PlayError> {
    choose_forced(story, state, index, None)
}

/// [`choose`], except that a `draw` enters `storylet` (one of `rules::eligible`) instead of
/// rolling the PRNG: exhaustive tests fork on every storylet a draw could pick.
pub(crate) fn choose_forced(
    story: &Story,
    state: &State,
    index: usize,
    storylet: Option<PassageIdx>,
) -> Result<State, PlayError> {
    let (idx, passage) = current(story, state)?;
    let shown = shown_choices(story, state, passage)?;
    let pick = shown.get(index).ok_or(PlayError::NoSuchChoice(index))?;
    if !pick.enabled {
        return Err(PlayError::ChoiceDisabled(index));
    }
    let mut next = state.clone();
    advance(story, &mut next, idx, pick.index, storylet)?;
    unlock(story, &mut next)?;
    Ok(next)
}

/// Takes choice `choice` (an index into the passage's choices, one [`shown_choices`] lists as
/// enabled) of passage `idx`, the current one, in place, and does not unlock achievements: the
/// step without the copy of the state, for callers that checked the choice themselves and drop
/// the state on an error (randomtest). Returns what [`settle`] returns.
pub(crate) fn advance(
    story: &Story,
    state: &mut State,
    idx: PassageIdx,
    choice: usize,
    storylet: Option<PassageIdx>,
) -> Result<Option<Vec<Shown>>, PlayError> {
    state.turn = state.turn.saturating_add(1);
    let mut steps = Steps::new();
    take(story, state, idx, choice, &mut steps, storylet)?;
    settle(story, state, &mut steps)
}

pub(crate) fn current<'s>(
    story: &'s Story,
    state: &State,
) -> Result<(PassageIdx, &'s Passage), PlayError> {
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
    storylet: Option<PassageIdx>,
) -> Result<(), PlayError> {
    let passage = story
        .at(from)
        .ok_or_else(|| PlayError::UnknownPassage(state.passage.clone()))?;
    let Some(choice) = passage.choices.get(choice) else {
        return Err(PlayError::NoSuchChoice(choice));
    };
    if let Some(slot) = choice.once_slot {
        state.mark_taken(slot);
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
            let drawn = match storylet {
                Some(forced) => Some(forced),
                None => {
                    let mut rng = Rng(state.rng);
                    let drawn = draw(story, state, pool, &mut rng)?;
                    state.rng = rng.0;
                    drawn
                }
            };
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

pub(crate) fn enter(
    story: &Story,
    state: &mut State,
    idx: PassageIdx,
    steps: &mut Steps,
) -> Result<(), PlayError> {
    let passage = story
        .at(idx)
        .ok_or_else(|| PlayError::UnknownPassage(idx.to_string()))?;
    steps.step(story, idx)?;
    state.passage.clone_from(&passage.id);
    state.count_visit(idx);
    run_effects(story, state, &passage.on_enter, &passage.id)
}

/// Takes fallbacks while the current passage offers nothing else. Returns the choices it
/// listed for the passage it stopped at, if it had to list them (they stay true until the next
/// move: unlocking achievements changes nothing a condition reads).
pub(crate) fn settle(
    story: &Story,
    state: &mut State,
    steps: &mut Steps,
) -> Result<Option<Vec<Shown>>, PlayError> {
    loop {
        let (idx, passage) = current(story, state)?;
        if passage.ending.is_some() || !passage.choices.iter().any(|c| c.fallback) {
            return Ok(None);
        }
        let shown = shown_choices(story, state, passage)?;
        if shown.iter().any(|s| s.enabled) {
            return Ok(Some(shown));
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
        let Some(pick) = pick else {
            return Ok(Some(shown));
        };
        take(story, state, idx, pick, steps, None)?;
    }
}
