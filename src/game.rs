//! The player's game as a Yew reducer: the loaded story, the engine state, the undo history,
//! the run's record and what went wrong last. Pure: no DOM, no storage, no clock — the time of
//! an action comes in with the action, and storage, focus and timers are effects in `player`.

use std::rc::Rc;

use story_engine::{History, Inline, PlayError, Replay, State, Story, View};
use yew::Reducible;

use crate::run::Run;

/// How many moves undo can walk back.
pub const UNDO_DEPTH: usize = 100;

/// What the player can do. `at` is the time of the action in milliseconds since the epoch.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Take the choice at this index of the current view.
    Choose {
        /// Index into the view's choices.
        index: usize,
        /// When.
        at: f64,
    },
    /// A number key: take the n-th choice (1-based) if it exists and is enabled, else nothing.
    Pick {
        /// The number pressed.
        number: usize,
        /// When.
        at: f64,
    },
    /// Go back to the state before the last choice.
    Undo,
    /// Forget the last error (the state is unchanged by a failed choice).
    Dismiss,
    /// Start a new run from the story's first passage.
    Restart {
        /// The new run's seed.
        seed: u64,
        /// When.
        at: f64,
    },
    /// Continue from a save that was already validated.
    Load {
        /// The saved state, migrated to this story.
        state: Box<State>,
        /// The saved run record.
        run: Box<Run>,
        /// When.
        at: f64,
    },
    /// The rest of the story's prose arrived: show the passage that was waiting for it.
    Refresh,
    /// Author mode: a jump, an edited variable or a story loaded from disk.
    #[cfg(feature = "author")]
    Author(crate::author::Edit),
}

/// One playthrough of a loaded story.
#[derive(Debug, Clone)]
pub struct Game {
    /// The story being played; shared, never changed.
    pub story: Rc<Story>,
    /// Where the player is.
    pub state: State,
    /// The states before each choice, for undo.
    pub history: History,
    /// Transcript, stats per turn and play time.
    pub run: Run,
    /// A runtime error from the engine, shown with the ways out.
    pub error: Option<String>,
    /// Bumped whenever `state` changes, so effects (autosave, focus) can key on one number.
    pub generation: u64,
    /// What the player sees at `state`: computed once per move, read by every component,
    /// effect and save (see [`Game::view`]).
    view: Result<View, PlayError>,
}

impl Game {
    /// Starts a run of `story` with `seed`, or says why the story cannot even begin.
    pub fn new(story: Rc<Story>, seed: u64, at: f64) -> Result<Game, String> {
        let state = story_engine::start(&story, seed).map_err(|err| err.to_string())?;
        Ok(Game::resume(story, state, None, at))
    }

    /// Continues `state`, with the run's record if there is one.
    pub fn resume(story: Rc<Story>, state: State, run: Option<Run>, at: f64) -> Game {
        let view = story_engine::view(&story, &state);
        let run = match run {
            Some(mut run) => {
                run.last_at = Some(at);
                run
            }
            None => Run::begin(&story, &state, view.as_ref().ok(), at),
        };
        Game {
            story,
            state,
            history: History::new(UNDO_DEPTH),
            run,
            error: None,
            generation: 0,
            view,
        }
    }

    /// The game a replay reaches after its first `step` choices, as if the player had made
    /// them at `at`: history, transcript and chart included ("take over from here"). Counts
    /// as a change (generation above 0), so the autosave takes it at once.
    pub fn replayed(
        story: Rc<Story>,
        replay: &Replay,
        step: usize,
        at: f64,
    ) -> Result<Game, String> {
        let mut game = Rc::new(Game::new(story, replay.seed, at)?);
        for &index in replay.choices.iter().take(step) {
            game = game.reduce(Action::Choose { index, at });
            if let Some(error) = &game.error {
                return Err(error.clone());
            }
        }
        let mut game = Rc::unwrap_or_clone(game);
        game.generation += 1;
        Ok(game)
    }

    /// What the player sees now: the engine's view of `state`, computed when `state` was set.
    pub fn view(&self) -> Result<&View, &PlayError> {
        self.view.as_ref()
    }

    /// The game moved on to `state`, whose view is `view`: a new generation without an error.
    /// `run` must already have recorded the move (it is given the view to do so).
    fn changed(
        &self,
        state: State,
        view: Result<View, PlayError>,
        history: History,
        run: Run,
    ) -> Rc<Game> {
        Rc::new(Game {
            story: self.story.clone(),
            state,
            history,
            run,
            error: None,
            generation: self.generation + 1,
            view,
        })
    }

