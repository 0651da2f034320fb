//! Browser tests of sharing and keeping a run: a replay link is watched without touching the
//! autosave, refused links say why, taking over makes the run the player's (and only then
//! writes the autosave), undo survives a reload, and the saves panel says whether the browser
//! may clear saves. Run with `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::{cell::Cell, rc::Rc};

use mss::{storage::MemoryStore, AppProps};
use story_engine::{Replay, SourceFile, State, Story};
use wasm_bindgen::{closure::Closure, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_support::{first_enabled, next_task, start, step, stored, story, truthy, Page, SEED};

wasm_bindgen_test_configure!(run_in_browser);

/// A run of `steps` first-enabled choices: the link text and the states it passes through.
fn run(story: &Story, steps: usize) -> (String, Vec<State>) {
    let (mut state, _) = start(story);
    let mut states = vec![state.clone()];
    let mut replay = Replay {
        seed: SEED,
        choices: Vec::new(),
    };
    for _ in 0..steps {
        let view = story_engine::view(story, &state).expect("a view");
        let index = first_enabled(&view);
        replay.choices.push(index);
        state = story_engine::choose(story, &state, index).expect("taken");
        states.push(state.clone());
    }
    (replay.link(story, &state).expect("a link"), states)
}

async fn watch(store: Rc<MemoryStore>, link: &str) -> Page {
    let props = AppProps {
        replay: Some(link.to_owned()),
        ..AppProps::default()
    };
    Page::mount_with(store, props).await
}

#[wasm_bindgen_test]
async fn watching_a_replay_steps_through_it_and_never_writes_the_autosave() {
    let story = story();
    let (link, states) = run(&story, 3);
    // The player has a game of their own going.
    let page = Page::fresh().await;
    let (first, _, _) = step(&story, &states[0]);
    page.click(&page.choices()[first]).await;
    let own = stored(&page.store, "auto").expect("an autosave");
    let store = page.store.clone();
    drop(page);

    let page = watch(store, &link).await;
    assert_eq!(
        page.get(".watch").get_attribute("data-steps").as_deref(),
        Some("3")
    );
    assert_eq!(page.passage(), states[0].passage());
    assert!(page.text(".watch-banner").contains("Step 0 of 3"));
    for (k, state) in states.iter().enumerate().skip(1) {
        page.click(&page.button(".watch-next", "Next")).await;
        assert_eq!(page.passage(), state.passage(), "step {k}");
    }
    page.click(&page.button(".watch-back", "Back")).await;
    assert_eq!(page.passage(), states[2].passage());
    assert_eq!(
        page.all(".watched-choice.taken").len(),
        1,
        "the choice taken is marked"
    );
    assert_eq!(
        stored(&page.store, "auto"),
        Some(own),
        "watching wrote nothing"
    );
}

#[wasm_bindgen_test]
async fn taking_over_asks_then_makes_the_run_the_players_own() {
    let story = story();
    let (link, states) = run(&story, 3);
    let page = Page::fresh().await;
    page.click(&page.choices()[0]).await;
    let own = stored(&page.store, "auto").expect("an autosave");
    let store = page.store.clone();
    drop(page);

    let page = watch(store, &link).await;
    page.click(&page.button(".watch-next", "Next")).await;
    page.click(&page.button(".watch-next", "Next")).await;
    page.click(&page.button(".take-over", "Take over")).await;
    assert!(truthy(
        js_sys::Reflect::get(&page.get("dialog.confirm"), &"open".into()).expect("open")
    ));
    page.click(&page.button("dialog.confirm button", "Keep watching"))
        .await;
    assert_eq!(
        stored(&page.store, "auto"),
        Some(own.clone()),
        "cancelled: nothing written"
    );
    page.click(&page.button(".take-over", "Take over")).await;
    page.click(&page.button("dialog.confirm button", "Take over"))
        .await;

    assert!(!page.exists(".watch"), "the replay is over");
    assert_eq!(page.passage(), states[2].passage());
    let saved = stored(&page.store, "auto").expect("an autosave");
    assert_ne!(saved, own, "the autosave follows the run taken over");
    assert!(saved.contains("\"turn\":2"), "{saved}");
    // The replayed steps are the player's to undo.
    page.click(&page.button(".controls button", "Undo")).await;
    assert_eq!(page.passage(), states[1].passage());
    // And the game goes on from here.
    let (index, _, next) = step(&story, &states[1]);
    page.click(&page.choices()[index]).await;
    assert_eq!(page.passage(), next.passage);
}

/// A story with the shipped story's id but another version, so its links name that version.
fn other_version() -> Story {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: r#"{"format": 1, "id": "mss", "title": "Old", "version": "0.0.1-old",
            "start": "a.hello", "chapters": ["a.json"], "endings": {"done": {"title": "Done"}}}"#
            .into(),
    };
    let chapter = SourceFile {
        path: "a.json".into(),
        text: r#"{"id": "a", "title": "A", "passages": {"hello": {"text": "Hi.",
            "choices": [{"text": "Bye", "goto": "bye"}]}, "bye": {"text": "Bye.", "ending": "done"}}}"#
            .into(),
    };
    story_engine::load(&manifest, &[chapter])
        .story
        .expect("loads")
}

