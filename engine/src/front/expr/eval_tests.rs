//! Evaluation of parsed expressions (`runtime::expr::eval`), tested from the front end because
//! the cases are written as source text.

use super::expression;
use crate::runtime::expr::{eval, Env};
use crate::runtime::state::Value;

struct E;
impl Env for E {
    fn var(&self, name: &str) -> Option<Value> {
        (name == "x").then_some(Value::Int(7))
    }
    fn visits(&self, _: &str) -> u32 {
        2
    }
    fn turns(&self) -> u32 {
        5
    }
    fn word(&self, _: &str) -> Option<String> {
        Some("tense".into())
    }
    fn random(&mut self, lo: i64, _: i64) -> i64 {
        lo
    }
}

fn run(src: &str) -> String {
    let e = expression(src).expect("parses");
    match eval(&e, &mut E) {
        Ok(v) => v.to_string(),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn evaluates() {
    assert_eq!(run("x * 2 + turns - visits(\"a\")"), "17");
    assert_eq!(run("x / 0"), "error: division by zero");
    assert_eq!(run("9223372036854775807 + 1"), "error: integer overflow");
    assert_eq!(run("-x % 4 == -3 && !false"), "true");
    assert_eq!(run("word(x) == \"tense\""), "true");
    assert_eq!(run("min(x, 3) + max(x, 3) + random(4, 1)"), "11");
}
