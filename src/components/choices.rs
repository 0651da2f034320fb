//! The choices of the current passage, as real buttons in a group labelled "Choices". Each
//! shows its number key; a locked choice stays visible, disabled, with its reason.

use story_engine::ChoiceView;
use yew::prelude::*;

use super::markup;

/// A numbered list of choice buttons: `choices` in the engine's order, and `on_choose` called
/// with the index of the chosen one. A plain function: it keeps no state (`Player` sets the
/// load benchmark's `first-choice` mark when the list first appears).
pub fn choices(choices: &[ChoiceView], on_choose: &Callback<usize>) -> Html {
    html! {
        <nav class="choices" aria-label="Choices">
            <ol>
                { for choices.iter().enumerate().map(|(index, choice)| {
                    let on_choose = on_choose.clone();
                    let onclick = Callback::from(move |_: MouseEvent| on_choose.emit(index));
                    // Keys 1–9 reach the first nine choices; the badge says which.
                    let key = (index < 9).then(|| (index + 1).to_string());
                    html! {
                        <li>
                            <button class="choice" disabled={!choice.enabled} {onclick}>
                                if let Some(key) = key {
                                    <kbd class="key" aria-hidden="true">{ key }</kbd>
                                }
                                <span class="choice-text">
                                    { markup::render(&choice.text) }
                                    if let Some(reason) = &choice.locked {
                                        <span class="locked">{ reason.clone() }</span>
                                    }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
