//! Compiling one passage of a chapter file: text, effects, storylet fields and choices, with
//! every reference resolved against the whole story.

use super::compile::Cx;
use super::sink::At;
use crate::front::diag::Code;
use crate::front::raw::{RawChoice, RawPassage};
use crate::runtime::model::{Choice, Move, Passage, Storylet};
use std::collections::{HashMap, HashSet};

/// The declared endings and the pools passages belong to, for resolving passage fields.
pub(crate) struct Targets<'a> {
    pub endings: &'a HashMap<String, u32>,
    pub pools: &'a HashSet<String>,
}

/// Compiles `raw` into `out` (whose id and chapter are already set).
pub(crate) fn compile(
    cx: &mut Cx<'_, '_, '_>,
    raw: &RawPassage,
    base: &str,
    t: &Targets<'_>,
    out: &mut Passage,
) {
    out.tags.clone_from(&raw.tags);
    out.on_enter = cx.effects(&raw.on_enter, &format!("{base}/on_enter"));
    out.text = cx.paragraphs(&raw.text, &format!("{base}/text"));
    if let Some(ending) = &raw.ending {
        match t.endings.get(ending) {
            Some(&i) => out.ending = Some(i),
            None => cx.report(
                Code::UnknownEnding,
                At::value(format!("{base}/ending")),
                format!("unknown ending `{ending}`"),
            ),
        }
        if !raw.choices.is_empty() {
            let m = "an ending passage has no choices";
            cx.report(Code::BadChoice, At::Key(format!("{base}/choices"), 0), m);
        }
    }
    out.storylet = storylet(cx, raw, base);
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, c) in raw.choices.iter().enumerate() {
        let ptr = format!("{base}/choices/{i}");
        if let Some(id) = &c.id {
            if !ids.insert(id) {
                let m = format!("duplicate choice id `{id}`");
                cx.report(Code::DuplicateId, At::value(format!("{ptr}/id")), m);
            }
        }
        if let Some(choice) = choice(cx, c, &ptr, t) {
            out.choices.push(choice);
        }
    }
}

fn storylet(cx: &mut Cx<'_, '_, '_>, raw: &RawPassage, base: &str) -> Option<Storylet> {
    let Some(pool) = &raw.pool else {
        let fields = [
            ("when", raw.when.is_some()),
            ("weight", raw.weight.is_some()),
            ("priority", raw.priority.is_some()),
            ("max_visits", raw.max_visits.is_some()),
            ("cooldown", raw.cooldown.is_some()),
        ];
        for (field, present) in fields {
            if present {
                let m = format!("`{field}` only applies to storylets: add a `pool`");
                cx.report(Code::BadValue, At::Key(format!("{base}/{field}"), 0), m);
            }
        }
        return None;
    };
    if !super::sink::is_name(pool) {
        let m = format!(
            "pool `{pool}` must be lowercase letters, digits and `_`, starting with a letter"
        );
        cx.report(Code::BadName, At::value(format!("{base}/pool")), m);
    }
    if raw.weight == Some(0) {
        cx.report(
            Code::BadValue,
            At::value(format!("{base}/weight")),
            "`weight` must be at least 1",
        );
    }
    if raw.max_visits == Some(0) {
        let m = "`max_visits` must be at least 1 (0 means never drawn)";
        cx.report(Code::BadValue, At::value(format!("{base}/max_visits")), m);
    }
    let when = raw
        .when
        .as_ref()
        .and_then(|w| cx.condition(w, &format!("{base}/when")));
    Some(Storylet {
        pool: pool.clone(),
        when,
        weight: raw.weight.unwrap_or(1),
        priority: raw.priority.unwrap_or(0),
        max_visits: raw.max_visits,
        cooldown: raw.cooldown,
    })
}

