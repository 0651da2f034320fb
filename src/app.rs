//! The root component: decodes the story compiled into the page once, opens storage, keeps the
//! settings, and hands everything to `Player` — or says why the story cannot start.

use std::rc::Rc;

use story_engine::Story;
use yew::prelude::*;

use crate::components::{problems::Problems, toolbar::Panel};
use crate::player::{boot, random_seed, Player};
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
}

/// The whole game.
#[component]
pub fn App(props: &AppProps) -> Html {
    let storage = use_memo((), |_| match &props.storage {
        Some(storage) => (storage.clone(), None),
        None => {
            let store = BrowserStore::open();
            let problem = store.problem();
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
        let seed = props.seed.unwrap_or_else(random_seed);
        boot(story, storage, seed, props.fresh, js_sys::Date::now())
            .map(|boot| Shared(Rc::new(boot)))
            .map_err(|error| ("The story cannot start", vec![error]))
    });
    let story_id = match &*started {
        Ok(boot) => boot.game.story.id().to_owned(),
        Err(_) => String::new(),
    };
    let settings = use_state_eq(|| Settings::load(&*storage.0, &story_id));
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
            { match &*started {
                Ok(boot) => html! {
                    <Player boot={boot.clone()} storage={storage.clone()} storage_problem={problem.clone()}
                        seed={props.seed} panel={props.open_saves.then_some(Panel::Saves)}
                        settings={(*settings).clone()} {on_settings} />
                },
                Err((title, lines)) => html! {
                    <main class="page">
                        <Problems title={*title} lines={lines.clone()} />
                    </main>
                },
            } }
        </div>
    }
}

/// Mirrors the theme on `<html>`, so the page behind the app (overscroll, the scrollbar) has
/// the same colours.
fn apply_to_page(settings: &Settings) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", settings.theme_name());
    }
}
