//! Browser tests of everything the player keeps: the autosave across a reload, manual slots,
//! importing a file (a corrupt one changes nothing), storage that throws on write, settings,
//! and the browser's own `localStorage`. Run with `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::rc::Rc;

use mss::{
    saves::Record,
    storage::{BrowserStore, MemoryStore, Store, StoreError},
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_support::{start, step, stored, story, Page};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_autosave_is_restored_when_the_page_comes_back() {
    let story = story();
    let (state, _) = start(&story);
    let (first, one, _) = step(&story, &state);
    let (second, _, two_view) = step(&story, &one);

    let page = Page::fresh().await;
    page.click(&page.choices()[first]).await;
    page.click(&page.choices()[second]).await;
    let page = page.remount().await;

    assert_eq!(page.passage(), two_view.passage);
    page.open("Log").await;
    assert_eq!(
        page.all(".log > li").len(),
        3,
        "the transcript came back too"
    );
    assert_eq!(page.all(".log .taken").len(), 2);
}

#[wasm_bindgen_test]
async fn a_manual_slot_saves_and_loads() {
    let story = story();
    let (state, _) = start(&story);
    let (first, one, one_view) = step(&story, &state);
    let (second, _, two_view) = step(&story, &one);

    let page = Page::fresh().await;
    page.click(&page.choices()[first]).await;
    page.open("Saves").await;
    let slots = page.all(".saves .slot");
    assert!(
        slots.len() >= 4,
        "the autosave and at least three manual slots"
    );
    page.click(&page.get("[data-slot=slot2] button[aria-label='Save in Slot 2']"))
        .await;
    let meta = page.text("[data-slot=slot2] .slot-meta");
    assert!(
        meta.contains(&one_view.chapter_title),
        "the slot shows the chapter: {meta}"
    );
    assert!(meta.contains("turn 1"), "and the turn: {meta}");

    page.click(&page.choices()[second]).await;
    assert_eq!(page.passage(), two_view.passage);
    page.click(&page.get("[data-slot=slot2] button[aria-label='Load Slot 2']"))
        .await;
    assert_eq!(page.passage(), one_view.passage);
}

/// Picks `text` as a file in the saves panel's file input.
async fn import(page: &Page, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let file = web_sys::File::new_with_str_sequence(&parts, "save.json").expect("a file");
    let transfer = web_sys::DataTransfer::new().expect("a DataTransfer");
    transfer.items().add_with_file(&file).expect("added");
    let input: web_sys::HtmlInputElement = page
        .get(".saves input[type=file]")
        .dyn_into()
        .expect("an input");
    input.set_files(transfer.files().as_ref());
    let change = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .expect("an event");
    input.dispatch_event(&change).expect("dispatched");
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn importing_a_corrupt_file_says_so_and_changes_nothing() {
    let story = story();
    let (state, view) = start(&story);
    let (first, one, one_view) = step(&story, &state);

    let page = Page::fresh().await;
    page.click(&page.choices()[first]).await;
    let exported = stored(&page.store, "auto").expect("autosaved");
    page.click(&page.button(".controls button", "Undo")).await;
    let before = stored(&page.store, "auto");

    page.open("Saves").await;
    import(&page, "{\"format\": 1, \"name\": \"half a save").await;
    page.until("the import to fail", |p| {
        p.text("[role=alert]").contains("Could not import")
    })
    .await;
    assert_eq!(page.passage(), view.passage, "the game is where it was");
    assert_eq!(
        stored(&page.store, "auto"),
        before,
        "the autosave is untouched"
    );

    // The same panel takes a good file.
    import(&page, &exported).await;
    page.until("the import to load", |p| p.passage() == one_view.passage)
        .await;
    let (_, restored) =
        Record::parse(&story, &stored(&page.store, "auto").expect("autosaved")).expect("parses");
    assert_eq!(restored, one);
}

#[wasm_bindgen_test]
async fn storage_that_throws_on_write_shows_a_banner_and_keeps_the_last_good_save() {
    let story = story();
    let (state, _) = start(&story);
    let (first, one, one_view) = step(&story, &state);
    let (second, two, two_view) = step(&story, &one);
    let (third, _, _) = step(&story, &two);

    let page = Page::fresh().await;
    page.click(&page.choices()[first]).await;
    assert!(page.find(".banner").is_none());
    page.store.fail_writes(Some(StoreError::Full));
    page.click(&page.choices()[second]).await;

    assert_eq!(page.passage(), two_view.passage, "the game goes on");
    assert!(
        page.text(".banner").contains("full"),
        "the banner says why: {}",
        page.text(".banner")
    );
    let (record, _) =
        Record::parse(&story, &stored(&page.store, "auto").expect("kept")).expect("parses");
    assert_eq!(
        record.passage, one_view.passage,
        "the last good autosave survives"
    );

    page.store.fail_writes(None);
    page.click(&page.choices()[third]).await;
    assert!(
        page.find(".banner").is_none(),
        "the banner goes once saving works again"
    );
}

#[wasm_bindgen_test]
async fn settings_are_applied_and_kept() {
    let page = Page::fresh().await;
    let app = || page.get(".app");
    assert_eq!(app().get_attribute("data-theme").as_deref(), Some("system"));
    page.open("Settings").await;
    page.click(&page.button(".settings label", "Dark")).await;
    page.click(&page.button(".settings label", "130")).await;
    page.click(&page.button(".settings label", "Dyslexia"))
        .await;
    page.click(&page.button(".settings label", "Reduce motion"))
        .await;
    assert_eq!(app().get_attribute("data-theme").as_deref(), Some("dark"));

    let page = page.remount().await;
    let app = page.get(".app");
    assert_eq!(app.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(app.get_attribute("data-size").as_deref(), Some("130"));
    assert_eq!(app.get_attribute("data-font").as_deref(), Some("dyslexic"));
    assert_eq!(app.get_attribute("data-motion").as_deref(), Some("reduce"));
}

#[wasm_bindgen_test]
async fn the_browser_store_keeps_values_under_namespaced_keys() {
    let store = BrowserStore::open();
    assert_eq!(store.problem(), None, "headless Chromium has localStorage");
    let key = mss::storage::key(story().id(), "test-probe");
    mss::storage::write_safely(&store, &key, "kept").expect("written");
    let local = gloo::utils::window().local_storage().unwrap().unwrap();
    assert_eq!(local.get_item(&key).unwrap().as_deref(), Some("kept"));
    assert_eq!(
        local.get_item(&format!("{key}~new")).unwrap(),
        None,
        "no staging copy left"
    );
    store.remove(&key).expect("removed");
    let _ = Rc::new(MemoryStore::new());
}
