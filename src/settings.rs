//! The player's preferences: theme, text size, font, motion and keyboard shortcuts. Plain data,
//! persisted as JSON; the page applies them through `data-*` attributes that `web/style.css`
//! reads, so no style is computed in Rust.

use serde::{Deserialize, Serialize};

use crate::storage::{self, Store, StoreError};

/// Light, dark, or whatever the system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The reading font.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Font {
    /// A book serif.
    #[default]
    Serif,
    /// The system's sans-serif.
    Sans,
    /// A stack of fonts made for readers with dyslexia, with wider spacing.
    Dyslexic,
}

/// All preferences. Unknown or missing fields fall back to defaults, so an old settings value
/// never stops the game.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The colour theme.
    pub theme: Theme,
    /// Text size in percent of the browser's default: one of [`SIZES`].
    pub size: u16,
    /// The reading font.
    pub font: Font,
    /// No animation even if the system does not ask for less motion.
    pub reduce_motion: bool,
    /// Number keys, Backspace and `z` act on the game (WCAG 2.1.4 wants a way to turn them off).
    pub shortcuts: bool,
}

/// The text sizes offered, in percent.
pub const SIZES: [u16; 4] = [90, 100, 115, 130];

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            theme: Theme::System,
            size: 100,
            font: Font::Serif,
            reduce_motion: false,
            shortcuts: true,
        }
    }
}

impl Settings {
    /// The stored settings for `story`, or the defaults.
    pub fn load(store: &dyn Store, story: &str) -> Settings {
        store
            .get(&storage::key(story, "settings"))
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str::<Settings>(&text).ok())
            .map(Settings::sanitized)
            .unwrap_or_default()
    }

    /// Stores these settings for `story`.
    pub fn store(&self, store: &dyn Store, story: &str) -> Result<(), StoreError> {
        let json = serde_json::to_string(self).unwrap_or_default();
        storage::write_safely(store, &storage::key(story, "settings"), &json)
    }

    /// A size the stylesheet knows, whatever was stored.
    fn sanitized(mut self) -> Settings {
        if !SIZES.contains(&self.size) {
            self.size = 100;
        }
        self
    }

    /// The `data-theme` value.
    pub fn theme_name(&self) -> &'static str {
        match self.theme {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The `data-font` value.
    pub fn font_name(&self) -> &'static str {
        match self.font {
            Font::Serif => "serif",
            Font::Sans => "sans",
            Font::Dyslexic => "dyslexic",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn settings_round_trip_and_bad_values_fall_back() {
        let store = MemoryStore::new();
        assert_eq!(Settings::load(&store, "s"), Settings::default());
        let mine = Settings {
            theme: Theme::Dark,
            size: 130,
            font: Font::Dyslexic,
            reduce_motion: true,
            shortcuts: false,
        };
        mine.store(&store, "s").expect("stored");
        assert_eq!(Settings::load(&store, "s"), mine);
        store
            .set(
                &storage::key("s", "settings"),
                r#"{"size": 7, "theme": "dark"}"#,
            )
            .expect("set");
        let loaded = Settings::load(&store, "s");
        assert_eq!((loaded.size, loaded.theme), (100, Theme::Dark));
    }
}
