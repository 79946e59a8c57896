//! The key table: one list of bindings that drives key dispatch ([`map_key`]), the footer hints
//! ([`footer_hints`]) and the help overlay ([`help_sections`]), so the three can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Pane, ResultsTab};

/// Which screen state the keys are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    /// The panes, nothing open.
    Main,
    /// The help overlay is open.
    Help,
    /// A text field or the file-name prompt is being edited.
    Editing,
    /// A yes/no question (overwrite?) is open.
    Confirm,
    /// The users of an opened account dump.
    Users,
    /// One user of an account dump: truth table and checks over their set.
    UserView,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, even while typing.
    Always,
    /// On the main screen and in the help overlay.
    Browsing,
    Main,
    Help,
    Editing,
    Confirm,
    Users,
    UserView,
}

impl Scope {
    fn applies_in(self, mode: KeyMode) -> bool {
        match self {
            Scope::Always => true,
            Scope::Browsing => matches!(
                mode,
                KeyMode::Main | KeyMode::Help | KeyMode::Users | KeyMode::UserView
            ),
            Scope::Main => mode == KeyMode::Main,
            Scope::Help => mode == KeyMode::Help,
            Scope::Editing => mode == KeyMode::Editing,
            Scope::Confirm => mode == KeyMode::Confirm,
            Scope::Users => mode == KeyMode::Users,
            Scope::UserView => mode == KeyMode::UserView,
        }
    }

    /// Heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Always => "Anywhere",
            Scope::Browsing => "Moving around (also in this help and the users screens)",
            Scope::Main => "Main screen",
            Scope::Help => "Help",
            Scope::Editing => "Editing text (account ID, file name, policy to attach, user filter)",
            Scope::Confirm => "Questions (overwrite?)",
            Scope::Users => "Users of an account dump (--open account.json)",
            Scope::UserView => "One user of an account dump",
        }
    }

    pub const ALL: [Scope; 8] = [
        Scope::Always,
        Scope::Browsing,
        Scope::Main,
        Scope::Help,
        Scope::Editing,
        Scope::Confirm,
        Scope::Users,
        Scope::UserView,
    ];
}

/// A key with the modifiers that matter: only Ctrl (Shift is part of the character already).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn char(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    /// How the keys are written in the footer and the help.
    pub keys_label: &'static str,
    /// Short footer hint, `None` for bindings only the help lists.
    pub hint: Option<&'static str>,
    pub description: &'static str,
    pub action: Action,
}

