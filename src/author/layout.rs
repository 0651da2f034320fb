//! The story map's layout, a pure function of the passage list and the passage graph: columns
//! are the breadth-first distance from the start (so reading goes left to right), chapters are
//! horizontal bands in story order, and passages sharing a column in a band stack downwards.
//! Coordinates are whole SVG units: formatting floats would pull float printing into the page.
//! Not here: drawing (see `map`). Good enough to read 50–200 passages; it does not try to
//! minimise crossings.

use std::collections::{HashMap, VecDeque};

use story_engine::{Edge, EdgeKind, PassageInfo};

/// Width of a passage box.
pub const NODE_W: i64 = 150;
/// Height of a passage box.
pub const NODE_H: i64 = 32;
const COL_W: i64 = 190;
const ROW_H: i64 = 44;
const BAND_HEAD: i64 = 30;
const MARGIN: i64 = 12;

/// One passage box.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Full passage id.
    pub id: String,
    /// The id without its chapter prefix (the band names the chapter).
    pub label: String,
    /// Distance from the start (or from the first passage of an unreached group).
    pub column: u32,
    /// Top-left corner.
    pub x: i64,
    /// Top-left corner.
    pub y: i64,
    /// Ends the run.
    pub ending: bool,
    /// Reached from the start at all.
    pub reached: bool,
}

/// One chapter's band.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The chapter's id.
    pub chapter: String,
    /// Top edge.
    pub y: i64,
    /// Height.
    pub height: i64,
}

/// One arrow between boxes, as an SVG path.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// SVG path data.
    pub path: String,
    /// How the choice leads there.
    pub kind: EdgeKind,
}

/// The whole map.
#[derive(Clone, Debug, PartialEq)]
pub struct Map {
    /// Boxes, in story order (same order as the passage list).
    pub nodes: Vec<Node>,
    /// Chapter bands, in story order.
    pub bands: Vec<Band>,
    /// Arrows.
    pub links: Vec<Link>,
    /// Size of the drawing.
    pub width: i64,
    /// Size of the drawing.
    pub height: i64,
}

/// Lays out `passages` linked by `edges` (a `draw` leads to every storylet of its pool).
pub fn layout(passages: &[PassageInfo], edges: &[Edge]) -> Map {
    let index: HashMap<&str, usize> = passages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); passages.len()];
    let mut arrows = Vec::new();
    for edge in edges {
        let Some(&from) = index.get(edge.from.as_str()) else {
            continue;
        };
        let targets: Vec<usize> = match edge.kind {
            EdgeKind::Draw => (0..passages.len())
                .filter(|&i| passages[i].pool.as_deref() == Some(edge.to.as_str()))
                .collect(),
            _ => index.get(edge.to.as_str()).copied().into_iter().collect(),
        };
        for to in targets {
            next[from].push(to);
            arrows.push((from, to, edge.kind));
        }
    }
    let start = passages.iter().position(|p| p.start).unwrap_or(0);
    let (column, reached) = columns(passages.len(), start, &next);

    let mut chapters: Vec<&str> = Vec::new();
    for p in passages {
        if !chapters.contains(&p.chapter.as_str()) {
            chapters.push(&p.chapter);
        }
    }
    let mut nodes = Vec::with_capacity(passages.len());
    let mut bands = Vec::with_capacity(chapters.len());
    let mut top = MARGIN;
    for chapter in chapters {
        let mut used: HashMap<u32, u32> = HashMap::new();
        for (i, p) in passages.iter().enumerate() {
            if p.chapter != chapter {
                continue;
            }
            let row = used.entry(column[i]).or_default();
            nodes.push((
                i,
                Node {
                    id: p.id.clone(),
                    label: p
                        .id
                        .strip_prefix(&format!("{chapter}."))
                        .unwrap_or(&p.id)
                        .to_owned(),
                    column: column[i],
                    x: MARGIN + i64::from(column[i]) * COL_W,
                    y: top + BAND_HEAD + i64::from(*row) * ROW_H,
                    ending: p.ending.is_some(),
                    reached: reached[i],
                },
            ));
            *row += 1;
        }
        let rows = used.values().copied().max().unwrap_or(1);
        let height = BAND_HEAD + i64::from(rows) * ROW_H;
        bands.push(Band {
            chapter: chapter.to_owned(),
            y: top,
            height,
        });
        top += height + MARGIN;
    }
    nodes.sort_by_key(|(i, _)| *i);
    let nodes: Vec<Node> = nodes.into_iter().map(|(_, n)| n).collect();
    let links = arrows
        .into_iter()
        .map(|(from, to, kind)| Link {
            path: arrow(&nodes[from], &nodes[to]),
            kind,
        })
        .collect();
    let columns = nodes.iter().map(|n| n.column + 1).max().unwrap_or(1);
    Map {
        nodes,
        bands,
        links,
        width: 2 * MARGIN + i64::from(columns - 1) * COL_W + NODE_W + 40,
        height: top,
    }
}

