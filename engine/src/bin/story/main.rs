//! `story`: the authors' command line — a thin shell over the engine library. Arguments (clap),
//! files, the terminal, the progress bar and exit codes live here; every check, walk and
//! rendering is library code.
//!
//! Exit codes: 0 success, 1 findings (errors, softlocks, unreached endings…), 2 usage (bad
//! arguments, a story folder that cannot be read), 3 incomplete (quicktest stopped at a limit).

mod bible;
mod play;
mod report;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use story_engine::{Loaded, SourceBytes, SourceFile, Story};

/// Check, measure, map and play-test a story (format v1): a manifest `story.json` plus the
/// chapter files it lists, in one folder.
#[derive(Parser)]
#[command(name = "story", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate a story; print every diagnostic with its source line.
    Check {
        /// The story folder (with story.json).
        dir: PathBuf,
        /// `text`: diagnostics with source snippets; `short`: one line each; `json`: for tools.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Exit with 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Words, passages and choices per chapter, and tag coverage (the `seed:*` tags listed in
    /// the story folder's BIBLE.md).
    Stats {
        /// The story folder.
        dir: PathBuf,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The passage graph, clustered by chapter (render DOT with Graphviz; Mermaid renders in
    /// Markdown).
    Graph {
        /// The story folder.
        dir: PathBuf,
        /// `dot`, `mermaid`, or `markdown` (Mermaid in a fence).
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Exhaustive walk: every choice and every storylet a draw could pick, memoized; reports
    /// passages and endings never reached, runtime errors and softlocks with their paths.
    Quicktest {
        /// The story folder.
        dir: PathBuf,
        /// Seed of the run (dice in effects follow it).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Explore at most this many concrete states; past it the abstract proof decides, with
        /// random runs as witnesses (INCOMPLETE, exit code 3, when it cannot).
        #[arg(long, default_value_t = 200_000)]
        max_states: u32,
        /// Random runs for witnesses when the concrete walk stops.
        #[arg(long, default_value_t = 2_000)]
        runs: u32,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Seeded random plays that prefer the least-used choice: endings and how often, passage
    /// coverage, softlocks, runtime errors, run lengths.
    Randomtest {
        /// The story folder.
        dir: PathBuf,
        /// Number of runs.
        #[arg(long, default_value_t = 1000)]
        runs: u32,
        /// Run i plays with seed S + i.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Choices per run at most.
        #[arg(long, default_value_t = 1000)]
        max_turns: u32,
        /// Write the first failing run here as a transcript that replays exactly.
        #[arg(long, value_name = "FILE")]
        transcript: Option<PathBuf>,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Play in the terminal; with `--choices 1,3,2`, play that script and print the transcript.
    Play {
        /// The story folder.
        dir: PathBuf,
        /// The run's seed (storylet draws, dice, shuffled text).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// A script, comma-separated: choice numbers counted from 1, `:jump <passage id>`,
        /// `:set <var> <value>` (what `story path` prints). Prints the transcript and exits.
        #[arg(long, value_delimiter = ',')]
        choices: Option<Vec<String>>,
        /// Start the script from this save file (as the game exports it).
        #[arg(long, value_name = "SAVE", requires = "choices")]
        from: Option<PathBuf>,
    },
    /// The shortest `--choices` script from the start to a passage or an ending, for `story
    /// play` (draws follow the seed, so the script replays exactly with the same `--seed`).
    Path {
        /// The story folder.
        dir: PathBuf,
        /// A passage id (`joining.desk`) or an ending id.
        to: String,
        /// The seed to play with; if no route is found with it, the next 15 seeds are tried.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Start from this save file (as the game exports it) instead of the start.
        #[arg(long, value_name = "SAVE")]
        from: Option<PathBuf>,
        /// Search at most this many states per seed.
        #[arg(long, default_value_t = 1_000_000)]
        max_states: u32,
    },
    /// Print the JSON Schema of story files (for editors; committed in story/schema/).
    Schema {
        /// `manifest` (story.json) or `chapter`.
        #[arg(value_enum, default_value_t = SchemaFile::Manifest)]
        file: SchemaFile,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Short,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    /// Mermaid inside a ```mermaid fence, to paste into Markdown.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFile {
    Manifest,
    Chapter,
}

/// Exit code for findings.
const FINDINGS: u8 = 1;
/// Exit code for usage errors (clap uses it too).
const USAGE: u8 = 2;
/// Exit code for a check stopped at a limit before it could decide (`quicktest`).
const INCOMPLETE: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(USAGE)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    let outcome = |ok: bool| {
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(FINDINGS)
        }
    };
    Ok(match command {
        Command::Check {
            dir,
            format,
            deny_warnings,
        } => {
            let (loaded, files) = read(&dir)?;
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = match format {
                CheckFormat::Text => report::check_text(&loaded, &files, color),
                CheckFormat::Short => report::check_short(&loaded),
                CheckFormat::Json => report::check_json(&loaded),
            };
            print!("{text}");
            for note in unlisted_chapters(&dir, &loaded, &files) {
                println!("{note}");
            }
            let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = loaded.diagnostics.len() - errors;
            eprintln!("{errors} error(s), {warnings} warning(s)");
            outcome(errors == 0 && (!deny_warnings || warnings == 0))
        }
        Command::Stats { dir, format } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            // The story's own bible, if it has one: its seed tags (a missing file is no error).
            let bible = std::fs::read_to_string(dir.join(bible::FILE))
                .map(|text| bible::seed_tags(&text))
                .unwrap_or_default();
            print!("{}", report::stats(&story, &bible, format == Format::Json));
            ExitCode::SUCCESS
        }
        Command::Graph { dir, format } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            match format {
                GraphFormat::Dot => print!("{}", story_engine::dot(&story)),
                GraphFormat::Mermaid => print!("{}", story_engine::mermaid(&story)),
                GraphFormat::Markdown => {
                    print!("```mermaid\n{}```\n", story_engine::mermaid(&story));
                }
            }
            ExitCode::SUCCESS
        }
        Command::Quicktest {
            dir,
            seed,
            max_states,
            runs,
            format,
        } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            let opts = story_engine::QuickOptions {
                seed,
                max_states,
                runs,
            };
            let total = story.passage_ids().count() as u32;
            let mut bar = report::Spinner::new(total, std::io::stderr().is_terminal());
            let r = story_engine::quicktest(&story, opts, &mut |states, reached| {
                bar.update(states, reached)
            });
            bar.finish();
            print!("{}", report::quicktest(&r, &opts, format == Format::Json));
            match r.outcome() {
                story_engine::Outcome::Passed => ExitCode::SUCCESS,
                story_engine::Outcome::Failed => ExitCode::from(FINDINGS),
                story_engine::Outcome::Incomplete => ExitCode::from(INCOMPLETE),
            }
        }
        Command::Randomtest {
            dir,
            runs,
            seed,
            max_turns,
            transcript,
            format,
        } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            let opts = story_engine::RandomOptions {
                runs,
                seed,
                max_turns,
                threads: 0,
            };
            let mut bar = report::Progress::new(runs, std::io::stderr().is_terminal());
            let r = story_engine::randomtest(&story, opts, &mut |done| bar.update(done));
            bar.finish();
            let replay_cmd = |seed: u64, choices: &[usize]| {
                let list: Vec<String> = choices.iter().map(|c| (c + 1).to_string()).collect();
                format!(
                    "story play {} --seed {seed} --choices {}",
                    dir.display(),
                    list.join(",")
                )
            };
            print!(
                "{}",
                report::randomtest(&r, &opts, format == Format::Json, &replay_cmd)
            );
            if let Some(path) = transcript {
                match r.first_failure() {
                    Some(f) => {
                        let mut text = format!(
                            "# story randomtest: {}, {} run(s); first: seed {}\n# replay: {}\n",
                            report::located(&f.message, &f.passage),
                            f.count,
                            f.first.seed,
                            replay_cmd(f.first.seed, &f.first.choices)
                        );
                        text.push_str(&story_engine::transcript(
                            &story,
                            f.first.seed,
                            &f.first.choices,
                        ));
                        std::fs::write(&path, text)
                            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                        eprintln!("wrote the failing run to {}", path.display());
                    }
                    None => eprintln!("no failing run: {} not written", path.display()),
                }
            }
            outcome(r.passed())
        }
        Command::Play {
            dir,
            seed,
            choices,
            from,
        } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            match choices {
                Some(script) => {
                    let state = match &from {
                        Some(path) => read_save(&story, path)?,
                        None => story_engine::start(&story, seed).map_err(|e| e.to_string())?,
                    };
                    let (text, ok) = play::scripted(&story, state, &script);
                    print!("{text}");
                    outcome(ok)
                }
                None => play::interactive(&story, seed)?,
            }
        }
        Command::Path {
            dir,
            to,
            seed,
            from,
            max_states,
        } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            let known = story.has_passage(&to) || story.endings().iter().any(|e| e.id == to);
            if !known {
                return Err(format!(
                    "`{to}` is neither a passage nor an ending of this story"
                ));
            }
            let saved = match &from {
                Some(path) => Some(read_save(&story, path)?),
                None => None,
            };
            // From a save the seed is the save's own (draws follow its PRNG): one try.
            let seeds = if saved.is_some() { 1 } else { 16 };
            let found = match &saved {
                Some(state) => {
                    story_engine::path_to(&story, state, &to, max_states).map(|choices| {
                        story_engine::Route {
                            seed: state.seed(),
                            choices,
                        }
                    })
                }
                None => story_engine::route_from_start(&story, seed, &to, seeds, max_states)
                    .map_err(|e| e.to_string())?,
            };
            if let Some(route) = found {
                let list: Vec<String> = route.choices.iter().map(|c| (c + 1).to_string()).collect();
                println!("{}", list.join(","));
                let start = match &from {
                    Some(save) => format!("--from {}", save.display()),
                    None => format!("--seed {}", route.seed),
                };
                let play = format!(
                    "story play {} {start} --choices {}",
                    dir.display(),
                    list.join(",")
                );
                eprintln!("{} choice(s) to {to}: {play}", route.choices.len());
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!(
                "no route to {to} found (searched {seeds} seed(s), {max_states} states each)"
            );
            ExitCode::from(FINDINGS)
        }
        Command::Schema { file } => {
            let kind = match file {
                SchemaFile::Manifest => story_engine::SchemaKind::Manifest,
                SchemaFile::Chapter => story_engine::SchemaKind::Chapter,
            };
            print!("{}", story_engine::schema(kind));
            ExitCode::SUCCESS
        }
    })
}

