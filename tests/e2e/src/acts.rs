//! The story loaded by act: the first load carries the core (the first act's prose), and the
//! page asks for the rest of the story (`story-<hash>.bin`) only once its first choice is on
//! screen; the rest then arrives.

use std::time::Duration;

use serde_json::json;

use crate::{webdriver::Browser, Context, LOAD, SEED};

/// The `first-choice` mark's time and, once it has been fetched, the rest chunk's request start
/// and end, in the page's performance timeline (ms since navigation).
const TIMES: &str = "const mark = performance.getEntriesByName('first-choice')[0]; \
    const rest = performance.getEntriesByType('resource') \
      .find((r) => /\\/story-[0-9a-f]{16}\\.bin$/.test(new URL(r.name).pathname)); \
    return mark && rest && rest.responseEnd > 0 \
      ? [mark.startTime, rest.startTime, rest.responseEnd] : null;";

/// Loads the page fresh and compares the rest chunk's request with the first choice's mark.
pub fn the_rest_comes_after_the_first_choice(
    context: &Context,
    browser: &Browser,
) -> Result<(), String> {
    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    let times = browser.wait_until(
        "the first choice and the rest of the story",
        LOAD + Duration::from_secs(10),
        |b| {
            let times = b.execute(TIMES, json!([]))?;
            Ok(times.as_array().map(|t| {
                t.iter()
                    .map(|v| v.as_f64().unwrap_or(f64::NAN))
                    .collect::<Vec<_>>()
            }))
        },
    )?;
    let [choice, asked, arrived] = times[..] else {
        return Err(format!("unexpected timings {times:?}"));
    };
    if asked.is_nan() || asked < choice {
        return Err(format!(
            "the rest of the story was requested at {asked:.1} ms, before the first choice was on screen at {choice:.1} ms"
        ));
    }
    if arrived.is_nan() || arrived < asked {
        return Err(format!("the rest of the story never arrived ({times:?})"));
    }
    Ok(())
}
