//! The top bar: the game's name and the buttons that open the side panels (stats, saves,
//! transcript, gallery, settings). Each button says whether its panel is open.

use yew::prelude::*;

/// The side panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Stats and counters.
    Stats,
    /// Save slots and files.
    Saves,
    /// The story so far.
    Transcript,
    /// Endings and achievements.
    Gallery,
    /// Preferences.
    Settings,
}

impl Panel {
    /// All panels in toolbar order.
    pub const ALL: [Panel; 5] = [
        Panel::Stats,
        Panel::Saves,
        Panel::Transcript,
        Panel::Gallery,
        Panel::Settings,
    ];

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Stats => "Stats",
            Panel::Saves => "Saves",
            Panel::Transcript => "Log",
            Panel::Gallery => "Gallery",
            Panel::Settings => "Settings",
        }
    }

    /// The panel's heading.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Stats => "Stats",
            Panel::Saves => "Saves",
            Panel::Transcript => "The story so far",
            Panel::Gallery => "Endings & achievements",
            Panel::Settings => "Settings",
        }
    }
}

/// A header with the story's `title` and one toggle button per panel, each saying whether it is
/// the `open` one; `on_toggle` opens (or closes, if open) a panel. A plain function, not a
/// component: it keeps no state, and each component costs the page a copy of Yew's lifecycle.
pub fn toolbar(title: &str, open: Option<Panel>, on_toggle: &Callback<Panel>) -> Html {
    html! {
        <header class="topbar">
            <h1 class="brand">{ title.to_owned() }</h1>
            <nav class="menu" aria-label="Game menu">
                { for Panel::ALL.iter().map(|&panel| {
                    let onclick = on_toggle.reform(move |_: MouseEvent| panel);
                    let open = open == Some(panel);
                    html! {
                        <button class={classes!("menu-button", open.then_some("open"))}
                            aria-expanded={open.to_string()} aria-controls="sheet" data-panel={panel.label()} {onclick}>
                            { panel.label() }
                        </button>
                    }
                }) }
            </nav>
        </header>
    }
}
