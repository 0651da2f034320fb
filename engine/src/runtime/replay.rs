//! A run as its seed and its choices ([`Replay`]), the states it passes through, and the
//! shareable link text that carries it (`?replay=…`). Not the page's URL handling: the app
//! reads the query string and hands the text here.
//!
//! Play is deterministic, so a seed and the choices taken *are* the run. A link is bytes in
//! base64url (no padding):
//!
//! ```text
//! format (1 byte) | story id (len, bytes) | story version (len, bytes) | seed (LEB128)
//! | fingerprint of the final state (4 bytes, FNV-1a of its save) | choice count (LEB128)
//! | bits per choice (1 byte, 0–8) | the choices packed at that width, low bits first
//! ```
//!
//! A link is refused — never replayed wrongly — when it is damaged (bad base64, truncated,
//! trailing bytes), for another format, story or story version, when a choice does not apply,
//! or when the replay does not end in the state the link was made from (a story edited
//! without a new version).

use crate::runtime::error::PlayError;
use crate::runtime::model::Story;
use crate::runtime::play::{choose, start};
use crate::runtime::save::save;
use crate::runtime::state::State;
use serde::Serialize;
use std::fmt;

/// The version of the link layout written by [`Replay::link`].
pub const LINK_FORMAT: u8 = 1;
/// The most choices a link carries (longer runs are not shared; the shipped story's runs are
/// a few hundred choices).
pub const MAX_LINK_CHOICES: usize = 10_000;
/// Link texts longer than this are refused unread.
pub const MAX_LINK_CHARS: usize = 16_384;
/// Choice indices a link can hold (a view with more choices cannot be shared).
const MAX_CHOICE: usize = 255;

/// One run, enough to replay it: the story seed and the choices taken (0-based view indices).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Replay {
    /// The seed passed to `start`.
    pub seed: u64,
    /// The choices taken, as indices into each view's choices.
    pub choices: Vec<usize>,
}

/// Why a run cannot be shared or a link cannot be replayed. Messages are lowercase and meant
/// for the player.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The text is not base64url: the first bad character and its position (0-based).
    NotBase64 {
        /// Where.
        at: usize,
    },
    /// The link ends before its contents do (cut off when copied).
    Truncated,
    /// Bytes that no link writer makes: extra data after the last choice, a bad field.
    Damaged,
    /// Longer than [`MAX_LINK_CHARS`] or [`MAX_LINK_CHOICES`].
    TooLong,
    /// A layout this engine does not read.
    Format(u8),
    /// A link of another story.
    WrongStory {
        /// This story's id.
        expected: String,
        /// The link's.
        found: String,
    },
    /// A link made with another version of this story.
    WrongVersion {
        /// This story's version.
        expected: String,
        /// The link's.
        found: String,
    },
    /// The story cannot even start with the link's seed.
    Start(PlayError),
    /// Choice `step` (0-based) cannot be taken where the replay is.
    Choice {
        /// Which choice of the run.
        step: usize,
        /// Why.
        error: PlayError,
    },
    /// A choice index too large to be written into a link.
    ChoiceTooLarge(usize),
    /// The replay ends in another state than the run the link was made from.
    Diverged,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::NotBase64 { at } => write!(
                f,
                "this link is damaged: character {} is not part of a replay",
                at + 1
            ),
            ReplayError::Truncated => f.write_str("this link is cut short: copy all of it"),
            ReplayError::Damaged => f.write_str("this link is damaged"),
            ReplayError::TooLong => f.write_str("this link is too long to be a replay"),
            ReplayError::Format(n) => write!(
                f,
                "this link has format {n}; this game reads format {LINK_FORMAT}"
            ),
            ReplayError::WrongStory { expected, found } => {
                write!(f, "this link replays story `{found}`, not `{expected}`")
            }
            ReplayError::WrongVersion { expected, found } => write!(
                f,
                "this link was made with version {found} of the story; this page plays version {expected}"
            ),
            ReplayError::Start(e) => write!(f, "the story cannot start this replay: {e}"),
            ReplayError::Choice { step, error } => write!(
                f,
                "choice {} of this replay does not apply to this story: {error}",
                step + 1
            ),
            ReplayError::ChoiceTooLarge(i) => {
                write!(f, "choice {} is beyond what a link can hold", i + 1)
            }
            ReplayError::Diverged => f.write_str(
                "this link does not replay the same way with this story: it was made with an edited copy",
            ),
        }
    }
}

impl std::error::Error for ReplayError {}

impl Replay {
    /// Every state of the run: the start, then one per choice (`choices.len() + 1` states).
    pub fn states(&self, story: &Story) -> Result<Vec<State>, ReplayError> {
        let mut state = start(story, self.seed).map_err(ReplayError::Start)?;
        let mut states = Vec::with_capacity(self.choices.len() + 1);
        for (step, &index) in self.choices.iter().enumerate() {
            let next = choose(story, &state, index)
                .map_err(|error| ReplayError::Choice { step, error })?;
            states.push(std::mem::replace(&mut state, next));
        }
        states.push(state);
        Ok(states)
    }

