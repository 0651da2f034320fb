//! The app's view components. Each takes plain data and callbacks as props; only `Player` owns
//! game state.

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
