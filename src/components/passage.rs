//! The passage being read: chapter, text, and (at an ending) the ending's title and epilogue.

use story_engine::View;
use yew::prelude::*;

use super::markup;

/// Props of [`Passage`].
#[derive(Properties, PartialEq)]
pub struct PassageProps {
    /// The engine's view of the current passage.
    pub view: View,
}

/// Shows one passage. The article carries the passage id for tests and author tools.
#[component]
pub fn Passage(props: &PassageProps) -> Html {
    let view = &props.view;
    html! {
        <article class="passage" data-passage={view.passage.clone()}>
            <p class="chapter">{ view.chapter_title.clone() }</p>
            { for view.paragraphs.iter().map(|paragraph| html! { <p>{ markup::render(paragraph) }</p> }) }
            if let Some(ending) = &view.ending {
                <section class="ending" aria-labelledby="ending-title">
                    <h2 id="ending-title">{ ending.title.clone() }</h2>
                    { for ending.epilogue.iter().map(|paragraph| html! { <p>{ markup::render(paragraph) }</p> }) }
                </section>
            }
        </article>
    }
}