#[wasm_bindgen_test]
async fn refused_links_say_why_and_leave_the_game_alone() {
    let old = other_version();
    let end = story_engine::choose(&old, &story_engine::start(&old, 1).expect("starts"), 0)
        .expect("taken");
    let old_link = Replay {
        seed: 1,
        choices: vec![0],
    }
    .link(&old, &end)
    .expect("a link");
    let (good, _) = run(&story(), 2);
    for (link, says) in [
        (old_link.as_str(), "version 0.0.1-old"),
        ("not a link!", "damaged"),
        (&good[..good.len() - 2], "cut short"),
    ] {
        let page = watch(Rc::new(MemoryStore::new()), link).await;
        let why = page.text(".replay-refused .replay-why");
        assert!(why.contains(says), "{link:?}: {why:?} should say {says:?}");
        assert!(!page.exists(".watch"), "nothing is replayed");
        assert_eq!(stored(&page.store, "auto"), None);
        page.click(&page.button(".replay-refused button", "Play my own game"))
            .await;
        assert!(!page.exists(".replay-refused"));
        assert!(!page.choices().is_empty(), "the player's own game is on");
    }
}

#[wasm_bindgen_test]
async fn undo_survives_a_reload() {
    let story = story();
    let (state, _) = start(&story);
    let (a, one, _) = step(&story, &state);
    let (b, two, _) = step(&story, &one);
    let (c, _, _) = step(&story, &two);
    let page = Page::fresh().await;
    for index in [a, b, c] {
        page.click(&page.choices()[index]).await;
    }
    let page = page.remount().await;
    page.click(&page.button(".controls button", "Undo")).await;
    page.click(&page.button(".controls button", "Undo")).await;
    assert_eq!(page.passage(), one.passage());
    // The whole state matches, not just the passage: the autosave after the undo holds it.
    let saved = stored(&page.store, "auto").expect("an autosave");
    let (_, state) = mss::saves::Record::parse(&story, &saved).expect("it reads");
    assert_eq!(state, one);
    assert!(
        !page
            .button(".controls button", "Undo")
            .has_attribute("disabled"),
        "a third step back is still there"
    );
}

#[wasm_bindgen_test]
async fn a_damaged_undo_history_is_dropped_with_a_notice_and_the_save_loads() {
    let story = story();
    let (state, _) = start(&story);
    let (a, one, _) = step(&story, &state);
    let (b, two, _) = step(&story, &one);
    let page = Page::fresh().await;
    page.click(&page.choices()[a]).await;
    page.click(&page.choices()[b]).await;
    let key = mss::saves::slot_key(&story, "auto");
    let text = stored(&page.store, "auto").expect("an autosave");
    let at = text
        .find("\"undo\":[")
        .expect("the autosave keeps undo steps");
    let damaged = format!("{}\"undo\":[{{\"format\":1}}]}}", &text[..at]);
    use mss::storage::Store;
    page.store.set(&key, &damaged).expect("stored");
    let page = page.remount().await;
    assert_eq!(page.passage(), two.passage(), "the save itself loads");
    assert!(
        page.text(".messages")
            .contains("undo history could not be read"),
        "{}",
        page.text(".messages")
    );
    assert!(page
        .button(".controls button", "Undo")
        .has_attribute("disabled"));
}

/// Puts `value` in place of `navigator.storage` until the guard is dropped.
struct FakeStorage;

impl FakeStorage {
    fn install(value: &JsValue) -> FakeStorage {
        let descriptor = js_sys::Object::new();
        js_sys::Reflect::set(&descriptor, &"value".into(), value).expect("set");
        js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).expect("set");
        let navigator = gloo::utils::window().navigator();
        js_sys::Object::define_property(&navigator, &"storage".into(), &descriptor);
        FakeStorage
    }
}

impl Drop for FakeStorage {
    fn drop(&mut self) {
        let navigator = gloo::utils::window().navigator();
        let _ = js_sys::Reflect::delete_property(&navigator, &"storage".into());
    }
}

fn answering(persisted: bool, asked: Rc<Cell<u32>>) -> JsValue {
    let manager = js_sys::Object::new();
    let persisted_fn = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        js_sys::Promise::resolve(&JsValue::from(persisted))
    });
    let persist_fn = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        asked.set(asked.get() + 1);
        js_sys::Promise::resolve(&JsValue::TRUE)
    });
    js_sys::Reflect::set(&manager, &"persisted".into(), &persisted_fn.into_js_value())
        .expect("set");
    js_sys::Reflect::set(&manager, &"persist".into(), &persist_fn.into_js_value()).expect("set");
    manager.into()
}

async fn persistence(page: &Page, name: &str) {
    page.until(&format!("the saves panel to say {name}"), |page| {
        page.find(&format!(".persistence[data-persistence={name}]"))
            .is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_saves_panel_says_whether_saves_may_be_cleared() {
    {
        let _fake = FakeStorage::install(&JsValue::UNDEFINED);
        let page = Page::fresh().await;
        page.open("Saves").await;
        next_task().await;
        persistence(&page, "unknown").await;
        assert!(page.text(".persistence").contains("does not say"));
    }
    let asked = Rc::new(Cell::new(0));
    let _fake = FakeStorage::install(&answering(false, asked.clone()));
    let page = Page::fresh().await;
    page.open("Saves").await;
    persistence(&page, "best-effort").await;
    assert!(page.text(".persistence").contains("may be cleared"));
    assert_eq!(asked.get(), 0, "not asked on first paint");
    page.click(&page.choices()[first_enabled(&start(&story()).1)])
        .await;
    persistence(&page, "persisted").await;
    assert_eq!(asked.get(), 1, "asked once the player made progress");
}
