//! The expression and effect parser: source text → [`Expr`] / [`Effect`] trees with byte spans.
//!
//! It knows nothing about the story: names are checked by `expr::check`. It never panics and
//! bounds nesting, so any input string gives a tree or a positioned error.

use crate::runtime::expr::{BinOp, Effect, EffectOp, Expr, ExprKind, Func, Span, UnOp};

/// A parse error at a byte offset of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub offset: u32,
    pub message: String,
}

const MAX_DEPTH: u32 = 64;
/// Binary operators in one expression. A chain `1 + 1 + …` builds a tree as deep as it is
/// long, and checking and evaluating it recurse: without a bound a long chain overflows the
/// stack (found by a hostile test with 100,000 `+ 1`).
const MAX_OPERATORS: u32 = 256;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Int(i64),
    Str(String),
    Ident(String),
    Op(&'static str),
}

struct Lexer<'s> {
    src: &'s str,
    toks: Vec<(Tok, Span)>,
}

const OPS: [&str; 21] = [
    "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "%+", "%-", "<", ">", "=", "+", "-", "*", "/",
    "%", "!", "(", ")",
];

fn lex(src: &str, base: usize) -> Result<Vec<(Tok, Span)>, ParseError> {
    let mut lx = Lexer {
        src,
        toks: Vec::new(),
    };
    let bytes = src.as_bytes();
    let mut i = 0;
    let err = |at: usize, message: String| ParseError {
        offset: to_u32(base + at),
        message,
    };
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let text = &lx.src[start..i];
            let n = text
                .parse::<i64>()
                .map_err(|_| err(start, format!("integer `{text}` is too large")))?;
            lx.toks.push((Tok::Int(n), span(base + start, base + i)));
            continue;
        }
        if b.is_ascii_alphabetic() || b == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = lx.src[start..i].to_owned();
            lx.toks
                .push((Tok::Ident(word), span(base + start, base + i)));
            continue;
        }
        if b == b'"' {
            i += 1;
            let mut s = String::new();
            loop {
                let Some(c) = lx.src[i..].chars().next() else {
                    return Err(err(start, "unclosed string".into()));
                };
                i += c.len_utf8();
                match c {
                    '"' => break,
                    '\\' => {
                        let Some(e) = lx.src[i..].chars().next() else {
                            return Err(err(start, "unclosed string".into()));
                        };
                        i += e.len_utf8();
                        s.push(e);
                    }
                    c => s.push(c),
                }
            }
            lx.toks.push((Tok::Str(s), span(base + start, base + i)));
            continue;
        }
        if b == b',' {
            lx.toks.push((Tok::Op(","), span(base + i, base + i + 1)));
            i += 1;
            continue;
        }
        let rest = &lx.src[i..];
        match OPS.iter().find(|op| rest.starts_with(**op)) {
            Some(op) => {
                lx.toks
                    .push((Tok::Op(op), span(base + i, base + i + op.len())));
                i += op.len();
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                return Err(err(i, format!("unexpected character `{c}`")));
            }
        }
    }
    Ok(lx.toks)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: to_u32(start),
        end: to_u32(end),
    }
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    end: u32,
    depth: u32,
    operators: u32,
}

