//! The author page end to end: the player's page carries no author tools; `?author` leads to
//! the author page (`author/`), which goes on with the same run (the autosave is shared) and
//! shows the tools; its link leads back to the player's page, still at the same passage.

use crate::{first_step, shown_passage, webdriver::Browser, Context, LOAD, SEED};

pub fn author_page_continues_the_run(context: &Context, browser: &Browser) -> Result<(), String> {
    let (_, index, next) = first_step(&context.story)?;
    let here = next.passage().to_owned();

    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    shown_passage(browser)?;
    if !browser.find_all(".author-bar")?.is_empty() {
        return Err("the player's page shows author tools".into());
    }
    let buttons = browser.find_all("nav[aria-label=Choices] button")?;
    browser.click(buttons.get(index).ok_or("the choice button is missing")?)?;
    browser.wait_until("the next passage", LOAD, |b| {
        Ok((shown_passage(b)? == here).then_some(()))
    })?;

    browser.goto(&format!("{}/?author", context.base))?;
    let badge = browser.wait_for(".author-badge", LOAD)?;
    let path = browser.execute("return location.pathname;", serde_json::json!([]))?;
    if path.as_str() != Some("/author/") {
        return Err(format!("`?author` led to {path}, not /author/"));
    }
    let badge = browser.text(&badge)?;
    let shown = shown_passage(browser)?;
    if badge.trim() != here || shown != here {
        return Err(format!(
            "the author page is at `{shown}` (badge `{badge}`); the run was at `{here}`"
        ));
    }
    browser.wait_for("#author-tools", LOAD)?;

    let back = browser.wait_for("a.author-leave", LOAD)?;
    browser.click(&back)?;
    browser.wait_until("the player's page", LOAD, |b| {
        let path = b.execute("return location.pathname;", serde_json::json!([]))?;
        Ok((path.as_str() == Some("/")).then_some(()))
    })?;
    let shown = shown_passage(browser)?;
    if shown != here {
        return Err(format!(
            "back on the player's page at `{shown}`, not `{here}`"
        ));
    }
    Ok(())
}
