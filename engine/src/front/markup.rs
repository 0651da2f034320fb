//! Parsing inline text markup (`*em*`, `**strong**`, `{expr}`, `{if c: a|b}`,
//! `{seq:|cycle:|shuffle: …}`) into the runtime's tree (`runtime::markup::Node`) at load time.
//!
//! Text is only ever text: nothing here interprets HTML. Parsing collects every error with its
//! byte offset in the source string.

use crate::front::expr;
use crate::runtime::expr::Expr;
use crate::runtime::markup::{Node, Vary};

/// A markup error at a byte offset of the source. `expr` marks expression syntax errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MarkupError {
    pub offset: u32,
    pub message: String,
    pub expr: bool,
}

/// How deep `{…}` blocks may nest. Parsing, rendering and dropping the tree recurse, so an
/// unbounded depth overflows the stack (found by a hostile test: 50,000 nested `{if true: `).
const MAX_NESTING: u32 = 32;

struct Parser<'s> {
    src: &'s str,
    errors: Vec<MarkupError>,
    slots: u32,
    /// `{…}` blocks open around the text being parsed.
    nesting: u32,
}

/// Parses `src`. `slots` numbers the varying blocks of one passage (so two shuffles differ).
pub(crate) fn parse(src: &str, slots: &mut u32) -> Result<Vec<Node>, Vec<MarkupError>> {
    let mut p = Parser {
        src,
        errors: Vec::new(),
        slots: *slots,
        nesting: 0,
    };
    let nodes = p.inline(0, src.len());
    *slots = p.slots;
    if p.errors.is_empty() {
        Ok(nodes)
    } else {
        Err(p.errors)
    }
}

fn push_text(nodes: &mut Vec<Node>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Node::Text(prev)) = nodes.last_mut() {
        prev.push_str(text);
    } else {
        nodes.push(Node::Text(text.to_owned()));
    }
}

#[derive(PartialEq)]
enum Frame {
    Root,
    Em,
    Strong,
}

