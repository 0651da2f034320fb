//! Author tooling as a library: the committed JSON Schema is current, story files may name it
//! with `$schema`, and the shipped story passes `check` cleanly, `quicktest` reaches every
//! passage and ending, and `randomtest` finds no softlock or runtime error; AUTHORING.md's
//! tutorial, applied to a copy of `story/`, does what the page says.

use crate::support::{fixtures, load_dir, shipped, story};
use expect_test::expect_file;
use std::path::{Path, PathBuf};
use story_engine::{quicktest, randomtest, schema, QuickOptions, RandomOptions, SchemaKind};

fn story_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../story")
}

/// Fails when a raw type changed but `story/schema/` was not regenerated
/// (`UPDATE_EXPECT=1 cargo test -p story-engine` or `story schema … > story/schema/…`).
#[test]
fn committed_schema_is_current() {
    expect_file!["../../../story/schema/manifest.schema.json"]
        .assert_eq(&schema(SchemaKind::Manifest));
    expect_file!["../../../story/schema/chapter.schema.json"]
        .assert_eq(&schema(SchemaKind::Chapter));
}

#[test]
fn schema_key_is_accepted_and_other_unknown_keys_are_not() {
    // The clean fixture names the schema in both files.
    let loaded = load_dir(&fixtures().join("cli/clean"));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(loaded.story.is_some());
    let manifest = std::fs::read_to_string(fixtures().join("cli/clean/story.json")).unwrap();
    assert!(manifest.contains("\"$schema\""));
    let bad = story_engine::load(
        &story_engine::SourceFile {
            path: "story.json".into(),
            text: manifest.replace("\"$schema\"", "\"$schemata\""),
        },
        &[],
    );
    assert!(bad.diagnostics.iter().any(|d| d.code.as_str() == "E003"));
}

#[test]
fn quicktest_and_randomtest_agree_on_fixtures() {
    let clean = story("cli/clean");
    let q = quicktest(&clean, QuickOptions::default(), &mut |_, _| {});
    assert!(q.passed() && q.complete, "{q:?}");
    let r = randomtest(
        &clean,
        RandomOptions {
            runs: 100,
            ..RandomOptions::default()
        },
        &mut |_| {},
    );
    assert!(r.passed(), "{r:?}");
    assert_eq!(r.endings.values().sum::<u32>(), 100);

    let soft = story("cli/softlock");
    let q = quicktest(&soft, QuickOptions::default(), &mut |_, _| {});
    assert_eq!(
        (q.unreached_passages, q.unreached_endings),
        (vec!["a.vault".to_owned()], vec!["rich".to_owned()])
    );
    let r = randomtest(&soft, RandomOptions::default(), &mut |_| {});
    let stuck = &r.softlocks[0];
    // The least-used bias alternates the two first choices exactly.
    assert_eq!((stuck.passage.as_str(), stuck.count), ("a.shop", 500));
}

#[test]
fn shipped_story_checks_without_warnings() {
    let all: Vec<String> = load_dir(&story_dir())
        .diagnostics
        .iter()
        .map(|d| format!("story/{d}"))
        .collect();
    assert!(
        all.is_empty(),
        "`story check story` must be clean:\n{}",
        all.join("\n")
    );
}

// The shipped story's quicktest (abstract proof + witness runs) runs in release as a stage of
// `cargo xtask test` (`xtask/src/stages.rs`): in debug the proof alone takes half a minute.

#[test]
fn randomtest_reports_the_same_on_one_thread_or_many() {
    // 2,000 runs are four lanes: merged in seed order, the report must not see the threads.
    let story = crate::support::story("storylets");
    let report = |threads| {
        let opts = RandomOptions {
            runs: 2000,
            seed: 7,
            threads,
            ..RandomOptions::default()
        };
        randomtest(&story, opts, &mut |_| {})
    };
    let one = report(1);
    assert_eq!(one.lengths.len(), 2000);
    assert_eq!(report(3), one);
    assert_eq!(report(0), one);
}

#[test]
fn shipped_story_randomtest_finds_no_softlock_or_error() {
    let story = shipped();
    let opts = RandomOptions {
        runs: 1000,
        ..RandomOptions::default()
    };
    let r = randomtest(&story, opts, &mut |_| {});
    let problems: Vec<String> = r
        .softlocks
        .iter()
        .chain(&r.errors)
        .map(|f| {
            let choices: Vec<String> = f
                .first
                .choices
                .iter()
                .map(|c| (c + 1).to_string())
                .collect();
            format!(
                "{} at {} in {} run(s); replay: story play story --seed {} --choices {}",
                f.message,
                f.passage,
                f.count,
                f.first.seed,
                choices.join(",")
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "randomtest on story/:\n{}",
        problems.join("\n")
    );
}

/// The diagnostics table of `story/README.md` (the one reference writers read) lists every code
/// the engine has, and no other.
#[test]
fn readme_lists_every_diagnostic_code() {
    let readme = std::fs::read_to_string(story_dir().join("README.md")).expect("story/README.md");
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split(' ').next())
        .filter(|c| c.len() == 4 && (c.starts_with('E') || c.starts_with('W')))
        .collect();
    let codes: Vec<&str> = story_engine::Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, codes, "story/README.md#diagnostics is out of date");
}

