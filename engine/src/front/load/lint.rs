//! Whole-story checks on a resolved story: automatic-move loops (an error) and the warnings —
//! unreachable passages, dead ends, unused variables and endings, undrawn pools, conditions
//! that can never be true.
//!
//! Runs after every reference resolved, so the graph it walks is complete.

use super::sink::{At, Sink};
use crate::front::diag::Code;
use crate::front::expr;
use crate::front::jsonpos::escape_segment;
use crate::runtime::expr::{Effect, Expr};
use crate::runtime::markup::Node;
use crate::runtime::model::{Move, Paragraph, Passage, Story, VarKind};
use std::collections::HashSet;

/// Where a passage is: its file index and its pointer.
fn place(story: &Story, files: &[usize], p: &Passage) -> (usize, String) {
    let chapter = story.chapters.get(p.chapter as usize);
    let key = chapter
        .and_then(|c| p.id.strip_prefix(&format!("{}.", c.id)))
        .unwrap_or(&p.id);
    let file = files.get(p.chapter as usize).copied().unwrap_or(0);
    (file, format!("/passages/{}", escape_segment(key)))
}

/// E018: passages that, once entered, always move on by an unconditional fallback, in a cycle.
pub(crate) fn auto_loops(story: &Story, sink: &mut Sink<'_>, files: &[usize]) {
    let forced = |p: &Passage| -> Option<u32> {
        if p.ending.is_some() || p.choices.iter().any(|c| !c.fallback) {
            return None;
        }
        let c = p.choices.iter().find(|c| c.fallback)?;
        if c.cond.is_some() || c.once {
            return None;
        }
        match c.action {
            Move::Goto(t) | Move::Call { target: t, .. } => Some(t),
            _ => None,
        }
    };
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut color = vec![0u8; story.passages.len()];
    for start in 0..story.passages.len() {
        let mut path = Vec::new();
        let mut at = start;
        let mut open_end = false;
        while color.get(at) == Some(&0) {
            color[at] = 1;
            path.push(at);
            match story.passages.get(at).and_then(forced) {
                Some(next) => at = next as usize,
                None => {
                    open_end = true;
                    break;
                }
            }
        }
        if !open_end && color.get(at) == Some(&1) {
            if let Some(first) = story.passages.get(at) {
                let cycle: Vec<&str> = path
                    .iter()
                    .skip_while(|&&i| i != at)
                    .filter_map(|&i| story.passages.get(i))
                    .map(|p| p.id.as_str())
                    .collect();
                let (file, ptr) = place(story, files, first);
                let m = format!(
                    "these passages move on by themselves forever: {} → {}",
                    cycle.join(" → "),
                    first.id
                );
                sink.report(Code::AutoLoop, file, At::Key(ptr, 0), Some(&first.id), m);
            }
        }
        for i in path {
            color[i] = 2;
        }
    }
}

