//! Recovery after a shape error: serde stops at the first unknown field or wrong type in a
//! file, but authors want every one at once. When a file's typed parse fails, this re-reads it
//! as plain JSON and checks each entry (passage, choice, variable, ending, achievement) on its
//! own, reporting every failing entry at its key.
//!
//! Only runs on files that already failed, so it costs nothing on good stories.

use super::sink::{At, Sink};
use crate::front::diag::Code;
use crate::front::jsonpos::escape_segment;
use crate::front::raw::{RawAchievement, RawChoice, RawEnding, RawPassage, RawVariable};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reports every shape problem of a chapter file. Returns false if it found none (then the
/// caller keeps serde's own message).
pub(crate) fn chapter(sink: &mut Sink<'_>, file: usize, text: &str) -> bool {
    let Ok(Value::Object(root)) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let mut found = top_level(
        sink,
        file,
        &root,
        &["id", "title", "passages", "$schema"],
        &["id", "title"],
    );
    let Some(Value::Object(passages)) = root.get("passages") else {
        return found;
    };
    let chapter_id = root.get("id").and_then(Value::as_str).unwrap_or_default();
    for (key, value) in passages {
        let id = format!("{chapter_id}.{key}");
        let passage = Some(id.as_str());
        let base = format!("/passages/{}", escape_segment(key));
        let mut stripped = value.clone();
        if let Some(Value::Array(choices)) = value.get("choices") {
            for (i, c) in choices.iter().enumerate() {
                found |= entry::<RawChoice>(sink, file, c, &format!("{base}/choices/{i}"), passage);
            }
            if let Some(obj) = stripped.as_object_mut() {
                obj.insert("choices".to_owned(), Value::Array(Vec::new()));
            }
        }
        found |= entry::<RawPassage>(sink, file, &stripped, &base, passage);
    }
    found
}

/// Reports every shape problem of the manifest.
pub(crate) fn manifest(sink: &mut Sink<'_>, text: &str) -> bool {
    let Ok(Value::Object(root)) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let known = [
        "format",
        "id",
        "title",
        "version",
        "start",
        "chapters",
        "variables",
        "endings",
        "achievements",
        "renames",
        "$schema",
    ];
    let required = ["format", "id", "title", "version", "start", "chapters"];
    let mut found = top_level(sink, 0, &root, &known, &required);
    found |= map::<RawVariable>(sink, &root, "variables");
    found |= map::<RawEnding>(sink, &root, "endings");
    found |= map::<RawAchievement>(sink, &root, "achievements");
    found
}

fn map<T: DeserializeOwned>(
    sink: &mut Sink<'_>,
    root: &serde_json::Map<String, Value>,
    field: &str,
) -> bool {
    let Some(Value::Object(entries)) = root.get(field) else {
        return false;
    };
    let mut found = false;
    for (key, value) in entries {
        found |= entry::<T>(
            sink,
            0,
            value,
            &format!("/{field}/{}", escape_segment(key)),
            None,
        );
    }
    found
}

fn top_level(
    sink: &mut Sink<'_>,
    file: usize,
    root: &serde_json::Map<String, Value>,
    known: &[&str],
    required: &[&str],
) -> bool {
    let mut found = false;
    for key in root.keys() {
        if !known.contains(&key.as_str()) {
            let m = format!("unknown field `{key}`, expected one of {}", list(known));
            sink.report(
                Code::InvalidField,
                file,
                At::Key(format!("/{}", escape_segment(key)), 0),
                None,
                m,
            );
            found = true;
        }
    }
    for field in required {
        if !root.contains_key(*field) {
            sink.report(
                Code::InvalidField,
                file,
                At::value(""),
                None,
                format!("missing field `{field}`"),
            );
            found = true;
        }
    }
    found
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks one entry; reports its error at the offending key when serde names one.
fn entry<T: DeserializeOwned>(
    sink: &mut Sink<'_>,
    file: usize,
    value: &Value,
    pointer: &str,
    passage: Option<&str>,
) -> bool {
    let Err(e) = T::deserialize(value) else {
        return false;
    };
    let message = e.to_string();
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('`'))
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    let at = match named("unknown field ").or_else(|| named("duplicate field ")) {
        Some(field) => At::Key(format!("{pointer}/{}", escape_segment(&field)), 0),
        None => At::value(pointer),
    };
    let message = super::sink::writers_words(message);
    sink.report(Code::InvalidField, file, at, passage, message);
    true
}
