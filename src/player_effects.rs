//! The browser edge of `Player`: hooks for autosave, the gallery, focus, key presses and
//! message timeouts, and the event handlers of the saves panel (storage and files). Kept apart
//! from the component so the view code stays readable; nothing here decides game rules.

use std::{cell::RefCell, rc::Rc};

use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::toolbar::Panel;
use crate::files;
use crate::game::{Action, Game};
use crate::keys::{self, Command, Press};
use crate::saves::{self, Gallery, Record, Slot, Summary};
use crate::storage::{Storage, StoreError};

/// A message for the player: a passing status, a failure, or a notice that stays.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// "Saved." — polite, goes away by itself.
    Status(String),
    /// "Could not save." — assertive, stays until the next message.
    Alert(String),
    /// Something to know from the start (a damaged autosave); stays.
    Notice(String),
}

/// The two live regions for messages. Both are in the page from the first render, because
/// screen readers miss regions that appear together with their text.
pub fn message_view(message: &UseStateHandle<Option<Message>>) -> Html {
    let (status, alert) = match &**message {
        Some(Message::Status(text)) => (Some(text.clone()), None),
        Some(Message::Alert(text) | Message::Notice(text)) => (None, Some(text.clone())),
        None => (None, None),
    };
    let close = {
        let message = message.clone();
        Callback::from(move |_: MouseEvent| message.set(None))
    };
    html! {
        <div class="messages">
            <div class={classes!("message", "status", status.is_some().then_some("shown"))} role="status">{ status.unwrap_or_default() }</div>
            <div class={classes!("message", "alert", alert.is_some().then_some("shown"))} role="alert">
                if let Some(text) = alert {
                    <span>{ text }</span>
                    <button class="dismiss" aria-label="Dismiss message" onclick={close}>{ "×" }</button>
                }
            </div>
        </div>
    }
}

/// Saves the game to the autosave slot after every change of state, and reports whether
/// storage works. A failed write leaves the previous autosave as it was (`write_safely`).
#[hook]
pub fn use_autosave(
    game: &UseReducerHandle<Game>,
    storage: &Storage,
    problem: &UseStateHandle<Option<StoreError>>,
    slots: &UseStateHandle<Vec<Slot>>,
) {
    let (game, storage, problem, slots) = (
        game.clone(),
        storage.clone(),
        problem.clone(),
        slots.clone(),
    );
    use_effect_with(game.generation, move |generation| {
        // Generation 0 is the game as it booted: already saved, or nothing worth saving yet.
        if *generation > 0 {
            let record = Record::of(&game, "Autosave", js_sys::Date::now());
            match saves::write(&*storage.0, &game.story, "auto", &record) {
                Ok(()) => {
                    problem.set(None);
                    let mut next = (*slots).clone();
                    if let Some(auto) = next.iter_mut().find(|s| s.id == "auto") {
                        auto.content = Some(Ok(Summary::from(&record)));
                    }
                    slots.set(next);
                }
                Err(error) => problem.set(Some(error)),
            }
        }
    });
}

/// Adds endings and achievements reached to the gallery kept across runs.
#[hook]
pub fn use_gallery(
    game: &UseReducerHandle<Game>,
    storage: &Storage,
    gallery: &UseStateHandle<Gallery>,
) {
    let (game, storage, gallery) = (game.clone(), storage.clone(), gallery.clone());
    use_effect_with(game.generation, move |_| {
        if let Some(next) = gallery.with(&game) {
            // The gallery in memory is right even if storing it fails; the banner reports that.
            let _ = next.store(&*storage.0, &game.story);
            gallery.set(next);
        }
    });
}

/// Moves focus to the passage heading after every move, but not on first load (the browser
/// starts at the top of the page, which is where a reader begins).
#[hook]
pub fn use_focus(generation: u64, heading: &NodeRef) {
    let heading = heading.clone();
    use_effect_with(generation, move |generation| {
        if *generation > 0 {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        }
    });
}

/// Lets a passing status message go after a while; alerts and notices stay.
#[hook]
pub fn use_message_timeout(message: &UseStateHandle<Option<Message>>) {
    let handle = message.clone();
    use_effect_with((**message).clone(), move |message| {
        let timeout = matches!(message, Some(Message::Status(_)))
            .then(|| gloo::timers::callback::Timeout::new(6_000, move || handle.set(None)));
        move || drop(timeout)
    });
}

/// Listens for the keyboard shortcuts on the document while no dialog is open.
#[hook]
pub fn use_keys(
    game: UseReducerDispatcher<Game>,
    shortcuts: bool,
    blocked: bool,
    panel: UseStateHandle<Option<Panel>>,
) {
    let open = panel.is_some();
    use_effect_with(
        (shortcuts, blocked, open),
        move |&(shortcuts, blocked, open)| {
            let listener = (!blocked).then(|| {
                EventListener::new(&gloo::utils::document(), "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if event.default_prevented() || event.repeat() {
                        return;
                    }
                    let key = event.key();
                    let press = Press {
                        key: &key,
                        modifier: event.ctrl_key() || event.alt_key() || event.meta_key(),
                        typing: is_typing(event.target()),
                        shortcuts,
                    };
                    match keys::command(press) {
                        Some(Command::Choose(number)) => {
                            event.prevent_default();
                            game.dispatch(Action::Pick {
                                number,
                                at: js_sys::Date::now(),
                            });
                        }
                        Some(Command::Undo) => {
                            event.prevent_default();
                            game.dispatch(Action::Undo);
                        }
                        Some(Command::Close) if open => panel.set(None),
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        },
    );
}

/// Whether a key press went to a control the player types into.
fn is_typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element
            .closest("[contenteditable]")
            .ok()
            .flatten()
            .is_some()
}

/// The saves panel's handlers: everything they need, cloned from `Player`'s hooks.
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
        let this = self.clone_all();
        Callback::from(move |(slot, name): (String, String)| {
            let record = Record::of(&this.game, &name, js_sys::Date::now());
            let label = slot_label(&slot);
            match saves::write(&*this.storage.0, &this.game.story, &slot, &record) {
                Ok(()) => this.say(Message::Status(format!("Saved “{name}” in {label}."))),
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
        let this = self.clone_all();
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
        let this = self.clone_all();
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
        let this = self.clone_all();
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
        let this = self.clone_all();
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
        let this = self.clone_all();
        Callback::from(move |file: web_sys::File| {
            let file = gloo::file::File::from(file);
            if file.size() > saves::MAX_RECORD_BYTES as u64 {
                this.say(Message::Alert(
                    "Could not import: this file is too large to be a save. Nothing was changed."
                        .into(),
                ));
                return;
            }
            let done = this.clone_all();
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

    fn clone_all(&self) -> Handlers {
        Handlers {
            game: self.game.clone(),
            storage: self.storage.clone(),
            message: self.message.clone(),
            problem: self.problem.clone(),
            slots: self.slots.clone(),
            panel: self.panel.clone(),
            reader: self.reader.clone(),
        }
    }
}

/// "Autosave", "Slot 2".
pub fn slot_label(slot: &str) -> String {
    match slot.strip_prefix("slot") {
        Some(n) => format!("Slot {n}"),
        None => "the autosave".to_owned(),
    }
}