/// One ```` ```json ```` snippet of AUTHORING.md's tutorial and the marker line before it:
/// `<!-- tutorial: create FILE -->` (the snippet is the whole file) or
/// `<!-- tutorial: FILE POINTER -->` (merged into the JSON value at that pointer).
struct Snippet {
    file: String,
    pointer: Option<String>,
    json: String,
}

/// The tutorial's snippets in order. Panics (the test fails) on a ```` ```json ```` block
/// without its marker, so no snippet the page shows escapes the test.
fn tutorial_snippets(doc: &str) -> Vec<Snippet> {
    let start = doc
        .find("\n## Tutorial")
        .expect("AUTHORING.md has a tutorial");
    let section = &doc[start + 1..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut out = Vec::new();
    let mut marker: Option<&str> = None;
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if let Some(m) = line.strip_prefix("<!-- tutorial: ") {
            marker = Some(m.trim_end_matches("-->").trim());
        } else if line == "```json" {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            let m = marker
                .take()
                .unwrap_or_else(|| panic!("a tutorial snippet has no marker:\n{}", body[0]));
            let (file, pointer) = match m.split_once(' ') {
                Some(("create", file)) => (file, None),
                Some((file, pointer)) => (file, Some(pointer.to_owned())),
                None => panic!("bad tutorial marker `{m}`"),
            };
            out.push(Snippet {
                file: file.to_owned(),
                pointer,
                json: body.join("\n"),
            });
        }
    }
    out
}

/// Merges a snippet into a file as a writer would: object members are added (or merged into
/// the member of that name), list items that are new are inserted after the item the snippet
/// shows before them, and a single value is appended to a list.
fn merge(into: &mut serde_json::Value, add: serde_json::Value) {
    use serde_json::Value;
    match (into, add) {
        (Value::Object(into), Value::Object(add)) => {
            for (k, v) in add {
                match into.get_mut(&k) {
                    Some(old) => merge(old, v),
                    None => {
                        into.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(add)) => {
            let mut after = None;
            for v in add {
                let at = match into.iter().position(|x| *x == v) {
                    Some(at) => at,
                    None => {
                        let at = after.map_or(into.len(), |a: usize| a + 1);
                        into.insert(at, v);
                        at
                    }
                };
                after = Some(at);
            }
        }
        (Value::Array(into), add) => into.push(add),
        (into, add) => *into = add,
    }
}

/// AUTHORING.md's tutorial, applied step by step to a copy of `story/`, does what the page
/// says: `story check` is clean, `story path` reaches every ending it adds, and every storylet
/// it adds is drawn (the route replays into it, inside the draw's tunnel).
#[test]
fn tutorial_snippets_apply_to_the_shipped_story() {
    use serde_json::Value;
    let doc = std::fs::read_to_string(story_dir().join("../AUTHORING.md")).expect("AUTHORING.md");
    let snippets = tutorial_snippets(&doc);
    let mut files: std::collections::BTreeMap<String, Value> = std::fs::read_dir(story_dir())
        .expect("story/")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let text = std::fs::read_to_string(story_dir().join(&name)).ok()?;
            Some((name.clone(), serde_json::from_str(&text).ok()?))
        })
        .collect();
    let shipped_files = files.clone();
    for s in &snippets {
        let trimmed = s.json.trim().trim_end_matches(',');
        let text = if trimmed.starts_with('"') {
            format!("{{{trimmed}}}")
        } else {
            trimmed.to_owned()
        };
        let value: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("snippet for {} is not JSON ({e}):\n{}", s.file, s.json));
        match &s.pointer {
            None => {
                files.insert(s.file.clone(), value);
            }
            Some(pointer) => {
                let pointer = pointer.trim_end_matches('/');
                let target = files
                    .get_mut(&s.file)
                    .and_then(|f| f.pointer_mut(pointer))
                    .unwrap_or_else(|| panic!("no `{pointer}` in {} for:\n{}", s.file, s.json));
                merge(target, value);
            }
        }
    }
    let loaded = {
        let read = |path: &str| Ok::<_, ()>(files.get(path).map(|f| f.to_string().into_bytes()));
        let (manifest, chapters) = story_engine::read_source_bytes(read).expect("story.json");
        story_engine::load_bytes(&manifest, &chapters)
    };
    let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        all.is_empty(),
        "after the tutorial, `story check` must be clean:\n{}",
        all.join("\n")
    );
    let story = loaded.story.expect("a clean story loads");

    // What the tutorial adds, read from the files rather than from the page's words.
    let added = |file: &str, pointer: &str| -> Vec<String> {
        let keys = |files: &std::collections::BTreeMap<String, Value>| -> Vec<String> {
            files
                .get(file)
                .and_then(|f| f.pointer(pointer)?.as_object().cloned())
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let before = keys(&shipped_files);
        keys(&files)
            .into_iter()
            .filter(|k| !before.contains(k))
            .collect()
    };
    let endings = added("story.json", "/endings");
    let variables = added("story.json", "/variables");
    let pooled = |files: &std::collections::BTreeMap<String, Value>| -> Vec<String> {
        let chapter = |f: &Value| -> Vec<String> {
            let id = f["id"].as_str().unwrap_or_default();
            f["passages"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter(|(_, p)| p.get("pool").is_some())
                        .map(|(k, _)| format!("{id}.{k}"))
                        .collect()
                })
                .unwrap_or_default()
        };
        files.values().flat_map(chapter).collect()
    };
    let before = pooled(&shipped_files);
    let storylets: Vec<String> = pooled(&files)
        .into_iter()
        .filter(|s| !before.contains(s))
        .collect();
    assert!(
        !endings.is_empty() && !variables.is_empty() && !storylets.is_empty(),
        "the tutorial adds an ending ({endings:?}), a variable ({variables:?}) and storylets \
         ({storylets:?})"
    );

    // `story path`'s search from the start, with the seeds it tries (bounded: act I's
    // states up to the new scene are about 20,000), and its list replayed as
    // `story play --seed … --choices …` does.
    let route_to = |goal: &str| {
        let route = story_engine::route_from_start(&story, 0, goal, 16, 60_000)
            .expect("starts")
            .unwrap_or_else(|| panic!("`story path story {goal}` finds no route"));
        story_engine::play_route(&story, &route)
            .unwrap_or_else(|e| panic!("the route to {goal} fails: {e}"))
    };
    for ending in &endings {
        let end = route_to(ending);
        let view = story_engine::view(&story, &end).expect("views");
        assert_eq!(view.ending.map(|e| e.id), Some(ending.clone()));
    }
    for storylet in &storylets {
        let end = route_to(storylet);
        assert_eq!(end.passage(), storylet);
        assert!(end.depth() > 0, "{storylet} was entered, but not by a draw");
    }
}

