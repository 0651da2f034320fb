//! Compiling the strings of a story file — conditions, effects, inline text, paragraphs — into
//! checked trees, reporting each problem at the exact character of the JSON file.

use super::sink::{At, Sink};
use crate::front::diag::{Code, Words};
use crate::front::expr::{self, Problem, Scope, Type, VarType};
use crate::front::markup;
use crate::front::raw::{RawParagraph, RawParagraphs};
use crate::front::suggest::nearest;
use crate::runtime::expr::{Effect, Expr};
use crate::runtime::markup::Node;
use crate::runtime::model::{Paragraph, PassageIdx};
use std::collections::{HashMap, HashSet};

/// The names visible while compiling: declarations plus the passage index.
pub(crate) struct Names {
    pub vars: HashMap<String, VarType>,
    pub passages: HashMap<String, PassageIdx>,
    pub achievements: HashSet<String>,
    /// A chapter file failed to parse: its passages are unknown, so "unknown passage" errors
    /// would only be noise.
    pub incomplete: bool,
}

impl Names {
    /// The passage nearest to a misspelt reference (compared as full ids).
    pub(crate) fn near_passage(&self, chapter: &str, id: &str) -> Option<String> {
        let full = full_id(chapter, id);
        nearest(&full, self.passages.keys().map(String::as_str)).map(str::to_owned)
    }

    /// Resolves a passage reference: dotted ids as is, bare ids inside `chapter`.
    pub(crate) fn resolve(&self, chapter: &str, id: &str) -> Option<(String, PassageIdx)> {
        let full = full_id(chapter, id);
        self.passages.get(&full).map(|&i| (full, i))
    }
}

/// `chapter.id` for a bare id, `id` itself when dotted (or when there is no chapter).
pub(crate) fn full_id(chapter: &str, id: &str) -> String {
    if id.contains('.') || chapter.is_empty() {
        id.to_owned()
    } else {
        format!("{chapter}.{id}")
    }
}

struct ChapterScope<'n> {
    names: &'n Names,
    chapter: &'n str,
}

impl Scope for ChapterScope<'_> {
    fn variable(&self, name: &str) -> Option<VarType> {
        self.names.vars.get(name).copied()
    }
    fn passage(&self, id: &str) -> Option<String> {
        self.names.resolve(self.chapter, id).map(|(full, _)| full)
    }
    fn achievement(&self, id: &str) -> bool {
        self.names.achievements.contains(id)
    }
    fn near_variable(&self, name: &str) -> Option<String> {
        nearest(name, self.names.vars.keys().map(String::as_str)).map(str::to_owned)
    }
    fn near_passage(&self, id: &str) -> Option<String> {
        self.names.near_passage(self.chapter, id)
    }
}

/// Compiles strings of one file, in one passage (or none, for the manifest).
pub(crate) struct Cx<'s, 'a, 'n> {
    pub sink: &'s mut Sink<'a>,
    pub names: &'n Names,
    pub file: usize,
    pub chapter: &'n str,
    pub passage: Option<&'n str>,
    /// Numbers the varying-text blocks of the passage.
    pub slots: u32,
}