/// Every key binding, in the order the footer and the help show them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        scope: Scope::Always,
        keys: &[ctrl('c')],
        keys_label: "Ctrl-C",
        hint: None,
        description: "quit at once",
        action: Action::Quit,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char(' '), plain(KeyCode::Enter)],
        keys_label: "Space/Enter",
        hint: Some("toggle"),
        description: "tick or cycle the selected choice; edit the account ID; in the checks, show the line in the policy",
        action: Action::Toggle,
    },
    Binding {
        scope: Scope::Main,
        keys: &[plain(KeyCode::Tab)],
        keys_label: "Tab",
        hint: Some("pane"),
        description: "next pane: choices, policy, truth table, checks",
        action: Action::NextPane,
    },
    Binding {
        scope: Scope::Main,
        keys: &[plain(KeyCode::BackTab)],
        keys_label: "Shift-Tab",
        hint: None,
        description: "previous pane",
        action: Action::PreviousPane,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('c')],
        keys_label: "c",
        hint: Some("copy"),
        description: "copy the policy in the export format",
        action: Action::Copy,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('s')],
        keys_label: "s",
        hint: Some("save"),
        description: "save the policy to a file (asks for the name)",
        action: Action::Save,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('e')],
        keys_label: "e",
        hint: Some("format"),
        description: "next export format: json, minified, terraform, cloudformation, aws-cli",
        action: Action::CycleFormat,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('t')],
        keys_label: "t",
        hint: Some("table/checks"),
        description: "show the checks; in pane 3, switch between the truth table and the checks",
        action: Action::SwitchTab,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('a')],
        keys_label: "a",
        hint: None,
        description: "attach a file or aws:NAME (on the Boundary or SCP rows: sets those)",
        action: Action::AddPolicy,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('x')],
        keys_label: "x",
        hint: None,
        description: "remove the selected attached policy, boundary or SCP level",
        action: Action::RemovePolicy,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('w')],
        keys_label: "w",
        hint: Some("as written/laid out"),
        description: "opened file: as written, or laid out one member per line",
        action: Action::ToggleLayout,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('o')],
        keys_label: "o",
        hint: Some("back to file"),
        description: "back to the opened file (a change of choice shows the generated policy)",
        action: Action::BackToFile,
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[char('?')],
        keys_label: "?",
        hint: Some("help"),
        description: "open or close the help",
        action: Action::Help,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('q')],
        keys_label: "q",
        hint: Some("quit"),
        description: "quit",
        action: Action::Quit,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('1')],
        keys_label: "1",
        hint: None,
        description: "go to the choices",
        action: Action::FocusPane(Pane::Choices),
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('2')],
        keys_label: "2",
        hint: None,
        description: "go to the policy preview",
        action: Action::FocusPane(Pane::Preview),
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('3')],
        keys_label: "3",
        hint: None,
        description: "go to the truth table / checks",
        action: Action::FocusPane(Pane::Results),
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[char('k'), plain(KeyCode::Up)],
        keys_label: "k/↑",
        hint: None,
        description: "up: previous choice or row, scroll up",
        action: Action::Up,
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[char('j'), plain(KeyCode::Down)],
        keys_label: "j/↓",
        hint: None,
        description: "down: next choice or row, scroll down",
        action: Action::Down,
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[plain(KeyCode::PageUp), ctrl('u')],
        keys_label: "PgUp/Ctrl-U",
        hint: None,
        description: "one page up",
        action: Action::PageUp,
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[plain(KeyCode::PageDown), ctrl('d')],
        keys_label: "PgDn/Ctrl-D",
        hint: None,
        description: "one page down",
        action: Action::PageDown,
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[char('g'), plain(KeyCode::Home)],
        keys_label: "g/Home",
        hint: None,
        description: "to the top",
        action: Action::Top,
    },
    Binding {
        scope: Scope::Browsing,
        keys: &[char('G'), plain(KeyCode::End)],
        keys_label: "G/End",
        hint: None,
        description: "to the bottom",
        action: Action::Bottom,
    },
    Binding {
        scope: Scope::Main,
        keys: &[plain(KeyCode::Esc)],
        keys_label: "Esc",
        hint: None,
        description: "clear the status message",
        action: Action::Close,
    },
    Binding {
        scope: Scope::Help,
        keys: &[plain(KeyCode::Esc), char('q')],
        keys_label: "Esc/q",
        hint: Some("close"),
        description: "close the help",
        action: Action::Close,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Enter)],
        keys_label: "Enter",
        hint: Some("confirm"),
        description: "accept the text",
        action: Action::Submit,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Esc)],
        keys_label: "Esc",
        hint: Some("cancel"),
        description: "cancel, keep the old value (the user filter is cleared)",
        action: Action::Close,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[ctrl('u')],
        keys_label: "Ctrl-U",
        hint: None,
        description: "clear the text",
        action: Action::ClearInput,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Backspace)],
        keys_label: "Backspace",
        hint: None,
        description: "delete before the cursor",
        action: Action::Backspace,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Delete)],
        keys_label: "Delete",
        hint: None,
        description: "delete under the cursor",
        action: Action::Delete,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Left)],
        keys_label: "←",
        hint: None,
        description: "cursor left",
        action: Action::CursorLeft,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Right)],
        keys_label: "→",
        hint: None,
        description: "cursor right",
        action: Action::CursorRight,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::Home), ctrl('a')],
        keys_label: "Home/Ctrl-A",
        hint: None,
        description: "cursor to the start",
        action: Action::CursorHome,
    },
    Binding {
        scope: Scope::Editing,
        keys: &[plain(KeyCode::End), ctrl('e')],
        keys_label: "End/Ctrl-E",
        hint: None,
        description: "cursor to the end",
        action: Action::CursorEnd,
    },
    Binding {
        scope: Scope::Confirm,
        keys: &[char('y'), char('Y')],
        keys_label: "y",
        hint: Some("yes"),
        description: "yes, overwrite",
        action: Action::Confirm,
    },
    Binding {
        scope: Scope::Confirm,
        keys: &[char('n'), char('N'), plain(KeyCode::Esc)],
        keys_label: "n/Esc",
        hint: Some("no"),
        description: "no, keep the file",
        action: Action::Close,
    },
    Binding {
        scope: Scope::Main,
        keys: &[char('u')],
        keys_label: "u",
        hint: None,
        description: "back to the users of the opened account dump",
        action: Action::ShowUsers,
    },
    Binding {
        scope: Scope::Users,
        keys: &[plain(KeyCode::Enter)],
        keys_label: "Enter",
        hint: Some("open"),
        description: "open the selected user: truth table, journey and checks over their set",
        action: Action::OpenUser,
    },
    Binding {
        scope: Scope::Users,
        keys: &[char('/')],
        keys_label: "/",
        hint: Some("filter"),
        description: "filter the users by name as you type (Enter keeps the filter, Esc clears it)",
        action: Action::FilterUsers,
    },
    Binding {
        scope: Scope::Users,
        keys: &[char('s')],
        keys_label: "s",
        hint: Some("sort"),
        description: "sort by the next column (user, credentials, each verdict, unknown)",
        action: Action::NextSort,
    },
    Binding {
        scope: Scope::Users,
        keys: &[char('S')],
        keys_label: "S",
        hint: Some("reverse"),
        description: "reverse the order",
        action: Action::ReverseSort,
    },
    Binding {
        scope: Scope::Users,
        keys: &[plain(KeyCode::Esc)],
        keys_label: "Esc",
        hint: None,
        description: "clear the filter, then the status message",
        action: Action::Close,
    },
    Binding {
        scope: Scope::Users,
        keys: &[char('q')],
        keys_label: "q",
        hint: Some("quit"),
        description: "quit",
        action: Action::Quit,
    },
    Binding {
        scope: Scope::UserView,
        keys: &[plain(KeyCode::Tab), char('t')],
        keys_label: "Tab/t",
        hint: Some("table/checks"),
        description: "switch between the truth table and the checks",
        action: Action::SwitchTab,
    },
    Binding {
        scope: Scope::UserView,
        keys: &[char('f')],
        keys_label: "f",
        hint: Some("fix in generator"),
        description: "open the generator with the choices inferred from this user's self-service policies, their other policies kept as the set",
        action: Action::FixUser,
    },
    Binding {
        scope: Scope::UserView,
        keys: &[plain(KeyCode::Esc)],
        keys_label: "Esc",
        hint: Some("back"),
        description: "back to the users, the selection kept",
        action: Action::Close,
    },
    Binding {
        scope: Scope::UserView,
        keys: &[char('q')],
        keys_label: "q",
        hint: Some("quit"),
        description: "quit",
        action: Action::Quit,
    },
];

