//! Author mode, the author page's own (feature `author`; the player's page is built without
//! it): tools for writers over the running game, like Twine's and SugarCube's debug views — the
//! passage id and its links, a variable inspector, a searchable jump, a story map (both of which
//! can instead play the shortest route from the start there, `story path`'s search), and
//! loading a story from disk to play it at once.
//!
//! [`AuthorMode`] is a guest of `Player`: it reads the story and state it is given and changes
//! the game only by dispatching `Action::Author` with an [`Edit`]. The states come from the
//! engine's author API (`jump`, `set_var`); the rules of play stay in the engine. It does no IO:
//! the remembered toggle and the file reads are the edge's (`effects::author`).

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
use sources::Report;

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

/// How the Jump and Map tabs take you to a passage.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Go {
    /// `story_engine::jump`: straight there, variables kept.
    Jump,
    /// Play the shortest route from the start (`story path`'s search), choice by choice.
    Play,
}

/// States the "play from the start" search may explore per seed: the route to a passage a few
/// scenes in is found in far fewer; past this the page says it found none rather than freeze.
pub const PLAY_STATES: u32 = 20_000;
/// Seeds tried in turn (a seed may never draw the way through a storylet pool), as `story
/// path` does.
pub const PLAY_SEEDS: u64 = 4;

/// How loading a story from disk is going, as the loader shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadStatus {
    /// The last load's outcome.
    pub report: Option<Rc<Report>>,
    /// A read is under way.
    pub busy: bool,
    /// Loads finished so far, shown as `data-loads` so tests can wait for the next one.
    pub loads: u32,
}

/// Props of [`AuthorMode`].
#[derive(Properties, PartialEq)]
pub struct AuthorModeProps {
    /// The story being played.
    pub story: Shared<Story>,
    /// Where the player is.
    pub state: State,
    /// The game's reducer, for jumps and edited variables.
    pub game: UseReducerDispatcher<Game>,
    /// Whether the tools are shown (the edge remembers it).
    pub shown: bool,
    /// Show or hide the tools.
    pub on_show: Callback<bool>,
    /// How loading a story from disk is going.
    pub load: LoadStatus,
    /// Load a story from these picked files (the edge reads them).
    pub on_files: Callback<Vec<web_sys::File>>,
}

/// The author bar (passage badge, the show/hide toggle, the way back to the player's page) and,
/// when shown, the tools panel.
#[component]
pub fn AuthorMode(props: &AuthorModeProps) -> Html {
    let shown = props.shown;
    let tab = use_state(|| Tab::Variables);
    let problem = use_state(|| None::<String>);
    let played = use_state(|| None::<String>);
    let go = use_state(|| Go::Jump);
    let passages = use_memo(props.story.clone(), |s| story_engine::passages(s));
    let edges = use_memo(props.story.clone(), |s| story_engine::edges(s));

    let on_state = {
        let (game, story) = (props.game.clone(), props.story.clone());
        let (problem, played) = (problem.clone(), played.clone());
        Callback::from(move |state: State| {
            problem.set(None);
            played.set(None);
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
    let on_play = {
        let (story, seed) = (props.story.clone(), props.state.seed());
        let (on_state, problem, played) = (on_state.clone(), problem.clone(), played.clone());
        Callback::from(move |id: String| {
            let found = story_engine::route_from_start(&story, seed, &id, PLAY_SEEDS, PLAY_STATES);
            match found.map(|r| r.map(|r| (story_engine::play_route(&story, &r), r))) {
                Ok(Some((Ok(next), route))) => {
                    on_state.emit(next);
                    played.set(Some(format!(
                        "Played {} choice(s) from the start to {id} (seed {}).",
                        route.choices.len(),
                        route.seed
                    )));
                }
                Ok(None) => problem.set(Some(format!(
                    "{id} cannot be reached by playing from the start: no route within \
                     {PLAY_STATES} states ({PLAY_SEEDS} seeds). Jump goes there anyway."
                ))),
                Ok(Some((Err(why), _))) | Err(why) => {
                    problem.set(Some(format!("Could not play to {id}: {why}")))
                }
            }
        })
    };
    let on_go = {
        let (on_jump, on_play, go) = (on_jump.clone(), on_play.clone(), *go);
        Callback::from(move |id: String| match go {
            Go::Jump => on_jump.emit(id),
            Go::Play => on_play.emit(id),
        })
    };
    let go_choice = {
        let radio = |value: Go, label: &'static str| {
            let onchange = {
                let go = go.clone();
                Callback::from(move |_: Event| go.set(value))
            };
            html! {
                <label><input type="radio" name="author-go" data-go={label} checked={*go == value} {onchange} />{ label }</label>
            }
        };
        html! {
            <fieldset class="author-go">
                <legend>{ "Go to a passage by" }</legend>
                { radio(Go::Jump, "jumping") }
                { radio(Go::Play, "playing from the start") }
            </fieldset>
        }
    };
    let toggle = props.on_show.reform(move |_: MouseEvent| !shown);

    let here = passages
        .iter()
        .find(|p| p.id == props.state.passage())
        .cloned();
    let panel = match *tab {
        Tab::Variables => {
            html! { <inspector::Inspector story={props.story.clone()} state={props.state.clone()} on_state={on_state.clone()} /> }
        }
        Tab::Jump => {
            html! { <>{ go_choice }<picker::Picker passages={passages.clone()} current={props.state.passage().to_owned()} on_jump={on_go.clone()} /></> }
        }
        Tab::Map => {
            html! { <>{ go_choice }<map::StoryMap passages={passages.clone()} edges={edges.clone()} current={props.state.passage().to_owned()} on_jump={on_go.clone()} /></> }
        }
        Tab::Load => {
            html! { <loader::Loader status={props.load.clone()} on_files={props.on_files.clone()} /> }
        }
    };
    html! {
        <>
            <div class="author-bar">
                if shown {
                    <span class="author-badge" title="Passage id" data-author="passage">{ props.state.passage().to_owned() }</span>
                }
                <button class="author-toggle" aria-expanded={shown.to_string()} aria-controls="author-tools" onclick={toggle}>
                    { if shown { "Hide author tools" } else { "Author tools" } }
                </button>
                // The player's page is the folder above (Trunk builds this page into `author/`);
                // the autosave is shared, so the run goes on there where it is here.
                <a class="author-leave" href="../">{ "Play without the tools" }</a>
            </div>
            if shown {
                <aside id="author-tools" class="author-tools" aria-label="Author tools">
                    <h2 class="author-title">{ "Author mode" }<span>{ props.story.title().to_owned() }</span></h2>
                    <here::Here passage={here} edges={edges.clone()} on_jump={on_jump.clone()} story={props.story.clone()} state={props.state.clone()} />
                    if let Some(problem) = &*problem {
                        <p class="author-error" role="alert">{ problem.clone() }</p>
                    }
                    if let Some(played) = &*played {
                        <p class="author-played" role="status">{ played.clone() }</p>
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
