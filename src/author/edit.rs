//! Author-mode changes to the game, as pure functions: continue from a state the author tools
//! made (a jump, an edited variable), and carry the player's place into a reloaded story.
//! Not here: the components that ask for them, or any rule of play (the engine's `author` API
//! makes the states; this only puts them into the [`Game`]).

use std::rc::Rc;

use story_engine::{MigrateError, State, Story};

use crate::game::Game;
use crate::run::series;
use crate::shared::Shared;

/// A change the author tools ask the game reducer for (`Action::Author`).
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Continue from `state` of `story` (after a jump or an edited variable); undo goes back to
    /// before it. Ignored if the game has since moved to another story.
    State {
        /// The story the state was made for.
        story: Shared<Story>,
        /// The new state.
        state: Box<State>,
    },
    /// Play another story (loaded from disk) from a state carried over with [`carry`].
    Story {
        /// The new story.
        story: Shared<Story>,
        /// Where to continue.
        state: Box<State>,
        /// True when the player kept their place (then the run's record is kept too, if the
        /// charted stats are the same).
        kept: bool,
        /// When, in milliseconds since the epoch.
        at: f64,
    },
}

/// The game after `edit`. A stale edit gives back the same `Rc`, so Yew skips the render.
pub fn apply(game: Rc<Game>, edit: Edit) -> Rc<Game> {
    match edit {
        Edit::State { story, state } => {
            if !Rc::ptr_eq(&story.0, &game.story) {
                return game;
            }
            game.stepped(*state, game.run.clone())
        }
        Edit::Story {
            story,
            state,
            kept,
            at,
        } => {
            let run = (kept && game.run.series == series(&story)).then(|| game.run.clone());
            game.succeeded_by(Game::resume(story.0, *state, run, at))
        }
    }
}

/// Where play goes on in a reloaded story.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    /// The state to continue from.
    pub state: State,
    /// True if the player kept their place.
    pub kept: bool,
    /// Why the place was lost, for the author.
    pub notice: Option<String>,
}

/// Carries `state` of `old` into `new` with the engine's [`story_engine::migrate`] (the same
/// migration as a saved game: start values for new variables, unknown ones dropped, renamed
/// passages followed). If the place cannot be kept (its passage is gone, or the story is
/// another one), the new story starts from its start with `seed`, and `notice` says why.
pub fn carry(old: &Story, state: &State, new: &Story, seed: u64) -> Result<Carried, String> {
    match story_engine::migrate(old, state, new) {
        Ok(state) => Ok(Carried {
            state,
            kept: true,
            notice: None,
        }),
        Err(why) => {
            let state = story_engine::start(new, seed)
                .map_err(|e| format!("the new story cannot start: {e}"))?;
            Ok(Carried {
                state,
                kept: false,
                notice: Some(format!(
                    "{}, so the new story starts from its start",
                    lost(&why)
                )),
            })
        }
    }
}

/// Why the player's place was lost, said to the author.
fn lost(why: &MigrateError) -> String {
    match why {
        MigrateError::PassageGone(p) => format!(
            "the place you were at is at passage `{p}`, which this version of the story no longer has"
        ),
        MigrateError::OtherStory { from, to } => {
            format!("the place you were at belongs to story `{from}`, not `{to}`")
        }
        MigrateError::Unsaveable(e) => format!("the place you were at could not be kept ({e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::fixtures::story;
    use story_engine::Value;

    #[test]
    fn a_reload_keeps_the_place_and_migrates_variables() {
        let old = story("t", &["hub", "side", "end"], r#""n": {"kind": "counter"}"#);
        let new = story(
            "t",
            &["hub", "side"],
            r#""m": {"kind": "counter", "start": 4}"#,
        );
        let at_side =
            story_engine::jump(&old, &story_engine::start(&old, 1).unwrap(), "a.side").unwrap();
        let carried = carry(&old, &at_side, &new, 1).unwrap();
        assert!(carried.kept && carried.notice.is_none());
        assert_eq!(carried.state.passage(), "a.side");
        assert_eq!(carried.state.value("n"), None, "unknown variable dropped");
        assert_eq!(
            carried.state.value("m"),
            Some(&Value::Int(4)),
            "new one at its start"
        );
    }

    #[test]
    fn a_lost_passage_or_another_story_starts_over_and_says_why() {
        let old = story("t", &["hub", "side", "end"], "");
        let at_end =
            story_engine::jump(&old, &story_engine::start(&old, 1).unwrap(), "a.end").unwrap();
        let new = story("t", &["hub", "side"], "");
        let carried = carry(&old, &at_end, &new, 1).unwrap();
        assert!(!carried.kept);
        assert_eq!(carried.state.passage(), "a.hub");
        assert_eq!(
            carried.notice.as_deref(),
            Some("the place you were at is at passage `a.end`, which this version of the story no longer has, so the new story starts from its start")
        );
        let other = story("u", &["hub"], "");
        let carried = carry(&old, &at_end, &other, 1).unwrap();
        assert!(!carried.kept);
        assert!(carried.notice.unwrap().contains("`t`, not `u`"));
    }

    #[test]
    fn edits_move_on_with_undo_and_stale_ones_do_nothing() {
        let s = Rc::new(story("t", &["hub", "side"], ""));
        let game = Rc::new(Game::new(s.clone(), 1, 0.0).unwrap());
        let jumped = story_engine::jump(&s, &game.state, "a.side").unwrap();
        let edit = Edit::State {
            story: Shared(s.clone()),
            state: Box::new(jumped.clone()),
        };
        let after = apply(game.clone(), edit);
        assert_eq!(after.state, jumped);
        assert_eq!(after.generation, 1);
        assert_eq!(after.history.len(), 1, "undo goes back to before the jump");
        let other = Shared(Rc::new(story("t", &["hub", "side"], "")));
        let stale = Edit::State {
            story: other.clone(),
            state: Box::new(jumped),
        };
        assert!(Rc::ptr_eq(&apply(after.clone(), stale.clone()), &after));
        let start = story_engine::start(&other, 1).unwrap();
        let swapped = apply(
            after,
            Edit::Story {
                story: other.clone(),
                state: Box::new(start.clone()),
                kept: true,
                at: 0.0,
            },
        );
        assert!(Rc::ptr_eq(&swapped.story, &other.0));
        assert_eq!((swapped.state.clone(), swapped.generation), (start, 2));
        assert!(
            swapped.history.is_empty(),
            "undo never crosses into the old story"
        );
    }
}
