//! The app's view components. Each takes plain data and callbacks as props; only `App` owns
//! state.

pub mod choices;
pub mod markup;
pub mod passage;
pub mod problems;
