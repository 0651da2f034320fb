//! Keyboard shortcuts as a pure function from a key press to a command, so the rules (which
//! keys, when they are ignored) are unit-tested without a browser. `player` listens and acts.

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Take the n-th choice (1-based, as printed on its button).
    Choose(usize),
    /// Undo the last choice.
    Undo,
    /// Close the open panel.
    Close,
}

/// What the listener knows about a key press.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl, Alt or Meta held: the browser's or the system's shortcut, not ours.
    pub modifier: bool,
    /// The key went to a text field or another control that types.
    pub typing: bool,
    /// The player turned shortcuts on.
    pub shortcuts: bool,
}

/// The command for a key press, if any.
pub fn command(press: Press<'_>) -> Option<Command> {
    if press.key == "Escape" {
        return Some(Command::Close);
    }
    if press.modifier || press.typing || !press.shortcuts {
        return None;
    }
    match press.key {
        "Backspace" | "z" | "Z" => Some(Command::Undo),
        key => match key.parse::<usize>() {
            Ok(n @ 1..=9) if key.len() == 1 => Some(Command::Choose(n)),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str) -> Press<'_> {
        Press {
            key,
            shortcuts: true,
            ..Press::default()
        }
    }

    #[test]
    fn numbers_choose_and_backspace_or_z_undo() {
        assert_eq!(command(press("1")), Some(Command::Choose(1)));
        assert_eq!(command(press("9")), Some(Command::Choose(9)));
        assert_eq!(command(press("0")), None);
        assert_eq!(command(press("Backspace")), Some(Command::Undo));
        assert_eq!(command(press("z")), Some(Command::Undo));
        assert_eq!(command(press("x")), None);
    }

    #[test]
    fn shortcuts_step_aside_for_typing_modifiers_and_the_setting() {
        assert_eq!(
            command(Press {
                typing: true,
                ..press("1")
            }),
            None
        );
        assert_eq!(
            command(Press {
                modifier: true,
                ..press("z")
            }),
            None
        );
        assert_eq!(
            command(Press {
                shortcuts: false,
                ..press("2")
            }),
            None
        );
        assert_eq!(
            command(Press {
                shortcuts: false,
                ..press("Escape")
            }),
            Some(Command::Close)
        );
    }
}