/// The action for a key press in this mode. Releases and repeats are ignored (Windows reports
/// both press and release); while editing, any other printable character is typed.
pub fn map_key(mode: KeyMode, event: KeyEvent) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let pressed = Key {
        code: event.code,
        ctrl,
    };
    let bound = BINDINGS
        .iter()
        .filter(|binding| binding.scope.applies_in(mode))
        .find(|binding| binding.keys.contains(&pressed))
        .map(|binding| binding.action.clone());
    match (bound, mode, event.code) {
        (Some(action), _, _) => Some(action),
        (None, KeyMode::Editing, KeyCode::Char(c)) if !ctrl && !c.is_control() => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// What the footer's hints follow besides the mode: the focused pane, pane 3's tab and what
/// an opened file offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub focus: Pane,
    pub tab: ResultsTab,
    pub file: FileView,
}

impl View {
    /// The choices focused, the truth table in pane 3, no file opened.
    pub fn focused(focus: Pane) -> View {
        View {
            focus,
            tab: ResultsTab::TruthTable,
            file: FileView::None,
        }
    }
}

/// What `w` and `o` can do for an opened file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileView {
    /// No file opened, or one that cannot be laid out (not JSON) or is laid out as written.
    #[default]
    None,
    /// The file is shown as written; `w` lays it out.
    AsWritten,
    /// The file is shown laid out; `w` shows it as written.
    LaidOut,
    /// The generated policy is shown; `o` returns to the file.
    Left,
}

/// One footer hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub keys: &'static str,
    pub hint: &'static str,
    /// A key of every pane (copy, save, format) that the footer leaves to the help when the
    /// pane's own hints need the room.
    pub optional: bool,
}

