//! The narrative engine of a data-driven text adventure: story format v1 (JSON manifest plus
//! chapter files), loading with diagnostics, pure play functions, saves and undo.
//!
//! **Architecture invariant:** no IO, no clock, no global randomness, no UI types. Loading turns
//! text into a validated [`Story`] (or diagnostics); play is `start` / `view` / `choose` over a
//! small serializable [`State`], which is also the save payload.
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

mod diag;
mod expr;
mod jsonpos;
mod load;
mod markup;
mod model;
mod play;
mod raw;
mod rules;
mod save;
mod state;
mod stats;
mod view;
mod walk;

pub use diag::{Code, Diagnostic, Severity};
pub use load::{chapter_paths, load, Loaded, SourceFile};
pub use model::{Achievement, Chapter, Display, Ending, Story, VarKind, Variable};
pub use play::{choose, start, PlayError, MAX_DEPTH, STEP_BUDGET};
pub use save::{restore, save, History, SaveError, MAX_SAVE_BYTES, SAVE_FORMAT};
pub use state::{State, Value};
pub use stats::{stats, ChapterStats, Stats};
pub use view::{view, ChoiceView, EndingView, Inline, View};
pub use walk::{random_walk, Walk, WalkEnd};
