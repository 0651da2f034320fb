//! Manifest declarations: variables (kinds, ranges, words, start values), ending and
//! achievement ids. Expressions inside them are compiled later, once passages are known.

use super::sink::{is_name, At, Sink};
use crate::front::diag::Code;
use crate::front::expr::{Type, VarType};
use crate::front::raw::{OrderedMap, RawDisplay, RawKind, RawVariable};
use crate::runtime::model::{Display, VarKind, Variable};
use crate::runtime::state::Value;
use std::collections::HashMap;

/// Names an author cannot give a variable: they mean something in expressions.
pub(crate) const RESERVED: [&str; 4] = ["true", "false", "turns", "achieve"];

/// Reports keys that are not names or that repeat; returns the keys to keep (first of each).
pub(crate) fn unique_names<T>(
    sink: &mut Sink<'_>,
    file: usize,
    map: &OrderedMap<T>,
    base: &str,
    what: &str,
) -> Vec<bool> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut keep = Vec::with_capacity(map.0.len());
    for (name, _) in &map.0 {
        let pointer = format!("{base}/{}", crate::front::jsonpos::escape_segment(name));
        let nth = seen.entry(name.as_str()).or_insert(0);
        let dup = *nth > 0;
        if dup {
            let m = format!("duplicate {what} `{name}`");
            sink.report(
                Code::DuplicateId,
                file,
                At::Key(pointer.clone(), *nth),
                None,
                m,
            );
        }
        *nth += 1;
        let good = is_name(name);
        if !good {
            let m = format!(
                "{what} `{name}` must be lowercase letters, digits and `_`, starting with a letter"
            );
            sink.report(Code::BadName, file, At::Key(pointer, 0), None, m);
        }
        keep.push(good && !dup);
    }
    keep
}

/// Builds the declared variables.
pub(crate) fn variables(sink: &mut Sink<'_>, vars: &OrderedMap<RawVariable>) -> Vec<Variable> {
    let keep = unique_names(sink, 0, vars, "/variables", "variable");
    let mut out = Vec::new();
    for ((name, raw), keep) in vars.0.iter().zip(keep) {
        let base = format!("/variables/{name}");
        if RESERVED.contains(&name.as_str()) {
            let m = format!("`{name}` is reserved and cannot name a variable");
            sink.report(Code::BadName, 0, At::Key(base.clone(), 0), None, m);
            continue;
        }
        if keep {
            out.push(variable(sink, name, raw, &base));
        }
    }
    out
}

fn variable(sink: &mut Sink<'_>, name: &str, raw: &RawVariable, base: &str) -> Variable {
    let mut bad = |field: &str, message: String| {
        sink.report(
            Code::BadValue,
            0,
            At::value(format!("{base}/{field}")),
            None,
            message,
        );
    };
    let kind = match raw.kind {
        RawKind::Stat => VarKind::Stat,
        RawKind::Counter => VarKind::Counter,
        RawKind::Flag => VarKind::Flag,
        RawKind::String => VarKind::String,
    };
    let stat = kind == VarKind::Stat;
    if !stat {
        let stat_only = [
            ("min", raw.min.is_some()),
            ("max", raw.max.is_some()),
            ("display", raw.display.is_some()),
            ("opposite", raw.opposite.is_some()),
            ("words", raw.words.is_some()),
        ];
        for (field, present) in stat_only {
            if present {
                bad(field, format!("`{field}` only applies to stats"));
            }
        }
    }
    if matches!(kind, VarKind::Flag | VarKind::String) && raw.label.is_some() {
        bad(
            "label",
            "`label` only applies to stats and counters".to_owned(),
        );
    }
    let (mut min, mut max) = if stat {
        (raw.min.unwrap_or(0), raw.max.unwrap_or(100))
    } else {
        (i64::MIN, i64::MAX)
    };
    if min > max {
        bad("max", format!("`max` ({max}) is below `min` ({min})"));
        (min, max) = (max, min);
    }
    let start = match (kind, &raw.start) {
        (VarKind::Stat, None) => Value::Int(min),
        (VarKind::Counter, None) => Value::Int(0),
        (VarKind::Flag, None) => Value::Bool(false),
        (VarKind::String, None) => Value::Str(String::new()),
        (VarKind::Stat | VarKind::Counter, Some(serde_json::Value::Number(n))) => {
            match n.as_i64() {
                Some(v) if v < min || v > max => {
                    bad("start", format!("`start` ({v}) is outside {min}..={max}"));
                    Value::Int(v.clamp(min, max))
                }
                Some(v) => Value::Int(v),
                None => {
                    bad("start", "`start` must be an integer".to_owned());
                    Value::Int(min.max(0))
                }
            }
        }
        (VarKind::Flag, Some(serde_json::Value::Bool(b))) => Value::Bool(*b),
        (VarKind::String, Some(serde_json::Value::String(s))) => Value::Str(s.clone()),
        (_, Some(_)) => {
            let want = match kind {
                VarKind::Stat | VarKind::Counter => "an integer",
                VarKind::Flag => "`true` or `false`",
                VarKind::String => "a string",
            };
            bad("start", format!("`start` must be {want}"));
            match kind {
                VarKind::Stat | VarKind::Counter => Value::Int(min.max(0)),
                VarKind::Flag => Value::Bool(false),
                VarKind::String => Value::Str(String::new()),
            }
        }
    };
    let words = raw.words.clone().unwrap_or_default();
    for (i, pair) in words.windows(2).enumerate() {
        if pair[0].0 >= pair[1].0 {
            let m = format!(
                "`words` thresholds must ascend: {} then {}",
                pair[0].0, pair[1].0
            );
            bad(&format!("words/{}", i + 1), m);
        }
    }
    let display = match (kind, raw.display) {
        (VarKind::Stat, None | Some(RawDisplay::Bar)) => Display::Bar,
        (VarKind::Stat, Some(RawDisplay::Opposed)) => Display::Opposed,
        (VarKind::Counter, _) if raw.label.is_some() => Display::Bar,
        _ => Display::Hidden,
    };
    if display == Display::Opposed && raw.opposite.is_none() {
        bad(
            "display",
            "an opposed stat needs `opposite`: the label of its low end".to_owned(),
        );
    }
    if raw.opposite.is_some() && display != Display::Opposed && stat {
        bad(
            "opposite",
            "`opposite` needs `\"display\": \"opposed\"`".to_owned(),
        );
    }
    Variable {
        name: name.to_owned(),
        kind,
        label: raw.label.clone(),
        display,
        min,
        max,
        opposite: raw.opposite.clone(),
        words,
        start,
    }
}

/// What expressions may know about each variable.
pub(crate) fn var_types(vars: &[Variable]) -> HashMap<String, VarType> {
    vars.iter()
        .map(|v| {
            let ty = match v.kind {
                VarKind::Stat | VarKind::Counter => Type::Int,
                VarKind::Flag => Type::Bool,
                VarKind::String => Type::Str,
            };
            let t = VarType {
                ty,
                stat: v.kind == VarKind::Stat,
                words: !v.words.is_empty(),
            };
            (v.name.clone(), t)
        })
        .collect()
}
