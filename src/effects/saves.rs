//! The saves panel's handlers: save to a slot, load, delete, export and import a save file,
//! download the transcript. Storage and files are touched here; what a save is and how it is
//! validated is `saves`'.

use std::{cell::RefCell, rc::Rc};

use gloo::file::callbacks::FileReader;
use yew::prelude::*;

use crate::components::{messages::Message, toolbar::Panel};
use crate::files;
use crate::game::{Action, Game};
use crate::saves::{self, Record, Slot};
use crate::storage::{Storage, StoreError};

/// The saves panel's handlers: everything they need, cloned from `Player`'s hooks.
#[derive(Clone)]
pub struct Handlers {
    /// The game.
    pub game: UseReducerHandle<Game>,
    /// Where saves go.
    pub storage: Storage,
    /// Where results are told.
    pub message: UseStateHandle<Option<Message>>,
    /// The storage banner.
    pub problem: UseStateHandle<Option<StoreError>>,
    /// The slot list.
    pub slots: UseStateHandle<Vec<Slot>>,
    /// The open panel (closed after a load).
    pub panel: UseStateHandle<Option<Panel>>,
    /// The file being read for an import; dropping it would cancel the read.
    pub reader: Rc<RefCell<Option<FileReader>>>,
}

impl Handlers {
    fn say(&self, message: Message) {
        self.message.set(Some(message));
    }

    /// Save in a slot: `(slot id, name)`.
    pub fn save(&self) -> Callback<(String, String)> {
        let this = self.clone();
        Callback::from(move |(slot, name): (String, String)| {
            let record = Record::of(&this.game, &name, js_sys::Date::now());
            let label = slot_label(&slot);
            match saves::write(&*this.storage.0, &this.game.story, &slot, &record) {
                Ok(()) => {
                    this.say(Message::Status(format!("Saved “{name}” in {label}.")));
                    // Saving works (again): the banner that said it does not is out of date.
                    this.problem.set(None);
                }
                Err(error) => {
                    this.say(Message::Alert(format!(
                        "Could not save in {label}: {error}. What was there before is unchanged."
                    )));
                    this.problem.set(Some(error));
                }
            }
            this.slots
                .set(saves::slots(&*this.storage.0, &this.game.story));
        })
    }

    /// Load the save in a slot.
    pub fn load(&self) -> Callback<String> {
        let this = self.clone();
        Callback::from(move |slot: String| {
            match saves::read(&*this.storage.0, &this.game.story, &slot) {
                Some(Ok((record, state))) => {
                    this.game.dispatch(Action::Load {
                        state: Box::new(state),
                        run: Box::new(record.run),
                        at: js_sys::Date::now(),
                    });
                    this.say(Message::Status(format!("Loaded “{}”.", record.name)));
                    this.panel.set(None);
                }
                Some(Err(why)) => this.say(Message::Alert(format!(
                    "Could not load {}: {why}",
                    slot_label(&slot)
                ))),
                None => this.say(Message::Alert(format!("{} is empty.", slot_label(&slot)))),
            }
        })
    }

    /// Empty a slot.
    pub fn delete(&self) -> Callback<String> {
        let this = self.clone();
        Callback::from(move |slot: String| {
            let _ = this
                .storage
                .0
                .remove(&saves::slot_key(&this.game.story, &slot));
            this.slots
                .set(saves::slots(&*this.storage.0, &this.game.story));
            this.say(Message::Status(format!(
                "{} is empty now.",
                slot_label(&slot)
            )));
        })
    }

    /// Download the current game as a save file.
    pub fn export(&self) -> Callback<()> {
        let this = self.clone();
        Callback::from(move |()| {
            let game = &this.game;
            let name = files::file_name(game.story.id(), "save", game.state.turn(), "json");
            let record = Record::of(game, "Exported save", js_sys::Date::now());
            if let Err(why) = files::download(&name, "application/json", &record.to_json()) {
                this.say(Message::Alert(format!("Could not export: {why}")));
            }
        })
    }

    /// Download the transcript as text.
    pub fn export_transcript(&self) -> Callback<()> {
        let this = self.clone();
        Callback::from(move |()| {
            let game = &this.game;
            let name = files::file_name(game.story.id(), "transcript", game.state.turn(), "txt");
            let text = game.run.transcript_text(game.story.title());
            if let Err(why) = files::download(&name, "text/plain;charset=utf-8", &text) {
                this.say(Message::Alert(format!("Could not export: {why}")));
            }
        })
    }

    /// Read a picked file and continue from it if it is a valid save; otherwise say why and
    /// change nothing.
    pub fn import(&self) -> Callback<web_sys::File> {
        let this = self.clone();
        Callback::from(move |file: web_sys::File| {
            let file = gloo::file::File::from(file);
            if file.size() > saves::MAX_RECORD_BYTES as u64 {
                this.say(Message::Alert(
                    "Could not import: this file is too large to be a save. Nothing was changed."
                        .into(),
                ));
                return;
            }
            let done = this.clone();
            let reader = gloo::file::callbacks::read_as_text(&file, move |text| {
                let parsed = text
                    .map_err(|e| e.to_string())
                    .and_then(|text| Record::parse(&done.game.story, &text));
                match parsed {
                    Ok((record, state)) => {
                        done.game.dispatch(Action::Load {
                            state: Box::new(state),
                            run: Box::new(record.run),
                            at: js_sys::Date::now(),
                        });
                        done.say(Message::Status(
                            "Imported the save; play goes on from there.".into(),
                        ));
                        done.panel.set(None);
                    }
                    Err(why) => done.say(Message::Alert(format!(
                        "Could not import this file: {why}. Nothing was changed."
                    ))),
                }
            });
            // Replacing an older reader is fine: its read has finished or is no longer wanted.
            *this.reader.borrow_mut() = Some(reader);
        })
    }
}

/// "Autosave", "Slot 2".
pub fn slot_label(slot: &str) -> String {
    match slot.strip_prefix("slot") {
        Some(n) => format!("Slot {n}"),
        None => "the autosave".to_owned(),
    }
}
