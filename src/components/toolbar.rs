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

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The story's title.
    pub title: AttrValue,
    /// The panel now open.
    pub open: Option<Panel>,
    /// Open (or close, if open) a panel.
    pub on_toggle: Callback<Panel>,
}

/// A header with the title and one toggle button per panel.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    html! {
        <header class="topbar">
            <h1 class="brand">{ props.title.clone() }</h1>
            <nav class="menu" aria-label="Game menu">
                { for Panel::ALL.iter().map(|&panel| {
                    let onclick = props.on_toggle.reform(move |_: MouseEvent| panel);
                    let open = props.open == Some(panel);
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
