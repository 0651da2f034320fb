//! Watching a shared run (`?replay=…`): the passage at each step with the choice that was
//! taken from it marked, back / play / next, and "take over from here". It only shows; it
//! never touches storage — `App` does the take-over, so watching never writes the autosave.

use story_engine::{Inline, Replay, State, Story};
use yew::prelude::*;

use super::confirm::Confirm;
use super::markup;
use super::passage::passage;
use crate::shared::Shared;

/// How long autoplay shows each step, in milliseconds.
pub const PACE_MS: u32 = 2_500;

/// A replay checked by the engine: the run and every state it passes through.
#[derive(Debug, PartialEq)]
pub struct Watched {
    /// The seed and the choices.
    pub replay: Replay,
    /// The start, then one state per choice.
    pub states: Vec<State>,
}

/// Props of [`Watch`].
#[derive(Properties, PartialEq)]
pub struct WatchProps {
    /// The story.
    pub story: Shared<Story>,
    /// The run being watched.
    pub watched: Shared<Watched>,
    /// What the player's own autosave holds ("Chapter · turn 12"), if there is one: taking
    /// over replaces it, so the player is asked first.
    #[prop_or_default]
    pub autosave: Option<AttrValue>,
    /// Make the run the player's own from this step (the number of choices replayed).
    pub on_take_over: Callback<usize>,
    /// Leave the replay for the player's own game, unchanged.
    pub on_leave: Callback<()>,
    /// Where the story's prose stands: a change re-renders the passage shown.
    #[prop_or_default]
    pub prose: crate::prose::Prose,
    /// Fetch the rest of the prose again after a failure (the pending panel's button).
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// The replay viewer.
#[component]
pub fn Watch(props: &WatchProps) -> Html {
    let step = use_state_eq(|| 0usize);
    let playing = use_state_eq(|| false);
    let asking = use_state_eq(|| false);
    let heading = use_node_ref();
    let last = props.watched.replay.choices.len();
    // Autoplay: one step per `PACE_MS` until the end. Reduced motion is the stylesheet's
    // business (no passage animation); the pace itself is the player's choice to start.
    {
        let (step, playing) = (step.clone(), playing.clone());
        use_effect_with((*step, *playing), move |&(at, on)| {
            let timer = (on && at < last).then(|| {
                gloo::timers::callback::Timeout::new(PACE_MS, move || {
                    step.set(at + 1);
                    if at + 1 >= last {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }
    {
        let heading = heading.clone();
        use_effect_with(*step, move |&at| {
            if at > 0 {
                if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = heading.focus();
                }
            }
        });
    }
    let at = (*step).min(last);
    let story = &props.story;
    let state = props.watched.states.get(at);
    let view = state.map(|state| story_engine::view(story, state));
    let taken = props.watched.replay.choices.get(at).copied();
    let go = |to: usize| {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step.set(to))
    };
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let take_over = {
        let (asking, on_take_over, ask) = (
            asking.clone(),
            props.on_take_over.clone(),
            props.autosave.is_some(),
        );
        Callback::from(move |_: MouseEvent| {
            if ask {
                asking.set(true);
            } else {
                on_take_over.emit(at);
            }
        })
    };
    let leave = props.on_leave.reform(|_: MouseEvent| ());
    // Announced as the replay moves on: which choice this step took.
    let chose = match (&view, taken) {
        (Some(Ok(view)), Some(index)) => view
            .choices
            .get(index)
            .map(|c| format!("Chose: {}", Inline::plain(&c.text)))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let body = match view {
        Some(Ok(view)) => html! {
            <>
                { passage(&view, &story.progress(&view.chapter), &heading) }
                if !view.choices.is_empty() {
                    <nav class="choices watched-choices" aria-label="Choices in this run">
                        <ol>
                            { for view.choices.iter().enumerate().map(|(index, choice)| {
                                let chosen = taken == Some(index);
                                html! {
                                    <li class={classes!("watched-choice", chosen.then_some("taken"))} data-taken={chosen.to_string()}>
                                        <span class="choice-text">{ markup::render(&choice.text) }</span>
                                        if chosen {
                                            <span class="taken-mark">{ " — chosen" }</span>
                                        }
                                    </li>
                                }
                            }) }
                        </ol>
                    </nav>
                }
            </>
        },
        // A step in a later act whose prose has not arrived: the same panel as the player's.
        Some(Err(story_engine::PlayError::Pending(_))) => {
            crate::prose::pending(&props.prose, &props.on_retry)
        }
        Some(Err(error)) => html! { <p class="banner" role="alert">{ error.to_string() }</p> },
        None => Html::default(),
    };
    html! {
        <div class="player watch" data-step={at.to_string()} data-steps={last.to_string()}>
            <div class="visually-hidden" aria-live="polite" aria-atomic="true">{ chose }</div>
            <div class="banner watch-banner" role="status">
                <strong>{ "A shared run, replayed. " }</strong>
                { format!("Step {at} of {last}. Watching changes nothing in your own game.") }
            </div>
            <div class="layout">
                <main class="reading">
                    { body }
                    <footer class="controls watch-controls">
                        <button class="watch-back" onclick={go(at.saturating_sub(1))} disabled={at == 0}>{ "← Back" }</button>
                        <button class="watch-play" onclick={toggle} disabled={at == last} aria-pressed={playing.to_string()}>
                            { if *playing { "Pause" } else { "Play" } }
                        </button>
                        <button class="watch-next" onclick={go(at + 1)} disabled={at == last}>{ "Next →" }</button>
                        <button class="primary take-over" onclick={take_over}>{ "Take over from here" }</button>
                        <button class="watch-leave" onclick={leave}>{ "Back to my own game" }</button>
                    </footer>
                </main>
            </div>
            if *asking {
                <Confirm title="Take over this run?"
                    detail={format!("From here on it is your game. Your autosave ({}) will be replaced by it; your manual saves are kept.",
                        props.autosave.clone().unwrap_or_default())}
                    confirm="Take over" cancel="Keep watching"
                    on_confirm={ let (t, a) = (props.on_take_over.clone(), asking.clone()); Callback::from(move |()| { a.set(false); t.emit(at) }) }
                    on_cancel={ let a = asking.clone(); Callback::from(move |()| a.set(false)) } />
            }
        </div>
    }
}
