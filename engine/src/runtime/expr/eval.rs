//! Evaluation of checked expressions against an environment (variables, visits, turns, words,
//! random numbers).
//!
//! Arithmetic is checked: overflow and division by zero are errors, never panics or wraps.

use super::{BinOp, Expr, ExprKind, Func, UnOp};
use crate::runtime::state::Value;
use std::fmt;

/// What an expression can read while it runs.
pub(crate) trait Env {
    /// A variable's current value.
    fn var(&self, name: &str) -> Option<Value>;
    /// How many times a passage (full id) was entered.
    fn visits(&self, passage: &str) -> u32;
    /// Choices taken so far.
    fn turns(&self) -> u32;
    /// The word form of a stat's current value.
    fn word(&self, name: &str) -> Option<String>;
    /// A seeded random integer in `lo..=hi` (`lo <= hi`).
    fn random(&mut self, lo: i64, hi: i64) -> i64;
}

/// Why an expression could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EvalError {
    DivisionByZero,
    Overflow,
    /// Only reachable with a state that does not belong to the story.
    Mismatch(String),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::DivisionByZero => f.write_str("division by zero"),
            EvalError::Overflow => f.write_str("integer overflow"),
            EvalError::Mismatch(m) => f.write_str(m),
        }
    }
}

fn int(v: Value) -> Result<i64, EvalError> {
    match v {
        Value::Int(n) => Ok(n),
        other => Err(EvalError::Mismatch(format!(
            "expected an integer, found {other}"
        ))),
    }
}

fn boolean(v: Value) -> Result<bool, EvalError> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(EvalError::Mismatch(format!(
            "expected a boolean, found {other}"
        ))),
    }
}

/// Evaluates `expr`.
pub(crate) fn eval(expr: &Expr, env: &mut dyn Env) -> Result<Value, EvalError> {
    Ok(match &expr.kind {
        ExprKind::Int(n) => Value::Int(*n),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Str(s) => Value::Str(s.clone()),
        ExprKind::Turns => Value::Int(i64::from(env.turns())),
        ExprKind::Var(name) => env
            .var(name)
            .ok_or_else(|| EvalError::Mismatch(format!("unknown variable `{name}`")))?,
        ExprKind::Unary(UnOp::Not, e) => Value::Bool(!boolean(eval(e, env)?)?),
        ExprKind::Unary(UnOp::Neg, e) => Value::Int(
            int(eval(e, env)?)?
                .checked_neg()
                .ok_or(EvalError::Overflow)?,
        ),
        ExprKind::Binary(BinOp::And, a, b) => {
            Value::Bool(boolean(eval(a, env)?)? && boolean(eval(b, env)?)?)
        }
        ExprKind::Binary(BinOp::Or, a, b) => {
            Value::Bool(boolean(eval(a, env)?)? || boolean(eval(b, env)?)?)
        }
        ExprKind::Binary(BinOp::Eq, a, b) => Value::Bool(eval(a, env)? == eval(b, env)?),
        ExprKind::Binary(BinOp::Ne, a, b) => Value::Bool(eval(a, env)? != eval(b, env)?),
        ExprKind::Binary(op, a, b) => {
            let x = int(eval(a, env)?)?;
            let y = int(eval(b, env)?)?;
            arith(*op, x, y)?
        }
        ExprKind::Call(func, args) => call(*func, args, env)?,
    })
}

fn arith(op: BinOp, x: i64, y: i64) -> Result<Value, EvalError> {
    let n = match op {
        BinOp::Lt => return Ok(Value::Bool(x < y)),
        BinOp::Le => return Ok(Value::Bool(x <= y)),
        BinOp::Gt => return Ok(Value::Bool(x > y)),
        BinOp::Ge => return Ok(Value::Bool(x >= y)),
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::Div | BinOp::Rem if y == 0 => return Err(EvalError::DivisionByZero),
        BinOp::Div => x.checked_div(y),
        BinOp::Rem => x.checked_rem(y),
        BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne => None,
    };
    n.map(Value::Int).ok_or(EvalError::Overflow)
}

fn call(func: Func, args: &[Expr], env: &mut dyn Env) -> Result<Value, EvalError> {
    let arg = |i: usize| {
        args.get(i)
            .ok_or_else(|| EvalError::Mismatch("missing argument".to_owned()))
    };
    Ok(match func {
        Func::Visits => match &arg(0)?.kind {
            ExprKind::Str(id) => Value::Int(i64::from(env.visits(id))),
            _ => {
                return Err(EvalError::Mismatch(
                    "`visits` needs a passage id".to_owned(),
                ))
            }
        },
        Func::Word => match &arg(0)?.kind {
            ExprKind::Var(name) => Value::Str(env.word(name).unwrap_or_default()),
            _ => return Err(EvalError::Mismatch("`word` needs a stat".to_owned())),
        },
        Func::Random => {
            let a = int(eval(arg(0)?, env)?)?;
            let b = int(eval(arg(1)?, env)?)?;
            Value::Int(env.random(a.min(b), a.max(b)))
        }
        Func::Min => Value::Int(int(eval(arg(0)?, env)?)?.min(int(eval(arg(1)?, env)?)?)),
        Func::Max => Value::Int(int(eval(arg(0)?, env)?)?.max(int(eval(arg(1)?, env)?)?)),
    })
}
