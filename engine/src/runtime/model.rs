//! The validated story: immutable content built by `load`, with read-only accessors for hosts
//! (stats panel, gallery, reports) and crate-internal structure for play.
//!
//! Nothing here parses or checks; a `Story` only exists once loading found no errors, so play
//! code may rely on every id in it resolving.

use crate::runtime::expr::{Effect, Expr};
use crate::runtime::markup::Node;
use crate::runtime::state::Value;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Index of a passage in `Story::passages` (never persisted: saves use ids).
pub(crate) type PassageIdx = u32;

/// A loaded, validated story.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Story {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) start: PassageIdx,
    pub(crate) chapters: Vec<Chapter>,
    /// The manifest's acts (empty: progress counts chapters).
    #[serde(default)]
    pub(crate) acts: Vec<Act>,
    pub(crate) passages: Vec<Passage>,
    /// Passage id → index; rebuilt when a compiled story is decoded, never stored.
    #[serde(skip)]
    pub(crate) index: HashMap<String, PassageIdx>,
    pub(crate) variables: Vec<Variable>,
    pub(crate) endings: Vec<Ending>,
    pub(crate) achievements: Vec<Achievement>,
    pub(crate) renames: BTreeMap<String, String>,
    /// Pool name → its storylets, in story order.
    pub(crate) pools: BTreeMap<String, Vec<PassageIdx>>,
    /// How many once-only choices have an id (the bits of `State::taken`); set by `reindex`.
    #[serde(skip)]
    pub(crate) once_slots: u32,
    /// What the compiled core left out: the passages and endings whose prose comes later, in
    /// the rest chunk (`runtime::compiled`). Empty for a story that is whole.
    #[serde(default)]
    pub(crate) held: Held,
    /// The held prose once attached (`Story::attach`): set once, through a shared reference,
    /// so every holder of the story sees it.
    #[serde(skip)]
    pub(crate) prose: OnceLock<Prose>,
    /// The fingerprint of the core this story was decoded from (0 for a story not decoded);
    /// a rest chunk must carry the same one.
    #[serde(skip)]
    pub(crate) fingerprint: u64,
}

/// The passages and endings whose prose a compiled core leaves to the rest chunk, ascending.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Held {
    /// Passages whose text and choice labels are held.
    pub passages: Vec<PassageIdx>,
    /// Endings whose epilogue is held.
    pub endings: Vec<u32>,
}

/// The prose of one held passage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct HeldPassage {
    pub text: Vec<Paragraph>,
    /// The labels of its choices, in order.
    pub choices: Vec<Vec<Node>>,
}

/// The held prose, in the order of [`Held`]: the body of a rest chunk.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Prose {
    pub passages: Vec<HeldPassage>,
    pub endings: Vec<Vec<Paragraph>>,
}

/// A chapter: a file of passages with a title for the player's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// The chapter id, the prefix of its passages' ids.
    pub id: String,
    /// Shown to the player.
    pub title: String,
    /// The chapter file's path as listed in the manifest.
    pub file: String,
}

/// An act: chapters grouped for the player's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    /// Shown to the player.
    pub title: String,
    /// Its chapters' ids, in reading order.
    pub chapters: Vec<String>,
}

/// Where a passage's chapter stands in the story, for "Act 2 of 3" or "Chapter 4 of 6".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// 0-based index of the act (or, without acts, of the chapter).
    pub index: u32,
    /// How many acts (or chapters) there are.
    pub total: u32,
    /// True when the story declares acts.
    pub acts: bool,
}

/// What kind of value a variable holds and how it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VarKind {
    /// An integer clamped to `min..=max`.
    Stat,
    /// An unbounded integer.
    Counter,
    /// A boolean.
    Flag,
    /// Text.
    String,
}

/// How the stats panel shows a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Display {
    /// A bar from `min` to `max` (stats), or a number (labelled counters).
    Bar,
    /// A bar between two labels: `label` at the high end, `opposite` at the low end.
    Opposed,
    /// Not shown.
    Hidden,
}

