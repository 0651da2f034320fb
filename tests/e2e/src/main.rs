//! End-to-end test of the built page: serves `dist/` on loopback, drives headless Chromium
//! through chromedriver like a player would, and checks what it shows against the engine
//! running natively on the same story files. Run by `cargo xtask test` after `trunk build` as
//! `e2e DIST ZIP`: the built folder, and the zip `cargo xtask dist` made of it.
//!
//! Prints one line per scenario and closes with `e2e: N passed, M failed`; exits 1 on failure.
//! `E2E_ONLY=text` runs only the scenarios whose name contains `text`.

mod a11y;
mod acts;
mod author;
mod bench;
mod offline;
mod play;
mod replay;
mod server;
mod webdriver;

use std::{
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
    time::Duration,
};

use story_engine::{Inline, Story};
use webdriver::Browser;

/// The seed every scenario plays with, so the engine's prediction and the page agree.
const SEED: u64 = 7;
/// How long a page may take to show its first passage (a cold wasm compile included).
const LOAD: Duration = Duration::from_secs(30);

/// What every scenario gets: the page's address, the story as the engine loads it natively,
/// a folder for screenshots, the test stories' folder, and axe-core's script.
struct Context {
    base: String,
    story: Story,
    artifacts: PathBuf,
    fixtures: PathBuf,
    axe: String,
    /// The built page's folder (scenarios that run their own server serve it again).
    dist: PathBuf,
    /// The distributable zip, if given.
    archive: Option<PathBuf>,
}

/// A scenario plays the page in a fresh browser; on failure the runner keeps a screenshot and
/// the console in `target/e2e/`.
type Scenario = fn(&Context, &Browser) -> Result<(), String>;

const SCENARIOS: &[(&str, Scenario)] = &[
    (
        "a clicked choice shows the passage the engine predicts, under the page's CSP",
        click_follows_the_engine,
    ),
    (
        "the first load carries the first act; the rest of the story is fetched after the first choice",
        acts::the_rest_comes_after_the_first_choice,
    ),
    (
        "the keyboard alone plays from the start to an ending",
        play::keyboard_to_an_ending,
    ),
    (
        "the keyboard alone plays a whole career to a second, different ending",
        play::keyboard_to_another_ending,
    ),
    (
        "a reload in the middle of a run continues where the player was",
        play::reload_continues,
    ),
    (
        "an ending's replay link, opened in a fresh browser, replays the run to the same ending",
        replay::a_shared_link_replays_the_run,
    ),
    (
        "?author leads to the author page, which goes on with the run, and back",
        author::author_page_continues_the_run,
    ),
    (
        "screenshots of the main screens: desktop and phone, light and dark",
        play::screenshots,
    ),
    (
        "axe-core finds no violation on any screen, light and dark, desktop and 360 px",
        a11y::every_screen_is_accessible,
    ),
    (
        "offline: after the first visit a reload plays with the network off and the host gone",
        offline::offline_after_the_first_visit,
    ),
    (
        "offline: a new build waits for the player, then replaces the old one and its cache",
        offline::an_update_waits_for_the_player,
    ),
    (
        "offline: the distributable zip plays from a host's sub-folder, online and off",
        offline::the_zip_plays_from_a_sub_folder,
    ),
];

