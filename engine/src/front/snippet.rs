//! Diagnostics as authors read them in a terminal: the one-line `file:line:col: error[E001]: …`
//! header (which editors and terminals turn into links), then the source line with a caret
//! under the problem, like rustc.
//!
//! Pure text in, text out; colour is ANSI escapes when asked for. Long lines (story paragraphs)
//! are cut to a window around the caret.

use crate::front::diag::{Diagnostic, Severity};

/// Characters of a long line shown either side of the caret.
const WINDOW: usize = 48;

/// Renders `d` with the line it points at in `source` (the text of `d.file`, if known).
pub fn render(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let (kind, tint) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let mut out = format!(
        "{}:{}:{}: {}: {}",
        d.file,
        d.line,
        d.column,
        paint(tint, &format!("{kind}[{}]", d.code)),
        paint("1", &d.message)
    );
    if let Some(p) = &d.passage {
        out.push_str(&format!(" (in passage {p})"));
    }
    out.push('\n');
    let Some(line) = source.and_then(|s| s.lines().nth(d.line.saturating_sub(1) as usize)) else {
        return out;
    };
    let line = line.trim_end_matches('\r');
    let chars: Vec<char> = line.chars().collect();
    let col = (d.column.saturating_sub(1) as usize).min(chars.len());
    let width = token_width(&chars[col..]).max(1);
    // Cut long lines (paragraphs) to a window around the caret.
    let (from, to) = if chars.len() <= 2 * WINDOW + width {
        (0, chars.len())
    } else {
        (
            col.saturating_sub(WINDOW),
            chars.len().min(col + width + WINDOW),
        )
    };
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    let pad: String = chars[from..col]
        .iter()
        .map(|&c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let pad = if from > 0 { format!(" {pad}") } else { pad };
    let width = width.min(to - col).max(1);
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint("1;34", "|");
    out.push_str(&format!("{gutter} {bar}\n"));
    out.push_str(&format!("{} {bar} {shown}\n", paint("1;34", &number)));
    let carets = "^".repeat(width);
    out.push_str(&format!("{gutter} {bar} {pad}{}\n", paint(tint, &carets)));
    out
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
        }
    }

    #[test]
    fn carets_underline_the_token() {
        let src = "{\n  \"choices\": [{ \"goto\": \"nope\" }],\n  \"if\": \"stress && 3\"\n}";
        let cases = [
            (
                diag(2, 25),
                "  \"choices\": [{ \"goto\": \"nope\" }],",
                "^^^^^^",
            ),
            (diag(3, 10), "  \"if\": \"stress && 3\"", "^^^^^^"),
            (diag(1, 1), "{", "^"),
        ];
        for (d, line, carets) in cases {
            let text = render(&d, Some(src), false);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(
                lines[0],
                format!(
                    "c.json:{}:{}: error[E001]: unknown passage `c.nope` (in passage c.a)",
                    d.line, d.column
                )
            );
            assert!(lines[2].ends_with(line), "{text}");
            let col = lines[2].find(line).unwrap_or(0) + d.column as usize - 1;
            assert_eq!(&lines[3][col..], carets, "{text}");
        }
    }

    #[test]
    fn long_lines_are_windowed_and_missing_sources_skipped() {
        let long = format!(
            "  \"text\": \"{}{{oops}}{}\"",
            "a ".repeat(200),
            "b ".repeat(200)
        );
        let col = long.find("{oops").unwrap() as u32 + 2;
        let text = render(&diag(1, col), Some(&long), false);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[2].contains('…') && lines[2].chars().count() < 130,
            "{text}"
        );
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        let under: String = lines[2].chars().skip(caret).take(4).collect();
        assert_eq!(under, "oops", "{text}");
        assert_eq!(render(&diag(1, 1), None, false).lines().count(), 1);
        assert!(render(&diag(9, 1), Some("{}"), true).contains("\x1b[1;31merror[E001]"));
    }
}
