//! Sharing a run on the built page: play to an ending, take the ending screen's replay link to
//! a fresh browser (its own profile: no autosave, nothing shared), watch the career step by
//! step to the same ending without the page writing an autosave, then take over.

use crate::{
    play::{ending_is_shown, play_keys, route_to_an_ending, wait_for_state},
    webdriver::Browser,
    Context, LOAD, SEED,
};

/// How many autosaves the page's `localStorage` holds.
fn autosaves(browser: &Browser) -> Result<u64, String> {
    let count = browser.execute(
        "return Object.keys(localStorage).filter(k => k.endsWith('/auto')).length;",
        serde_json::json!([]),
    )?;
    count
        .as_u64()
        .ok_or_else(|| format!("not a count: {count}"))
}

/// An ending's link, opened in another browser, replays the same career to the same ending.
pub fn a_shared_link_replays_the_run(context: &Context, browser: &Browser) -> Result<(), String> {
    let route = route_to_an_ending(&context.story)?;
    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    wait_for_state(browser, &route.states[0])?;
    play_keys(browser, &route, 0, route.picks.len())?;
    ending_is_shown(browser, &route)?;
    let link = browser.wait_for(".report .share-link", LOAD)?;
    let url = browser
        .attribute(&link, "href")?
        .ok_or("the share link has no address")?;
    if browser.text(&link)?.trim() != url {
        return Err("the link's visible text is not its address".into());
    }
    if !url.contains("?replay=") {
        return Err(format!("not a replay link: {url}"));
    }

    let other = Browser::start(1280, 900)?;
    other.goto(&url)?;
    let watch = other.wait_for(".watch", LOAD)?;
    let steps = other.attribute(&watch, "data-steps")?.unwrap_or_default();
    if steps != route.picks.len().to_string() {
        return Err(format!(
            "the replay has {steps} steps, the run {}",
            route.picks.len()
        ));
    }
    for (step, state) in route.states.iter().enumerate() {
        if step > 0 {
            let next = other.wait_for(".watch-next", LOAD)?;
            other.click(&next)?;
        }
        wait_for_state(&other, state)?;
    }
    ending_is_shown_in_replay(&other, &route.ending)?;
    if autosaves(&other)? != 0 {
        return Err("watching a replay wrote an autosave".into());
    }
    // Taking over at the ending: no autosave to replace, so no question; the report follows.
    let take_over = other.wait_for(".take-over", LOAD)?;
    other.click(&take_over)?;
    other.wait_for(".report", LOAD)?;
    if autosaves(&other)? != 1 {
        return Err("taking over did not write the autosave".into());
    }
    let address = other.execute("return location.search;", serde_json::json!([]))?;
    if address.as_str().is_some_and(|q| q.contains("replay")) {
        return Err(format!(
            "the address still replays after taking over: {address}"
        ));
    }
    Ok(())
}

/// The replay's last step shows the ending the engine predicts.
fn ending_is_shown_in_replay(browser: &Browser, ending: &str) -> Result<(), String> {
    let title = browser.wait_for(".watch .ending h2", LOAD)?;
    let shown = browser.text(&title)?;
    if shown.trim() != ending {
        return Err(format!(
            "the replay ends in {shown:?}, the run in {ending:?}"
        ));
    }
    Ok(())
}
