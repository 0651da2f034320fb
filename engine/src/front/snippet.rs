//! Diagnostics as authors read them in a terminal, rustc-style, drawn by `annotate-snippets`
//! (the renderer rustc uses): `error[E001]: message`, `--> file:line:col` (which editors and
//! terminals turn into links), the source line with carets under the problem, then `= help:`
//! (did you mean …) and `= note:` (the passage) lines.
//!
//! Only with the `snippets` feature (the CLI and the build script): the player's page and the
//! author page never link a renderer. Text in, text out; colour is ANSI escapes when asked for;
//! long lines (story paragraphs) are cut around the carets by the renderer.

use crate::front::diag::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Renders `d` with the line it points at in `source` (the text of `d.file`, if known).
pub fn render(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.clone().primary_title(&d.message).id(d.code.as_str());
    let group = match source.and_then(|s| span(s, d.line, d.column).map(|r| (s, r))) {
        Some((source, range)) => title.element(
            Snippet::source(source)
                .path(&d.file)
                .annotation(AnnotationKind::Primary.span(range)),
        ),
        None => title.element(
            Origin::path(&d.file)
                .line(d.line as usize)
                .char_column(d.column as usize),
        ),
    };
    let mut group: Group<'_> = group;
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help));
    }
    if let Some(passage) = &d.passage {
        group = group.element(Level::NOTE.message(format!("in passage {passage}")));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// The byte range of the JSON token at 1-based `line` and `column` (in characters), or `None`
/// when the source has no such line.
fn span(source: &str, line: u32, column: u32) -> Option<std::ops::Range<usize>> {
    let start = if line <= 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(line as usize - 2)
            .map(|(i, _)| i + 1)?
    };
    let text = &source[start..];
    let text = &text[..text.find('\n').unwrap_or(text.len())];
    let text = text.trim_end_matches('\r');
    let col = column.saturating_sub(1) as usize;
    let at = text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
    let rest: Vec<char> = text[at..].chars().collect();
    let width: usize = rest[..token_width(&rest).max(1).min(rest.len())]
        .iter()
        .map(|c| c.len_utf8())
        .sum();
    Some(start + at..start + at + width)
}

/// How many characters the JSON token starting at `rest` spans: a whole string with its
/// quotes, a run of name characters, or one character.
fn token_width(rest: &[char]) -> usize {
    match rest.first() {
        Some('"') => {
            let mut escaped = false;
            for (i, &c) in rest.iter().enumerate().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => return i + 1,
                    _ => {}
                }
            }
            rest.len()
        }
        Some(c) if is_name(*c) => rest.iter().take_while(|c| is_name(**c)).count(),
        Some(_) => 1,
        None => 0,
    }
}

fn is_name(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::diag::Code;

    fn diag(line: u32, column: u32) -> Diagnostic {
        Diagnostic {
            code: Code::UnknownPassage,
            severity: Severity::Error,
            file: "c.json".into(),
            line,
            column,
            passage: Some("c.a".into()),
            message: "unknown passage `c.nope`".into(),
            help: Some("did you mean `c.nap`?".into()),
        }
    }

    #[test]
    fn carets_underline_the_token_with_help_and_note() {
        let src = "{\n  \"choices\": [{ \"goto\": \"nope\" }],\n  \"if\": \"stress && 3\"\n}";
        expect_test::expect![[r#"
            error[E001]: unknown passage `c.nope`
             --> c.json:2:25
              |
            2 |   "choices": [{ "goto": "nope" }],
              |                         ^^^^^^
              |
              = help: did you mean `c.nap`?
              = note: in passage c.a
        "#]]
        .assert_eq(&render(&diag(2, 25), Some(src), false));
        let text = render(&diag(3, 10), Some(src), false);
        assert!(
            text.contains("3 |   \"if\": \"stress && 3\"\n  |          ^^^^^^\n"),
            "{text}"
        );
        let text = render(&diag(1, 1), Some(src), false);
        assert!(text.contains("1 | {\n  | ^\n"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_and_missing_sources_give_the_position() {
        let long = format!(
            "  \"text\": \"{}{{oops}}{}\"",
            "a ".repeat(200),
            "b ".repeat(200)
        );
        let col = long.find("{oops").unwrap() as u32 + 2;
        let mut d = diag(1, col);
        d.help = None;
        let text = render(&d, Some(&long), false);
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines.iter().find(|l| l.contains("oops")).expect("the line");
        assert!(
            shown.contains("...") && shown.chars().count() < 150,
            "{text}"
        );
        let caret = lines.iter().find(|l| l.contains('^')).expect("carets");
        let at = caret.find('^').unwrap();
        assert_eq!(&shown[at..at + 4], "oops", "{text}");
        expect_test::expect![[r#"
            error[E001]: unknown passage `c.nope`
            --> c.json:9:1
             = help: did you mean `c.nap`?
             = note: in passage c.a
        "#]]
        .assert_eq(&render(&diag(9, 1), Some("{}"), false));
        assert!(render(&diag(9, 1), None, true).contains("\x1b["));
    }
}