fn main() -> ExitCode {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // `e2e bench DIST HELLO_DIST [STORY_GZIP_BYTES]`: the page's benchmarks (see
    // BENCHMARKS.md), not tests. The last is the compiled story's gzip -9 size (xtask finds it).
    if std::env::args().nth(1).as_deref() == Some("bench") {
        let arg = |n: usize, default: &str| {
            std::env::args()
                .nth(n)
                .map(PathBuf::from)
                .unwrap_or_else(|| repo.join(default))
        };
        return match bench::run(
            &arg(2, "dist"),
            &arg(3, "target/bench/hello"),
            std::env::args().nth(4).and_then(|n| n.parse().ok()),
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("bench: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let dist = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("dist"));
    let archive = std::env::args().nth(2).map(PathBuf::from);
    let setup = || -> Result<Context, String> {
        for page in ["index.html", "author/index.html"] {
            if !dist.join(page).is_file() {
                return Err(format!(
                    "{} has no {page}: run `trunk build --release` first",
                    dist.display()
                ));
            }
        }
        let axe = a11y::load_axe(&repo)?;
        let story = load_story(&repo.join("story"))?;
        let base = server::serve(dist.clone()).map_err(|e| format!("cannot serve dist/: {e}"))?;
        let artifacts = repo.join("target/e2e");
        fs::create_dir_all(&artifacts).map_err(|e| e.to_string())?;
        Ok(Context {
            base,
            story,
            artifacts,
            fixtures: repo.join("tests/fixtures"),
            axe,
            dist: dist.clone(),
            archive: archive.clone(),
        })
    };
    let context = match setup() {
        Ok(context) => context,
        Err(error) => {
            eprintln!("e2e: cannot start: {error}");
            println!("e2e: 0 passed, 1 failed");
            return ExitCode::FAILURE;
        }
    };
    // `E2E_ONLY=text` runs only the scenarios whose name contains `text` (while working on one).
    let only = std::env::var("E2E_ONLY").unwrap_or_default();
    let chosen: Vec<(usize, &(&str, Scenario))> = SCENARIOS
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.contains(only.as_str()))
        .collect();
    let mut failed = 0;
    for (number, (name, scenario)) in chosen.iter().copied() {
        match Browser::start(1280, 900).and_then(|browser| {
            scenario(&context, &browser)
                .and_then(|()| no_console_problems(&browser))
                .map_err(|error| failure_report(&context, &browser, number, error))
        }) {
            Ok(()) => println!("ok   {name}"),
            Err(error) => {
                failed += 1;
                println!("FAIL {name}\n     {error}");
            }
        }
    }
    println!("e2e: {} passed, {failed} failed", chosen.len() - failed);
    if chosen.is_empty() {
        println!("e2e: no scenario's name contains {only:?}");
        return ExitCode::FAILURE;
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Loads the story from its folder the way the `story` CLI does, failing on any error.
fn load_story(dir: &Path) -> Result<Story, String> {
    let (manifest, chapters) = story_engine::read_source_bytes(|path| {
        let file = dir.join(path);
        match fs::read(&file) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && path != "story.json" => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
        }
    })?;
    let loaded = story_engine::load_bytes(&manifest, &chapters);
    loaded.story.ok_or_else(|| {
        let lines: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        format!("the story does not load:\n{}", lines.join("\n"))
    })
}

/// Keeps what the browser showed when scenario `number` failed, and adds it to the error.
fn failure_report(context: &Context, browser: &Browser, number: usize, error: String) -> String {
    let shot = context.artifacts.join(format!("failure-{number}.png"));
    let saved = browser
        .screenshot()
        .and_then(|png| fs::write(&shot, png).map_err(|e| e.to_string()));
    let console = browser.console().unwrap_or_default().join("\n     ");
    let shot = match saved {
        Ok(()) => shot.display().to_string(),
        Err(e) => format!("no screenshot: {e}"),
    };
    format!("{error}\n     screenshot: {shot}\n     console:\n     {console}")
}

fn plain_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) => text.clone(),
            Inline::Em(children) | Inline::Strong(children) => plain_text(children),
        })
        .collect()
}

/// The id of the passage on screen.
fn shown_passage(browser: &Browser) -> Result<String, String> {
    let article = browser.wait_for("article.passage", LOAD)?;
    browser
        .attribute(&article, "data-passage")?
        .ok_or_else(|| "the passage has no id".into())
}

/// The first passage's view, the index of its first enabled choice, and the state after it.
fn first_step(story: &Story) -> Result<(story_engine::View, usize, story_engine::State), String> {
    let start = story_engine::start(story, SEED).map_err(|e| e.to_string())?;
    let first = story_engine::view(story, &start).map_err(|e| e.to_string())?;
    let index = first
        .choices
        .iter()
        .position(|choice| choice.enabled)
        .ok_or("the first passage has no enabled choice")?;
    let next = story_engine::choose(story, &start, index).map_err(|e| e.to_string())?;
    Ok((first, index, next))
}

fn click_follows_the_engine(context: &Context, browser: &Browser) -> Result<(), String> {
    let story = &context.story;
    let (first, index, next) = first_step(story)?;
    let expected = story_engine::view(story, &next).map_err(|e| e.to_string())?;

    browser.goto(&format!("{}/?seed={SEED}", context.base))?;
    let shown = shown_passage(browser)?;
    if shown != first.passage {
        return Err(format!(
            "the page starts at `{shown}`, the engine at `{}`",
            first.passage
        ));
    }
    let buttons = browser.find_all("nav[aria-label=Choices] button")?;
    let button = buttons.get(index).ok_or("the choice button is missing")?;
    browser.click(button)?;
    browser.wait_until("the next passage", LOAD, |b| {
        let id = shown_passage(b)?;
        Ok((id == expected.passage).then_some(()))
    })?;
    // WebDriver reads text that is still fading in (transparent) as empty, so the paragraph is
    // polled until it shows the engine's text rather than read once.
    let want = plain_text(&expected.paragraphs[0]);
    let mut seen = String::new();
    browser
        .wait_until("the engine's first paragraph", LOAD, |b| {
            let paragraph = b.wait_for("article.passage > p:not(.chapter)", LOAD)?;
            seen = b.text(&paragraph)?;
            Ok((seen.trim() == want.trim()).then_some(()))
        })
        .map_err(|_| format!("first paragraph differs:\n page:   {seen}\n engine: {want}"))?;
    let png = browser.screenshot()?;
    fs::write(context.artifacts.join("after-first-choice.png"), png).map_err(|e| e.to_string())
}

/// Fails if the page logged an error or a warning (a Content-Security-Policy violation, a
/// failed request, an intervention such as `preventDefault` in a passive listener, a
/// deprecation), naming each line. Run after every scenario, over the whole session's console.
fn no_console_problems(browser: &Browser) -> Result<(), String> {
    let problems: Vec<String> = browser
        .console()?
        .into_iter()
        .filter(|line| {
            line.starts_with("SEVERE")
                || line.starts_with("WARNING")
                || line.contains("Content Security Policy")
        })
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "the console reports problems ({}):\n     {}",
            problems.len(),
            problems.join("\n     ")
        ));
    }
    Ok(())
}
