//! The root component: loads the embedded story once, then hands it to the player, or shows
//! the story's diagnostics when it cannot load.

use std::rc::Rc;

use story_engine::Severity;
use yew::prelude::*;

use crate::components::{choices::Choices, passage::Passage, problems::Problems};
use crate::game::{Action, Game};
use crate::story_data;

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The seed of the run; `None` picks a random one.
    #[prop_or_default]
    pub seed: Option<u64>,
}

/// The whole game.
#[component]
pub fn App(props: &AppProps) -> Html {
    let loaded = use_memo((), |_| {
        let loaded = story_data::load();
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        loaded.story.map(Rc::new).ok_or(errors)
    });
    let seed = props.seed.unwrap_or_else(random_seed);
    html! {
        <main class="page">
            <header class="masthead"><h1>{ "Managed Shitty Services" }</h1></header>
            { match &*loaded {
                Ok(story) => match Game::new(story.clone(), seed) {
                    Ok(game) => html! { <Player {game} /> },
                    Err(error) => html! { <Problems title="The story cannot start" lines={vec![error]} /> },
                },
                Err(lines) => html! { <Problems title="The story has errors" lines={lines.clone()} /> },
            } }
        </main>
    }
}

/// Props of [`Player`].
#[derive(Properties, PartialEq)]
struct PlayerProps {
    game: Game,
}

/// Plays one game: the reducer lives here.
#[component]
fn Player(props: &PlayerProps) -> Html {
    let game = use_reducer_eq({
        let game = props.game.clone();
        move || game
    });
    let on_choose = {
        let game = game.dispatcher();
        Callback::from(move |index| game.dispatch(Action::Choose(index)))
    };
    let on_restart = {
        let game = game.dispatcher();
        Callback::from(move |_: MouseEvent| game.dispatch(Action::Restart))
    };
    let body = match story_engine::view(&game.story, &game.state) {
        Ok(view) => {
            let choices = view.choices.clone();
            html! {
                <>
                    <Passage {view} />
                    <Choices {choices} {on_choose} />
                </>
            }
        }
        Err(err) => html! { <Problems title="The story stopped" lines={vec![err.to_string()]} /> },
    };
    html! {
        <>
            if let Some(error) = &game.error {
                <Problems title="That did not work" lines={vec![error.clone()]} />
            }
            { body }
            <footer class="controls">
                <button onclick={on_restart}>{ "Restart" }</button>
            </footer>
        </>
    }
}

/// A fresh seed from the browser's random source.
fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}
