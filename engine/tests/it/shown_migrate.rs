//! Two runtime rules the app relies on: which variables the player sees (`shown`), and carrying
//! a state into an edited story (`migrate`, the author page's reload) with a typed answer.

use story_engine::{
    jump, load, migrate, shown_as, start, MigrateError, Shown, SourceFile, Story, Value,
};

/// A one-chapter story `id` with `passages` (each an ending) and the declared `vars` (JSON).
fn story(id: &str, passages: &[&str], vars: &str) -> Story {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: format!(
            r#"{{"format": 1, "id": "{id}", "title": "T", "version": "1", "start": "a.{}",
            "chapters": ["a.json"], "endings": {{"e": {{"title": "E"}}}},
            "variables": {{{vars}}}}}"#,
            passages[0]
        ),
    };
    let body: Vec<String> = passages
        .iter()
        .map(|p| format!(r#""{p}": {{"text": "{p}.", "ending": "e"}}"#))
        .collect();
    let chapter = SourceFile {
        path: "a.json".into(),
        text: format!(
            r#"{{"id": "a", "title": "A", "passages": {{{}}}}}"#,
            body.join(",")
        ),
    };
    load(&manifest, &[chapter]).story.expect("loads")
}

#[test]
fn only_declared_visible_stats_and_labelled_counters_are_shown() {
    let story = story(
        "t",
        &["x"],
        r#""stress": {"kind": "stat", "label": "Stress"},
           "secret": {"kind": "stat", "display": "hidden"},
           "tickets": {"kind": "counter", "label": "Tickets"},
           "steps": {"kind": "counter"},
           "met": {"kind": "flag"}"#,
    );
    let names = |how| {
        shown_as(&story, how)
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(Shown::Stat), ["stress"]);
    assert_eq!(names(Shown::Counter), ["tickets"]);
}

#[test]
fn a_place_is_kept_with_variables_migrated_or_refused_with_a_reason() {
    let old = story("t", &["x", "y"], r#""n": {"kind": "counter"}"#);
    let new = story("t", &["x"], r#""m": {"kind": "counter", "start": 4}"#);
    let at_x = start(&old, 1).unwrap();
    let carried = migrate(&old, &at_x, &new).unwrap();
    assert_eq!(carried.passage(), "a.x");
    assert_eq!(carried.value("n"), None);
    assert_eq!(carried.value("m"), Some(&Value::Int(4)));

    let at_y = jump(&old, &at_x, "a.y").unwrap();
    assert_eq!(
        migrate(&old, &at_y, &new),
        Err(MigrateError::PassageGone("a.y".into()))
    );
    let other = story("u", &["x"], "");
    assert_eq!(
        migrate(&old, &at_x, &other),
        Err(MigrateError::OtherStory {
            from: "t".into(),
            to: "u".into()
        })
    );
}
