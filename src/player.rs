//! `Player`: plays one story. It owns the [`Game`] reducer and the UI state around it (open
//! panel, dialog, messages), and wires components to actions. Everything that touches the
//! browser — storage, focus, the key listener, timers, files — happens in the hooks and event
//! handlers of `effects` that it wires up; the components only show data and call back.

use std::rc::Rc;

use story_engine::{Inline, PlayError, Story};
use yew::prelude::*;

use crate::components::{
    choices::choices,
    confirm::Confirm,
    failure::{failure, FailureProps},
    messages::{messages, Message},
    passage::passage,
    report::{report, ReportProps},
    sheet::Sheet,
    toolbar::{toolbar, Panel},
};
use crate::effects::{hooks, keyboard, persist, saves::Handlers, share};
use crate::game::{Action, Game};
use crate::prose::{pending, Prose};
use crate::saves::{self, Gallery, Record};
use crate::settings::Settings;
use crate::shared::Shared;
use crate::storage::{Storage, StoreError};

/// The game as it starts: a restored autosave or a new run, and a notice if the autosave could
/// not be read.
pub struct Boot {
    /// The game to start with.
    pub game: Game,
    /// Shown once, above the passage.
    pub notice: Option<String>,
}

/// Starts the game: continues the autosave unless `fresh`, else a new run with `seed`.
pub fn boot(
    story: Rc<Story>,
    storage: &Storage,
    seed: u64,
    fresh: bool,
    now: f64,
) -> Result<Boot, String> {
    let autosave = if fresh {
        None
    } else {
        saves::read(&*storage.0, &story, "auto")
    };
    let notice = match autosave {
        Some(Ok((record, state))) => {
            let undo = record.undo.as_ref().map(|trail| trail.history(&story, &state));
            let mut game = Game::resume(story, state, Some(record.run), now);
            let notice = match undo {
                Some(Ok(history)) => {
                    game.history = history;
                    None
                }
                Some(Err(why)) => Some(format!(
                    "Your undo history could not be read ({why}), so undo starts from here. Your game itself is restored."
                )),
                None => None,
            };
            return Ok(Boot { game, notice });
        }
        Some(Err(why)) => Some(format!(
            "Your autosave could not be read ({why}), so a new run has started. Your manual saves are untouched."
        )),
        None => None,
    };
    Ok(Boot {
        game: Game::new(story, seed, now)?,
        notice,
    })
}

