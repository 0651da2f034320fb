//! Compiles the story into the app: loads and validates `story/` with the engine's front end,
//! here, natively, and writes the compiled form split by act (`story_engine::encode_split`):
//! the core to `$OUT_DIR/story.bin` for `src/story_data.rs` to embed, and the rest of the
//! prose to `$OUT_DIR/story-rest.bin` (the browser tests read it there) and, under its
//! content-hashed name `story-<hash>.bin` (exported to the app as `STORY_REST`), to the
//! target dir's `story-chunks/` (for the page, `target/wasm32-unknown-unknown/story-chunks/`), from where `web/rest-chunk.sh` copies the one the built wasm
//! names into the page. The author page (feature `author`) embeds the whole story instead. The
//! page so carries no story JSON and no loader. A story with errors fails the build, printing every diagnostic as `story check`
//! does; warnings become cargo warnings. Cargo reruns this when anything in `story/` changes,
//! so `trunk serve` rebuilds on story edits.

use std::{env, fs, io::ErrorKind, path::Path, process::ExitCode};

fn main() -> ExitCode {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let story = Path::new(&root).join("story");
    println!("cargo:rerun-if-changed={}", story.display());
    // Bytes, not text: a file that is not UTF-8 is a diagnostic at its first bad byte (E002),
    // and a listed chapter that does not exist is E015, as `story check` reports them.
    let read = story_engine::read_source_bytes(|path| {
        let file = story.join(path);
        println!("cargo:rerun-if-changed={}", file.display());
        match fs::read(&file) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound && path != "story.json" => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
        }
    });
    let (manifest, chapters) = match read {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let loaded = story_engine::load_bytes(&manifest, &chapters);
    let files: Vec<_> = std::iter::once(&manifest)
        .chain(&chapters)
        .map(story_engine::SourceBytes::text)
        .collect();
    let Some(checked) = loaded.story else {
        eprintln!("the story in {} has errors:\n", story.display());
        for d in &loaded.diagnostics {
            let source = files.iter().find(|f| f.path == d.file);
            eprintln!(
                "{}",
                story_engine::render_diagnostic(d, source.map(|f| f.text.as_str()), false)
            );
        }
        return ExitCode::FAILURE;
    };
    for d in &loaded.diagnostics {
        println!("cargo:warning={d}");
    }
    let split = if env::var_os("CARGO_FEATURE_AUTHOR").is_some() {
        story_engine::encode(&checked).map(|core| (core, None))
    } else {
        story_engine::encode_split(&checked)
    };
    let (core, rest) = match split {
        Ok(chunks) => chunks,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    fs::write(out.join("story.bin"), core).expect("OUT_DIR is writable");
    let rest = rest.unwrap_or_default();
    fs::write(out.join("story-rest.bin"), &rest).expect("OUT_DIR is writable");
    let name = if rest.is_empty() {
        String::new()
    } else {
        let name = format!("story-{:016x}.bin", story_engine::fingerprint(&rest));
        // The target dir (of this triple): the first ancestor of OUT_DIR that cargo tagged as a
        // cache dir.
        let Some(target) = out.ancestors().find(|d| d.join("CACHEDIR.TAG").is_file()) else {
            eprintln!("error: no CACHEDIR.TAG above {}", out.display());
            return ExitCode::FAILURE;
        };
        let chunks = target.join("story-chunks");
        let written =
            fs::create_dir_all(&chunks).and_then(|()| fs::write(chunks.join(&name), &rest));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", chunks.display());
            return ExitCode::FAILURE;
        }
        name
    };
    println!("cargo:rustc-env=STORY_REST={name}");
    ExitCode::SUCCESS
}
