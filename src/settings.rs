//! The player's preferences: theme, text size, font, motion and keyboard shortcuts. Plain data,
//! persisted as JSON; the page applies them through `data-*` attributes that `web/style.css`
//! reads, so no style is computed in Rust.

use story_engine::json::{self, Json, Reader};

use crate::storage::{self, Store, StoreError};

/// Light, dark, or whatever the system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Each theme's name, as stored and as the `data-theme` value (serde's lowercase names).
const THEMES: [(&str, Theme); 3] = [
    ("system", Theme::System),
    ("light", Theme::Light),
    ("dark", Theme::Dark),
];
/// Each font's name, as stored and as the `data-font` value.
const FONTS: [(&str, Font); 3] = [
    ("serif", Font::Serif),
    ("sans", Font::Sans),
    ("dyslexic", Font::Dyslexic),
];

/// The name of `value` in `options` (every variant has one).
fn name<T: PartialEq>(options: &[(&'static str, T)], value: T) -> &'static str {
    options
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(n, _)| n)
}

/// The unit variant named by `value`, a string among `options` (serde's lowercase names).
fn variant<T: Copy>(r: &Reader<'_>, value: &Json, options: &[(&str, T)]) -> Result<T, json::Error> {
    let name = r.string(value)?;
    options
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .ok_or_else(|| r.error(value.end, format!("unknown variant `{name}`")))
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
            .and_then(|text| Settings::parse(&text))
            .map(Settings::sanitized)
            .unwrap_or_default()
    }

    /// Stores these settings for `story`.
    pub fn store(&self, store: &dyn Store, story: &str) -> Result<(), StoreError> {
        storage::write_safely(store, &storage::key(story, "settings"), &self.to_json())
    }

    /// These settings as stored: `{"theme":"dark","size":100,…}`, names in lowercase.
    fn to_json(&self) -> String {
        let mut out = String::from("{");
        json::key(&mut out, "theme");
        json::push_str(&mut out, self.theme_name());
        json::key(&mut out, "size");
        json::push_num(&mut out, self.size);
        json::key(&mut out, "font");
        json::push_str(&mut out, self.font_name());
        for (name, on) in [
            ("reduce_motion", self.reduce_motion),
            ("shortcuts", self.shortcuts),
        ] {
            json::key(&mut out, name);
            json::push_num(&mut out, on);
        }
        out.push('}');
        out
    }

    /// Stored settings: a missing field takes its default; anything unreadable (not JSON, a
    /// field of the wrong type, an unknown theme or font, a field given twice) gives `None`.
    fn parse(text: &str) -> Option<Settings> {
        let tree = json::parse(text).ok()?;
        let r = Reader::located(text);
        const FIELDS: &[&str] = &["theme", "size", "font", "reduce_motion", "shortcuts"];
        let f = r.fields(&tree, "Settings", FIELDS).ok()?;
        let mut out = Settings::default();
        if let Some(v) = f.get("theme").ok()? {
            out.theme = variant(&r, v, &THEMES).ok()?;
        }
        if let Some(v) = f.get("size").ok()? {
            out.size = r.int(v, "u16").ok()?;
        }
        if let Some(v) = f.get("font").ok()? {
            out.font = variant(&r, v, &FONTS).ok()?;
        }
        if let Some(v) = f.get("reduce_motion").ok()? {
            out.reduce_motion = r.bool(v).ok()?;
        }
        if let Some(v) = f.get("shortcuts").ok()? {
            out.shortcuts = r.bool(v).ok()?;
        }
        Some(out)
    }

    /// A size the stylesheet knows, whatever was stored.
    fn sanitized(mut self) -> Settings {
        if !SIZES.contains(&self.size) {
            self.size = 100;
        }
        self
    }

    /// The `data-theme` value, and the name stored.
    pub fn theme_name(&self) -> &'static str {
        name(&THEMES, self.theme)
    }

    /// The `data-font` value, and the name stored.
    pub fn font_name(&self) -> &'static str {
        name(&FONTS, self.font)
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
        // The bytes serde_json wrote for them, so older builds read them too.
        assert_eq!(
            store
                .get(&storage::key("s", "settings"))
                .expect("read")
                .as_deref(),
            Some(
                r#"{"theme":"dark","size":130,"font":"dyslexic","reduce_motion":true,"shortcuts":false}"#
            )
        );
        assert_eq!(Settings::load(&store, "s"), mine);
        for (text, loaded) in [
            // A missing field takes its default; anything wrong gives all the defaults.
            (
                r#"{"theme":"light"}"#,
                Settings {
                    theme: Theme::Light,
                    ..Settings::default()
                },
            ),
            (r#"{"theme":"light","font":"comic"}"#, Settings::default()),
            (r#"{"theme":"light","size":70000}"#, Settings::default()),
            (r#"{"theme":"light","theme":"dark"}"#, Settings::default()),
            (r#"{"theme":"light","shortcuts":null}"#, Settings::default()),
            ("not json", Settings::default()),
        ] {
            store
                .set(&storage::key("s", "settings"), text)
                .expect("set");
            assert_eq!(Settings::load(&store, "s"), loaded, "{text}");
        }
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
