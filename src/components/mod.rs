//! The app's views. Each takes plain data and callbacks; only `Player` owns game state. A view
//! that needs no hook is a plain function returning `Html`, not a component: every component
//! type costs the page its own copy of Yew's lifecycle code (2–9 KB of wasm).

pub mod chart;
pub mod choices;
pub mod confirm;
pub mod failure;
pub mod gallery;
pub mod markup;
pub mod messages;
pub mod passage;
pub mod problems;
pub mod report;
pub mod saves;
pub mod settings;
pub mod sheet;
pub mod stats;
pub mod toolbar;
pub mod transcript;
pub mod watch;
