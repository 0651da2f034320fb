//! The JSON Schema of the story files (`story schema`), generated from the raw serde types so it
//! can never disagree with what the loader accepts. Editors use it to validate and autocomplete
//! story files that name it in `"$schema"`.
//!
//! Only built with the `schema` feature: the player app never needs it. The schema checks shape
//! only; `story check` does the rest (references, expressions, types).

use crate::front::raw::{RawChapter, RawManifest};
use schemars::gen::SchemaSettings;
use schemars::JsonSchema;

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    /// `story.json`.
    Manifest,
    /// A chapter file.
    Chapter,
}

impl SchemaKind {
    /// The file name it is committed under in a story folder's `schema/` directory.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Manifest => "manifest.schema.json",
            SchemaKind::Chapter => "chapter.schema.json",
        }
    }
}

/// The schema as pretty-printed JSON with a trailing newline (draft-07, which editors support
/// best).
pub fn schema(kind: SchemaKind) -> String {
    match kind {
        SchemaKind::Manifest => render::<RawManifest>("Story manifest (story.json), format 1"),
        SchemaKind::Chapter => render::<RawChapter>("Story chapter file, format 1"),
    }
}

fn render<T: JsonSchema>(title: &str) -> String {
    let gen = SchemaSettings::draft07().into_generator();
    let mut root = gen.into_root_schema_for::<T>();
    root.schema.metadata().title = Some(title.to_owned());
    let mut text = serde_json::to_string_pretty(&root).unwrap_or_default();
    text.push('\n');
    text
}