/// A declared variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variable {
    /// `snake_case` name used in expressions and saves.
    pub name: String,
    /// Its kind.
    pub kind: VarKind,
    /// Shown in the stats panel (stats and labelled counters).
    pub label: Option<String>,
    /// How it is shown; `Hidden` for flags, strings and counters without a label.
    pub display: Display,
    /// Lower bound (stats only; `i64::MIN` otherwise).
    pub min: i64,
    /// Upper bound (stats only; `i64::MAX` otherwise).
    pub max: i64,
    /// The label of the low end of an opposed stat.
    pub opposite: Option<String>,
    /// `(threshold, word)` ascending: the word of the highest threshold ≤ the value.
    pub words: Vec<(i64, String)>,
    /// The value a new run starts with.
    #[serde(with = "crate::runtime::state::tagged")]
    pub start: Value,
}

/// A declared ending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ending {
    /// Stable id (galleries keep it across runs).
    pub id: String,
    /// Shown when the ending is reached.
    pub title: String,
    pub(crate) paragraphs: Vec<Paragraph>,
}

/// A declared achievement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Achievement {
    /// Stable id (kept across runs by the app).
    pub id: String,
    /// Short title.
    pub title: String,
    /// What the player did.
    pub description: String,
    pub(crate) when: Option<Expr>,
}

/// A paragraph of passage text or epilogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Paragraph {
    Text(Vec<Node>),
    Cond {
        cond: Expr,
        then: Vec<Paragraph>,
        otherwise: Vec<Paragraph>,
    },
}

/// A passage.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Passage {
    /// Full id, `chapter.key`.
    pub id: String,
    pub chapter: u32,
    pub tags: Vec<String>,
    pub on_enter: Vec<Effect>,
    pub text: Vec<Paragraph>,
    pub choices: Vec<Choice>,
    /// Index into `Story::endings`.
    pub ending: Option<u32>,
    pub storylet: Option<Storylet>,
}

/// Storylet fields of a passage in a pool.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Storylet {
    pub pool: String,
    pub when: Option<Expr>,
    pub weight: u32,
    pub priority: i32,
    pub max_visits: Option<u32>,
    pub cooldown: Option<u32>,
}

/// How a choice moves the player.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Move {
    Goto(PassageIdx),
    /// Call a tunnel; `ret` is where its `return` continues (the calling passage if `None`).
    Call {
        target: PassageIdx,
        ret: Option<PassageIdx>,
    },
    Draw {
        pool: String,
        ret: Option<PassageIdx>,
    },
    Return,
}

/// A choice.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Choice {
    pub id: Option<String>,
    pub text: Vec<Node>,
    pub action: Move,
    pub cond: Option<Expr>,
    pub locked: Option<String>,
    pub effects: Vec<Effect>,
    pub once: bool,
    pub fallback: bool,
    /// For a once-only choice with an id: its bit in `State::taken`; set by `Story::reindex`.
    #[serde(skip)]
    pub once_slot: Option<u32>,
}

impl Story {
    /// The story's identity; saves are keyed by it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The story's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The story's own version string.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Full id of the first passage.
    pub fn start(&self) -> &str {
        self.passages
            .get(self.start as usize)
            .map_or("", |p| p.id.as_str())
    }

    /// Variables in declared order.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// A variable by name.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Endings in declared order.
    pub fn endings(&self) -> &[Ending] {
        &self.endings
    }

    /// Achievements in declared order.
    pub fn achievements(&self) -> &[Achievement] {
        &self.achievements
    }

    /// Chapters in reading order.
    pub fn chapters(&self) -> &[Chapter] {
        &self.chapters
    }

    /// Acts in reading order (empty when the manifest declares none).
    pub fn acts(&self) -> &[Act] {
        &self.acts
    }

    /// The one rule for the player's progress: the act holding `chapter` among the acts, or,
    /// without acts, the chapter among the chapters (the first if the id is unknown).
    pub fn progress(&self, chapter: &str) -> Progress {
        if self.acts.is_empty() {
            let index = self.chapters.iter().position(|c| c.id == chapter);
            return Progress {
                index: index.unwrap_or(0) as u32,
                total: self.chapters.len() as u32,
                acts: false,
            };
        }
        let index = self
            .acts
            .iter()
            .position(|a| a.chapters.iter().any(|c| c == chapter));
        Progress {
            index: index.unwrap_or(0) as u32,
            total: self.acts.len() as u32,
            acts: true,
        }
    }

