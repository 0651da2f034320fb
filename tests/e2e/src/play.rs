//! Player scenarios on the built page: whole runs to two different endings with the keyboard
//! alone, a reload in the middle of a run, and the screenshots of the main screens (desktop and
//! phone, light and dark). The route is computed natively with the engine, so the story can change
//! under the test without editing it.

use std::{fs, time::Duration};

use serde_json::json;
use story_engine::{State, Story};

use crate::{shown_passage, webdriver::Browser, Context, LOAD, SEED};

/// The WebDriver key code of Backspace.
const BACKSPACE: &str = "\u{E003}";

/// A way through the story: the choice index of each step and the state after it.
pub struct Route {
    /// Choice indices, each below 9 so a number key reaches it.
    pub picks: Vec<usize>,
    /// `states[0]` is the start; `states[i + 1]` follows `picks[i]`.
    pub states: Vec<State>,
    /// The ending's title.
    pub ending: String,
}

/// The shortest of a few hundred seeded random routes from the start (with the page's seed) to
/// an ending, taking only choices a number key can reach.
pub fn route_to_an_ending(story: &Story) -> Result<Route, String> {
    shortest_routes(story)?
        .into_iter()
        .next()
        .ok_or_else(|| "no random route reaches an ending".into())
}

/// Of a few hundred seeded random routes, the shortest to each ending reached, shortest first.
fn shortest_routes(story: &Story) -> Result<Vec<Route>, String> {
    let mut best: Vec<Route> = Vec::new();
    for route in random_routes(story)? {
        match best.iter_mut().find(|b| b.ending == route.ending) {
            Some(b) if b.picks.len() <= route.picks.len() => {}
            Some(b) => *b = route,
            None => best.push(route),
        }
    }
    best.sort_by_key(|r| r.picks.len());
    Ok(best)
}

/// A few hundred seeded random routes from the start (with the page's seed), each to an
/// ending, taking only choices a number key can reach; walks that stop short are left out.
pub fn random_routes(story: &Story) -> Result<Vec<Route>, String> {
    let mut routes = Vec::new();
    for walk in 1..=400u64 {
        let mut rng = walk.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut state = story_engine::start(story, SEED).map_err(|e| e.to_string())?;
        let (mut picks, mut states) = (Vec::new(), vec![state.clone()]);
        for _ in 0..400 {
            let view = story_engine::view(story, &state).map_err(|e| e.to_string())?;
            if let Some(ending) = view.ending {
                routes.push(Route {
                    picks,
                    states,
                    ending: ending.title,
                });
                break;
            }
            let enabled: Vec<usize> = (0..view.choices.len().min(9))
                .filter(|&i| view.choices[i].enabled)
                .collect();
            if enabled.is_empty() {
                break;
            }
            // xorshift: a different, repeatable route per walk.
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let pick = enabled[(rng % enabled.len() as u64) as usize];
            state = story_engine::choose(story, &state, pick).map_err(|e| e.to_string())?;
            picks.push(pick);
            states.push(state.clone());
        }
    }
    Ok(routes)
}

/// Waits until the page shows `state`: its passage at its turn.
pub fn wait_for_state(browser: &Browser, state: &State) -> Result<(), String> {
    let want = (state.passage().to_owned(), state.turn().to_string());
    browser
        .wait_until(
            &format!("passage `{}` at turn {}", want.0, want.1),
            LOAD,
            |b| {
                // One script reads both attributes: the article is keyed by turn, so one found
                // by a separate request can be replaced (stale) before its attributes are read.
                let shown = b.execute(
                    "const a = document.querySelector('article.passage'); \
                     return a ? [a.dataset.passage, a.dataset.turn] : null;",
                    json!([]),
                )?;
                let shown = (
                    shown[0].as_str().unwrap_or_default().to_owned(),
                    shown[1].as_str().unwrap_or_default().to_owned(),
                );
                Ok((shown == want).then_some(()))
            },
        )
        .map(drop)
}

/// Presses the number keys of `route` from step `from` to step `to`, checking every passage.
pub fn play_keys(browser: &Browser, route: &Route, from: usize, to: usize) -> Result<(), String> {
    for step in from..to {
        browser.press(&(route.picks[step] + 1).to_string())?;
        wait_for_state(browser, &route.states[step + 1])?;
    }
    Ok(())
}

/// From the first passage to an ending with number keys only, an undo by Backspace on the way.
pub fn keyboard_to_an_ending(context: &Context, browser: &Browser) -> Result<(), String> {
    let route = route_to_an_ending(&context.story)?;
    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    wait_for_state(browser, &route.states[0])?;
    play_keys(browser, &route, 0, 1)?;
    browser.press(BACKSPACE)?;
    wait_for_state(browser, &route.states[0])?;
    play_keys(browser, &route, 0, route.picks.len())?;
    ending_is_shown(browser, &route)
}