/// All warnings.
pub(crate) fn lint(story: &Story, sink: &mut Sink<'_>, files: &[usize]) {
    reachability(story, sink, files);
    let mut used_vars = HashSet::new();
    let mut drawn = HashSet::new();
    let mut used_endings = HashSet::new();
    let range = |name: &str| {
        story
            .variable(name)
            .filter(|v| v.kind == VarKind::Stat)
            .map(|v| (v.min, v.max))
    };
    for p in &story.passages {
        let (file, base) = place(story, files, p);
        let report = |sink: &mut Sink<'_>, code: Code, at: At, m: String| {
            sink.report(code, file, at, Some(&p.id), m)
        };
        if p.choices.is_empty() && p.ending.is_none() {
            report(
                sink,
                Code::DeadEnd,
                At::Key(base.clone(), 0),
                "dead end: no choices and no `ending`".into(),
            );
        }
        if let Some(e) = p.ending {
            used_endings.insert(e);
        }
        effects_vars(&p.on_enter, &mut used_vars);
        paragraphs_vars(&p.text, &mut used_vars);
        if let Some(s) = &p.storylet {
            if let Some(w) = &s.when {
                w.visit_vars(&mut |v| {
                    used_vars.insert(v.to_owned());
                });
                if expr::never_true(w, &range) {
                    report(
                        sink,
                        Code::NeverTrue,
                        At::value(format!("{base}/when")),
                        "this storylet can never be drawn: `when` is never true".into(),
                    );
                }
            }
        }
        for (i, c) in p.choices.iter().enumerate() {
            if let Move::Draw { pool, .. } = &c.action {
                drawn.insert(pool.clone());
            }
            effects_vars(&c.effects, &mut used_vars);
            nodes_vars(&c.text, &mut used_vars);
            if let Some(cond) = &c.cond {
                cond.visit_vars(&mut |v| {
                    used_vars.insert(v.to_owned());
                });
                if expr::never_true(cond, &range) {
                    report(
                        sink,
                        Code::NeverTrue,
                        At::value(format!("{base}/choices/{i}/if")),
                        "this choice can never be enabled: its `if` is never true".into(),
                    );
                }
            }
        }
    }
    for e in &story.endings {
        paragraphs_vars(&e.paragraphs, &mut used_vars);
    }
    for a in &story.achievements {
        if let Some(w) = &a.when {
            w.visit_vars(&mut |v| {
                used_vars.insert(v.to_owned());
            });
        }
    }
    for v in &story.variables {
        if !used_vars.contains(&v.name) {
            let m = format!("variable `{}` is never used", v.name);
            sink.report(
                Code::UnusedVariable,
                0,
                At::Key(format!("/variables/{}", escape_segment(&v.name)), 0),
                None,
                m,
            );
        }
    }
    for (pool, members) in &story.pools {
        if drawn.contains(pool) {
            continue;
        }
        if let Some(p) = members.first().and_then(|&i| story.at(i)) {
            let (file, base) = place(story, files, p);
            let m = format!("no choice draws from pool `{pool}`");
            sink.report(
                Code::PoolNeverDrawn,
                file,
                At::value(format!("{base}/pool")),
                Some(&p.id),
                m,
            );
        }
    }
    for (i, e) in story.endings.iter().enumerate() {
        if !used_endings.contains(&(i as u32)) {
            let m = format!("no passage ends with `{}`", e.id);
            sink.report(
                Code::UnusedEnding,
                0,
                At::Key(format!("/endings/{}", escape_segment(&e.id)), 0),
                None,
                m,
            );
        }
    }
}

fn reachability(story: &Story, sink: &mut Sink<'_>, files: &[usize]) {
    let mut seen = vec![false; story.passages.len()];
    let mut todo = vec![story.start];
    while let Some(i) = todo.pop() {
        match seen.get_mut(i as usize) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let Some(p) = story.at(i) else { continue };
        for c in &p.choices {
            match &c.action {
                Move::Goto(t) => todo.push(*t),
                Move::Call { target, ret } => todo.extend(std::iter::once(*target).chain(*ret)),
                Move::Draw { pool, ret } => {
                    todo.extend(
                        story
                            .pools
                            .get(pool)
                            .into_iter()
                            .flatten()
                            .copied()
                            .chain(*ret),
                    );
                }
                Move::Return => {}
            }
        }
    }
    for (i, p) in story.passages.iter().enumerate() {
        if !seen[i] {
            let (file, base) = place(story, files, p);
            sink.report(
                Code::Unreachable,
                file,
                At::Key(base, 0),
                Some(&p.id),
                "unreachable: no path from the start leads here",
            );
        }
    }
}

fn effects_vars(effects: &[Effect], used: &mut HashSet<String>) {
    for e in effects {
        e.visit_vars(&mut |v| {
            used.insert(v.to_owned());
        });
    }
}

fn expr_vars(e: &Expr, used: &mut HashSet<String>) {
    e.visit_vars(&mut |v| {
        used.insert(v.to_owned());
    });
}

fn nodes_vars(nodes: &[Node], used: &mut HashSet<String>) {
    for n in nodes {
        match n {
            Node::Text(_) => {}
            Node::Em(inner) | Node::Strong(inner) => nodes_vars(inner, used),
            Node::Interp(e) => expr_vars(e, used),
            Node::If {
                cond,
                then,
                otherwise,
            } => {
                expr_vars(cond, used);
                nodes_vars(then, used);
                nodes_vars(otherwise, used);
            }
            Node::Vary { options, .. } => options.iter().for_each(|o| nodes_vars(o, used)),
        }
    }
}

fn paragraphs_vars(paragraphs: &[Paragraph], used: &mut HashSet<String>) {
    for p in paragraphs {
        match p {
            Paragraph::Text(nodes) => nodes_vars(nodes, used),
            Paragraph::Cond {
                cond,
                then,
                otherwise,
            } => {
                expr_vars(cond, used);
                paragraphs_vars(then, used);
                paragraphs_vars(otherwise, used);
            }
        }
    }
}
