//! The choices of the current passage, as real buttons in a group labelled "Choices". Each
//! shows its number key; a locked choice stays visible, disabled, with its reason.

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

/// A numbered list of choice buttons.
#[component]
pub fn Choices(props: &ChoicesProps) -> Html {
    // The load benchmark reads this mark: navigation start → the first choice on screen.
    use_effect_with((), |_| {
        if let Some(performance) = gloo::utils::window().performance() {
            let _ = performance.mark("first-choice");
        }
    });
    html! {
        <nav class="choices" aria-label="Choices">
            <ol>
                { for props.choices.iter().enumerate().map(|(index, choice)| {
                    let on_choose = props.on_choose.clone();
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