impl Parser {
    /// A parser over `src`, whose offsets start at `base` (expressions inside text).
    fn new(src: &str, base: usize) -> Result<Parser, ParseError> {
        Ok(Parser {
            toks: lex(src, base)?,
            pos: 0,
            end: to_u32(base + src.trim_end().len()),
            depth: 0,
            operators: 0,
        })
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> u32 {
        self.toks.get(self.pos).map_or(self.end, |(_, s)| s.start)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            offset: self.here(),
            message: message.into(),
        })
    }

    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn binary(&mut self, level: usize) -> Result<Expr, ParseError> {
        const LEVELS: [&[(&str, BinOp)]; 5] = [
            &[("||", BinOp::Or)],
            &[("&&", BinOp::And)],
            &[
                ("==", BinOp::Eq),
                ("!=", BinOp::Ne),
                ("<=", BinOp::Le),
                (">=", BinOp::Ge),
                ("<", BinOp::Lt),
                (">", BinOp::Gt),
            ],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Rem)],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut lhs = self.binary(level + 1)?;
        loop {
            let Some(&(_, op)) = ops
                .iter()
                .find(|(text, _)| matches!(self.peek(), Some(Tok::Op(o)) if o == text))
            else {
                return Ok(lhs);
            };
            self.operators += 1;
            if self.operators > MAX_OPERATORS {
                return self.error(format!(
                    "expression has more than {MAX_OPERATORS} operators: split it"
                ));
            }
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            let s = Span {
                start: lhs.span.start,
                end: rhs.span.end,
            };
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span: s,
            };
            if level == 2
                && matches!(
                    self.peek(),
                    Some(Tok::Op("==" | "!=" | "<" | ">" | "<=" | ">="))
                )
            {
                return self.error("comparisons do not chain: use `&&`");
            }
        }
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error("expression is nested too deeply");
        }
        let start = self.here();
        let op = if self.eat("!") {
            Some(UnOp::Not)
        } else if self.eat("-") {
            Some(UnOp::Neg)
        } else {
            None
        };
        let result = match op {
            Some(op) => {
                let inner = self.unary()?;
                let s = Span {
                    start,
                    end: inner.span.end,
                };
                Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(inner)),
                    span: s,
                })
            }
            None => self.primary(),
        };
        self.depth -= 1;
        result
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let Some((tok, s)) = self.toks.get(self.pos).cloned() else {
            return self.error("expected a value");
        };
        self.pos += 1;
        let kind = match tok {
            Tok::Int(n) => ExprKind::Int(n),
            Tok::Str(text) => ExprKind::Str(text),
            Tok::Ident(name) => match name.as_str() {
                "true" => ExprKind::Bool(true),
                "false" => ExprKind::Bool(false),
                "turns" => ExprKind::Turns,
                _ if self.eat("(") => return self.call(name, s),
                _ => ExprKind::Var(name),
            },
            Tok::Op("(") => {
                let inner = self.binary(0)?;
                if !self.eat(")") {
                    return self.error("expected `)`");
                }
                let end = self.toks.get(self.pos - 1).map_or(s.end, |(_, e)| e.end);
                return Ok(Expr {
                    kind: inner.kind,
                    span: Span {
                        start: s.start,
                        end,
                    },
                });
            }
            Tok::Op(op) => {
                self.pos -= 1;
                return self.error(format!("expected a value, found `{op}`"));
            }
        };
        Ok(Expr { kind, span: s })
    }

    fn call(&mut self, name: String, s: Span) -> Result<Expr, ParseError> {
        let func = match name.as_str() {
            "visits" => Func::Visits,
            "random" => Func::Random,
            "word" => Func::Word,
            "min" => Func::Min,
            "max" => Func::Max,
            _ => {
                self.pos -= 2;
                return self.error(format!("unknown function `{name}`"));
            }
        };
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.binary(0)?);
                if self.eat(")") {
                    break;
                }
                if !self.eat(",") {
                    return self.error("expected `,` or `)`");
                }
            }
        }
        let want = match func {
            Func::Visits | Func::Word => 1,
            Func::Random | Func::Min | Func::Max => 2,
        };
        if args.len() != want {
            self.pos -= 1;
            return self.error(format!(
                "`{name}` takes {want} argument(s), found {}",
                args.len()
            ));
        }
        let end = self.toks.get(self.pos - 1).map_or(s.end, |(_, e)| e.end);
        Ok(Expr {
            kind: ExprKind::Call(func, args),
            span: Span {
                start: s.start,
                end,
            },
        })
    }

    fn finish(&self) -> Result<(), ParseError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.error("unexpected text after the expression"),
        }
    }
}

