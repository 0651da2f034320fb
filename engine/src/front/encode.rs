//! Compiles a checked [`Story`] into the bytes `runtime::compiled` reads: whole (`encode`), or
//! split by act (`encode_split`) into a core and the rest of the prose. Runs at build time,
//! natively.

use crate::runtime::compiled::{fingerprint, COMPILED_FORMAT, MAGIC, REST_MAGIC};
use crate::runtime::model::{Held, HeldPassage, Prose, Story};
use std::collections::BTreeSet;
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

/// The compiled form of a story, whole: a core that holds nothing back.
pub fn encode(story: &Story) -> Result<Vec<u8>, EncodeError> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&COMPILED_FORMAT.to_le_bytes());
    out.extend(postcard::to_allocvec(story).map_err(|e| EncodeError(e.to_string()))?);
    Ok(out)
}

/// The compiled form of a story split by act: the core (the whole structure, and the prose of
/// the first act's chapters and of the start passage's chapter) and the rest (the text and
/// choice labels of every other passage, and the epilogues of the endings only those passages
/// reach), which carries the core's fingerprint. A story without acts, or whose first act is
/// all of it, has no rest.
pub fn encode_split(story: &Story) -> Result<(Vec<u8>, Option<Vec<u8>>), EncodeError> {
    let Some(first) = story.acts.first() else {
        return Ok((encode(story)?, None));
    };
    let start_chapter = story.at(story.start).map(|p| p.chapter);
    let kept: BTreeSet<u32> = (0..)
        .zip(&story.chapters)
        .filter(|&(i, c)| first.chapters.contains(&c.id) || Some(i) == start_chapter)
        .map(|(i, _)| i)
        .collect();
    let mut core = story.clone();
    core.prose = Default::default();
    let mut held = Held::default();
    let mut prose = Prose::default();
    let (mut kept_endings, mut held_endings) = (BTreeSet::new(), BTreeSet::new());
    for (idx, passage) in (0..).zip(core.passages.iter_mut()) {
        let endings = if kept.contains(&passage.chapter) {
            &mut kept_endings
        } else {
            held.passages.push(idx);
            prose.passages.push(HeldPassage {
                text: std::mem::take(&mut passage.text),
                choices: passage
                    .choices
                    .iter_mut()
                    .map(|c| std::mem::take(&mut c.text))
                    .collect(),
            });
            &mut held_endings
        };
        endings.extend(passage.ending);
    }
    if held.passages.is_empty() {
        return Ok((encode(story)?, None));
    }
    for i in held_endings.difference(&kept_endings) {
        if let Some(ending) = core.endings.get_mut(*i as usize) {
            held.endings.push(*i);
            prose.endings.push(std::mem::take(&mut ending.paragraphs));
        }
    }
    core.held = held;
    let core = encode(&core)?;
    let body = postcard::to_allocvec(&prose).map_err(|e| EncodeError(e.to_string()))?;
    let mut rest = REST_MAGIC.to_vec();
    rest.extend_from_slice(&COMPILED_FORMAT.to_le_bytes());
    rest.extend_from_slice(&fingerprint(&core).to_le_bytes());
    rest.extend_from_slice(&fingerprint(&body).to_le_bytes());
    rest.extend(body);
    Ok((core, Some(rest)))
}
