//! The page's entry point: installs the panic panel and mounts [`mss::App`] on `#app`.

fn main() {
    mss::fatal::install_panic_panel();
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .unwrap_or_else(|| gloo::utils::body().into());
    let props = mss::AppProps {
        seed: seed_from_url(),
    };
    yew::Renderer::<mss::App>::with_root_and_props(root, props).render();
}

/// `?seed=N` in the address makes a run reproducible (tests and authors use it).
fn seed_from_url() -> Option<u64> {
    let search = gloo::utils::window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("seed="))
        .and_then(|value| value.parse().ok())
}
