//! The runtime layer: what plays a checked story. The validated model, expression evaluation,
//! inline markup rendering, the rules of a move, play, the view, the state, saves and replays.
//!
//! **Layer rule:** nothing here imports `front` or `tools`; the player's page compiles this
//! layer only.

pub(crate) mod compiled;
pub(crate) mod error;
pub(crate) mod expr;
pub(crate) mod inline;
pub mod json;
pub(crate) mod markup;
pub(crate) mod migrate;
pub(crate) mod model;
pub(crate) mod play;
pub(crate) mod replay;
pub(crate) mod rules;
pub(crate) mod save;
pub(crate) mod shown;
pub(crate) mod state;
pub(crate) mod view;