    /// The game moved to `state` by a step that reads a new passage (a choice, an author's
    /// jump): the old state goes on the undo stack and the run records what is shown now.
    pub(crate) fn stepped(&self, state: State, run: Run) -> Rc<Game> {
        let mut history = self.history.clone();
        history.push(self.state.clone());
        let mut run = run;
        let view = story_engine::view(&self.story, &state);
        run.record(&state, view.as_ref().ok());
        self.changed(state, view, history, run)
    }

    /// `next` (a new run, a loaded save, another story) as the next generation of this game.
    pub(crate) fn succeeded_by(&self, next: Game) -> Rc<Game> {
        Rc::new(Game {
            generation: self.generation + 1,
            ..next
        })
    }

    fn failed(&self, error: String) -> Rc<Game> {
        Rc::new(Game {
            error: Some(error),
            ..self.clone()
        })
    }
}

impl Reducible for Game {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Choose { index, at } => {
                let text = self
                    .view()
                    .ok()
                    .and_then(|view| view.choices.get(index).map(|c| Inline::plain(&c.text)));
                match story_engine::choose(&self.story, &self.state, index) {
                    Ok(state) => {
                        let mut run = self.run.clone();
                        run.chose(index, text.unwrap_or_default(), at);
                        self.stepped(state, run)
                    }
                    Err(err) => self.failed(err.to_string()),
                }
            }
            Action::Pick { number, at } => {
                let enabled = number
                    .checked_sub(1)
                    .and_then(|index| Some((index, self.view().ok()?.choices.get(index)?.enabled)));
                match enabled {
                    Some((index, true)) => self.reduce(Action::Choose { index, at }),
                    // A key with no choice behind it does nothing: the same Rc, no render.
                    _ => self,
                }
            }
            Action::Refresh => {
                if !matches!(self.view, Err(PlayError::Pending(_))) {
                    return self;
                }
                let view = story_engine::view(&self.story, &self.state);
                if matches!(view, Err(PlayError::Pending(_))) {
                    return self;
                }
                // The move's record missed the text it could not show; recording the same turn
                // again replaces that record.
                let mut run = self.run.clone();
                run.record(&self.state, view.as_ref().ok());
                self.changed(self.state.clone(), view, self.history.clone(), run)
            }
            Action::Dismiss if self.error.is_none() => self,
            Action::Dismiss => Rc::new(Game {
                error: None,
                ..(*self).clone()
            }),
            Action::Undo => {
                let mut history = self.history.clone();
                match history.undo() {
                    Some(state) => {
                        let mut run = self.run.clone();
                        run.rewind(state.turn());
                        let view = story_engine::view(&self.story, &state);
                        self.changed(state, view, history, run)
                    }
                    // Nothing to undo: the same Rc, so Yew skips the render.
                    None => self,
                }
            }
            Action::Restart { seed, at } => match Game::new(self.story.clone(), seed, at) {
                Ok(game) => self.succeeded_by(game),
                Err(error) => self.failed(error),
            },
            Action::Load { state, run, at } => {
                self.succeeded_by(Game::resume(self.story.clone(), *state, Some(*run), at))
            }
            #[cfg(feature = "author")]
            Action::Author(edit) => crate::author::apply(self, edit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game() -> Rc<Game> {
        let story = crate::story_data::whole();
        Rc::new(Game::new(Rc::new(story), 7, 0.0).expect("the story starts"))
    }

    fn first_enabled(game: &Game) -> usize {
        game.view()
            .expect("a view")
            .choices
            .iter()
            .position(|c| c.enabled)
            .expect("an enabled choice")
    }

    fn choose_first(game: Rc<Game>, at: f64) -> Rc<Game> {
        let index = first_enabled(&game);
        game.reduce(Action::Choose { index, at })
    }

    #[test]
    fn choosing_moves_on_and_restart_comes_back() {
        let start = game();
        let moved = choose_first(start.clone(), 1_000.0);
        assert_ne!(moved.state, start.state);
        assert_eq!(moved.error, None);
        assert_eq!(moved.generation, start.generation + 1);
        let restarted = moved.reduce(Action::Restart { seed: 7, at: 0.0 });
        assert_eq!(restarted.state, start.state);
        assert!(restarted.history.is_empty());
        assert_eq!(restarted.run.transcript.len(), 1);
    }

    #[test]
    fn a_stale_choice_is_an_error_and_keeps_the_state() {
        let start = game();
        let after = start.clone().reduce(Action::Choose {
            index: 999,
            at: 0.0,
        });
        assert_eq!(after.state, start.state);
        assert!(after.error.is_some());
    }

    #[test]
    fn undo_walks_back_state_transcript_and_snapshots() {
        let start = game();
        let one = choose_first(start.clone(), 1_000.0);
        let two = choose_first(one.clone(), 2_000.0);
        assert_eq!(two.run.transcript.len(), 3);
        assert_eq!(two.run.snapshots.len(), 3);
        assert!(two.run.transcript[1].choice.is_some());
        let back = two.reduce(Action::Undo);
        assert_eq!(back.state, one.state);
        assert_eq!(back.run.transcript.len(), 2);
        assert_eq!(back.run.snapshots.len(), 2);
        assert_eq!(back.run.transcript[1].choice, None);
        let back = back.reduce(Action::Undo);
        assert_eq!(back.state, start.state);
        let same = back.clone().reduce(Action::Undo);
        assert!(Rc::ptr_eq(&same, &back), "nothing left to undo is a no-op");
    }

    #[test]
    fn number_keys_take_only_enabled_choices_that_exist() {
        let start = game();
        let view = start.view().expect("a view").clone();
        let beyond = start.clone().reduce(Action::Pick {
            number: view.choices.len() + 1,
            at: 0.0,
        });
        assert!(Rc::ptr_eq(&beyond, &start));
        let zero = start.clone().reduce(Action::Pick { number: 0, at: 0.0 });
        assert!(Rc::ptr_eq(&zero, &start));
        let index = first_enabled(&start);
        let picked = start.clone().reduce(Action::Pick {
            number: index + 1,
            at: 0.0,
        });
        let chosen = start.reduce(Action::Choose { index, at: 0.0 });
        assert_eq!(picked.state, chosen.state);
    }

    #[test]
    fn the_kept_view_is_the_engines_view_after_every_action() {
        let start = game();
        let moved = choose_first(start.clone(), 1_000.0);
        let undone = moved.clone().reduce(Action::Undo);
        let restarted = moved.clone().reduce(Action::Restart { seed: 9, at: 0.0 });
        let loaded = start.clone().reduce(Action::Load {
            state: Box::new(moved.state.clone()),
            run: Box::new(moved.run.clone()),
            at: 0.0,
        });
        for game in [start, moved, undone, restarted, loaded] {
            let fresh = story_engine::view(&game.story, &game.state);
            assert_eq!(game.view(), fresh.as_ref());
        }
    }

    #[test]
    fn the_run_records_what_was_read_and_chosen() {
        let start = game();
        let view = start.view().expect("a view").clone();
        let index = first_enabled(&start);
        let moved = start.reduce(Action::Choose {
            index,
            at: 60_000.0,
        });
        let first = &moved.run.transcript[0];
        assert_eq!(first.paragraphs[0], Inline::plain(&view.paragraphs[0]));
        assert_eq!(
            first.choice.as_deref(),
            Some(Inline::plain(&view.choices[index].text).as_str())
        );
        assert_eq!(moved.run.play_ms, 60_000);
    }

    #[test]
    fn a_run_is_its_seed_and_choices_and_taking_over_rebuilds_it() {
        let start = game();
        let one = choose_first(start.clone(), 1_000.0);
        let two = choose_first(one.clone(), 2_000.0);
        let replay = two.run.replay(&two.state);
        assert_eq!(replay.choices.len(), 2);
        let link = replay.link(&two.story, &two.state).expect("a link");
        let (back, states) = Replay::from_link(&two.story, &link).expect("it replays");
        assert_eq!(states.last(), Some(&two.state));
        let taken = Game::replayed(two.story.clone(), &back, 1, 0.0).expect("takes over");
        assert_eq!(taken.state, one.state);
        assert_eq!(taken.run.choices, one.run.choices);
        assert_eq!(taken.history.len(), 1, "the replayed steps can be undone");
        assert!(taken.generation > 0, "a take-over is saved at once");
        // Undo forgets the choice too, so the link follows the game.
        let undone = two.reduce(Action::Undo);
        assert_eq!(undone.run.choices, one.run.choices);
    }
}
