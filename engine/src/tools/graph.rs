//! The story map as text (`story graph`): Graphviz DOT and Mermaid flowcharts of the passage
//! graph, clustered by chapter, with the start and endings styled and storylet pools drawn as
//! nodes (a `draw` points at its pool; dotted lines lead from a pool to its storylets).
//!
//! Built only from the author API ([`passages`](crate::tools::author::passages),
//! [`edges`](crate::tools::author::edges)); renders, never lays out.

use crate::runtime::model::Story;
use crate::tools::author::{edges, passages, EdgeKind, PassageInfo};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Longest edge label, in characters, before it is cut with `…`.
const LABEL: usize = 32;

fn short(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= LABEL {
        return text.to_owned();
    }
    let cut: String = text.chars().take(LABEL - 1).collect();
    format!("{}…", cut.trim_end())
}

fn pools(list: &[PassageInfo]) -> BTreeSet<&str> {
    list.iter().filter_map(|p| p.pool.as_deref()).collect()
}

/// Escapes a DOT double-quoted string.
fn dot_str(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The passage graph in Graphviz DOT (`dot -Tsvg map.dot > map.svg`).
pub fn dot(story: &Story) -> String {
    let list = passages(story);
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_str(story.id()));
    out.push_str("  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n");
    out.push_str("  edge [fontname=\"sans-serif\", fontsize=10];\n");
    for chapter in story.chapters() {
        let _ = writeln!(out, "  subgraph \"cluster_{}\" {{", dot_str(&chapter.id));
        let _ = writeln!(out, "    label=\"{}\";", dot_str(&chapter.title));
        for p in list.iter().filter(|p| p.chapter == chapter.id) {
            let id = dot_str(&p.id);
            let attrs = match (&p.ending, p.start, &p.pool) {
                (Some(e), _, _) => format!(
                    "label=\"{id}\\n(ending: {})\", shape=doubleoctagon, style=filled, fillcolor=\"#f4cccc\"",
                    dot_str(e)
                ),
                (None, true, _) => {
                    "style=\"rounded,filled,bold\", fillcolor=\"#d9ead3\"".to_owned()
                }
                (None, false, Some(_)) => "style=\"rounded,dashed\"".to_owned(),
                (None, false, None) => String::new(),
            };
            if attrs.is_empty() {
                let _ = writeln!(out, "    \"{id}\";");
            } else {
                let _ = writeln!(out, "    \"{id}\" [{attrs}];");
            }
        }
        out.push_str("  }\n");
    }
    for pool in pools(&list) {
        let _ = writeln!(
            out,
            "  \"pool:{0}\" [label=\"pool {0}\", shape=folder, style=filled, fillcolor=\"#fff2cc\"];",
            dot_str(pool)
        );
    }
    for p in list.iter().filter(|p| p.pool.is_some()) {
        let pool = p.pool.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "  \"pool:{}\" -> \"{}\" [style=dotted, arrowhead=none];",
            dot_str(pool),
            dot_str(&p.id)
        );
    }
    for e in edges(story) {
        let to = match e.kind {
            EdgeKind::Draw => format!("pool:{}", e.to),
            _ => e.to.clone(),
        };
        let mut attrs = Vec::new();
        let label = match (e.fallback, e.kind) {
            (true, _) => "(fallback)".to_owned(),
            (_, EdgeKind::Resume) => "(after)".to_owned(),
            _ => short(&e.text),
        };
        attrs.push(format!("label=\"{}\"", dot_str(&label)));
        match e.kind {
            EdgeKind::Call | EdgeKind::Draw => attrs.push("style=bold".into()),
            EdgeKind::Resume => attrs.push("style=dashed".into()),
            EdgeKind::Goto => {}
        }
        if e.conditional {
            attrs.push("color=\"#999999\"".into());
        }
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [{}];",
            dot_str(&e.from),
            dot_str(&to),
            attrs.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

/// Escapes Mermaid label text (inside `"…"`).
fn mermaid_str(s: &str) -> String {
    s.replace('"', "#quot;")
}

/// The passage graph as a Mermaid flowchart (renders in GitHub Markdown and many editors).
pub fn mermaid(story: &Story) -> String {
    let list = passages(story);
    // Mermaid ids cannot hold dots safely: number the nodes.
    let node = |id: &str| -> String {
        list.iter().position(|p| p.id == id).map_or_else(
            || format!("missing_{}", id.replace('.', "_")),
            |i| format!("p{i}"),
        )
    };
    let pool_names: Vec<&str> = pools(&list).into_iter().collect();
    let pool_node = |name: &str| -> String {
        let i = pool_names.iter().position(|p| *p == name).unwrap_or(0);
        format!("pool{i}")
    };
    let mut out = String::from("flowchart LR\n");
    for chapter in story.chapters() {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            chapter.id,
            mermaid_str(&chapter.title)
        );
        for p in list.iter().filter(|p| p.chapter == chapter.id) {
            let n = node(&p.id);
            match &p.ending {
                Some(e) => {
                    let _ = writeln!(
                        out,
                        "    {n}{{{{\"{}<br/>ending: {}\"}}}}",
                        mermaid_str(&p.id),
                        mermaid_str(e)
                    );
                }
                None => {
                    let _ = writeln!(out, "    {n}(\"{}\")", mermaid_str(&p.id));
                }
            }
        }
        out.push_str("  end\n");
    }
    for pool in &pool_names {
        let _ = writeln!(
            out,
            "  {}[/\"pool {}\"/]",
            pool_node(pool),
            mermaid_str(pool)
        );
    }
    for p in &list {
        if let Some(pool) = &p.pool {
            let _ = writeln!(out, "  {} -.- {}", pool_node(pool), node(&p.id));
        }
    }
    for e in edges(story) {
        let to = match e.kind {
            EdgeKind::Draw => pool_node(&e.to),
            _ => node(&e.to),
        };
        let label = match (e.fallback, e.kind) {
            (true, _) => "(fallback)".to_owned(),
            (_, EdgeKind::Resume) => "(after)".to_owned(),
            _ => short(&e.text),
        };
        let arrow = match e.kind {
            EdgeKind::Goto => "-->",
            EdgeKind::Call | EdgeKind::Draw => "==>",
            EdgeKind::Resume => "-.->",
        };
        let label = mermaid_str(&label).replace('|', "#124;");
        let _ = writeln!(out, "  {} {arrow}|\"{label}\"| {to}", node(&e.from));
    }
    let start: Vec<String> = list
        .iter()
        .filter(|p| p.start)
        .map(|p| node(&p.id))
        .collect();
    let ends: Vec<String> = list
        .iter()
        .filter(|p| p.ending.is_some())
        .map(|p| node(&p.id))
        .collect();
    let storylets: Vec<String> = list
        .iter()
        .filter(|p| p.pool.is_some())
        .map(|p| node(&p.id))
        .collect();
    out.push_str("  classDef start fill:#d9ead3,stroke-width:3px\n");
    out.push_str("  classDef ending fill:#f4cccc\n");
    out.push_str("  classDef storylet stroke-dasharray:4 3\n");
    out.push_str("  classDef pool fill:#fff2cc\n");
    for (class, nodes) in [("start", start), ("ending", ends), ("storylet", storylets)] {
        if !nodes.is_empty() {
            let _ = writeln!(out, "  class {} {class}", nodes.join(","));
        }
    }
    if !pool_names.is_empty() {
        let pools: Vec<String> = pool_names.iter().map(|p| pool_node(p)).collect();
        let _ = writeln!(out, "  class {} pool", pools.join(","));
    }
    out
}
