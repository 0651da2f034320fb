//! The saves panel: the autosave and the manual slots with chapter, time and play time, and
//! export to / import from a file. It only shows and asks; `player` does the storage.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::run::play_time;
use crate::saves::Persistence;
use crate::saves::Slot;

/// Props of [`Saves`].
#[derive(Properties, PartialEq)]
pub struct SavesProps {
    /// Autosave first, then the manual slots.
    pub slots: Vec<Slot>,
    /// The name a new save gets unless the player types one.
    pub default_name: AttrValue,
    /// Save the game in a slot: `(slot id, name)`.
    pub on_save: Callback<(String, String)>,
    /// Load the save in a slot.
    pub on_load: Callback<String>,
    /// Empty a slot.
    pub on_delete: Callback<String>,
    /// Download the current game as a file.
    pub on_export: Callback<()>,
    /// A file the player picked to import.
    pub on_import: Callback<web_sys::File>,
    /// Whether the browser may clear the saves.
    pub persistence: Persistence,
}

/// Slots, then the file buttons.
#[component]
pub fn Saves(props: &SavesProps) -> Html {
    let name = use_state(String::new);
    let oninput = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                name.set(input.value());
            }
        })
    };
    let chosen = if name.trim().is_empty() {
        props.default_name.to_string()
    } else {
        name.trim().to_owned()
    };
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(input) = input {
                if let Some(file) = input.files().and_then(|files| files.get(0)) {
                    on_import.emit(file);
                }
                // Picking the same file again must fire `change` again.
                input.set_value("");
            }
        })
    };
    let export = props.on_export.reform(|_: MouseEvent| ());
    html! {
        <div class="saves">
            <label class="field">
                <span>{ "Name for a new save" }</span>
                <input type="text" maxlength="60" placeholder={props.default_name.clone()} value={(*name).clone()} {oninput} />
            </label>
            <p class="persistence" data-persistence={props.persistence.name()}>{ props.persistence.describe() }</p>
            <ul class="slots">
                { for props.slots.iter().map(|slot| slot_row(props, slot, &chosen)) }
            </ul>
            <div class="file-actions">
                <button onclick={export}>{ "Export this game to a file" }</button>
                <label class="button">
                    { "Import a save file" }
                    <input class="visually-hidden" type="file" accept=".json,application/json" onchange={on_file} />
                </label>
            </div>
        </div>
    }
}

fn slot_row(props: &SavesProps, slot: &Slot, name: &str) -> Html {
    let auto = slot.id == "auto";
    let title = if auto {
        "Autosave".to_owned()
    } else {
        format!("Slot {}", slot.id.trim_start_matches("slot"))
    };
    let id = slot.id.clone();
    let save = props.on_save.reform({
        let (id, name) = (id.clone(), name.to_owned());
        move |_: MouseEvent| (id.clone(), name.clone())
    });
    let load = props.on_load.reform({
        let id = id.clone();
        move |_: MouseEvent| id.clone()
    });
    let delete = props.on_delete.reform(move |_: MouseEvent| id.clone());
    let filled = matches!(slot.content, Some(Ok(_)));
    html! {
        <li class="slot" data-slot={slot.id.clone()}>
            <div class="slot-info">
                <span class="slot-title">{ title.clone() }</span>
                { match &slot.content {
                    None => html! { <span class="slot-empty">{ "Empty" }</span> },
                    Some(Err(why)) => html! { <span class="slot-bad">{ format!("Unreadable: {why}") }</span> },
                    Some(Ok(s)) => html! {
                        <>
                            if !auto {
                                <span class="slot-name">{ s.name.clone() }</span>
                            }
                            <span class="slot-meta">{ format!("{} · turn {} · played {} · {}", s.chapter, s.turn, play_time(s.play_ms), when(s.saved_at)) }</span>
                        </>
                    },
                } }
            </div>
            <div class="slot-actions">
                if !auto {
                    <button onclick={save} aria-label={format!("Save in {title}")}>{ "Save" }</button>
                }
                <button onclick={load} disabled={!filled} aria-label={format!("Load {title}")}>{ "Load" }</button>
                if !auto && slot.content.is_some() {
                    <button onclick={delete} aria-label={format!("Delete {title}")}>{ "Delete" }</button>
                }
            </div>
        </li>
    }
}

/// A save time in the player's locale.
fn when(ms: u64) -> String {
    let date = js_sys::Date::new(&(ms as f64).into());
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}
