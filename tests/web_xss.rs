//! Browser test of story text as data: the XSS corpus (`tests/fixtures/xss/payloads.json`) in
//! every place a story puts text — titles, passage text, choices, a locked reason, `{s}`
//! interpolation, stat and counter labels and words, a save's name, the ending's epilogue,
//! achievements — runs nothing, injects no element and shows literally, on every screen.
//! Author mode's load from disk is tested with the same corpus in `web_author.rs`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

mod web_support;

use mss::{shared::Shared, storage::MemoryStore, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_support::{xss, Page};

wasm_bindgen_test_configure!(run_in_browser);

/// What one screen looked like.
struct Screen {
    name: &'static str,
    shape: Vec<String>,
    text: String,
    injected: Vec<String>,
}

fn snap(page: &Page, name: &'static str) -> Screen {
    Screen {
        name,
        shape: xss::shape(&page.root),
        text: page.root.text_content().unwrap_or_default(),
        injected: xss::injected(&page.root),
    }
}

/// Plays the story built from `texts` through every screen that shows story text, saving and
/// loading a slot named after all of them on the way.
async fn tour(texts: &[String], wait: i32) -> Vec<Screen> {
    let props = AppProps {
        story: Some(Shared(Rc::new(xss::loaded(texts)))),
        ..AppProps::default()
    };
    let page = Page::mount_with(Rc::new(MemoryStore::new()), props).await;
    let mut screens = vec![snap(&page, "start")];
    page.open("Stats").await;
    screens.push(snap(&page, "stats"));

    page.open("Saves").await;
    let name: web_sys::HtmlInputElement = page
        .get(".saves input[type=text]")
        .dyn_into()
        .expect("the name field");
    name.set_value(&texts.join(" "));
    let input = web_sys::Event::new("input").expect("an event");
    name.dispatch_event(&input).expect("dispatched");
    yew::scheduler::flush().await;
    page.click(&page.get("[data-slot=slot1] button[aria-label='Save in Slot 1']"))
        .await;
    screens.push(snap(&page, "saved"));
    page.click(&page.get("[data-slot=slot1] button[aria-label='Load Slot 1']"))
        .await;
    screens.push(snap(&page, "loaded"));

    page.click(&page.choices()[0]).await;
    screens.push(snap(&page, "ending"));
    for panel in ["Gallery", "Log", "Stats"] {
        page.open(panel).await;
        screens.push(snap(&page, "ending panels"));
    }
    xss::settle(wait).await;
    screens
}

#[wasm_bindgen_test]
async fn story_text_is_shown_literally_and_never_runs() {
    // The control first: the payloads parsed as HTML do run (so the checks below can fail),
    // and how long they take bounds how long the page must stay clean afterwards.
    let (dead, took) = xss::control().await;
    assert_eq!(
        dead,
        Vec::<String>::new(),
        "every live payload runs as HTML"
    );
    assert_eq!(
        xss::markers(),
        Vec::<String>::new(),
        "the control cleaned up"
    );

    let hostile = tour(&xss::texts(true), 2 * took + 200).await;
    assert_eq!(xss::markers(), Vec::<String>::new(), "no payload ran");
    let twin = tour(&xss::texts(false), 0).await;
    for (screen, plain) in hostile.iter().zip(&twin) {
        let name = screen.name;
        assert_eq!(
            screen.injected,
            Vec::<String>::new(),
            "{name}: nothing injected"
        );
        assert_eq!(
            screen.shape, plain.shape,
            "{name}: the same elements as with harmless text"
        );
    }
    // Every payload is on screen as the text it is, in each place it was put.
    let shows = |name: &str, text: &str| {
        let screen = hostile.iter().find(|s| s.name == name).expect("a screen");
        screen.text.contains(text)
    };
    for payload in xss::corpus() {
        for screen in ["start", "stats", "saved", "ending", "ending panels"] {
            assert!(
                shows(screen, &payload.text),
                "{screen} shows the {} payload literally",
                payload.name
            );
        }
    }
    assert!(shows("loaded", "Loaded “<script>"), "the save's name too");
}