/// A second, different ending by keyboard: a whole career, past the week loop of act II into
/// act III (the shortest route of all usually leaves in act I).
pub fn keyboard_to_another_ending(context: &Context, browser: &Browser) -> Result<(), String> {
    let routes = shortest_routes(&context.story)?;
    let route = routes
        .get(1)
        .ok_or("random routes reach only one ending: nothing to compare")?;
    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    wait_for_state(browser, &route.states[0])?;
    play_keys(browser, route, 0, route.picks.len())?;
    ending_is_shown(browser, route)
}

/// The page shows the route's ending and the career report's chart.
pub(crate) fn ending_is_shown(browser: &Browser, route: &Route) -> Result<(), String> {
    let title = browser.wait_for(".ending h2", LOAD)?;
    let shown = browser.text(&title)?;
    if shown.trim() != route.ending {
        return Err(format!(
            "the page shows ending {shown:?}, the engine {:?}",
            route.ending
        ));
    }
    browser.wait_for(".report svg", LOAD)?;
    Ok(())
}

/// A reload in the middle of a run continues where the player was.
pub fn reload_continues(context: &Context, browser: &Browser) -> Result<(), String> {
    let route = route_to_an_ending(&context.story)?;
    let middle = (route.picks.len() / 2).max(1);
    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    wait_for_state(browser, &route.states[0])?;
    play_keys(browser, &route, 0, middle)?;
    browser.refresh()?;
    wait_for_state(browser, &route.states[middle])?;
    play_keys(browser, &route, middle, (middle + 1).min(route.picks.len()))?;
    if shown_passage(browser)? != route.states[(middle + 1).min(route.picks.len())].passage() {
        return Err("the run did not go on after the reload".into());
    }
    Ok(())
}

/// Screenshots of the main screens into `target/e2e/`: desktop and phone, light and dark.
pub fn screenshots(context: &Context, browser: &Browser) -> Result<(), String> {
    let route = route_to_an_ending(&context.story)?;
    let shot = |name: &str| -> Result<(), String> {
        // Let the passage's fade-in finish: this is a picture, not an assertion.
        std::thread::sleep(Duration::from_millis(400));
        let png = browser.screenshot()?;
        fs::write(context.artifacts.join(format!("{name}.png")), png).map_err(|e| e.to_string())
    };
    for (device, width, height) in [("desktop", 1280, 1240), ("phone", 360, 780)] {
        for theme in ["light", "dark"] {
            // A fresh run in a fresh tab state: the autosave of the last round is dropped.
            browser.resize(width, height)?;
            browser.goto(&format!("{}/?seed={SEED}&fresh", context.base))?;
            wait_for_state(browser, &route.states[0])?;
            choose_theme(browser, theme)?;
            let name = |screen: &str| format!("{device}-{theme}-{screen}");
            shot(&name("start"))?;
            let some = route.picks.len().min(3);
            play_keys(browser, &route, 0, some)?;
            open_panel(browser, "Stats")?;
            shot(&name("stats"))?;
            open_panel(browser, "Saves")?;
            save_in_first_slot(browser)?;
            shot(&name("saves"))?;
            close_panel(browser)?;
            play_keys(browser, &route, some, route.picks.len())?;
            browser.wait_for(".report svg", LOAD)?;
            // Tall enough for the epilogue and the report in one picture.
            browser.resize(width, 2200)?;
            shot(&name("ending"))?;
        }
    }
    Ok(())
}

/// Saves in the first slot of the open saves panel and waits until the slot shows it.
pub fn save_in_first_slot(browser: &Browser) -> Result<(), String> {
    let save = browser.wait_for("[data-slot=slot1] button", LOAD)?;
    browser.click(&save)?;
    browser
        .wait_until("the slot to fill", LOAD, |b| {
            Ok(b.find_all("[data-slot=slot1] .slot-meta")?.first().cloned())
        })
        .map(drop)
}

/// Picks a theme in the settings panel and closes it again.
pub fn choose_theme(browser: &Browser, theme: &str) -> Result<(), String> {
    open_panel(browser, "Settings")?;
    let index = match theme {
        "light" => 1,
        _ => 2,
    };
    let radios = browser.find_all(".settings input[name=theme]")?;
    let radio = radios.get(index).ok_or("no theme radio buttons")?;
    browser.click(radio)?;
    browser.wait_until("the theme to apply", LOAD, |b| {
        let app = b.wait_for(".app", LOAD)?;
        Ok((b.attribute(&app, "data-theme")?.as_deref() == Some(theme)).then_some(()))
    })?;
    close_panel(browser)
}

pub fn open_panel(browser: &Browser, panel: &str) -> Result<(), String> {
    let button = browser.wait_for(&format!(".menu-button[data-panel={panel}]"), LOAD)?;
    browser.click(&button)?;
    browser
        .wait_for(&format!(".sheet[data-sheet={panel}]"), LOAD)
        .map(drop)
}

pub fn close_panel(browser: &Browser) -> Result<(), String> {
    let close = browser.wait_for(".sheet .close", LOAD)?;
    browser.click(&close)?;
    browser.wait_until("the panel to close", LOAD, |b| {
        Ok(b.find_all(".sheet")?.is_empty().then_some(()))
    })
}