/// Reads the manifest and the chapter files it lists, and loads them. Also returns the files
/// (as text, for source snippets). What is an IO error (exit 2) and what is a diagnostic
/// (exit 1) is decided here, as story/README.md says: a manifest that is missing or cannot be
/// read, or a chapter file that exists but cannot be read, is an IO error; a chapter file that
/// does not exist (E015) or any file that is not UTF-8 (E002) is a diagnostic.
fn read(dir: &Path) -> Result<(Loaded, Vec<SourceFile>), String> {
    let (manifest, chapters) = story_engine::read_source_bytes(|path| {
        let file = dir.join(path);
        match std::fs::read(&file) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && path != "story.json" => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
        }
    })?;
    let loaded = story_engine::load_bytes(&manifest, &chapters);
    let files = std::iter::once(&manifest)
        .chain(&chapters)
        .map(SourceBytes::text)
        .collect();
    Ok((loaded, files))
}

/// When a passage is unknown, the `.json` files in the folder that `chapters` does not list: a
/// chapter written but never added to the manifest is the usual cause.
fn unlisted_chapters(dir: &Path, loaded: &Loaded, files: &[SourceFile]) -> Vec<String> {
    let unknown = loaded
        .diagnostics
        .iter()
        .any(|d| d.code == story_engine::Code::UnknownPassage);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    if !unknown {
        return Vec::new();
    }
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json") && name != "story.json")
        .filter(|name| !files.iter().any(|f| &f.path == name))
        .map(|name| {
            format!("note: {name} is in the story folder but not in `chapters` of story.json: add it there if its passages are the unknown ones")
        })
        .collect();
    out.sort();
    out
}

/// A save file (the game's export) restored onto `story`.
fn read_save(story: &Story, path: &Path) -> Result<story_engine::State, String> {
    let json = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    story_engine::restore(story, &json).map_err(|e| format!("{}: {e}", path.display()))
}

/// The loaded story, or `None` after printing its errors (the caller exits with 1).
fn story(dir: &Path) -> Result<Option<Story>, String> {
    let (loaded, files) = read(dir)?;
    if loaded.story.is_none() {
        let errors = Loaded {
            story: None,
            diagnostics: loaded
                .diagnostics
                .into_iter()
                .filter(|d| d.is_error())
                .collect(),
        };
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!("{}", report::check_text(&errors, &files, color));
        for note in unlisted_chapters(dir, &errors, &files) {
            eprintln!("{note}");
        }
        eprintln!(
            "the story has {} error(s): run `story check`",
            errors.diagnostics.len()
        );
    }
    Ok(loaded.story)
}
