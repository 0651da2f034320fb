//! The browser side of sharing a run: the page's own address for a replay link, copying the
//! link to the clipboard, and dropping `?replay=…` from the address bar once the player leaves
//! the replay (so a reload continues their own game instead of showing the replay again).
//! What a link contains is the engine's business (`story_engine::Replay`).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::messages::Message;

/// The address that replays the link text `link` on this very page (any sub-folder kept).
pub fn replay_url(link: &str) -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}?replay={link}")
}

/// Copies `text` to the clipboard and says whether it worked; a browser without the Clipboard
/// API (or one that refuses) gets the advice to copy the visible link by hand.
pub fn copy(text: String, message: UseStateHandle<Option<Message>>) {
    let navigator = gloo::utils::window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .map(JsCast::unchecked_into::<web_sys::Clipboard>);
    let Some(clipboard) = clipboard else {
        message.set(Some(Message::Status(MANUAL.into())));
        return;
    };
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let said = match JsFuture::from(promise).await {
            Ok(_) => "Link copied.",
            Err(_) => MANUAL,
        };
        message.set(Some(Message::Status(said.into())));
    });
}

const MANUAL: &str = "This browser did not let the game copy: select the link and copy it.";

/// Replaces the address bar's URL by the page without its query, without reloading.
pub fn forget_query() {
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}
