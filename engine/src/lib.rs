//! The narrative engine of a data-driven text adventure: story format v1 (JSON manifest plus
//! chapter files), loading with diagnostics, pure play functions, saves and undo.
//!
//! **Architecture invariant:** no IO, no clock, no global randomness, no UI types. Loading turns
//! text into a validated [`Story`] (or diagnostics); play is `start` / `view` / `choose` over a
//! small serializable [`State`], which is also the save payload.
//!
//! For authors' tools (the `story` CLI with the `cli` feature, the app's author mode): `jump`,
//! `set_var`, `passages` and `edges` bend play for testing; `quicktest` and `randomtest` play
//! automatically; `dot` / `mermaid` draw the map; `render_diagnostic` shows a diagnostic with its
//! source line; `transcript` is the one plain-text rendering of play; `schema` (feature
//! `schema`) is the JSON Schema of the story files.
//!
//! ```
//! use story_engine::{load, start, view, choose, SourceFile};
//! let manifest = SourceFile { path: "story.json".into(), text: r#"{"format": 1, "id": "demo",
//!     "title": "Demo", "version": "1", "start": "a.hello", "chapters": ["a.json"],
//!     "endings": {"done": {"title": "Done"}}}"#.into() };
//! let chapter = SourceFile { path: "a.json".into(), text: r#"{"id": "a", "title": "A",
//!     "passages": {"hello": {"text": "Hi.", "choices": [{"text": "Bye", "goto": "bye"}]},
//!                  "bye": {"text": "Bye.", "ending": "done"}}}"#.into() };
//! let story = load(&manifest, &[chapter]).story.expect("loads");
//! let state = start(&story, 7).unwrap();
//! assert_eq!(view(&story, &state).unwrap().choices.len(), 1);
//! let state = choose(&story, &state, 0).unwrap();
//! assert_eq!(view(&story, &state).unwrap().ending.unwrap().title, "Done");
//! ```

mod front;
mod runtime;
mod tools;

pub use front::diag::{Code, Diagnostic, Severity};
pub use front::load::{chapter_paths, load, read_sources, Loaded, SourceFile};
#[cfg(feature = "schema")]
pub use front::schema::{schema, SchemaKind};
pub use front::snippet::render as render_diagnostic;
pub use runtime::model::{Achievement, Chapter, Display, Ending, Story, VarKind, Variable};
pub use runtime::play::{choose, start, PlayError, MAX_DEPTH, STEP_BUDGET};
pub use runtime::save::{restore, save, History, SaveError, MAX_SAVE_BYTES, SAVE_FORMAT};
pub use runtime::state::{State, Value};
pub use runtime::view::{view, ChoiceView, EndingView, Inline, View};
pub use tools::author::{
    edges, jump, parse_value, passages, set_var, Edge, EdgeKind, PassageInfo, SetError,
};
pub use tools::graph::{dot, mermaid};
pub use tools::quicktest::{quicktest, Finding, QuickOptions, QuickReport};
pub use tools::randomtest::{
    length_summary, randomtest, RandomOptions, RandomReport, Replay, RunFinding,
};
pub use tools::stats::{stats, ChapterStats, Stats};
pub use tools::transcript::{transcript, transcript_with, write_view};
pub use tools::walk::{random_walk, Walk, WalkEnd};
