//! Saves as the app stores and exports them: a [`Record`] wraps the engine's save with what a
//! slot list shows (chapter, time, play time) and the run's record. Also the gallery of endings
//! and achievements kept across runs. Parsing is pure and validates everything, because a save
//! may come from a file the player picked; the storage calls are thin wrappers over `storage`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use story_engine::{State, Story};

use crate::game::Game;
use crate::run::Run;
use crate::storage::{self, Store, StoreError};

/// The layout version of a [`Record`].
pub const RECORD_FORMAT: u32 = 1;
/// How many manual slots the saves panel offers.
pub const SLOTS: usize = 3;
/// Files larger than this are refused unread (the engine's own limit plus room for the run).
pub const MAX_RECORD_BYTES: usize = 4 << 20;

/// A save as stored and exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`RECORD_FORMAT`] when written by this app.
    pub format: u32,
    /// The name the player gave it.
    pub name: String,
    /// When it was made, in ms since the epoch.
    pub saved_at: u64,
    /// The chapter title at the time.
    pub chapter: String,
    /// The passage id at the time.
    pub passage: String,
    /// Choices taken so far.
    pub turn: u32,
    /// Play time so far, in ms.
    pub play_ms: u64,
    /// The engine's save (`story_engine::save`), embedded as JSON.
    pub save: EngineSave,
    /// Transcript and stats per turn.
    pub run: Run,
}

impl Record {
    /// A save of `game` now.
    pub fn of(game: &Game, name: &str, at: f64) -> Record {
        let chapter = game
            .view()
            .map(|v| v.chapter_title.clone())
            .unwrap_or_default();
        Record {
            format: RECORD_FORMAT,
            name: name.to_owned(),
            saved_at: at as u64,
            chapter,
            passage: game.state.passage().to_owned(),
            turn: game.state.turn(),
            play_ms: game.run.play_ms,
            save: EngineSave::of(game),
            run: game.run.clone(),
        }
    }

    /// This record as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a record of `story` from untrusted text: the layout, the engine's save (which the
    /// engine migrates to the current story) and the run must all hold up. Nothing is changed
    /// anywhere; the caller swaps the result in only when it is `Ok`.
    ///
    /// The text is parsed once into a `Record` (the engine's save inside it is kept as text and
    /// parsed once more, by `restore`); only when that fails is it looked at again, to say why.
    pub fn parse(story: &Story, text: &str) -> Result<(Record, State), String> {
        if text.len() > MAX_RECORD_BYTES {
            return Err(format!(
                "this file is too large to be a save ({} bytes)",
                text.len()
            ));
        }
        let record: Record = serde_json::from_str(text).map_err(|e| refusal(text, e))?;
        if record.format != RECORD_FORMAT {
            return Err(format_refusal(record.format));
        }
        let state = story_engine::restore(story, record.save.0.get()).map_err(|e| e.to_string())?;
        if !record.run.is_plausible() {
            return Err("this save is damaged: its transcript does not add up".to_owned());
        }
        Ok((record, state))
    }
}

/// The engine's save inside a [`Record`], kept as the JSON text `story_engine::save` wrote:
/// the app never looks inside, and `story_engine::restore` reads it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EngineSave(Box<RawValue>);

impl EngineSave {
    /// The engine's save of `game` now.
    pub fn of(game: &Game) -> EngineSave {
        let text = story_engine::save(&game.story, &game.state);
        // The engine writes valid JSON; `null` would only make the record unreadable later.
        EngineSave(RawValue::from_string(text).unwrap_or_else(|_| null()))
    }
}

fn null() -> Box<RawValue> {
    RawValue::from_string("null".to_owned()).expect("`null` is JSON")
}

impl PartialEq for EngineSave {
    fn eq(&self, other: &EngineSave) -> bool {
        self.0.get() == other.0.get()
    }
}

/// Why `text` is not a record this app can read: not JSON, another format, or damaged.
fn refusal(text: &str, error: serde_json::Error) -> String {
    /// Just the layout version, to tell "another format" from "damaged".
    #[derive(Deserialize)]
    struct Head {
        format: Option<u32>,
    }
    if error.is_syntax() || error.is_eof() {
        return format!("this is not a save file: it is not valid JSON ({error})");
    }
    match serde_json::from_str::<Head>(text) {
        Ok(Head { format: Some(n) }) if n != RECORD_FORMAT => format_refusal(n),
        Ok(Head { format: Some(_) }) => format!("this save is damaged: {error}"),
        _ => "this is not a save file of this game".to_owned(),
    }
}

fn format_refusal(found: u32) -> String {
    format!("this save has format {found}; this game reads format {RECORD_FORMAT}")
}

/// The storage key of a save: `"auto"` or `"slot1"`…
pub fn slot_key(story: &Story, slot: &str) -> String {
    storage::key(story.id(), slot)
}

/// Writes `record` to `slot`, never destroying the previous save if the write fails.
pub fn write(
    store: &dyn Store,
    story: &Story,
    slot: &str,
    record: &Record,
) -> Result<(), StoreError> {
    storage::write_safely(store, &slot_key(story, slot), &record.to_json())
}