/// Footer hints for this mode and view, in table order. Like lazygit's, they follow the pane:
/// toggling in the choices, Enter and the other tab in pane 3, `w`/`o` where a file is open.
pub fn footer_hints(mode: KeyMode, view: View) -> impl Iterator<Item = Hint> {
    BINDINGS
        .iter()
        .filter(move |binding| binding.scope.applies_in(mode))
        .filter_map(move |binding| {
            let hint = binding.hint?;
            let keys = short_keys(binding.keys_label);
            let checks_shown = view.focus == Pane::Results && view.tab == ResultsTab::Checks;
            let main = mode == KeyMode::Main;
            let (keys, hint) = match binding.action {
                Action::Toggle if main && checks_shown => ("Enter", "show in policy"),
                Action::Toggle if main && view.focus != Pane::Choices => return None,
                Action::SwitchTab if main && checks_shown => (keys, "table"),
                Action::SwitchTab if main => (keys, "checks"),
                Action::ToggleLayout => match view.file {
                    FileView::AsWritten if view.focus != Pane::Choices => (keys, "laid out"),
                    FileView::LaidOut if view.focus != Pane::Choices => (keys, "as written"),
                    _ => return None,
                },
                Action::BackToFile if view.file == FileView::Left => (keys, hint),
                Action::BackToFile => return None,
                _ => (keys, hint),
            };
            let optional = matches!(
                binding.action,
                Action::Copy | Action::Save | Action::CycleFormat
            );
            Some(Hint {
                keys,
                hint,
                optional,
            })
        })
}

