//! Automated play for story tests: a seeded random walk that reports where it went and how it
//! stopped. The building block of `story randomtest` and of test suites over shipped stories.
//!
//! Uses only the public play API, so what it finds is exactly what a player would meet.

use crate::runtime::error::PlayError;
use crate::runtime::model::Story;
use crate::runtime::play::{choose, start};
use crate::runtime::state::{Rng, State};
use crate::runtime::view::view;

/// How a walk stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkEnd {
    /// Reached an ending (its id).
    Ending(String),
    /// A passage with no enabled choice and no ending: the player is stuck.
    Stuck(String),
    /// Still going after the turn limit.
    TurnLimit,
    /// Play failed (a loop, a tunnel too deep, division by zero…).
    Error(PlayError),
}

/// One seeded random playthrough.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    /// Every passage shown, in order (automatic moves in between are not listed).
    pub passages: Vec<String>,
    /// How it stopped.
    pub end: WalkEnd,
    /// The last state reached.
    pub state: Option<State>,
}

/// Plays from the start with `seed`, picking uniformly among enabled choices, for at most
/// `max_turns` choices.
pub fn random_walk(story: &Story, seed: u64, max_turns: u32) -> Walk {
    let mut rng = Rng(seed ^ 0xA5A5_A5A5_A5A5_A5A5);
    let mut passages = Vec::new();
    let mut state = match start(story, seed) {
        Ok(s) => s,
        Err(e) => {
            return Walk {
                passages,
                end: WalkEnd::Error(e),
                state: None,
            }
        }
    };
    for _ in 0..max_turns {
        let v = match view(story, &state) {
            Ok(v) => v,
            Err(e) => {
                return Walk {
                    passages,
                    end: WalkEnd::Error(e),
                    state: Some(state),
                }
            }
        };
        passages.push(v.passage.clone());
        if let Some(e) = v.ending {
            return Walk {
                passages,
                end: WalkEnd::Ending(e.id),
                state: Some(state),
            };
        }
        let enabled: Vec<usize> = v
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.enabled)
            .map(|(i, _)| i)
            .collect();
        if enabled.is_empty() {
            return Walk {
                passages,
                end: WalkEnd::Stuck(v.passage),
                state: Some(state),
            };
        }
        let pick = enabled[rng.below(enabled.len() as u64) as usize];
        state = match choose(story, &state, pick) {
            Ok(s) => s,
            Err(e) => {
                return Walk {
                    passages,
                    end: WalkEnd::Error(e),
                    state: Some(state),
                }
            }
        };
    }
    Walk {
        passages,
        end: WalkEnd::TurnLimit,
        state: Some(state),
    }
}
