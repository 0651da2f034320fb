//! The loader: story files (text) → a validated [`Story`] plus every diagnostic at once.
//!
//! Never does IO and never stops at the first problem: each file is parsed on its own, names
//! are registered before anything is resolved, and each string is compiled independently.

mod bytes;
mod compile;
pub(crate) mod decl;
#[cfg(feature = "fuzzing")]
pub(crate) mod fuzz;
mod lint;
mod passage;
mod recover;
mod sink;

use crate::front::diag::{Code, Diagnostic};
use crate::front::jsonpos::escape_segment;
use crate::front::raw::{RawAct, RawChapter, RawChapterList, RawManifest, RawPassage};
use crate::runtime::model::{Achievement, Act, Chapter, Ending, Passage, Story};
use compile::{Cx, Names};
use serde::de::DeserializeOwned;
use sink::{At, Sink};
use std::collections::{BTreeMap, HashMap, HashSet};

pub use bytes::{load_bytes, read_source_bytes, SourceBytes};

/// A story file: its path as listed in the manifest (`story.json` for the manifest) and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The file's name, e.g. `joining.json`.
    pub path: String,
    /// Its contents.
    pub text: String,
}

/// The result of loading: a story if there were no errors, and all diagnostics.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// `Some` iff `diagnostics` has no errors (warnings allowed).
    pub story: Option<Story>,
    /// Every problem found, by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

/// The manifest's chapter list, read leniently so a host knows which files to fetch. Empty if
/// the manifest is not JSON or has no list.
pub fn chapter_paths(manifest_text: &str) -> Vec<String> {
    serde_json::from_str::<RawChapterList>(manifest_text)
        .map(|m| m.chapters)
        .unwrap_or_default()
}

/// Parses a file; on a shape error `recover` re-reads it to report every problem, not just
/// serde's first (serde's message is kept if recovery finds nothing).
fn parse<T: DeserializeOwned>(
    sink: &mut Sink<'_>,
    file: usize,
    text: &str,
    recover: fn(&mut Sink<'_>, usize, &str) -> bool,
) -> Option<T> {
    match serde_json::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let code = match e.classify() {
                serde_json::error::Category::Data => {
                    if recover(sink, file, text) {
                        return None;
                    }
                    Code::InvalidField
                }
                _ => Code::InvalidJson,
            };
            // serde counts a column of 0 when it stops at a line break; positions are 1-based.
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
            let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
            let message = sink::serde_message(&e);
            let (line, column) = match message.starts_with("trailing comma") {
                true => sink::comma_before(text, line, column).unwrap_or((line, column)),
                false => (line, column),
            };
            sink.report(code, file, At::Pos(line, column), None, message);
            None
        }
    }
}

/// A chapter file that parsed, waiting for its passages to be compiled.
struct Pending {
    file: usize,
    chapter: u32,
    raw: RawChapter,
    /// Story index of each raw passage, `None` for a rejected key.
    slots: Vec<Option<u32>>,
}

/// The manifest's acts, checked: each names known chapters, and every chapter is in exactly
/// one act (E011 otherwise).
fn acts(sink: &mut Sink<'_>, raw: &[RawAct], chapters: &[Chapter], incomplete: bool) -> Vec<Act> {
    if raw.is_empty() {
        return Vec::new();
    }
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (a, act) in raw.iter().enumerate() {
        for (c, id) in act.chapters.iter().enumerate() {
            let at = At::value(format!("/acts/{a}/chapters/{c}"));
            if !chapters.iter().any(|ch| &ch.id == id) {
                if !incomplete {
                    let m = format!(
                        "`acts` names chapter `{id}`, which no chapter file has as its `id`"
                    );
                    sink.report(Code::BadValue, 0, at, None, m);
                }
            } else if owner.insert(id, a).is_some() {
                let m = format!("chapter `{id}` is in two acts: a chapter belongs to one act");
                sink.report(Code::BadValue, 0, at, None, m);
            }
        }
    }
    for ch in chapters {
        if !owner.contains_key(ch.id.as_str()) {
            let m = format!(
                "chapter `{}` is in no act: when `acts` is given, every chapter belongs to one",
                ch.id
            );
            sink.report(Code::BadValue, 0, At::value("/acts"), None, m);
        }
    }
    raw.iter()
        .map(|a| Act {
            title: a.title.clone(),
            chapters: a.chapters.clone(),
        })
        .collect()
}

