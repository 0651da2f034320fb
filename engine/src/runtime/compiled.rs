//! The compiled story: a checked [`Story`] as bytes, made by the front end at build time
//! (`front::encode`) and decoded by the player's page, which so never parses JSON or validates.
//!
//! Layout: the magic `STORY\0`, the engine's compiled-format version as a little-endian `u32`,
//! then the model in postcard. A file from another engine version is a typed error, never a
//! garbled story. Not for saves: saves are JSON keyed by ids (`save.rs`).

use crate::runtime::model::Story;
use std::fmt;

/// The first bytes of every compiled story.
pub const MAGIC: &[u8; 6] = b"STORY\0";
/// The version of the compiled layout; bump it whenever the model's serialized shape changes.
pub const COMPILED_FORMAT: u32 = 1;

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
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a compiled story (see the module docs for the layout).
pub fn decode(bytes: &[u8]) -> Result<Story, DecodeError> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
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
    let mut story: Story =
        postcard::from_bytes(body).map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    story.reindex();
    Ok(story)
}
