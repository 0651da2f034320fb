//! Compiles the story into the app: loads and validates `story/` with the engine's front end,
//! here, natively, and writes the compiled form (`story_engine::encode`) to
//! `$OUT_DIR/story.bin` for `src/story_data.rs` to embed. The page so carries no story JSON and
//! no loader. A story with errors fails the build, printing every diagnostic as `story check`
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
    let bytes = match story_engine::encode(&checked) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("story.bin");
    fs::write(dest, bytes).expect("OUT_DIR is writable");
    ExitCode::SUCCESS
}
