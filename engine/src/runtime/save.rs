//! Saves and undo: `save` writes `{ format, story, version, state }`; `restore` reads untrusted
//! JSON back, migrating it to the current story (start values for new variables, unknown ones
//! dropped, renamed passages followed); `History` is the bounded undo stack.
//!
//! A save is data only, keyed by ids (passage ids, `passage#choice` for once-only choices),
//! never by the indices the in-memory `State` uses, so it survives edits to the story.
//! Restoring builds a new state or returns an error; it never panics and never returns a
//! half-migrated state.

use crate::runtime::error::MAX_DEPTH;
use crate::runtime::json::{self, Json, Kind, Reader};
use crate::runtime::model::{Story, VarKind};
use crate::runtime::state::{State, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

/// The version of the save layout written by [`save`].
pub const SAVE_FORMAT: u32 = 1;
/// Saves larger than this are refused unread.
pub const MAX_SAVE_BYTES: usize = 1 << 20;
/// How far a chain of renames is followed before it counts as a cycle.
const MAX_RENAMES: usize = 64;

/// Why a save could not be restored. Messages are lowercase and meant for the player.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// Not a save: bad JSON or missing fields.
    Malformed(String),
    /// Larger than [`MAX_SAVE_BYTES`].
    TooLarge(usize),
    /// Written by a newer engine.
    Format(u32),
    /// A save of another story.
    WrongStory {
        /// This story's id.
        expected: String,
        /// The save's story id.
        found: String,
    },
    /// The save is at a passage this version of the story no longer has.
    UnknownPassage(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Malformed(m) => write!(f, "this is not a readable save: {m}"),
            SaveError::TooLarge(n) => write!(f, "this save is too large ({n} bytes)"),
            SaveError::Format(n) => {
                write!(
                    f,
                    "this save has format {n}; this game reads format {SAVE_FORMAT}"
                )
            }
            SaveError::WrongStory { expected, found } => {
                write!(f, "this save belongs to story `{found}`, not `{expected}`")
            }
            SaveError::UnknownPassage(p) => write!(
                f,
                "this save is at passage `{p}`, which this version of the story no longer has"
            ),
        }
    }
}

impl std::error::Error for SaveError {}

/// Writes the state as a save writes it: per-passage counters keyed by passage id, once-only
/// choices as `passage#choice`, every map sorted by key (the order serde_json wrote).
fn push_state(out: &mut String, story: &Story, state: &State) {
    let mut visits = BTreeMap::new();
    let mut last_visit = BTreeMap::new();
    for (i, p) in story.passages.iter().enumerate() {
        let n = state.visits.get(i).copied().unwrap_or(0);
        if n > 0 {
            visits.insert(p.id.as_str(), n);
            last_visit.insert(p.id.as_str(), state.last_visit.get(i).copied().unwrap_or(0));
        }
    }
    let mut taken = BTreeSet::new();
    for p in &story.passages {
        for c in &p.choices {
            if let (Some(slot), Some(id)) = (c.once_slot, &c.id) {
                if state.is_taken(slot) {
                    taken.insert(format!("{}#{id}", p.id));
                }
            }
        }
    }
    let counts = |out: &mut String, map: &BTreeMap<&str, u32>| {
        out.push('{');
        for (id, n) in map {
            json::key(out, id);
            json::push_num(out, n);
        }
        out.push('}');
    };
    let strings = |out: &mut String, s: &String| json::push_str(out, s);
    out.push('{');
    json::key(out, "passage");
    json::push_str(out, &state.passage);
    json::key(out, "stack");
    json::push_array(out, &state.stack, strings);
    json::key(out, "vars");
    out.push('{');
    for (name, value) in &state.vars {
        json::key(out, name);
        match value {
            Value::Int(n) => json::push_num(out, n),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Str(s) => json::push_str(out, s),
        }
    }
    out.push('}');
    json::key(out, "visits");
    counts(out, &visits);
    json::key(out, "last_visit");
    counts(out, &last_visit);
    json::key(out, "taken");
    json::push_array(out, &taken, strings);
    for (name, n) in [
        ("turn", u64::from(state.turn)),
        ("seed", state.seed),
        ("rng", state.rng),
    ] {
        json::key(out, name);
        json::push_num(out, n);
    }
    json::key(out, "achievements");
    json::push_array(out, &state.achievements, strings);
    out.push('}');
}