fn target(cx: &mut Cx<'_, '_, '_>, id: &str, pointer: String) -> Option<u32> {
    match cx.names.resolve(cx.chapter, id) {
        Some((_, idx)) => Some(idx),
        None if cx.names.incomplete => None,
        None => {
            let full = super::compile::full_id(cx.chapter, id);
            let near = cx.names.near_passage(cx.chapter, id);
            let message = crate::front::expr::unknown_passage(&full, near);
            cx.report(Code::UnknownPassage, At::value(pointer), message);
            None
        }
    }
}

fn choice(cx: &mut Cx<'_, '_, '_>, c: &RawChoice, ptr: &str, t: &Targets<'_>) -> Option<Choice> {
    let mut ok = true;
    let mut bad = |cx: &mut Cx<'_, '_, '_>, field: &str, message: &str| {
        cx.report(
            Code::BadChoice,
            At::Key(format!("{ptr}/{field}"), 0),
            message,
        );
        ok = false;
    };
    let movers = [
        c.goto.is_some() && c.call.is_none() && c.draw.is_none(),
        c.call.is_some(),
        c.draw.is_some(),
        c.ret,
    ];
    match movers.iter().filter(|m| **m).count() {
        0 => bad(cx, "", "a choice needs one of `goto`, `call`, `draw` or `return`"),
        1 => {}
        _ => bad(cx, "", "a choice moves with only one of `goto`, `call`, `draw` or `return` (`goto` may follow `call`/`draw`)"),
    }
    if c.ret && c.goto.is_some() {
        bad(
            cx,
            "goto",
            "`return` goes back to the caller: it cannot have a `goto`",
        );
    }
    if c.fallback && c.text.is_some() {
        bad(
            cx,
            "text",
            "a fallback choice is never shown, so it has no `text`",
        );
    }
    if !c.fallback && c.text.is_none() {
        bad(cx, "", "a choice needs `text` (or `\"fallback\": true`)");
    }
    if c.once && c.id.is_none() {
        bad(
            cx,
            "once",
            "a once-only choice needs an `id`, so saves remember it",
        );
    }
    if c.locked.is_some() && c.cond.is_none() {
        bad(
            cx,
            "locked",
            "`locked` gives the reason an `if` fails: add the `if`",
        );
    }
    if c.fallback && c.locked.is_some() {
        bad(
            cx,
            "locked",
            "a fallback choice is never shown, so it cannot be `locked`",
        );
    }
    if let Some(id) = &c.id {
        if !super::sink::is_name(id) {
            let m = format!("choice id `{id}` must be lowercase letters, digits and `_`, starting with a letter");
            cx.report(Code::BadName, At::value(format!("{ptr}/id")), m);
        }
    }
    let goto = c
        .goto
        .as_ref()
        .and_then(|g| target(cx, g, format!("{ptr}/goto")));
    let goto_ok = c.goto.is_none() || goto.is_some();
    let action = if let Some(call) = &c.call {
        target(cx, call, format!("{ptr}/call")).map(|target| Move::Call { target, ret: goto })
    } else if let Some(pool) = &c.draw {
        if !t.pools.contains(pool) {
            cx.report(
                Code::UnknownPool,
                At::value(format!("{ptr}/draw")),
                format!("unknown pool `{pool}`"),
            );
            None
        } else {
            Some(Move::Draw {
                pool: pool.clone(),
                ret: goto,
            })
        }
    } else if c.ret {
        Some(Move::Return)
    } else {
        goto.map(Move::Goto)
    };
    let cond = match &c.cond {
        None => Some(None),
        Some(src) => cx.condition(src, &format!("{ptr}/if")).map(Some),
    };
    let effects = cx.effects(&c.effects, &format!("{ptr}/effects"));
    let text = c
        .text
        .as_ref()
        .map(|s| cx.text(s, &format!("{ptr}/text")))
        .unwrap_or_default();
    let action = action.filter(|_| ok && goto_ok)?;
    Some(Choice {
        id: c.id.clone(),
        text,
        action,
        cond: cond?,
        locked: c.locked.clone(),
        effects,
        once: c.once,
        fallback: c.fallback,
        once_slot: None,
    })
}
