//! The smallest Yew page with a button, built with the game's release profile. The load-time
//! benchmark compares the game against it (see BENCHMARKS.md).

use yew::prelude::*;

#[component]
fn Hello() -> Html {
    html! { <main><p>{ "Hello, world." }</p><nav aria-label="Choices"><button>{ "Go on" }</button></nav></main> }
}

fn main() {
    yew::Renderer::<Hello>::new().render();
}
