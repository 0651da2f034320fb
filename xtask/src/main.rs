//! `cargo xtask`: the project's two commands. `play` serves the game, `test` runs every check.
//! Both first install whatever tool is missing (see `tools`), so they work on a fresh machine
//! with only Rust, Node/npm and apt. No dependencies: this must build fast and never break.

mod absence;
mod cmd;
mod dist;
mod icons;
mod size;
mod stages;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  play [--release]   install what is missing, then serve the game on http://127.0.0.1:8080
  test               install what is missing, then run every check, stopping at the first failure
  e2e                build the release page and run only the end-to-end test
  dist               build the release page and zip it for a static host or a game portal
  bench              measure the page (size, load, click) and the engine; see BENCHMARKS.md
  size               check the built player's page against its recorded size (after a build)
  icons              draw the installed game's icons into web/icons/
  install            install what is missing and stop";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["play"] => play(false),
        ["play", "--release"] => play(true),
        ["test"] => stages::run(&stages::ALL),
        ["e2e"] => stages::run(&[
            stages::Stage::TrunkBuild,
            stages::Stage::PlayerPage,
            stages::Stage::Size,
            stages::Stage::Dist,
            stages::Stage::EndToEnd,
        ]),
        ["dist"] => stages::run(&[
            stages::Stage::Install,
            stages::Stage::TrunkBuild,
            stages::Stage::PlayerPage,
            stages::Stage::Dist,
        ]),
        ["icons"] => icons::write_all(&cmd::root()).map_err(|e| e.to_string()),
        ["bench"] => bench().map_err(|e| e.to_string()),
        ["size"] => size::check().map_err(|e| e.to_string()),
        ["install"] => tools::install_all().map_err(|e| e.to_string()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Serves the game with `trunk serve`, rebuilding on every change in `src/` or `story/`.
fn play(release: bool) -> Result<(), String> {
    tools::install_for_play().map_err(|e| e.to_string())?;
    println!("\nServing the game on http://127.0.0.1:8080 (Ctrl-C to stop).\n");
    // Trunk.toml's public URL is relative (for `dist`); served at the root here, the page gets
    // the live-reload script whose hash index.html's CSP allows.
    let mut args = vec![
        "serve",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
        "--public-url",
        "/",
    ];
    if release {
        args.push("--release");
    }
    cmd::run("trunk", &args).map_err(|e| e.to_string())
}

/// Builds the page and the bare Yew yardstick, then runs the page and engine benchmarks.
fn bench() -> Result<(), cmd::Error> {
    tools::install_all()?;
    cmd::run("trunk", &["build", "--release"])?;
    println!("$ (cd benches/hello && trunk build --release)");
    let mut hello = cmd::command("trunk", &["build", "--release"]);
    hello.current_dir(cmd::root().join("benches/hello"));
    cmd::status(hello)?;
    // The compiled core's share of the player's page, so the bench reports runtime + UI exactly.
    let (_, payload, _) = size::measure(&cmd::root().join("dist"))?;
    let payload = payload.to_string();
    let page = [
        "run",
        "--release",
        "-p",
        "e2e",
        "--",
        "bench",
        "dist",
        "target/bench/hello",
        &payload,
    ];
    cmd::run("cargo", &page)?;
    cmd::run(
        "cargo",
        &["bench", "-p", "story-engine", "--bench", "engine"],
    )
}
