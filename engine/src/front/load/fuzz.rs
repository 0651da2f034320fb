//! Entry points for the `expression` and `markup` fuzz targets (feature `fuzzing`): one input
//! string goes through the same compile steps loading runs on a condition, an expression, an
//! effect or a text (`Cx`: parse, type check, diagnostics located in a JSON file), then through
//! the same lint and play steps (range analysis, evaluation, effects, rendering) against an
//! already-loaded story and state, without building and loading a story around each input.
//!
//! Each returns `Err` naming a broken invariant (a checked expression evaluating to another
//! type, a condition lint calls never true evaluating to true); the fuzz target panics on it.

use super::compile::{Cx, Names};
use super::decl::var_types;
use super::sink::Sink;
use super::SourceFile;
use crate::front::expr::{self, Type};
use crate::runtime::expr::{eval, EvalError};
use crate::runtime::markup::{render, Ctx};
use crate::runtime::model::{Story, VarKind};
use crate::runtime::rules::{run_effects, StateEnv};
use crate::runtime::state::{State, Value};

/// The names `story` declares, as the compiler sees them.
fn names(story: &Story) -> Names {
    Names {
        vars: var_types(&story.variables),
        passages: story.index.clone(),
        achievements: story.achievements.iter().map(|a| a.id.clone()).collect(),
        incomplete: false,
    }
}

/// A one-key JSON file holding `value` at `/s`, so diagnostics resolve to a line and column.
fn file(value: &serde_json::Value) -> SourceFile {
    SourceFile {
        path: "fuzz.json".to_owned(),
        text: serde_json::json!({ "s": value }).to_string(),
    }
}

/// The value's type, to compare with the checker's.
fn type_of(v: &Value) -> Type {
    match v {
        Value::Int(_) => Type::Int,
        Value::Bool(_) => Type::Bool,
        Value::Str(_) => Type::Str,
    }
}

/// An evaluation error a checked expression may give: arithmetic ones, never a mismatch.
fn arithmetic(e: &EvalError) -> Result<(), String> {
    match e {
        EvalError::DivisionByZero | EvalError::Overflow => Ok(()),
        EvalError::Mismatch(m) => Err(format!("a checked expression failed to evaluate: {m}")),
    }
}

/// `src` compiled and run in `state` of `story`, inside its start passage, as `how % 3`
/// picks: 0 a choice's condition, 1 an expression of any type (an interpolation's), 2 an
/// effect.
pub fn fuzz_expression(story: &Story, state: &State, how: u8, src: &str) -> Result<(), String> {
    let names = names(story);
    let start = &state.passage;
    let chapter = start.split('.').next().unwrap_or_default();
    let range = |name: &str| {
        story
            .variable(name)
            .filter(|v| v.kind == VarKind::Stat)
            .map(|v| (v.min, v.max))
    };
    let mode = how % 3;
    let source = if mode == 2 {
        file(&serde_json::json!([src]))
    } else {
        file(&serde_json::json!(src))
    };
    let mut sink = Sink::new(&source);
    let mut cx = Cx {
        sink: &mut sink,
        names: &names,
        file: 0,
        chapter,
        passage: Some(start),
        slots: 0,
    };
    let mut env = StateEnv::new(story, state);
    let result = match mode {
        0 => match cx.condition(src, "/s") {
            Some(cond) => match eval(&cond, &mut env) {
                Ok(Value::Bool(true)) if expr::never_true(&cond, &range) => Err(format!(
                    "lint calls `{src}` never true, yet it is true in {state:?}"
                )),
                Ok(Value::Bool(_)) => Ok(()),
                Ok(v) => Err(format!("the condition `{src}` evaluated to {v:?}")),
                Err(e) => arithmetic(&e),
            },
            None => Ok(()),
        },
        1 => match expr::expression(src) {
            Ok(mut e) => match cx.checked(&mut e, "/s") {
                (Some(t), true) => match eval(&e, &mut env) {
                    Ok(v) if type_of(&v) == t => Ok(()),
                    Ok(v) => Err(format!("`{src}` is checked as {t} but evaluated to {v:?}")),
                    Err(e) => arithmetic(&e),
                },
                _ => Ok(()),
            },
            Err(_) => Ok(()),
        },
        _ => {
            let effects = cx.effects(&[src.to_owned()], "/s");
            let mut next = state.clone();
            // A play error (overflow, division by zero) is the effect's typed outcome.
            let _ = run_effects(story, &mut next, &effects, start);
            Ok(())
        }
    };
    sink.finish();
    result
}

/// `src` compiled as a passage's text, then rendered in `state` of `story` as on its first
/// three visits (so sequences and cycles advance).
pub fn fuzz_markup(story: &Story, state: &State, src: &str) -> Result<(), String> {
    let names = names(story);
    let start = &state.passage;
    let source = file(&serde_json::json!(src));
    let mut sink = Sink::new(&source);
    let mut cx = Cx {
        sink: &mut sink,
        names: &names,
        file: 0,
        chapter: start.split('.').next().unwrap_or_default(),
        passage: Some(start),
        slots: 0,
    };
    let nodes = cx.text(src, "/s");
    let compiled = !sink.has_errors();
    sink.finish();
    if !compiled {
        return Ok(());
    }
    for visits in 1..=3 {
        let mut env = StateEnv::new(story, state);
        let mut ctx = Ctx {
            env: &mut env,
            passage: start,
            visits,
            seed: state.seed,
        };
        if let Err(e) = render(&nodes, &mut ctx) {
            arithmetic(&e)?;
        }
    }
    Ok(())
}
