//! The compiled story: a checked [`Story`] as bytes, made by the front end at build time
//! (`front::encode`) and decoded by the player's page, which so never parses JSON or validates.
//!
//! A story comes in one or two chunks (`front::encode::encode_split`). The **core** is the
//! whole structure — every passage, choice, effect, condition, storylet, variable, ending and
//! achievement, all that `start`, `choose`, `restore` and draws need — with the prose of the
//! first act; the **rest** is the prose held back (the text and choice labels of later
//! passages, the epilogues of the endings only they reach), which the page fetches after its
//! first paint and hands to [`Story::attach`]. Until then `view` of a held passage is
//! `PlayError::Pending`; play itself never waits.
//!
//! Layout of the core: the magic `STORY\0`, the engine's compiled-format version as a
//! little-endian `u32`, then the model in postcard (its `held` lists name what the rest
//! carries). Of the rest: the magic `PROSE\0`, the format version, the [`fingerprint`] of the
//! core it belongs to and that of its own body (`u64`s, little-endian), then the held prose in
//! postcard; the body's fingerprint makes any damage an error rather than other prose. Bytes from another
//! engine version, or a rest from another build, are typed errors, never a garbled story. Not
//! for saves: saves are JSON keyed by ids (`save.rs`).

use crate::runtime::model::{Prose, Story};
use std::fmt;

/// The first bytes of every compiled story (its core).
pub const MAGIC: &[u8; 6] = b"STORY\0";
/// The first bytes of every rest chunk.
pub const REST_MAGIC: &[u8; 6] = b"PROSE\0";
/// The version of the compiled layout; bump it whenever the model's serialized shape changes.
pub const COMPILED_FORMAT: u32 = 2;

/// The identity of a core chunk: FNV-1a (64 bits) of its bytes. A rest chunk carries the
/// fingerprint of its core, so one from another build is refused.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Why bytes could not be decoded into a story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes do not start with [`MAGIC`]: not a compiled story.
    NotCompiled,
    /// Compiled by an engine with another layout version.
    Format {
        /// The version in the bytes.
        found: u32,
        /// [`COMPILED_FORMAT`].
        expected: u32,
    },
    /// The header is right but the body does not decode (truncated or damaged).
    Corrupt(String),
    /// A rest chunk made for another core (another build or another story).
    Foreign {
        /// The fingerprint of this story's core.
        expected: u64,
        /// The one the rest carries.
        found: u64,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotCompiled => f.write_str("not a compiled story"),
            DecodeError::Format { found, expected } => write!(
                f,
                "the story was compiled with format {found}; this engine reads format {expected}"
            ),
            DecodeError::Corrupt(why) => write!(f, "the compiled story is damaged: {why}"),
            DecodeError::Foreign { expected, found } => write!(
                f,
                "the rest of the story belongs to another build (made for {found:016x}, this page is {expected:016x})"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a compiled story's core (see the module docs for the layout). The prose it holds
/// back is pending until its rest is attached ([`Story::attach`]).
pub fn decode(bytes: &[u8]) -> Result<Story, DecodeError> {
    let body = header(bytes, MAGIC)?;
    let mut story: Story =
        postcard::from_bytes(body).map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    story.reindex();
    story.fingerprint = fingerprint(bytes);
    Ok(story)
}

/// The body after `magic` and a format version this engine reads.
fn header<'a>(bytes: &'a [u8], magic: &[u8; 6]) -> Result<&'a [u8], DecodeError> {
    let body = bytes
        .strip_prefix(magic.as_slice())
        .ok_or(DecodeError::NotCompiled)?;
    let (version, body) = body
        .split_first_chunk::<4>()
        .ok_or(DecodeError::NotCompiled)?;
    let found = u32::from_le_bytes(*version);
    if found != COMPILED_FORMAT {
        return Err(DecodeError::Format {
            found,
            expected: COMPILED_FORMAT,
        });
    }
    Ok(body)
}

impl Story {
    /// Attaches the rest chunk of the core this story was decoded from: the held prose becomes
    /// visible to every holder of the story (it is set once, through a shared reference).
    /// A rest for another core is [`DecodeError::Foreign`], a damaged one
    /// [`DecodeError::Corrupt`]; either way the story is unchanged. Attaching again is a no-op.
    pub fn attach(&self, rest: &[u8]) -> Result<(), DecodeError> {
        let body = header(rest, REST_MAGIC)?;
        let short = || DecodeError::Corrupt("the rest chunk is cut short".into());
        let (found, body) = body.split_first_chunk::<8>().ok_or_else(short)?;
        let (sum, body) = body.split_first_chunk::<8>().ok_or_else(short)?;
        let found = u64::from_le_bytes(*found);
        if found != self.fingerprint || self.fingerprint == 0 {
            return Err(DecodeError::Foreign {
                expected: self.fingerprint,
                found,
            });
        }
        if fingerprint(body) != u64::from_le_bytes(*sum) {
            return Err(DecodeError::Corrupt(
                "the rest chunk does not match its checksum".into(),
            ));
        }
        if self.prose.get().is_some() {
            return Ok(());
        }
        let prose: Prose =
            postcard::from_bytes(body).map_err(|e| DecodeError::Corrupt(e.to_string()))?;
        self.fits(&prose).map_err(DecodeError::Corrupt)?;
        // Another attach of the same bytes may have won the race; either is the same prose.
        let _ = self.prose.set(prose);
        Ok(())
    }

    /// Whether `prose` has exactly the shape the core held back.
    fn fits(&self, prose: &Prose) -> Result<(), String> {
        if prose.passages.len() != self.held.passages.len()
            || prose.endings.len() != self.held.endings.len()
        {
            return Err("the rest chunk does not hold what the core left out".into());
        }
        for (&idx, held) in self.held.passages.iter().zip(&prose.passages) {
            let choices = self.at(idx).map(|p| p.choices.len());
            if choices != Some(held.choices.len()) {
                return Err(format!("the rest chunk's passage {idx} has other choices"));
            }
        }
        Ok(())
    }
}
