//! What the player sees: plain-data view types and `view`, a pure function of story and state.
//!
//! The UI renders these; it never needs the story's internals. Nothing here changes state:
//! random picks in text hash the seed instead of drawing.

use crate::runtime::error::{eval_error, PlayError};
use crate::runtime::inline::Inline;
use crate::runtime::markup::{self, Ctx};
use crate::runtime::model::{Ending, Paragraph, Story};
use crate::runtime::play;
use crate::runtime::rules::{truthy, StateEnv};
use crate::runtime::state::State;

/// One choice as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceView {
    /// The button's text.
    pub text: Vec<Inline>,
    /// False for a visible-but-locked choice.
    pub enabled: bool,
    /// Why a disabled choice is locked ("Requires skill 60").
    pub locked: Option<String>,
}

/// An ending reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndingView {
    /// The ending's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its epilogue paragraphs.
    pub epilogue: Vec<Vec<Inline>>,
}

/// Everything the player sees at one point of play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    /// Full id of the passage.
    pub passage: String,
    /// Its chapter's id.
    pub chapter: String,
    /// Its chapter's title.
    pub chapter_title: String,
    /// The passage's tags.
    pub tags: Vec<String>,
    /// The text, one entry per non-empty paragraph.
    pub paragraphs: Vec<Vec<Inline>>,
    /// The choices, in order; `choose` takes an index into this list.
    pub choices: Vec<ChoiceView>,
    /// Set when this passage ends the run.
    pub ending: Option<EndingView>,
    /// Choices taken so far.
    pub turn: u32,
}

/// What the player sees now. Pure: the same story and state always give the same view.
pub fn view(story: &Story, state: &State) -> Result<View, PlayError> {
    let (idx, passage) = play::current(story, state)?;
    let chapter = story.chapters.get(passage.chapter as usize);
    let mut env = StateEnv::new(story, state);
    let visits = state.visits_at(idx);
    let pending = || PlayError::Pending(passage.id.clone());
    let held = story.held_passage(idx).map_err(|()| pending())?;
    let text = held.map_or(passage.text.as_slice(), |h| h.text.as_slice());
    let paragraphs = render_paragraphs(text, &mut env, &passage.id, visits, state.seed)
        .map_err(|e| eval_error(&passage.id, e))?;
    let mut choices = Vec::new();
    for shown in play::shown_choices(story, state, passage)? {
        let Some(choice) = passage.choices.get(shown.index) else {
            continue;
        };
        let mut ctx = Ctx {
            env: &mut env,
            passage: &passage.id,
            visits,
            seed: state.seed,
        };
        let label = held
            .and_then(|h| h.choices.get(shown.index))
            .unwrap_or(&choice.text);
        let text = markup::render(label, &mut ctx).map_err(|e| eval_error(&passage.id, e))?;
        let locked = if shown.enabled {
            None
        } else {
            choice.locked.clone()
        };
        choices.push(ChoiceView {
            text,
            enabled: shown.enabled,
            locked,
        });
    }
    let ending = match passage
        .ending
        .and_then(|i| Some((i as usize, story.endings.get(i as usize)?)))
    {
        Some((i, e)) => {
            let paragraphs = story.epilogue_of(i).ok_or_else(pending)?;
            let epilogue = render_paragraphs(paragraphs, &mut env, &passage.id, visits, state.seed)
                .map_err(|err| eval_error(&passage.id, err))?;
            Some(EndingView {
                id: e.id.clone(),
                title: e.title.clone(),
                epilogue,
            })
        }
        None => None,
    };
    Ok(View {
        passage: passage.id.clone(),
        chapter: chapter.map(|c| c.id.clone()).unwrap_or_default(),
        chapter_title: chapter.map(|c| c.title.clone()).unwrap_or_default(),
        tags: passage.tags.clone(),
        paragraphs,
        choices,
        ending,
        turn: state.turn,
    })
}

/// An ending's epilogue rendered against the story's start values, for galleries (the view of
/// an ending passage renders it against the run's actual state). Rendered on demand, so loading
/// never plays; a paragraph that cannot render (arithmetic overflow) leaves the list empty, and
/// so does an epilogue whose prose has not arrived (`Story::attach`).
pub fn epilogue(story: &Story, ending: &Ending) -> Vec<Vec<Inline>> {
    let paragraphs = match story.endings.iter().position(|e| std::ptr::eq(e, ending)) {
        Some(i) => story.epilogue_of(i).unwrap_or_default(),
        None => &ending.paragraphs,
    };
    let state = play::fresh(story, 0);
    let mut env = StateEnv::new(story, &state);
    render_paragraphs(paragraphs, &mut env, "", 1, 0).unwrap_or_default()
}

/// Renders paragraphs, dropping the ones that come out empty.
pub(crate) fn render_paragraphs(
    paragraphs: &[Paragraph],
    env: &mut StateEnv<'_>,
    passage: &str,
    visits: u32,
    seed: u64,
) -> Result<Vec<Vec<Inline>>, crate::runtime::expr::EvalError> {
    let mut out = Vec::new();
    for p in paragraphs {
        match p {
            Paragraph::Text(nodes) => {
                let mut ctx = Ctx {
                    env,
                    passage,
                    visits,
                    seed,
                };
                let runs = markup::render(nodes, &mut ctx)?;
                if !Inline::plain(&runs).trim().is_empty() {
                    out.push(runs);
                }
            }
            Paragraph::Cond {
                cond,
                then,
                otherwise,
            } => {
                let branch = if truthy(cond, env)? { then } else { otherwise };
                out.extend(render_paragraphs(branch, env, passage, visits, seed)?);
            }
        }
    }
    Ok(out)
}
