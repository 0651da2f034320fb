//! Carrying a player's place into an edited version of the story (author mode reloads a story
//! from disk mid-run): the same migration a saved game gets, with a typed answer. Not here:
//! what the app does when the place is lost (it starts the new story over and says why).

use std::fmt;

use crate::runtime::model::Story;
use crate::runtime::save::{restore, save, SaveError};
use crate::runtime::state::State;

/// Why a state cannot be carried into the new story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrateError {
    /// The new story is another story (its id differs).
    OtherStory {
        /// The id of the story the state belongs to.
        from: String,
        /// The id of the new story.
        to: String,
    },
    /// The new story no longer has this passage (the current one, or one a tunnel returns to).
    PassageGone(String),
    /// The state could not be written as a save at all (it is larger than a save may be).
    Unsaveable(SaveError),
}

impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MigrateError::OtherStory { from, to } => {
                write!(f, "the place belongs to story `{from}`, not `{to}`")
            }
            MigrateError::PassageGone(p) => write!(
                f,
                "the place is at passage `{p}`, which this version of the story no longer has"
            ),
            MigrateError::Unsaveable(e) => write!(f, "the place cannot be carried over: {e}"),
        }
    }
}

impl std::error::Error for MigrateError {}

/// `state` of `old`, migrated to `new` exactly as a save would be: start values for new
/// variables, unknown ones dropped, stats clamped to new ranges, renamed passages followed.
///
/// It goes through the engine's own save and restore on purpose: one migration for saved games
/// and reloaded stories, so they cannot drift apart. The text never leaves the engine.
pub fn migrate(old: &Story, state: &State, new: &Story) -> Result<State, MigrateError> {
    if old.id() != new.id() {
        return Err(MigrateError::OtherStory {
            from: old.id().to_owned(),
            to: new.id().to_owned(),
        });
    }
    restore(new, &save(old, state)).map_err(|error| match error {
        SaveError::UnknownPassage(p) => MigrateError::PassageGone(p),
        other => MigrateError::Unsaveable(other),
    })
}
