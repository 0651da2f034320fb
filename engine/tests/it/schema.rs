//! The committed JSON Schema (`story/schema/`) against the engine, with a real draft-07
//! validator: the schema rejects every story the engine rejects for a reason a schema can
//! state, accepts every story the engine accepts, and the reasons it cannot state are listed
//! below, one reason each, so a new diagnostic cannot slip past editors unnoticed.

use crate::support::fixtures;
use serde_json::Value;
use std::path::{Path, PathBuf};
use story_engine::{load, Code, Severity, SourceFile};

/// Fixtures the engine rejects for reasons no JSON Schema can state: each names why.
const INEXPRESSIBLE: [(&str, &str); 15] = [
    (
        "diag/e001",
        "a `goto` names a passage of another object or file",
    ),
    (
        "diag/e002_not_utf8",
        "a file that is not UTF-8: a schema validates parsed JSON, never the bytes",
    ),
    ("diag/e004", "variables are named inside expression strings"),
    ("diag/e005", "pools are declared by other passages"),
    (
        "diag/e006",
        "endings are declared in the manifest, another file",
    ),
    ("diag/e007", "achievements are named inside effect strings"),
    (
        "diag/e008",
        "expression syntax is a grammar, not a JSON shape",
    ),
    ("diag/e009", "expression types need the declared variables"),
    (
        "diag/e010",
        "JSON parsers keep one of two duplicate keys before a schema sees them",
    ),
    (
        "diag/e011",
        "`min` ≤ `max` compares two values of the instance",
    ),
    ("diag/e013", "inline markup is a grammar inside strings"),
    ("diag/e015", "a missing file is not the content of a file"),
    (
        "diag/e016",
        "an effect's operator must fit a variable declared in another file",
    ),
    (
        "diag/e018",
        "a cycle of fallbacks is a property of the story graph",
    ),
    (
        "cli/unlisted",
        "a `goto` names a passage of a file the manifest does not list",
    ),
];

/// The two committed schemas, compiled.
struct Schema {
    schemas: boon::Schemas,
    manifest: boon::SchemaIndex,
    chapter: boon::SchemaIndex,
}

impl Schema {
    fn committed() -> Schema {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story/schema");
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let mut compile = |name: &str| {
            let text = std::fs::read_to_string(dir.join(name)).expect("committed schema");
            let value: Value = serde_json::from_str(&text).expect("schema is JSON");
            let url = format!("file:///{name}");
            compiler.add_resource(&url, value).expect("adds");
            compiler.compile(&url, &mut schemas).expect("compiles")
        };
        let manifest = compile("manifest.schema.json");
        let chapter = compile("chapter.schema.json");
        Schema {
            schemas,
            manifest,
            chapter,
        }
    }

    /// Why the schema rejects a story's files, or `None` when it accepts them all. A file that
    /// is not JSON counts as rejected: an editor reports it before any schema.
    fn rejects(&self, manifest: &SourceFile, chapters: &[SourceFile]) -> Option<String> {
        let files = std::iter::once((manifest, self.manifest))
            .chain(chapters.iter().map(|c| (c, self.chapter)));
        let mut why = Vec::new();
        for (file, index) in files {
            match serde_json::from_str::<Value>(&file.text) {
                Err(e) => why.push(format!("{}: not JSON: {e}", file.path)),
                Ok(value) => {
                    if let Err(e) = self.schemas.validate(&value, index) {
                        why.push(format!("{}: {e:#}", file.path));
                    }
                }
            }
        }
        (!why.is_empty()).then(|| why.join("\n"))
    }
}

fn read(dir: &Path) -> (SourceFile, Vec<SourceFile>) {
    let (manifest, chapters) = crate::support::read_dir(dir);
    (manifest.text(), chapters.iter().map(|c| c.text()).collect())
}

fn errors(manifest: &SourceFile, chapters: &[SourceFile]) -> Vec<Code> {
    let loaded = load(manifest, chapters);
    let mut codes: Vec<Code> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code.severity() == Severity::Error)
        .map(|d| d.code)
        .collect();
    codes.dedup();
    codes
}

