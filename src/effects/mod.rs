//! The browser edge of the app: everything that touches storage, files, timers, focus and the
//! keyboard, as Yew hooks and event handlers that `Player` wires up. Nothing here decides a rule
//! of the game; the reducer (`game`) and the engine do.
//!
//! - `hooks` — autosave, the gallery, focus after a move, messages that go away by themselves;
//! - `keyboard` — the document's key listener (the mapping itself is pure, in `keys`);
//! - `saves` — the saves panel's handlers: slots, export, import, the transcript download;
//! - `persist` — asking the browser to keep the saves, and what it answered;
//! - `share` — copying a replay link and the page's address without its query;
//! - `author` (feature `author`) — the author tools' remembered toggle and stories read from disk.

#[cfg(feature = "author")]
pub mod author;
pub mod hooks;
pub mod keyboard;
pub mod persist;
pub mod saves;
pub mod share;
