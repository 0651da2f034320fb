//! The small API of author tools (the browser's author mode, `story graph`): jump to any
//! passage, set a variable, list passages for a searchable picker, and the passage graph for a
//! story map.
//!
//! These bend the rules of play on purpose (a jump ignores choices), so the player UI never
//! calls them. Like play, they are pure functions returning new states.

use crate::runtime::error::PlayError;
use crate::runtime::markup::Node;
use crate::runtime::model::{Move, Story, VarKind};
use crate::runtime::play::{enter, settle, Steps};
use crate::runtime::rules::unlock;
use crate::runtime::state::{State, Value};
use std::fmt;

/// Moves `state` to `passage` (a full id), keeping variables, visits and achievements: like
/// Twine's "test from here", but mid-run. The passage is entered as if by a `goto` (its
/// `on_enter` runs, its visit count grows, fallbacks are taken); the tunnel stack is emptied,
/// since the jump did not come from a `call`. The turn does not advance.
pub fn jump(story: &Story, state: &State, passage: &str) -> Result<State, PlayError> {
    let idx = *story
        .index
        .get(passage)
        .ok_or_else(|| PlayError::UnknownPassage(passage.to_owned()))?;
    let mut next = state.clone();
    next.stack.clear();
    let mut steps = Steps::new();
    enter(story, &mut next, idx, &mut steps)?;
    settle(story, &mut next, &mut steps)?;
    unlock(story, &mut next)?;
    Ok(next)
}

/// Why a variable could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    /// The story declares no such variable.
    UnknownVariable(String),
    /// The value's type does not fit the variable's kind.
    WrongType {
        /// The variable.
        name: String,
        /// What it holds: `integer`, `boolean` or `string`.
        expected: &'static str,
    },
    /// A stat's value outside its declared range.
    OutOfRange {
        /// The variable.
        name: String,
        /// Its lowest value.
        min: i64,
        /// Its highest value.
        max: i64,
    },
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetError::UnknownVariable(n) => write!(f, "unknown variable `{n}`"),
            SetError::WrongType { name, expected } => {
                write!(f, "`{name}` holds a {expected}")
            }
            SetError::OutOfRange { name, min, max } => {
                write!(f, "`{name}` must be between {min} and {max}")
            }
        }
    }
}

impl std::error::Error for SetError {}

fn expected(kind: VarKind) -> &'static str {
    match kind {
        VarKind::Stat | VarKind::Counter => "integer",
        VarKind::Flag => "boolean",
        VarKind::String => "string",
    }
}

/// Reads a value typed by an author (`42`, `true`, `Alex`) for variable `name`.
pub fn parse_value(story: &Story, name: &str, text: &str) -> Result<Value, SetError> {
    let var = story
        .variable(name)
        .ok_or_else(|| SetError::UnknownVariable(name.to_owned()))?;
    let text = text.trim();
    let value = match var.kind {
        VarKind::Stat | VarKind::Counter => text.parse().ok().map(Value::Int),
        VarKind::Flag => text.parse().ok().map(Value::Bool),
        VarKind::String => Some(Value::Str(text.to_owned())),
    };
    value.ok_or_else(|| SetError::WrongType {
        name: name.to_owned(),
        expected: expected(var.kind),
    })
}

/// Sets variable `name` to `value`, checked against its declaration (kind and, for stats,
/// range: out-of-range values are refused, not clamped, so the inspector shows the mistake).
/// Achievement conditions are checked afterwards, as after a choice.
pub fn set_var(story: &Story, state: &State, name: &str, value: Value) -> Result<State, SetError> {
    let var = story
        .variable(name)
        .ok_or_else(|| SetError::UnknownVariable(name.to_owned()))?;
    let fits = matches!(
        (var.kind, &value),
        (VarKind::Stat | VarKind::Counter, Value::Int(_))
            | (VarKind::Flag, Value::Bool(_))
            | (VarKind::String, Value::Str(_))
    );
    if !fits {
        return Err(SetError::WrongType {
            name: name.to_owned(),
            expected: expected(var.kind),
        });
    }
    if let (VarKind::Stat, Value::Int(n)) = (var.kind, &value) {
        if !(var.min..=var.max).contains(n) {
            return Err(SetError::OutOfRange {
                name: name.to_owned(),
                min: var.min,
                max: var.max,
            });
        }
    }
    let mut next = state.clone();
    next.vars.insert(name.to_owned(), value);
    // An achievement condition that fails to evaluate simply stays locked here.
    let _ = unlock(story, &mut next);
    Ok(next)
}

