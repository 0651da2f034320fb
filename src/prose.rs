//! The rest of the story's prose: the page embeds only the core (`story_data`), paints the
//! first passage, and then fetches the rest chunk beside the page and attaches it to the story
//! (`Story::attach`, which refuses a chunk from another build). Until it arrives a passage held
//! back shows [`pending`]: "loading the rest of the story", in a live region, or, if the fetch
//! failed, why and a retry. The game, its state and the saves are never touched by any of it.

use std::{future::Future, pin::Pin, rc::Rc};

use story_engine::Story;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::storage::describe;

/// Where the prose stands.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Prose {
    /// The story is whole: nothing is held back.
    #[default]
    Whole,
    /// The rest is being fetched.
    Loading,
    /// The fetch or the attach failed, and why.
    Failed(String),
    /// The rest arrived and is attached.
    Arrived,
}

/// The bytes of the rest chunk, or why they could not be had.
pub type Fetched = Pin<Box<dyn Future<Output = Result<Vec<u8>, String>>>>;

/// How to get the rest chunk: by default a fetch of `story_data::REST_FILE`; browser tests
/// inject their own. Compares by identity.
#[derive(Clone)]
pub struct RestLoader(pub Rc<dyn Fn() -> Fetched>);

impl PartialEq for RestLoader {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl RestLoader {
    /// The page's own: fetches `url` (relative to the page).
    pub fn fetch(url: &'static str) -> RestLoader {
        RestLoader(Rc::new(move || Box::pin(fetch(url))))
    }
}

/// Fetches `url` as bytes; a network error or an HTTP status other than 2xx is an error.
async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let window = gloo::utils::window();
    let shown = |e: wasm_bindgen::JsValue| describe(&e, "the network request failed");
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(shown)?;
    let response: web_sys::Response = response.dyn_into().map_err(shown)?;
    if !response.ok() {
        return Err(format!(
            "the server answered {} for {url}",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(shown)?)
        .await
        .map_err(shown)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Resolves after the browser has painted the current frame: a frame, then a task.
async fn after_paint() {
    let window = gloo::utils::window();
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.request_animation_frame(&resolve);
    });
    let _ = JsFuture::from(frame).await;
    let task = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(task).await;
}

/// Gets the rest with `loader` once the page has painted, attaches it to `story`, and reports
/// the outcome to `done`.
pub fn load(story: Rc<Story>, loader: RestLoader, done: Callback<Prose>) {
    wasm_bindgen_futures::spawn_local(async move {
        after_paint().await;
        let outcome = match (loader.0)().await {
            Ok(bytes) => match story.attach(&bytes) {
                Ok(()) => Prose::Arrived,
                Err(why) => Prose::Failed(why.to_string()),
            },
            Err(why) => Prose::Failed(why),
        };
        done.emit(outcome);
    });
}

/// In place of a passage whose prose has not arrived: a live region that says it is loading,
/// or why it failed with a retry. The passage fills in when the rest arrives. A function, not
/// a component: it has no state, and a component costs the page more.
pub fn pending(prose: &Prose, on_retry: &Callback<()>) -> Html {
    let failed = match prose {
        Prose::Failed(why) => Some(why),
        _ => None,
    };
    html! {
        <section class="problems pending" role="status" aria-live="polite" aria-busy={failed.is_none().to_string()}>
            if let Some(why) = failed {
                <h2>{ "The rest of the story could not be loaded" }</h2>
                <p class="pending-why">{ crate::player::capitalized(why) }</p>
                <p>{ "Your game and your saves are untouched. Check the connection and try again." }</p>
                <button class="primary" onclick={on_retry.reform(|_: MouseEvent| ())}>{ "Try again" }</button>
            } else {
                <h2>{ "Loading the rest of the story…" }</h2>
                <p>{ "This passage appears as soon as it arrives." }</p>
            }
        </section>
    }
}
