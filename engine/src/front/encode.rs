//! Compiles a checked [`Story`] into the bytes `runtime::compiled::decode` reads: the header
//! (magic and format version) and the model in postcard. Runs at build time, natively.

use crate::runtime::compiled::{COMPILED_FORMAT, MAGIC};
use crate::runtime::model::Story;
use std::fmt;

/// Why a story could not be compiled (the serializer refused it; not expected for a story
/// that loaded, but reported rather than hidden).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError(String);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the story cannot be compiled: {}", self.0)
    }
}

impl std::error::Error for EncodeError {}

/// The compiled form of a story.
pub fn encode(story: &Story) -> Result<Vec<u8>, EncodeError> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&COMPILED_FORMAT.to_le_bytes());
    let body = postcard::to_allocvec(story).map_err(|e| EncodeError(e.to_string()))?;
    out.extend(body);
    Ok(out)
}
