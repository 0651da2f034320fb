//! Browser test of the failure panel: a story that breaks at run time (a division by zero the
//! loader cannot see) shows what happened and the ways out, never a blank page.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

mod web_support;

use mss::{shared::Shared, storage::MemoryStore, AppProps};
use story_engine::SourceFile;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// `tests/fixtures/breaks`: two passages; entering the second divides by a counter that is zero.
fn breaking_story() -> story_engine::Story {
    // The same files the e2e loads on the author page to show this panel in the built page.
    let manifest = SourceFile {
        path: "story.json".into(),
        text: include_str!("fixtures/breaks/story.json").into(),
    };
    let chapter = SourceFile {
        path: "a.json".into(),
        text: include_str!("fixtures/breaks/a.json").into(),
    };
    let loaded = story_engine::load(&manifest, &[chapter]);
    loaded
        .story
        .unwrap_or_else(|| panic!("the fixture loads: {:?}", loaded.diagnostics))
}

fn button(root: &Element, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").expect("selector");
    (0..buttons.length())
        .filter_map(|i| buttons.get(i)?.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().contains(label))
        .unwrap_or_else(|| panic!("a button labelled {label:?}"))
}

fn failure(root: &Element) -> Option<Element> {
    root.query_selector("[role=alert].failure")
        .expect("selector")
}

#[wasm_bindgen_test]
async fn a_runtime_error_shows_the_failure_panel_with_ways_out() {
    let props = AppProps {
        seed: Some(1),
        story: Some(Shared(Rc::new(breaking_story()))),
        ..AppProps::default()
    };
    let page = web_support::Page::mount_with(Rc::new(MemoryStore::new()), props).await;
    let root = &page.root;
    assert!(failure(root).is_none(), "no failure before the bad choice");

    button(root, "Divide").click();
    yew::scheduler::flush().await;
    let panel = failure(root).expect("the failure panel is shown");
    let text = panel.text_content().unwrap_or_default();
    assert!(
        text.contains("zero"),
        "the panel says what happened: {text}"
    );
    for way_out in ["Back to the last choice", "Load a save", "Restart"] {
        assert!(
            text.contains(way_out),
            "the panel offers {way_out:?}: {text}"
        );
    }
    // The passage the player was on is still there, and still playable.
    let passage = root
        .query_selector("article.passage")
        .expect("selector")
        .expect("a passage");
    assert_eq!(
        passage.get_attribute("data-passage").as_deref(),
        Some("a.calm")
    );

    button(root, "Back to the last choice").click();
    yew::scheduler::flush().await;
    assert!(failure(root).is_none(), "going back clears the failure");
    button(root, "Stay").click();
    yew::scheduler::flush().await;
    assert!(failure(root).is_none(), "play goes on after a failure");
}
