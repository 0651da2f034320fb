//! Shared helpers of the browser tests: mount the app on an injected store, find and press
//! things, and ask the engine what should happen. Not a test file itself.
#![allow(dead_code)] // each test file uses its own subset

use std::rc::Rc;

pub mod xss;

use mss::{
    shared::Shared,
    storage::{MemoryStore, Storage, Store},
    App, AppProps,
};
use story_engine::{State, Story, View};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};
use yew::AppHandle;

/// The seed every test plays with.
pub const SEED: u64 = 7;

/// A mounted app, removed again on drop so its key listener does not answer later tests.
pub struct Page {
    pub root: Element,
    pub store: Rc<MemoryStore>,
    handle: Option<AppHandle<App>>,
}

impl Page {
    /// Mounts a fresh app over `store` in its own element.
    pub async fn mount(store: Rc<MemoryStore>) -> Page {
        Page::mount_with(store, AppProps::default()).await
    }

    /// Mounts a fresh app with `props` over `store`; the seed is [`SEED`] unless `props` sets
    /// one.
    pub async fn mount_with(store: Rc<MemoryStore>, props: AppProps) -> Page {
        let props = AppProps {
            storage: Some(Storage(store.clone() as Rc<dyn Store>)),
            ..props
        };
        Page::mount_props(store, props).await
    }

    /// Mounts a fresh app on the browser's own `localStorage`, opened by the app as the page
    /// opens it (`store` is then an unused empty store).
    pub async fn on_local_storage() -> Page {
        Page::mount_props(Rc::new(MemoryStore::new()), AppProps::default()).await
    }

    async fn mount_props(store: Rc<MemoryStore>, props: AppProps) -> Page {
        let root = gloo::utils::document()
            .create_element("div")
            .expect("a div");
        gloo::utils::body().append_child(&root).expect("appended");
        // The whole story unless a test brings its own (or asks for the page's own core with a
        // `rest` loader): tests that play past the first act need no fetch.
        let story = match (&props.story, &props.rest) {
            (None, None) => Some(Shared(Rc::new(story()))),
            (given, _) => given.clone(),
        };
        let props = AppProps {
            seed: props.seed.or(Some(SEED)),
            story,
            ..props
        };
        let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        Page {
            root,
            store,
            handle: Some(handle),
        }
    }

    /// Mounts over a new, empty store.
    pub async fn fresh() -> Page {
        Page::mount(Rc::new(MemoryStore::new())).await
    }

    /// Unmounts, keeping the store, and mounts again: a reload.
    pub async fn remount(mut self) -> Page {
        let store = self.store.clone();
        self.unmount();
        Page::mount(store).await
    }

    fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }

    /// The first element matching `css`, if any.
    pub fn find(&self, css: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(css)
            .expect("valid selector")
            .map(|e| e.dyn_into().expect("an HTML element"))
    }

    /// Whether any element (HTML or SVG) matches `css`.
    pub fn exists(&self, css: &str) -> bool {
        self.root
            .query_selector(css)
            .expect("valid selector")
            .is_some()
    }

    /// The first element matching `css`; fails the test if there is none.
    pub fn get(&self, css: &str) -> HtmlElement {
        self.find(css)
            .unwrap_or_else(|| panic!("nothing matches `{css}`"))
    }

    /// Every element matching `css`.
    pub fn all(&self, css: &str) -> Vec<HtmlElement> {
        let list = self.root.query_selector_all(css).expect("valid selector");
        (0..list.length())
            .filter_map(|i| list.get(i))
            .map(|n| n.dyn_into().expect("an HTML element"))
            .collect()
    }

    /// The button matching `css` whose text contains `text`.
    pub fn button(&self, css: &str, text: &str) -> HtmlElement {
        self.all(css)
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().contains(text))
            .unwrap_or_else(|| panic!("no `{css}` says {text:?}"))
    }

    /// Clicks and lets Yew render.
    pub async fn click(&self, element: &HtmlElement) {
        element.click();
        yew::scheduler::flush().await;
    }

    /// The id of the passage on screen.
    pub fn passage(&self) -> String {
        self.get("article.passage")
            .get_attribute("data-passage")
            .expect("the passage carries its id")
    }

    /// The choice buttons.
    pub fn choices(&self) -> Vec<HtmlElement> {
        self.all("nav[aria-label=Choices] button")
    }

    /// Text of the first element matching `css`.
    pub fn text(&self, css: &str) -> String {
        self.find(css)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    /// Opens a panel from the top bar.
    pub async fn open(&self, panel: &str) {
        self.click(&self.get(&format!(".menu-button[data-panel={panel}]")))
            .await;
    }

    /// Waits (yielding to the browser, not sleeping a fixed time) until `done` holds.
    pub async fn until(&self, what: &str, done: impl Fn(&Page) -> bool) {
        for _ in 0..500 {
            if done(self) {
                return;
            }
            next_task().await;
            yew::scheduler::flush().await;
        }
        panic!("gave up waiting for {what}");
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// Presses `key` as a player would: a keydown on the focused element, bubbling to the document.
/// True if the page prevented the key's default action.
pub async fn press(key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("an event");
    let target: web_sys::EventTarget = gloo::utils::document()
        .active_element()
        .map(Into::into)
        .unwrap_or_else(|| gloo::utils::document().into());
    let not_cancelled = target.dispatch_event(&event).expect("dispatched");
    yew::scheduler::flush().await;
    !not_cancelled
}

/// One turn of the browser's event loop.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The rest chunk as built beside the embedded core (empty when the core is the whole story).
pub static REST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/story-rest.bin"));

/// The shipped story as the page has it once the rest arrived: core and rest attached.
pub fn story() -> Story {
    let story = core();
    if !REST.is_empty() {
        story.attach(REST).expect("the rest of this build attaches");
    }
    story
}

/// The shipped story as the page embeds it: the core, later acts' prose pending.
pub fn core() -> Story {
    mss::story_data::story().expect("the shipped story decodes")
}

/// The engine's start and its view.
pub fn start(story: &Story) -> (State, View) {
    let state = story_engine::start(story, SEED).expect("the story starts");
    let view = story_engine::view(story, &state).expect("a view");
    (state, view)
}

/// The first enabled choice of a view.
pub fn first_enabled(view: &View) -> usize {
    view.choices
        .iter()
        .position(|c| c.enabled)
        .expect("an enabled choice")
}

/// The state after taking the first enabled choice, and its view.
pub fn step(story: &Story, state: &State) -> (usize, State, View) {
    let view = story_engine::view(story, state).expect("a view");
    let index = first_enabled(&view);
    let next = story_engine::choose(story, state, index).expect("the choice is taken");
    let next_view = story_engine::view(story, &next).expect("a view");
    (index, next, next_view)
}

/// The stored text under a save slot of the shipped story.
pub fn stored(store: &MemoryStore, slot: &str) -> Option<String> {
    store
        .get(&mss::saves::slot_key(&story(), slot))
        .expect("the memory store reads")
}

/// Whether a JS value is truthy; for `dialog.open` and the like.
pub fn truthy(value: JsValue) -> bool {
    value.as_bool().unwrap_or(false)
}
