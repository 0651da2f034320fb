//! Story files as bytes, before they are known to be text: [`load_bytes`] reports a file that is
//! not UTF-8 as a diagnostic at its first bad byte (E002: JSON text is UTF-8), instead of the
//! caller dropping it and the loader calling it missing. No IO here either: the caller reads.

use crate::front::diag::{Code, Diagnostic};
use crate::front::load::{chapter_paths, load, Loaded, SourceFile};

/// A story file as read: its path as listed in the manifest (`story.json` for the manifest)
/// and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceBytes {
    /// The file's name, e.g. `joining.json`.
    pub path: String,
    /// Its contents, not yet known to be UTF-8.
    pub bytes: Vec<u8>,
}

impl SourceBytes {
    /// The file as text, each invalid UTF-8 sequence replaced by `U+FFFD` (for source
    /// snippets and for loading the rest of a broken file).
    pub fn text(&self) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            text: String::from_utf8_lossy(&self.bytes).into_owned(),
        }
    }
}

/// Gathers a story's files through `read`, which maps a path relative to the story's folder to
/// its bytes: `Ok(None)` for a file that does not exist (a missing chapter is left out and
/// [`load_bytes`] reports it, E015), `Err` for a file that exists but cannot be read (the
/// caller's IO error, returned as is). A manifest that does not exist reads as empty, which
/// the loader reports as not JSON; callers that want an IO error for it return `Err` instead.
pub fn read_source_bytes<E>(
    mut read: impl FnMut(&str) -> Result<Option<Vec<u8>>, E>,
) -> Result<(SourceBytes, Vec<SourceBytes>), E> {
    let manifest = SourceBytes {
        path: "story.json".to_owned(),
        bytes: read("story.json")?.unwrap_or_default(),
    };
    let mut chapters = Vec::new();
    for path in chapter_paths(&String::from_utf8_lossy(&manifest.bytes)) {
        if let Some(bytes) = read(&path)? {
            chapters.push(SourceBytes { path, bytes });
        }
    }
    Ok((manifest, chapters))
}

/// Loads a story from files as bytes. A file that is not UTF-8 is an error (E002) at the line
/// and column of its first bad byte; the rest of it is still loaded (bad bytes read as
/// `U+FFFD`) so every other problem is reported too, but the story does not load.
pub fn load_bytes(manifest: &SourceBytes, chapters: &[SourceBytes]) -> Loaded {
    let texts: Vec<SourceFile> = chapters.iter().map(SourceBytes::text).collect();
    let mut loaded = load(&manifest.text(), &texts);
    let mut faults: Vec<Diagnostic> = std::iter::once(manifest)
        .chain(chapters)
        .filter_map(not_utf8)
        .collect();
    if faults.is_empty() {
        return loaded;
    }
    loaded.story = None;
    loaded.diagnostics.append(&mut faults);
    // Files in the order given (the manifest first), then by position, as `load` orders them.
    let rank = |file: &str| {
        std::iter::once(manifest.path.as_str())
            .chain(chapters.iter().map(|c| c.path.as_str()))
            .position(|p| p == file)
            .unwrap_or(usize::MAX)
    };
    loaded
        .diagnostics
        .sort_by_key(|d| (rank(&d.file), d.line, d.column));
    loaded
}

/// The diagnostic for a file that is not UTF-8, at its first bad byte; `None` for text.
fn not_utf8(file: &SourceBytes) -> Option<Diagnostic> {
    let error = std::str::from_utf8(&file.bytes).err()?;
    let good = error.valid_up_to();
    // The prefix is valid UTF-8 by definition; columns count characters, as everywhere.
    let before = std::str::from_utf8(&file.bytes[..good]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    let byte = file.bytes.get(good).copied().unwrap_or_default();
    Some(Diagnostic {
        code: Code::InvalidJson,
        severity: Code::InvalidJson.severity(),
        file: file.path.clone(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        passage: None,
        message: format!(
            "the file is not UTF-8 text: byte 0x{byte:02x} at byte offset {good} is not valid \
             UTF-8 (save story files as UTF-8)"
        ),
        help: None,
    })
}

#[cfg(test)]
mod tests {
    use super::{load_bytes, read_source_bytes, SourceBytes};

    fn file(path: &str, bytes: &[u8]) -> SourceBytes {
        SourceBytes {
            path: path.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn a_latin1_chapter_is_an_encoding_error_at_its_first_bad_byte() {
        let manifest = file(
            "story.json",
            br#"{"format": 1, "id": "s", "title": "S", "version": "1", "start": "a.x",
"chapters": ["a.json"], "endings": {"done": {"title": "Done"}}}"#,
        );
        let chapter = file(
            "a.json",
            b"{\"id\": \"a\", \"title\": \"A\",\n \"passages\": {\"x\": {\"text\": \"caf\xe9\", \"ending\": \"done\"}}}",
        );
        let loaded = load_bytes(&manifest, &[chapter]);
        assert!(loaded.story.is_none());
        let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            all,
            ["a.json:2:33: error[E002]: the file is not UTF-8 text: byte 0xe9 at byte offset 58 \
              is not valid UTF-8 (save story files as UTF-8)"]
        );
    }

    #[test]
    fn missing_chapters_are_left_out_and_read_errors_are_returned() {
        let manifest = br#"{"chapters": ["a.json", "b.json"]}"#.to_vec();
        let read = |path: &str| -> Result<Option<Vec<u8>>, String> {
            match path {
                "story.json" => Ok(Some(manifest.clone())),
                "a.json" => Ok(Some(b"{}".to_vec())),
                _ => Ok(None),
            }
        };
        let (m, chapters) = read_source_bytes(read).expect("reads");
        assert_eq!(m.bytes, manifest);
        assert_eq!(chapters, [file("a.json", b"{}")]);
        let failing = read_source_bytes(|path: &str| -> Result<Option<Vec<u8>>, String> {
            match path {
                "story.json" => Ok(Some(manifest.clone())),
                _ => Err(format!("cannot read {path}")),
            }
        });
        assert_eq!(failing, Err("cannot read a.json".to_owned()));
    }
}
