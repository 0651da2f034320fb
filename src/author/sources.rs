//! A story loaded from disk in author mode: finding the manifest and the chapter files it lists
//! among the picked files, loading them with the engine, and deciding what happens to the
//! running game. Pure: the files are read at the edge (`effects::author`).

use std::rc::Rc;

use story_engine::{Diagnostic, SourceBytes, State, Story};

use super::edit::{carry, Edit};
use crate::player::capitalized;
use crate::shared::Shared;

/// A picked file: its path (relative to the picked folder, or just its name) and its bytes
/// (not yet known to be UTF-8: the engine reports a file that is not as E002, where it breaks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picked {
    /// `story/joining.json` from a folder, `joining.json` from a file pick.
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// The manifest (the `story.json` nearest the top of the pick) and the chapter files it lists,
/// found by path relative to the manifest, else by name. Listed files that are missing are left
/// out, so the engine reports them.
pub fn assemble(picked: &[Picked]) -> Result<(SourceBytes, Vec<SourceBytes>), String> {
    let manifest = picked
        .iter()
        .filter(|p| p.path == "story.json" || p.path.ends_with("/story.json"))
        .min_by_key(|p| p.path.matches('/').count())
        .ok_or("none of the picked files is a story.json manifest")?;
    let dir = &manifest.path[..manifest.path.len() - "story.json".len()];
    let base = |path: &str| path.rsplit('/').next().unwrap_or(path).to_owned();
    story_engine::read_source_bytes(|listed| {
        if listed == "story.json" {
            return Ok::<_, String>(Some(manifest.bytes.clone()));
        }
        Ok(picked
            .iter()
            .find(|p| p.path == format!("{dir}{listed}"))
            .or_else(|| picked.iter().find(|p| base(&p.path) == base(listed)))
            .map(|file| file.bytes.clone()))
    })
}

/// What a load from disk came to, for the diagnostics panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// One sentence: what happened.
    pub headline: String,
    /// True if the new story is being played.
    pub played: bool,
    /// Every diagnostic, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// Files left out, and other things worth knowing.
    pub notes: Vec<String>,
}

/// Loads `picked` and decides: with errors (or no manifest) the current story keeps running;
/// otherwise the new story is played from the player's place in `current` if it still exists.
pub fn reload(
    picked: &[Picked],
    current: (&Story, &State),
    seed: u64,
    at: f64,
) -> (Report, Option<Edit>) {
    let blocked = |headline: String, diagnostics: Vec<Diagnostic>| Report {
        headline,
        played: false,
        diagnostics,
        notes: Vec::new(),
    };
    let (manifest, chapters) = match assemble(picked) {
        Ok(files) => files,
        Err(why) => return (blocked(format!("Not loaded: {why}."), Vec::new()), None),
    };
    let mut loaded = story_engine::load_bytes(&manifest, &chapters);
    loaded.diagnostics.sort_by_key(|d| !d.is_error());
    let Some(story) = loaded.story else {
        let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
        let headline = format!(
            "Not loaded: {errors} error{} (below). The current story keeps running.",
            if errors == 1 { "" } else { "s" }
        );
        return (blocked(headline, loaded.diagnostics), None);
    };
    let carried = match carry(current.0, current.1, &story, seed) {
        Ok(carried) => carried,
        Err(why) => {
            return (
                blocked(format!("Not loaded: {why}."), loaded.diagnostics),
                None,
            )
        }
    };
    let files = match chapters.len() {
        1 => "1 chapter file".to_owned(),
        n => format!("{n} chapter files"),
    };
    let headline = if carried.kept {
        format!(
            "Loaded “{}” ({files}); you are still at {}.",
            story.title(),
            carried.state.passage()
        )
    } else {
        format!("Loaded “{}” ({files}).", story.title())
    };
    let report = Report {
        headline,
        played: true,
        diagnostics: loaded.diagnostics,
        notes: carried
            .notice
            .into_iter()
            .map(|n| format!("{}.", capitalized(&n)))
            .collect(),
    };
    let edit = Edit::Story {
        story: Shared(Rc::new(story)),
        state: Box::new(carried.state),
        kept: carried.kept,
        at,
    };
    (report, Some(edit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::fixtures::{files, story};

    fn pick(files: &[(&str, &str)]) -> Vec<Picked> {
        files
            .iter()
            .map(|(path, text)| Picked {
                path: (*path).into(),
                bytes: text.as_bytes().to_vec(),
            })
            .collect()
    }

    #[test]
    fn the_manifest_and_its_chapters_are_found_in_a_folder_or_a_pick() {
        let manifest = r#"{"chapters": ["a.json", "parts/b.json", "c.json"]}"#;
        let folder = pick(&[
            ("story/README.json", "{}"),
            ("story/old/story.json", "{}"),
            ("story/story.json", manifest),
            ("story/a.json", "A"),
            ("story/parts/b.json", "B"),
        ]);
        let (m, chapters) = assemble(&folder).unwrap();
        assert_eq!(
            (m.path.as_str(), m.bytes.as_slice()),
            ("story.json", manifest.as_bytes())
        );
        let got: Vec<(&str, &[u8])> = chapters
            .iter()
            .map(|c| (c.path.as_str(), c.bytes.as_slice()))
            .collect();
        assert_eq!(got, [("a.json", &b"A"[..]), ("parts/b.json", b"B")]);
        let loose = pick(&[("b.json", "B"), ("story.json", manifest)]);
        let (_, chapters) = assemble(&loose).unwrap();
        assert_eq!(chapters[0].path, "parts/b.json", "matched by name");
        let none = assemble(&pick(&[("a.json", "A")]));
        assert_eq!(
            none.unwrap_err(),
            "none of the picked files is a story.json manifest"
        );
    }

    #[test]
    fn errors_block_the_reload_and_a_clean_story_is_played_in_place() {
        let old = story("t", &["hub", "side", "end"], "");
        let here =
            story_engine::jump(&old, &story_engine::start(&old, 1).unwrap(), "a.side").unwrap();
        let (manifest, chapter) = files("t", &["hub", "side"], "");
        let broken = pick(&[
            ("story.json", &manifest.text),
            (
                "a.json",
                &chapter
                    .text
                    .replace("\"goto\": \"side\"", "\"goto\": \"nowhere\""),
            ),
        ]);
        let (report, edit) = reload(&broken, (&old, &here), 1, 0.0);
        assert!(edit.is_none() && !report.played);
        assert!(
            report.headline.starts_with("Not loaded: 1 error"),
            "{}",
            report.headline
        );
        assert!(report.diagnostics[0].is_error());
        assert!(report.diagnostics[0].to_string().starts_with("a.json:"));

        let clean = pick(&[("story.json", &manifest.text), ("a.json", &chapter.text)]);
        let (report, edit) = reload(&clean, (&old, &here), 1, 0.0);
        assert!(report.played);
        assert_eq!(
            report.headline,
            "Loaded “Story t” (1 chapter file); you are still at a.side."
        );
        let Some(Edit::Story { state, kept, .. }) = edit else {
            panic!("a new story to play")
        };
        assert!(kept);
        assert_eq!(state.passage(), "a.side");
    }
}
