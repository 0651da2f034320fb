//! Serde types mirroring the story files exactly: the IO edge of the loader.
//!
//! Every struct denies unknown fields so a typo is an error. Nothing here is validated beyond
//! JSON shape; `load` converts these by hand into the checked model. Maps keep document order
//! and duplicate keys (serde_json's own map would silently keep the last one).
//!
//! With the `schema` feature these types also describe themselves as JSON Schema (the doc
//! comments on fields become the descriptions editors show): see `crate::front::schema`.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// A JSON object as an ordered list of entries, duplicates kept.
#[derive(Debug)]
pub(crate) struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        deserializer.deserialize_map(V(PhantomData))
    }
}

/// A story manifest (`story.json`): identity, start, chapter files, variables, endings and
/// achievements.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Manifest"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawManifest {
    /// The story format version: always 1.
    pub format: u32,
    /// The story's identity; saves are keyed by it. Never change it after release.
    pub id: String,
    /// The story's title.
    pub title: String,
    /// The story's own version, recorded in saves (semver recommended).
    pub version: String,
    /// The full id (`chapter.passage`) of the first passage.
    pub start: String,
    /// Chapter files, relative to the manifest, in reading order.
    pub chapters: Vec<String>,
    /// The story's acts, for the player's progress ("Act 2 of 3"): each names its chapters by
    /// id, and every chapter belongs to exactly one. Without acts, progress counts chapters.
    #[serde(default)]
    pub acts: Vec<RawAct>,
    /// Declared variables by name (`[a-z][a-z0-9_]*`).
    #[serde(default)]
    pub variables: OrderedMap<RawVariable>,
    /// Endings by id.
    #[serde(default)]
    pub endings: OrderedMap<RawEnding>,
    /// Achievements by id.
    #[serde(default)]
    pub achievements: OrderedMap<RawAchievement>,
    /// Old passage id → new passage id (full ids), so saves made before a rename still load.
    #[serde(default)]
    pub renames: OrderedMap<String>,
    /// The JSON Schema editors validate this file with; ignored by the engine.
    #[serde(rename = "$schema", default)]
    #[allow(dead_code)] // read by editors, not by the engine
    pub schema: Option<String>,
}

/// An act: a title and the ids of its chapters.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Act"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAct {
    /// Shown to the player ("Act II — Daily life").
    pub title: String,
    /// Chapter ids (the `id` of each chapter file), in reading order.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub chapters: Vec<String>,
}

/// Only the chapter list, read leniently so a host can find the files of a broken manifest.
#[derive(Debug, Deserialize)]
pub(crate) struct RawChapterList {
    #[serde(default)]
    pub chapters: Vec<String>,
}

/// What a variable holds: `stat` (integer clamped to min..max), `counter` (unbounded
/// integer), `flag` (boolean) or `string`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "VariableKind"))]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawKind {
    Stat,
    Counter,
    Flag,
    String,
}

/// How the stats panel shows a stat: `bar`, `opposed` (needs `opposite`) or `hidden`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Display"))]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawDisplay {
    Bar,
    Opposed,
    Hidden,
}

/// A declared variable.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Variable"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariable {
    /// `stat`, `counter`, `flag` or `string`.
    pub kind: RawKind,
    /// Shown in the stats panel (stats and counters).
    pub label: Option<String>,
    /// The value a run starts with, of the variable's type (default: `min`, 0, false or "").
    pub start: Option<serde_json::Value>,
    /// Stats only: the lowest value (default 0).
    pub min: Option<i64>,
    /// Stats only: the highest value (default 100).
    pub max: Option<i64>,
    /// Stats only: `bar` (default), `opposed` or `hidden`.
    pub display: Option<RawDisplay>,
    /// Stats only: the label of the low end of an `opposed` stat.
    pub opposite: Option<String>,
    /// Stats only: `[[threshold, word], …]`, thresholds ascending; the word of the highest
    /// threshold ≤ the value.
    pub words: Option<Vec<(i64, String)>>,
}

/// A declared ending.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Ending"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEnding {
    /// Shown when the ending is reached.
    pub title: String,
    /// Paragraphs shown after the title.
    #[serde(default)]
    pub epilogue: RawParagraphs,
}

