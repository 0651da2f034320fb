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

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The message shown, if any.
    pub message: Option<Message>,
    /// The player dismissed an alert or notice.
    pub on_dismiss: Callback<()>,
}

/// The two live regions for messages. Both are in the page from the first render, because
/// screen readers miss regions that appear together with their text.
#[component]
pub fn Messages(props: &MessagesProps) -> Html {
    let (status, alert) = match &props.message {
        Some(Message::Status(text)) => (Some(text.clone()), None),
        Some(Message::Alert(text) | Message::Notice(text)) => (None, Some(text.clone())),
        None => (None, None),
    };
    let close = props.on_dismiss.reform(|_: MouseEvent| ());
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
