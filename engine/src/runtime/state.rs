//! The play state — the save payload — and the seeded random number generator it carries.
//!
//! A step copies the state, so everything in it is either bounded by the story (per-passage
//! counters are vectors indexed by the story's passage index, once-only choices a bitset) or
//! small: a step costs the same at turn 500 as at turn 5. Indices never leave the process:
//! saves (`save.rs`) write ids and map them back on restore, so a save survives story edits.
//! It holds no behaviour beyond read accessors; `play` computes new states.

use crate::runtime::model::{PassageIdx, Story};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A variable's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// Stats and counters.
    Int(i64),
    /// Flags.
    Bool(bool),
    /// Strings.
    Str(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Str(s) => f.write_str(s),
        }
    }
}

/// [`Value`] in the compiled story: externally tagged, because binary formats cannot read the
/// untagged form saves use.
pub(crate) mod tagged {
    use super::Value;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    enum Tagged {
        Int(i64),
        Bool(bool),
        Str(String),
    }

    pub(crate) fn serialize<S: Serializer>(value: &Value, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Value::Int(n) => Tagged::Int(*n),
            Value::Bool(b) => Tagged::Bool(*b),
            Value::Str(t) => Tagged::Str(t.clone()),
        }
        .serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Ok(match Tagged::deserialize(d)? {
            Tagged::Int(n) => Value::Int(n),
            Tagged::Bool(b) => Value::Bool(b),
            Tagged::Str(t) => Value::Str(t),
        })
    }
}

/// Where play is and everything it remembers: the save's payload (`save` writes it keyed by
/// ids).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Full id of the current passage.
    pub(crate) passage: String,
    /// Tunnel return points, innermost last (full passage ids; at most `MAX_DEPTH`).
    pub(crate) stack: Vec<String>,
    /// Every declared variable by name.
    pub(crate) vars: BTreeMap<String, Value>,
    /// How many times each passage was entered, by passage index.
    pub(crate) visits: Vec<u32>,
    /// The turn at which each passage was last entered (for storylet cooldowns), by passage
    /// index; meaningful only where `visits` is not zero.
    pub(crate) last_visit: Vec<u32>,
    /// Once-only choices already taken: bit `Choice::once_slot`.
    pub(crate) taken: Vec<u64>,
    /// Choices taken so far.
    pub(crate) turn: u32,
    /// The seed the run started with (varying text derives from it without advancing `rng`).
    pub(crate) seed: u64,
    /// The PRNG's current state.
    pub(crate) rng: u64,
    /// Achievements unlocked in this run.
    pub(crate) achievements: BTreeSet<String>,
}

impl State {
    /// A variable's current value.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// All variables by name.
    pub fn values(&self) -> &BTreeMap<String, Value> {
        &self.vars
    }

    /// Achievements unlocked in this run, sorted by id.
    pub fn achievements(&self) -> impl Iterator<Item = &str> {
        self.achievements.iter().map(String::as_str)
    }

    /// Full id of the current passage.
    pub fn passage(&self) -> &str {
        &self.passage
    }

    /// Choices taken so far.
    pub fn turn(&self) -> u32 {
        self.turn
    }

    /// Times a passage (full id) of `story` was entered.
    pub fn visits(&self, story: &Story, passage: &str) -> u32 {
        story.idx(passage).map_or(0, |i| self.visits_at(i))
    }

    /// The seed this run started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Tunnel depth: how many `return`s lead back out.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    pub(crate) fn visits_at(&self, idx: PassageIdx) -> u32 {
        self.visits.get(idx as usize).copied().unwrap_or(0)
    }

    /// The turn passage `idx` was last entered, if ever.
    pub(crate) fn last_visit_at(&self, idx: PassageIdx) -> Option<u32> {
        if self.visits_at(idx) == 0 {
            return None;
        }
        self.last_visit.get(idx as usize).copied()
    }

    /// Counts an entry into passage `idx` at the current turn.
    pub(crate) fn count_visit(&mut self, idx: PassageIdx) {
        let i = idx as usize;
        if i >= self.visits.len() {
            // A state made for a smaller story: grow rather than lose the count.
            self.visits.resize(i + 1, 0);
            self.last_visit.resize(i + 1, 0);
        }
        if let (Some(n), Some(last)) = (self.visits.get_mut(i), self.last_visit.get_mut(i)) {
            *n = n.saturating_add(1);
            *last = self.turn;
        }
    }

    pub(crate) fn is_taken(&self, slot: u32) -> bool {
        self.taken
            .get((slot / 64) as usize)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    pub(crate) fn mark_taken(&mut self, slot: u32) {
        let word = (slot / 64) as usize;
        if word >= self.taken.len() {
            self.taken.resize(word + 1, 0);
        }
        if let Some(w) = self.taken.get_mut(word) {
            *w |= 1 << (slot % 64);
        }
    }
}

/// SplitMix64: tiny, fast, good enough for story dice, and its whole state is one `u64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`), without modulo bias worth worrying about at story sizes.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: maps 64 random bits onto 0..n.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo <= hi`).
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.abs_diff(lo).saturating_add(1);
        let offset = if span == 0 {
            self.next_u64()
        } else {
            self.below(span)
        };
        lo.wrapping_add_unsigned(offset)
    }
}

/// The SplitMix64 output function; also a good 64-bit hash step.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable hash of some words and a string (FNV-1a folded through `mix`), for choices that
/// must be random-looking but must not advance the PRNG (shuffled text in a pure `view`).
pub(crate) fn hash(words: &[u64], text: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    for w in words {
        h = mix(h ^ w);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let mut a = Rng(42);
        let mut b = Rng(42);
        for _ in 0..1000 {
            let x = a.range(1, 6);
            assert_eq!(x, b.range(1, 6));
            assert!((1..=6).contains(&x));
        }
        assert!((i64::MIN..=i64::MAX).contains(&a.range(i64::MIN, i64::MAX)));
        assert_eq!(a.range(3, 3), 3);
    }

    #[test]
    fn values_serialize_as_plain_json() {
        let v = vec![Value::Int(3), Value::Bool(true), Value::Str("x".into())];
        let json = serde_json::to_string(&v).expect("serializes");
        assert_eq!(json, r#"[3,true,"x"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<Value>>(&json).expect("parses"),
            v
        );
    }
}
