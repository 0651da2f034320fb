//! Story statistics for authors (`story stats`): passages, choices, endings, tags and the
//! number of player-visible words, per story and per chapter.
//!
//! Words count every text a player can see: passage text (every branch and option), choice
//! text, locked reasons and epilogues. Conditions and effects are not words.

use crate::runtime::markup::Node;
use crate::runtime::model::{Paragraph, Story};
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts for one chapter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChapterStats {
    /// Passages in the chapter.
    pub passages: u32,
    /// Player-visible words in the chapter.
    pub words: u32,
    /// Choices in the chapter (fallbacks included).
    pub choices: u32,
}

/// Counts for a whole story.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// All passages.
    pub passages: u32,
    /// All player-visible words.
    pub words: u32,
    /// All choices (fallbacks included).
    pub choices: u32,
    /// Declared endings.
    pub endings: u32,
    /// Per chapter id.
    pub chapters: BTreeMap<String, ChapterStats>,
    /// Passages per tag.
    pub tags: BTreeMap<String, u32>,
}

/// Computes the statistics of a story.
pub fn stats(story: &Story) -> Stats {
    let mut s = Stats {
        endings: story.endings.len() as u32,
        ..Stats::default()
    };
    for c in &story.chapters {
        s.chapters.insert(c.id.clone(), ChapterStats::default());
    }
    for p in &story.passages {
        let mut words = paragraphs_words(&p.text);
        for c in &p.choices {
            words += nodes_words(&c.text);
            words += c.locked.as_deref().map_or(0, count);
        }
        s.passages += 1;
        s.words += words;
        s.choices += p.choices.len() as u32;
        for t in &p.tags {
            *s.tags.entry(t.clone()).or_default() += 1;
        }
        if let Some(c) = story.chapters.get(p.chapter as usize) {
            let entry = s.chapters.entry(c.id.clone()).or_default();
            entry.passages += 1;
            entry.words += words;
            entry.choices += p.choices.len() as u32;
        }
    }
    for e in &story.endings {
        s.words += count(&e.title) + paragraphs_words(&e.paragraphs);
    }
    s
}

fn count(text: &str) -> u32 {
    text.split_whitespace().count() as u32
}

fn nodes_words(nodes: &[Node]) -> u32 {
    // Join adjacent runs first so `*a*b` counts as one word, not two.
    let mut text = String::new();
    flatten(nodes, &mut text);
    count(&text)
}

fn flatten(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Em(inner) | Node::Strong(inner) => flatten(inner, out),
            Node::Interp(_) => out.push_str(" x "),
            Node::If {
                then, otherwise, ..
            } => {
                out.push(' ');
                flatten(then, out);
                out.push(' ');
                flatten(otherwise, out);
                out.push(' ');
            }
            Node::Vary { options, .. } => {
                for o in options {
                    out.push(' ');
                    flatten(o, out);
                    out.push(' ');
                }
            }
        }
    }
}

fn paragraphs_words(paragraphs: &[Paragraph]) -> u32 {
    paragraphs
        .iter()
        .map(|p| match p {
            Paragraph::Text(nodes) => nodes_words(nodes),
            Paragraph::Cond {
                then, otherwise, ..
            } => paragraphs_words(then) + paragraphs_words(otherwise),
        })
        .sum()
}
