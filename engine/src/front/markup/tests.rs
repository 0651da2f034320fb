//! Unit tests of the markup parser.

use super::*;

fn show(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(&format!("{t:?}")),
            Node::Em(i) => out.push_str(&format!("em[{}]", show(i))),
            Node::Strong(i) => out.push_str(&format!("strong[{}]", show(i))),
            Node::Interp(e) => out.push_str(&format!("{{{e}}}")),
            Node::If {
                cond,
                then,
                otherwise,
            } => out.push_str(&format!("if[{cond}]({})({})", show(then), show(otherwise))),
            Node::Vary {
                kind,
                slot,
                options,
            } => {
                let opts: Vec<String> = options.iter().map(|o| show(o)).collect();
                out.push_str(&format!("{kind:?}#{slot}({})", opts.join("|")))
            }
        }
    }
    out
}

fn parse_show(src: &str) -> String {
    let mut slots = 0;
    match parse(src, &mut slots) {
        Ok(nodes) => show(&nodes),
        Err(errors) => {
            let e: Vec<String> = errors
                .iter()
                .map(|e| format!("{}: {}", e.offset, e.message))
                .collect();
            format!("errors: {}", e.join("; "))
        }
    }
}

#[test]
fn parses_the_markup_language() {
    assert_eq!(
        parse_show("a *b* **c *d*** e"),
        r#""a "em["b"]" "strong["c "em["d"]]" e""#
    );
    assert_eq!(parse_show(r"\*x\* \{y\}"), r#""*x* {y}""#);
    assert_eq!(
        parse_show("{stress} of {word(stress)}"),
        r#"{stress}" of "{word(stress)}"#
    );
    assert_eq!(
        parse_show("{if a > 1: *big*|small} {if b: only}"),
        r#"if[(a > 1)](em["big"])("small")" "if[b]("only")()"#
    );
    assert_eq!(
        parse_show("{seq: one|two {x}|three} {shuffle:a|b}"),
        r#"Seq#0("one"|"two "{x}|"three")" "Shuffle#1("a"|"b")"#
    );
    assert_eq!(
        parse_show("{if visits(\"a:b\") > 0: yes|no}"),
        r#"if[(visits("a:b") > 0)]("yes")("no")"#
    );
    assert_eq!(parse_show("<b>html</b>"), r#""<b>html</b>""#);
}

#[test]
fn reports_every_error_with_its_offset() {
    assert_eq!(
        parse_show("a *b"),
        "errors: 2: unclosed `*`: write `\\*` for a literal star"
    );
    assert_eq!(
        parse_show("**x {y"),
        "errors: 4: unclosed `{`: write `\\{` for a literal brace; 0: unclosed `**`: write `\\*` for a literal star"
    );
    assert_eq!(
        parse_show("a } b"),
        "errors: 2: unmatched `}`: write `\\}` for a literal brace"
    );
    assert_eq!(
        parse_show("{loop: a|b}"),
        "errors: 1: unknown text block `{loop:`: use if, seq, cycle or shuffle"
    );
    assert_eq!(parse_show("x {1 +}"), "errors: 6: expected a value");
    assert_eq!(
        parse_show("{if a b}"),
        "errors: 1: expected `:` after the condition of `{if …}`"
    );
    assert_eq!(
        parse_show("{if a: x|y|z}"),
        "errors: 1: `{if …}` takes at most two options: `then|else`"
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(src in ".{0,60}") {
        let mut slots = 0;
        if let Err(errors) = parse(&src, &mut slots) {
            for e in errors {
                proptest::prop_assert!(e.offset as usize <= src.len());
            }
        }
    }

    #[test]
    fn never_panics_on_markup_soup(src in "[a-z *{}|:\\\\\"]{0,40}") {
        let mut slots = 0;
        let _ = parse(&src, &mut slots);
    }
}