/// Every folder under `tests/fixtures` that holds a `story.json`, as `diag/e001`.
fn fixture_stories() -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        if dir.join("story.json").is_file() {
            let rel = dir.strip_prefix(root).expect("under the root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixture folder reads")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        entries.sort();
        for sub in entries {
            walk(root, &sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&fixtures(), &fixtures(), &mut out);
    out
}

#[test]
fn every_fixture_the_engine_rejects_the_schema_rejects_unless_listed() {
    let schema = Schema::committed();
    let stories = fixture_stories();
    assert!(stories.len() > 30, "found only {stories:?}");
    let mut wrong = Vec::new();
    for name in &stories {
        let (manifest, chapters) = read(&fixtures().join(name));
        let engine = errors(&manifest, &chapters);
        let rejected = schema.rejects(&manifest, &chapters);
        let listed = INEXPRESSIBLE.iter().any(|(n, _)| n == name);
        match (engine.is_empty(), rejected, listed) {
            (true, Some(why), _) => wrong.push(format!(
                "{name}: the engine accepts it but the schema rejects it:\n{why}"
            )),
            (false, None, false) => wrong.push(format!(
                "{name}: the engine rejects it ({engine:?}) but the schema accepts it: \
                 refine the schema, or list it in INEXPRESSIBLE with the reason"
            )),
            (_, Some(_), true) => wrong.push(format!(
                "{name}: listed as inexpressible, but the schema rejects it: unlist it"
            )),
            (true, None, true) => wrong.push(format!(
                "{name}: listed as inexpressible, but the engine accepts it: unlist it"
            )),
            _ => {}
        }
    }
    for (name, _) in INEXPRESSIBLE {
        if !stories.iter().any(|s| s == name) {
            wrong.push(format!("{name}: listed, but there is no such fixture"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_shipped_story_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story");
    let (manifest, chapters) = read(&dir);
    assert!(chapters.len() > 1, "story/ lists its chapters");
    assert_eq!(errors(&manifest, &chapters), []);
    if let Some(why) = Schema::committed().rejects(&manifest, &chapters) {
        panic!("the shipped story does not validate against its schema:\n{why}");
    }
}

/// Sets (or with `None` removes) the value at a JSON pointer whose parent exists.
fn patch(text: &str, pointer: &str, to: Option<Value>) -> String {
    let mut value: Value = serde_json::from_str(text).expect("fixture is JSON");
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let at = value
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match (at, to) {
        (Value::Object(map), Some(to)) => {
            map.insert(key.to_owned(), to);
        }
        (Value::Object(map), None) => {
            map.remove(key).unwrap_or_else(|| panic!("no {pointer}"));
        }
        (Value::Array(list), Some(to)) => list[key.parse::<usize>().expect("an index")] = to,
        _ => panic!("cannot patch {pointer}"),
    }
    serde_json::to_string_pretty(&value).expect("prints")
}

/// The rules the schema states, one per line, applied one at a time to `cli/clean`:
/// `code | file#pointer | the new JSON value there, or - to remove it | what`.
const RULES: &str = r#"
E011 | office.json#/passages/quiet/max_visits   | 0                                  | max_visits 0
E011 | office.json#/passages/quiet/weight       | 0                                  | weight 0
E011 | office.json#/passages/sdm/when           | "true"                             | storylet field, no pool
E014 | office.json#/passages/out/choices        | [{"text": "Go.", "goto": "lobby"}] | ending with choices
E014 | office.json#/passages/lobby/choices/1/draw | "week"                           | call and draw
E014 | office.json#/passages/sdm/choices/0/goto | "lobby"                            | goto and return
E014 | office.json#/passages/outage/choices/0/draw | "week"                          | draw and return
E014 | office.json#/passages/sdm/choices/0/call | "sdm"                              | call and return
E014 | office.json#/passages/sdm/choices/0      | {"text": "Back."}                  | no move
E014 | office.json#/passages/sdm/choices/0      | {"text": "B.", "goto": null}       | a null move
E014 | office.json#/passages/sdm/choices/0/fallback | true                           | fallback with text
E014 | office.json#/passages/sdm/choices/0      | {"return": true}                   | no text
E014 | office.json#/passages/sdm/choices/0/once | true                               | once without id
E014 | office.json#/passages/sdm/choices/0/locked | "No."                            | locked without if
E014 | office.json#/passages/sdm/choices/0 | {"fallback": true, "return": true, "if": "true", "locked": "No."} | locked fallback
E012 | office.json#/passages/sdm/choices/0/id   | "Back"                             | bad choice id
E012 | office.json#/passages/quiet/pool         | "Week"                             | bad pool name
E012 | office.json#/id                          | "Office"                           | bad chapter id
E012 | office.json#/passages/Bad                | {"text": "x", "ending": "quit"}    | bad passage key
E003 | office.json#/passages/sdm/txt            | "x"                                | unknown field
E003 | office.json#/passages/sdm/tags           | "x"                                | wrong JSON type
E003 | office.json#/title                       | -                                  | missing field
E017 | story.json#/format                       | 2                                  | format 2
E010 | story.json#/chapters                     | ["office.json", "office.json"]     | chapter listed twice
E012 | story.json#/variables/turns              | {"kind": "counter"}                | reserved variable name
E012 | story.json#/variables/Met                | {"kind": "flag"}                   | bad variable name
E012 | story.json#/endings/Quit                 | {"title": "Q"}                     | bad ending name
E011 | story.json#/variables/tickets/max        | 10                                 | counter with a range
E011 | story.json#/variables/met_sdm/label      | "Met"                              | flag with a label
E011 | story.json#/variables/met_sdm/start      | 1                                  | flag starting at 1
E011 | story.json#/variables/stress/start       | "high"                             | stat starting at a word
E011 | story.json#/variables/stress/display     | "opposed"                          | opposed, no opposite
E011 | story.json#/variables/stress/opposite    | "Calm"                             | opposite, not opposed
"#;

#[test]
fn the_schema_rejects_each_rule_it_can_express() {
    let schema = Schema::committed();
    let (manifest, chapters) = read(&fixtures().join("cli/clean"));
    assert_eq!(errors(&manifest, &chapters), [], "the base story loads");
    assert_eq!(
        schema.rejects(&manifest, &chapters),
        None,
        "the base validates"
    );
    let mut wrong = Vec::new();
    let rules: Vec<Vec<&str>> = RULES
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split(" | ").map(str::trim).collect())
        .collect();
    assert_eq!(rules.len(), 33);
    for rule in rules {
        let [code, at, to, what] = rule[..] else {
            panic!("a rule has four fields: {rule:?}");
        };
        let (mut manifest, mut chapters) = (manifest.clone(), chapters.clone());
        let (path, pointer) = at.split_once('#').expect("file#pointer");
        let file = std::iter::once(&mut manifest)
            .chain(chapters.iter_mut())
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{what}: no file {path}"));
        let to = (to != "-").then(|| serde_json::from_str(to).expect("a JSON value"));
        file.text = patch(&file.text, pointer, to);
        let engine = errors(&manifest, &chapters);
        if !engine.iter().any(|c| c.as_str() == code) {
            wrong.push(format!("{what}: the engine reports {engine:?}, not {code}"));
        }
        if schema.rejects(&manifest, &chapters).is_none() {
            wrong.push(format!("{what}: the schema accepts it"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
