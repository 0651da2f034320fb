//! `cargo xtask dist`: the release page as one zip to upload as it is to a static host or a
//! game portal. It holds `dist/` (the player's page at the top, with its service worker,
//! manifest and icons, and the author page in `author/`), checked first to use relative
//! paths only, so the page works from any folder without server configuration. Not a
//! deployer: uploading is the author's (README, "Publish").

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use zip::{write::SimpleFileOptions, CompressionMethod, DateTime, ZipWriter};

use crate::cmd::{self, Error};

/// The zip's path for this version: `$CARGO_TARGET_DIR/dist/mss-<version>.zip`.
pub fn archive_path() -> Result<PathBuf, Error> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| cmd::root().join("target"));
    let manifest = fs::read_to_string(cmd::root().join("Cargo.toml"))
        .map_err(|e| Error(format!("cannot read Cargo.toml: {e}")))?;
    Ok(target
        .join("dist")
        .join(format!("mss-{}.zip", package_version(&manifest)?)))
}

/// The `version` of the `[package]` table (the game's, not the workspace's members').
fn package_version(manifest: &str) -> Result<String, Error> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let Some(value) = line.strip_prefix("version").map(str::trim_start) {
            if let (true, Some(value)) = (in_package, value.strip_prefix('=')) {
                return Ok(value.trim().trim_matches('"').to_owned());
            }
        }
    }
    Err(Error("Cargo.toml's [package] has no version".into()))
}

/// Checks `dist` and writes it as a zip to `archive`; returns the number of files.
pub fn write(dist: &Path, archive: &Path) -> Result<usize, Error> {
    let files = files(dist)?;
    for file in &files {
        if matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("html" | "webmanifest")
        ) {
            let text = fs::read_to_string(dist.join(file))
                .map_err(|e| Error(format!("{}: {e}", file.display())))?;
            if let Some(reference) = absolute_reference(&text) {
                return Err(Error(format!(
                    "{} refers to `{reference}`, an absolute path: the page would work only at \
                     a host's root (Trunk.toml's public_url must stay \"./\")",
                    file.display()
                )));
            }
        }
    }
    if let Some(dir) = archive.parent() {
        fs::create_dir_all(dir).map_err(|e| Error(format!("{}: {e}", dir.display())))?;
    }
    let out =
        fs::File::create(archive).map_err(|e| Error(format!("{}: {e}", archive.display())))?;
    let mut zip = ZipWriter::new(out);
    // A fixed date and mode: the same build gives the same zip, byte for byte.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let fail = |e: &dyn std::fmt::Display| Error(format!("{}: {e}", archive.display()));
    for file in &files {
        let name: Vec<String> = file
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let bytes = fs::read(dist.join(file)).map_err(|e| fail(&e))?;
        zip.start_file(name.join("/"), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    zip.finish().map_err(|e| fail(&e))?;
    Ok(files.len())
}

/// Every file under `dist`, relative to it, sorted; fails if there is no page.
fn files(dist: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(dist.join(&dir))
            .map_err(|e| Error(format!("cannot read {}: {e}", dist.join(&dir).display())))?;
        for entry in entries.flatten() {
            let relative = dir.join(entry.file_name());
            if entry.path().is_dir() {
                stack.push(relative);
            } else {
                out.push(relative);
            }
        }
    }
    out.sort();
    for page in ["index.html", "sw.js", "author/index.html"] {
        if !out.iter().any(|f| f == Path::new(page)) {
            return Err(Error(format!(
                "{} has no {page}: build the release page first (`trunk build --release`)",
                dist.display()
            )));
        }
    }
    Ok(out)
}

/// The first attribute or JSON value in `text` that is an absolute path or URL (`="/…"`,
/// `": "/…"`, `="http…`), which a page uploaded to a sub-folder would miss.
fn absolute_reference(text: &str) -> Option<String> {
    for opener in ["=\"", "='", "\": \"", "\":\""] {
        for (at, _) in text.match_indices(opener) {
            let value = &text[at + opener.len()..];
            let end = value.find(['"', '\'']).unwrap_or(value.len());
            let value = &value[..end];
            let absolute = value.starts_with('/') || value.starts_with("http");
            // CSP sources and the like are not links; only paths and URLs that load files.
            if absolute && !value.contains(' ') {
                return Some(value.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_are_found_and_relative_ones_pass() {
        let page = r#"<link rel="manifest" href="manifest.webmanifest"><script src="./boot.js" data-js="./mss-1.js"></script><meta content="default-src 'self'; connect-src ws://127.0.0.1:8080">"#;
        assert_eq!(absolute_reference(page), None);
        let rooted = r#"<script type="module" src="/boot.js"></script>"#;
        assert_eq!(absolute_reference(rooted).as_deref(), Some("/boot.js"));
        let manifest = r#"{ "start_url": "/", "scope": "./" }"#;
        assert_eq!(absolute_reference(manifest).as_deref(), Some("/"));
        let remote = r#"<link href="https://example.org/x.css">"#;
        assert!(absolute_reference(remote).is_some());
    }

    #[test]
    fn the_game_version_comes_from_the_package_table() {
        let manifest = "[workspace]\nmembers = []\n[workspace.package]\nversion = \"9.9.9\"\n\n[package]\nname = \"mss\"\nversion = \"0.3.1\"\n";
        assert_eq!(package_version(manifest).expect("found"), "0.3.1");
        assert!(package_version("[package]\nname = \"x\"\n").is_err());
    }

    #[test]
    fn the_shipped_manifest_and_pages_are_relative() {
        for file in ["web/manifest.webmanifest", "index.html", "author.html"] {
            let text = fs::read_to_string(cmd::root().join(file)).expect("committed");
            assert_eq!(absolute_reference(&text), None, "{file}");
        }
    }
}
