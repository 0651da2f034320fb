//! The stats panel: each shown stat as a bar (or an opposed pair) with its word form, then the
//! labelled counters — exactly as the story declares them.

use story_engine::{Display, Shown, State, Story, Value, Variable};
use yew::prelude::*;

/// Bars, opposed pairs and counters: `state`'s values, with `story`'s declarations and word
/// forms. A plain function: it keeps no state.
pub fn panel(story: &Story, state: &State) -> Html {
    let has_counters = story_engine::shown_as(story, Shown::Counter)
        .next()
        .is_some();
    html! {
        <div class="stats">
            <ul class="bars">
                { for story_engine::shown_as(story, Shown::Stat).map(|v| bar(story, v, state.value(&v.name))) }
            </ul>
            if has_counters {
                <h3>{ "Record" }</h3>
                <dl class="counters">{ counters(story, state) }</dl>
            }
        </div>
    }
}

/// The counters the player sees, as `<dt>`/`<dd>` rows of a `<dl class="counters">` (the stats
/// panel's record and the career report share them).
pub fn counters(story: &Story, state: &State) -> Html {
    html! {
        { for story_engine::shown_as(story, Shown::Counter).map(|v| html! {
            <div>
                <dt>{ v.label.clone().unwrap_or_default() }</dt>
                <dd>{ state.value(&v.name).map(ToString::to_string).unwrap_or_default() }</dd>
            </div>
        }) }
    }
}

/// One stat: label, word and a meter. An opposed stat names both ends.
fn bar(story: &Story, v: &Variable, value: Option<&Value>) -> Html {
    let n = match value {
        Some(Value::Int(n)) => *n,
        _ => v.min,
    };
    // Thousandths of the range, in integers: no float printing in the bundle.
    let span = (v.max - v.min).max(1);
    let permille = (n - v.min).clamp(0, span) * 1000 / span;
    let label = v.label.clone().unwrap_or_else(|| v.name.clone());
    let word = value
        .and_then(|value| story.word(&v.name, value))
        .map(str::to_owned);
    let opposed = v.display == Display::Opposed;
    let text = match &word {
        Some(word) => format!("{label}: {n} ({word})"),
        None => format!("{label}: {n}"),
    };
    html! {
        <li class={classes!("stat", opposed.then_some("opposed"))}>
            <div class="stat-head">
                if opposed {
                    <span class="end">{ v.opposite.clone().unwrap_or_default() }</span>
                    <span class="word">{ word.clone().unwrap_or_default() }</span>
                    <span class="end">{ label.clone() }</span>
                } else {
                    <span class="name">{ label.clone() }</span>
                    <span class="word">{ word.clone().unwrap_or_default() }</span>
                    <span class="value">{ n }</span>
                }
            </div>
            // SVG geometry rather than a `style` attribute: the page's CSP forbids inline styles.
            <svg class="meter" viewBox="0 0 1000 10" preserveAspectRatio="none" role="meter"
                aria-label={text} aria-valuenow={n.to_string()}
                aria-valuemin={v.min.to_string()} aria-valuemax={v.max.to_string()}>
                <rect class="track" width="1000" height="10" />
                if opposed {
                    <rect class="fill" x={permille.min(500).to_string()} width={(permille - 500).abs().to_string()} height="10" />
                    <rect class="mid" x="496" width="8" height="10" />
                } else {
                    <rect class="fill" width={permille.to_string()} height="10" />
                }
            </svg>
        </li>
    }
}
