//! The diagnostic sink: collects problems located by JSON pointer while loading, and turns them
//! into line/column diagnostics at the end (indexing a file's positions only if it has any).

use crate::front::diag::{Code, Diagnostic, Words};
use crate::front::jsonpos::PosIndex;
use crate::front::load::SourceFile;

/// Where in a file a problem is.
#[derive(Clone, Debug)]
pub(crate) enum At {
    /// The value at a JSON pointer (its `nth` occurrence, for duplicate keys: 0 otherwise).
    Value(String, usize),
    /// The key naming the value at a pointer.
    Key(String, usize),
    /// A byte offset inside the decoded string at a pointer.
    Inner(String, u32),
    /// A line and column already known (serde's).
    Pos(u32, u32),
}

impl At {
    pub(crate) fn value(pointer: impl Into<String>) -> At {
        At::Value(pointer.into(), 0)
    }
}

#[derive(Debug)]
struct Pending {
    code: Code,
    file: usize,
    at: At,
    passage: Option<String>,
    words: Words,
}

/// Collects diagnostics for a set of files (index 0 is the manifest).
pub(crate) struct Sink<'a> {
    files: Vec<&'a SourceFile>,
    pending: Vec<Pending>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(manifest: &'a SourceFile) -> Sink<'a> {
        Sink {
            files: vec![manifest],
            pending: Vec::new(),
        }
    }

    /// Registers a file; returns its index.
    pub(crate) fn add_file(&mut self, file: &'a SourceFile) -> usize {
        self.files.push(file);
        self.files.len() - 1
    }

    pub(crate) fn report(
        &mut self,
        code: Code,
        file: usize,
        at: At,
        passage: Option<&str>,
        message: impl Into<Words>,
    ) {
        self.pending.push(Pending {
            code,
            file,
            at,
            passage: passage.map(str::to_owned),
            words: message.into(),
        });
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.pending
            .iter()
            .any(|p| p.code.severity() == crate::front::diag::Severity::Error)
    }

    /// Resolves every position; diagnostics come out by file, then line, then column.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let mut out = Vec::with_capacity(self.pending.len());
        let mut order = Vec::with_capacity(self.pending.len());
        for (file_idx, file) in self.files.iter().enumerate() {
            let mine: Vec<&Pending> = self.pending.iter().filter(|p| p.file == file_idx).collect();
            if mine.is_empty() {
                continue;
            }
            let index = PosIndex::new(&file.text);
            for p in mine {
                let (line, column) = match &p.at {
                    At::Pos(l, c) => (*l, *c),
                    At::Value(ptr, nth) => index.line_col(index.value_offset(ptr, *nth)),
                    At::Key(ptr, nth) => index.line_col(index.key_offset(ptr, *nth)),
                    At::Inner(ptr, off) => {
                        let v = index.value_offset(ptr, 0);
                        index.line_col(index.string_offset(v, *off as usize))
                    }
                };
                order.push((file_idx, line, column, out.len()));
                out.push(Diagnostic {
                    code: p.code,
                    severity: p.code.severity(),
                    file: file.path.clone(),
                    line,
                    column,
                    passage: p.passage.clone(),
                    message: p.words.message.clone(),
                    help: p.words.help.clone(),
                });
            }
        }
        order.sort();
        order
            .into_iter()
            .filter_map(|(_, _, _, i)| out.get(i).cloned())
            .collect()
    }
}

/// serde_json's message without its trailing position, in writers' words: JSON's `[…]` is a
/// list and `{…}` an object, not serde's sequence and map.
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    let text = match text.strip_prefix("EOF") {
        Some(rest) => format!("unexpected end of file{rest}"),
        None => text.to_owned(),
    };
    writers_words(text)
}

/// serde's shape words (sequence, map) replaced by the ones writers use (list, object).
pub(crate) fn writers_words(text: String) -> String {
    [
        ("invalid type: string ", "found the text "),
        ("invalid type: map", "found an object (`{…}`)"),
        ("invalid type: sequence", "found a list (`[…]`)"),
        ("invalid type: ", "found "),
        ("expected a sequence", "expected a list (`[…]`)"),
        ("expected a map", "expected an object (`{…}`)"),
        ("invalid length", "wrong number of items"),
    ]
    .iter()
    .fold(text, |t, (from, to)| t.replacen(from, to, 1))
}

/// Where a "trailing comma" error belongs: serde stops at the bracket after the comma, often on
/// the next line; the comma itself is the last one before that position (1-based line and
/// column in bytes).
pub(crate) fn comma_before(text: &str, line: u32, column: u32) -> Option<(u32, u32)> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let end = (start + column.saturating_sub(1) as usize).min(text.len());
    let comma = text.get(..end)?.rfind(',')?;
    let before = text.get(..comma)?;
    let line = before.matches('\n').count() as u32 + 1;
    let column = (comma - before.rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
    Some((line, column))
}

/// `[a-z][a-z0-9_]*`
pub(crate) fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
