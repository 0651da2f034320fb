//! Saves as the app stores and exports them: a [`Record`] wraps the engine's save with what a
//! slot list shows (chapter, time, play time) and the run's record. Also the gallery of endings
//! and achievements kept across runs. Parsing is pure and validates everything, because a save
//! may come from a file the player picked; the storage calls are thin wrappers over `storage`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use story_engine::{History, State, Story};

use crate::game::{Game, UNDO_DEPTH};
use crate::run::Run;
use crate::storage::{self, Store, StoreError};

/// The layout version of a [`Record`].
pub const RECORD_FORMAT: u32 = 1;
/// How many manual slots the saves panel offers.
pub const SLOTS: usize = 3;
/// Files larger than this are refused unread (the engine's own limit plus room for the run).
pub const MAX_RECORD_BYTES: usize = 4 << 20;
/// How many undo steps the autosave keeps across a reload.
pub const UNDO_KEPT: usize = 20;
/// The most bytes the kept undo steps may take; the oldest are left out to fit.
pub const UNDO_MAX_BYTES: usize = 256 << 10;

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
    /// The autosave's last undo steps; manual saves and files have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo: Option<UndoTrail>,
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
            undo: None,
        }
    }

    /// The autosave of `game` now: a save with the last undo steps.
    pub fn autosave(game: &Game, at: f64) -> Record {
        Record {
            undo: Some(UndoTrail::of(game)),
            ..Record::of(game, "Autosave", at)
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

/// The last undo steps kept with the autosave: a JSON array of engine saves, oldest first, at
/// most [`UNDO_KEPT`] of them in at most [`UNDO_MAX_BYTES`]. Kept as text inside the record,
/// so it is written in the same safe write as the save; read separately, so a damaged trail
/// costs only the undo steps, never the save.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UndoTrail(Box<RawValue>);

impl UndoTrail {
    /// The newest undo steps of `game` that fit the limits.
    pub fn of(game: &Game) -> UndoTrail {
        let mut kept = Vec::new();
        let mut bytes = 2;
        for state in game.history.states().rev().take(UNDO_KEPT) {
            let save = story_engine::save(&game.story, state);
            bytes += save.len() + 1;
            if bytes > UNDO_MAX_BYTES {
                break;
            }
            kept.push(save);
        }
        kept.reverse();
        let text = format!("[{}]", kept.join(","));
        UndoTrail(RawValue::from_string(text).unwrap_or_else(|_| null()))
    }

    /// The undo history this trail holds for a game at `current`, or why it cannot be used.
    /// Untrusted: every step must restore, and the steps must lead up to `current`.
    pub fn history(&self, story: &Story, current: &State) -> Result<History, String> {
        let text = self.0.get();
        if text.len() > UNDO_MAX_BYTES {
            return Err(format!("it is too large ({} bytes)", text.len()));
        }
        let steps: Vec<Box<RawValue>> =
            serde_json::from_str(text).map_err(|e| format!("it is damaged: {e}"))?;
        if steps.len() > UNDO_KEPT {
            return Err(format!(
                "it has {} steps; the game keeps {UNDO_KEPT}",
                steps.len()
            ));
        }
        let mut history = History::new(UNDO_DEPTH);
        let mut turn = None;
        for (k, step) in steps.iter().enumerate() {
            let state = story_engine::restore(story, step.get())
                .map_err(|e| format!("step {}: {e}", k + 1))?;
            let in_order = turn.is_none_or(|t| state.turn() > t) && state.turn() < current.turn();
            if !in_order {
                return Err("its steps do not lead up to the saved game".to_owned());
            }
            turn = Some(state.turn());
            history.push(state);
        }
        Ok(history)
    }
}

impl PartialEq for UndoTrail {
    fn eq(&self, other: &UndoTrail) -> bool {
        self.0.get() == other.0.get()
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

/// Whether the browser may clear this page's storage when space runs low.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// The browser promised to keep it (`navigator.storage.persist()` granted).
    Persisted,
    /// The browser may clear it under storage pressure.
    BestEffort,
    /// The browser does not say (no Storage API, or no answer yet).
    Unknown,
}

impl Persistence {
    /// What the saves panel tells the player.
    pub fn describe(self) -> &'static str {
        match self {
            Persistence::Persisted => "Saves are kept: this browser will not clear them to free space.",
            Persistence::BestEffort => "Saves may be cleared by this browser if it runs short of space; export a save to keep it safe.",
            Persistence::Unknown => "This browser does not say whether it may clear saves; export a save to keep it safe.",
        }
    }

    /// A stable name for styles and tests.
    pub fn name(self) -> &'static str {
        match self {
            Persistence::Persisted => "persisted",
            Persistence::BestEffort => "best-effort",
            Persistence::Unknown => "unknown",
        }
    }
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
        let story = crate::story_data::whole();
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

    fn played(steps: usize) -> Game {
        let mut game = Rc::new(game());
        for _ in 0..steps {
            let index = game
                .view()
                .expect("a view")
                .choices
                .iter()
                .position(|c| c.enabled)
                .expect("an enabled choice");
            game = yew::Reducible::reduce(game, crate::game::Action::Choose { index, at: 0.0 });
        }
        Rc::unwrap_or_clone(game)
    }

    #[test]
    fn the_autosave_keeps_the_last_undo_steps() {
        let game = played(UNDO_KEPT + 3);
        let record = Record::autosave(&game, 0.0);
        let (back, state) = Record::parse(&game.story, &record.to_json()).expect("parses");
        let history = back
            .undo
            .expect("a trail")
            .history(&game.story, &state)
            .expect("the trail reads");
        assert_eq!(history.len(), UNDO_KEPT);
        let newest: Vec<_> = game.history.states().skip(3).cloned().collect();
        assert_eq!(history.states().cloned().collect::<Vec<_>>(), newest);
        assert_eq!(
            Record::of(&game, "Mine", 0.0).undo,
            None,
            "manual saves carry none"
        );
    }

    #[test]
    fn a_damaged_or_oversized_trail_is_refused_but_the_save_still_reads() {
        let game = played(3);
        let good = Record::autosave(&game, 0.0).to_json();
        let trail = serde_json::to_string(&Record::autosave(&game, 0.0).undo).expect("json");
        let reversed = {
            let steps: Vec<serde_json::Value> = serde_json::from_str(&trail).expect("array");
            serde_json::to_string(&steps.into_iter().rev().collect::<Vec<_>>()).expect("json")
        };
        let big = format!("[{}]", vec!["0"; UNDO_MAX_BYTES / 2].join(","));
        let many = format!("[{}]", ["{}"; UNDO_KEPT + 1].join(","));
        for (undo, says) in [
            (r#"[{"format": 1}]"#.to_owned(), "step 1"),
            (reversed, "do not lead up"),
            (big, "too large"),
            (many, "has 21 steps"),
        ] {
            let text = good.replace(&trail, &undo);
            assert_ne!(text, good);
            let (record, state) = Record::parse(&game.story, &text).expect("the save itself reads");
            let error = record
                .undo
                .expect("a trail")
                .history(&game.story, &state)
                .expect_err(says);
            assert!(error.contains(says), "{error:?} should say {says:?}");
        }
    }
}