/// Props of [`Player`].
#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    /// How the game starts.
    pub boot: Shared<Boot>,
    /// Where saves go.
    pub storage: Storage,
    /// A storage problem found at start-up.
    #[prop_or_default]
    pub storage_problem: Option<StoreError>,
    /// The seed for new runs; `None` draws one per run.
    #[prop_or_default]
    pub seed: Option<u64>,
    /// The panel open at start (the fatal panel's "load a save" link opens the saves).
    #[prop_or_default]
    pub panel: Option<Panel>,
    /// The player's settings.
    pub settings: Settings,
    /// Change the settings.
    pub on_settings: Callback<Settings>,
    /// Where the story's prose stands (a passage of a later act waits for it).
    #[prop_or_default]
    pub prose: Prose,
    /// Fetch the rest of the prose again after a failure.
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// The whole game screen.
#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let game = use_reducer({
        let game = props.boot.game.clone();
        move || game
    });
    let story = Shared(game.story.clone());
    let panel = use_state(|| props.panel);
    let confirming = use_state(|| false);
    let message = use_state(|| props.boot.notice.clone().map(Message::Notice));
    let problem = use_state(|| props.storage_problem.clone());
    let slots = use_state(|| saves::slots(&*props.storage.0, &story));
    let gallery = use_state(|| {
        let gallery = Gallery::load(&*props.storage.0, &story);
        crate::marks::mark(crate::marks::STORED);
        gallery
    });
    let heading = use_node_ref();
    let reader = use_mut_ref(|| None);

    hooks::use_autosave(&game, &props.storage, &problem, &slots);
    hooks::use_gallery(&game, &props.storage, &gallery);
    hooks::use_focus(game.generation, &heading);
    // Progress made in this visit: only then is the browser asked to keep the saves.
    let persistence = persist::use_persistence(game.generation > 0 && game.state.turn() > 0);
    let share = use_memo(game.generation, {
        let game = game.clone();
        move |_| shared_run(&game)
    });
    hooks::use_message_timeout(&message);
    hooks::use_first_choice_mark(matches!(game.view(), Ok(view) if !view.choices.is_empty()));
    {
        let game = game.dispatcher();
        use_effect_with(props.prose.clone(), move |prose| {
            if *prose == Prose::Arrived {
                game.dispatch(Action::Refresh);
            }
        });
    }
    #[cfg(feature = "author")]
    let author = crate::effects::author::use_author(&game, &props.storage, props.seed);
    #[cfg(not(feature = "author"))]
    let author = ();
    let ctx = Handlers {
        game: game.clone(),
        storage: props.storage.clone(),
        message: message.clone(),
        problem: problem.clone(),
        slots: slots.clone(),
        panel: panel.clone(),
        reader,
    };
    keyboard::use_keys(
        game.dispatcher(),
        props.settings.shortcuts,
        *confirming,
        panel.clone(),
    );

    let now = js_sys::Date::now;
    let on_choose = {
        let game = game.dispatcher();
        Callback::from(move |index| game.dispatch(Action::Choose { index, at: now() }))
    };
    let on_undo = {
        let game = game.dispatcher();
        Callback::from(move |()| game.dispatch(Action::Undo))
    };
    let ask_restart = {
        let confirming = confirming.clone();
        Callback::from(move |()| confirming.set(true))
    };
    let on_restart = {
        let (game, confirming, message, seed) = (
            game.dispatcher(),
            confirming.clone(),
            message.clone(),
            props.seed,
        );
        Callback::from(move |()| {
            confirming.set(false);
            game.dispatch(Action::Restart {
                seed: seed.unwrap_or_else(random_seed),
                at: now(),
            });
            message.set(Some(Message::Status("A new run has started.".into())));
        })
    };
    let cancel_restart = {
        let confirming = confirming.clone();
        Callback::from(move |()| confirming.set(false))
    };
    let open = |which: Panel| {
        let panel = panel.clone();
        Callback::from(move |()| panel.set(Some(which)))
    };
    let on_toggle = {
        let panel = panel.clone();
        Callback::from(move |which| {
            panel.set(if *panel == Some(which) {
                None
            } else {
                Some(which)
            })
        })
    };

    let view = game.view();
    let can_undo = !game.history.is_empty();
    // Announced after a choice, not on first load: the page itself is the first announcement.
    let announcement = match (&view, game.generation) {
        (Ok(view), 1..) => view
            .paragraphs
            .iter()
            .map(|p| Inline::plain(p))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    let reading = match view {
        Ok(view) => html! {
            <>
                if let Some(error) = &game.error {
                    { failure(&FailureProps { detail: error.clone().into(), can_undo: true,
                        on_undo: { let d = game.dispatcher(); Callback::from(move |()| d.dispatch(Action::Dismiss)) },
                        on_saves: open(Panel::Saves), on_restart: ask_restart.clone() }) }
                }
                { passage(view, &story.progress(&view.chapter), &heading) }
                if !view.choices.is_empty() {
                    { choices(&view.choices, &on_choose) }
                }
                if view.ending.is_some() {
                    { report(&ReportProps { story: story.clone(), state: game.state.clone(), run: game.run.clone(),
                        on_restart: on_restart.clone(), on_gallery: open(Panel::Gallery),
                        share: (*share).clone(),
                        on_copy: { let m = message.clone(); Callback::from(move |url: AttrValue| share::copy(url.to_string(), m.clone())) } }) }
                }
            </>
        },
        Err(PlayError::Pending(_)) => pending(&props.prose, &props.on_retry),
        Err(error) => html! {
            { failure(&FailureProps { detail: error.to_string().into(), can_undo, on_undo: on_undo.clone(),
                on_saves: open(Panel::Saves), on_restart: ask_restart.clone() }) }
        },
    };
    let default_name = view
        .as_ref()
        .map(|v| v.chapter_title.clone())
        .unwrap_or_default();
    html! {
        <div class="player">
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="passage">{ announcement }</div>
            { toolbar(story.title(), *panel, &on_toggle) }
            if let Some(problem) = &*problem {
                <div class="banner" role="alert">
                    <strong>{ "Your progress is not being saved. " }</strong>
                    { format!("{}. The game goes on; export a save to a file to keep it.", capitalized(&problem.to_string())) }
                    <button onclick={ctx.export().reform(|_: MouseEvent| ())}>{ "Export a save" }</button>
                </div>
            }
            { messages(message.as_ref(), &{ let m = message.clone(); Callback::from(move |()| m.set(None)) }) }
            <div class={classes!("layout", panel.is_some().then_some("with-sheet"))}>
                <main class="reading">
                    { author_mode(&game, &story, author) }
                    { reading }
                    <footer class="controls">
                        <button onclick={on_undo.reform(|_: MouseEvent| ())} disabled={!can_undo} aria-keyshortcuts="Backspace Z">
                            <span aria-hidden="true">{ "↶ " }</span>{ "Undo" }
                        </button>
                        <button onclick={ask_restart.reform(|_: MouseEvent| ())}>{ "Restart" }</button>
                    </footer>
                </main>
                if let Some(which) = *panel {
                    <Sheet which={which} story={story.clone()} game_state={game.state.clone()} run={game.run.clone()}
                        slots={(*slots).clone()} gallery={(*gallery).clone()} settings={props.settings.clone()}
                        on_settings={props.on_settings.clone()} {default_name}
                        on_close={ let p = panel.clone(); Callback::from(move |()| p.set(None)) }
                        on_save={ctx.save()} on_load={ctx.load()} on_delete={ctx.delete()}
                        on_export={ctx.export()} on_import={ctx.import()} on_transcript={ctx.export_transcript()} {persistence} />
                }
            </div>
            if *confirming {
                <Confirm title="Restart from the beginning?"
                    detail="This run ends here and a new one starts. Your manual saves and your gallery are kept; the autosave will follow the new run."
                    confirm="Restart" on_confirm={on_restart} on_cancel={cancel_restart} />
            }
        </div>
    }
}

