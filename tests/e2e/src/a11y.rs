//! The accessibility audit: axe-core (npm, pinned in `package.json`) runs in the built page on
//! every screen a player or an author can reach — the start, a passage with a locked choice,
//! each toolbar panel, the restart dialog, a refused import, the ending with its career report,
//! the failure panel, and the author page with each of its tabs and a story's diagnostics — in
//! the light and the dark theme, on a desktop and at 360 px. Any violation fails the scenario. It navigates with
//! `play`'s helpers; it does not decide what the page shows (the other scenarios do).

use std::{
    fs,
    path::{Path, PathBuf},
    time::Duration,
};

use serde_json::{json, Value};
use story_engine::{State, Story};

use crate::{
    play::{self, Route},
    webdriver::Browser,
    Context, LOAD, SEED,
};

/// Where `npm ci` puts axe-core, from the repository's root.
const AXE: &str = "node_modules/axe-core/axe.min.js";

/// The window sizes audited: a desktop and the narrowest phone the page supports.
const DEVICES: [(&str, u32, u32); 2] = [("desktop", 1280, 900), ("phone", 360, 780)];

/// Reads axe-core's script, or says how to get it.
pub fn load_axe(repo: &Path) -> Result<String, String> {
    let path = repo.join(AXE);
    fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read axe-core from {}: {e}; run `npm ci` (or `cargo xtask install`) in the repository",
            path.display()
        )
    })
}

/// The violations found so far, one line each, and the script that finds them.
struct Audit<'a> {
    browser: &'a Browser,
    axe: &'a str,
    violations: Vec<String>,
    screens: usize,
}

impl Audit<'_> {
    /// Runs axe-core on the page as it is now, once its animations have finished, and keeps
    /// each violation as `screen: rule (impact) at target: summary`.
    fn screen(&mut self, name: &str) -> Result<(), String> {
        let present = self
            .browser
            .execute("return typeof window.axe === 'object';", json!([]))?;
        if present != Value::Bool(true) {
            // A navigation drops the script: inject it again. axe.min.js sets `window.axe`.
            self.browser.execute(self.axe, json!([]))?;
        }
        let found = self.browser.execute_async(RUN, json!([]))?;
        let lines = found
            .as_array()
            .ok_or_else(|| format!("{name}: axe-core did not run: {found}"))?;
        self.screens += 1;
        self.violations.extend(
            lines
                .iter()
                .map(|line| format!("{name}: {}", line.as_str().unwrap_or_default())),
        );
        Ok(())
    }

    fn verdict(self) -> Result<(), String> {
        if self.violations.is_empty() {
            return Ok(());
        }
        Err(format!(
            "axe-core finds {} violations on {} screens:\n     {}",
            self.violations.len(),
            self.screens,
            self.violations.join("\n     ")
        ))
    }
}

/// Waits for running animations (the passage fades in: a half-faded text has a lower
/// contrast than the page's), then runs axe and reports each violating element as one line,
/// or a string if axe itself failed.
const RUN: &str = r"
const done = arguments[arguments.length - 1];
Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))
  .then(() => axe.run(document, { resultTypes: ['violations'] }))
  .then((results) => done(results.violations.flatMap((v) => v.nodes.map((n) => {
    const summary = (n.failureSummary || v.help).split('\n').map((s) => s.trim())
      .filter((s) => s && !s.startsWith('Fix ')).join('; ');
    return `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${summary}`;
  }))))
  .catch((e) => done(`axe-core failed: ${e}`));
";

/// Every screen, both themes, desktop and phone: zero violations.
pub fn every_screen_is_accessible(context: &Context, browser: &Browser) -> Result<(), String> {
    let route = route_past_a_locked_choice(&context.story)?;
    let locked = route
        .states
        .iter()
        .position(|state| has_locked_choice(&context.story, state))
        .ok_or("the route passes no locked choice")?;
    // axe on a long page on a busy machine can take longer than WebDriver's default 30 s.
    browser.script_timeout(Duration::from_secs(180))?;
    let mut audit = Audit {
        browser,
        axe: &context.axe,
        violations: Vec::new(),
        screens: 0,
    };
    for (device, width, height) in DEVICES {
        browser.resize(width, height)?;
        for theme in ["light", "dark"] {
            let round = format!("{device}, {theme}");
            player_screens(context, &mut audit, &round, theme, &route, locked)?;
            author_screens(context, &mut audit, &round, theme)?;
        }
    }
    audit.verdict()
}

