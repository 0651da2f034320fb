//! The story files embedded at build time (see `build.rs`) and the one call that loads them.

use story_engine::{Loaded, SourceFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/story_files.rs"));
}

/// Loads the embedded story. The result carries every diagnostic; `story` is `None` when any of
/// them is an error.
pub fn load() -> Loaded {
    let (path, text) = embedded::MANIFEST;
    let manifest = SourceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    let chapters: Vec<SourceFile> = embedded::CHAPTERS
        .iter()
        .map(|(path, text)| SourceFile {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
        })
        .collect();
    story_engine::load(&manifest, &chapters)
}
