//! Inline runs of text, the output of rendering markup: what views carry to the UI. Its own
//! module because the model, markup and the view all use it and none of them owns it.

/// A run of inline text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasis (`*…*`).
    Em(Vec<Inline>),
    /// Strong emphasis (`**…**`).
    Strong(Vec<Inline>),
}

impl Inline {
    /// The text without markup.
    pub fn plain(runs: &[Inline]) -> String {
        let mut out = String::new();
        for run in runs {
            match run {
                Inline::Text(t) => out.push_str(t),
                Inline::Em(inner) | Inline::Strong(inner) => out.push_str(&Inline::plain(inner)),
            }
        }
        out
    }

    /// Renders with the source markup (`*em*`, `**strong**`), for transcripts.
    pub fn markdown(runs: &[Inline]) -> String {
        let mut out = String::new();
        for run in runs {
            match run {
                Inline::Text(t) => out.push_str(t),
                Inline::Em(inner) => {
                    out.push('*');
                    out.push_str(&Inline::markdown(inner));
                    out.push('*');
                }
                Inline::Strong(inner) => {
                    out.push_str("**");
                    out.push_str(&Inline::markdown(inner));
                    out.push_str("**");
                }
            }
        }
        out
    }
}
