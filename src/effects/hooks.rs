//! `Player`'s effects after each move: the autosave, the gallery kept across runs, focus on the
//! new passage, status messages that go away by themselves, and the load benchmark's mark.

use yew::prelude::*;

use crate::components::messages::Message;
use crate::game::Game;
use crate::saves::{self, Gallery, Record, Slot, Summary};
use crate::storage::{Storage, StoreError};

/// Saves the game (with its last undo steps) to the autosave slot after every change of state,
/// and reports whether storage works. A failed write leaves the previous autosave as it was (`write_safely`).
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
            let record = Record::autosave(&game, js_sys::Date::now());
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

/// Marks `first-choice` in the browser's performance timeline whenever the choices appear
/// (`shown` turns true): the load benchmark reads navigation start → the first choice on
/// screen.
#[hook]
pub fn use_first_choice_mark(shown: bool) {
    use_effect_with(shown, |&shown| {
        if shown {
            crate::marks::mark(crate::marks::FIRST_CHOICE);
        }
    });
}
