//! Browser tests of the story loaded by act: the page embeds the core, paints the first act,
//! and attaches the rest of the prose when its loader delivers. A passage whose prose has not
//! arrived shows "loading" in a live region and fills in when it arrives; a failed or foreign
//! chunk shows why and a retry, and the game goes on untouched. A replay watched into a later
//! act waits the same way.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::{cell::RefCell, rc::Rc};

use mss::{
    prose::{Fetched, RestLoader},
    storage::MemoryStore,
    AppProps,
};
use story_engine::State;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_support::{core, first_enabled, story, Page, REST, SEED};

wasm_bindgen_test_configure!(run_in_browser);

/// What a loader answers: the bytes, or why not.
type Answer = Result<Vec<u8>, String>;

/// A loader whose answers the test hands out one at a time: each call waits until the test
/// releases the next answer.
#[derive(Clone, Default)]
struct Gate {
    answers: Rc<RefCell<Vec<Answer>>>,
    calls: Rc<RefCell<u32>>,
}

impl Gate {
    fn loader(&self) -> RestLoader {
        let gate = self.clone();
        RestLoader(Rc::new(move || -> Fetched {
            let gate = gate.clone();
            *gate.calls.borrow_mut() += 1;
            Box::pin(async move {
                loop {
                    if let Some(answer) = gate.answers.borrow_mut().pop() {
                        return answer;
                    }
                    web_support::next_task().await;
                }
            })
        }))
    }

    fn release(&self, answer: Answer) {
        self.answers.borrow_mut().push(answer);
    }
}

/// Mounts the page's own core (no story injected) with `gate` as its loader, and plays the
/// first enabled choices until the engine, on the whole story, reaches a passage the core holds
/// back. Returns the page and the state it shows.
async fn play_into_the_held_prose(gate: &Gate) -> (Page, State) {
    assert!(!REST.is_empty(), "the shipped story has acts, so a rest");
    let whole = story();
    let held = core();
    let props = AppProps {
        rest: Some(gate.loader()),
        ..AppProps::default()
    };
    let page = Page::mount_with(Rc::new(MemoryStore::new()), props).await;
    let mut state = story_engine::start(&whole, SEED).expect("starts");
    for _ in 0..400 {
        if !held.has_prose(state.passage()) {
            return (page, state);
        }
        assert_eq!(
            page.passage(),
            state.passage(),
            "the first act shows at once"
        );
        let view = story_engine::view(&whole, &state).expect("a view");
        let index = first_enabled(&view);
        page.click(&page.choices()[index]).await;
        state = story_engine::choose(&whole, &state, index).expect("the choice is taken");
    }
    panic!("the first enabled choices never left the first act");
}

fn shows_loading(page: &Page) -> bool {
    page.find(".pending[aria-live=polite]")
        .and_then(|e| e.text_content())
        .is_some_and(|t| t.contains("Loading the rest of the story"))
}

/// The passage `state` is at, as the page should show it with the whole story.
async fn shows_the_passage(page: &Page, state: &State) {
    let expected = story_engine::view(&story(), state).expect("a view");
    page.until("the held passage", |p| p.find("article.passage").is_some())
        .await;
    assert_eq!(page.passage(), expected.passage);
    assert!(!page.exists(".pending"), "the loading notice is gone");
    assert_eq!(page.choices().len(), expected.choices.len());
}

#[wasm_bindgen_test]
async fn a_held_passage_waits_for_the_rest_then_fills_in() {
    let gate = Gate::default();
    let (page, state) = play_into_the_held_prose(&gate).await;
    assert!(
        shows_loading(&page),
        "a held passage says the story is loading"
    );
    // A fast reader can get here before the page asked: it asks after its first paint.
    page.until("the request for the rest", |_| calls(&gate) > 0)
        .await;
    gate.release(Ok(REST.to_vec()));
    shows_the_passage(&page, &state).await;
    assert_eq!(calls(&gate), 1, "the rest is fetched once");
}

fn calls(gate: &Gate) -> u32 {
    let calls = *gate.calls.borrow();
    calls
}

#[wasm_bindgen_test]
async fn a_failed_fetch_says_why_and_a_retry_brings_the_passage() {
    let gate = Gate::default();
    gate.release(Err("the network is offline".to_owned()));
    let (page, state) = play_into_the_held_prose(&gate).await;
    page.until("the failure", |p| {
        p.text(".pending").contains("could not be loaded")
    })
    .await;
    assert!(page.text(".pending-why").contains("The network is offline"));
    let saved = web_support::stored(&page.store, "auto").expect("the autosave is kept");
    assert!(
        saved.contains(state.passage()),
        "the game is where the player left it"
    );
    page.click(&page.button(".pending button", "Try again"))
        .await;
    assert!(shows_loading(&page), "retrying says it is loading again");
    gate.release(Ok(REST.to_vec()));
    shows_the_passage(&page, &state).await;
    assert_eq!(calls(&gate), 2);
}

#[wasm_bindgen_test]
async fn a_chunk_from_another_build_is_refused_and_the_game_kept() {
    let gate = Gate::default();
    // The same bytes with another core's fingerprint: a rest from another build.
    let mut foreign = REST.to_vec();
    foreign[10] ^= 1;
    gate.release(Ok(foreign));
    let (page, state) = play_into_the_held_prose(&gate).await;
    page.until("the refusal", |p| {
        p.text(".pending-why").contains("another build")
    })
    .await;
    let saved = web_support::stored(&page.store, "auto").expect("the autosave is kept");
    assert!(saved.contains(state.passage()));
    page.click(&page.button(".pending button", "Try again"))
        .await;
    gate.release(Ok(REST.to_vec()));
    shows_the_passage(&page, &state).await;
}

#[wasm_bindgen_test]
async fn a_replay_into_a_later_act_waits_for_the_rest_then_shows_the_step() {
    // A shared run that ends in a passage the core holds back.
    let (whole, held) = (story(), core());
    let mut state = story_engine::start(&whole, SEED).expect("starts");
    let mut replay = story_engine::Replay {
        seed: SEED,
        choices: Vec::new(),
    };
    while held.has_prose(state.passage()) {
        assert!(
            replay.choices.len() < 400,
            "the run never left the first act"
        );
        let index = first_enabled(&story_engine::view(&whole, &state).expect("a view"));
        replay.choices.push(index);
        state = story_engine::choose(&whole, &state, index).expect("the choice is taken");
    }
    let link = replay.link(&whole, &state).expect("a link");
    let gate = Gate::default();
    let props = AppProps {
        rest: Some(gate.loader()),
        replay: Some(link),
        ..AppProps::default()
    };
    let page = Page::mount_with(Rc::new(MemoryStore::new()), props).await;
    for _ in 0..replay.choices.len() {
        page.click(&page.button(".watch-next", "Next")).await;
    }
    assert!(
        shows_loading(&page),
        "the held step says the story is loading, as in play"
    );
    assert!(!page.exists(".watch .banner[role=alert]"), "not an error");
    page.until("the request for the rest", |_| calls(&gate) > 0)
        .await;
    gate.release(Ok(REST.to_vec()));
    page.until("the held step", |p| p.find("article.passage").is_some())
        .await;
    assert_eq!(page.passage(), state.passage());
    assert!(!page.exists(".pending"), "the loading notice is gone");
}
