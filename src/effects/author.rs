//! The author tools' browser edge (feature `author`): the remembered show/hide toggle, and
//! stories read from picked files and handed to the game. `AuthorMode` only shows and asks;
//! deciding what a load means is the pure `author::sources::reload`.

use std::rc::Rc;

use story_engine::{State, Story};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::author::{
    sources::{self, Picked},
    LoadStatus,
};
use crate::game::{Action, Game};
use crate::shared::Shared;
use crate::storage::{self, Storage};

/// The stored key of the "show author tools" toggle (one per page, not per story).
pub fn toggle_key() -> String {
    storage::key("author", "tools")
}

/// Files larger than this are skipped unread: no story file comes near it.
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;
/// At most this many JSON files are read from one pick (a folder may hold anything).
pub const MAX_FILES: usize = 400;

/// What `AuthorMode` gets from the edge.
pub struct AuthorEdge {
    /// Whether the tools are shown (remembered across visits).
    pub shown: bool,
    /// Show or hide the tools, and remember it.
    pub on_show: Callback<bool>,
    /// The state of loading a story from disk.
    pub load: LoadStatus,
    /// Read these picked files as a story and play it.
    pub on_files: Callback<Vec<web_sys::File>>,
}

/// The author tools' storage and file reads for `game`. `seed` starts a story that cannot keep
/// the player's place; `None` draws one.
#[hook]
pub fn use_author(
    game: &UseReducerHandle<Game>,
    storage: &Storage,
    seed: Option<u64>,
) -> AuthorEdge {
    let shown = {
        let store = storage.clone();
        use_state(move || !matches!(store.0.get(&toggle_key()), Ok(Some(v)) if v == "hidden"))
    };
    let load = use_state(LoadStatus::default);
    // The game as of the latest render, for a file read that finishes later.
    let current = use_mut_ref(|| (Shared(game.story.clone()), game.state.clone()));
    *current.borrow_mut() = (Shared(game.story.clone()), game.state.clone());

    let on_show = {
        let (shown, storage) = (shown.clone(), storage.clone());
        Callback::from(move |show: bool| {
            // Not remembering the choice is harmless: the tools are shown again next time.
            let _ = storage
                .0
                .set(&toggle_key(), if show { "shown" } else { "hidden" });
            shown.set(show);
        })
    };
    let on_files = {
        let (game, load) = (game.dispatcher(), load.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            let (game, load, current) = (game.clone(), load.clone(), current.clone());
            let loads = load.loads;
            load.set(LoadStatus {
                busy: true,
                ..(*load).clone()
            });
            yew::platform::spawn_local(async move {
                let (picked, skipped) = read(files).await;
                let (story, state): (Shared<Story>, State) = current.borrow().clone();
                let seed = seed.unwrap_or_else(crate::player::random_seed);
                let (mut report, edit) =
                    sources::reload(&picked, (&story, &state), seed, js_sys::Date::now());
                report
                    .notes
                    .extend(skipped.into_iter().map(|s| format!("Skipped {s}.")));
                if let Some(edit) = edit {
                    game.dispatch(Action::Author(edit));
                }
                load.set(LoadStatus {
                    report: Some(Rc::new(report)),
                    busy: false,
                    loads: loads + 1,
                });
            });
        })
    };
    AuthorEdge {
        shown: *shown,
        on_show,
        load: (*load).clone(),
        on_files,
    }
}

/// Reads the JSON files among `files` as bytes. Files that are not JSON, too large or
/// unreadable are left out and named in the second list.
pub async fn read(files: Vec<web_sys::File>) -> (Vec<Picked>, Vec<String>) {
    let mut picked = Vec::new();
    let mut skipped = Vec::new();
    for file in files {
        let relative = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty());
        let path = relative.unwrap_or_else(|| file.name());
        if !path.ends_with(".json") || picked.len() >= MAX_FILES {
            continue;
        }
        if file.size() > MAX_FILE_BYTES {
            skipped.push(format!("{path} (too large)"));
            continue;
        }
        // Bytes, not `text()`: the browser would replace bytes that are not UTF-8 silently,
        // and the engine reports them (E002) at the line and column of the first one.
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => picked.push(Picked {
                path,
                bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
            }),
            Err(_) => skipped.push(format!("{path} (unreadable)")),
        }
    }
    (picked, skipped)
}
