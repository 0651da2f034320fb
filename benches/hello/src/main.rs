//! The smallest Yew page with a button, built with the game's release profile. The load-time
//! benchmark compares the game against it (see BENCHMARKS.md).

use yew::prelude::*;

#[component]
fn Hello() -> Html {
    // The same mark the game sets when its first choice is mounted (see BENCHMARKS.md).
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("first-choice");
        }
    });
    html! { <main><p>{ "Hello, world." }</p><nav aria-label="Choices"><button>{ "Go on" }</button></nav></main> }
}

fn main() {
    // The game's `main` mark too (src/marks.rs), so the benchmark splits both loads alike.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("main");
    }
    yew::Renderer::<Hello>::new().render();
}
