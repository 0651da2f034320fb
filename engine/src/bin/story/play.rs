//! `story play` without a script: play in the terminal, one passage at a time, rendered by the
//! library's transcript renderer. Reads commands from standard input, so it can also be piped.
//!
//! Commands: a choice number; `u` undo; `r` restart; `:jump <passage id>`; `:set <var> <value>`;
//! `q` quit.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use story_engine::{choose, jump, parse_value, set_var, start, view, write_view, History, Story};

const HELP: &str =
    "choose with a number; u undo, r restart, :jump <passage id>, :set <var> <value>, q quit";

pub fn interactive(story: &Story, seed: u64) -> Result<ExitCode, String> {
    let mut state = start(story, seed).map_err(|e| format!("cannot start: {e}"))?;
    let mut history = History::new(100);
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
        write_view(&mut out, story, &state, &v);
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
                    let result = if let Some(id) = line.strip_prefix(":jump ") {
                        jump(story, &state, id.trim()).map_err(|e| e.to_string())
                    } else if let Some(rest) = line.strip_prefix(":set ") {
                        let (name, value) = rest.trim().split_once(' ').unwrap_or((rest, ""));
                        parse_value(story, name, value)
                            .and_then(|v| set_var(story, &state, name, v))
                            .map_err(|e| e.to_string())
                    } else {
                        match line.parse::<usize>() {
                            Ok(n) if n >= 1 => {
                                choose(story, &state, n - 1).map_err(|e| e.to_string())
                            }
                            _ => Err(HELP.to_owned()),
                        }
                    };
                    if result.is_ok() {
                        history.push(state.clone());
                    }
                    result
                }
            };
            match next {
                Ok(s) => {
                    state = s;
                    println!();
                    break;
                }
                Err(e) => println!("{e}"),
            }
        }
    }
}
