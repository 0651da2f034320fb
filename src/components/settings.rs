//! The settings panel: theme, text size, font, motion and keyboard shortcuts (radio groups, so
//! each option is one tab stop and arrow keys move within it), and on the player's page the
//! way to the author page.

use yew::prelude::*;

use crate::settings::{Font, Settings as Prefs, Theme, SIZES};

/// One fieldset per setting: the current settings `s`, and `on_change` called with the changed
/// settings. A plain function: it keeps no state.
pub fn panel(s: &Prefs, on_change: &Callback<Prefs>) -> Html {
    let set = |f: fn(&mut Prefs)| set_to(s, on_change, f);
    let theme = |theme: Theme| set_to(s, on_change, move |p| p.theme = theme);
    let font = |font: Font| set_to(s, on_change, move |p| p.font = font);
    let size = |size: u16| set_to(s, on_change, move |p| p.size = size);
    let themes = [
        (Theme::System, "Follow the system"),
        (Theme::Light, "Light"),
        (Theme::Dark, "Dark"),
    ];
    // Each option is shown in its own font (the class); spelled out rather than formatted
    // from the variant's name, so the page carries no Debug formatting or Unicode case tables.
    let fonts = [
        (Font::Serif, "Serif", "font-serif"),
        (Font::Sans, "Sans-serif", "font-sans"),
        (Font::Dyslexic, "Dyslexia-friendly", "font-dyslexic"),
    ];
    html! {
        <div class="settings">
            <fieldset>
                <legend>{ "Theme" }</legend>
                { for themes.iter().map(|(value, label)| html! {
                    <label class="option"><input type="radio" name="theme" checked={s.theme == *value} onchange={theme(*value)} />{ *label }</label>
                }) }
            </fieldset>
            <fieldset>
                <legend>{ "Text size" }</legend>
                { for SIZES.iter().map(|n| html! {
                    <label class="option"><input type="radio" name="size" checked={s.size == *n} onchange={size(*n)} />{ format!("{n} %") }</label>
                }) }
            </fieldset>
            <fieldset>
                <legend>{ "Font" }</legend>
                { for fonts.iter().map(|(value, label, class)| html! {
                    <label class={classes!("option", *class)}><input type="radio" name="font" checked={s.font == *value} onchange={font(*value)} />{ *label }</label>
                }) }
            </fieldset>
            <fieldset>
                <legend>{ "Comfort" }</legend>
                <label class="option"><input type="checkbox" checked={s.reduce_motion} onchange={set(|p| p.reduce_motion = !p.reduce_motion)} />{ "Reduce motion" }</label>
                <label class="option"><input type="checkbox" checked={s.shortcuts} onchange={set(|p| p.shortcuts = !p.shortcuts)} />{ "Keyboard shortcuts (1–9, Backspace, Z)" }</label>
            </fieldset>
            // The author tools are their own page (`author/`, built with the feature `author`),
            // so players never download them; the shared autosave keeps the run's place.
            if !cfg!(feature = "author") {
                <fieldset>
                    <legend>{ "Writing" }</legend>
                    <p><a href="author/" data-author="open">{ "Open the author tools" }</a>{ ": passage ids, variables, jump, the story map, and loading a story from disk. Your run goes on there." }</p>
                </fieldset>
            }
        </div>
    }
}

/// A callback that emits `settings` changed by `change`.
fn set_to(
    settings: &Prefs,
    on_change: &Callback<Prefs>,
    change: impl Fn(&mut Prefs),
) -> Callback<Event> {
    let mut next = settings.clone();
    change(&mut next);
    on_change.reform(move |_: Event| next.clone())
}
