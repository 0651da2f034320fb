//! Range analysis: proves that a condition can never be true (for warning W005), using integer
//! intervals for stats (their declared range) and literals.
//!
//! It is deliberately conservative: "unknown" whenever in doubt, so a warning is always right.

use crate::runtime::expr::{BinOp, Expr, ExprKind, Func, UnOp};

/// What may be known about a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abs {
    /// An integer in `lo..=hi`.
    Int(i64, i64),
    /// A boolean that may be true / may be false.
    Bool {
        may_true: bool,
        may_false: bool,
    },
    Unknown,
}

const ANY_INT: Abs = Abs::Int(i64::MIN, i64::MAX);
const ANY_BOOL: Abs = Abs::Bool {
    may_true: true,
    may_false: true,
};

/// True when `cond` is provably false for every state. `range` gives a variable's possible
/// integer range (stats: `min..=max`), or `None` when unbounded or not an integer.
pub(crate) fn never_true(cond: &Expr, range: &dyn Fn(&str) -> Option<(i64, i64)>) -> bool {
    matches!(
        abs(cond, range),
        Abs::Bool {
            may_true: false,
            ..
        }
    )
}

/// True when evaluating `e` may fail (overflow, division by zero) for some values in the
/// ranges `range` gives (`None`: any integer, or not an integer). Far sharper than
/// `Expr::can_fail` (`stress + 5` on a stat in `0..=100` cannot overflow).
#[cfg(feature = "tools")]
pub(crate) fn may_fail(e: &Expr, range: &dyn Fn(&str) -> Option<(i64, i64)>) -> bool {
    interval(e, range).is_none()
}

/// The range of an integer expression's value, or `None` when evaluating it may fail.
#[cfg(feature = "tools")]
pub(crate) fn bounds(e: &Expr, range: &dyn Fn(&str) -> Option<(i64, i64)>) -> Option<(i128, i128)> {
    interval(e, range)
}

#[cfg(feature = "tools")]
/// The interval of an expression's value (`0..=1` for booleans, `0..=0` for strings), or `None`
/// when evaluating it may fail.
fn interval(e: &Expr, range: &dyn Fn(&str) -> Option<(i64, i64)>) -> Option<(i128, i128)> {
    let fits = |lo: i128, hi: i128| {
        (lo >= i128::from(i64::MIN) && hi <= i128::from(i64::MAX)).then_some((lo, hi))
    };
    let any = (i128::from(i64::MIN), i128::from(i64::MAX));
    match &e.kind {
        ExprKind::Int(n) => Some((i128::from(*n), i128::from(*n))),
        ExprKind::Bool(_) => Some((0, 1)),
        ExprKind::Str(_) | ExprKind::Call(Func::Word, _) => Some((0, 0)),
        ExprKind::Var(name) => Some(range(name).map_or(any, |(lo, hi)| (lo.into(), hi.into()))),
        ExprKind::Turns | ExprKind::Call(Func::Visits, _) => Some((0, u32::MAX.into())),
        ExprKind::Call(func, args) => {
            let a = interval(args.first()?, range)?;
            let b = interval(args.get(1)?, range)?;
            Some(match func {
                Func::Min => (a.0.min(b.0), a.1.min(b.1)),
                Func::Max => (a.0.max(b.0), a.1.max(b.1)),
                _ => (a.0.min(b.0), a.1.max(b.1)),
            })
        }
        ExprKind::Unary(UnOp::Not, inner) => interval(inner, range).map(|_| (0, 1)),
        ExprKind::Unary(UnOp::Neg, inner) => {
            let (lo, hi) = interval(inner, range)?;
            fits(-hi, -lo)
        }
        ExprKind::Binary(op, a, b) => {
            let (alo, ahi) = interval(a, range)?;
            let (blo, bhi) = interval(b, range)?;
            match op {
                BinOp::Add => fits(alo + blo, ahi + bhi),
                BinOp::Sub => fits(alo - bhi, ahi - blo),
                BinOp::Mul => {
                    let c = [alo * blo, alo * bhi, ahi * blo, ahi * bhi];
                    fits(*c.iter().min()?, *c.iter().max()?)
                }
                BinOp::Div | BinOp::Rem => {
                    // Fails on a zero divisor, and on MIN / -1.
                    if blo <= 0 && bhi >= 0 {
                        return None;
                    }
                    if alo == i128::from(i64::MIN) && blo <= -1 && bhi >= -1 {
                        return None;
                    }
                    let m = alo.abs().max(ahi.abs());
                    if *op == BinOp::Div {
                        Some((-m, m))
                    } else {
                        let d = blo.abs().max(bhi.abs()) - 1;
                        Some((-d.min(m), d.min(m)))
                    }
                }
                _ => Some((0, 1)),
            }
        }
    }
}

