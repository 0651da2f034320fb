//! A JSON position index: maps each JSON pointer (`/passages/start/choices/0/goto`) to where its
//! value (and its key) starts in the file, and offsets inside a decoded string back to the raw
//! text, escapes included.
//!
//! It is not a parser: it assumes text that serde_json already accepted, and on anything else it
//! just stops indexing (it never panics). Built only when a file has diagnostics to place.

use std::collections::HashMap;

/// Where one JSON value sits in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    /// Byte offset of the value's first character (the `"` of a string).
    value: usize,
    /// Byte offset of the `"` of the key naming this value (or of the value in an array).
    key: usize,
}

/// The position index of one file.
#[derive(Debug)]
pub(crate) struct PosIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Pointer → occurrences in document order (more than one only for duplicate keys).
    entries: HashMap<String, Vec<Entry>>,
}

/// Escapes one pointer segment (RFC 6901).
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl<'a> PosIndex<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> PosIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut index = PosIndex {
            text,
            line_starts,
            entries: HashMap::new(),
        };
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
        };
        scanner.skip_ws();
        let start = scanner.pos;
        let mut out = Vec::new();
        scanner.value(String::new(), start, 0, &mut out);
        for (pointer, entry) in out {
            index.entries.entry(pointer).or_default().push(entry);
        }
        index
    }

    /// 1-based line and character column of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (to_u32(line + 1), to_u32(column + 1))
    }

    /// Byte offset of the value at `pointer` (its `nth` occurrence), falling back to the
    /// nearest indexed ancestor, then to the start of the file.
    pub(crate) fn value_offset(&self, pointer: &str, nth: usize) -> usize {
        self.entry(pointer, nth).map_or(0, |e| e.value)
    }

    /// Byte offset of the key of the value at `pointer`.
    pub(crate) fn key_offset(&self, pointer: &str, nth: usize) -> usize {
        self.entry(pointer, nth).map_or(0, |e| e.key)
    }

    fn entry(&self, pointer: &str, nth: usize) -> Option<Entry> {
        let mut p = pointer;
        loop {
            if let Some(list) = self.entries.get(p) {
                return list.get(nth).or(list.first()).copied();
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }

    /// Byte offset in the file of the character at byte `inner` of the decoded string whose
    /// value starts at `value` (the opening quote). Escapes count as the characters they stand
    /// for, so an offset inside `"visits(\"x\")"` lands on the right raw character.
    pub(crate) fn string_offset(&self, value: usize, inner: usize) -> usize {
        let bytes = self.text.as_bytes();
        if bytes.get(value) != Some(&b'"') {
            return value;
        }
        let mut raw = value + 1;
        let mut decoded = 0;
        while raw < bytes.len() && decoded < inner {
            match bytes[raw] {
                b'"' => break,
                b'\\' => {
                    let (raw_len, dec_len) = escape_len(&bytes[raw..]);
                    raw += raw_len;
                    decoded += dec_len;
                }
                b => {
                    let len = utf8_len(b);
                    raw += len;
                    decoded += len;
                }
            }
        }
        raw.min(bytes.len())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Raw length and decoded UTF-8 length of the escape at the start of `raw` (which is `\…`).
fn escape_len(raw: &[u8]) -> (usize, usize) {
    if raw.get(1) != Some(&b'u') {
        return (2, 1);
    }
    let hex = |at: usize| {
        raw.get(at..at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match hex(2) {
        Some(0xD800..=0xDBFF) if raw.get(6) == Some(&b'\\') && raw.get(7) == Some(&b'u') => (12, 4),
        Some(c) => (6, char::from_u32(c).map_or(3, char::len_utf8)),
        None => (2, 1),
    }
}

struct Scanner<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Records the value at the cursor under `pointer`, then skips it.
    fn value(&mut self, pointer: String, key: usize, depth: u32, out: &mut Vec<(String, Entry)>) {
        out.push((
            pointer.clone(),
            Entry {
                value: self.pos,
                key,
            },
        ));
        if depth > 256 {
            return;
        }
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b'}') => {
                            self.pos += 1;
                            return;
                        }
                        _ => return,
                    }
                    let key_at = self.pos;
                    let name = self.string();
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let child = format!("{pointer}/{}", escape_segment(&name));
                    self.value(child, key_at, depth + 1, out);
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut i = 0usize;
                loop {
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return;
                    }
                    if self.peek().is_none() {
                        return;
                    }
                    let at = self.pos;
                    self.value(format!("{pointer}/{i}"), at, depth + 1, out);
                    i += 1;
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => {}
        }
    }

    /// Reads a string at the cursor (on its quote) and returns it decoded.
    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
        let raw = self
            .bytes
            .get(start..self.pos.min(self.bytes.len()))
            .unwrap_or_default();
        serde_json::from_slice::<String>(raw).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"a\": {\"b\": [1, \"x\\\"y\"]},\n  \"c~/\": true\n}";

    #[test]
    fn pointers_map_to_values_and_keys() {
        let idx = PosIndex::new(TEXT);
        assert_eq!(idx.line_col(idx.value_offset("/a/b/1", 0)), (2, 18));
        assert_eq!(idx.line_col(idx.key_offset("/a", 0)), (2, 3));
        assert_eq!(idx.line_col(idx.value_offset("/c~0~1", 0)), (3, 10));
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(idx.line_col(idx.value_offset("/a/zzz", 0)), (2, 8));
    }

    #[test]
    fn string_offsets_skip_escapes() {
        let idx = PosIndex::new(TEXT);
        let v = idx.value_offset("/a/b/1", 0);
        // decoded `x"y`: byte 2 is `y`, which sits after the two-character escape.
        assert_eq!(idx.line_col(idx.string_offset(v, 2)), (2, 22));
        let unicode = "[\"\\u00e9x\"]";
        let idx = PosIndex::new(unicode);
        let v = idx.value_offset("/0", 0);
        assert_eq!(idx.string_offset(v, 2), 8);
    }
}