/// The state as found in a save: everything optional, values untyped, checked by hand.
struct StateIn<'j> {
    passage: String,
    stack: Vec<String>,
    vars: Vec<(&'j str, &'j Json)>,
    visits: Vec<(String, u32)>,
    last_visit: Vec<(String, u32)>,
    taken: Vec<String>,
    turn: u32,
    seed: u64,
    rng: u64,
    achievements: Vec<String>,
}

/// The fields of a save's state, in the order serde's derive read them by position.
const STATE_FIELDS: &[&str] = &[
    "passage",
    "stack",
    "vars",
    "visits",
    "last_visit",
    "taken",
    "turn",
    "seed",
    "rng",
    "achievements",
];

impl<'j> StateIn<'j> {
    /// Reads the state with serde_json's `from_value` messages, as saves always said them.
    fn read(r: &Reader<'_>, value: &'j Json) -> Result<StateIn<'j>, json::Error> {
        let f = r.fields(value, "StateIn", STATE_FIELDS)?;
        let counts = |v: &Json| -> Result<Vec<(String, u32)>, json::Error> {
            r.map(v)?
                .into_iter()
                .map(|(id, n)| Ok((id.to_owned(), r.int(n, "u32")?)))
                .collect()
        };
        Ok(StateIn {
            passage: r.string(f.need("passage")?)?,
            stack: f.or_default("stack", |v| r.strings(v))?,
            vars: f.or_default("vars", |v| r.map(v))?,
            visits: f.or_default("visits", counts)?,
            last_visit: f.or_default("last_visit", counts)?,
            taken: f.or_default("taken", |v| r.strings(v))?,
            turn: f.or_default("turn", |v| r.int(v, "u32"))?,
            seed: f.or_default("seed", |v| r.int(v, "u64"))?,
            rng: f.or_default("rng", |v| r.int(v, "u64"))?,
            achievements: f.or_default("achievements", |v| r.strings(v))?,
        })
    }
}

/// Serializes a state as a save of `story`.
pub fn save(story: &Story, state: &State) -> String {
    let mut out = String::from("{");
    json::key(&mut out, "format");
    json::push_num(&mut out, SAVE_FORMAT);
    json::key(&mut out, "story");
    json::push_str(&mut out, &story.id);
    json::key(&mut out, "version");
    json::push_str(&mut out, &story.version);
    json::key(&mut out, "state");
    push_state(&mut out, story, state);
    out.push('}');
    out
}

/// Reads a save of `story`, migrating it to the story as it is now.
pub fn restore(story: &Story, json: &str) -> Result<State, SaveError> {
    if json.len() > MAX_SAVE_BYTES {
        return Err(SaveError::TooLarge(json.len()));
    }
    let malformed = |e: json::Error| SaveError::Malformed(e.to_string());
    let head = json::parse(json).map_err(malformed)?;
    if !matches!(head.kind, Kind::Obj(_)) {
        return Err(SaveError::Malformed(
            "a save is a JSON object with `format`, `story` and `state`".to_owned(),
        ));
    }
    match head.get("format").map(|f| match f.kind {
        Kind::Num(n) => n.as_u64(),
        _ => None,
    }) {
        Some(Some(1)) => {}
        Some(Some(n)) => return Err(SaveError::Format(u32::try_from(n).unwrap_or(u32::MAX))),
        // Told apart from a missing field: `"format": "1"` said "missing" before.
        Some(None) => {
            return Err(SaveError::Malformed(
                "`format` is not a whole number".to_owned(),
            ))
        }
        None => return Err(SaveError::Malformed("missing field `format`".to_owned())),
    }
    let r = Reader::values(json);
    let f = r
        .fields(&head, "SaveIn", &["format", "story", "version", "state"])
        .map_err(malformed)?;
    let found = f
        .need("story")
        .and_then(|s| r.string(s))
        .map_err(malformed)?;
    // The version is recorded for humans and future migrations; it must still be a string.
    f.or_default("version", |v| r.string(v))
        .map_err(malformed)?;
    let raw = f
        .need("state")
        .and_then(|s| StateIn::read(&r, s))
        .map_err(malformed)?;
    if found != story.id {
        return Err(SaveError::WrongStory {
            expected: story.id.clone(),
            found,
        });
    }
    migrate(story, raw)
}

/// The current id of a passage that may have been renamed, if the story has it.
fn follow(story: &Story, id: &str) -> Option<String> {
    let mut id = id;
    for _ in 0..MAX_RENAMES {
        if story.has_passage(id) {
            return Some(id.to_owned());
        }
        id = story.renames.get(id)?;
    }
    None
}

