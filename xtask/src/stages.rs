//! `cargo xtask test`: every check the project has, in order from cheapest to dearest, stopping
//! at the first failure and naming it, then one summary line per stage with its time.

use std::time::{Duration, Instant};

use crate::{absence, cmd, dist, size, tools};

/// One step of the test run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Install whatever tool is missing.
    Install,
    /// `cargo fmt --check`.
    Format,
    /// `cargo clippy` with warnings as errors, native, the engine's runtime alone, and wasm.
    Clippy,
    /// `cargo test --workspace`: engine, story, CLI, reducer and xtask tests.
    NativeTests,
    /// `story quicktest story`, release: the sound check of the whole shipped story.
    Quicktest,
    /// `wasm-pack test --headless --chrome`: the app's components in real Chromium.
    BrowserTests,
    /// `trunk build --release`: the page as players get it, and the author page.
    TrunkBuild,
    /// The built player's page carries no loader, diagnostics or story JSON (`absence`).
    PlayerPage,
    /// The player's page against its recorded size (`size`), and without author mode.
    Size,
    /// `dist/` as the zip to upload (`dist`), checked to use relative paths only.
    Dist,
    /// The built page, served on loopback and driven through chromedriver.
    EndToEnd,
}

/// Every stage, in the order `cargo xtask test` runs them.
pub const ALL: [Stage; 11] = [
    Stage::Install,
    Stage::Format,
    Stage::Clippy,
    Stage::NativeTests,
    Stage::Quicktest,
    Stage::BrowserTests,
    Stage::TrunkBuild,
    Stage::PlayerPage,
    Stage::Size,
    Stage::Dist,
    Stage::EndToEnd,
];

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Install => "install tools",
            Stage::Format => "cargo fmt --check",
            Stage::Clippy => "cargo clippy",
            Stage::NativeTests => "cargo test",
            Stage::Quicktest => "story quicktest story (release)",
            Stage::BrowserTests => "wasm-pack test --headless --chrome",
            Stage::TrunkBuild => "trunk build --release",
            Stage::PlayerPage => "player's page: no loader, no story JSON",
            Stage::Size => "page size ratchet",
            Stage::Dist => "distributable zip",
            Stage::EndToEnd => "end-to-end (chromedriver)",
        }
    }

    fn run(self) -> Result<(), cmd::Error> {
        match self {
            Stage::Install => tools::install_all(),
            Stage::Format => cmd::run("cargo", &["fmt", "--all", "--check"]),
            Stage::Clippy => {
                // Natively with author mode (its unit tests included); the engine's runtime layer
                // alone (what the player's page compiles), without `--all-targets` because the
                // engine's tests turn every feature on; in wasm, both pages.
                let native = ["--workspace", "--all-targets", "--features", "mss/author"];
                let runtime = ["-p", "story-engine", "--no-default-features"];
                let player = [
                    "-p",
                    "mss",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--all-targets",
                ];
                let author = [&player[..], &["--features", "author"]].concat();
                for args in [&native[..], &runtime[..], &player[..], &author[..]] {
                    let all = [&["clippy"], args, &["--", "-D", "warnings"]];
                    cmd::run("cargo", &all.concat())?;
                }
                Ok(())
            }
            Stage::NativeTests => cmd::run(
                "cargo",
                &["test", "--workspace", "--features", "mss/author"],
            ),
            Stage::Quicktest => quicktest(),
            Stage::BrowserTests => {
                cmd::run("wasm-pack", &["test", "--headless", "--chrome"])?;
                // Author mode's tests need the author page's feature (Cargo.toml's
                // `required-features` skips them above).
                cmd::run(
                    "wasm-pack",
                    &[
                        "test",
                        "--headless",
                        "--chrome",
                        "--",
                        "--features",
                        "author",
                        "--test",
                        "web_author",
                    ],
                )
            }
            Stage::TrunkBuild => cmd::run("trunk", &["build", "--release"]),
            Stage::PlayerPage => absence::check(&cmd::root().join("dist")).map_err(cmd::Error),
            Stage::Size => size::check(),
            Stage::Dist => {
                let archive = dist::archive_path()?;
                let count = dist::write(&cmd::root().join("dist"), &archive)?;
                println!("wrote {} ({count} files)", archive.display());
                Ok(())
            }
            // The e2e also plays the zip, unpacked into a sub-folder as a host would serve it.
            Stage::EndToEnd => {
                let archive = dist::archive_path()?;
                let archive = archive.to_string_lossy();
                cmd::run("cargo", &["run", "-p", "e2e", "--", "dist", &archive])
            }
        }
    }
}

/// The shipped story's quicktest, in release (the abstract proof and 2,000 witness runs take
/// seconds there, minutes in debug). A problem found (exit 1) or a story that does not load
/// (exit 2) fails the stage; INCOMPLETE (exit 3: an alarm the proof could not rule out and no
/// run confirmed, or a passage with no witness) is printed as a warning but does not fail it,
/// because the shipped story is INCOMPLETE today (ARCHITECTURE.md, quicktest).
fn quicktest() -> Result<(), cmd::Error> {
    let args = [
        "run",
        "--release",
        "-q",
        "-p",
        "story-engine",
        "--bin",
        "story",
        "--",
        "quicktest",
        "story",
    ];
    println!("$ cargo {}", args.join(" "));
    let status = cmd::command("cargo", &args)
        .status()
        .map_err(|e| cmd::Error(format!("cannot run cargo: {e}")))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(3) => {
            println!("warning: quicktest on story/ is INCOMPLETE (see the alarms above)");
            Ok(())
        }
        _ => Err(cmd::Error(format!(
            "story quicktest story failed with {status}"
        ))),
    }
}

/// Runs `stages` in order, stopping at the first failure; prints the summary either way.
pub fn run(stages: &[Stage]) -> Result<(), String> {
    let mut results: Vec<(Stage, Duration, bool)> = Vec::new();
    let mut failure = None;
    for &stage in stages {
        println!("\n=== {} ===", stage.name());
        let started = Instant::now();
        let outcome = stage.run();
        results.push((stage, started.elapsed(), outcome.is_ok()));
        if let Err(error) = outcome {
            failure = Some(format!("stage `{}` failed: {error}", stage.name()));
            break;
        }
    }
    println!("\n=== summary ===");
    for (stage, time, ok) in &results {
        let verdict = if *ok { "ok  " } else { "FAIL" };
        println!("{verdict} {:>7.1}s  {}", time.as_secs_f64(), stage.name());
    }
    for stage in stages.iter().skip(results.len()) {
        println!("skip          {}", stage.name());
    }
    let passed = results.iter().filter(|(_, _, ok)| *ok).count();
    let failed = results.len() - passed;
    let total: f64 = results.iter().map(|(_, time, _)| time.as_secs_f64()).sum();
    println!("total {total:.1}s");
    println!("stages: {passed} passed, {failed} failed");
    failure.map_or(Ok(()), Err)
}