/// Breadth-first distance from `start`; passages it never reaches get their own walks, in
/// story order, so they still spread out instead of piling into one column.
fn columns(len: usize, start: usize, next: &[Vec<usize>]) -> (Vec<u32>, Vec<bool>) {
    let mut column = vec![u32::MAX; len];
    let mut reached = vec![false; len];
    let roots = std::iter::once(start).chain(0..len);
    for (walk, root) in roots.enumerate() {
        if root >= len || column[root] != u32::MAX {
            continue;
        }
        column[root] = 0;
        let mut queue = VecDeque::from([root]);
        while let Some(at) = queue.pop_front() {
            reached[at] |= walk == 0;
            for &to in &next[at] {
                if column[to] == u32::MAX {
                    column[to] = column[at] + 1;
                    queue.push_back(to);
                }
            }
        }
    }
    (column, reached)
}

/// A curve from the right side of `from` to the left side of `to`; backward and same-column
/// links bow below the boxes so they do not run through them.
fn arrow(from: &Node, to: &Node) -> String {
    let (x1, y1) = (from.x + NODE_W, from.y + NODE_H / 2);
    let (x2, y2) = (to.x, to.y + NODE_H / 2);
    if to.column > from.column {
        let bend = ((x2 - x1) / 2).max(20);
        format!(
            "M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}",
            x1 + bend,
            x2 - bend
        )
    } else {
        let drop = NODE_H;
        format!(
            "M{x1},{y1} C{},{} {},{} {x2},{y2}",
            x1 + 40,
            y1.max(y2) + drop,
            x2 - 40,
            y1.max(y2) + drop
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::fixtures::files;

    fn map_of(chapters: &[(&str, &str)]) -> Map {
        let (manifest, _) = files("t", &["s"], "");
        let manifest = story_engine::SourceFile {
            text: manifest.text.replace(
                r#""chapters": ["a.json"]"#,
                &format!(
                    r#""chapters": [{}]"#,
                    chapters
                        .iter()
                        .map(|(id, _)| format!("\"{id}.json\""))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ),
            ..manifest
        };
        let files: Vec<story_engine::SourceFile> = chapters
            .iter()
            .map(|(id, passages)| story_engine::SourceFile {
                path: format!("{id}.json"),
                text: format!(r#"{{"id": "{id}", "title": "{id}", "passages": {{{passages}}}}}"#),
            })
            .collect();
        let loaded = story_engine::load(&manifest, &files);
        let story = loaded.story.expect("loads");
        layout(
            &story_engine::passages(&story),
            &story_engine::edges(&story),
        )
    }

    fn node<'m>(map: &'m Map, id: &str) -> &'m Node {
        map.nodes.iter().find(|n| n.id == id).expect("a node")
    }

    #[test]
    fn columns_follow_distance_and_bands_follow_chapters() {
        let map = map_of(&[
            (
                "a",
                r#""s": {"text": "S", "choices": [{"text": "1", "goto": "x"}, {"text": "2", "goto": "y"}]},
                   "x": {"text": "X", "choices": [{"text": "on", "goto": "b.z"}, {"text": "back", "goto": "s"}]},
                   "y": {"text": "Y", "choices": [{"text": "on", "goto": "b.z"}]},
                   "lost": {"text": "L", "choices": [{"text": "on", "goto": "x"}]}"#,
            ),
            ("b", r#""z": {"text": "Z", "ending": "done"}"#),
        ]);
        let col = |id| node(&map, id).column;
        assert_eq!(
            [col("a.s"), col("a.x"), col("a.y"), col("b.z")],
            [0, 1, 1, 2]
        );
        assert!(!node(&map, "a.lost").reached && node(&map, "a.x").reached);
        assert_eq!(node(&map, "a.x").label, "x");
        assert!(node(&map, "b.z").ending);
        assert_eq!(map.bands.len(), 2);
        let (a, b) = (&map.bands[0], &map.bands[1]);
        assert!(a.y + a.height <= b.y, "bands do not overlap");
        assert!(node(&map, "b.z").y >= b.y);
        assert_eq!(map.links.len(), 6);
        for n in &map.nodes {
            assert!(n.x + NODE_W <= map.width && n.y + NODE_H <= map.height);
            for m in &map.nodes {
                let apart =
                    n.id == m.id || (n.x - m.x).abs() >= NODE_W || (n.y - m.y).abs() >= NODE_H;
                assert!(apart, "{} and {} overlap", n.id, m.id);
            }
        }
    }

    #[test]
    fn a_draw_links_to_every_storylet_of_its_pool() {
        let map = map_of(&[(
            "a",
            r#""s": {"text": "S", "choices": [{"text": "w", "draw": "week", "goto": "s"}]},
               "w1": {"pool": "week", "text": "1", "choices": [{"text": "b", "return": true}]},
               "w2": {"pool": "week", "text": "2", "choices": [{"text": "b", "return": true}]}"#,
        )]);
        assert_eq!(map.links.len(), 3, "two draws and the resume");
        assert_eq!(node(&map, "a.w2").column, 1);
        assert!(node(&map, "a.w2").reached);
    }
}
