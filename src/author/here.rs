//! Where the player is, for the author: the passage's id, chapter and tags, where each choice
//! on screen would lead now (asked of the engine by playing it on a copy of the state), and the
//! passages its choices can lead to, each a button that jumps there (a `draw` names its pool).

use std::rc::Rc;

use story_engine::{Edge, EdgeKind, PassageInfo, State, Story};
use yew::prelude::*;

use crate::shared::Shared;

/// For each choice on screen, the passage taking it leads to now (after fallbacks, tunnels and
/// draws), or why it cannot be taken (`locked`, or the engine's error). Pure: `choose` returns
/// a new state and this one is left as it was.
pub fn choice_targets(story: &Story, state: &State) -> Vec<Result<String, String>> {
    let Ok(view) = story_engine::view(story, state) else {
        return Vec::new();
    };
    view.choices
        .iter()
        .enumerate()
        .map(|(i, choice)| {
            if !choice.enabled {
                return Err("locked".to_owned());
            }
            story_engine::choose(story, state, i)
                .map(|next| next.passage().to_owned())
                .map_err(|e| format!("error: {e}"))
        })
        .collect()
}

/// Props of [`Here`].
#[derive(Properties, PartialEq)]
pub struct HereProps {
    /// The current passage (absent only while a story swap is on its way).
    pub passage: Option<PassageInfo>,
    /// Every link of the story.
    pub edges: Rc<Vec<Edge>>,
    /// Jump to a passage.
    pub on_jump: Callback<String>,
    /// The story, to see where the choices lead.
    pub story: Shared<Story>,
    /// The state, likewise.
    pub state: State,
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
    let now = choice_targets(&props.story, &props.state);
    let mut facts = vec![format!("chapter {}", passage.chapter)];
    facts.extend(passage.start.then(|| "the start".to_owned()));
    facts.extend(passage.ending.as_ref().map(|e| format!("ending {e}")));
    facts.extend(passage.pool.as_ref().map(|p| format!("storylet of {p}")));
    facts.extend(passage.tags.iter().map(|t| format!("#{t}")));
    html! {
        <section class="author-here" aria-label="Current passage">
            <p><code class="author-id">{ passage.id.clone() }</code>{ " " }<span class="author-facts">{ facts.join(" · ") }</span></p>
            if !now.is_empty() {
                <ol class="author-choices" aria-label="Where the choices lead now">
                    { for now.iter().enumerate().map(|(i, to)| html! {
                        <li data-choice={(i + 1).to_string()}>
                            { format!("{} → {}", i + 1, to.as_ref().unwrap_or_else(|e| e)) }
                        </li>
                    }) }
                </ol>
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::fixtures::story;

    #[test]
    fn choice_targets_say_where_each_choice_leads_without_moving() {
        let s = story("t", &["hub", "side", "end"], "");
        let state = story_engine::start(&s, 1).unwrap();
        assert_eq!(choice_targets(&s, &state), [Ok("a.side".to_owned())]);
        assert_eq!(state.passage(), "a.hub");
        let end = story_engine::jump(&s, &state, "a.end").unwrap();
        assert!(choice_targets(&s, &end).is_empty());
    }
}
