//! Installing the tools the build and the tests need, each only when it is missing or at the
//! wrong version. Every version is pinned here or in a lockfile, so two machines build alike.

use std::fs;

use crate::cmd::{self, command, first_line, run, Error};

/// Trunk builds and serves the page. 0.22 needs a newer rustc than the pinned 1.95.
const TRUNK: &str = "0.21.14";
/// wasm-pack runs the browser tests.
const WASM_PACK: &str = "0.15.1";
/// wasm-opt from the npm package `binaryen` (package.json pins it); Debian's is too old.
const WASM_OPT: &str = "version 132";
/// The e2e's accessibility audit runs this npm package in the page (package.json pins it).
const AXE: &str = "axe-core";

/// Everything `cargo xtask play` needs: the wasm target, trunk, wasm-bindgen, wasm-opt (with
/// the other npm packages: one `npm ci` installs them all).
pub fn install_for_play() -> Result<(), Error> {
    wasm_target()?;
    cargo_tool("trunk", TRUNK, &["trunk", "--version", TRUNK, "--locked"])?;
    let bindgen = wasm_bindgen_version()?;
    // `--locked` is left out on purpose: one of wasm-bindgen-cli's locked dependencies is no
    // longer on the registry.
    cargo_tool(
        "wasm-bindgen",
        &bindgen,
        &["wasm-bindgen-cli", "--version", &format!("={bindgen}")],
    )?;
    npm_packages()
}

/// Everything `cargo xtask test` needs: the above, wasm-pack, Chromium and its driver.
pub fn install_all() -> Result<(), Error> {
    install_for_play()?;
    cargo_tool(
        "wasm-pack",
        WASM_PACK,
        &["wasm-pack", "--version", WASM_PACK, "--locked"],
    )?;
    chromium()
}

fn wasm_target() -> Result<(), Error> {
    let installed = command("rustup", &["target", "list", "--installed"])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if installed {
        return skip("wasm32-unknown-unknown target");
    }
    run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// Installs `crate_args` with `cargo install` unless `binary --version` already prints `version`.
fn cargo_tool(binary: &str, version: &str, crate_args: &[&str]) -> Result<(), Error> {
    let found = first_line(binary, &["--version"]);
    if found
        .as_deref()
        .is_some_and(|line| line.split_whitespace().any(|word| word == version))
    {
        return skip(&format!("{binary} {version}"));
    }
    println!(
        "{binary} {version} is missing (found: {}); installing",
        found.as_deref().unwrap_or("none")
    );
    let mut args = vec!["install"];
    args.extend_from_slice(crate_args);
    run("cargo", &args)
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match the library exactly.
fn wasm_bindgen_version() -> Result<String, Error> {
    let lock_path = cmd::root().join("Cargo.lock");
    if !lock_path.exists() {
        run("cargo", &["generate-lockfile"])?;
    }
    let lock = fs::read_to_string(&lock_path)
        .map_err(|e| Error(format!("cannot read {}: {e}", lock_path.display())))?;
    lock_version(&lock, "wasm-bindgen")
        .ok_or_else(|| Error("Cargo.lock has no wasm-bindgen package".into()))
}

/// The version of package `name` in a Cargo.lock text.
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            let version = lines
                .next()?
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

/// The npm packages package.json pins, from package-lock.json: binaryen (wasm-opt, for the
/// release build) and axe-core (the e2e's accessibility audit). `npm ci` runs unless both are
/// installed at their pinned versions.
fn npm_packages() -> Result<(), Error> {
    let binary = cmd::root().join("node_modules/.bin/wasm-opt");
    let found = first_line(&binary.display().to_string(), &["--version"]);
    let wasm_opt = found.as_deref().is_some_and(|line| line.contains(WASM_OPT));
    let read = |path: &str| fs::read_to_string(cmd::root().join(path)).unwrap_or_default();
    let pinned = json_string(&read("package.json"), AXE);
    let installed = json_string(&read("node_modules/axe-core/package.json"), "version");
    if wasm_opt && pinned.is_some() && pinned == installed {
        return skip(&format!(
            "wasm-opt {WASM_OPT} (npm binaryen) and {AXE} {}",
            installed.unwrap_or_default()
        ));
    }
    run("npm", &["ci", "--no-audit", "--no-fund"])
}

/// The first `"key": "value"` string field of a JSON text, without a JSON parser (xtask has no
/// dependencies): enough for package.json's flat fields.
fn json_string(text: &str, key: &str) -> Option<String> {
    let after = &text[text.find(&format!("\"{key}\""))? + key.len() + 2..];
    let value = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(value[..value.find('"')?].to_owned())
}

/// Debian's chromium and chromium-driver, installed together so their versions match.
fn chromium() -> Result<(), Error> {
    let browser = first_line("chromium", &["--version"]);
    let driver = first_line("chromedriver", &["--version"]);
    let major = |line: &Option<String>| {
        line.as_deref()?
            .split_whitespace()
            .nth(1)?
            .split('.')
            .next()
            .map(str::to_owned)
    };
    if browser.is_some() && major(&browser) == major(&driver) {
        return skip(&format!("{} and its driver", browser.unwrap_or_default()));
    }
    println!("Chromium and chromedriver are missing or mismatched; installing with apt");
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.extend_from_slice(&["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        all.extend_from_slice(args);
        run(all[0], &all[1..])
    };
    apt(&["update", "-qq"])?;
    apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
}

fn is_root() -> bool {
    first_line("id", &["-u"]).as_deref() == Some("0")
}

fn skip(what: &str) -> Result<(), Error> {
    println!("ok: {what}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{json_string, lock_version};

    #[test]
    fn json_string_reads_a_flat_field() {
        let package = r#"{ "name": "x", "devDependencies": { "axe-core": "4.14.1" } }"#;
        assert_eq!(json_string(package, "axe-core").as_deref(), Some("4.14.1"));
        assert_eq!(json_string(package, "name").as_deref(), Some("x"));
        assert_eq!(json_string(package, "binaryen"), None);
        assert_eq!(
            json_string(r#"{"devDependencies": {}}"#, "devDependencies"),
            None
        );
    }

    #[test]
    fn package_json_pins_axe_core_exactly() {
        let package = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../package.json"),
        )
        .expect("package.json is committed");
        let version = json_string(&package, super::AXE).expect("axe-core is pinned");
        assert!(
            version.split('.').all(|n| n.parse::<u32>().is_ok()),
            "an exact version, not a range: {version}"
        );
    }

    #[test]
    fn lock_version_reads_the_line_after_the_name() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.100")
        );
        assert_eq!(lock_version(lock, "serde"), None);
    }

    #[test]
    fn the_root_lockfile_pins_wasm_bindgen() {
        let lock = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        )
        .expect("Cargo.lock is committed");
        assert!(lock_version(&lock, "wasm-bindgen").is_some());
    }
}
