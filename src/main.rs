//! The page's entry point: installs the panic panel and mounts [`mss::App`] on `#app`. The same
//! binary is the player's page and, built with the feature `author`, the author page.

fn main() {
    mss::marks::mark(mss::marks::MAIN);
    mss::fatal::install_panic_panel();
    let location = gloo::utils::window().location();
    let query = location.search().unwrap_or_default();
    // `?author` on the player's page leads to the author page (built into `author/`); the
    // autosave is shared, so the run goes on there where it was.
    if !cfg!(feature = "author") && param(&query, "author").is_some() {
        let rest: Vec<&str> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("author"))
            .collect();
        let target = if rest.is_empty() {
            "author/".to_owned()
        } else {
            format!("author/?{}", rest.join("&"))
        };
        if location.replace(&target).is_ok() {
            return;
        }
    }
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .unwrap_or_else(|| gloo::utils::body().into());
    let props = mss::AppProps {
        seed: param(&query, "seed").and_then(|value| value.parse().ok()),
        storage: None,
        fresh: param(&query, "fresh").is_some(),
        open_saves: param(&query, "saves").is_some(),
        story: None,
        replay: param(&query, "replay").map(str::to_owned),
        rest: None,
    };
    yew::Renderer::<mss::App>::with_root_and_props(root, props).render();
}

/// The value of `name` in a query string (`""` for a bare `?fresh`). `?seed=N` makes a new
/// run reproducible (tests and authors use it); `?fresh` and `?saves` are the fatal panel's
/// ways back in; `?author` opens the author page; `?replay=…` watches a shared run.
fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}