/// The author tools over the game, on the author page; nothing on the player's.
#[cfg(feature = "author")]
fn author_mode(
    game: &UseReducerHandle<Game>,
    story: &Shared<Story>,
    edge: crate::effects::author::AuthorEdge,
) -> Html {
    html! {
        <crate::author::AuthorMode story={story.clone()} state={game.state.clone()} game={game.dispatcher()}
            shown={edge.shown} on_show={edge.on_show} load={edge.load} on_files={edge.on_files} />
    }
}

/// The author tools over the game, on the author page; nothing on the player's.
#[cfg(not(feature = "author"))]
fn author_mode(_: &UseReducerHandle<Game>, _: &Shared<Story>, _: ()) -> Html {
    Html::default()
}

/// The address that replays `game`'s run on this page, or why it cannot be shared. Only
/// ended runs are shared, so the link is computed once, when the ending is reached.
fn shared_run(game: &Game) -> Result<AttrValue, AttrValue> {
    if !matches!(game.view(), Ok(view) if view.ending.is_some()) {
        return Err(AttrValue::Static(""));
    }
    match game.run.replay(&game.state).link(&game.story, &game.state) {
        Ok(link) => Ok(share::replay_url(&link).into()),
        Err(_) => Err(AttrValue::Static(
            "This run cannot be shared as a link: its choices do not replay to this ending (it was carried over from another version of the story, or changed with the author tools).",
        )),
    }
}

/// A fresh seed from the browser's random source.
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}

/// `text` with its first letter upper-cased (engine messages are lowercase, like rustc's, and
/// start with an ASCII word). ASCII only: `char::to_uppercase` would put Unicode's case tables
/// (≈ 10 KB) into the page for this one letter.
pub(crate) fn capitalized(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// The current game as a save record named `name`.
pub fn record(game: &Game, name: &str) -> Record {
    Record::of(game, name, js_sys::Date::now())
}

#[cfg(test)]
mod tests {
    use super::capitalized;

    #[test]
    fn capitalized_upper_cases_an_ascii_first_letter() {
        assert_eq!(capitalized("storage is full"), "Storage is full");
        assert_eq!(capitalized("Already"), "Already");
        assert_eq!(capitalized(""), "");
        // Not ASCII: left as it is (engine and storage messages start with an ASCII word).
        assert_eq!(capitalized("état"), "état");
    }
}
