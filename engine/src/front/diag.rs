//! Diagnostics: what the loader reports about a story, with stable codes and exact positions.
//!
//! This module only describes problems; finding them is the loader's and the linter's job.

use std::fmt;

/// How bad a diagnostic is. A story with any error does not load; warnings never block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The story cannot be played.
    Error,
    /// The story plays, but something is probably a mistake.
    Warning,
}

/// A stable diagnostic code. The numbers never change meaning; new codes are appended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// E001: a `goto`, `call`, `start`, `visits(…)` or rename names no passage.
    UnknownPassage,
    /// E002: a file is not valid JSON.
    InvalidJson,
    /// E003: a file has an unknown field, a missing field or a value of the wrong JSON type.
    InvalidField,
    /// E004: an expression or effect names an undeclared variable.
    UnknownVariable,
    /// E005: a `draw` names a pool that no passage belongs to.
    UnknownPool,
    /// E006: a passage's `ending` names no declared ending.
    UnknownEnding,
    /// E007: an `achieve` effect names no declared achievement.
    UnknownAchievement,
    /// E008: an expression or effect does not parse.
    ExpressionSyntax,
    /// E009: an expression has the wrong type (`stress && 3`).
    TypeMismatch,
    /// E010: two things share an id (passage, chapter, choice id).
    DuplicateId,
    /// E011: a value is out of range or inconsistent (`min > max`, words not ascending, …).
    BadValue,
    /// E012: a name does not follow the naming rules (`[a-z][a-z0-9_]*`).
    BadName,
    /// E013: inline markup is malformed (unclosed `*`, `{`, unknown `{kind:`).
    Markup,
    /// E014: a choice is malformed (no move or two moves, `once` without `id`, …).
    BadChoice,
    /// E015: a chapter file listed in the manifest was not provided.
    MissingFile,
    /// E016: an effect cannot apply to its variable (`%+` on a counter, `+=` on a flag).
    BadEffect,
    /// E017: the manifest's `format` is not one this engine reads.
    UnsupportedFormat,
    /// E018: passages move automatically in a cycle that contains no choice (a certain hang).
    AutoLoop,
    /// W001: no path from the start reaches this passage.
    Unreachable,
    /// W002: a passage with no choices that is not an ending.
    DeadEnd,
    /// W003: a declared variable is never used.
    UnusedVariable,
    /// W004: a pool that no choice draws from.
    PoolNeverDrawn,
    /// W005: a condition that can never be true, so its choice or storylet never shows.
    NeverTrue,
    /// W006: a declared ending that no passage uses.
    UnusedEnding,
}

impl Code {
    /// The stable code as printed, e.g. `E001`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnknownPassage => "E001",
            Code::InvalidJson => "E002",
            Code::InvalidField => "E003",
            Code::UnknownVariable => "E004",
            Code::UnknownPool => "E005",
            Code::UnknownEnding => "E006",
            Code::UnknownAchievement => "E007",
            Code::ExpressionSyntax => "E008",
            Code::TypeMismatch => "E009",
            Code::DuplicateId => "E010",
            Code::BadValue => "E011",
            Code::BadName => "E012",
            Code::Markup => "E013",
            Code::BadChoice => "E014",
            Code::MissingFile => "E015",
            Code::BadEffect => "E016",
            Code::UnsupportedFormat => "E017",
            Code::AutoLoop => "E018",
            Code::Unreachable => "W001",
            Code::DeadEnd => "W002",
            Code::UnusedVariable => "W003",
            Code::PoolNeverDrawn => "W004",
            Code::NeverTrue => "W005",
            Code::UnusedEnding => "W006",
        }
    }

    /// Errors start with `E`, warnings with `W`.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// Every code, in order: for documentation and tests.
    pub const ALL: [Code; 24] = [
        Code::UnknownPassage,
        Code::InvalidJson,
        Code::InvalidField,
        Code::UnknownVariable,
        Code::UnknownPool,
        Code::UnknownEnding,
        Code::UnknownAchievement,
        Code::ExpressionSyntax,
        Code::TypeMismatch,
        Code::DuplicateId,
        Code::BadValue,
        Code::BadName,
        Code::Markup,
        Code::BadChoice,
        Code::MissingFile,
        Code::BadEffect,
        Code::UnsupportedFormat,
        Code::AutoLoop,
        Code::Unreachable,
        Code::DeadEnd,
        Code::UnusedVariable,
        Code::PoolNeverDrawn,
        Code::NeverTrue,
        Code::UnusedEnding,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a story, located in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning (always `code.severity()`).
    pub severity: Severity,
    /// The file's path as listed in the manifest (`story.json` for the manifest itself).
    pub file: String,
    /// 1-based line in `file`.
    pub line: u32,
    /// 1-based column in `file`, counted in characters.
    pub column: u32,
    /// The full id of the passage the problem is in, if any.
    pub passage: Option<String>,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// What to do about it ("did you mean `stress`?"), if the loader knows.
    pub help: Option<String>,
}

/// A diagnostic's words as the loader reports them: what is wrong and, when it knows, what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Words {
    pub message: String,
    pub help: Option<String>,
}

impl Words {
    /// A message with a suggestion.
    pub(crate) fn with_help(message: String, help: String) -> Words {
        Words {
            message,
            help: Some(help),
        }
    }
}

impl From<String> for Words {
    fn from(message: String) -> Words {
        Words {
            message,
            help: None,
        }
    }
}

impl From<&str> for Words {
    fn from(message: &str) -> Words {
        Words::from(message.to_owned())
    }
}

impl fmt::Display for Words {
    /// The one-line form: `message (help)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}[{}]: {}",
            self.file, self.line, self.column, self.code, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        if let Some(passage) = &self.passage {
            write!(f, " (in passage {passage})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn display_matches_the_cli_format() {
        let d = Diagnostic {
            code: Code::UnknownPassage,
            severity: Severity::Error,
            file: "joining.json".into(),
            line: 12,
            column: 5,
            passage: Some("joining.start".into()),
            message: "unknown passage `joining.nope`".into(),
            help: None,
        };
        assert_eq!(
            d.to_string(),
            "joining.json:12:5: error[E001]: unknown passage `joining.nope` (in passage joining.start)"
        );
    }
}