    /// Full ids of all passages, chapter by chapter in file order.
    pub fn passage_ids(&self) -> impl Iterator<Item = &str> {
        self.passages.iter().map(|p| p.id.as_str())
    }

    /// Whether a passage with this full id exists.
    pub fn has_passage(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The tags of a passage.
    pub fn tags(&self, passage: &str) -> Option<&[String]> {
        self.passage(passage).map(|p| p.tags.as_slice())
    }

    /// The word form of a stat's value: the word of the highest threshold ≤ `value` (the first
    /// word when the value is below every threshold). `None` if the variable has no words.
    pub fn word(&self, name: &str, value: &Value) -> Option<&str> {
        let Value::Int(n) = value else { return None };
        let words = &self.variable(name)?.words;
        let pick = words.iter().rev().find(|(t, _)| t <= n).or(words.first());
        pick.map(|(_, w)| w.as_str())
    }

    /// The values an integer variable can hold, for range analysis: a stat's `min..=max`; a
    /// counter is taken to stay within ±2^40 (moved by the small steps stories use, it would
    /// take longer than any run to leave it). `None` for other kinds.
    pub(crate) fn int_range(&self, name: &str) -> Option<(i64, i64)> {
        const COUNTER: i64 = 1 << 40;
        let v = self.variable(name)?;
        match v.kind {
            VarKind::Stat => Some((v.min, v.max)),
            VarKind::Counter => Some((-COUNTER, COUNTER)),
            VarKind::Flag | VarKind::String => None,
        }
    }

    /// Derives what is not stored in the compiled form: the id → index map and the once-only
    /// choices' bits, numbered in story order.
    pub(crate) fn reindex(&mut self) {
        self.index = self
            .passages
            .iter()
            .zip(0..)
            .map(|(p, i)| (p.id.clone(), i))
            .collect();
        let mut slots = 0;
        for choice in self.passages.iter_mut().flat_map(|p| p.choices.iter_mut()) {
            choice.once_slot = (choice.once && choice.id.is_some()).then(|| {
                slots += 1;
                slots - 1
            });
        }
        self.once_slots = slots;
    }

    /// The index of a passage by full id.
    pub(crate) fn idx(&self, id: &str) -> Option<PassageIdx> {
        self.index.get(id).copied()
    }

    pub(crate) fn passage(&self, id: &str) -> Option<&Passage> {
        self.index
            .get(id)
            .and_then(|&i| self.passages.get(i as usize))
    }

    pub(crate) fn at(&self, idx: PassageIdx) -> Option<&Passage> {
        self.passages.get(idx as usize)
    }

    /// True while some prose of this story has not arrived (a compiled core without its rest).
    pub fn is_pending(&self) -> bool {
        self.prose.get().is_none()
            && !(self.held.passages.is_empty() && self.held.endings.is_empty())
    }

    /// Whether the prose of this passage (by full id) is there to show; false only for a
    /// passage held back by a compiled core whose rest has not been attached.
    pub fn has_prose(&self, passage: &str) -> bool {
        self.idx(passage)
            .is_none_or(|idx| self.held_passage(idx).is_ok())
    }

    /// The text and choice labels of passage `idx`: its own, or the attached rest's for a held
    /// passage; `None` while that prose is pending.
    pub(crate) fn held_passage(&self, idx: PassageIdx) -> Result<Option<&HeldPassage>, ()> {
        match self.held.passages.binary_search(&idx) {
            Err(_) => Ok(None),
            Ok(at) => self
                .prose
                .get()
                .and_then(|prose| prose.passages.get(at))
                .map(Some)
                .ok_or(()),
        }
    }

    /// The epilogue of ending `index`: its own, or the attached rest's; `None` while pending.
    pub(crate) fn epilogue_of(&self, index: usize) -> Option<&[Paragraph]> {
        let ending = self.endings.get(index)?;
        match self.held.endings.binary_search(&(index as u32)) {
            Err(_) => Some(&ending.paragraphs),
            Ok(at) => self
                .prose
                .get()
                .and_then(|prose| prose.endings.get(at))
                .map(Vec::as_slice),
        }
    }
}
