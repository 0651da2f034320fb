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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::expr::expression;

    struct E;
    impl Env for E {
        fn var(&self, name: &str) -> Option<Value> {
            (name == "x").then_some(Value::Int(7))
        }
        fn visits(&self, _: &str) -> u32 {
            2
        }
        fn turns(&self) -> u32 {
            5
        }
        fn word(&self, _: &str) -> Option<String> {
            Some("tense".into())
        }
        fn random(&mut self, lo: i64, _: i64) -> i64 {
            lo
        }
    }

    fn run(src: &str) -> String {
        let e = expression(src).expect("parses");
        match eval(&e, &mut E) {
            Ok(v) => v.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn evaluates() {
        assert_eq!(run("x * 2 + turns - visits(\"a\")"), "17");
        assert_eq!(run("x / 0"), "error: division by zero");
        assert_eq!(run("9223372036854775807 + 1"), "error: integer overflow");
        assert_eq!(run("-x % 4 == -3 && !false"), "true");
        assert_eq!(run("word(x) == \"tense\""), "true");
        assert_eq!(run("min(x, 3) + max(x, 3) + random(4, 1)"), "11");
    }
}
