//! Browser tests of author mode (the author page: feature `author`): mount the app, which then
//! has the author tools, and jump (or play from the start), edit variables, use the story map,
//! and load stories from `File`s built in the test (a broken one must not replace the running
//! story; a reload keeps the player's place).
//! Run with `wasm-pack test --headless --chrome -- --features author --test web_author`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

mod web_support;

use mss::{
    saves,
    storage::{MemoryStore, Store},
    AppProps,
};
use story_engine::Story;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_support::{next_task, xss, SEED};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted in author mode over a memory store (mounting and unmounting are the shared
/// test page's); the methods here speak the author tools' language.
struct Page(web_support::Page);

impl std::ops::Deref for Page {
    type Target = web_support::Page;

    fn deref(&self) -> &web_support::Page {
        &self.0
    }
}

impl Page {
    async fn mount(store: Rc<MemoryStore>) -> Page {
        Page(web_support::Page::mount_with(store, AppProps::default()).await)
    }

    async fn open() -> Page {
        Page::mount(Rc::new(MemoryStore::new())).await
    }

    fn all(&self, css: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(css).unwrap();
        (0..list.length())
            .filter_map(|i| list.get(i)?.dyn_into().ok())
            .collect()
    }

    fn get(&self, css: &str) -> Element {
        self.root
            .query_selector(css)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches `{css}`"))
    }

    fn text(&self, css: &str) -> String {
        self.get(css).text_content().unwrap_or_default()
    }

    fn passage(&self) -> String {
        self.get("article.passage")
            .get_attribute("data-passage")
            .unwrap()
    }

    async fn click(&self, css: &str) {
        self.get(css).unchecked_into::<HtmlElement>().click();
        yew::scheduler::flush().await;
    }

    async fn tab(&self, label: &str) {
        self.click(&format!(".author-tabs button[data-tab='{label}']"))
            .await;
    }

    /// Waits, a browser task at a time, until `done` holds.
    async fn until(&self, what: &str, done: impl Fn(&Page) -> bool) {
        for _ in 0..500 {
            if done(self) {
                return;
            }
            next_task().await;
            yew::scheduler::flush().await;
        }
        panic!("gave up waiting for {what}");
    }

    /// Picks `files` in the loader's file input and waits for the load to finish.
    async fn pick(&self, files: &[(&str, &str)]) {
        let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        self.pick_bytes(&bytes).await;
    }

    /// Picks files given as bytes (not necessarily UTF-8) and waits for the load to finish.
    async fn pick_bytes(&self, files: &[(&str, &[u8])]) {
        self.tab("Load from disk").await;
        let loads = |p: &Page| p.get(".author-outcome").get_attribute("data-loads");
        let before = loads(self);
        let input: HtmlInputElement = self.get("input[data-author=files]").unchecked_into();
        let picked = web_sys::DataTransfer::new().unwrap();
        for (name, bytes) in files {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(*bytes));
            let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
            picked.items().add_with_file(&file).unwrap();
        }
        input.set_files(picked.files().as_ref());
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
        input.dispatch_event(&change).unwrap();
        self.until("the files to be read", |p| loads(p) != before)
            .await;
    }

    /// Sets the field of variable `name` to `text` and presses its Set button.
    async fn set_var(&self, name: &str, text: &str) {
        let form = format!("form[data-var='{name}']");
        let input: HtmlInputElement = self.get(&format!("{form} input")).unchecked_into();
        input.set_value(text);
        self.click(&format!("{form} button")).await;
    }

    /// The state in the autosave, as JSON text.
    fn autosaved(&self, story: &Story) -> String {
        self.store
            .get(&saves::slot_key(story, "auto"))
            .unwrap()
            .unwrap_or_default()
    }
}

fn shipped() -> Story {
    mss::story_data::story().expect("the shipped story decodes")
}

/// A small story `id` in one chapter `a`: passages `keys`, each leading to the next, the last
/// an ending; `vars` goes inside the manifest's `variables`.
fn lab(id: &str, keys: &[&str], vars: &str) -> (String, String) {
    let manifest = format!(
        r#"{{"format": 1, "id": "{id}", "title": "Lab {id}", "version": "1", "start": "a.{}",
            "chapters": ["a.json"], "endings": {{"done": {{"title": "Done"}}}}, "variables": {{{vars}}}}}"#,
        keys[0]
    );
    let passages: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| match keys.get(i + 1) {
            Some(next) => format!(
                r#""{key}": {{"text": "At {key}.", "choices": [{{"text": "On", "goto": "{next}"}}]}}"#
            ),
            None => format!(r#""{key}": {{"text": "At {key}.", "ending": "done"}}"#),
        })
        .collect();
    let chapter = format!(
        r#"{{"id": "a", "title": "A", "passages": {{{}}}}}"#,
        passages.join(",")
    );
    (manifest, chapter)
}

