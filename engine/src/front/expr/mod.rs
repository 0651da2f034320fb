//! The front end of expressions: parsing source text into the runtime's syntax tree
//! (`runtime::expr`), type checking against the declared variables, and range analysis for lint.

mod check;
#[cfg(test)]
mod eval_tests;
mod parse;
mod range;

pub(crate) use check::{check, check_effect, unknown_passage, Problem, Scope, VarType};
pub(crate) use parse::{effect, expression, expression_at};
pub(crate) use range::never_true;
#[cfg(feature = "tools")]
pub(crate) use range::{bounds, may_fail};

use std::fmt;

/// The static type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    Int,
    Bool,
    Str,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Int => "integer",
            Type::Bool => "boolean",
            Type::Str => "string",
        })
    }
}