fn abs(e: &Expr, range: &dyn Fn(&str) -> Option<(i64, i64)>) -> Abs {
    match &e.kind {
        ExprKind::Int(n) => Abs::Int(*n, *n),
        ExprKind::Bool(b) => Abs::Bool {
            may_true: *b,
            may_false: !*b,
        },
        ExprKind::Str(_) => Abs::Unknown,
        ExprKind::Var(name) => range(name).map_or(Abs::Unknown, |(lo, hi)| Abs::Int(lo, hi)),
        ExprKind::Turns => Abs::Int(0, i64::from(u32::MAX)),
        ExprKind::Call(Func::Visits, _) => Abs::Int(0, i64::from(u32::MAX)),
        ExprKind::Call(Func::Word, _) => Abs::Unknown,
        ExprKind::Call(func, args) => {
            let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
                return Abs::Unknown;
            };
            let (Abs::Int(alo, ahi), Abs::Int(blo, bhi)) = (abs(a, range), abs(b, range)) else {
                return ANY_INT;
            };
            match func {
                Func::Random => Abs::Int(alo.min(blo), ahi.max(bhi)),
                Func::Min => Abs::Int(alo.min(blo), ahi.min(bhi)),
                _ => Abs::Int(alo.max(blo), ahi.max(bhi)),
            }
        }
        ExprKind::Unary(UnOp::Not, inner) => match abs(inner, range) {
            Abs::Bool {
                may_true,
                may_false,
            } => Abs::Bool {
                may_true: may_false,
                may_false: may_true,
            },
            _ => ANY_BOOL,
        },
        ExprKind::Unary(UnOp::Neg, inner) => match abs(inner, range) {
            Abs::Int(lo, hi) => Abs::Int(hi.saturating_neg(), lo.saturating_neg()),
            _ => ANY_INT,
        },
        ExprKind::Binary(op, a, b) => binary(*op, abs(a, range), abs(b, range)),
    }
}

fn binary(op: BinOp, a: Abs, b: Abs) -> Abs {
    match (op, a, b) {
        (
            BinOp::And,
            Abs::Bool {
                may_true: at,
                may_false: af,
            },
            Abs::Bool {
                may_true: bt,
                may_false: bf,
            },
        ) => Abs::Bool {
            may_true: at && bt,
            may_false: af || bf,
        },
        (
            BinOp::Or,
            Abs::Bool {
                may_true: at,
                may_false: af,
            },
            Abs::Bool {
                may_true: bt,
                may_false: bf,
            },
        ) => Abs::Bool {
            may_true: at || bt,
            may_false: af && bf,
        },
        (
            BinOp::And,
            Abs::Bool {
                may_true: false, ..
            },
            _,
        )
        | (
            BinOp::And,
            _,
            Abs::Bool {
                may_true: false, ..
            },
        ) => Abs::Bool {
            may_true: false,
            may_false: true,
        },
        (BinOp::And | BinOp::Or, _, _) => ANY_BOOL,
        (BinOp::Add, Abs::Int(alo, ahi), Abs::Int(blo, bhi)) => {
            Abs::Int(alo.saturating_add(blo), ahi.saturating_add(bhi))
        }
        (BinOp::Sub, Abs::Int(alo, ahi), Abs::Int(blo, bhi)) => {
            Abs::Int(alo.saturating_sub(bhi), ahi.saturating_sub(blo))
        }
        (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem, _, _) => ANY_INT,
        (cmp, Abs::Int(alo, ahi), Abs::Int(blo, bhi)) => {
            let (may_true, may_false) = match cmp {
                BinOp::Lt => (alo < bhi, ahi >= blo),
                BinOp::Le => (alo <= bhi, ahi > blo),
                BinOp::Gt => (ahi > blo, alo <= bhi),
                BinOp::Ge => (ahi >= blo, alo < bhi),
                BinOp::Eq => (
                    alo <= bhi && blo <= ahi,
                    !(alo == ahi && blo == bhi && alo == blo),
                ),
                _ => (alo != ahi || blo != bhi || alo != blo, true),
            };
            Abs::Bool {
                may_true,
                may_false,
            }
        }
        _ => ANY_BOOL,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::expression;
    use super::*;

    fn never(src: &str) -> bool {
        let e = expression(src).expect("parses");
        never_true(&e, &|name| (name == "stress").then_some((0, 100)))
    }

    #[test]
    fn proves_only_what_is_certain() {
        assert!(never("stress > 100"));
        assert!(never("false"));
        assert!(never("stress < 0 && x"));
        assert!(never("!(stress <= 100)"));
        assert!(never("stress + 10 > 110"));
        assert!(!never("stress >= 100"));
        assert!(!never("x > 100"));
        assert!(!never("stress > 50 || false"));
        assert!(!never("stress * 2 > 200"));
        assert!(!never("random(1, 6) == 6"));
        assert!(never("random(1, 6) == 7"));
    }

    fn fails(src: &str) -> bool {
        let e = expression(src).expect("parses");
        may_fail(&e, &|name| match name {
            "stress" => Some((0, 100)),
            "d" => Some((0, 10)),
            "n" => Some((1, 10)),
            _ => None,
        })
    }

    #[test]
    fn may_fail_only_where_a_value_in_range_fails() {
        assert!(!fails("stress + 5 * stress - 3"));
        assert!(!fails("100 / n + stress % n"));
        assert!(!fails("-stress > 3 && min(stress, 4) < random(1, 6)"));
        assert!(fails("10 / d"));
        assert!(fails("stress % d"));
        assert!(fails("x + 1"));
        assert!(fails("x * x"));
        assert!(fails("-x"));
        assert!(fails("9223372036854775807 + n"));
    }
}
