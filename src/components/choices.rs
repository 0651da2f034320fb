//! The choices of the current passage, as real buttons in a labelled group.

use story_engine::ChoiceView;
use yew::prelude::*;

use super::markup;

/// Props of [`Choices`].
#[derive(Properties, PartialEq)]
pub struct ChoicesProps {
    /// The choices, in the engine's order (their index is what `on_choose` receives).
    pub choices: Vec<ChoiceView>,
    /// Called with the index of the chosen choice.
    pub on_choose: Callback<usize>,
}

/// A numbered list of choice buttons. A locked choice stays visible, disabled, with its reason.
#[component]
pub fn Choices(props: &ChoicesProps) -> Html {
    html! {
        <nav class="choices" aria-label="Choices">
            <ol>
                { for props.choices.iter().enumerate().map(|(index, choice)| {
                    let on_choose = props.on_choose.clone();
                    let onclick = Callback::from(move |_: MouseEvent| on_choose.emit(index));
                    html! {
                        <li>
                            <button class="choice" disabled={!choice.enabled} {onclick}>
                                { markup::render(&choice.text) }
                                if let Some(reason) = &choice.locked {
                                    <span class="locked">{ format!(" — {reason}") }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