/// A declared achievement.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Achievement"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAchievement {
    /// Short title.
    pub title: String,
    /// What the player did.
    #[serde(default)]
    pub description: String,
    /// Unlocks when this condition becomes true after a choice (or use `achieve id`).
    pub when: Option<String>,
}

/// A chapter file: its id (the prefix of its passages' ids), title and passages.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Chapter"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChapter {
    /// The chapter id (`[a-z][a-z0-9_]*`), the prefix of its passages' ids.
    pub id: String,
    /// Shown to the player as their progress.
    pub title: String,
    /// Passages by key (`[a-z][a-z0-9_]*`); the full id is `chapter.key`.
    #[serde(default)]
    pub passages: OrderedMap<RawPassage>,
    /// The JSON Schema editors validate this file with; ignored by the engine.
    #[serde(rename = "$schema", default)]
    #[allow(dead_code)] // read by editors, not by the engine
    pub schema: Option<String>,
}

/// A passage: text, choices, effects on entry, tags; an ending; or a storylet of a pool.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Passage"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPassage {
    /// Paragraphs: a string, `{ "if", "text", "else" }`, or a list of them.
    #[serde(default)]
    pub text: RawParagraphs,
    /// The choices, in display order.
    #[serde(default)]
    pub choices: Vec<RawChoice>,
    /// Effects run every time the passage is entered (`stress += 5`).
    #[serde(default)]
    pub on_enter: Vec<String>,
    /// Free strings; `seed:*` tags map passages to the seed text.
    #[serde(default)]
    pub tags: Vec<String>,
    /// An ending id: entering this passage ends the run (no choices then).
    pub ending: Option<String>,
    /// Makes the passage a storylet of this pool.
    pub pool: Option<String>,
    /// Storylet: the condition for being drawn.
    pub when: Option<String>,
    /// Storylet: relative chance among eligible storylets of the same priority (default 1).
    pub weight: Option<u32>,
    /// Storylet: only the eligible storylets of the highest priority are drawn (default 0).
    pub priority: Option<i32>,
    /// Storylet: not drawn once visited this many times.
    pub max_visits: Option<u32>,
    /// Storylet: not drawn again until this many turns have passed since its last visit.
    pub cooldown: Option<u32>,
}

/// A choice: text, exactly one move (`goto`, `call`, `draw` or `return`; `goto` may follow a
/// `call` or `draw`), and optional condition, effects and flags.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Choice"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChoice {
    /// What the button says (inline markup allowed). Not for fallbacks.
    pub text: Option<String>,
    /// Stable id, unique in the passage; required with `once`.
    pub id: Option<String>,
    /// The passage to move to (a bare key means this chapter).
    pub goto: Option<String>,
    /// A passage to call as a tunnel; its `return` continues at `goto` (or here).
    pub call: Option<String>,
    /// A pool to draw one eligible storylet from, entered like `call`.
    pub draw: Option<String>,
    /// `true`: go back to where the current tunnel was called from.
    #[serde(rename = "return", default)]
    pub ret: bool,
    /// Condition; when false the choice is hidden (or shown disabled with `locked`).
    #[serde(rename = "if")]
    pub cond: Option<String>,
    /// Why the choice is disabled when its `if` is false ("Requires skill 60").
    pub locked: Option<String>,
    /// Effects run when the choice is taken, before moving (`stress += 10`, `skill %+ 20`).
    #[serde(default)]
    pub effects: Vec<String>,
    /// `true`: the choice disappears once taken (needs `id`).
    #[serde(default)]
    pub once: bool,
    /// `true`: no `text`; taken automatically when no other choice is available.
    #[serde(default)]
    pub fallback: bool,
}

/// Paragraphs: one string, one conditional object, or a list of either. `listed` tells which,
/// so diagnostics can name `/text` or `/text/0`.
#[derive(Debug, Default)]
pub(crate) struct RawParagraphs {
    pub items: Vec<RawParagraph>,
    pub listed: bool,
}

/// A paragraph: text, or `{ "if", "text", "else" }`.
#[derive(Debug)]
pub(crate) enum RawParagraph {
    Text(String),
    Cond(RawCond),
}

