//! The Managed Shitty Services player: a Yew app over the `story_engine` crate.
//!
//! The app owns no story logic. It embeds the core of the story compiled at build time
//! (`story_data`), asks the engine to decode it, fetches the rest of its prose (`prose`), keeps the player's [`game::Game`] in a reducer, and renders the engine's plain-data
//! views as DOM. Everything that touches the browser (storage, focus, keys, files, the panic
//! panel) lives at the edge: in `effects`, `app`, `storage`, `files` and `fatal`.
//!
//! The crate builds two pages: the player's (`index.html`) and, with the feature `author`, the
//! author page (`author.html`), which adds `author` mode and everything it needs.

pub mod app;
#[cfg(feature = "author")]
pub mod author;
pub mod components;
pub mod effects;
pub mod fatal;
pub mod files;
pub mod game;
pub mod keys;
pub mod marks;
pub mod player;
pub mod prose;
pub mod run;
pub mod saves;
pub mod settings;
pub mod shared;
pub mod storage;
pub mod story_data;
#[cfg(test)]
mod tidy;

pub use app::{App, AppProps};