#[wasm_bindgen_test]
async fn a_story_loads_from_files_and_a_broken_one_leaves_the_running_story_alone() {
    let page = Page::open().await;
    let start = page.passage();
    let (manifest, chapter) = lab("lab", &["hub", "side", "end"], "");
    // Story text that looks like HTML stays text.
    let chapter = chapter.replace("At hub.", "At <b>hub</b>.");
    let broken = chapter.replace(r#""goto": "side""#, r#""goto": "nowhere""#);
    page.pick(&[("story.json", &manifest), ("a.json", &broken)])
        .await;
    assert!(page
        .text(".author-headline")
        .starts_with("Not loaded: 1 error"));
    let errors = page.all(".author-diagnostics.error li");
    assert_eq!(errors.len(), 1);
    let error = errors[0].text_content().unwrap();
    assert!(
        error.starts_with("a.json:") && error.contains("error[E") && error.contains("nowhere"),
        "{error}"
    );
    assert_eq!(page.passage(), start, "the running story goes on");
    assert!(page
        .text(".author-title")
        .contains("Managed Shitty Services"));

    page.pick(&[
        ("a.json", &chapter),
        ("story.json", &manifest),
        ("notes.txt", "x"),
    ])
    .await;
    assert_eq!(page.passage(), "a.hub");
    assert_eq!(page.text("article.passage > p"), "At <b>hub</b>.");
    assert!(
        page.all("article.passage b").is_empty(),
        "never parsed as HTML"
    );
    assert!(page.text(".author-title").contains("Lab lab"));
    assert!(page
        .text(".author-headline")
        .starts_with("Loaded “Lab lab”"));
    assert!(
        page.text(".author-note").contains("starts from its start"),
        "another story cannot keep the place, and says so"
    );
    assert!(page.all(".author-diagnostics").is_empty());
}

#[wasm_bindgen_test]
async fn the_picker_finds_a_passage_and_jumps_there() {
    let story = shipped();
    let state = story_engine::start(&story, SEED).unwrap();
    let target = story_engine::passages(&story)
        .into_iter()
        .rev()
        .find(|p| p.id != state.passage() && !p.start)
        .unwrap();
    let expected = story_engine::jump(&story, &state, &target.id).unwrap();

    let page = Page::open().await;
    assert_eq!(page.text(".author-badge"), state.passage());
    // Where each choice on screen leads now, as the engine would play it.
    let view = story_engine::view(&story, &state).unwrap();
    let first = view.choices.iter().position(|c| c.enabled).unwrap();
    let lead = story_engine::choose(&story, &state, first).unwrap();
    assert_eq!(page.all(".author-choices li").len(), view.choices.len());
    assert_eq!(
        page.text(&format!(".author-choices li[data-choice='{}']", first + 1)),
        format!("{} → {}", first + 1, lead.passage())
    );
    page.tab("Jump").await;
    let find: HtmlInputElement = page.get("#author-find").unchecked_into();
    find.set_value(&target.id);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    find.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let results = page.all(".author-result");
    assert!(
        !results.is_empty() && results.len() < 5,
        "the search narrows the list"
    );
    page.click(&format!(".author-result[data-passage='{}']", target.id))
        .await;
    assert_eq!(page.passage(), expected.passage());
    assert_eq!(page.text(".author-badge"), expected.passage());
    assert!(page
        .autosaved(&story)
        .contains(&format!("\"passage\":\"{}\"", expected.passage())));
    page.click(".controls button").await; // Undo
    assert_eq!(
        page.passage(),
        state.passage(),
        "undo goes back before the jump"
    );
}

#[wasm_bindgen_test]
async fn variables_are_edited_and_a_refused_value_is_explained() {
    let story = shipped();
    let page = Page::open().await;
    assert_eq!(
        page.all(".author-var").len(),
        story.variables().len(),
        "every declared variable is listed"
    );
    page.set_var("stress", "42").await;
    assert!(page.all("form[data-var=stress] .author-error").is_empty());
    assert!(page.autosaved(&story).contains("\"stress\":42"));

    page.set_var("stress", "420").await;
    assert_eq!(
        page.text("form[data-var=stress] .author-error"),
        "`stress` must be between 0 and 100"
    );
    let field = page.get("form[data-var=stress] input");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    page.set_var("stress", "calm").await;
    assert_eq!(
        page.text("form[data-var=stress] .author-error"),
        "`stress` holds a integer"
    );
    assert!(
        page.autosaved(&story).contains("\"stress\":42"),
        "a refusal changes nothing"
    );

    page.set_var("stress", "7").await;
    assert!(page.all("form[data-var=stress] .author-error").is_empty());
    assert!(page.autosaved(&story).contains("\"stress\":7"));
}

#[wasm_bindgen_test]
async fn the_map_draws_every_passage_and_jumps_on_click_and_enter() {
    let story = shipped();
    let passages = story_engine::passages(&story);
    let state = story_engine::start(&story, SEED).unwrap();
    let page = Page::open().await;
    page.tab("Map").await;
    assert_eq!(page.all(".author-map g.node").len(), passages.len());
    let here = page.all(".author-map g.node.here");
    assert_eq!(here.len(), 1);
    assert_eq!(
        here[0].get_attribute("data-passage").as_deref(),
        Some(state.passage())
    );
    assert_eq!(
        here[0].get_attribute("aria-current").as_deref(),
        Some("location")
    );

    let target = &passages
        .iter()
        .find(|p| p.id != state.passage())
        .unwrap()
        .id;
    let expected = story_engine::jump(&story, &state, target).unwrap();
    let node = page.get(&format!(".author-map g.node[data-passage='{target}']"));
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    node.dispatch_event(&web_sys::Event::new_with_event_init_dict("click", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(page.passage(), expected.passage());
    let here = page.get(".author-map g.node.here");
    assert_eq!(
        here.get_attribute("data-passage"),
        Some(expected.passage().to_owned())
    );

    let back = story_engine::jump(&story, &expected, state.passage()).unwrap();
    let key = web_sys::KeyboardEventInit::new();
    key.set_key("Enter");
    key.set_bubbles(true);
    page.get(&format!(
        ".author-map g.node[data-passage='{}']",
        state.passage()
    ))
    .dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &key).unwrap(),
    )
    .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(page.passage(), back.passage(), "Enter on a box jumps too");
}

#[wasm_bindgen_test]
async fn a_reload_keeps_the_place_if_the_passage_is_still_there() {
    let page = Page::open().await;
    let (manifest, chapter) = lab(
        "lab",
        &["hub", "side", "end"],
        r#""n": {"kind": "counter"}"#,
    );
    page.pick(&[("story.json", &manifest), ("a.json", &chapter)])
        .await;
    page.click(".author-link[aria-label='Jump to a.side']")
        .await;
    assert_eq!(page.passage(), "a.side");
    page.tab("Variables").await;
    page.set_var("n", "3").await;

    // The author adds a variable and a passage: same place, new variable at its start.
    let (manifest, chapter) = lab(
        "lab",
        &["hub", "side", "new", "end"],
        r#""n": {"kind": "counter"}, "m": {"kind": "counter", "start": 4}"#,
    );
    page.pick(&[("story.json", &manifest), ("a.json", &chapter)])
        .await;
    assert_eq!(page.passage(), "a.side");
    assert_eq!(
        page.text(".author-headline"),
        "Loaded “Lab lab” (1 chapter file); you are still at a.side."
    );
    page.tab("Variables").await;
    let value = |name: &str| {
        page.get(&format!("form[data-var={name}] input"))
            .unchecked_into::<HtmlInputElement>()
            .value()
    };
    assert_eq!((value("n"), value("m")), ("3".into(), "4".into()));

    // Then removes the passage the player is at: back to the start, with the reason.
    let (manifest, chapter) = lab("lab", &["hub", "end"], "");
    page.pick(&[("story.json", &manifest), ("a.json", &chapter)])
        .await;
    assert_eq!(page.passage(), "a.hub");
    assert!(page.text(".author-note").contains("`a.side`"));
    assert!(page.text(".author-note").contains("no longer has"));
}

#[wasm_bindgen_test]
async fn hiding_the_tools_is_remembered() {
    let store = Rc::new(MemoryStore::new());
    let page = Page::mount(store.clone()).await;
    assert!(page.all("#author-tools").len() == 1);
    page.click(".author-toggle").await;
    assert!(page.all("#author-tools").is_empty());
    assert_eq!(
        page.get(".author-toggle")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    drop(page);
    let page = Page::mount(store).await;
    assert!(
        page.all("#author-tools").is_empty(),
        "still hidden after a reload"
    );
    page.click(".author-toggle").await;
    assert_eq!(page.all("#author-tools").len(), 1);
}

#[wasm_bindgen_test]
async fn play_to_here_plays_the_shortest_route_and_says_when_there_is_none() {
    // `one → two → three`, and `island`, which nothing leads to (a warning, so it loads).
    let (manifest, chapter) = lab("route", &["one", "two", "three"], "");
    let chapter = chapter.replace(
        r#""passages": {"#,
        r#""passages": {"island": {"text": "Alone.", "ending": "done"}, "#,
    );
    let page = Page::open().await;
    page.pick(&[("story.json", &manifest), ("a.json", &chapter)])
        .await;
    assert_eq!(page.passage(), "a.one");
    page.tab("Jump").await;
    page.click("input[data-go='playing from the start']").await;
    page.click(".author-result[data-passage='a.three']").await;
    assert_eq!(page.passage(), "a.three");
    assert!(
        page.text(".author-played")
            .contains("Played 2 choice(s) from the start to a.three"),
        "{}",
        page.text(".author-played")
    );
    // Played, not jumped: the turns and visits are a real run's.
    let saved = page.autosaved(&page_story(&manifest, &chapter));
    assert!(saved.contains("\"turn\":2"), "{saved}");
    page.click(".author-result[data-passage='a.island']").await;
    assert_eq!(page.passage(), "a.three", "nothing changes");
    assert!(
        page.text(".author-error")
            .contains("a.island cannot be reached by playing from the start"),
        "{}",
        page.text(".author-error")
    );
    // The map goes the same way.
    page.tab("Map").await;
    assert!(
        page.all("input[data-go='playing from the start']:checked")
            .len()
            == 1
    );
}

/// The story a lab's files load to, as the page has it.
fn page_story(manifest: &str, chapter: &str) -> Story {
    let file = |path: &str, text: &str| story_engine::SourceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    story_engine::load(&file("story.json", manifest), &[file("a.json", chapter)])
        .story
        .expect("the lab loads")
}

#[wasm_bindgen_test]
async fn a_hostile_story_from_disk_runs_nothing_in_every_tab_and_in_its_diagnostics() {
    let (dead, took) = xss::control().await;
    assert_eq!(
        dead,
        Vec::<String>::new(),
        "every live payload runs as HTML"
    );
    let texts = xss::texts(true);
    let (manifest, chapter) = xss::story(&texts);
    let page = Page::open().await;

    // A broken copy: the diagnostics quote the payload (a passage id) as text.
    let goto = serde_json::to_string(&texts[1]).unwrap();
    let broken = chapter.replacen(r#""goto":"end""#, &format!(r#""goto":{goto}"#), 1);
    assert_ne!(broken, chapter);
    page.pick(&[("story.json", &manifest), ("x.json", &broken)])
        .await;
    let errors = page.text(".author-diagnostics.error");
    assert!(errors.contains(&texts[1]), "quoted literally: {errors}");
    assert_eq!(xss::injected(&page.root), Vec::<String>::new());

    page.pick(&[("story.json", &manifest), ("x.json", &chapter)])
        .await;
    assert_eq!(page.passage(), "x.start");
    for tab in ["Variables", "Jump", "Map", "Load from disk"] {
        page.tab(tab).await;
        assert_eq!(xss::injected(&page.root), Vec::<String>::new(), "{tab}");
    }
    page.tab("Variables").await;
    let shown = page.text("article.passage");
    for payload in xss::corpus() {
        assert!(
            shown.contains(&payload.text),
            "{} shows literally",
            payload.name
        );
    }
    page.click("nav[aria-label=Choices] button").await;
    xss::settle(2 * took + 200).await;
    assert_eq!(
        xss::injected(&page.root),
        Vec::<String>::new(),
        "the ending"
    );
    assert_eq!(xss::markers(), Vec::<String>::new(), "no payload ran");
}

#[wasm_bindgen_test]
async fn a_chapter_that_is_not_utf8_is_reported_where_its_first_bad_byte_is() {
    let page = Page::open().await;
    let start = page.passage();
    let (manifest, chapter) = lab("lab", &["hub", "end"], "");
    // A Latin-1 "é" (one byte, 0xe9: not UTF-8) in the first passage's text.
    let mut bytes = chapter.replace("At hub.", "At hub\u{1}.").into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xe9;
    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    let column = at
        - bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    page.pick_bytes(&[("story.json", manifest.as_bytes()), ("a.json", &bytes)])
        .await;
    let errors = page.all(".author-diagnostics.error li");
    let texts: Vec<String> = errors.iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with(&format!("a.json:{line}:{column}: error[E002]")),
        "{texts:?}"
    );
    assert!(texts[0].contains("not UTF-8"), "{texts:?}");
    assert_eq!(page.passage(), start, "the running story goes on");
}
