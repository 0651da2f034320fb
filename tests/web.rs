//! Browser tests of the app: mount it in real Chromium, click, and compare with what the engine
//! says natively. Run with `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use mss::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: u64 = 7;

/// Mounts a fresh app in its own element and returns that element.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    gloo::utils::body().append_child(&root).expect("appended");
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { seed: Some(SEED) }).render();
    yew::scheduler::flush().await;
    root
}

fn passage_id(root: &Element) -> String {
    root.query_selector("article.passage")
        .expect("valid selector")
        .expect("a passage is shown")
        .get_attribute("data-passage")
        .expect("the passage carries its id")
}

fn first_paragraph(root: &Element) -> String {
    root.query_selector("article.passage > p:not(.chapter)")
        .expect("valid selector")
        .expect("the passage has text")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn clicking_a_choice_shows_the_passage_the_engine_leads_to() {
    let story = mss::story_data::load()
        .story
        .expect("the shipped story loads");
    let start = story_engine::start(&story, SEED).expect("the story starts");
    let (index, _) = story_engine::view(&story, &start)
        .expect("a view")
        .choices
        .iter()
        .enumerate()
        .find(|(_, choice)| choice.enabled)
        .map(|(index, choice)| (index, choice.clone()))
        .expect("the first passage has an enabled choice");
    let next = story_engine::choose(&story, &start, index).expect("the choice is taken");
    let expected = story_engine::view(&story, &next).expect("a view");

    let root = mount().await;
    assert_eq!(passage_id(&root), start.passage().to_string());
    let buttons = root
        .query_selector_all("nav[aria-label=Choices] button")
        .expect("selector");
    let button: HtmlElement = buttons
        .get(index as u32)
        .expect("the button")
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;

    assert_eq!(passage_id(&root), expected.passage);
    assert_eq!(
        first_paragraph(&root),
        mss::components::markup::plain_text(&expected.paragraphs[0])
    );
}
