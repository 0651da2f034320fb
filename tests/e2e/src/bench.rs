//! `e2e bench`: the page's benchmarks, measured in headless Chromium on loopback and printed as
//! Markdown for BENCHMARKS.md. Numbers come from the browser's own clock (`performance`), never
//! from timed assertions: this reports, it does not pass or fail on speed.
//!
//! - size: every file of `dist/`, raw and gzip -9, and the story's share;
//! - load: navigation → first choice on screen (the `first-choice` performance mark both pages
//!   set when their first choice button is mounted), cold profile each run, against a bare Yew
//!   page built with the same profile;
//! - click: a choice clicked → the next passage in the DOM and laid out, and → the next frame.

use std::{fs, path::Path, process::Command, time::Duration};

use serde_json::{json, Value};

use crate::{server, webdriver::Browser};

/// The icon the browser fetches with the page (the manifest's smallest).
const ICON_AT_LOAD: &str = "icons/icon-192.png";
/// Runs of each page for the load benchmark (each a fresh browser with an empty profile).
const LOAD_RUNS: usize = 10;
/// Clicks measured for the click benchmark.
const CLICKS: usize = 40;

/// Budgets of issue 11 (and DESIGN.md), in the units they are measured in.
const BUDGET_FIRST_LOAD_GZ: usize = 160 * 1024;
const BUDGET_RUNTIME_GZ: usize = 100 * 1024;
const BUDGET_LOAD_RATIO: f64 = 1.25;
const BUDGET_CLICK_MS: f64 = 16.0;

/// Runs every benchmark and prints the Markdown report, closed by the budgets table.
pub fn run(dist: &Path, hello: &Path, story: Option<usize>) -> Result<(), String> {
    println!("## Page (`cargo xtask bench`)\n");
    println!("The player's page (`dist/`):\n");
    let whole = sizes(dist)?;
    let story = story.ok_or("give the compiled story's gzip -9 size (cargo xtask bench does)")?;
    let runtime = whole.saturating_sub(story);
    println!(
        "\nThe compiled story's core (build.rs's `story.bin`, in the wasm) alone: {story} gzip -9. \
         Runtime + UI = whole first load − core = **{runtime} gzip -9**. The rest of the story \
         (`story-<hash>.bin`) is fetched after the first choice is on screen and is not part of \
         the first load.\n"
    );
    println!("The author page (`dist/author/`):\n");
    let author = sizes(&dist.join("author"))?;
    println!();
    let game = server::serve(dist.to_owned()).map_err(|e| e.to_string())?;
    let yardstick = server::serve(hello.to_owned()).map_err(|e| e.to_string())?;
    let (ours, bare) = load_times(&game, &yardstick)?;
    let click = click_times(&game)?;
    let kb = |bytes: usize| format!("{:.1} KB", bytes as f64 / 1024.0);
    let verdict = |ok: bool| if ok { "✅" } else { "❌" };
    println!("### Budgets\n");
    println!("| what | measured | budget | |\n|---|---:|---:|---|");
    println!(
        "| bytes before the first choice (player's page), gzip -9 | {} | ≤ {} | {} |",
        kb(whole),
        kb(BUDGET_FIRST_LOAD_GZ),
        verdict(whole <= BUDGET_FIRST_LOAD_GZ)
    );
    println!(
        "| runtime + UI without the story's payload, gzip -9 | {} | ≤ {} | {} |",
        kb(runtime),
        kb(BUDGET_RUNTIME_GZ),
        verdict(runtime <= BUDGET_RUNTIME_GZ)
    );
    println!(
        "| navigation → first choice vs the bare Yew page, median of {LOAD_RUNS} | {ours:.0} ms vs {bare:.0} ms = {:.2}× | ≤ {BUDGET_LOAD_RATIO}× | {} |",
        ours / bare,
        verdict(ours / bare <= BUDGET_LOAD_RATIO)
    );
    println!(
        "| click → next passage painted, median of {CLICKS} | {click:.1} ms | ≤ {BUDGET_CLICK_MS} ms | {} |",
        verdict(click <= BUDGET_CLICK_MS)
    );
    println!(
        "| the author page, gzip -9 | {} | reported | |\n",
        kb(author)
    );
    Ok(())
}

fn gzip_size(bytes: &[u8]) -> Result<usize, String> {
    let dir = std::env::temp_dir().join("mss-bench-gzip");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("input");
    fs::write(&file, bytes).map_err(|e| e.to_string())?;
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(&file)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    Ok(out.stdout.len())
}

