//! Static checking of expressions and effects against the story's declarations: names resolve,
//! types match, `visits` arguments become full passage ids.
//!
//! Every problem is collected (no early return), but an unknown subexpression does not cascade
//! into further type errors.

use super::Type;
use crate::front::diag::{Code, Words};
use crate::runtime::expr::{BinOp, Effect, EffectOp, Expr, ExprKind, Func, Span, UnOp};

/// What the checker needs to know about a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VarType {
    pub ty: Type,
    /// Stats are clamped and allow fairmath.
    pub stat: bool,
    /// The variable has a word table (`word(x)`).
    pub words: bool,
}

/// The names an expression can refer to.
pub(crate) trait Scope {
    /// A declared variable.
    fn variable(&self, name: &str) -> Option<VarType>;
    /// Resolves a passage reference (bare ids in the current chapter) to its full id.
    fn passage(&self, id: &str) -> Option<String>;
    /// Whether an achievement is declared.
    fn achievement(&self, id: &str) -> bool;
    /// The declared variable nearest to a misspelt name, for "did you mean".
    fn near_variable(&self, name: &str) -> Option<String>;
    /// The passage (full id) nearest to a misspelt reference, for "did you mean".
    fn near_passage(&self, id: &str) -> Option<String>;
}

/// "unknown variable `x`", with the nearest declared name or where to declare one.
pub(crate) fn unknown_variable(scope: &dyn Scope, name: &str) -> Words {
    let message = format!("unknown variable `{name}`");
    match scope.near_variable(name) {
        Some(near) => Words::with_help(message, format!("did you mean `{near}`?")),
        None => Words::with_help(
            message,
            "declare it in story.json, under `variables`".to_owned(),
        ),
    }
}

/// "unknown passage `x`", with the nearest passage id if one is near.
pub(crate) fn unknown_passage(id: &str, near: Option<String>) -> Words {
    let message = format!("unknown passage `{id}`");
    match near {
        Some(near) => Words::with_help(message, format!("did you mean `{near}`?")),
        None => message.into(),
    }
}

/// One problem found by the checker, located by a span of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub code: Code,
    pub span: Span,
    pub message: Words,
}

fn problem(out: &mut Vec<Problem>, code: Code, span: Span, message: impl Into<Words>) {
    out.push(Problem {
        code,
        span,
        message: message.into(),
    });
}

fn expect(e: &Expr, got: Option<Type>, want: Type, out: &mut Vec<Problem>) -> bool {
    match got {
        Some(t) if t != want => {
            problem(
                out,
                Code::TypeMismatch,
                e.span,
                format!("expected {want}, found {t}"),
            );
            false
        }
        Some(_) => true,
        None => false,
    }
}

/// Checks `expr`, resolving `visits` ids in place. Returns its type, or `None` if unknown.
pub(crate) fn check(expr: &mut Expr, scope: &dyn Scope, out: &mut Vec<Problem>) -> Option<Type> {
    let span = expr.span;
    match &mut expr.kind {
        ExprKind::Int(_) | ExprKind::Turns => Some(Type::Int),
        ExprKind::Bool(_) => Some(Type::Bool),
        ExprKind::Str(_) => Some(Type::Str),
        ExprKind::Var(name) => match scope.variable(name) {
            Some(v) => Some(v.ty),
            None => {
                problem(
                    out,
                    Code::UnknownVariable,
                    span,
                    unknown_variable(scope, name),
                );
                None
            }
        },
        ExprKind::Unary(op, inner) => {
            let want = match op {
                UnOp::Not => Type::Bool,
                UnOp::Neg => Type::Int,
            };
            let t = check(inner, scope, out);
            expect(inner, t, want, out);
            Some(want)
        }
        ExprKind::Binary(op, a, b) => {
            let ta = check(a, scope, out);
            let tb = check(b, scope, out);
            match op {
                BinOp::Or | BinOp::And => {
                    expect(a, ta, Type::Bool, out);
                    expect(b, tb, Type::Bool, out);
                    Some(Type::Bool)
                }
                BinOp::Eq | BinOp::Ne => {
                    if let (Some(x), Some(y)) = (ta, tb) {
                        if x != y {
                            let m = format!("cannot compare {x} with {y}");
                            problem(out, Code::TypeMismatch, span, m);
                        }
                    }
                    Some(Type::Bool)
                }
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    expect(a, ta, Type::Int, out);
                    expect(b, tb, Type::Int, out);
                    Some(Type::Bool)
                }
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                    expect(a, ta, Type::Int, out);
                    expect(b, tb, Type::Int, out);
                    Some(Type::Int)
                }
            }
        }
        ExprKind::Call(func, args) => check_call(*func, args, scope, out),
    }
}

