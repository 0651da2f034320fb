//! Author mode (`?author`): tools for writers over the running game, like Twine's and
//! SugarCube's debug views — the passage id and its links, a variable inspector, a searchable
//! jump, a story map, and loading a story from disk to play it at once.
//!
//! [`AuthorMode`] is a guest of `Player`: it reads the story and state it is given and changes
//! the game only by dispatching `Action::Author` with an [`Edit`]. The states come from the
//! engine's author API (`jump`, `set_var`); the rules of play stay in the engine.

mod edit;
#[cfg(test)]
mod fixtures;
mod here;
mod inspector;
pub mod layout;
mod loader;
mod map;
mod picker;
pub mod sources;

use std::rc::Rc;

use story_engine::{State, Story};
use yew::prelude::*;

pub use edit::{apply, carry, Carried, Edit};
pub use picker::search;

use crate::game::{Action, Game};
use crate::shared::Shared;
use crate::storage::{self, Storage};
use sources::Report;

/// The stored key of the "show author tools" toggle (one per page, not per story).
pub fn toggle_key() -> String {
    storage::key("author", "tools")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Variables,
    Jump,
    Map,
    Load,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Variables, Tab::Jump, Tab::Map, Tab::Load];

    fn label(self) -> &'static str {
        match self {
            Tab::Variables => "Variables",
            Tab::Jump => "Jump",
            Tab::Map => "Map",
            Tab::Load => "Load from disk",
        }
    }
}

/// Props of [`AuthorMode`].
#[derive(Properties, PartialEq)]
pub struct AuthorModeProps {
    /// The story being played.
    pub story: Shared<Story>,
    /// Where the player is.
    pub state: State,
    /// Where the show/hide toggle is remembered.
    pub storage: Storage,
    /// The seed for a story that has to start over; `None` draws one.
    #[prop_or_default]
    pub seed: Option<u64>,
    /// The game's reducer.
    pub game: UseReducerDispatcher<Game>,
}

/// The author bar (passage badge and the show/hide toggle) and, when shown, the tools panel.
#[component]
pub fn AuthorMode(props: &AuthorModeProps) -> Html {
    let store = props.storage.clone();
    let shown = use_state(|| !matches!(store.0.get(&toggle_key()), Ok(Some(v)) if v == "hidden"));
    let tab = use_state(|| Tab::Variables);
    let report = use_state(|| None::<Rc<Report>>);
    let busy = use_state(|| false);
    // Loads finished so far, shown as `data-loads` so tests can wait for the next one.
    let loads = use_mut_ref(|| 0_u32);
    let problem = use_state(|| None::<String>);
    // The game as of the latest render, for a file read that finishes later.
    let current = use_mut_ref(|| (props.story.clone(), props.state.clone()));
    *current.borrow_mut() = (props.story.clone(), props.state.clone());
    let passages = use_memo(props.story.clone(), |s| story_engine::passages(s));
    let edges = use_memo(props.story.clone(), |s| story_engine::edges(s));

    let on_state = {
        let (game, story, problem) = (props.game.clone(), props.story.clone(), problem.clone());
        Callback::from(move |state: State| {
            problem.set(None);
            let (story, state) = (story.clone(), Box::new(state));
            game.dispatch(Action::Author(Edit::State { story, state }));
        })
    };
    let on_jump = {
        let (story, state) = (props.story.clone(), props.state.clone());
        let (on_state, problem) = (on_state.clone(), problem.clone());
        Callback::from(
            move |id: String| match story_engine::jump(&story, &state, &id) {
                Ok(next) => on_state.emit(next),
                Err(why) => problem.set(Some(format!("Could not jump to {id}: {why}"))),
            },
        )
    };
    let on_files = {
        let (game, report, busy, seed, loads) = (
            props.game.clone(),
            report.clone(),
            busy.clone(),
            props.seed,
            loads.clone(),
        );
        Callback::from(move |files: Vec<web_sys::File>| {
            let (game, report, busy, current, loads) = (
                game.clone(),
                report.clone(),
                busy.clone(),
                current.clone(),
                loads.clone(),
            );
            busy.set(true);
            yew::platform::spawn_local(async move {
                let (picked, skipped) = sources::read(files).await;
                let (story, state) = current.borrow().clone();
                let seed = seed.unwrap_or_else(crate::player::random_seed);
                let (mut outcome, edit) =
                    sources::reload(&picked, (&story, &state), seed, js_sys::Date::now());
                outcome
                    .notes
                    .extend(skipped.into_iter().map(|s| format!("Skipped {s}.")));
                if let Some(edit) = edit {
                    game.dispatch(Action::Author(edit));
                }
                *loads.borrow_mut() += 1;
                report.set(Some(Rc::new(outcome)));
                busy.set(false);
            });
        })
    };
    let toggle = {
        let (shown, store) = (shown.clone(), props.storage.clone());
        Callback::from(move |_: MouseEvent| {
            // Not remembering the choice is harmless: the tools are shown again next time.
            let _ = store
                .0
                .set(&toggle_key(), if *shown { "hidden" } else { "shown" });
            shown.set(!*shown);
        })
    };

    let here = passages
        .iter()
        .find(|p| p.id == props.state.passage())
        .cloned();
    let panel = match *tab {
        Tab::Variables => {
            html! { <inspector::Inspector story={props.story.clone()} state={props.state.clone()} on_state={on_state.clone()} /> }
        }
        Tab::Jump => {
            html! { <picker::Picker passages={passages.clone()} current={props.state.passage().to_owned()} on_jump={on_jump.clone()} /> }
        }
        Tab::Map => {
            html! { <map::StoryMap passages={passages.clone()} edges={edges.clone()} current={props.state.passage().to_owned()} on_jump={on_jump.clone()} /> }
        }
        Tab::Load => {
            html! { <loader::Loader report={(*report).clone()} busy={*busy} loads={*loads.borrow()} {on_files} /> }
        }
    };
    html! {
        <>
            <div class="author-bar">
                if *shown {
                    <span class="author-badge" title="Passage id" data-author="passage">{ props.state.passage().to_owned() }</span>
                }
                <button class="author-toggle" aria-expanded={shown.to_string()} aria-controls="author-tools" onclick={toggle}>
                    { if *shown { "Hide author tools" } else { "Author tools" } }
                </button>
            </div>
            if *shown {
                <aside id="author-tools" class="author-tools" aria-label="Author tools">
                    <h2 class="author-title">{ "Author mode" }<span>{ props.story.title().to_owned() }</span></h2>
                    <here::Here passage={here} edges={edges.clone()} on_jump={on_jump.clone()} story={props.story.clone()} state={props.state.clone()} />
                    if let Some(problem) = &*problem {
                        <p class="author-error" role="alert">{ problem.clone() }</p>
                    }
                    <nav class="author-tabs" aria-label="Author tool">
                        { for Tab::ALL.iter().map(|&t| {
                            let onclick = { let tab = tab.clone(); Callback::from(move |_: MouseEvent| tab.set(t)) };
                            html! { <button aria-pressed={(*tab == t).to_string()} data-tab={t.label()} {onclick}>{ t.label() }</button> }
                        }) }
                    </nav>
                    <section class="author-panel" aria-label={tab.label()}>{ panel }</section>
                </aside>
            }
        </>
    }
}
