//! The story so far: every passage read and every choice taken, scrollable, with an export to
//! a text file.

use yew::prelude::*;

use crate::run::Entry;

/// Props of [`Transcript`].
#[derive(Properties, PartialEq)]
pub struct TranscriptProps {
    /// The passages read, oldest first.
    pub entries: Vec<Entry>,
    /// Download the transcript as text.
    pub on_export: Callback<()>,
}

/// A scrollable log, newest at the bottom.
#[component]
pub fn Transcript(props: &TranscriptProps) -> Html {
    let export = props.on_export.reform(|_: MouseEvent| ());
    let log = use_node_ref();
    {
        // Open at the newest entry, the one the player just read.
        let log = log.clone();
        use_effect_with(props.entries.len(), move |_| {
            if let Some(log) = log.cast::<web_sys::Element>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }
    html! {
        <div class="transcript">
            <button onclick={export}>{ "Export as a text file" }</button>
            // Focusable so keyboard users can scroll it (WCAG 2.1.1).
            <ol class="log" tabindex="0" aria-label="Story so far" ref={log}>
                { for props.entries.iter().map(|entry| html! {
                    <li>
                        { for entry.paragraphs.iter().map(|p| html! { <p>{ p.clone() }</p> }) }
                        if let Some(choice) = &entry.choice {
                            <p class="taken">{ choice.clone() }</p>
                        }
                    </li>
                }) }
            </ol>
        </div>
    }
}