fn check_call(
    func: Func,
    args: &mut [Expr],
    scope: &dyn Scope,
    out: &mut Vec<Problem>,
) -> Option<Type> {
    match func {
        Func::Visits => {
            let arg = args.first_mut()?;
            let ExprKind::Str(id) = &arg.kind else {
                let m = "`visits` takes a passage id in quotes".to_owned();
                problem(out, Code::TypeMismatch, arg.span, m);
                return Some(Type::Int);
            };
            match scope.passage(id) {
                Some(full) => arg.kind = ExprKind::Str(full),
                None => {
                    let m = unknown_passage(id, scope.near_passage(id));
                    problem(out, Code::UnknownPassage, arg.span, m);
                }
            }
            Some(Type::Int)
        }
        Func::Word => {
            let arg = args.first_mut()?;
            let ExprKind::Var(name) = &arg.kind else {
                let m = "`word` takes a stat name".to_owned();
                problem(out, Code::TypeMismatch, arg.span, m);
                return Some(Type::Str);
            };
            match scope.variable(name) {
                Some(v) if v.words => {}
                Some(_) => {
                    let m = format!("`{name}` has no `words`");
                    problem(out, Code::TypeMismatch, arg.span, m);
                }
                None => {
                    let m = format!("unknown variable `{name}`");
                    problem(out, Code::UnknownVariable, arg.span, m);
                }
            }
            Some(Type::Str)
        }
        Func::Random | Func::Min | Func::Max => {
            for arg in args.iter_mut() {
                let t = check(arg, scope, out);
                expect(arg, t, Type::Int, out);
            }
            Some(Type::Int)
        }
    }
}

/// Checks an effect.
pub(crate) fn check_effect(effect: &mut Effect, scope: &dyn Scope, out: &mut Vec<Problem>) {
    match effect {
        Effect::Achieve { id, span } => {
            if !scope.achievement(id) {
                let m = format!("unknown achievement `{id}`");
                problem(out, Code::UnknownAchievement, *span, m);
            }
        }
        Effect::Assign {
            var,
            var_span,
            op,
            value,
        } => {
            let t = check(value, scope, out);
            let Some(v) = scope.variable(var) else {
                let m = unknown_variable(scope, var);
                problem(out, Code::UnknownVariable, *var_span, m);
                return;
            };
            match op {
                EffectOp::Set => {
                    expect(value, t, v.ty, out);
                }
                EffectOp::Add | EffectOp::Sub if v.ty != Type::Int => {
                    let m = format!("`{var}` is a {}: `+=` and `-=` need a number", v.ty);
                    problem(out, Code::BadEffect, *var_span, m);
                }
                EffectOp::FairAdd | EffectOp::FairSub if !v.stat => {
                    let m = format!("`{var}` is not a stat: fairmath needs a range");
                    problem(out, Code::BadEffect, *var_span, m);
                }
                _ => {
                    expect(value, t, Type::Int, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::{effect, expression};
    use super::*;

    struct S;
    impl Scope for S {
        fn near_variable(&self, name: &str) -> Option<String> {
            crate::front::suggest::nearest(name, ["stress", "tickets"]).map(str::to_owned)
        }
        fn near_passage(&self, _: &str) -> Option<String> {
            None
        }
        fn variable(&self, name: &str) -> Option<VarType> {
            match name {
                "stress" => Some(VarType {
                    ty: Type::Int,
                    stat: true,
                    words: true,
                }),
                "tickets" => Some(VarType {
                    ty: Type::Int,
                    stat: false,
                    words: false,
                }),
                "met" => Some(VarType {
                    ty: Type::Bool,
                    stat: false,
                    words: false,
                }),
                "team" => Some(VarType {
                    ty: Type::Str,
                    stat: false,
                    words: false,
                }),
                _ => None,
            }
        }
        fn passage(&self, id: &str) -> Option<String> {
            (id == "pitch").then(|| "joining.pitch".to_owned())
        }
        fn achievement(&self, id: &str) -> bool {
            id == "first"
        }
    }

    fn run(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        if src.starts_with("achieve") || (src.contains(['=', '%']) && !src.contains("==")) {
            let mut e = effect(src).expect("parses");
            check_effect(&mut e, &S, &mut out);
        } else {
            let mut e = expression(src).expect("parses");
            check(&mut e, &S, &mut out);
        }
        out.iter()
            .map(|p| format!("{}@{}: {}", p.code, p.span.start, p.message))
            .collect()
    }

    #[test]
    fn types() {
        assert_eq!(
            run("stress && 3"),
            [
                "E009@0: expected boolean, found integer",
                "E009@10: expected boolean, found integer"
            ]
        );
        assert_eq!(run("met || visits(\"pitch\") > 1"), Vec::<String>::new());
        assert_eq!(
            run("stres > 1"),
            ["E004@0: unknown variable `stres` (did you mean `stress`?)"]
        );
        assert_eq!(
            run("visits(\"nope\") + nope"),
            [
                "E001@7: unknown passage `nope`",
                "E004@17: unknown variable `nope` (declare it in story.json, under `variables`)"
            ]
        );
        assert_eq!(
            run("team == 3"),
            ["E009@0: cannot compare string with integer"]
        );
        assert_eq!(
            run("word(tickets) == \"x\""),
            ["E009@5: `tickets` has no `words`"]
        );
        assert_eq!(
            run("tickets %+ 3"),
            ["E016@0: `tickets` is not a stat: fairmath needs a range"]
        );
        assert_eq!(
            run("met += 1"),
            ["E016@0: `met` is a boolean: `+=` and `-=` need a number"]
        );
        assert_eq!(run("team = 1"), ["E009@7: expected string, found integer"]);
        assert_eq!(run("achieve nope"), ["E007@8: unknown achievement `nope`"]);
    }
}
