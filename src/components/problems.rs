//! A panel listing what went wrong: story diagnostics at load, or an engine error during play.

use yew::prelude::*;

/// An alert panel with the heading `title` and one line per problem, already formatted. A
/// plain function: it keeps no state.
pub fn problems(title: &'static str, lines: &[String]) -> Html {
    html! {
        <section class="problems" role="alert">
            <h2>{ title }</h2>
            <ul>
                { for lines.iter().map(|line| html! { <li><code>{ line.clone() }</code></li> }) }
            </ul>
        </section>
    }
}
