//! Which variables the player sees, decided once: the stats panel, the career report and the
//! report's chart all ask here. Not here: how they are drawn (the app's business).

use crate::model::{Display, Story, VarKind, Variable};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, SourceFile};

    #[test]
    fn only_declared_visible_stats_and_labelled_counters_are_shown() {
        let manifest = SourceFile {
            path: "story.json".into(),
            text: r#"{"format": 1, "id": "t", "title": "T", "version": "1", "start": "a.x",
                "chapters": ["a.json"], "endings": {"e": {"title": "E"}},
                "variables": {
                    "stress": {"kind": "stat", "label": "Stress"},
                    "secret": {"kind": "stat", "display": "hidden"},
                    "tickets": {"kind": "counter", "label": "Tickets"},
                    "steps": {"kind": "counter"},
                    "met": {"kind": "flag"}
                }}"#
            .into(),
        };
        let chapter = SourceFile {
            path: "a.json".into(),
            text: r#"{"id": "a", "title": "A", "passages": {"x": {"text": "X.", "ending": "e"}}}"#
                .into(),
        };
        let story = load(&manifest, &[chapter]).story.expect("loads");
        let names = |how| {
            shown_as(&story, how)
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Shown::Stat), ["stress"]);
        assert_eq!(names(Shown::Counter), ["tickets"]);
    }
}