/// The first of several keys, for the footer ("Space/Enter" → "Space"; "/" is a key itself).
fn short_keys(label: &'static str) -> &'static str {
    label
        .split('/')
        .next()
        .filter(|first| !first.is_empty())
        .unwrap_or(label)
}

/// The help overlay's content: each scope with its bindings, in table order.
pub fn help_sections() -> impl Iterator<Item = (Scope, Vec<&'static Binding>)> {
    Scope::ALL.into_iter().map(|scope| {
        let bindings = BINDINGS.iter().filter(|b| b.scope == scope).collect();
        (scope, bindings)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn quit_keys() {
        assert_eq!(
            map_key(KeyMode::Main, press(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            KeyMode::Main,
            KeyMode::Help,
            KeyMode::Editing,
            KeyMode::Confirm,
        ] {
            assert_eq!(map_key(mode, ctrl_c), Some(Action::Quit), "{mode:?}");
        }
    }

    #[test]
    fn only_presses_count() {
        for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
            let event = KeyEvent::new_with_kind_and_state(
                KeyCode::Char('q'),
                KeyModifiers::NONE,
                kind,
                KeyEventState::NONE,
            );
            assert_eq!(map_key(KeyMode::Main, event), None);
        }
    }

    #[test]
    fn letters_are_typed_while_editing() {
        for c in ['q', 'c', 's', 'j', '1', '*', 'é'] {
            assert_eq!(
                map_key(KeyMode::Editing, press(KeyCode::Char(c))),
                Some(Action::Input(c))
            );
        }
        assert_eq!(
            map_key(KeyMode::Editing, press(KeyCode::Enter)),
            Some(Action::Submit)
        );
        assert_eq!(
            map_key(KeyMode::Editing, press(KeyCode::Esc)),
            Some(Action::Close)
        );
    }

    #[test]
    fn shifted_characters_match_regardless_of_the_shift_flag() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map_key(KeyMode::Main, shifted), Some(Action::Bottom));
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(map_key(KeyMode::Main, question), Some(Action::Help));
    }

    #[test]
    fn main_screen_keys() {
        let cases = [
            (KeyCode::Char(' '), Action::Toggle),
            (KeyCode::Enter, Action::Toggle),
            (KeyCode::Tab, Action::NextPane),
            (KeyCode::BackTab, Action::PreviousPane),
            (KeyCode::Char('2'), Action::FocusPane(Pane::Preview)),
            (KeyCode::Char('j'), Action::Down),
            (KeyCode::Up, Action::Up),
            (KeyCode::PageDown, Action::PageDown),
            (KeyCode::Char('g'), Action::Top),
            (KeyCode::Char('e'), Action::CycleFormat),
            (KeyCode::Char('t'), Action::SwitchTab),
            (KeyCode::Esc, Action::Close),
        ];
        for (code, action) in cases {
            assert_eq!(
                map_key(KeyMode::Main, press(code)),
                Some(action),
                "{code:?}"
            );
        }
    }

    #[test]
    fn q_and_escape_close_the_help_instead_of_quitting() {
        for code in [KeyCode::Char('q'), KeyCode::Esc, KeyCode::Char('?')] {
            let action = map_key(KeyMode::Help, press(code));
            assert!(
                matches!(action, Some(Action::Close | Action::Help)),
                "{code:?}"
            );
        }
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(map_key(KeyMode::Editing, ctrl_u), Some(Action::ClearInput));
    }

    #[test]
    fn confirmation_takes_only_yes_or_no() {
        assert_eq!(
            map_key(KeyMode::Confirm, press(KeyCode::Char('y'))),
            Some(Action::Confirm)
        );
        assert_eq!(
            map_key(KeyMode::Confirm, press(KeyCode::Char('n'))),
            Some(Action::Close)
        );
        assert_eq!(map_key(KeyMode::Confirm, press(KeyCode::Char('q'))), None);
        assert_eq!(map_key(KeyMode::Confirm, press(KeyCode::Char('s'))), None);
    }

    #[test]
    fn users_screen_keys() {
        let cases = [
            (KeyMode::Users, KeyCode::Enter, Action::OpenUser),
            (KeyMode::Users, KeyCode::Char('/'), Action::FilterUsers),
            (KeyMode::Users, KeyCode::Char('s'), Action::NextSort),
            (KeyMode::Users, KeyCode::Char('S'), Action::ReverseSort),
            (KeyMode::Users, KeyCode::Esc, Action::Close),
            (KeyMode::Users, KeyCode::Char('j'), Action::Down),
            (KeyMode::Users, KeyCode::Char('?'), Action::Help),
            (KeyMode::Users, KeyCode::Char('q'), Action::Quit),
            (KeyMode::UserView, KeyCode::Char('f'), Action::FixUser),
            (KeyMode::UserView, KeyCode::Tab, Action::SwitchTab),
            (KeyMode::UserView, KeyCode::Esc, Action::Close),
            (KeyMode::UserView, KeyCode::Char('G'), Action::Bottom),
            (KeyMode::Main, KeyCode::Char('u'), Action::ShowUsers),
        ];
        for (mode, code, action) in cases {
            assert_eq!(
                map_key(mode, press(code)),
                Some(action),
                "{mode:?} {code:?}"
            );
        }
        // Keys of other screens do nothing here: no copying or saving a user.
        assert_eq!(map_key(KeyMode::Users, press(KeyCode::Char('c'))), None);
        assert_eq!(map_key(KeyMode::UserView, press(KeyCode::Enter)), None);
        let hints = |mode| -> Vec<(&str, &str)> {
            footer_hints(mode, View::focused(Pane::Choices))
                .map(|h| (h.keys, h.hint))
                .collect()
        };
        let user_view = hints(KeyMode::UserView);
        assert!(
            user_view.contains(&("Tab", "table/checks")),
            "{user_view:?}"
        );
        let users = hints(KeyMode::Users);
        assert!(users.contains(&("/", "filter")), "{users:?}");
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in [
            KeyMode::Main,
            KeyMode::Help,
            KeyMode::Editing,
            KeyMode::Confirm,
            KeyMode::Users,
            KeyMode::UserView,
        ] {
            let mut seen = Vec::new();
            for binding in BINDINGS.iter().filter(|b| b.scope.applies_in(mode)) {
                for key in binding.keys {
                    assert!(!seen.contains(key), "{key:?} twice in {mode:?}");
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn footer_and_help_come_from_the_table() {
        let pairs = |view: View| -> Vec<(&str, &str)> {
            footer_hints(KeyMode::Main, view)
                .map(|h| (h.keys, h.hint))
                .collect()
        };
        let hints = pairs(View::focused(Pane::Choices));
        assert!(hints.contains(&("Space", "toggle")));
        assert!(hints.contains(&("q", "quit")));
        assert!(hints.contains(&("t", "checks")));
        let hints = pairs(View::focused(Pane::Results));
        assert!(hints.contains(&("t", "checks")));
        assert!(!hints.contains(&("Space", "toggle")));
        let checks = View {
            tab: ResultsTab::Checks,
            ..View::focused(Pane::Results)
        };
        let hints = pairs(checks);
        assert!(hints.contains(&("Enter", "show in policy")));
        assert!(hints.contains(&("t", "table")));
        // The opened file's keys appear only where they do something.
        assert!(
            !pairs(View::focused(Pane::Preview))
                .iter()
                .any(|(k, _)| *k == "w" || *k == "o")
        );
        let laid_out = View {
            file: FileView::LaidOut,
            ..View::focused(Pane::Preview)
        };
        assert!(pairs(laid_out).contains(&("w", "as written")));
        let left = View {
            file: FileView::Left,
            ..View::focused(Pane::Preview)
        };
        assert!(pairs(left).contains(&("o", "back to file")));
        let listed: usize = help_sections().map(|(_, b)| b.len()).sum();
        assert_eq!(listed, BINDINGS.len());
    }
}
