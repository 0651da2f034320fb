//! `story`: the authors' command line — a thin shell over the engine library. Arguments (clap),
//! files, the terminal, the progress bar and exit codes live here; every check, walk and
//! rendering is library code.
//!
//! Exit codes: 0 success, 1 findings (errors, softlocks, unreached endings…), 2 usage (bad
//! arguments, a story folder that cannot be read).

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
    /// Words, passages and choices per chapter, and tag coverage (`seed:*` tags of the bible).
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
        /// `dot` or `mermaid`.
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
        /// Explore at most this many states in all.
        #[arg(long, default_value_t = 200_000)]
        max_states: u32,
        /// Of states no condition tells apart, explore at most this many (each holding a new
        /// lowest or highest value of some integer).
        #[arg(long, default_value_t = 2)]
        per_key: u32,
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
        /// Choices to take, 1-based, comma-separated: prints the transcript and exits.
        #[arg(long, value_delimiter = ',', value_parser = clap::value_parser!(u32).range(1..))]
        choices: Option<Vec<u32>>,
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
            let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = loaded.diagnostics.len() - errors;
            eprintln!("{errors} error(s), {warnings} warning(s)");
            outcome(errors == 0 && (!deny_warnings || warnings == 0))
        }
        Command::Stats { dir, format } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            print!("{}", report::stats(&story, format == Format::Json));
            ExitCode::SUCCESS
        }
        Command::Graph { dir, format } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            match format {
                GraphFormat::Dot => print!("{}", story_engine::dot(&story)),
                GraphFormat::Mermaid => print!("{}", story_engine::mermaid(&story)),
            }
            ExitCode::SUCCESS
        }
        Command::Quicktest {
            dir,
            seed,
            max_states,
            per_key,
            format,
        } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            let opts = story_engine::QuickOptions {
                seed,
                max_states,
                per_key,
            };
            let r = story_engine::quicktest(&story, opts);
            print!("{}", report::quicktest(&r, &opts, format == Format::Json));
            outcome(r.passed())
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
        Command::Play { dir, seed, choices } => {
            let Some(story) = story(&dir)? else {
                return Ok(ExitCode::from(FINDINGS));
            };
            match choices {
                Some(script) => {
                    let script: Vec<usize> = script.iter().map(|&c| c as usize - 1).collect();
                    let text = story_engine::transcript(&story, seed, &script);
                    print!("{text}");
                    let failed = text.lines().last().is_some_and(|l| l.contains(" error: "));
                    outcome(!failed)
                }
                None => play::interactive(&story, seed)?,
            }
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
        eprintln!(
            "the story has {} error(s): run `story check`",
            errors.diagnostics.len()
        );
    }
    Ok(loaded.story)
}
