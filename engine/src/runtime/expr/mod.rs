//! Expressions and effects: the syntax tree and its evaluation. Parsing, type checking and
//! range analysis are the front end's (`front::expr`); play only evaluates checked trees.
//!
//! Trees keep byte spans into their source string so the loader can point at the exact
//! character in the JSON file. Evaluation is pure apart from the caller-supplied random source.

mod eval;

pub(crate) use eval::{eval, Env, EvalError};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte range in the expression's source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct Span {
    pub start: u32,
    pub end: u32,
}

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Func {
    Visits,
    Random,
    Word,
    Min,
    Max,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum UnOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinOp {
    fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// An expression node with its span.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    /// Only diagnostics read spans: the compiled story leaves them out.
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum ExprKind {
    Int(i64),
    Bool(bool),
    Str(String),
    Var(String),
    Turns,
    /// After checking, the argument of `visits` is a string literal holding a full passage id.
    Call(Func, Vec<Expr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

/// The operator of an assignment effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum EffectOp {
    Set,
    Add,
    Sub,
    FairAdd,
    FairSub,
}

/// One effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Effect {
    Assign {
        var: String,
        #[serde(skip)]
        var_span: Span,
        op: EffectOp,
        value: Expr,
    },
    Achieve {
        id: String,
        #[serde(skip)]
        span: Span,
    },
}

impl Expr {
    /// Calls `f` with every variable name the expression reads.
    pub(crate) fn visit_vars(&self, f: &mut dyn FnMut(&str)) {
        match &self.kind {
            ExprKind::Var(name) => f(name),
            ExprKind::Call(_, args) => args.iter().for_each(|a| a.visit_vars(f)),
            ExprKind::Unary(_, e) => e.visit_vars(f),
            ExprKind::Binary(_, a, b) => {
                a.visit_vars(f);
                b.visit_vars(f);
            }
            ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) | ExprKind::Turns => {}
        }
    }
}

impl Effect {
    /// Calls `f` with every variable name the effect reads or writes.
    pub(crate) fn visit_vars(&self, f: &mut dyn FnMut(&str)) {
        if let Effect::Assign { var, value, .. } = self {
            f(var);
            value.visit_vars(f);
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Int(n) => write!(f, "{n}"),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Str(s) => write!(f, "{s:?}"),
            ExprKind::Var(name) => f.write_str(name),
            ExprKind::Turns => f.write_str("turns"),
            ExprKind::Call(func, args) => {
                let name = match func {
                    Func::Visits => "visits",
                    Func::Random => "random",
                    Func::Word => "word",
                    Func::Min => "min",
                    Func::Max => "max",
                };
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
            ExprKind::Unary(UnOp::Not, e) => write!(f, "!{e}"),
            ExprKind::Unary(UnOp::Neg, e) => write!(f, "-{e}"),
            ExprKind::Binary(op, a, b) => write!(f, "({a} {} {b})", op.as_str()),
        }
    }
}