/// Loads a story from its manifest and chapter files (matched to the manifest by `path`).
pub fn load(manifest: &SourceFile, chapters: &[SourceFile]) -> Loaded {
    let mut sink = Sink::new(manifest);
    let raw = parse::<RawManifest>(&mut sink, 0, &manifest.text, |s, _, t| {
        recover::manifest(s, t)
    });
    let Some(raw) = raw else {
        // Still report the chapter files' own problems.
        for path in chapter_paths(&manifest.text) {
            if let Some(file) = chapters.iter().find(|f| f.path == path) {
                let idx = sink.add_file(file);
                parse::<RawChapter>(&mut sink, idx, &file.text, recover::chapter);
            }
        }
        return Loaded {
            story: None,
            diagnostics: sink.finish(),
        };
    };
    if raw.format != 1 {
        let m = format!(
            "story format {} is not supported: this engine reads format 1",
            raw.format
        );
        sink.report(Code::UnsupportedFormat, 0, At::value("/format"), None, m);
    }
    let variables = decl::variables(&mut sink, &raw.variables);
    let keep = decl::unique_names(&mut sink, 0, &raw.endings, "/endings", "ending");
    let ending_ids: Vec<&str> = raw
        .endings
        .0
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|((id, _), _)| id.as_str())
        .collect();
    let endings: HashMap<String, u32> = ending_ids
        .iter()
        .enumerate()
        .map(|(i, id)| ((*id).to_owned(), i as u32))
        .collect();
    let keep_ach = decl::unique_names(
        &mut sink,
        0,
        &raw.achievements,
        "/achievements",
        "achievement",
    );

    // Pass 1: register chapters and passage ids.
    let mut story_chapters = Vec::new();
    let mut passages: Vec<Passage> = Vec::new();
    let mut index = HashMap::new();
    let mut pending = Vec::new();
    let mut seen_paths = HashSet::new();
    let mut incomplete = false;
    let mut chapter_ids: HashMap<String, usize> = HashMap::new();
    for (i, path) in raw.chapters.iter().enumerate() {
        let at = At::value(format!("/chapters/{i}"));
        if !seen_paths.insert(path.as_str()) {
            sink.report(
                Code::DuplicateId,
                0,
                at,
                None,
                format!("chapter file `{path}` is listed twice"),
            );
            continue;
        }
        let Some(file) = chapters.iter().find(|f| &f.path == path) else {
            sink.report(
                Code::MissingFile,
                0,
                at,
                None,
                format!("chapter file `{path}` was not found"),
            );
            continue;
        };
        let fidx = sink.add_file(file);
        let parsed = parse::<RawChapter>(&mut sink, fidx, &file.text, recover::chapter);
        incomplete |= parsed.is_none();
        let Some(chapter) = parsed else {
            continue;
        };
        if !sink::is_name(&chapter.id) {
            let m = format!(
                "chapter id `{}` must be lowercase letters, digits and `_`, starting with a letter",
                chapter.id
            );
            sink.report(Code::BadName, fidx, At::value("/id"), None, m);
        }
        if let Some(other) = chapter_ids.insert(chapter.id.clone(), fidx) {
            let m = format!(
                "chapter id `{}` is also used by another chapter file",
                chapter.id
            );
            let _ = other;
            sink.report(Code::DuplicateId, fidx, At::value("/id"), None, m);
            continue;
        }
        let cidx = story_chapters.len() as u32;
        story_chapters.push(Chapter {
            id: chapter.id.clone(),
            title: chapter.title.clone(),
            file: path.clone(),
        });
        let keep = decl::unique_names(&mut sink, fidx, &chapter.passages, "/passages", "passage");
        let mut slots = Vec::new();
        for ((key, _), keep) in chapter.passages.0.iter().zip(keep) {
            if !keep {
                slots.push(None);
                continue;
            }
            let id = format!("{}.{key}", chapter.id);
            let pidx = passages.len() as u32;
            index.insert(id.clone(), pidx);
            passages.push(Passage {
                id,
                chapter: cidx,
                tags: Vec::new(),
                on_enter: Vec::new(),
                text: Vec::new(),
                choices: Vec::new(),
                ending: None,
                storylet: None,
            });
            slots.push(Some(pidx));
        }
        pending.push(Pending {
            file: fidx,
            chapter: cidx,
            raw: chapter,
            slots,
        });
    }

    let names = Names {
        incomplete,
        vars: decl::var_types(&variables),
        passages: index.clone(),
        achievements: raw
            .achievements
            .0
            .iter()
            .zip(&keep_ach)
            .filter(|(_, k)| **k)
            .map(|((id, _), _)| id.clone())
            .collect(),
    };
    let start = names.passages.get(&raw.start).copied();
    if start.is_none() && !names.incomplete {
        let m = format!(
            "unknown passage `{}`: `start` needs a full id such as `chapter.passage`",
            raw.start
        );
        sink.report(Code::UnknownPassage, 0, At::value("/start"), None, m);
    }
    let pools: HashSet<String> = pending
        .iter()
        .flat_map(|p| {
            p.raw
                .passages
                .0
                .iter()
                .filter_map(|(_, r): &(String, RawPassage)| r.pool.clone())
        })
        .collect();

    // Pass 2: compile passages.
    let targets = passage::Targets {
        endings: &endings,
        pools: &pools,
    };
    for p in &pending {
        let chapter_id = story_chapters
            .get(p.chapter as usize)
            .map_or("", |c| c.id.as_str());
        for ((key, rawp), slot) in p.raw.passages.0.iter().zip(&p.slots) {
            let Some(pidx) = slot else { continue };
            let Some(out) = passages.get_mut(*pidx as usize) else {
                continue;
            };
            let id = out.id.clone();
            let mut cx = Cx {
                sink: &mut sink,
                names: &names,
                file: p.file,
                chapter: chapter_id,
                passage: Some(&id),
                slots: 0,
            };
            let base = format!("/passages/{}", escape_segment(key));
            passage::compile(&mut cx, rawp, &base, &targets, out);
        }
    }

    // Manifest strings that need the passages: epilogues, achievement conditions, renames.
    let mut cx = Cx {
        sink: &mut sink,
        names: &names,
        file: 0,
        chapter: "",
        passage: None,
        slots: 0,
    };
    let mut story_endings = Vec::new();
    for (id, e) in raw
        .endings
        .0
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(e, _)| e)
    {
        cx.slots = 0;
        let paragraphs = cx.paragraphs(
            &e.epilogue,
            &format!("/endings/{}/epilogue", escape_segment(id)),
        );
        story_endings.push(Ending {
            id: id.clone(),
            title: e.title.clone(),
            paragraphs,
        });
    }
    let mut achievements = Vec::new();
    for (id, a) in raw
        .achievements
        .0
        .iter()
        .zip(&keep_ach)
        .filter(|(_, k)| **k)
        .map(|(a, _)| a)
    {
        let when = a
            .when
            .as_ref()
            .and_then(|w| cx.condition(w, &format!("/achievements/{}/when", escape_segment(id))));
        achievements.push(Achievement {
            id: id.clone(),
            title: a.title.clone(),
            description: a.description.clone(),
            when,
        });
    }
    let mut renames = BTreeMap::new();
    for (old, new) in &raw.renames.0 {
        let ptr = format!("/renames/{}", escape_segment(old));
        if !names.passages.contains_key(new) {
            if names.incomplete {
                continue;
            }
            cx.report(
                Code::UnknownPassage,
                At::value(ptr),
                format!("unknown passage `{new}`: renames map to full ids"),
            );
        } else if names.passages.contains_key(old) {
            cx.report(
                Code::BadValue,
                At::Key(ptr, 0),
                format!("passage `{old}` still exists, so it cannot be renamed"),
            );
        } else {
            renames.insert(old.clone(), new.clone());
        }
    }

    let mut pool_map: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, p) in passages.iter().enumerate() {
        if let Some(s) = &p.storylet {
            pool_map.entry(s.pool.clone()).or_default().push(i as u32);
        }
    }
    let acts = acts(&mut sink, &raw.acts, &story_chapters, names.incomplete);
    let mut story = Story {
        id: raw.id,
        title: raw.title,
        version: raw.version,
        start: start.unwrap_or(0),
        chapters: story_chapters,
        acts,
        passages,
        index,
        variables,
        endings: story_endings,
        achievements,
        renames,
        pools: pool_map,
        once_slots: 0,
        held: Default::default(),
        prose: Default::default(),
        fingerprint: 0,
    };
    story.reindex();
    let files = pending_files(&pending);
    if !sink.has_errors() {
        lint::auto_loops(&story, &mut sink, &files);
    }
    if sink.has_errors() {
        return Loaded {
            story: None,
            diagnostics: sink.finish(),
        };
    }
    lint::lint(&story, &mut sink, &files);
    let diagnostics = sink.finish();
    Loaded {
        story: Some(story),
        diagnostics,
    }
}

/// Chapter index → file index, for the linter.
fn pending_files(pending: &[Pending]) -> Vec<usize> {
    let mut out = Vec::new();
    for p in pending {
        let c = p.chapter as usize;
        if out.len() <= c {
            out.resize(c + 1, 0);
        }
        out[c] = p.file;
    }
    out
}
