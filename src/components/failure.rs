//! The error panel shown when play breaks: what happened, and the ways out that still work —
//! back to the last choice, load a save, restart. Never a blank page.

use yew::prelude::*;

/// What [`failure`] shows and the ways out it offers.
pub struct FailureProps {
    /// What went wrong, for the player (and a bug report).
    pub detail: AttrValue,
    /// Whether there is a choice to go back to.
    pub can_undo: bool,
    /// Back to the last choice.
    pub on_undo: Callback<()>,
    /// Open the saves.
    pub on_saves: Callback<()>,
    /// Start again.
    pub on_restart: Callback<()>,
}

/// An alert with three buttons. A plain function: it keeps no state.
pub fn failure(props: &FailureProps) -> Html {
    html! {
        <section class="problems failure" role="alert" aria-labelledby="failure-title">
            <h2 id="failure-title">{ "Something in the story broke" }</h2>
            <p>{ "Your progress up to the last choice is safe. What happened:" }</p>
            <pre class="detail">{ props.detail.clone() }</pre>
            <div class="failure-actions">
                <button class="primary" disabled={!props.can_undo} onclick={props.on_undo.reform(|_: MouseEvent| ())}>{ "Back to the last choice" }</button>
                <button onclick={props.on_saves.reform(|_: MouseEvent| ())}>{ "Load a save" }</button>
                <button onclick={props.on_restart.reform(|_: MouseEvent| ())}>{ "Restart" }</button>
            </div>
        </section>
    }
}
