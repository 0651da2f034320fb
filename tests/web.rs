//! Browser tests of play: mount the app in real Chromium, choose by click and by key, undo,
//! restart, reach an ending — and compare what the page shows with what the engine says.
//! Run with `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::rc::Rc;

use mss::{
    components::markup::plain_text,
    game::Game,
    saves::{self, Record},
    storage::MemoryStore,
};
use story_engine::{random_walk, WalkEnd};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_support::{press, start, step, story, Page};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn clicking_a_choice_shows_the_passage_the_engine_leads_to() {
    let story = story();
    let (state, view) = start(&story);
    let (index, _, expected) = step(&story, &state);

    let page = Page::fresh().await;
    assert_eq!(page.passage(), view.passage);
    assert_eq!(page.choices().len(), view.choices.len());
    page.click(&page.choices()[index]).await;

    assert_eq!(page.passage(), expected.passage);
    assert_eq!(
        page.text("article.passage > p"),
        plain_text(&expected.paragraphs[0])
    );
}

#[wasm_bindgen_test]
async fn a_number_key_chooses_moves_focus_and_announces_the_passage() {
    let story = story();
    let (state, _) = start(&story);
    let (index, _, expected) = step(&story, &state);

    let page = Page::fresh().await;
    let live = page.get("[aria-live=polite]");
    assert_eq!(
        live.text_content().unwrap_or_default(),
        "",
        "nothing is announced on first load"
    );
    let focused = gloo::utils::document()
        .active_element()
        .map(|e| e.tag_name());
    assert_ne!(
        focused.as_deref(),
        Some("H2"),
        "first load leaves focus alone"
    );
    press(&(index + 1).to_string()).await;

    assert_eq!(page.passage(), expected.passage);
    let focused = gloo::utils::document()
        .active_element()
        .expect("something has focus");
    assert_eq!(
        focused.class_name(),
        "chapter",
        "focus is on the passage heading"
    );
    assert!(live
        .text_content()
        .unwrap_or_default()
        .contains(&plain_text(&expected.paragraphs[0])));
}

#[wasm_bindgen_test]
async fn a_number_key_past_the_last_choice_does_nothing() {
    // The first passage with fewer than nine choices on the way of first enabled choices: a
    // passage with nine or more has no digit key past its last choice.
    let story = story();
    let (mut state, mut view) = start(&story);
    let mut picks = Vec::new();
    while view.choices.len() >= 9 {
        assert!(
            view.ending.is_none() && picks.len() < 50,
            "no passage with fewer than nine choices in {} steps from the start",
            picks.len()
        );
        let (index, next, next_view) = step(&story, &state);
        picks.push(index);
        (state, view) = (next, next_view);
    }

    let page = Page::fresh().await;
    for index in picks {
        press(&(index + 1).to_string()).await;
    }
    assert_eq!(page.passage(), view.passage);
    let turn = || page.get("article.passage").get_attribute("data-turn");
    let before = turn();
    press(&(view.choices.len() + 1).to_string()).await;
    assert_eq!(page.passage(), view.passage, "the passage stays");
    assert_eq!(turn(), before, "no choice was taken");
}

#[wasm_bindgen_test]
async fn undo_walks_back_by_button_backspace_and_z() {
    let story = story();
    let (state, view) = start(&story);
    let (first, one, one_view) = step(&story, &state);
    let (second, _, two_view) = step(&story, &one);

    let page = Page::fresh().await;
    let undo = page.button(".controls button", "Undo");
    assert!(undo.has_attribute("disabled"), "nothing to undo yet");
    page.click(&page.choices()[first]).await;
    page.click(&page.choices()[second]).await;
    assert_eq!(page.passage(), two_view.passage);
    page.click(&page.button(".controls button", "Undo")).await;
    assert_eq!(page.passage(), one_view.passage);
    // The browser's own Backspace (history back, in some browsers) must not also happen: the
    // listener is not passive, so its `preventDefault` counts (issue 13).
    assert!(press("Backspace").await, "Backspace's default is prevented");
    assert_eq!(page.passage(), view.passage);
    press("z").await;
    assert_eq!(
        page.passage(),
        view.passage,
        "undo at the start does nothing"
    );
    assert!(page
        .button(".controls button", "Undo")
        .has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn restart_asks_in_a_dialog_first() {
    let story = story();
    let (state, view) = start(&story);
    let (index, _, moved) = step(&story, &state);

    let page = Page::fresh().await;
    page.click(&page.choices()[index]).await;
    page.click(&page.button(".controls button", "Restart"))
        .await;
    let dialog = page.get("dialog.confirm");
    assert!(dialog.has_attribute("open"), "the dialog is shown");
    page.click(&page.button("dialog.confirm button", "Keep playing"))
        .await;
    assert!(page.find("dialog.confirm").is_none());
    assert_eq!(page.passage(), moved.passage, "cancelling keeps the run");

    page.click(&page.button(".controls button", "Restart"))
        .await;
    page.click(&page.button("dialog.confirm button", "Restart"))
        .await;
    assert_eq!(page.passage(), view.passage);
    assert!(page
        .button(".controls button", "Undo")
        .has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn an_ending_shows_the_epilogue_the_career_report_and_the_gallery() {
    let story = Rc::new(story());
    // A seeded random walk finds an ending; the page continues from a save made there.
    let (walk, ending) = (0..200)
        .find_map(|seed| {
            let walk = random_walk(&story, seed, 400);
            match &walk.end {
                WalkEnd::Ending(id) => Some((walk.clone(), id.clone())),
                _ => None,
            }
        })
        .expect("some walk reaches an ending");
    let state = walk.state.expect("the walk's last state");
    let view = story_engine::view(&story, &state).expect("a view");
    let game = Game::resume(story.clone(), state, None, 0.0);
    let store = Rc::new(MemoryStore::new());
    saves::write(&*store, &story, "auto", &Record::of(&game, "x", 0.0)).expect("written");

    let page = Page::mount(store).await;
    let title = story
        .endings()
        .iter()
        .find(|e| e.id == ending)
        .expect("declared")
        .title
        .clone();
    assert_eq!(page.text(".ending h2"), title);
    assert_eq!(
        page.text(".ending p:not(.ending-kicker)"),
        plain_text(&view.ending.unwrap().epilogue[0])
    );
    assert!(page.find(".report").is_some(), "the career report follows");
    assert!(
        page.exists(".report svg polyline, .report svg circle"),
        "with a chart"
    );
    let counters = page.all(".report .counters dt").len();
    let declared = story
        .variables()
        .iter()
        .filter(|v| v.kind == story_engine::VarKind::Counter && v.label.is_some())
        .count();
    assert_eq!(
        counters,
        declared + 2,
        "every labelled counter, plus turns and time"
    );

    page.click(&page.button(".report button", "Endings")).await;
    let found: Vec<String> = page
        .all(".gallery .card.found strong")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert!(
        found.contains(&title),
        "the ending is in the gallery: {found:?}"
    );
    let locked = page.all(".gallery .card.locked").len();
    assert!(locked > 0, "the others are shown locked");
}