/// The player's page: start, locked choice, restart dialog, ending, every panel, a refused
/// import.
fn player_screens(
    context: &Context,
    audit: &mut Audit,
    round: &str,
    theme: &str,
    route: &Route,
    locked: usize,
) -> Result<(), String> {
    let browser = audit.browser;
    browser.goto(&format!("{}/?seed={SEED}&fresh", context.base))?;
    play::wait_for_state(browser, &route.states[0])?;
    play::choose_theme(browser, theme)?;
    audit.screen(&format!("{round}, start"))?;

    play::play_keys(browser, route, 0, locked)?;
    browser.wait_for("nav[aria-label=Choices] button:disabled .locked", LOAD)?;
    audit.screen(&format!("{round}, a passage with a locked choice"))?;

    let restart = browser.wait_for("footer.controls button:last-child", LOAD)?;
    browser.click(&restart)?;
    browser.wait_for("dialog.confirm[open]", LOAD)?;
    audit.screen(&format!("{round}, the restart dialog"))?;
    let keep = browser.wait_for("dialog.confirm .cancel", LOAD)?;
    browser.click(&keep)?;
    browser.wait_until("the dialog to close", LOAD, |b| {
        Ok(b.find_all("dialog.confirm")?.is_empty().then_some(()))
    })?;

    play::play_keys(browser, route, locked, route.picks.len())?;
    browser.wait_for(".report svg", LOAD)?;
    audit.screen(&format!("{round}, the ending and the career report"))?;

    // The panels at the end of a run have the most in them: every stat moved, a long log, an
    // ending in the gallery.
    for panel in ["Stats", "Saves", "Log", "Gallery", "Settings"] {
        play::open_panel(browser, panel)?;
        if panel == "Saves" {
            play::save_in_first_slot(browser)?;
            audit.screen(&format!("{round}, the Saves panel"))?;
            refuse_an_import(context, browser)?;
            audit.screen(&format!("{round}, the Saves panel refusing an import"))?;
        } else {
            audit.screen(&format!("{round}, the {panel} panel"))?;
        }
        play::close_panel(browser)?;
    }
    Ok(())
}

/// Picks a file that is not a save in the saves panel's import, and waits for the refusal.
fn refuse_an_import(context: &Context, browser: &Browser) -> Result<(), String> {
    let file = context.artifacts.join("not-a-save.json");
    fs::write(&file, "{\"format\": \"a save, truncated").map_err(|e| e.to_string())?;
    let input = browser.wait_for(".sheet input[type=file]", LOAD)?;
    browser.send_keys(&input, &absolute(&file)?)?;
    browser.wait_for(".message.alert.shown", LOAD).map(drop)
}

/// The author page: each tab, the diagnostics of a story with errors, then the failure panel
/// of a story that breaks at run time, both loaded from disk (`tests/fixtures`).
fn author_screens(
    context: &Context,
    audit: &mut Audit,
    round: &str,
    theme: &str,
) -> Result<(), String> {
    let browser = audit.browser;
    browser.goto(&format!("{}/author/?seed={SEED}&fresh", context.base))?;
    crate::shown_passage(browser)?;
    if browser.find_all("#author-tools")?.is_empty() {
        let toggle = browser.wait_for(".author-toggle", LOAD)?;
        browser.click(&toggle)?;
    }
    for tab in ["Variables", "Jump", "Map", "Load from disk"] {
        let button = browser.wait_for(&format!(".author-tabs [data-tab='{tab}']"), LOAD)?;
        browser.click(&button)?;
        browser.wait_for(
            &format!(".author-panel[aria-label='{tab}'] > *:first-child"),
            LOAD,
        )?;
        audit.screen(&format!("{round}, the author page's {tab} tab"))?;
    }

    // A story with errors: it is not played, and its diagnostics are listed.
    pick_story(context, browser, "diag/e001", &["story.json", "c.json"])?;
    browser.wait_for(".author-diagnostics.error li", LOAD)?;
    audit.screen(&format!(
        "{round}, the author page listing a story's errors"
    ))?;

    pick_story(context, browser, "breaks", &["story.json", "a.json"])?;
    browser.wait_until("the breaking story to play", LOAD, |b| {
        let article = b.wait_for("article.passage", LOAD)?;
        let id = b.attribute(&article, "data-passage")?;
        Ok((id.as_deref() == Some("a.calm")).then_some(()))
    })?;
    audit.screen(&format!(
        "{round}, the author page with a story loaded from disk"
    ))?;
    // The theme is the page's setting, not the story's: it is still the round's theme.
    let app = browser.wait_for(".app", LOAD)?;
    if browser.attribute(&app, "data-theme")?.as_deref() != Some(theme) {
        return Err(format!("the loaded story lost the {theme} theme"));
    }
    let divide = browser.wait_for("nav[aria-label=Choices] li:first-child button", LOAD)?;
    browser.click(&divide)?;
    browser.wait_for("[role=alert].failure", LOAD)?;
    audit.screen(&format!("{round}, the failure panel"))
}

/// Picks `files` of the test story in `folder` in the author page's loader.
fn pick_story(
    context: &Context,
    browser: &Browser,
    folder: &str,
    files: &[&str],
) -> Result<(), String> {
    let dir = context.fixtures.join(folder);
    let paths = files
        .iter()
        .map(|file| absolute(&dir.join(file)))
        .collect::<Result<Vec<_>, _>>()?;
    let input = browser.wait_for("input[data-author=files]", LOAD)?;
    browser.send_keys(&input, &paths.join("\n"))
}

/// The shortest random route to an ending that shows a locked choice on the way.
fn route_past_a_locked_choice(story: &Story) -> Result<Route, String> {
    play::random_routes(story)?
        .into_iter()
        .filter(|route| route.states.iter().any(|s| has_locked_choice(story, s)))
        .min_by_key(|route| route.picks.len())
        .ok_or_else(|| "no random route to an ending shows a locked choice".into())
}

fn has_locked_choice(story: &Story, state: &State) -> bool {
    story_engine::view(story, state)
        .is_ok_and(|view| view.choices.iter().any(|choice| !choice.enabled))
}

/// A path WebDriver can hand to a file input: absolute, as text.
fn absolute(path: &Path) -> Result<String, String> {
    let full: PathBuf = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    full.to_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{} is not UTF-8", full.display()))
}
