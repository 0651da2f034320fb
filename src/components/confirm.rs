//! An in-page confirmation dialog (a modal `<dialog>`: the browser traps focus inside, makes
//! the page behind inert, and closes it on Escape). Never `window.confirm`.

use yew::prelude::*;

/// Props of [`Confirm`].
#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    /// The question.
    pub title: AttrValue,
    /// What happens if the player says yes.
    pub detail: AttrValue,
    /// The label of the yes button.
    pub confirm: AttrValue,
    /// The label of the no button.
    #[prop_or(AttrValue::Static("Keep playing"))]
    pub cancel: AttrValue,
    /// Yes.
    pub on_confirm: Callback<()>,
    /// No, or Escape.
    pub on_cancel: Callback<()>,
}

/// Shown when mounted; the caller unmounts it to close it.
#[component]
pub fn Confirm(props: &ConfirmProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            let shown = dialog.cast::<web_sys::HtmlDialogElement>();
            if let Some(dialog) = &shown {
                let _ = dialog.show_modal();
            }
            // Closing (rather than only removing) the dialog gives focus back to where it was.
            move || {
                if let Some(dialog) = shown {
                    dialog.close();
                }
            }
        });
    }
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let confirm = props.on_confirm.reform(|_: MouseEvent| ());
    // Escape fires `cancel`; stop the browser closing the dialog itself so Yew stays in charge.
    let oncancel = props.on_cancel.reform(|e: Event| e.prevent_default());
    html! {
        <dialog class="confirm" ref={dialog} aria-labelledby="confirm-title" aria-describedby="confirm-detail" {oncancel}>
            <h2 id="confirm-title">{ props.title.clone() }</h2>
            <p id="confirm-detail">{ props.detail.clone() }</p>
            <div class="dialog-actions">
                // The safe answer comes first, so it gets the initial focus.
                <button class="cancel" onclick={cancel} autofocus=true>{ props.cancel.clone() }</button>
                <button class="danger" onclick={confirm}>{ props.confirm.clone() }</button>
            </div>
        </dialog>
    }
}
