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

#[cfg(feature = "front")]
mod front;
// Some runtime items exist for the front end and the tools (spans, static analysis helpers,
// forced draws); in the runtime-only build they are unused, and that is expected.
#[cfg_attr(not(feature = "tools"), allow(dead_code))]
mod runtime;
#[cfg(feature = "tools")]
mod tools;

#[cfg(feature = "front")]
pub use front::diag::{Code, Diagnostic, Severity};
#[cfg(feature = "front")]
pub use front::encode::{encode, encode_split, EncodeError};
#[cfg(feature = "fuzzing")]
pub use front::load::fuzz::{fuzz_expression, fuzz_markup};
#[cfg(feature = "front")]
pub use front::load::{
    chapter_paths, load, load_bytes, read_source_bytes, Loaded, SourceBytes, SourceFile,
};
#[cfg(feature = "schema")]
pub use front::schema::{schema, SchemaKind};
#[cfg(feature = "snippets")]
pub use front::snippet::render as render_diagnostic;
pub use runtime::compiled::{decode, fingerprint, DecodeError, COMPILED_FORMAT};
pub use runtime::error::{PlayError, MAX_DEPTH, STEP_BUDGET};
pub use runtime::inline::Inline;
pub use runtime::migrate::{migrate, MigrateError};
pub use runtime::model::{
    Achievement, Act, Chapter, Display, Ending, Progress, Story, VarKind, Variable,
};
pub use runtime::play::{choose, start};
pub use runtime::replay::{Replay, ReplayError, LINK_FORMAT, MAX_LINK_CHARS, MAX_LINK_CHOICES};
pub use runtime::save::{restore, save, History, SaveError, MAX_SAVE_BYTES, SAVE_FORMAT};
pub use runtime::shown::{shown, shown_as, Shown};
pub use runtime::state::{State, Value};
pub use runtime::view::{epilogue, view, ChoiceView, EndingView, View};
#[cfg(feature = "tools")]
pub use tools::author::{
    edges, jump, parse_value, passages, set_var, Edge, EdgeKind, PassageInfo, SetError,
};
#[cfg(feature = "tools")]
pub use tools::graph::{dot, mermaid};
#[cfg(feature = "tools")]
pub use tools::quicktest::{
    path_to, play_route, quicktest, route_from_start, Alarm, Finding, Outcome, Proof, QuickOptions,
    QuickReport, Route,
};
#[cfg(feature = "tools")]
pub use tools::randomtest::{length_summary, randomtest, RandomOptions, RandomReport, RunFinding};
#[cfg(feature = "tools")]
pub use tools::stats::{stats, ChapterStats, Stats};
#[cfg(feature = "tools")]
pub use tools::transcript::{transcript, transcript_with, write_view};
#[cfg(feature = "tools")]
pub use tools::walk::{random_walk, Walk, WalkEnd};
