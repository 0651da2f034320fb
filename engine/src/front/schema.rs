//! The JSON Schema of the story files (`story schema`), generated from the raw serde types so it
//! can never disagree with what the loader accepts. Editors use it to validate and autocomplete
//! story files that name it in `"$schema"`.
//!
//! Only built with the `schema` feature: the player app never needs it. Beyond the shape the
//! serde types give, `refine` adds every rule of the loader that a schema can state (one move per
//! choice, no choices on an ending, `max_visits` ≥ 1, …), so an editor never accepts what
//! `story check` rejects for a reason it could have seen. What a schema cannot state (unknown
//! passages, expressions, `min` ≤ `max`) is listed with reasons in `tests/it/schema.rs`.

use crate::front::load::decl::RESERVED;
use crate::front::raw::{RawChapter, RawManifest};
use schemars::gen::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Value};

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
    let mut value = serde_json::to_value(&root).unwrap_or_default();
    refine(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// A name as the loader's `is_name` accepts it.
const NAME: &str = "^[a-z][a-z0-9_]*$";

/// `field` is there and not `null` (serde reads a `null` option as absent).
fn has(field: &str) -> Value {
    json!({ "required": [field], "properties": { field: { "not": { "type": "null" } } } })
}

/// `field` is `true`.
fn is_true(field: &str) -> Value {
    json!({ "required": [field], "properties": { field: { "const": true } } })
}

/// `field` is `value`.
fn equals(field: &str, value: &str) -> Value {
    json!({ "required": [field], "properties": { field: { "const": value } } })
}

/// None of `fields` is there (or each is `null`).
fn none_of(fields: &[&str]) -> Value {
    json!({ "not": { "anyOf": fields.iter().map(|f| has(f)).collect::<Vec<_>>() } })
}

/// Adds the loader's rules that a schema can express to the definitions that exist in this
/// schema. Each rule names the diagnostic it mirrors.
fn refine(root: &mut Value) {
    let Some(defs) = root.get_mut("definitions").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(choice) = defs.get_mut("Choice") {
        set(choice, "/properties/id/pattern", json!(NAME)); // E012
        add_all_of(
            choice,
            [
                // E014: a choice needs a move, and has only one (`goto` may follow `call`/`draw`).
                json!({ "anyOf": [has("goto"), has("call"), has("draw"), is_true("return")] }),
                json!({ "not": { "allOf": [has("call"), has("draw")] } }),
                json!({ "not": { "allOf": [has("call"), is_true("return")] } }),
                json!({ "not": { "allOf": [has("draw"), is_true("return")] } }),
                json!({ "not": { "allOf": [has("goto"), is_true("return")] } }),
                // E014: a fallback has no text and no `locked`; every other choice has text.
                json!({ "if": is_true("fallback"),
                        "then": none_of(&["text", "locked"]),
                        "else": has("text") }),
                // E014: `once` needs an `id`; `locked` needs an `if`.
                json!({ "if": is_true("once"), "then": has("id") }),
                json!({ "if": has("locked"), "then": has("if") }),
            ],
        );
    }
    if let Some(passage) = defs.get_mut("Passage") {
        set(passage, "/properties/pool/pattern", json!(NAME)); // E012
        set(passage, "/properties/weight/minimum", json!(1)); // E011
        set(passage, "/properties/max_visits/minimum", json!(1)); // E011
        add_all_of(
            passage,
            [
                // E014: an ending passage has no choices.
                json!({ "if": has("ending"),
                        "then": { "properties": { "choices": { "maxItems": 0 } } } }),
                // E011: storylet fields need a `pool`.
                json!({ "if": { "not": has("pool") },
                        "then": none_of(&["when", "weight", "priority", "max_visits", "cooldown"]) }),
            ],
        );
    }
    if let Some(variable) = defs.get_mut("Variable") {
        let stat_only = ["min", "max", "display", "opposite", "words"];
        add_all_of(
            variable,
            [
                // E011: range, display and words are a stat's; labels are stats' and counters'.
                json!({ "if": { "not": equals("kind", "stat") }, "then": none_of(&stat_only) }),
                json!({ "if": { "anyOf": [equals("kind", "flag"), equals("kind", "string")] },
                        "then": none_of(&["label"]) }),
                // E011: `start` has the variable's type.
                json!({ "if": { "anyOf": [equals("kind", "stat"), equals("kind", "counter")] },
                        "then": { "properties": { "start": { "type": ["integer", "null"] } } } }),
                json!({ "if": equals("kind", "flag"),
                        "then": { "properties": { "start": { "type": ["boolean", "null"] } } } }),
                json!({ "if": equals("kind", "string"),
                        "then": { "properties": { "start": { "type": ["string", "null"] } } } }),
                // E011: an opposed stat names its low end, and only an opposed stat does.
                json!({ "if": equals("display", "opposed"), "then": has("opposite") }),
                json!({ "if": has("opposite"), "then": equals("display", "opposed") }),
            ],
        );
    }
    if let Some(names) = defs.get_mut("Map_of_Variable") {
        // E012: reserved words cannot name a variable.
        set(names, "/propertyNames/not", json!({ "enum": RESERVED }));
    }
    let top = root.as_object_mut().and_then(|o| o.get_mut("properties"));
    let Some(top) = top else { return };
    if top.get("format").is_some() {
        set(top, "/format/const", json!(1)); // E017
        set(top, "/chapters/uniqueItems", json!(true)); // E010
    }
    if top.get("passages").is_some() {
        set(top, "/id/pattern", json!(NAME)); // E012
    }
}

/// Sets the value at a JSON pointer, creating objects on the way.
fn set(value: &mut Value, pointer: &str, to: Value) {
    let mut at = value;
    for key in pointer.split('/').skip(1) {
        let Some(object) = at.as_object_mut() else {
            return;
        };
        at = object.entry(key).or_insert_with(|| json!({}));
    }
    *at = to;
}

/// Appends rules to a definition's `allOf`.
fn add_all_of<const N: usize>(definition: &mut Value, rules: [Value; N]) {
    let Some(object) = definition.as_object_mut() else {
        return;
    };
    let all = object.entry("allOf").or_insert_with(|| json!([]));
    if let Some(list) = all.as_array_mut() {
        list.extend(rules);
    }
}