/// One passage as a picker or a map lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassageInfo {
    /// Full id.
    pub id: String,
    /// Its chapter's id.
    pub chapter: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// The ending it ends the run with, if any.
    pub ending: Option<String>,
    /// The pool it is a storylet of, if any.
    pub pool: Option<String>,
    /// True for the story's start passage.
    pub start: bool,
    /// The start of its first paragraph, markup removed (at most about 80 characters).
    pub excerpt: String,
}

impl PassageInfo {
    /// Case-insensitive match of every word of `query` against id, chapter, tags and excerpt:
    /// the search of a passage picker.
    pub fn matches(&self, query: &str) -> bool {
        let hay = format!(
            "{} {} {} {}",
            self.id,
            self.chapter,
            self.tags.join(" "),
            self.excerpt
        )
        .to_lowercase();
        query
            .split_whitespace()
            .all(|w| hay.contains(&w.to_lowercase()))
    }
}

/// Every passage in story order (chapter by chapter, file order).
pub fn passages(story: &Story) -> Vec<PassageInfo> {
    let start = story.start();
    story
        .passages
        .iter()
        .map(|p| PassageInfo {
            id: p.id.clone(),
            chapter: story
                .chapters
                .get(p.chapter as usize)
                .map(|c| c.id.clone())
                .unwrap_or_default(),
            tags: p.tags.clone(),
            ending: p
                .ending
                .and_then(|e| story.endings.get(e as usize))
                .map(|e| e.id.clone()),
            pool: p.storylet.as_ref().map(|s| s.pool.clone()),
            start: p.id == start,
            excerpt: excerpt(p.text.first()),
        })
        .collect()
}

fn excerpt(first: Option<&crate::runtime::model::Paragraph>) -> String {
    let text = match first {
        Some(crate::runtime::model::Paragraph::Text(nodes)) => plain(nodes),
        _ => String::new(),
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() > 80 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Source-like text of inline nodes without markup: interpolations as `{…}`, the first option
/// of conditional and varying text.
pub(crate) fn plain(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Em(inner) | Node::Strong(inner) => out.push_str(&plain(inner)),
            Node::Interp(e) => out.push_str(&format!("{{{e}}}")),
            Node::If { then, .. } => out.push_str(&plain(then)),
            Node::Vary { options, .. } => {
                out.push_str(&options.first().map(|o| plain(o)).unwrap_or_default());
            }
        }
    }
    out
}

/// How a choice leads from one passage to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// `goto`.
    Goto,
    /// `call`: into a tunnel.
    Call,
    /// The `goto` of a `call` or `draw`: where play resumes after the tunnel returns.
    Resume,
    /// `draw`: `to` is the pool's name, not a passage.
    Draw,
}

/// One link of the passage graph: a choice (or fallback) of `from` that leads to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Full id of the passage with the choice.
    pub from: String,
    /// Full id of the target passage, or the pool name for [`EdgeKind::Draw`].
    pub to: String,
    /// How it leads there.
    pub kind: EdgeKind,
    /// The choice's text without markup (empty for a fallback).
    pub text: String,
    /// The choice is a fallback (taken automatically).
    pub fallback: bool,
    /// The choice has an `if`.
    pub conditional: bool,
}

