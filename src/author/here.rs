//! Where the player is, for the author: the passage's id, chapter and tags, and the passages
//! its choices lead to, each a button that jumps there (a `draw` names its pool).

use std::rc::Rc;

use story_engine::{Edge, EdgeKind, PassageInfo};
use yew::prelude::*;

/// Props of [`Here`].
#[derive(Properties, PartialEq)]
pub struct HereProps {
    /// The current passage (absent only while a story swap is on its way).
    pub passage: Option<PassageInfo>,
    /// Every link of the story.
    pub edges: Rc<Vec<Edge>>,
    /// Jump to a passage.
    pub on_jump: Callback<String>,
}

/// The current passage and its links.
#[component]
pub fn Here(props: &HereProps) -> Html {
    let Some(passage) = &props.passage else {
        return html! {};
    };
    let mut targets: Vec<(String, EdgeKind)> = Vec::new();
    for edge in props.edges.iter().filter(|e| e.from == passage.id) {
        if !targets.iter().any(|(to, _)| *to == edge.to) {
            targets.push((edge.to.clone(), edge.kind));
        }
    }
    let mut facts = vec![format!("chapter {}", passage.chapter)];
    facts.extend(passage.start.then(|| "the start".to_owned()));
    facts.extend(passage.ending.as_ref().map(|e| format!("ending {e}")));
    facts.extend(passage.pool.as_ref().map(|p| format!("storylet of {p}")));
    facts.extend(passage.tags.iter().map(|t| format!("#{t}")));
    html! {
        <section class="author-here" aria-label="Current passage">
            <p><code class="author-id">{ passage.id.clone() }</code>{ " " }<span class="author-facts">{ facts.join(" · ") }</span></p>
            if !targets.is_empty() {
                <p class="author-links">
                    <span>{ "Leads to" }</span>
                    { for targets.into_iter().map(|(to, kind)| match kind {
                        EdgeKind::Draw => html! { <span class="author-pool">{ format!("draw {to}") }</span> },
                        _ => {
                            let onclick = { let (on_jump, to) = (props.on_jump.clone(), to.clone()); Callback::from(move |_: MouseEvent| on_jump.emit(to.clone())) };
                            html! { <button class="author-link" aria-label={format!("Jump to {to}")} {onclick}>{ to }</button> }
                        }
                    }) }
                </p>
            }
        </section>
    }
}
