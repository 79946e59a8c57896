//! What goes into the wizard's state machine ([`Action`]: keys already translated by the key
//! table, terminal events, results of I/O) and what comes out of it ([`Task`]: I/O for the event
//! loop to carry out). `App::update` is the only place that changes state, and it does no I/O.

use std::path::PathBuf;

use super::attached::Target;

/// The three panes, numbered as the user reaches them with `1`-`3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Choices,
    Preview,
    /// What the policy allows: the truth table or the checks, see [`ResultsTab`].
    Results,
}

/// The two tabs of the results pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsTab {
    TruthTable,
    Checks,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Open or close the help overlay.
    Help,
    /// Close whatever is open (overlay, prompt, confirmation); nothing at the top level.
    Close,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Tick a checkbox, cycle a value, or start editing a text field.
    Toggle,
    /// Next stop of Tab: Choices → Policy → Truth table → Checks → Choices.
    NextPane,
    PreviousPane,
    FocusPane(Pane),
    /// Switch the results pane between the truth table and the checks.
    SwitchTab,
    Copy,
    Save,
    CycleFormat,
    /// An opened file: switch the preview between the file laid out one member per line and
    /// the file as written.
    ToggleLayout,
    /// Back from the generated policy to the opened file, as it was opened.
    BackToFile,
    /// Text prompt editing.
    Input(char),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    /// Empty the text field.
    ClearInput,
    /// Text pasted into the terminal (bracketed paste): typed into an open text field, ignored
    /// everywhere else, so a pasted `q` never quits and a pasted `y` never confirms.
    Paste(String),
    /// Accept the prompt's text.
    Submit,
    /// Answer yes to a confirmation.
    Confirm,
    /// About a second has passed (status messages fade).
    Tick,
    /// The terminal has this many columns and rows.
    Resize(u16, u16),
    /// Mouse wheel over a cell (only with `--mouse`).
    Scroll {
        up: bool,
        column: u16,
        row: u16,
    },
    /// Mouse click on a cell (only with `--mouse`).
    Click {
        column: u16,
        row: u16,
    },
    /// What became of an [`Task::Copy`].
    Copied(CopyOutcome),
    /// What became of an [`Task::Save`].
    Saved(SaveOutcome),
    /// Attach another policy (a file or `aws:NAME`) to the set: opens the prompt.
    AddPolicy,
    /// Take the selected policy or SCP level of the set away.
    RemovePolicy,
    /// What became of a [`Task::ReadPolicy`].
    PolicyRead(PolicyRead),
    /// Users screen: open the selected user's view.
    OpenUser,
    /// Users screen: type a filter on user names.
    FilterUsers,
    /// Users screen: sort by the next column.
    NextSort,
    /// Users screen: reverse the order.
    ReverseSort,
    /// A user's view: start the generator from what the user has.
    FixUser,
    /// Main screen: back to the users of the opened account dump.
    ShowUsers,
}

/// Work for the event loop; its result comes back as [`Action::Copied`] or [`Action::Saved`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    Copy(String),
    Save {
        path: PathBuf,
        contents: String,
        overwrite: bool,
    },
    /// Read a policy file to attach to the set (the path as typed).
    ReadPolicy {
        path: String,
        target: Target,
    },
    Quit,
}

/// A policy file read for the set: where it goes, and its text or one line saying why it could
/// not be read (naming the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRead {
    pub path: String,
    pub target: Target,
    pub text: Result<String, String>,
}

/// How a copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOutcome {
    /// The system clipboard (arboard) took the text.
    Clipboard,
    /// tmux's paste buffer took the text (and tmux passes it on to the outer terminal's
    /// clipboard where that terminal allows it).
    TmuxBuffer,
    /// The text went to the terminal as OSC 52, which nothing acknowledges: whether a clipboard
    /// took it is unknown. `reason` says why not the system clipboard, e.g. "tmux session" or
    /// the clipboard's error.
    Osc52 { reason: String },
    /// Neither worked.
    Failed(String),
}

/// How a save went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(PathBuf),
    /// Not written because the file exists and overwriting was not confirmed yet.
    Exists(PathBuf),
    /// One line saying why nothing was written.
    Failed(String),
}
