//! The runtime's own JSON reader and writer (`story_engine::json`) against serde_json, which
//! wrote every save before it: the same trees from the same text, the same bytes written, the
//! same syntax errors at the same places, on generated values, on hostile text, and on every
//! save in the restore fuzz corpus.

use crate::support::fixtures;
use proptest::prelude::*;
use serde_json::Value as Serde;
use story_engine::json::{self, Json, Kind, Number};

/// The tree (read from `text`) as serde_json's `Value` (of repeated keys the last counts, as
/// serde_json's does; a fraction converted from its text, which is all the reader keeps).
fn to_serde(text: &str, j: &Json) -> Serde {
    match &j.kind {
        Kind::Null => Serde::Null,
        Kind::Bool(b) => Serde::Bool(*b),
        Kind::Num(Number::U(n)) => Serde::from(*n),
        Kind::Num(Number::I(n)) => Serde::from(*n),
        Kind::Num(Number::F) => text[j.start..j.end]
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Serde::Null, Serde::Number),
        Kind::Str(s) => Serde::String(s.clone()),
        Kind::Arr(items) => Serde::Array(items.iter().map(|i| to_serde(text, i)).collect()),
        Kind::Obj(members) => Serde::Object(
            members
                .iter()
                .map(|m| (m.key.clone(), to_serde(text, &m.value)))
                .collect(),
        ),
    }
}

/// Writes a tree (read from `text`) with the module's writer; a fraction as it was written.
fn write(text: &str, out: &mut String, j: &Json) {
    match &j.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(&b.to_string()),
        Kind::Num(Number::U(n)) => out.push_str(&n.to_string()),
        Kind::Num(Number::I(n)) => out.push_str(&n.to_string()),
        Kind::Num(Number::F) => out.push_str(&text[j.start..j.end]),
        Kind::Str(s) => json::push_str(out, s),
        Kind::Arr(items) => json::push_array(out, items, |out, i| write(text, out, i)),
        Kind::Obj(members) => {
            out.push('{');
            for m in members {
                json::key(out, &m.key);
                write(text, out, &m.value);
            }
            out.push('}');
        }
    }
}

/// Equal trees, except that fractions may differ in their last bit: serde_json (without its
/// `float_roundtrip` feature) rounds some long decimals one bit off, the runtime's reader rounds
/// them correctly. Saves hold no fractions; only a message about one would show it.
fn same(a: &Serde, b: &Serde) -> bool {
    match (a, b) {
        (Serde::Number(x), Serde::Number(y)) if x.is_f64() && y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x == y || (x - y).abs() <= x.abs().max(y.abs()) * 4.0 * f64::EPSILON
        }
        (Serde::Array(x), Serde::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Serde::Object(x), Serde::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, x), (l, y))| k == l && same(x, y))
        }
        _ => a == b,
    }
}

/// serde_json's answer and ours for `text`: the same value, or the same error message.
fn agree(text: &str) -> Result<(), String> {
    let theirs = serde_json::from_str::<Serde>(text);
    let ours = json::parse(text);
    match (&theirs, &ours) {
        (Ok(a), Ok(b)) if same(a, &to_serde(text, b)) => Ok(()),
        (Err(a), Err(b)) if a.to_string() == b.to_string() && b.is_syntax() => Ok(()),
        _ => Err(format!(
            "{text:?}: serde_json {:?}, ours {:?}",
            theirs.map_err(|e| e.to_string()),
            ours.map(|j| to_serde(text, &j)).map_err(|e| e.to_string())
        )),
    }
}