/// Prints the files directly in `dir` with their sizes; returns the total gzip -9.
fn sizes(dir: &Path) -> Result<usize, String> {
    let files: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    // The story's rest chunk comes after the first paint: reported, not counted.
    let (rest, mut files): (Vec<String>, Vec<String>) = files
        .into_iter()
        .partition(|name| name.starts_with("story-") && name.ends_with(".bin"));
    // Chromium fetches the manifest's smallest icon at load (xtask/src/size.rs says the same).
    if dir.join(ICON_AT_LOAD).is_file() {
        files.push(ICON_AT_LOAD.to_owned());
    }
    files.sort();
    println!("| file | bytes | gzip -9 |\n|---|---:|---:|");
    let (mut raw_total, mut gz_total) = (0, 0);
    for name in files {
        let bytes = fs::read(dir.join(&name)).map_err(|e| e.to_string())?;
        let gz = gzip_size(&bytes)?;
        raw_total += bytes.len();
        gz_total += gz;
        println!("| {name} | {} | {gz} |", bytes.len());
    }
    println!("| **whole first load** | {raw_total} | **{gz_total}** |");
    for name in rest {
        let bytes = fs::read(dir.join(&name)).map_err(|e| e.to_string())?;
        let gz = gzip_size(&bytes)?;
        println!(
            "| {name} (after the first paint) | {} | {gz} |",
            bytes.len()
        );
    }
    Ok(gz_total)
}

/// The stages of a load, in the order they usually happen, as the split reports them: the
/// browser's own (`html` = the document's response ended; `wasm requested`, `wasm first byte`
/// and `wasm fetched` from the wasm's Resource Timing; `first paint` = first contentful paint) and the marks `web/boot.js` and `src/marks.rs` set. A page without a
/// stage (the bare page has only `main` and `first-choice`) leaves it blank.
const STAGES: [&str; 15] = [
    "html",
    "wasm requested",
    "wasm first byte",
    "boot",
    "glue",
    "wasm fetched",
    "main",
    "opened",
    "decoded",
    "booted",
    "stored",
    "rendered",
    "wasm",
    "first paint",
    "first-choice",
];

/// Reads, once the first choice is on screen, the milliseconds from navigation start to each
/// stage of [`STAGES`] that the page reached, and how many times the wasm was fetched.
const SPLIT_SCRIPT: &str = r#"
const at = {};
const nav = performance.getEntriesByType('navigation')[0];
if (nav) { at['html'] = nav.responseEnd; }
const wasm = performance.getEntriesByType('resource').filter(r => r.name.endsWith('.wasm'));
if (wasm.length) {
  at['wasm requested'] = wasm[0].startTime;
  at['wasm first byte'] = wasm[0].responseStart;
  at['wasm fetched'] = Math.max(...wasm.map(r => r.responseEnd));
}
const paint = performance.getEntriesByName('first-contentful-paint')[0];
if (paint) { at['first paint'] = paint.startTime; }
for (const m of performance.getEntriesByType('mark')) {
  if (!(m.name in at)) { at[m.name] = m.startTime; }
}
return { at, fetches: wasm.length };
"#;

/// One cold load: milliseconds from navigation start to each stage, and the wasm's fetches.
struct Load {
    at: Vec<Option<f64>>,
    fetches: u64,
}

/// Loads the page in a fresh browser until its `first-choice` mark, then reads its split.
fn cold_load(base: &str) -> Result<Load, String> {
    let browser = Browser::start(1280, 900)?;
    browser.goto(&format!("{base}/?seed=7"))?;
    browser.wait_until("the first-choice mark", Duration::from_secs(30), |b| {
        let mark = b.execute(
            "const m = performance.getEntriesByName('first-choice'); \
             return m.length ? m[0].startTime : null;",
            json!([]),
        )?;
        Ok(mark.as_f64())
    })?;
    let split = browser.execute(SPLIT_SCRIPT, json!([]))?;
    Ok(Load {
        at: STAGES
            .iter()
            .map(|stage| split["at"][stage].as_f64())
            .collect(),
        fetches: split["fetches"].as_u64().unwrap_or(0),
    })
}

