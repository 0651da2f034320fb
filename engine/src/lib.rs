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

mod author;
mod diag;
mod expr;
mod graph;
mod jsonpos;
mod load;
mod markup;
mod model;
mod play;
mod quicktest;
mod randomtest;
mod raw;
mod rules;
mod save;
#[cfg(feature = "schema")]
mod schema;
mod snippet;
mod state;
mod stats;
mod transcript;
mod view;
mod walk;

pub use author::{
    edges, jump, parse_value, passages, set_var, Edge, EdgeKind, PassageInfo, SetError,
};
pub use diag::{Code, Diagnostic, Severity};
pub use graph::{dot, mermaid};
pub use load::{chapter_paths, load, read_sources, Loaded, SourceFile};
pub use model::{Achievement, Chapter, Display, Ending, Story, VarKind, Variable};
pub use play::{choose, start, PlayError, MAX_DEPTH, STEP_BUDGET};
pub use quicktest::{path_to, quicktest, Finding, Outcome, QuickOptions, QuickReport};
pub use randomtest::{length_summary, randomtest, RandomOptions, RandomReport, Replay, RunFinding};
pub use save::{restore, save, History, SaveError, MAX_SAVE_BYTES, SAVE_FORMAT};
#[cfg(feature = "schema")]
pub use schema::{schema, SchemaKind};
pub use snippet::render as render_diagnostic;
pub use state::{State, Value};
pub use stats::{stats, ChapterStats, Stats};
pub use transcript::{transcript, transcript_with, write_view};
pub use view::{view, ChoiceView, EndingView, Inline, View};
pub use walk::{random_walk, Walk, WalkEnd};
