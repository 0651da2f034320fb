//! Browser tests of everything the player keeps: the autosave across a reload, manual slots,
//! importing a file, storage that throws on write, a `localStorage` filled to its quota,
//! settings, and the browser's own `localStorage`; and one table of hostile saves (truncated,
//! not JSON, wrong types, another story, future formats, an edited story, out-of-range numbers,
//! megabytes), each put in a slot and imported as a file: it loads or is refused with a
//! message, and the game and the last good save are untouched. Run with
//! `wasm-pack test --headless --chrome`.
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

/// Fills the browser's `localStorage` with other data until not one more character fits;
/// returns the filler's keys.
fn fill_local_storage() -> Vec<String> {
    let local = gloo::utils::window().local_storage().unwrap().unwrap();
    let mut keys = Vec::new();
    let mut chunk = 1 << 20;
    while chunk > 0 {
        let key = format!("filler/{}", keys.len());
        match local.set_item(&key, &"x".repeat(chunk)) {
            Ok(()) => keys.push(key),
            Err(_) => chunk /= 2,
        }
    }
    assert!(
        local.set_item("filler/one-more", "x").is_err(),
        "localStorage is full"
    );
    keys
}

fn free_local_storage(filler: &[String]) {
    let local = gloo::utils::window().local_storage().unwrap().unwrap();
    for key in filler {
        local.remove_item(key).unwrap();
    }
}

/// The autosave in the browser's `localStorage`, parsed.
fn browser_autosave(story: &story_engine::Story) -> Option<Record> {
    let store = BrowserStore::open();
    mss::saves::read(&store, story, "auto").map(|r| r.expect("readable").0)
}

#[wasm_bindgen_test]
async fn a_full_local_storage_keeps_the_game_going_and_the_last_save_and_recovers() {
    let story = story();
    let (state, _) = start(&story);
    let (first, one, one_view) = step(&story, &state);
    let (second, two, two_view) = step(&story, &one);
    let (third, three, three_view) = step(&story, &two);
    let (fourth, _, four_view) = step(&story, &three);
    let local = gloo::utils::window().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    let page = Page::on_local_storage().await;
    page.click(&page.choices()[first]).await;
    let good = browser_autosave(&story).expect("autosaved");
    assert_eq!(good.passage, one_view.passage);

    let filler = fill_local_storage();
    page.click(&page.choices()[second]).await;
    assert_eq!(page.passage(), two_view.passage, "the game goes on");
    assert!(
        page.text(".banner").contains("full"),
        "{}",
        page.text(".banner")
    );
    assert_eq!(
        browser_autosave(&story),
        Some(good.clone()),
        "the last save is kept"
    );
    page.open("Saves").await;
    page.click(&page.get("[data-slot=slot1] button[aria-label='Save in Slot 1']"))
        .await;
    assert!(
        page.text(".messages .alert")
            .contains("Could not save in Slot 1"),
        "{}",
        page.text(".messages .alert")
    );
    assert!(page.exists("[data-slot=slot1] .slot-empty"));

    // A reload while full: the page opens, says so, and plays on the last good save.
    drop(page);
    let page = Page::on_local_storage().await;
    assert_eq!(page.passage(), one_view.passage, "the last good save");
    assert!(
        page.text(".banner").contains("full"),
        "{}",
        page.text(".banner")
    );
    page.click(&page.choices()[second]).await;
    page.click(&page.choices()[third]).await;
    assert_eq!(page.passage(), three_view.passage);
    assert_eq!(browser_autosave(&story), Some(good));

    free_local_storage(&filler);
    page.click(&page.choices()[fourth]).await;
    assert!(
        page.find(".banner").is_none(),
        "the banner goes once space frees"
    );
    assert_eq!(
        browser_autosave(&story).map(|r| r.passage),
        Some(four_view.passage)
    );
    local.clear().unwrap();
}