/// Parses an expression. `base` is added to every offset (for expressions inside text).
pub(crate) fn expression_at(src: &str, base: usize) -> Result<Expr, ParseError> {
    let mut p = Parser::new(src, base)?;
    let e = p.binary(0)?;
    p.finish()?;
    Ok(e)
}

/// Parses an expression from offset 0.
pub(crate) fn expression(src: &str) -> Result<Expr, ParseError> {
    expression_at(src, 0)
}

/// Parses an effect: `name = expr`, `name += expr`, `name %+ expr`, or `achieve id`.
pub(crate) fn effect(src: &str) -> Result<Effect, ParseError> {
    let mut p = Parser::new(src, 0)?;
    let Some((Tok::Ident(name), name_span)) = p.toks.first().cloned() else {
        return p.error("expected a variable name or `achieve`");
    };
    p.pos = 1;
    if name == "achieve" {
        if let Some((Tok::Ident(id), id_span)) = p.toks.get(1).cloned() {
            p.pos = 2;
            p.finish()?;
            return Ok(Effect::Achieve { id, span: id_span });
        }
    }
    let op = match p.peek() {
        Some(Tok::Op("=")) => EffectOp::Set,
        Some(Tok::Op("+=")) => EffectOp::Add,
        Some(Tok::Op("-=")) => EffectOp::Sub,
        Some(Tok::Op("%+")) => EffectOp::FairAdd,
        Some(Tok::Op("%-")) => EffectOp::FairSub,
        _ => return p.error("expected `=`, `+=`, `-=`, `%+` or `%-`"),
    };
    p.pos += 1;
    let value = p.binary(0)?;
    p.finish()?;
    Ok(Effect::Assign {
        var: name,
        var_span: name_span,
        op,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(src: &str) -> String {
        match expression(src) {
            Ok(e) => e.to_string(),
            Err(e) => format!("error at {}: {}", e.offset, e.message),
        }
    }

    #[test]
    fn precedence_and_errors() {
        assert_eq!(
            show("1 + 2 * 3 == 7 && !a || b"),
            "((((1 + (2 * 3)) == 7) && !a) || b)"
        );
        assert_eq!(show("-(a - 1) % 3"), "(-(a - 1) % 3)");
        assert_eq!(show("visits(\"x.y\") > 0"), "(visits(\"x.y\") > 0)");
        assert_eq!(
            show("a < b < c"),
            "error at 6: comparisons do not chain: use `&&`"
        );
        assert_eq!(show("1 +"), "error at 3: expected a value");
        assert_eq!(show("foo(1)"), "error at 0: unknown function `foo`");
        assert_eq!(
            show("min(1)"),
            "error at 5: `min` takes 2 argument(s), found 1"
        );
        assert_eq!(show("a $ b"), "error at 2: unexpected character `$`");
        assert_eq!(
            show("99999999999999999999"),
            "error at 0: integer `99999999999999999999` is too large"
        );
    }

    #[test]
    fn effects() {
        assert!(matches!(
            effect("achieve first"),
            Ok(Effect::Achieve { .. })
        ));
        assert!(matches!(
            effect("skill %+ 20"),
            Ok(Effect::Assign {
                op: EffectOp::FairAdd,
                ..
            })
        ));
        assert_eq!(effect("x ++ 1").err().map(|e| e.offset), Some(2));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(src in ".{0,80}") {
            let _ = expression(&src);
            let _ = effect(&src);
        }

        #[test]
        fn never_panics_on_expression_soup(src in "[a-z0-9_ ()!<>=&|+*/%,\"-]{0,60}") {
            if let Ok(e) = expression(&src) {
                // The printed tree parses back to the same tree (modulo spans).
                let again = expression(&e.to_string()).map(|x| x.to_string());
                proptest::prop_assert_eq!(again, Ok(e.to_string()));
            }
        }

        #[test]
        fn errors_point_inside_the_source(src in ".{0,40}") {
            if let Err(e) = expression(&src) {
                proptest::prop_assert!(e.offset as usize <= src.len());
            }
        }
    }
}
