//! The player's messages: a passing status, a failure, or a notice that stays, shown in two
//! live regions. Not here: when a message goes away by itself (`effects::hooks`).

use yew::prelude::*;

/// A message for the player: a passing status, a failure, or a notice that stays.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// "Saved." — polite, goes away by itself.
    Status(String),
    /// "Could not save." — assertive, stays until the next message.
    Alert(String),
    /// Something to know from the start (a damaged autosave); stays.
    Notice(String),
}

/// The two live regions for messages, showing `message` if any; `on_dismiss` is the player
/// dismissing an alert or notice. Both regions are in the page from the first render, because
/// screen readers miss regions that appear together with their text. A plain function: it
/// keeps no state.
pub fn messages(message: Option<&Message>, on_dismiss: &Callback<()>) -> Html {
    let (status, alert) = match message {
        Some(Message::Status(text)) => (Some(text.clone()), None),
        Some(Message::Alert(text) | Message::Notice(text)) => (None, Some(text.clone())),
        None => (None, None),
    };
    let close = on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="messages">
            <div class={classes!("message", "status", status.is_some().then_some("shown"))} role="status">{ status.unwrap_or_default() }</div>
            <div class={classes!("message", "alert", alert.is_some().then_some("shown"))} role="alert">
                if let Some(text) = alert {
                    <span>{ text }</span>
                    <button class="dismiss" aria-label="Dismiss message" onclick={close}>{ "×" }</button>
                }
            </div>
        </div>
    }
}
