//! The player's game as a Yew reducer: the loaded story, the engine state, and what went wrong
//! last. Pure: no DOM, no storage — those are effects in `app`.

use std::rc::Rc;

use story_engine::{State, Story};
use yew::Reducible;

/// What the player can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Take the choice at this index of the current view.
    Choose(usize),
    /// Start a new run from the story's first passage.
    Restart,
}

/// One playthrough of a loaded story.
#[derive(Debug, Clone)]
pub struct Game {
    /// The story being played; shared, never changed.
    pub story: Rc<Story>,
    /// Where the player is.
    pub state: State,
    /// The seed the run started from (restart reuses it, so `?seed=` runs stay reproducible).
    pub seed: u64,
    /// A runtime error from the engine, shown instead of the passage.
    pub error: Option<String>,
}

impl Game {
    /// Starts a run of `story` with `seed`, or says why the story cannot even begin.
    pub fn new(story: Rc<Story>, seed: u64) -> Result<Game, String> {
        let state = story_engine::start(&story, seed).map_err(|err| err.to_string())?;
        Ok(Game {
            story,
            state,
            seed,
            error: None,
        })
    }
}

/// Two games are equal when they play the same story object to the same state, so Yew can skip
/// re-rendering after a no-op; comparing whole stories would cost more than the render.
impl PartialEq for Game {
    fn eq(&self, other: &Game) -> bool {
        Rc::ptr_eq(&self.story, &other.story)
            && self.state == other.state
            && self.seed == other.seed
            && self.error == other.error
    }
}

impl Reducible for Game {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Choose(index) => match story_engine::choose(&self.story, &self.state, index) {
                Ok(state) => Rc::new(Game {
                    state,
                    error: None,
                    ..(*self).clone()
                }),
                Err(err) => Rc::new(Game {
                    error: Some(err.to_string()),
                    ..(*self).clone()
                }),
            },
            Action::Restart => match Game::new(self.story.clone(), self.seed) {
                Ok(game) => Rc::new(game),
                Err(error) => Rc::new(Game {
                    error: Some(error),
                    ..(*self).clone()
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game() -> Rc<Game> {
        let story = crate::story_data::load()
            .story
            .expect("the shipped story loads");
        Rc::new(Game::new(Rc::new(story), 7).expect("the story starts"))
    }

    fn first_enabled(game: &Game) -> usize {
        let view = story_engine::view(&game.story, &game.state).expect("a view");
        view.choices
            .iter()
            .position(|c| c.enabled)
            .expect("an enabled choice")
    }

    #[test]
    fn choosing_moves_on_and_restart_comes_back() {
        let start = game();
        let index = first_enabled(&start);
        let moved = start.clone().reduce(Action::Choose(index));
        assert_ne!(moved.state, start.state);
        assert_eq!(moved.error, None);
        let restarted = moved.reduce(Action::Restart);
        assert_eq!(restarted.state, start.state);
    }

    #[test]
    fn a_stale_choice_is_an_error_and_keeps_the_state() {
        let start = game();
        let after = start.clone().reduce(Action::Choose(999));
        assert_eq!(after.state, start.state);
        assert!(after.error.is_some());
    }
}
