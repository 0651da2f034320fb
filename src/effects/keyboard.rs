//! The keyboard shortcuts' listener on the document. What a key means is decided by the pure
//! `keys::command`; this only listens, prevents the browser's default where a key is taken,
//! and dispatches.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::toolbar::Panel;
use crate::game::{Action, Game};
use crate::keys::{self, Command, Press};

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
            // Not passive (gloo's `EventListener::new` is): Backspace would otherwise still go
            // back in history and the browser would ignore `preventDefault`.
            let options = EventListenerOptions::enable_prevent_default();
            let listener = (!blocked).then(|| {
                let document = gloo::utils::document();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
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