/// What a hostile save should come to.
enum Outcome {
    /// It loads, at this passage.
    Loads(String),
    /// It is refused with a message containing this.
    Refused(&'static str),
}

/// Every hostile save, made from `good` (a record at passage `at`), and what it comes to.
fn hostile_saves(good: &str, at: &str) -> Vec<(&'static str, String, Outcome)> {
    use Outcome::{Loads, Refused};
    let json: serde_json::Value = serde_json::from_str(good).expect("a record is JSON");
    let edit = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut json = json.clone();
        change(&mut json);
        json.to_string()
    };
    let state =
        |json: &mut serde_json::Value| -> serde_json::Value { json["save"]["state"].take() };
    let with_state = |change: &dyn Fn(&mut serde_json::Value)| {
        edit(&|json| {
            let mut s = state(json);
            change(&mut s);
            json["save"]["state"] = s;
        })
    };
    let loads = || Loads(at.to_owned());
    vec![
        (
            "truncated",
            good[..good.len() / 2].to_owned(),
            Refused("not valid JSON"),
        ),
        (
            "not JSON",
            "Saved game, turn 3".into(),
            Refused("not valid JSON"),
        ),
        ("empty", String::new(), Refused("not valid JSON")),
        (
            "a JSON list",
            "[1, 2, 3]".into(),
            Refused("not a save file"),
        ),
        (
            "the wrong type in the record",
            edit(&|j| j["turn"] = "three".into()),
            Refused("damaged"),
        ),
        (
            "the wrong type in the state",
            with_state(&|s| s["turn"] = "three".into()),
            Refused("not a readable save"),
        ),
        (
            "another story",
            edit(&|j| j["save"]["story"] = "other".into()),
            Refused("belongs to story `other`"),
        ),
        (
            "a future record format",
            edit(&|j| j["format"] = 2.into()),
            Refused("format 2"),
        ),
        (
            "a future save format",
            edit(&|j| j["save"]["format"] = 7.into()),
            Refused("format 7"),
        ),
        (
            "its passage removed or renamed (no `renames` entry)",
            with_state(&|s| s["passage"] = "joining.not_any_more".into()),
            Refused("no longer has"),
        ),
        (
            "a variable the story dropped",
            with_state(&|s| s["vars"]["ghost"] = 3.into()),
            loads(),
        ),
        (
            "a variable the story added",
            with_state(&|s| {
                let vars = s["vars"].as_object_mut().expect("vars");
                let first = vars.keys().next().cloned().expect("a variable");
                vars.remove(&first);
            }),
            loads(),
        ),
        (
            "a variable of the wrong type",
            with_state(&|s| {
                for value in s["vars"].as_object_mut().expect("vars").values_mut() {
                    *value = serde_json::json!({"nested": [value.clone()]});
                }
            }),
            loads(),
        ),
        (
            "out-of-range stats",
            with_state(&|s| {
                for value in s["vars"].as_object_mut().expect("vars").values_mut() {
                    if value.is_i64() {
                        *value = i64::MAX.into();
                    }
                }
            }),
            loads(),
        ),
        (
            "a turn past u32",
            with_state(&|s| s["turn"] = (1u64 << 40).into()),
            Refused("not a readable save"),
        ),
        (
            "a fractional turn",
            with_state(&|s| s["turn"] = 2.5.into()),
            Refused("not a readable save"),
        ),
        (
            "a negative visit count",
            with_state(&|s| s["visits"][at] = (-1).into()),
            Refused("not a readable save"),
        ),
        (
            "a number too large for any type",
            good.replacen("\"turn\":", "\"turn\":1e400,\"was\":", 1),
            Refused("number out of range"),
        ),
        (
            "a multi-megabyte name",
            edit(&|j| j["name"] = "x".repeat(5 << 20).into()),
            Refused("too large"),
        ),
        (
            "a multi-megabyte state",
            with_state(&|s| s["vars"]["ghost"] = "x".repeat(2 << 20).into()),
            Refused("too large"),
        ),
    ]
}

#[wasm_bindgen_test]
async fn hostile_saves_in_a_slot_or_a_file_load_or_are_refused_and_change_nothing() {
    let story = story();
    let (state, _) = start(&story);
    let (first, one, one_view) = step(&story, &state);
    let (second, _, two_view) = step(&story, &one);
    let good = {
        let page = Page::fresh().await;
        page.click(&page.choices()[first]).await;
        stored(&page.store, "auto").expect("autosaved")
    };
    let slot2 = mss::saves::slot_key(&story, "slot2");
    for (what, text, outcome) in hostile_saves(&good, &one_view.passage) {
        for imported in [false, true] {
            let how = if imported { "imported" } else { "in a slot" };
            let store = Rc::new(MemoryStore::new());
            store.set(&slot2, &text).expect("stored");
            let page = Page::mount(store).await;
            page.click(&page.choices()[first]).await;
            page.click(&page.choices()[second]).await;
            assert_eq!(page.passage(), two_view.passage);
            let last_good = stored(&page.store, "auto");
            page.open("Saves").await;
            match (&outcome, imported) {
                (Outcome::Loads(at), false) => {
                    page.click(&page.get("[data-slot=slot2] button[aria-label='Load Slot 2']"))
                        .await;
                    assert_eq!(&page.passage(), at, "{what} {how}: loads");
                }
                (Outcome::Loads(at), true) => {
                    import(&page, &text).await;
                    page.until(what, |p| &p.passage() == at).await;
                }
                (Outcome::Refused(says), false) => {
                    let why = page.text("[data-slot=slot2] .slot-bad");
                    assert!(
                        why.contains(says),
                        "{what} {how}: {why:?} should say {says:?}"
                    );
                    let load = page.get("[data-slot=slot2] button[aria-label='Load Slot 2']");
                    assert!(
                        load.has_attribute("disabled"),
                        "{what} {how}: cannot be loaded"
                    );
                }
                (Outcome::Refused(says), true) => {
                    import(&page, &text).await;
                    page.until(what, |p| {
                        p.text(".messages .alert").contains("Could not import")
                    })
                    .await;
                    let why = page.text(".messages .alert");
                    assert!(
                        why.contains(says),
                        "{what} {how}: {why:?} should say {says:?}"
                    );
                }
            }
            if let Outcome::Refused(_) = outcome {
                assert_eq!(
                    page.passage(),
                    two_view.passage,
                    "{what} {how}: the game is untouched"
                );
                assert_eq!(
                    stored(&page.store, "auto"),
                    last_good,
                    "{what} {how}: the autosave too"
                );
                assert_eq!(
                    stored(&page.store, "slot2").as_ref(),
                    Some(&text),
                    "{what} {how}"
                );
            }
        }
    }
}
