//! Files the player takes away or brings in: downloads (saves, transcripts) through a Blob and
//! a temporary link, and the text of a picked file. Browser edge only; no game logic.

use std::cell::RefCell;

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;

thread_local! {
    /// The last download's URL. Revoking it right after the click can cancel the download in
    /// some browsers, so it lives until the next one.
    static LAST_URL: RefCell<Option<ObjectUrl>> = const { RefCell::new(None) };
}

/// Offers `text` as a file called `name` of type `mime`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    let document = gloo::utils::document();
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| crate::storage::describe(&e, "an unknown error"))?
        .dyn_into()
        .map_err(|_| "not a link".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    LAST_URL.with(|last| *last.borrow_mut() = Some(url));
    Ok(())
}

/// A file name for today-ish: the story id, what it is and the turn.
pub fn file_name(story: &str, what: &str, turn: u32, extension: &str) -> String {
    format!("{story}-{what}-turn{turn}.{extension}")
}
