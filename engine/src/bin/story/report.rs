//! How the CLI prints what the library found: text for people, JSON for tools, and the
//! randomtest progress bar. Presentation only — no checks happen here.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;
use story_engine::{
    length_summary, render_diagnostic, stats as story_stats, Loaded, Outcome, QuickOptions,
    QuickReport, RandomOptions, RandomReport, SourceFile, Story,
};

/// Diagnostics with their source lines, rustc-style.
pub fn check_text(loaded: &Loaded, files: &[SourceFile], color: bool) -> String {
    let mut out = String::new();
    for d in &loaded.diagnostics {
        let source = files
            .iter()
            .find(|f| f.path == d.file)
            .map(|f| f.text.as_str());
        out.push_str(&render_diagnostic(d, source, color));
        out.push('\n');
    }
    out
}

/// One line per diagnostic: `file:line:col: error[E001]: message (in passage id)`.
pub fn check_short(loaded: &Loaded) -> String {
    loaded
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect()
}

/// `{"errors": n, "warnings": n, "diagnostics": [{code, severity, file, line, column, passage,
/// message, help}]}`.
pub fn check_json(loaded: &Loaded) -> String {
    let list: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "severity": if d.is_error() { "error" } else { "warning" },
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "passage": d.passage,
                // The one-line form (with the help in parentheses), as before `help` had its
                // own field, so tools that read `message` see the same text.
                "message": match &d.help {
                    Some(help) => format!("{} ({help})", d.message),
                    None => d.message.clone(),
                },
                "help": d.help,
            })
        })
        .collect();
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let doc = json!({
        "errors": errors,
        "warnings": loaded.diagnostics.len() - errors,
        "diagnostics": list,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

/// Seed-tag coverage: (bible tags unused, seed tags used that the bible does not list). `None`
/// when the story has no bible with seed tags (`bible` is its list).
fn seed_coverage(
    bible: &[String],
    tags: &BTreeMap<String, u32>,
) -> Option<(Vec<String>, Vec<String>)> {
    if bible.is_empty() {
        return None;
    }
    let unused = bible
        .iter()
        .filter(|t| !tags.contains_key(*t))
        .cloned()
        .collect();
    let unknown = tags
        .keys()
        .filter(|t| t.starts_with("seed:") && !bible.contains(t))
        .cloned()
        .collect();
    Some((unused, unknown))
}

/// `story stats`; `bible` lists the seed tags of the story's bible (empty: none).
pub fn stats(story: &Story, bible: &[String], as_json: bool) -> String {
    let s = story_stats(story);
    let coverage = seed_coverage(bible, &s.tags);
    if as_json {
        let mut doc = serde_json::to_value(&s).unwrap_or_default();
        if let (Some((unused, unknown)), Some(obj)) = (&coverage, doc.as_object_mut()) {
            obj.insert(
                "seed_tags".into(),
                json!({ "bible": bible.len(), "unused": unused, "not_in_bible": unknown }),
            );
        }
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {})",
        story.title(),
        story.id(),
        story.version()
    );
    let _ = writeln!(
        out,
        "{} passages, {} choices, {} words, {} endings\n",
        s.passages, s.choices, s.words, s.endings
    );
    let width = story
        .chapters()
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let _ = writeln!(out, "{:width$}  passages  choices   words", "chapter");
    for c in story.chapters() {
        if let Some(cs) = s.chapters.get(&c.id) {
            let _ = writeln!(
                out,
                "{:width$}  {:>8}  {:>7}  {:>6}  {}",
                c.id, cs.passages, cs.choices, cs.words, c.title
            );
        }
    }
    let in_chapters: u32 = s.chapters.values().map(|c| c.words).sum();
    let _ = writeln!(
        out,
        "{:width$}  {:>8}  {:>7}  {:>6}  (ending titles and epilogues)",
        "",
        "",
        "",
        s.words - in_chapters
    );
    out.push_str("\ntags (passages)\n");
    let tag_width = s.tags.keys().map(String::len).max().unwrap_or(0);
    for (tag, n) in &s.tags {
        let _ = writeln!(out, "  {tag:tag_width$}  {n}");
    }
    if s.tags.is_empty() {
        out.push_str("  (none)\n");
    }
    if let Some((unused, unknown)) = coverage {
        let total = bible.len();
        let _ = writeln!(
            out,
            "\nseed tags of the story bible: {} of {total} used",
            total - unused.len()
        );
        if !unused.is_empty() {
            let _ = writeln!(out, "  unused: {}", unused.join(", "));
        }
        if !unknown.is_empty() {
            let _ = writeln!(out, "  not in the bible (typo?): {}", unknown.join(", "));
        }
    }
    out
}

/// The message, naming the passage unless it already does.
pub fn located(message: &str, passage: &str) -> String {
    if message.contains("(in passage ") {
        message.to_owned()
    } else {
        format!("{message} (in passage {passage})")
    }
}

fn path_text(path: &[String]) -> String {
    if path.is_empty() {
        return "  path: (the start)\n".into();
    }
    let mut out = String::from("  path:\n");
    for (i, step) in path.iter().enumerate() {
        let _ = writeln!(out, "    {}. {step}", i + 1);
    }
    out
}

/// `story quicktest`.
pub fn quicktest(r: &QuickReport, opts: &QuickOptions, as_json: bool) -> String {
    if as_json {
        let mut doc = serde_json::to_value(r).unwrap_or_default();
        if let Some(obj) = doc.as_object_mut() {
            obj.insert("passed".into(), json!(r.passed()));
            obj.insert("outcome".into(), json!(r.outcome()));
        }
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    }
    let mut out = String::new();
    let total = r.reached as usize + r.unreached_passages.len();
    let _ = writeln!(
        out,
        "quicktest: {} states explored from seed {}",
        r.states, opts.seed
    );
    if r.merged > 0 {
        let _ = writeln!(
            out,
            "  {} more states merged with explored ones that behave the same from there on",
            r.merged
        );
    }
    match &r.proof {
        None if !r.complete => {
            let _ = writeln!(
                out,
                "  stopped at --max-states {}: coverage below is a lower bound, and nothing is proven",
                opts.max_states
            );
        }
        None => {}
        Some(p) => {
            let _ = writeln!(
                out,
                "  stopped at --max-states {}; the abstract walk took over: {} (passage, tunnel stack) \
                 states, fixpoint after {} updates; {} random runs from seed {} are the witnesses",
                opts.max_states, p.nodes, p.iterations, r.runs, opts.seed
            );
            if p.alarms.is_empty() {
                out.push_str("  proven: no runtime error and no softlock in any reachable state\n");
            }
            for a in &p.alarms {
                let _ = writeln!(
                    out,
                    "  not proven: {} — {} (no run confirmed it)",
                    a.passage, a.message
                );
            }
            for u in &r.unwitnessed {
                let _ = writeln!(
                    out,
                    "  no witness: {u} may be reachable, but no concrete run reached it"
                );
            }
        }
    }
    let never = if r.complete {
        "never reached"
    } else {
        "not reached yet"
    };
    let never_unlocked = if r.complete {
        "never unlocked"
    } else {
        "not unlocked yet"
    };
    let _ = writeln!(out, "passages reached: {} of {total}", r.reached);
    for p in &r.unreached_passages {
        let _ = writeln!(out, "  {never}: {p}");
    }
    let endings: Vec<String> = r.endings.keys().cloned().collect();
    let _ = writeln!(
        out,
        "endings reached: {} of {}{}",
        r.endings.len(),
        r.endings.len() + r.unreached_endings.len(),
        if endings.is_empty() {
            String::new()
        } else {
            format!(" ({})", endings.join(", "))
        }
    );
    for e in &r.unreached_endings {
        let _ = writeln!(out, "  {never}: ending {e}");
    }
    for a in &r.unreached_achievements {
        let _ = writeln!(out, "  note: achievement {a} is {never_unlocked}");
    }
    for f in &r.errors {
        let _ = writeln!(
            out,
            "runtime error: {} [{} state(s)]",
            located(&f.message, &f.passage),
            f.count
        );
        out.push_str(&path_text(&f.path));
        out.push_str(&replay_text(f));
    }
    for f in &r.softlocks {
        let _ = writeln!(
            out,
            "softlock at {}: {} [{} state(s)]",
            f.passage, f.message, f.count
        );
        out.push_str(&path_text(&f.path));
        out.push_str(&replay_text(f));
    }
    out.push_str(match r.outcome() {
        Outcome::Passed => "QUICKTEST PASSED\n",
        Outcome::Failed => "QUICKTEST FAILED\n",
        Outcome::Incomplete => "QUICKTEST INCOMPLETE\n",
    });
    out
}

/// The `story play` arguments that replay a finding, when it has a replayable run.
fn replay_text(f: &story_engine::Finding) -> String {
    let Some(r) = &f.replay else {
        return String::new();
    };
    let list: Vec<String> = r.choices.iter().map(|c| (c + 1).to_string()).collect();
    format!(
        "  replay: story play <dir> --seed {} --choices {}\n",
        r.seed,
        list.join(",")
    )
}

fn percent(n: u32, of: u32) -> f64 {
    if of == 0 {
        0.0
    } else {
        f64::from(n) * 100.0 / f64::from(of)
    }
}

/// `story randomtest`; `replay` renders the command that replays a run.
pub fn randomtest(
    r: &RandomReport,
    opts: &RandomOptions,
    as_json: bool,
    replay: &dyn Fn(u64, &[usize]) -> String,
) -> String {
    let (min, median, mean, max) = length_summary(&r.lengths);
    if as_json {
        let mut doc = serde_json::to_value(r).unwrap_or_default();
        if let Some(obj) = doc.as_object_mut() {
            obj.remove("lengths");
            obj.insert(
                "run_lengths".into(),
                json!({ "min": min, "median": median, "mean": mean, "max": max }),
            );
            obj.insert("passed".into(), json!(r.passed()));
        }
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "randomtest: {} runs, seeds {}..{}, at most {} choices each",
        r.runs,
        opts.seed,
        opts.seed.wrapping_add(u64::from(r.runs)),
        opts.max_turns
    );
    out.push_str("endings:\n");
    let width = r.endings.keys().map(String::len).max().unwrap_or(0);
    for (id, n) in &r.endings {
        let _ = writeln!(out, "  {id:width$}  {n:>7}  {:5.1}%", percent(*n, r.runs));
    }
    if r.endings.is_empty() {
        out.push_str("  (none reached)\n");
    }
    let seen = r.passages.iter().filter(|(_, n)| *n > 0).count();
    let _ = writeln!(
        out,
        "passage coverage: {seen} of {} passages seen",
        r.passages.len()
    );
    for (p, _) in r.passages.iter().filter(|(_, n)| *n == 0) {
        let _ = writeln!(out, "  never seen: {p}");
    }
    let mut rare: Vec<&(String, u32)> = r.passages.iter().filter(|(_, n)| *n > 0).collect();
    rare.sort_by_key(|(_, n)| *n);
    let rare: Vec<String> = rare
        .iter()
        .take(5)
        .map(|(p, n)| format!("{p} ({n})"))
        .collect();
    if !rare.is_empty() {
        let _ = writeln!(out, "  rarest: {}", rare.join(", "));
    }
    let _ = writeln!(
        out,
        "run lengths (choices): min {min}, median {median}, mean {mean:.1}, max {max}"
    );
    let _ = writeln!(
        out,
        "replay variety: a run sees {:.0}% of the passages; two runs' passages overlap {:.2} (Jaccard, mean over all pairs of {} runs)",
        r.share * 100.0,
        r.overlap,
        r.overlap_runs
    );
    for f in &r.softlocks {
        let _ = writeln!(
            out,
            "softlock at {} in {} run(s): {}\n  first: {}",
            f.passage,
            f.count,
            f.message,
            replay(f.first.seed, &f.first.choices)
        );
    }
    for f in &r.errors {
        let _ = writeln!(
            out,
            "runtime error in {} run(s): {}\n  first: {}",
            f.count,
            located(&f.message, &f.passage),
            replay(f.first.seed, &f.first.choices)
        );
    }
    if let Some(f) = &r.turn_limit {
        let _ = writeln!(
            out,
            "note: {} run(s) {} (at {}); first: {}",
            f.count,
            f.message,
            f.passage,
            replay(f.first.seed, &f.first.choices)
        );
    }
    out.push_str(if r.passed() {
        "RANDOMTEST PASSED\n"
    } else {
        "RANDOMTEST FAILED\n"
    });
    out
}

/// The randomtest's progress bar on stderr (indicatif): drawn only on a terminal, with the
/// rate and the time left; cleared when done so the report starts on a clean line.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn new(total: u32, draw: bool) -> Progress {
        let bar = bar(draw, ProgressBar::new(u64::from(total)));
        bar.set_style(style("[{bar:30}] {pos}/{len} runs, {per_sec}, {eta} left"));
        Progress { bar }
    }

    pub fn update(&mut self, done: u32) {
        self.bar.set_position(u64::from(done));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The quicktest's progress line on a terminal (indicatif): states explored and passages
/// reached, with a spinner and the time spent.
pub struct Spinner {
    bar: ProgressBar,
    total: u32,
}

impl Spinner {
    pub fn new(total: u32, draw: bool) -> Spinner {
        let bar = bar(draw, ProgressBar::new_spinner());
        bar.set_style(style("{spinner} {msg} ({elapsed})"));
        Spinner { bar, total }
    }

    pub fn update(&mut self, states: u32, reached: u32) {
        let total = self.total;
        self.bar.set_message(format!(
            "{states} states, {reached}/{total} passages reached"
        ));
        self.bar.tick();
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `bar` drawing on stderr when `draw` (a terminal), hidden otherwise.
fn bar(draw: bool, bar: ProgressBar) -> ProgressBar {
    bar.set_draw_target(if draw {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    });
    bar
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#>-")
}
