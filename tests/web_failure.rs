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

/// A story whose passages `a` and `b` move on by themselves while the flag `on` holds, which it
/// always does: the loader cannot prove the loop (it depends on a value), the engine's step
/// budget stops it. With `at_start`, the start passage loops before the first screen.
fn looping_story(at_start: bool) -> story_engine::Story {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: format!(
            r#"{{"format": 1, "id": "loops", "title": "Loops", "version": "1",
            "start": "a.{}", "chapters": ["a.json"],
            "endings": {{"out": {{"title": "Out"}}}},
            "variables": {{"on": {{"kind": "flag", "start": true}}}}}}"#,
            if at_start { "a" } else { "calm" }
        ),
    };
    let chapter = SourceFile {
        path: "a.json".into(),
        text: r#"{"id": "a", "title": "A", "passages": {
            "calm": {"text": "All is well.", "choices": [{"text": "Loop", "goto": "a"}]},
            "a": {"text": "a", "choices": [{"fallback": true, "goto": "b", "if": "on"},
                {"text": "Off", "goto": "out", "if": "!on"}]},
            "b": {"text": "b", "choices": [{"fallback": true, "goto": "a", "if": "on"},
                {"text": "Off", "goto": "out", "if": "!on"}]},
            "out": {"text": "Out.", "ending": "out"}}}"#
            .into(),
    };
    let loaded = story_engine::load(&manifest, &[chapter]);
    loaded
        .story
        .unwrap_or_else(|| panic!("the fixture loads: {:?}", loaded.diagnostics))
}

/// Waits, yielding to the browser between looks, until `css` matches under `root`; fails once a
/// second has passed since `since` (`performance.now()`).
///
/// Why a deadline in a test that is not a benchmark: the claim is "the tab does not freeze",
/// and a frozen tab is one that never answers, so some bound must be set. One second is about a
/// hundred times what the engine's step budget (1,000 automatic moves) takes here, and a tab
/// that hangs would miss it by forever, not by a few milliseconds: the bound cannot flake on a
/// busy machine and does not measure speed (BENCHMARKS.md does that).
async fn within_a_second(root: &Element, css: &str, since: f64) -> f64 {
    let performance = gloo::utils::window().performance().expect("performance");
    loop {
        yew::scheduler::flush().await;
        let elapsed = performance.now() - since;
        if root.query_selector(css).expect("selector").is_some() {
            return elapsed;
        }
        assert!(
            elapsed < 1_000.0,
            "`{css}` not shown after {elapsed} ms: the tab froze"
        );
        web_support::next_task().await;
    }
}

#[wasm_bindgen_test]
async fn a_story_that_loops_forever_shows_the_failure_panel_within_a_second() {
    let performance = gloo::utils::window().performance().expect("performance");
    // While playing: the panel, with the budget named, and the game still there.
    let props = AppProps {
        seed: Some(1),
        story: Some(Shared(Rc::new(looping_story(false)))),
        ..AppProps::default()
    };
    let page = web_support::Page::mount_with(Rc::new(MemoryStore::new()), props).await;
    let since = performance.now();
    button(&page.root, "Loop").click();
    within_a_second(&page.root, "[role=alert].failure", since).await;
    let text = failure(&page.root)
        .and_then(|panel| panel.text_content())
        .unwrap_or_default();
    assert!(
        text.contains("a.a") || text.contains("a.b"),
        "names the loop: {text}"
    );
    assert_eq!(page.passage(), "a.calm", "the last screen stays");
    drop(page);

    // At the very start: the story cannot start, and the page says so instead of hanging.
    let since = performance.now();
    let props = AppProps {
        seed: Some(1),
        story: Some(Shared(Rc::new(looping_story(true)))),
        ..AppProps::default()
    };
    let page = web_support::Page::mount_with(Rc::new(MemoryStore::new()), props).await;
    within_a_second(&page.root, ".problems", since).await;
    assert!(
        page.text(".problems").contains("cannot start"),
        "{}",
        page.text(".problems")
    );
}

#[wasm_bindgen_test]
fn a_thrown_value_is_described_by_its_message() {
    use mss::storage::describe;
    use wasm_bindgen::JsValue;
    let describe = |e: &JsValue| describe(e, "an unknown error");
    assert_eq!(
        describe(&js_sys::Error::new("disk on fire").into()),
        "disk on fire"
    );
    let dom = web_sys::DomException::new_with_message("quota gone").expect("a DOMException");
    assert_eq!(describe(&dom.into()), "quota gone");
    assert_eq!(describe(&JsValue::from_str("just text")), "just text");
    assert_eq!(describe(&JsValue::from(42)), "an unknown error");
}
