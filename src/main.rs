//! The page's entry point: installs the panic panel and mounts [`mss::App`] on `#app`.

fn main() {
    mss::fatal::install_panic_panel();
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .unwrap_or_else(|| gloo::utils::body().into());
    let query = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    let props = mss::AppProps {
        seed: param(&query, "seed").and_then(|value| value.parse().ok()),
        storage: None,
        fresh: param(&query, "fresh").is_some(),
        open_saves: param(&query, "saves").is_some(),
        author: param(&query, "author").is_some(),
        story: None,
    };
    yew::Renderer::<mss::App>::with_root_and_props(root, props).render();
}

/// The value of `name` in a query string (`""` for a bare `?fresh`). `?seed=N` makes a new
/// run reproducible (tests and authors use it); `?fresh` and `?saves` are the fatal panel's
/// ways back in.
fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}
