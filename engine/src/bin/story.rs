//! `story`: the authors' command line — a thin shell over the engine library (all IO is here).
//!
//! `story check <dir>` prints diagnostics; `story stats <dir> --format json` prints counts.
//! Argument handling is deliberately minimal; a later issue moves it to clap.

use std::path::Path;
use std::process::ExitCode;
use story_engine::{load, Loaded, SourceFile};

const USAGE: &str = "usage: story check <story dir>\n       story stats <story dir> --format json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["check", dir] => check(Path::new(dir)),
        ["stats", dir, "--format", "json"] | ["stats", "--format", "json", dir] => {
            stats(Path::new(dir))
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Reads the manifest and the chapter files it lists (missing files are left to the loader).
fn read(dir: &Path) -> Result<Loaded, String> {
    let manifest_path = dir.join("story.json");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let manifest = SourceFile {
        path: "story.json".to_owned(),
        text,
    };
    let chapters: Vec<SourceFile> = story_engine::chapter_paths(&manifest.text)
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(dir.join(&path)).ok()?;
            Some(SourceFile { path, text })
        })
        .collect();
    Ok(load(&manifest, &chapters))
}

fn check(dir: &Path) -> ExitCode {
    let loaded = match read(dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for d in &loaded.diagnostics {
        println!("{d}");
    }
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.diagnostics.len() - errors;
    eprintln!("{errors} error(s), {warnings} warning(s)");
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn stats(dir: &Path) -> ExitCode {
    let loaded = match read(dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(story) = loaded.story else {
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{d}");
        }
        return ExitCode::from(1);
    };
    let stats = story_engine::stats(&story);
    println!(
        "{}",
        serde_json::to_string_pretty(&stats).unwrap_or_default()
    );
    ExitCode::SUCCESS
}
