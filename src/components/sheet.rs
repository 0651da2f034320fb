//! The side panel: a heading with a close button around whichever panel is open. It takes
//! focus when it opens, so keyboard and screen-reader users land in it.

use story_engine::{State, Story};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{gallery, saves::Saves, settings, stats, toolbar::Panel, transcript::Transcript};
use crate::run::Run;
use crate::saves::Persistence;
use crate::saves::{Gallery as Found, Slot};
use crate::settings::Settings as Prefs;
use crate::shared::Shared;

/// Props of [`Sheet`]: the data of every panel and the callbacks they need.
#[derive(Properties, PartialEq)]
pub struct SheetProps {
    /// Which panel.
    pub which: Panel,
    /// The story.
    pub story: Shared<Story>,
    /// The current state.
    pub game_state: State,
    /// The run's record.
    pub run: Run,
    /// Autosave and manual slots.
    pub slots: Vec<Slot>,
    /// Endings and achievements found.
    pub gallery: Found,
    /// The settings.
    pub settings: Prefs,
    /// Change the settings.
    pub on_settings: Callback<Prefs>,
    /// A default name for a new save.
    pub default_name: AttrValue,
    /// Close the panel.
    pub on_close: Callback<()>,
    /// Save in a slot.
    pub on_save: Callback<(String, String)>,
    /// Load a slot.
    pub on_load: Callback<String>,
    /// Empty a slot.
    pub on_delete: Callback<String>,
    /// Export the game.
    pub on_export: Callback<()>,
    /// Import a file.
    pub on_import: Callback<web_sys::File>,
    /// Export the transcript.
    pub on_transcript: Callback<()>,
    /// Whether the browser may clear the saves.
    pub persistence: Persistence,
}

/// The open panel.
#[component]
pub fn Sheet(props: &SheetProps) -> Html {
    let heading = use_node_ref();
    // When the panel closes, focus goes back to what had it (the toolbar button, usually).
    use_effect_with((), |_| {
        let before = gloo::utils::document().active_element();
        move || {
            if let Some(before) = before.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                if before.is_connected() {
                    let _ = before.focus();
                }
            }
        }
    });
    {
        let heading = heading.clone();
        use_effect_with(props.which, move |_| {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        });
    }
    let body = match props.which {
        Panel::Stats => stats::panel(&props.story, &props.game_state),
        Panel::Saves => html! {
            <Saves slots={props.slots.clone()} default_name={props.default_name.clone()}
                on_save={props.on_save.clone()} on_load={props.on_load.clone()} on_delete={props.on_delete.clone()}
                on_export={props.on_export.clone()} on_import={props.on_import.clone()} persistence={props.persistence} />
        },
        Panel::Transcript => {
            html! { <Transcript entries={props.run.transcript.clone()} on_export={props.on_transcript.clone()} /> }
        }
        Panel::Gallery => gallery::panel(&props.story, &props.gallery),
        Panel::Settings => settings::panel(&props.settings, &props.on_settings),
    };
    html! {
        <aside id="sheet" class="sheet" aria-labelledby="sheet-title" data-sheet={props.which.label()}>
            <div class="sheet-head">
                <h2 id="sheet-title" tabindex="-1" ref={heading}>{ props.which.title() }</h2>
                <button class="close" aria-label="Close panel" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </div>
            { body }
        </aside>
    }
}
