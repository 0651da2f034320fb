//! Running commands: every child sees a PATH with the project's tool folders in front, and
//! every command is echoed before it runs, so a failure can be reproduced by hand.

use std::{
    env,
    ffi::OsString,
    fmt,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// A command that could not run or did not succeed.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_owned()
}

/// Where `cargo install` puts binaries: `$CARGO_INSTALL_ROOT/bin`, else `$CARGO_HOME/bin`,
/// else `~/.cargo/bin`.
pub fn cargo_bin() -> PathBuf {
    if let Some(root) = env::var_os("CARGO_INSTALL_ROOT") {
        return PathBuf::from(root).join("bin");
    }
    if let Some(home) = env::var_os("CARGO_HOME") {
        return PathBuf::from(home).join("bin");
    }
    PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo/bin")
}

/// PATH with `node_modules/.bin` (wasm-opt) and cargo's bin folder in front.
pub fn path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin"), cargo_bin()];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).expect("tool folders contain no path separator")
}

/// A command in the repository root with the project PATH.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root()).env("PATH", path());
    command
}

/// Runs a command with inherited output; fails unless it exits 0.
pub fn run(program: &str, args: &[&str]) -> Result<(), Error> {
    println!("$ {program} {}", args.join(" "));
    status(command(program, args))
}

/// Runs a prepared command with inherited output; fails unless it exits 0.
pub fn status(mut command: Command) -> Result<(), Error> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| Error(format!("cannot run {shown}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error(format!("{shown} failed with {status}")))
    }
}

/// The first line a command prints on stdout, or `None` if it cannot run or fails.
pub fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).stderr(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(str::to_owned)
}