impl Cx<'_, '_, '_> {
    pub(crate) fn report(&mut self, code: Code, at: At, message: impl Into<Words>) {
        self.sink.report(code, self.file, at, self.passage, message);
    }

    fn problems(&mut self, pointer: &str, problems: Vec<Problem>) {
        for p in problems {
            if p.code == Code::UnknownPassage && self.names.incomplete {
                continue;
            }
            self.report(
                p.code,
                At::Inner(pointer.to_owned(), p.span.start),
                p.message,
            );
        }
    }

    fn scope(&self) -> ChapterScope<'_> {
        ChapterScope {
            names: self.names,
            chapter: self.chapter,
        }
    }

    /// Checks a parsed expression, reporting its problems: its type (if it has one) and
    /// whether it had no problems.
    pub(crate) fn checked(&mut self, e: &mut Expr, pointer: &str) -> (Option<Type>, bool) {
        let mut problems = Vec::new();
        let t = expr::check(e, &self.scope(), &mut problems);
        let ok = problems.is_empty();
        self.problems(pointer, problems);
        (t, ok)
    }

    /// Checks a parsed expression, requiring type `want` if given.
    fn check(&mut self, e: &mut Expr, pointer: &str, want: Option<Type>) -> bool {
        let (t, ok) = self.checked(e, pointer);
        match (t, want) {
            (Some(t), Some(w)) if t != w => {
                let m = format!("a condition must be a {w}, found {t}");
                self.report(
                    Code::TypeMismatch,
                    At::Inner(pointer.to_owned(), e.span.start),
                    m,
                );
                false
            }
            _ => ok,
        }
    }

    /// A condition string at `pointer`.
    pub(crate) fn condition(&mut self, src: &str, pointer: &str) -> Option<Expr> {
        match expr::expression(src) {
            Ok(mut e) => self.check(&mut e, pointer, Some(Type::Bool)).then_some(e),
            Err(err) => {
                self.report(
                    Code::ExpressionSyntax,
                    At::Inner(pointer.to_owned(), err.offset),
                    err.message,
                );
                None
            }
        }
    }

    /// A list of effect strings at `pointer` (`…/0`, `…/1`, …).
    pub(crate) fn effects(&mut self, list: &[String], pointer: &str) -> Vec<Effect> {
        let mut out = Vec::new();
        for (i, src) in list.iter().enumerate() {
            let ptr = format!("{pointer}/{i}");
            match expr::effect(src) {
                Ok(mut e) => {
                    let mut problems = Vec::new();
                    expr::check_effect(&mut e, &self.scope(), &mut problems);
                    if problems.is_empty() {
                        out.push(e);
                    }
                    self.problems(&ptr, problems);
                }
                Err(err) => self.report(
                    Code::ExpressionSyntax,
                    At::Inner(ptr, err.offset),
                    err.message,
                ),
            }
        }
        out
    }

    /// Inline text at `pointer`.
    pub(crate) fn text(&mut self, src: &str, pointer: &str) -> Vec<Node> {
        match markup::parse(src, &mut self.slots) {
            Ok(mut nodes) => {
                self.check_nodes(&mut nodes, pointer);
                nodes
            }
            Err(errors) => {
                for e in errors {
                    let code = if e.expr {
                        Code::ExpressionSyntax
                    } else {
                        Code::Markup
                    };
                    self.report(code, At::Inner(pointer.to_owned(), e.offset), e.message);
                }
                Vec::new()
            }
        }
    }

    fn check_nodes(&mut self, nodes: &mut [Node], pointer: &str) {
        for node in nodes {
            match node {
                Node::Text(_) => {}
                Node::Em(inner) | Node::Strong(inner) => self.check_nodes(inner, pointer),
                Node::Interp(e) => {
                    self.check(e, pointer, None);
                }
                Node::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.check(cond, pointer, Some(Type::Bool));
                    self.check_nodes(then, pointer);
                    self.check_nodes(otherwise, pointer);
                }
                Node::Vary { options, .. } => {
                    for o in options {
                        self.check_nodes(o, pointer);
                    }
                }
            }
        }
    }

    /// Paragraphs at `pointer`.
    pub(crate) fn paragraphs(&mut self, raw: &RawParagraphs, pointer: &str) -> Vec<Paragraph> {
        let mut out = Vec::new();
        for (i, p) in raw.items.iter().enumerate() {
            let ptr = if raw.listed {
                format!("{pointer}/{i}")
            } else {
                pointer.to_owned()
            };
            match p {
                RawParagraph::Text(s) => out.push(Paragraph::Text(self.text(s, &ptr))),
                RawParagraph::Cond(c) => {
                    let cond = self.condition(&c.cond, &format!("{ptr}/if"));
                    let then = self.paragraphs(&c.text, &format!("{ptr}/text"));
                    let otherwise = self.paragraphs(&c.otherwise, &format!("{ptr}/else"));
                    if let Some(cond) = cond {
                        out.push(Paragraph::Cond {
                            cond,
                            then,
                            otherwise,
                        });
                    }
                }
            }
        }
        out
    }
}