fn serde_value() -> impl Strategy<Value = Serde> {
    let leaf = prop_oneof![
        Just(Serde::Null),
        any::<bool>().prop_map(Serde::Bool),
        any::<u64>().prop_map(Serde::from),
        any::<i64>().prop_map(Serde::from),
        // Every char, control characters and astral planes (surrogate pairs) included.
        any::<String>().prop_map(Serde::String),
        "[\"\\\\\u{0}-\u{1f}\u{7f}/é𝄞]{0,6}".prop_map(Serde::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Serde::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Serde::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn what_serde_json_writes_reads_back_the_same_and_is_written_byte_for_byte(v in serde_value()) {
        let text = serde_json::to_string(&v).expect("serializes");
        let tree = json::parse(&text).expect("parses");
        prop_assert_eq!(to_serde(&text, &tree), v.clone());
        let mut again = String::new();
        write(&text, &mut again, &tree);
        prop_assert_eq!(&again, &text);
        // Pretty-printed text (newlines, indentation) reads the same too.
        let pretty = serde_json::to_string_pretty(&v).expect("serializes");
        prop_assert_eq!(to_serde(&pretty, &json::parse(&pretty).expect("parses")), v);
    }

    #[test]
    fn on_json_like_text_both_readers_agree_on_values_and_errors(text in "[ \n\t{}\\[\\]\",:0-9.eE+\\-a-z\\\\\u{1}\u{feff}]{0,24}") {
        if let Err(e) = agree(&text) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn on_every_cut_of_written_json_both_readers_agree(v in serde_value(), cut in any::<prop::sample::Index>()) {
        let text = serde_json::to_string(&v).expect("serializes");
        let ends: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        if let Err(e) = agree(&text[..ends[cut.index(ends.len())]]) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn hostile_text_gets_serde_jsons_errors_at_the_same_places() {
    let deep = "[".repeat(200);
    let deep_objects = "{\"a\":".repeat(200);
    let nested_ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
    let cases = [
        "",
        "   ",
        "\u{feff}{}",
        "nul",
        "nulx",
        "tru",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1:2}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "[1,",
        "{\"a\":",
        "{\"a\"",
        "1 2",
        "01",
        "-",
        "-x",
        "1.",
        "1.x",
        "1e",
        "1e+",
        "1ex",
        "1e400",
        "-1e400",
        "1e-400",
        "-0",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "-1.8e308",
        "0.00000000000000000000000000001e310",
        "0.0e99999999999999999999999",
        "1e99999999999999999999999",
        "1e-99999999999999999999999",
        "12.5e-3",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999",
        "\"abc",
        "\"a\\",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12",
        "\"\\u12g4\"",
        "\"\\ud800\"",
        "\"\\ud800\\n\"",
        "\"\\ud800\\u0041\"",
        "\"\\udc00\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u0000\"",
        "\"a\u{1}b\"",
        "\"tab\there\"",
        "[\n1,\n2\n,]",
        "{\n\"a\": [1,\n x]}",
        &deep,
        &deep_objects,
        &nested_ok,
    ];
    for text in cases {
        agree(text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn numbers_are_out_of_range_exactly_where_a_correctly_rounded_f64_is_infinite() {
    // At the very edge serde_json's own decimal conversion is one bit off (it refuses
    // 1.7976931348623158e308 and a long integer just above f64::MAX that both round to
    // f64::MAX): here the reader follows std.
    for text in [
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.79769313486231580793e308",
        "1.797693134862315807937289714053034150799e308",
        "1.7976931348623159e308",
        "179769313486231580793728971405303415079e269",
        "0.000179769313486231580793e312",
        "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.5",
        "1e308",
        "1e309",
        "10e308",
        "0.1e310",
        "0.01e310",
    ] {
        let infinite = text.parse::<f64>().expect("a number").is_infinite();
        assert_eq!(json::parse(text).is_err(), infinite, "{text}");
    }
}

#[test]
fn every_save_in_the_restore_corpus_reads_as_serde_json_reads_it() {
    let corpus = fixtures().join("../../engine/fuzz/corpus/restore");
    let mut seen = 0;
    for entry in std::fs::read_dir(&corpus).expect("the restore corpus") {
        let bytes = std::fs::read(entry.expect("an entry").path()).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        agree(&text).unwrap_or_else(|e| panic!("{e}"));
        seen += 1;
    }
    assert!(seen > 100, "only {seen} corpus files");
}

#[test]
fn readers_word_wrong_shapes_as_serde_did() {
    let text = r#"{"a": "x", "n": -1, "big": 4294967296, "f": 1.5, "arr": [1], "a": "y"}"#;
    let tree = json::parse(text).expect("parses");
    let located = json::Reader::located(text);
    let f = located.fields(&tree, "T", &["a", "n"]).expect("an object");
    assert_eq!(
        f.get("a").expect_err("twice").to_string(),
        "duplicate field `a` at line 1 column 64"
    );
    let values = json::Reader::values(text);
    let f = values.fields(&tree, "T", &["a", "n"]).expect("an object");
    assert_eq!(values.string(f.need("a").expect("a")), Ok("y".to_owned()));
    let errors: Vec<String> = [
        values
            .int::<u32>(f.need("n").expect("n"), "u32")
            .map(|_| ()),
        values
            .int::<u32>(f.need("big").expect("big"), "u32")
            .map(|_| ()),
        values
            .int::<u32>(f.need("f").expect("f"), "u32")
            .map(|_| ()),
        values.string(f.need("arr").expect("arr")).map(|_| ()),
        f.need("missing").map(|_| ()),
        located
            .int::<u32>(tree.get("n").expect("n"), "u32")
            .map(|_| ()),
        located.string(tree.get("arr").expect("arr")).map(|_| ()),
    ]
    .into_iter()
    .map(|r| r.expect_err("wrong").to_string())
    .collect();
    assert_eq!(
        errors,
        [
            "invalid value: integer `-1`, expected u32",
            "invalid value: integer `4294967296`, expected u32",
            "invalid type: floating point `1.5`, expected u32",
            "invalid type: sequence, expected a string",
            "missing field `missing`",
            "invalid value: integer `-1`, expected u32 at line 1 column 18",
            "invalid type: sequence, expected a string at line 1 column 56",
        ]
    );
}
