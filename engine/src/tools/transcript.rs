//! Plain-text transcripts of play: the one renderer behind the golden tests, `story play` and
//! the replay files `story randomtest --transcript` writes.
//!
//! The format is line-based and stable: `== passage [chapter title] turn n`, the variables and
//! achievements, the paragraphs with their `*markup*`, numbered choices, `> n` for each choice
//! taken (1-based), and `ENDING id: title` with the epilogue. It is not a UI.

use crate::runtime::inline::Inline;
use crate::runtime::model::Story;
use crate::runtime::play::{choose, start};
use crate::runtime::state::State;
use crate::runtime::view::{view, View};
use std::fmt::Write;

/// Appends what the player sees at `state` (whose view is `v`) to `out`.
/// With `before` (the state before the last move), only the variables that changed are listed,
/// each as `name=new (was old)`; without it, all of them.
pub fn write_view(
    out: &mut String,
    story: &Story,
    state: &State,
    before: Option<&State>,
    v: &View,
) {
    // Writing to a String cannot fail: the results below are ignored on purpose.
    let _ = writeln!(
        out,
        "== {} [{}] turn {}",
        v.passage, v.chapter_title, v.turn
    );
    let vars: Vec<String> = story
        .variables()
        .iter()
        .filter_map(|var| {
            let now = state.value(&var.name)?;
            match before.map(|b| b.value(&var.name)) {
                None => Some(format!("{}={now}", var.name)),
                Some(Some(was)) if was == now => None,
                Some(Some(was)) => Some(format!("{}={now} (was {was})", var.name)),
                Some(None) => Some(format!("{}={now}", var.name)),
            }
        })
        .collect();
    match (vars.is_empty(), before.is_some()) {
        (false, false) => {
            let _ = writeln!(out, "   vars: {}", vars.join(" "));
        }
        (false, true) => {
            let _ = writeln!(out, "   changed: {}", vars.join(" "));
        }
        (true, _) => {}
    }
    let achievements: Vec<&str> = state.achievements().collect();
    if !achievements.is_empty() {
        let _ = writeln!(out, "   achievements: {}", achievements.join(" "));
    }
    for p in &v.paragraphs {
        let _ = writeln!(out, "{}", Inline::markdown(p));
    }
    for (i, c) in v.choices.iter().enumerate() {
        let lock = match (&c.enabled, &c.locked) {
            (true, _) => String::new(),
            (false, Some(reason)) => format!(" [locked: {reason}]"),
            (false, None) => " [locked]".into(),
        };
        let _ = writeln!(out, "  {}. {}{lock}", i + 1, Inline::markdown(&c.text));
    }
    if let Some(e) = &v.ending {
        let _ = writeln!(out, "ENDING {}: {}", e.id, e.title);
        for p in &e.epilogue {
            let _ = writeln!(out, "{}", Inline::markdown(p));
        }
    }
}

/// Plays `choices` (0-based indices into each view's choices) from a start with `seed` and
/// renders every step. Stops at the first error, which ends the transcript.
pub fn transcript(story: &Story, seed: u64, choices: &[usize]) -> String {
    transcript_with(story, seed, choices, &mut |s| s)
}

/// [`transcript`], passing every state through `each` before it is viewed or chosen from (the
/// golden tests use it to send each state through a save and back).
pub fn transcript_with(
    story: &Story,
    seed: u64,
    choices: &[usize],
    each: &mut dyn FnMut(State) -> State,
) -> String {
    let mut out = String::new();
    let mut state = match start(story, seed) {
        Ok(s) => each(s),
        Err(e) => return format!("start error: {e}\n"),
    };
    let mut script = choices.iter();
    let mut before: Option<State> = None;
    loop {
        let v = match view(story, &state) {
            Ok(v) => v,
            Err(e) => {
                let _ = writeln!(out, "view error: {e}");
                return out;
            }
        };
        write_view(&mut out, story, &state, before.as_ref(), &v);
        let Some(&pick) = script.next() else {
            return out;
        };
        let _ = writeln!(out, "> {}", pick + 1);
        state = match choose(story, &state, pick) {
            Ok(s) => {
                before = Some(state);
                each(s)
            }
            Err(e) => {
                let _ = writeln!(out, "choose error: {e}");
                return out;
            }
        };
    }
}
