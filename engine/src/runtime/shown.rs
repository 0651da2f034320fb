//! Which variables the player sees, decided once: the stats panel, the career report and the
//! report's chart all ask here. Not here: how they are drawn (the app's business).

use crate::runtime::model::{Display, Story, VarKind, Variable};

/// How the player sees a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// A stat drawn as a bar or an opposed pair, and charted over the run.
    Stat,
    /// A labelled counter shown as a number.
    Counter,
}

/// How the player sees `variable`, or `None` if it is kept from them: flags, strings, counters
/// without a label and anything declared `"display": "hidden"`.
pub fn shown(variable: &Variable) -> Option<Shown> {
    if variable.display == Display::Hidden {
        return None;
    }
    match variable.kind {
        VarKind::Stat => Some(Shown::Stat),
        VarKind::Counter if variable.label.is_some() => Some(Shown::Counter),
        _ => None,
    }
}

/// The variables of `story` the player sees as `how`, in declared order.
pub fn shown_as(story: &Story, how: Shown) -> impl Iterator<Item = &Variable> {
    story
        .variables()
        .iter()
        .filter(move |v| shown(v) == Some(how))
}
