//! The root component: decodes the story compiled into the page once, opens storage, keeps the
//! settings, and hands everything to `Player` — or says why the story cannot start. With
//! `?replay=…` it shows the shared run in `Watch` first (or says why the link is refused), and
//! "take over" turns the replay into the player's game: the one moment a replay writes the
//! autosave. After the first paint it fetches the rest of the story's prose (`prose`) and tells
//! the game when it arrived or why not.

use std::rc::Rc;

use story_engine::{Replay, Story};
use yew::prelude::*;

use crate::components::watch::{Watch, Watched};
use crate::components::{problems::problems, toolbar::Panel};
use crate::effects::share::forget_query;
use crate::game::Game;
use crate::marks;
use crate::player::{boot, random_seed, Boot, Player};
use crate::prose::{self, Prose, RestLoader};
use crate::saves;
use crate::settings::Settings;
use crate::shared::Shared;
use crate::storage::{BrowserStore, Storage, StoreError};
use crate::story_data;

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The seed of new runs; `None` picks a random one per run.
    #[prop_or_default]
    pub seed: Option<u64>,
    /// Where to keep saves; `None` uses the browser's `localStorage`. Tests inject their own.
    #[prop_or_default]
    pub storage: Option<Storage>,
    /// Start a new run even if there is an autosave (the fatal panel's "start over").
    #[prop_or_default]
    pub fresh: bool,
    /// Open the saves panel at start (the fatal panel's "load a save").
    #[prop_or_default]
    pub open_saves: bool,
    /// The story to play; `None` plays the one embedded at build time. Tests inject their own.
    #[prop_or_default]
    pub story: Option<Shared<Story>>,
    /// A shared run to watch first: the text of `?replay=…`.
    #[prop_or_default]
    pub replay: Option<String>,
    /// How to get the rest of a story whose prose is pending; `None` fetches the chunk built
    /// beside the page (`story_data::REST_FILE`). Tests inject their own.
    #[prop_or_default]
    pub rest: Option<RestLoader>,
}

/// What the page shows when it is not the player's own game.
#[derive(Clone, PartialEq)]
enum Replaying {
    /// A replay that the engine checked, being watched.
    Watching(Shared<Watched>),
    /// A link refused, and why.
    Refused(String),
}

/// The whole game.
#[component]
pub fn App(props: &AppProps) -> Html {
    let storage = use_memo((), |_| match &props.storage {
        Some(storage) => (storage.clone(), None),
        None => {
            let store = BrowserStore::open();
            let problem = store.problem();
            marks::mark(marks::OPENED);
            (Storage(Rc::new(store)), problem)
        }
    });
    let (storage, problem): &(Storage, Option<StoreError>) = &storage;
    let started = use_memo((), |_| {
        let story = match &props.story {
            Some(story) => story.0.clone(),
            None => match story_data::story() {
                Ok(story) => Rc::new(story),
                Err(error) => return Err(("The story cannot be read", vec![error.to_string()])),
            },
        };
        marks::mark(marks::DECODED);
        let seed = props.seed.unwrap_or_else(random_seed);
        boot(story, storage, seed, props.fresh, js_sys::Date::now())
            .map(|boot| Shared(Rc::new(boot)))
            .map_err(|error| ("The story cannot start", vec![error]))
    });
    let story_id = match &*started {
        Ok(boot) => boot.game.story.id().to_owned(),
        Err(_) => String::new(),
    };
    let pending = match &*started {
        Ok(boot) => boot
            .game
            .story
            .is_pending()
            .then(|| boot.game.story.clone()),
        Err(_) => None,
    };
    let prose = use_state_eq(|| match pending {
        Some(_) => Prose::Loading,
        None => Prose::Whole,
    });
    // Bumped by "try again"; each value is one attempt at the rest, after the page has painted.
    let attempt = use_state_eq(|| 0u32);
    {
        let (prose, loader) = (prose.clone(), props.rest.clone());
        use_effect_with(*attempt, move |_| {
            if let Some(story) = pending {
                let loader = loader.unwrap_or_else(|| RestLoader::fetch(story_data::REST_FILE));
                prose::load(story, loader, Callback::from(move |done| prose.set(done)));
            }
        });
    }
    let on_retry = {
        let (prose, attempt) = (prose.clone(), attempt.clone());
        Callback::from(move |()| {
            prose.set(Prose::Loading);
            attempt.set(*attempt + 1);
        })
    };
    let settings = use_state_eq(|| {
        let settings = Settings::load(&*storage.0, &story_id);
        marks::mark(marks::BOOTED);
        settings
    });
    use_effect_with((), |_| marks::mark(marks::RENDERED));
    let replaying = use_state(|| {
        let (Ok(boot), Some(text)) = (&*started, &props.replay) else {
            return None;
        };
        Some(match Replay::from_link(&boot.game.story, text) {
            Ok((replay, states)) => {
                Replaying::Watching(Shared(Rc::new(Watched { replay, states })))
            }
            Err(why) => Replaying::Refused(crate::player::capitalized(&why.to_string())),
        })
    });
    // The game after a take-over; until then the booted one (the autosave, untouched).
    let taken = use_state(|| None::<Shared<Boot>>);
    {
        let settings = (*settings).clone();
        use_effect_with(settings, apply_to_page);
    }
    let on_settings = {
        let (settings, storage) = (settings.clone(), storage.clone());
        Callback::from(move |next: Settings| {
            // A failed write only means the choice is not remembered; the autosave banner
            // already tells the player when storage does not work.
            let _ = next.store(&*storage.0, &story_id);
            settings.set(next);
        })
    };
    html! {
        <div class="app" data-theme={settings.theme_name()} data-font={settings.font_name()}
            data-size={settings.size.to_string()} data-motion={if settings.reduce_motion { "reduce" } else { "system" }}>
            { match (&*started, &*replaying) {
                (Ok(boot), Some(shown)) => replay_page(boot, shown, storage, &replaying, &taken, (&prose, &on_retry)),
                (Ok(boot), None) => html! {
                    <Player boot={(*taken).clone().unwrap_or_else(|| boot.clone())} storage={storage.clone()} storage_problem={problem.clone()}
                        seed={props.seed} panel={props.open_saves.then_some(Panel::Saves)}
                        settings={(*settings).clone()} {on_settings} prose={(*prose).clone()} {on_retry} />
                },
                (Err((title, lines)), _) => html! {
                    <main class="page">
                        { problems(title, lines) }
                    </main>
                },
            } }
        </div>
    }
}