/// Every link between passages, in story order. `return` choices have no static target and are
/// not listed; storylets belong to their pool (see [`PassageInfo::pool`]).
pub fn edges(story: &Story) -> Vec<Edge> {
    let mut out = Vec::new();
    for p in &story.passages {
        for c in &p.choices {
            let mut push = |to: String, kind: EdgeKind| {
                out.push(Edge {
                    from: p.id.clone(),
                    to,
                    kind,
                    text: plain(&c.text),
                    fallback: c.fallback,
                    conditional: c.cond.is_some(),
                });
            };
            let id = |i: u32| story.at(i).map(|t| t.id.clone()).unwrap_or_default();
            match &c.action {
                Move::Goto(t) => push(id(*t), EdgeKind::Goto),
                Move::Call { target, ret } => {
                    push(id(*target), EdgeKind::Call);
                    if let Some(r) = ret {
                        push(id(*r), EdgeKind::Resume);
                    }
                }
                Move::Draw { pool, ret } => {
                    push(pool.clone(), EdgeKind::Draw);
                    if let Some(r) = ret {
                        push(id(*r), EdgeKind::Resume);
                    }
                }
                Move::Return => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::load::{load, SourceFile};
    use crate::runtime::play::start;
    use crate::runtime::view::view;

    fn story() -> Story {
        let manifest = SourceFile {
            path: "story.json".into(),
            text: r#"{"format": 1, "id": "t", "title": "T", "version": "1", "start": "a.hub",
                "chapters": ["a.json"], "endings": {"done": {"title": "Done"}},
                "achievements": {"calm": {"title": "Calm", "when": "stress <= 5"}},
                "variables": {"stress": {"kind": "stat", "start": 50, "min": 0, "max": 60},
                              "met": {"kind": "flag"}, "n": {"kind": "counter"},
                              "who": {"kind": "string", "start": "x"}}}"#
                .into(),
        };
        let chapter = SourceFile {
            path: "a.json".into(),
            text: r#"{"id": "a", "title": "A", "passages": {
                "hub": {"tags": ["seed:x"], "text": "The *hub* of {who}.",
                    "choices": [{"text": "Week", "draw": "week", "goto": "hub",
                                 "if": "met || stress < 60 || n >= 0 || who == who"},
                                {"text": "Tunnel", "call": "side"},
                                {"text": "Leave", "goto": "end"}]},
                "side": {"on_enter": ["n += 1"], "text": "Side.",
                    "choices": [{"text": "Back", "return": true}]},
                "w1": {"pool": "week", "text": "W1.", "choices": [{"text": "Back", "return": true}]},
                "auto": {"text": "Auto.", "choices": [{"fallback": true, "goto": "end"}]},
                "end": {"text": "End.", "ending": "done"}}}"#
                .into(),
        };
        load(&manifest, &[chapter]).story.expect("loads")
    }

    #[test]
    fn jump_keeps_variables_enters_and_takes_fallbacks() {
        let s = story();
        let state = start(&s, 1).unwrap();
        let state = set_var(&s, &state, "stress", Value::Int(10)).unwrap();
        let at = jump(&s, &state, "a.side").unwrap();
        assert_eq!((at.passage(), at.visits(&s, "a.side")), ("a.side", 1));
        assert_eq!(at.value("n"), Some(&Value::Int(1)), "on_enter ran");
        assert_eq!(at.value("stress"), Some(&Value::Int(10)), "variables kept");
        assert_eq!(at.depth(), 0);
        assert_eq!(jump(&s, &state, "a.auto").unwrap().passage(), "a.end");
        assert_eq!(
            jump(&s, &state, "a.nope"),
            Err(PlayError::UnknownPassage("a.nope".into()))
        );
    }

    #[test]
    fn set_var_validates_against_the_declaration() {
        let s = story();
        let state = start(&s, 1).unwrap();
        let cases = [
            ("stress", "60", "ok"),
            ("stress", "61", "`stress` must be between 0 and 60"),
            ("stress", "high", "`stress` holds a integer"),
            ("n", "-5", "ok"),
            ("met", "true", "ok"),
            ("met", "1", "`met` holds a boolean"),
            ("who", " Alex ", "ok"),
            ("nope", "1", "unknown variable `nope`"),
        ];
        for (name, text, want) in cases {
            let got = parse_value(&s, name, text)
                .and_then(|v| set_var(&s, &state, name, v))
                .map_or_else(|e| e.to_string(), |_| "ok".to_owned());
            assert_eq!(got, want, "{name} = {text}");
        }
        let calm = set_var(&s, &state, "stress", Value::Int(3)).unwrap();
        assert_eq!(calm.achievements().collect::<Vec<_>>(), ["calm"]);
        assert_eq!(calm.value("stress"), Some(&Value::Int(3)));
        assert!(view(&s, &calm).is_ok());
        let wrong = set_var(&s, &state, "who", Value::Int(1));
        assert!(matches!(wrong, Err(SetError::WrongType { .. })));
    }

    #[test]
    fn passages_list_and_search() {
        let s = story();
        let list = passages(&s);
        let ids: Vec<&str> = list.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a.hub", "a.side", "a.w1", "a.auto", "a.end"]);
        let hub = &list[0];
        assert!(hub.start && hub.tags == ["seed:x"]);
        assert_eq!(hub.excerpt, "The hub of {who}.");
        assert_eq!(list[2].pool.as_deref(), Some("week"));
        assert_eq!(list[4].ending.as_deref(), Some("done"));
        let found: Vec<&str> = list
            .iter()
            .filter(|p| p.matches("SEED:X hub"))
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(found, ["a.hub"]);
    }

    #[test]
    fn edges_cover_every_move() {
        let s = story();
        let got: Vec<String> = edges(&s)
            .iter()
            .map(|e| {
                format!(
                    "{} -{:?}{}{}-> {} {:?}",
                    e.from,
                    e.kind,
                    if e.fallback { " fallback" } else { "" },
                    if e.conditional { " if" } else { "" },
                    e.to,
                    e.text
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "a.hub -Draw if-> week \"Week\"",
                "a.hub -Resume if-> a.hub \"Week\"",
                "a.hub -Call-> a.side \"Tunnel\"",
                "a.hub -Goto-> a.end \"Leave\"",
                "a.auto -Goto fallback-> a.end \"\"",
            ]
        );
    }
}
