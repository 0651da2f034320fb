//! Why play could not go on: [`PlayError`] and the limits it names, shared by the rules of a move, play and the view
//! (so none of them imports another for it).

use crate::runtime::expr::EvalError;
use std::fmt;

/// The deepest tunnel nesting allowed.
pub const MAX_DEPTH: usize = 16;
/// Passages entered by one `start` or `choose` before play is declared stuck in a loop.
pub const STEP_BUDGET: u32 = 1000;

/// Why a move could not be made. Messages are lowercase and name the passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayError {
    /// The state names a passage the story does not have (a state from another story).
    UnknownPassage(String),
    /// `choose` got an index past the end of the view's choices (0-based; the message counts
    /// from 1, as players do).
    NoSuchChoice(usize),
    /// `choose` got the index of a locked choice.
    ChoiceDisabled(usize),
    /// An expression failed at run time (division by zero, overflow).
    Eval {
        /// Where it happened.
        passage: String,
        /// What happened.
        message: String,
    },
    /// Automatic moves (fallbacks, returns) went on past [`STEP_BUDGET`].
    StepBudget {
        /// The last passages entered, oldest first.
        trail: Vec<String>,
    },
    /// A `call` or `draw` went deeper than [`MAX_DEPTH`].
    DepthLimit(String),
    /// A `return` outside any tunnel.
    EmptyStack(String),
    /// The passage's prose is in the part of a compiled story that has not been attached yet
    /// (`Story::attach`): play can go on, but there is nothing to show until it arrives.
    Pending(String),
    /// A `draw` found no eligible storylet.
    EmptyPool {
        /// The pool.
        pool: String,
        /// The passage of the choice.
        passage: String,
    },
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlayError::UnknownPassage(p) => write!(f, "unknown passage `{p}`"),
            // The index is 0-based; players and scripts count choices from 1.
            PlayError::NoSuchChoice(i) => write!(f, "there is no choice {}", i + 1),
            PlayError::ChoiceDisabled(i) => write!(f, "choice {} is locked", i + 1),
            PlayError::Eval { passage, message } => write!(f, "{message} (in passage {passage})"),
            PlayError::StepBudget { trail } => write!(
                f,
                "more than {STEP_BUDGET} automatic moves: the story loops without a choice (last: {})",
                trail.join(" → ")
            ),
            PlayError::DepthLimit(p) => {
                write!(f, "tunnels nested deeper than {MAX_DEPTH} (in passage {p})")
            }
            PlayError::Pending(p) => {
                write!(f, "the text of passage {p} has not arrived yet")
            }
            PlayError::EmptyStack(p) => write!(f, "`return` outside any tunnel (in passage {p})"),
            PlayError::EmptyPool { pool, passage } => {
                write!(f, "no eligible storylet in pool `{pool}` (in passage {passage})")
            }
        }
    }
}

impl std::error::Error for PlayError {}

pub(crate) fn eval_error(passage: &str, e: EvalError) -> PlayError {
    PlayError::Eval {
        passage: passage.to_owned(),
        message: e.to_string(),
    }
}