#[test]
fn a_route_reaches_passages_past_the_search_by_random_runs() {
    let story = shipped();
    // One seed and 1,000 states: the breadth-first search cannot reach act III, so the route
    // comes from the random runs, and replays to the passage.
    for goal in ["leaving.review_meeting", "top_floor"] {
        let route = story_engine::route_from_start(&story, 0, goal, 1, 1_000)
            .expect("starts")
            .unwrap_or_else(|| panic!("no route to {goal}"));
        let end = story_engine::play_route(&story, &route).expect("the route replays");
        let view = story_engine::view(&story, &end).expect("views");
        assert!(
            end.passage() == goal || view.ending.is_some_and(|e| e.id == goal),
            "the route to {goal} ends at {}",
            end.passage()
        );
    }
    let nowhere = story_engine::route_from_start(&story, 0, "no.such_passage", 1, 1_000);
    assert_eq!(nowhere.expect("starts"), None);
}

#[test]
fn a_route_search_ends_on_a_story_that_loops_forever() {
    let file = |path: &str, text: &str| story_engine::SourceFile {
        path: path.into(),
        text: text.into(),
    };
    let manifest = file(
        "story.json",
        r#"{ "format": 1, "id": "ring", "title": "Ring", "version": "1", "start": "r.a",
             "chapters": ["r.json"], "endings": { "out": { "title": "Out" } } }"#,
    );
    // `a` and `b` lead only to each other; `c` is never reached and the ending is never met.
    let chapter = file(
        "r.json",
        r#"{ "id": "r", "title": "R", "passages": {
             "a": { "text": "A.", "choices": [{ "text": "To b.", "goto": "b" }] },
             "b": { "text": "B.", "choices": [{ "text": "To a.", "goto": "a" }] },
             "c": { "text": "C.", "ending": "out" } } }"#,
    );
    let loaded = story_engine::load(&manifest, &[chapter]);
    let story = loaded.story.expect("the ring loads (with warnings)");
    let found = story_engine::route_from_start(&story, 0, "r.c", 1, 100).expect("starts");
    assert_eq!(found, None);
}