fn migrate(story: &Story, raw: StateIn<'_>) -> Result<State, SaveError> {
    // Play never nests deeper; a deeper stack is not a state of this engine.
    if raw.stack.len() > MAX_DEPTH {
        return Err(SaveError::Malformed(format!(
            "tunnel stack of {} is deeper than {MAX_DEPTH}",
            raw.stack.len()
        )));
    }
    let passage = follow(story, &raw.passage).ok_or(SaveError::UnknownPassage(raw.passage))?;
    let stack = raw
        .stack
        .into_iter()
        .map(|p| follow(story, &p).ok_or(SaveError::UnknownPassage(p)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut vars = BTreeMap::new();
    for v in &story.variables {
        let found = raw.vars.iter().find(|(name, _)| *name == v.name);
        let value = match (v.kind, found.map(|(_, value)| &value.kind)) {
            (VarKind::Stat, Some(Kind::Num(n))) => {
                n.as_i64().map(|n| Value::Int(n.clamp(v.min, v.max)))
            }
            (VarKind::Counter, Some(Kind::Num(n))) => n.as_i64().map(Value::Int),
            (VarKind::Flag, Some(Kind::Bool(b))) => Some(Value::Bool(*b)),
            (VarKind::String, Some(Kind::Str(s))) => Some(Value::Str(s.clone())),
            _ => None,
        };
        vars.insert(v.name.clone(), value.unwrap_or_else(|| v.start.clone()));
    }
    // Counters of renamed passages merge into the passage's current index.
    let by_index = |map: Vec<(String, u32)>, merge: fn(u32, u32) -> u32| {
        let mut out = vec![0; story.passages.len()];
        for (id, n) in map {
            let slot = follow(story, &id)
                .and_then(|id| story.idx(&id))
                .and_then(|i| out.get_mut(i as usize));
            if let Some(slot) = slot {
                *slot = merge(*slot, n);
            }
        }
        out
    };
    let visits = by_index(raw.visits, u32::saturating_add);
    let mut last_visit = by_index(raw.last_visit, u32::max);
    // A last visit without a visit is not a state play makes (and `save` would not write it
    // back, so the restored state would not round-trip: found by fuzzing `restore`).
    for (last, n) in last_visit.iter_mut().zip(&visits) {
        if *n == 0 {
            *last = 0;
        }
    }
    let mut state = State {
        passage,
        stack,
        vars,
        visits,
        last_visit,
        taken: vec![0; story.once_slots.div_ceil(64) as usize],
        turn: raw.turn,
        seed: raw.seed,
        rng: raw.rng,
        achievements: BTreeSet::new(),
    };
    for key in raw.taken {
        let Some((p, choice)) = key.split_once('#') else {
            continue;
        };
        let slot = follow(story, p)
            .and_then(|id| story.passage(&id))
            .and_then(|p| p.choices.iter().find(|c| c.id.as_deref() == Some(choice)))
            .and_then(|c| c.once_slot);
        if let Some(slot) = slot {
            state.mark_taken(slot);
        }
    }
    state.achievements = raw
        .achievements
        .into_iter()
        .filter(|a| story.achievements.iter().any(|d| &d.id == a))
        .collect();
    Ok(state)
}

/// A bounded undo stack of states: the oldest fall off when it is full.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    states: VecDeque<State>,
    capacity: usize,
}

impl Default for History {
    fn default() -> Self {
        History::new(100)
    }
}

impl History {
    /// An empty history keeping at most `capacity` states.
    pub fn new(capacity: usize) -> History {
        History {
            states: VecDeque::new(),
            capacity,
        }
    }

    /// Remembers a state (the one before a move).
    pub fn push(&mut self, state: State) {
        if self.capacity == 0 {
            return;
        }
        while self.states.len() >= self.capacity {
            self.states.pop_front();
        }
        self.states.push_back(state);
    }

    /// The most recent state, removed from the history.
    pub fn undo(&mut self) -> Option<State> {
        self.states.pop_back()
    }

    /// How many states can be undone.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// True when nothing can be undone.
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Forgets everything (on restart).
    pub fn clear(&mut self) {
        self.states.clear();
    }

    /// The states that can be undone, oldest first.
    pub fn states(&self) -> impl DoubleEndedIterator<Item = &State> {
        self.states.iter()
    }

    /// The most states kept.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}
