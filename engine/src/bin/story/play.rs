//! `story play` without a script: play in the terminal, one passage at a time, rendered by the
//! library's transcript renderer. Reads commands from standard input, so it can also be piped.
//!
//! Commands: a choice number; `u` undo; `r` restart; `:jump <passage id>`; `:set <var> <value>`;
//! `q` quit. `scripted` plays a `--choices` script of the same numbers and `:` commands.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use story_engine::{
    choose, jump, parse_value, set_var, start, view, write_view, History, State, Story,
};

const HELP: &str =
    "choose with a number; u undo, r restart, :jump <passage id>, :set <var> <value>, q quit";

pub fn interactive(story: &Story, seed: u64) -> Result<ExitCode, String> {
    let mut state = start(story, seed).map_err(|e| format!("cannot start: {e}"))?;
    let mut history = History::new(100);
    let mut before: Option<State> = None;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    println!("{} — {HELP}\n", story.title());
    loop {
        let v = match view(story, &state) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(1));
            }
        };
        let mut out = String::new();
        write_view(&mut out, story, &state, before.as_ref(), &v);
        print!("{out}");
        if v.ending.is_some() {
            println!("(the end — r to restart, u to undo, q to quit)");
        }
        let _ = std::io::stdout().flush();
        loop {
            print!("> ");
            let _ = std::io::stdout().flush();
            let Some(Ok(line)) = lines.next() else {
                println!();
                return Ok(ExitCode::SUCCESS);
            };
            let line = line.trim();
            let next = match line {
                "q" | "quit" => return Ok(ExitCode::SUCCESS),
                "" => continue,
                "u" | "undo" => match history.undo() {
                    Some(s) => Ok(s),
                    None => Err("nothing to undo".to_owned()),
                },
                "r" | "restart" => {
                    history.clear();
                    start(story, seed).map_err(|e| e.to_string())
                }
                _ => {
                    let result = step(story, &state, line).and_then(|s| s.ok_or(HELP.to_owned()));
                    if result.is_ok() {
                        history.push(state.clone());
                    }
                    result
                }
            };
            match next {
                Ok(s) => {
                    if let Some(confirm) = set_confirmation(line, &s) {
                        println!("{confirm}");
                    }
                    before = Some(std::mem::replace(&mut state, s));
                    println!();
                    break;
                }
                Err(e) => println!("{e}"),
            }
        }
    }
}

/// One command of play: a choice number (from 1), `:jump <passage id>` or `:set <var> <value>`.
/// `Ok(None)` when the line is none of these.
fn step(story: &Story, state: &State, line: &str) -> Result<Option<State>, String> {
    if let Some(id) = line.strip_prefix(":jump ") {
        return jump(story, state, id.trim())
            .map(Some)
            .map_err(|e| e.to_string());
    }
    if let Some(rest) = line.strip_prefix(":set ") {
        let (name, value) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
        return parse_value(story, name, value)
            .and_then(|v| set_var(story, state, name, v))
            .map(Some)
            .map_err(|e| e.to_string());
    }
    match line.parse::<usize>() {
        Ok(n) if n >= 1 => choose(story, state, n - 1)
            .map(Some)
            .map_err(|e| e.to_string()),
        _ => Ok(None),
    }
}

/// "set stress = 80" after a `:set`, with the value as the story now holds it.
fn set_confirmation(line: &str, state: &State) -> Option<String> {
    let name = line.strip_prefix(":set ")?.split_whitespace().next()?;
    Some(format!("set {name} = {}", state.value(name)?))
}

/// Plays a `--choices` script (choice numbers from 1, `:jump <id>`, `:set <var> <value>`) from
/// `state` and renders every step. The flag is false when a step failed (the transcript ends
/// with that error).
pub fn scripted(story: &Story, mut state: State, script: &[String]) -> (String, bool) {
    let mut out = String::new();
    let mut before: Option<State> = None;
    let mut steps = script.iter().map(|s| s.trim());
    loop {
        let v = match view(story, &state) {
            Ok(v) => v,
            Err(e) => {
                out.push_str(&format!("view error: {e}\n"));
                return (out, false);
            }
        };
        write_view(&mut out, story, &state, before.as_ref(), &v);
        let Some(line) = steps.next() else {
            return (out, true);
        };
        out.push_str(&format!("> {line}\n"));
        match step(story, &state, line) {
            Ok(Some(next)) => {
                if let Some(confirm) = set_confirmation(line, &next) {
                    out.push_str(&format!("{confirm}\n"));
                }
                before = Some(std::mem::replace(&mut state, next));
            }
            Ok(None) => {
                out.push_str(&format!(
                    "script error: `{line}` is not a choice number (from 1), `:jump <passage id>` or `:set <var> <value>`\n"
                ));
                return (out, false);
            }
            Err(e) => {
                out.push_str(&format!("choose error: {e}\n"));
                return (out, false);
            }
        }
    }
}
