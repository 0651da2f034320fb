//! Serde types mirroring the story files exactly: the IO edge of the loader.
//!
//! Every struct denies unknown fields so a typo is an error. Nothing here is validated beyond
//! JSON shape; `load` converts these by hand into the checked model. Maps keep document order
//! and duplicate keys (serde_json's own map would silently keep the last one).

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

/// `story.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawManifest {
    pub format: u32,
    pub id: String,
    pub title: String,
    pub version: String,
    pub start: String,
    pub chapters: Vec<String>,
    #[serde(default)]
    pub variables: OrderedMap<RawVariable>,
    #[serde(default)]
    pub endings: OrderedMap<RawEnding>,
    #[serde(default)]
    pub achievements: OrderedMap<RawAchievement>,
    #[serde(default)]
    pub renames: OrderedMap<String>,
}

/// Only the chapter list, read leniently so a host can find the files of a broken manifest.
#[derive(Debug, Deserialize)]
pub(crate) struct RawChapterList {
    #[serde(default)]
    pub chapters: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawKind {
    Stat,
    Counter,
    Flag,
    String,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawDisplay {
    Bar,
    Opposed,
    Hidden,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariable {
    pub kind: RawKind,
    pub label: Option<String>,
    pub start: Option<serde_json::Value>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub display: Option<RawDisplay>,
    pub opposite: Option<String>,
    pub words: Option<Vec<(i64, String)>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEnding {
    pub title: String,
    #[serde(default)]
    pub epilogue: RawParagraphs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAchievement {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub when: Option<String>,
}

/// A chapter file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChapter {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub passages: OrderedMap<RawPassage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPassage {
    #[serde(default)]
    pub text: RawParagraphs,
    #[serde(default)]
    pub choices: Vec<RawChoice>,
    #[serde(default)]
    pub on_enter: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub ending: Option<String>,
    pub pool: Option<String>,
    pub when: Option<String>,
    pub weight: Option<u32>,
    pub priority: Option<i32>,
    pub max_visits: Option<u32>,
    pub cooldown: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChoice {
    pub text: Option<String>,
    pub id: Option<String>,
    pub goto: Option<String>,
    pub call: Option<String>,
    pub draw: Option<String>,
    #[serde(rename = "return", default)]
    pub ret: bool,
    #[serde(rename = "if")]
    pub cond: Option<String>,
    pub locked: Option<String>,
    #[serde(default)]
    pub effects: Vec<String>,
    #[serde(default)]
    pub once: bool,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCond {
    #[serde(rename = "if")]
    pub cond: String,
    #[serde(default)]
    pub text: RawParagraphs,
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