/// A conditional paragraph: `text` when `if` holds, else `else`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ConditionalParagraph"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCond {
    /// The condition (`skill >= 60`).
    #[serde(rename = "if")]
    pub cond: String,
    /// Shown when the condition holds.
    #[serde(default)]
    pub text: RawParagraphs,
    /// Shown otherwise.
    #[serde(rename = "else", default)]
    pub otherwise: RawParagraphs,
}

impl<'de> Deserialize<'de> for RawParagraph {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawParagraph;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a paragraph string or an object with `if`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawParagraph::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(RawParagraph::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawCond::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawParagraph::Cond)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawParagraphs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawParagraphs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a paragraph string, an object with `if`, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawParagraphs {
                    items: vec![RawParagraph::Text(v.to_owned())],
                    listed: false,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawCond::deserialize(de::value::MapAccessDeserializer::new(map)).map(|c| {
                    RawParagraphs {
                        items: vec![RawParagraph::Cond(c)],
                        listed: false,
                    }
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<RawParagraph>()? {
                    out.push(p);
                }
                Ok(RawParagraphs {
                    items: out,
                    listed: true,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
mod schema_impls {
    //! JSON Schema for the hand-written deserializers above.

    use super::{OrderedMap, RawCond, RawParagraph, RawParagraphs};
    use schemars::gen::SchemaGenerator;
    use schemars::schema::{
        ArrayValidation, InstanceType, ObjectValidation, Schema, SchemaObject, SubschemaValidation,
    };
    use schemars::JsonSchema;

    impl<T: JsonSchema> JsonSchema for OrderedMap<T> {
        fn schema_name() -> String {
            format!("Map_of_{}", T::schema_name())
        }
        fn json_schema(gen: &mut SchemaGenerator) -> Schema {
            // Keys are names, except in `renames` (the only map of strings): full passage ids.
            let pattern = if T::schema_name() == "String" {
                "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$"
            } else {
                "^[a-z][a-z0-9_]*$"
            };
            SchemaObject {
                instance_type: Some(InstanceType::Object.into()),
                object: Some(Box::new(ObjectValidation {
                    additional_properties: Some(Box::new(gen.subschema_for::<T>())),
                    property_names: Some(Box::new(
                        SchemaObject {
                            string: Some(Box::new(schemars::schema::StringValidation {
                                pattern: Some(pattern.to_owned()),
                                ..Default::default()
                            })),
                            ..Default::default()
                        }
                        .into(),
                    )),
                    ..Default::default()
                })),
                ..Default::default()
            }
            .into()
        }
    }

    fn any_of(schemas: Vec<Schema>, description: &str) -> Schema {
        let mut s = SchemaObject {
            subschemas: Some(Box::new(SubschemaValidation {
                any_of: Some(schemas),
                ..Default::default()
            })),
            ..Default::default()
        };
        s.metadata().description = Some(description.to_owned());
        s.into()
    }

    impl JsonSchema for RawParagraph {
        fn schema_name() -> String {
            "Paragraph".to_owned()
        }
        fn json_schema(gen: &mut SchemaGenerator) -> Schema {
            any_of(
                vec![
                    gen.subschema_for::<String>(),
                    gen.subschema_for::<RawCond>(),
                ],
                "A paragraph (inline markup allowed), or a conditional paragraph.",
            )
        }
    }

    impl JsonSchema for RawParagraphs {
        fn schema_name() -> String {
            "Paragraphs".to_owned()
        }
        fn json_schema(gen: &mut SchemaGenerator) -> Schema {
            let list = SchemaObject {
                instance_type: Some(InstanceType::Array.into()),
                array: Some(Box::new(ArrayValidation {
                    items: Some(gen.subschema_for::<RawParagraph>().into()),
                    ..Default::default()
                })),
                ..Default::default()
            };
            any_of(
                vec![
                    gen.subschema_for::<String>(),
                    gen.subschema_for::<RawCond>(),
                    list.into(),
                ],
                "One paragraph, one conditional paragraph, or a list of them.",
            )
        }
    }
}
