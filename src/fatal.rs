//! The last line of defence: a panic anywhere in the app replaces the blank page a wasm trap
//! would leave with a visible panel. Built with plain DOM calls and text nodes, because by the
//! time it runs Yew may be in any state.

use wasm_bindgen::JsCast;

/// Installs a panic hook that logs to the console and shows the error panel.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Shows a fixed panel saying the game stopped, with `detail` and a way out.
pub fn show(detail: &str) {
    let document = gloo::utils::document();
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("fatal");
    let _ = panel.set_attribute("role", "alert");
    for (tag, text) in [
        ("h2", "Something broke"),
        ("p", detail),
        ("p", "Reload the page to start again."),
    ] {
        if let Ok(node) = document.create_element(tag) {
            node.set_text_content(Some(text));
            let _ = panel.append_child(&node);
        }
    }
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Reload"));
        let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            let _ = gloo::utils::window().location().reload();
        });
        if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
            button.set_onclick(Some(reload.as_ref().unchecked_ref()));
        }
        reload.forget();
        let _ = panel.append_child(&button);
    }
    let _ = gloo::utils::body().append_child(&panel);
}
