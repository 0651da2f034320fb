//! A panel listing what went wrong: story diagnostics at load, or an engine error during play.

use yew::prelude::*;

/// Props of [`Problems`].
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// One line per problem, already formatted.
    pub lines: Vec<String>,
    /// The panel's heading.
    pub title: AttrValue,
}

/// An alert panel with a heading and one line per problem.
#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    html! {
        <section class="problems" role="alert">
            <h2>{ props.title.clone() }</h2>
            <ul>
                { for props.lines.iter().map(|line| html! { <li><code>{ line.clone() }</code></li> }) }
            </ul>
        </section>
    }
}