/// What is in `slot`: nothing, a readable save, or why it cannot be read.
pub fn read(
    store: &dyn Store,
    story: &Story,
    slot: &str,
) -> Option<Result<(Record, State), String>> {
    match store.get(&slot_key(story, slot)) {
        Ok(Some(text)) => Some(Record::parse(story, &text)),
        Ok(None) => None,
        Err(error) => Some(Err(error.to_string())),
    }
}

/// What a slot list shows of a save.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The save's name.
    pub name: String,
    /// Chapter title.
    pub chapter: String,
    /// Passage id.
    pub passage: String,
    /// Choices taken.
    pub turn: u32,
    /// When it was made (ms since the epoch).
    pub saved_at: u64,
    /// Play time (ms).
    pub play_ms: u64,
}

impl From<&Record> for Summary {
    fn from(r: &Record) -> Summary {
        Summary {
            name: r.name.clone(),
            chapter: r.chapter.clone(),
            passage: r.passage.clone(),
            turn: r.turn,
            saved_at: r.saved_at,
            play_ms: r.play_ms,
        }
    }
}

/// One slot as the saves panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// Its storage name: `auto`, `slot1`, …
    pub id: String,
    /// Empty, a readable save, or why it cannot be read.
    pub content: Option<Result<Summary, String>>,
}

/// Every slot, autosave first.
pub fn slots(store: &dyn Store, story: &Story) -> Vec<Slot> {
    std::iter::once("auto".to_owned())
        .chain(slot_names())
        .map(|id| {
            let content =
                read(store, story, &id).map(|r| r.map(|(record, _)| Summary::from(&record)));
            Slot { id, content }
        })
        .collect()
}

/// The manual slots' names: `slot1`, `slot2`, …
pub fn slot_names() -> impl Iterator<Item = String> {
    (1..=SLOTS).map(|n| format!("slot{n}"))
}

/// The endings and achievements the player has ever reached, kept across runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gallery {
    /// Ending ids.
    pub endings: BTreeSet<String>,
    /// Achievement ids.
    pub achievements: BTreeSet<String>,
}

impl Gallery {
    /// Reads the gallery; a missing or damaged one is empty (it only ever grows, so the next
    /// write repairs it).
    pub fn load(store: &dyn Store, story: &Story) -> Gallery {
        store
            .get(&storage::key(story.id(), "gallery"))
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// The gallery with what `game` has reached added; `None` if nothing is new.
    pub fn with(&self, game: &Game) -> Option<Gallery> {
        let mut next = self.clone();
        next.achievements
            .extend(game.state.achievements().map(str::to_owned));
        if let Ok(Some(ending)) = game.view().map(|v| &v.ending) {
            next.endings.insert(ending.id.clone());
        }
        (next != *self).then_some(next)
    }

    /// How many of the story's declared endings were found. A gallery can name endings the
    /// story no longer declares (a retired ending, like act I's old `act_one`); they are kept,
    /// so a later story that brings one back finds it, but they are not counted.
    pub fn endings_found(&self, story: &Story) -> usize {
        story
            .endings()
            .iter()
            .filter(|e| self.endings.contains(&e.id))
            .count()
    }

    /// Stores the gallery.
    pub fn store(&self, store: &dyn Store, story: &Story) -> Result<(), StoreError> {
        let json = serde_json::to_string(self).unwrap_or_default();
        storage::write_safely(store, &storage::key(story.id(), "gallery"), &json)
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    fn game() -> Game {
        let story = crate::story_data::story().expect("the story decodes");
        Game::new(Rc::new(story), 3, 0.0).expect("it starts")
    }

    #[test]
    fn a_gallery_naming_a_retired_ending_loads_and_counts_only_declared_ones() {
        let game = game();
        let store = crate::storage::MemoryStore::default();
        let key = storage::key(game.story.id(), "gallery");
        store
            .set(
                &key,
                r#"{"endings":["act_one","back_to_vendor"],"achievements":[]}"#,
            )
            .expect("the memory store takes it");
        let gallery = Gallery::load(&store, &game.story);
        assert!(gallery.endings.contains("act_one"), "kept, not dropped");
        assert_eq!(gallery.endings_found(&game.story), 1);
    }

    #[test]
    fn a_record_round_trips() {
        let game = game();
        let record = Record::of(&game, "Mine", 5.0);
        let (back, state) = Record::parse(&game.story, &record.to_json()).expect("parses");
        // The time of the last action is not saved: time away between sessions is not play.
        let mut expected = record.clone();
        expected.run.last_at = None;
        assert_eq!(back, expected);
        assert_eq!(state, game.state);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let game = game();
        let story = &game.story;
        let good = Record::of(&game, "x", 0.0).to_json();
        for (text, says) in [
            ("not json", "not valid JSON"),
            ("{}", "not a save file"),
            (r#"{"format": 9}"#, "format 9"),
            (&good.replace("\"turn\"", "\"tern\""), "damaged"),
            (
                &good.replace("\"story\":\"mss\"", "\"story\":\"other\""),
                "belongs to story",
            ),
        ] {
            let error = Record::parse(story, text).expect_err(text);
            assert!(error.contains(says), "{error:?} should say {says:?}");
        }
    }
}
