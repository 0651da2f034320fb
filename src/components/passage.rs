//! The passage being read: where the player is (chapter, progress, turn), the text, and at an
//! ending the ending's title and epilogue. The heading takes focus after each choice (see
//! `player`), so it is focusable but not in the tab order.

use story_engine::{Progress, View};
use yew::prelude::*;

use super::markup;

/// Props of [`Passage`].
#[derive(Properties, PartialEq)]
pub struct PassageProps {
    /// The engine's view of the current passage.
    pub view: View,
    /// Where the passage's act (or chapter, in a story without acts) stands: `Story::progress`.
    pub progress: Progress,
    /// The heading, for moving focus to it.
    pub heading: NodeRef,
}

/// Shows one passage. The article carries the passage id for tests and author tools.
#[component]
pub fn Passage(props: &PassageProps) -> Html {
    let view = &props.view;
    let here = props.progress.index as usize;
    let total = (props.progress.total as usize).max(1);
    let part = if props.progress.acts {
        "Act"
    } else {
        "Chapter"
    };
    let progress = format!("{part} {} of {total} · turn {}", here + 1, view.turn);
    html! {
        <article class="passage" data-passage={view.passage.clone()} data-turn={view.turn.to_string()} key={view.turn}>
            <header class="passage-head">
                <div class="progress">
                    <ol class="dots" aria-hidden="true">
                        { for (0..total).map(|i| {
                            let class = classes!("dot", (i < here).then_some("done"), (i == here).then_some("here"));
                            html! { <li {class}></li> }
                        }) }
                    </ol>
                    <span>{ progress }</span>
                </div>
                <h2 class="chapter" tabindex="-1" ref={props.heading.clone()}>{ view.chapter_title.clone() }</h2>
            </header>
            { for view.paragraphs.iter().map(|paragraph| html! { <p>{ markup::render(paragraph) }</p> }) }
            if let Some(ending) = &view.ending {
                <section class="ending" aria-labelledby="ending-title">
                    <p class="ending-kicker">{ "Ending reached" }</p>
                    <h2 id="ending-title">{ ending.title.clone() }</h2>
                    { for ending.epilogue.iter().map(|paragraph| html! { <p>{ markup::render(paragraph) }</p> }) }
                </section>
            }
        </article>
    }
}