impl Parser<'_> {
    fn error(&mut self, at: usize, message: impl Into<String>) {
        let offset = u32::try_from(at).unwrap_or(u32::MAX);
        self.errors.push(MarkupError {
            offset,
            message: message.into(),
            expr: false,
        });
    }

    /// Parses `src[start..end]` as inline text.
    fn inline(&mut self, start: usize, end: usize) -> Vec<Node> {
        let mut stack: Vec<(Frame, Vec<Node>, usize)> = vec![(Frame::Root, Vec::new(), start)];
        let mut i = start;
        while i < end {
            let rest = &self.src[i..end];
            let Some(c) = rest.chars().next() else { break };
            let top = stack.len() - 1;
            if c == '\\' {
                let lit = rest[1..]
                    .chars()
                    .next()
                    .map_or("\\", |e| &rest[1..1 + e.len_utf8()]);
                push_text(&mut stack[top].1, lit);
                i += 1 + lit.len();
            } else if c == '*' {
                // Close the innermost open emphasis first, so `***` can end `**a *b***`.
                let double = rest.starts_with("**");
                let (frame, len) = match stack[top].0 {
                    Frame::Strong if double => (Frame::Strong, 2),
                    Frame::Em => (Frame::Em, 1),
                    _ if double => (Frame::Strong, 2),
                    _ => (Frame::Em, 1),
                };
                if stack[top].0 == frame {
                    if let Some((f, nodes, _)) = stack.pop() {
                        let node = if f == Frame::Em {
                            Node::Em(nodes)
                        } else {
                            Node::Strong(nodes)
                        };
                        if let Some(parent) = stack.last_mut() {
                            parent.1.push(node);
                        }
                    }
                } else {
                    stack.push((frame, Vec::new(), i));
                }
                i += len;
            } else if c == '{' {
                match self.matching_brace(i, end) {
                    Some(close) if self.nesting >= MAX_NESTING => {
                        self.error(
                            i,
                            format!("text blocks `{{…}}` nested more than {MAX_NESTING} deep"),
                        );
                        i = close + 1;
                    }
                    Some(close) => {
                        self.nesting += 1;
                        let node = self.block(i + 1, close);
                        self.nesting -= 1;
                        if let Some(node) = node {
                            stack[top].1.push(node);
                        }
                        i = close + 1;
                    }
                    None => {
                        self.error(i, "unclosed `{`: write `\\{` for a literal brace");
                        i = end;
                    }
                }
            } else if c == '}' {
                self.error(i, "unmatched `}`: write `\\}` for a literal brace");
                i += 1;
            } else {
                let len = rest.find(['\\', '*', '{', '}']).unwrap_or(rest.len());
                push_text(&mut stack[top].1, &rest[..len]);
                i += len;
            }
        }
        while stack.len() > 1 {
            if let Some((frame, nodes, at)) = stack.pop() {
                let mark = if frame == Frame::Em { "*" } else { "**" };
                self.error(
                    at,
                    format!("unclosed `{mark}`: write `\\*` for a literal star"),
                );
                if let Some(parent) = stack.last_mut() {
                    parent.1.extend(nodes);
                }
            }
        }
        stack.pop().map(|(_, nodes, _)| nodes).unwrap_or_default()
    }

    /// The index of the `}` closing the `{` at `open`. Quotes count only in the block's head
    /// (an expression), so a stray `"` in text options does not swallow the rest.
    fn matching_brace(&self, open: usize, end: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let (mut depth, mut in_quote, mut head) = (0u32, false, true);
        let mut i = open;
        while i < end {
            match bytes[i] {
                b'\\' => i += 1,
                b'"' if head && depth == 1 => in_quote = !in_quote,
                _ if in_quote => {}
                b':' if depth == 1 => head = false,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// Parses the inside of a `{…}` block, `src[start..end]`.
    fn block(&mut self, start: usize, end: usize) -> Option<Node> {
        let inner = &self.src[start..end];
        let lead = inner.len() - inner.trim_start().len();
        let body = inner.trim_start();
        let keyword = body
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()?;
        let after = &body[keyword.len()..];
        let kw_at = start + lead;
        if keyword == "if" && after.starts_with([' ', '(', '!']) {
            let colon = self.head_end(kw_at + 2, end);
            let Some(colon) = colon else {
                self.error(kw_at, "expected `:` after the condition of `{if …}`");
                return None;
            };
            let cond = self.expr(kw_at + 2, colon)?;
            let mut branches = self.options(colon + 1, end);
            if branches.len() > 2 {
                self.error(kw_at, "`{if …}` takes at most two options: `then|else`");
            }
            let otherwise = if branches.len() > 1 {
                branches.swap_remove(1)
            } else {
                Vec::new()
            };
            let then = branches.into_iter().next().unwrap_or_default();
            return Some(Node::If {
                cond,
                then,
                otherwise,
            });
        }
        let kind = match keyword {
            "seq" => Some(Vary::Seq),
            "cycle" => Some(Vary::Cycle),
            "shuffle" => Some(Vary::Shuffle),
            _ => None,
        };
        if after.trim_start().starts_with(':') {
            let Some(kind) = kind else {
                self.error(
                    kw_at,
                    format!("unknown text block `{{{keyword}:`: use if, seq, cycle or shuffle"),
                );
                return None;
            };
            let colon = kw_at + keyword.len() + (after.len() - after.trim_start().len());
            let options = self.options(colon + 1, end);
            let slot = self.slots;
            self.slots += 1;
            return Some(Node::Vary {
                kind,
                slot,
                options,
            });
        }
        self.expr(start, end).map(Node::Interp)
    }

    /// The first `:` at paren depth 0 outside quotes in `src[start..end]`.
    fn head_end(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let mut in_quote = false;
        for (i, b) in bytes.iter().enumerate().take(end).skip(start) {
            match b {
                b'"' => in_quote = !in_quote,
                b':' if !in_quote => return Some(i),
                _ => {}
            }
        }
        None
    }

    fn expr(&mut self, start: usize, end: usize) -> Option<Expr> {
        match expr::expression_at(&self.src[start..end], start) {
            Ok(e) => Some(e),
            Err(e) => {
                self.errors.push(MarkupError {
                    offset: e.offset,
                    message: e.message,
                    expr: true,
                });
                None
            }
        }
    }

    /// Splits `src[start..end]` on top-level `|` and parses each trimmed option.
    fn options(&mut self, start: usize, end: usize) -> Vec<Vec<Node>> {
        let bytes = self.src.as_bytes();
        let (mut depth, mut from, mut i) = (0u32, start, start);
        let mut out = Vec::new();
        while i <= end {
            let b = if i == end { b'|' } else { bytes[i] };
            match b {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'|' if depth == 0 => {
                    let part = &self.src[from..i];
                    let lead = part.len() - part.trim_start().len();
                    let trail = part.len() - part.trim_end().len();
                    let (a, z) = (from + lead, (i - trail).max(from + lead));
                    out.push(self.inline(a, z));
                    from = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests;
