//! Renders the engine's inline markup tree as Yew nodes. Story text only ever becomes text
//! nodes, `<em>` and `<strong>`: it is never parsed as HTML.

use story_engine::Inline;
use yew::prelude::*;

/// Renders a run of inline markup.
pub fn render(inlines: &[Inline]) -> Html {
    inlines.iter().map(render_one).collect()
}

fn render_one(inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) => html! { {text.clone()} },
        Inline::Em(children) => html! { <em>{ render(children) }</em> },
        Inline::Strong(children) => html! { <strong>{ render(children) }</strong> },
    }
}

/// The plain text of a run of markup, as a screen reader or a transcript would read it.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(text) => out.push_str(text),
            Inline::Em(children) | Inline::Strong(children) => out.push_str(&plain_text(children)),
        }
    }
    out
}
