//! The last line of defence: a panic anywhere in the app replaces the blank page a wasm trap
//! would leave with a visible panel. Built with plain DOM calls and text nodes, because by the
//! time it runs Yew may be in any state; its ways out are plain links, because after a panic
//! the wasm module cannot be called again.

/// Installs a panic hook that logs to the console and shows the error panel.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Shows a fixed panel saying the game stopped, with `detail` and the ways that still work:
/// reload (which continues from the autosave, made after every choice), load a save, start over.
pub fn show(detail: &str) {
    let document = gloo::utils::document();
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("fatal");
    let _ = panel.set_attribute("role", "alert");
    for (tag, text) in [
        ("h2", "Something broke"),
        (
            "p",
            "The game stopped. Your progress up to your last choice was autosaved.",
        ),
        ("pre", detail),
    ] {
        if let Ok(node) = document.create_element(tag) {
            node.set_text_content(Some(text));
            let _ = panel.append_child(&node);
        }
    }
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    for (href, text) in [
        (path.clone(), "Back to my last choice"),
        (format!("{path}?saves"), "Load a save"),
        (format!("{path}?fresh"), "Start over"),
    ] {
        if let Ok(link) = document.create_element("a") {
            let _ = link.set_attribute("href", &href);
            link.set_class_name("button");
            link.set_text_content(Some(text));
            let _ = panel.append_child(&link);
        }
    }
    let _ = gloo::utils::body().append_child(&panel);
}