/// The median of each stage over the loads that reached it.
fn stage_medians(loads: &[Load]) -> Vec<Option<f64>> {
    (0..STAGES.len())
        .map(|i| {
            let mut times: Vec<f64> = loads.iter().filter_map(|load| load.at[i]).collect();
            (!times.is_empty()).then(|| median(&mut times))
        })
        .collect()
}

/// Median milliseconds to the first choice of the game and of the bare page, with the split
/// of both by stage.
fn load_times(game: &str, yardstick: &str) -> Result<(f64, f64), String> {
    let (mut ours, mut bare) = (Vec::new(), Vec::new());
    // Alternate the two pages so drift in the machine's load hits both alike.
    for _ in 0..LOAD_RUNS {
        ours.push(cold_load(game)?);
        bare.push(cold_load(yardstick)?);
    }
    let (split, bare_split) = (stage_medians(&ours), stage_medians(&bare));
    let end = STAGES.len() - 1;
    let (ours_ms, bare_ms) = (
        split[end].unwrap_or(f64::NAN),
        bare_split[end].unwrap_or(f64::NAN),
    );
    println!("| navigation → first choice, cold profile, median of {LOAD_RUNS} | ms |\n|---|---:|");
    println!("| bare Yew hello world (benches/hello) | {bare_ms:.0} |");
    println!("| the game | {ours_ms:.0} |");
    println!("| ratio (budget ≤ 1.25) | {:.2} |\n", ours_ms / bare_ms);
    println!(
        "Where the time goes: navigation start → each stage, median of {LOAD_RUNS} per stage \
         (BENCHMARKS.md, \"Where the load time goes\", says what each stage is):\n"
    );
    println!("| stage | game ms | bare page ms |\n|---|---:|---:|");
    let cell = |ms: Option<f64>| ms.map_or_else(|| "–".to_owned(), |ms| format!("{ms:.0}"));
    for (i, stage) in STAGES.iter().enumerate() {
        println!("| {stage} | {} | {} |", cell(split[i]), cell(bare_split[i]));
    }
    let fetches = |loads: &[Load]| loads.iter().map(|load| load.fetches).max().unwrap_or(0);
    println!(
        "| wasm fetches per load (most) | {} | {} |\n",
        fetches(&ours),
        fetches(&bare)
    );
    Ok((ours_ms, bare_ms))
}

/// Clicks the first enabled choice and measures, in the page, until the next passage is in the
/// DOM and laid out, and until the frame after that.
const CLICK_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const article = () => document.querySelector('article.passage');
const before = article() && article().dataset.passage;
const turn = article() && article().dataset.turn;
const button = [...document.querySelectorAll('nav[aria-label=Choices] button')].find(b => !b.disabled);
if (!button) { done(null); return; }
const t0 = performance.now();
button.click();
const check = () => {
  const a = article();
  if (a && (a.dataset.passage !== before || a.dataset.turn !== turn)) {
    void document.body.offsetHeight;
    const laidOut = performance.now() - t0;
    requestAnimationFrame(() => done([laidOut, performance.now() - t0]));
  } else {
    setTimeout(check, 0);
  }
};
check();
"#;

/// Clicks through runs; returns the median milliseconds from a click to the next frame.
fn click_times(game: &str) -> Result<f64, String> {
    let browser = Browser::start(1280, 900)?;
    let (mut laid_out, mut framed) = (Vec::new(), Vec::new());
    let mut seed = 1;
    browser.goto(&format!("{game}/?seed={seed}&fresh"))?;
    while laid_out.len() < CLICKS {
        browser.wait_for("nav[aria-label=Choices]", Duration::from_secs(30))?;
        match browser.execute_async(CLICK_SCRIPT, json!([]))? {
            Value::Array(times) => {
                laid_out.push(times[0].as_f64().unwrap_or(f64::NAN));
                framed.push(times[1].as_f64().unwrap_or(f64::NAN));
            }
            // An ending (no enabled choice): start another run.
            _ => {
                seed += 1;
                browser.goto(&format!("{game}/?seed={seed}&fresh"))?;
            }
        }
    }
    println!("| click → next passage, {CLICKS} clicks | median ms | worst ms |\n|---|---:|---:|");
    let worst = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (a, b) = (worst(&laid_out), worst(&framed));
    println!(
        "| in the DOM and laid out | {:.1} | {a:.1} |",
        median(&mut laid_out)
    );
    let framed = median(&mut framed);
    println!("| next animation frame (budget ≤ 16) | {framed:.1} | {b:.1} |\n");
    Ok(framed)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