    /// The link text of this run of `story`, which ended (so far) in `end`. Replays it first:
    /// a run that does not replay to `end` (one bent by author tools, or carried over from an
    /// older story) yields an error, not a link.
    pub fn link(&self, story: &Story, end: &State) -> Result<String, ReplayError> {
        if self.choices.len() > MAX_LINK_CHOICES {
            return Err(ReplayError::TooLong);
        }
        if let Some(&big) = self.choices.iter().find(|&&c| c > MAX_CHOICE) {
            return Err(ReplayError::ChoiceTooLarge(big));
        }
        let states = self.states(story)?;
        let last = states
            .last()
            .filter(|&last| last == end)
            .ok_or(ReplayError::Diverged)?;
        let mut out = vec![LINK_FORMAT];
        put_bytes(&mut out, story.id.as_bytes());
        put_bytes(&mut out, story.version.as_bytes());
        put_varint(&mut out, self.seed);
        out.extend_from_slice(&fingerprint(story, last).to_le_bytes());
        put_varint(&mut out, self.choices.len() as u64);
        let width = self
            .choices
            .iter()
            .map(|&c| usize::BITS - c.leading_zeros())
            .max()
            .unwrap_or(0);
        out.push(width as u8);
        let mut bits = Bits::default();
        for &c in &self.choices {
            bits.put(&mut out, c as u32, width);
        }
        bits.flush(&mut out);
        Ok(base64url(&out))
    }

    /// Reads a link of `story` and replays it: the run and its states, or why it is refused.
    pub fn from_link(story: &Story, text: &str) -> Result<(Replay, Vec<State>), ReplayError> {
        if text.len() > MAX_LINK_CHARS {
            return Err(ReplayError::TooLong);
        }
        let bytes = unbase64url(text)?;
        let mut r = Reader { bytes: &bytes };
        let format = r.byte()?;
        if format != LINK_FORMAT {
            return Err(ReplayError::Format(format));
        }
        let id = r.text()?;
        if id != story.id {
            return Err(ReplayError::WrongStory {
                expected: story.id.clone(),
                found: id,
            });
        }
        let version = r.text()?;
        if version != story.version {
            return Err(ReplayError::WrongVersion {
                expected: story.version.clone(),
                found: version,
            });
        }
        let seed = r.varint()?;
        let print = u32::from_le_bytes([r.byte()?, r.byte()?, r.byte()?, r.byte()?]);
        let count = usize::try_from(r.varint()?).map_err(|_| ReplayError::TooLong)?;
        if count > MAX_LINK_CHOICES {
            return Err(ReplayError::TooLong);
        }
        let width = u32::from(r.byte()?);
        if width > 8 {
            return Err(ReplayError::Damaged);
        }
        let needed = (count * width as usize).div_ceil(8);
        if r.bytes.len() < needed {
            return Err(ReplayError::Truncated);
        }
        if r.bytes.len() > needed {
            return Err(ReplayError::Damaged);
        }
        let used = count * width as usize;
        if !used.is_multiple_of(8) && r.bytes.last().is_some_and(|&b| b >> (used % 8) != 0) {
            return Err(ReplayError::Damaged);
        }
        let mut choices = Vec::with_capacity(count);
        for k in 0..count {
            let mut c = 0usize;
            for b in 0..width as usize {
                let bit = k * width as usize + b;
                if r.bytes[bit / 8] >> (bit % 8) & 1 == 1 {
                    c |= 1 << b;
                }
            }
            choices.push(c);
        }
        let replay = Replay { seed, choices };
        let states = replay.states(story)?;
        match states.last() {
            Some(last) if fingerprint(story, last) == print => Ok((replay, states)),
            _ => Err(ReplayError::Diverged),
        }
    }
}

/// FNV-1a (32 bits) of the state's save: the same on every platform, since a save is ids and
/// numbers in sorted maps.
fn fingerprint(story: &Story, state: &State) -> u32 {
    save(story, state).bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Packs values of a few bits into bytes, low bits first.
#[derive(Default)]
struct Bits {
    acc: u32,
    used: u32,
}

impl Bits {
    fn put(&mut self, out: &mut Vec<u8>, value: u32, width: u32) {
        self.acc |= value << self.used;
        self.used += width;
        while self.used >= 8 {
            out.push(self.acc as u8);
            self.acc >>= 8;
            self.used -= 8;
        }
    }

    fn flush(self, out: &mut Vec<u8>) {
        if self.used > 0 {
            out.push(self.acc as u8);
        }
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, ReplayError> {
        let (&b, rest) = self.bytes.split_first().ok_or(ReplayError::Truncated)?;
        self.bytes = rest;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, ReplayError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        // Ten continuation bytes are not a number this writer makes.
        Err(ReplayError::Damaged)
    }

    fn text(&mut self) -> Result<String, ReplayError> {
        let len = usize::try_from(self.varint()?).map_err(|_| ReplayError::Truncated)?;
        if len > self.bytes.len() {
            return Err(ReplayError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        // Lossy: a damaged name shows as such in the message and never equals the story's.
        Ok(String::from_utf8_lossy(head).into_owned())
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for k in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
        }
    }
    out
}

fn unbase64url(text: &str) -> Result<Vec<u8>, ReplayError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (at, c) in text.bytes().enumerate() {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .ok_or(ReplayError::NotBase64 { at })?;
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // One leftover character carries fewer than 8 bits: no writer ends that way.
    if bits >= 6 {
        return Err(ReplayError::Truncated);
    }
    // Leftover bits are zero in what `base64url` writes; anything else was altered.
    if acc != 0 {
        return Err(ReplayError::Damaged);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|b| b.wrapping_mul(97)).collect();
            assert_eq!(unbase64url(&base64url(&bytes)), Ok(bytes));
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
    }

    #[test]
    fn varints_round_trip_at_the_edges() {
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, n);
            assert_eq!(Reader { bytes: &out }.varint(), Ok(n));
        }
    }
}
