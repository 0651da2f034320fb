//! The passage being read: where the player is (chapter, progress, turn), the text, and at an
//! ending the ending's title and epilogue. The heading takes focus after each choice (see
//! `player`), so it is focusable but not in the tab order.

use story_engine::{Progress, View};
use yew::prelude::*;

use super::markup;

/// Shows one passage: the engine's `view` of it, where its act (or chapter, in a story without
/// acts) stands (`Story::progress`), and `heading` to move focus to. The article carries the
/// passage id for tests and author tools. A plain function: it keeps no state.
pub fn passage(view: &View, progress: &Progress, heading: &NodeRef) -> Html {
    let here = progress.index as usize;
    let total = (progress.total as usize).max(1);
    let part = if progress.acts { "Act" } else { "Chapter" };
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
                <h2 class="chapter" tabindex="-1" ref={heading.clone()}>{ view.chapter_title.clone() }</h2>
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
