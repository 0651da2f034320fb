//! The rules a move applies: how expressions read the state, effects (with clamping and
//! fairmath), storylet draws and achievement unlocks.
//!
//! Split from `play` so that the move machinery (tunnels, fallbacks, budgets) reads on its own.
//! Everything here is a pure function of story and state, plus the state's PRNG.

use crate::runtime::error::{eval_error, PlayError};
use crate::runtime::expr::{self, Effect, EffectOp, Env, EvalError, Expr};
use crate::runtime::model::{PassageIdx, Story, VarKind};
use crate::runtime::state::{hash, Rng, State, Value};

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
        self.state.visits(self.story, passage)
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

/// The eligible storylet drawn from `pool`, if any: highest priority, then by weight.
pub(crate) fn draw(
    story: &Story,
    state: &State,
    pool: &str,
    rng: &mut Rng,
) -> Result<Option<PassageIdx>, PlayError> {
    let best = eligible(story, state, pool)?;
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

/// The storylets of `pool` a draw picks from now, with their weights: the eligible ones of the
/// highest priority. Exhaustive tests fork on each of them instead of rolling the PRNG.
pub(crate) fn eligible(
    story: &Story,
    state: &State,
    pool: &str,
) -> Result<Vec<(PassageIdx, u32)>, PlayError> {
    let Some(members) = story.pools.get(pool) else {
        return Ok(Vec::new());
    };
    let mut env = StateEnv::new(story, state);
    let mut best: Vec<(PassageIdx, u32)> = Vec::new();
    let mut best_priority = i32::MIN;
    for &idx in members {
        let Some(p) = story.at(idx) else { continue };
        let Some(s) = &p.storylet else { continue };
        let visits = state.visits_at(idx);
        if s.max_visits.is_some_and(|m| visits >= m) || s.weight == 0 {
            continue;
        }
        if let (Some(c), Some(last)) = (s.cooldown, state.last_visit_at(idx)) {
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
    Ok(best)
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
        // Overwrite in place: `insert` would allocate a copy of the name on every effect.
        match state.vars.get_mut(var) {
            Some(slot) => *slot = new,
            None => {
                state.vars.insert(var.clone(), new);
            }
        }
    }
    Ok(())
}

/// `+= -= %+ %-` on integers; fairmath moves a percentage of the way to the bound, rounded to
/// nearest (ChoiceScript).
pub(crate) fn arith(op: EffectOp, x: i64, n: i64, min: i64, max: i64) -> Option<i64> {
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
pub(crate) fn unlock(story: &Story, state: &mut State) -> Result<(), PlayError> {
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