/// The replay being watched, or why its link was refused; both lead back to the player's game.
fn replay_page(
    boot: &Shared<Boot>,
    shown: &Replaying,
    storage: &Storage,
    replaying: &UseStateHandle<Option<Replaying>>,
    taken: &UseStateHandle<Option<Shared<Boot>>>,
    (prose, on_retry): (&Prose, &Callback<()>),
) -> Html {
    let leave = {
        let replaying = replaying.clone();
        Callback::from(move |()| {
            forget_query();
            replaying.set(None);
        })
    };
    match shown {
        Replaying::Refused(why) => html! {
            <main class="page">
                <section class="problems replay-refused" role="alert">
                    <h2>{ "This replay cannot be shown" }</h2>
                    <p class="replay-why">{ why.clone() }</p>
                    <p>{ "Nothing was replayed, and your own game is as you left it." }</p>
                    <button class="primary" onclick={leave.reform(|_: MouseEvent| ())}>{ "Play my own game" }</button>
                </section>
            </main>
        },
        Replaying::Watching(watched) => {
            let story = boot.game.story.clone();
            let autosave = saves::read(&*storage.0, &story, "auto").map(|read| match read {
                Ok((record, _)) => {
                    AttrValue::from(format!("{}, turn {}", record.chapter, record.turn))
                }
                Err(_) => AttrValue::Static("unreadable now"),
            });
            let on_take_over = {
                let (replaying, taken, story, watched) = (
                    replaying.clone(),
                    taken.clone(),
                    story.clone(),
                    watched.clone(),
                );
                Callback::from(move |step: usize| {
                    match Game::replayed(story.clone(), &watched.replay, step, js_sys::Date::now())
                    {
                        Ok(game) => {
                            let notice = Some("This run is yours now: play on from here. The autosave follows it.".to_owned());
                            taken.set(Some(Shared(Rc::new(Boot { game, notice }))));
                            forget_query();
                            replaying.set(None);
                        }
                        Err(why) => replaying.set(Some(Replaying::Refused(why))),
                    }
                })
            };
            html! {
                <Watch story={Shared(story)} watched={watched.clone()} {autosave} {on_take_over} on_leave={leave} prose={prose.clone()} on_retry={on_retry.clone()} />
            }
        }
    }
}

/// Mirrors the theme on `<html>`, so the page behind the app (overscroll, the scrollbar) has
/// the same colours.
fn apply_to_page(settings: &Settings) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", settings.theme_name());
    }
}
