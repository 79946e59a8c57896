//! The interactive wizard (product spec §7): choices on the left, the policy and what it allows on
//! the right, every change shown at once.
//!
//! Shape: keys become [`action::Action`]s through one key table ([`keys`]); [`app::App::update`]
//! is the only thing that changes state and returns [`action::Task`]s instead of doing I/O;
//! [`ui::render`] draws the state. This module is the thin shell around them: it owns the
//! terminal and the clipboard, reads events and carries out the effects.

pub mod action;
pub mod app;
pub mod attached;
pub mod checks_model;
pub mod choice_items;
pub mod clipboard;
pub mod help_model;
pub mod highlight;
pub mod keys;
pub mod layout;
pub mod reindent;
pub mod terminal;
pub mod text;
pub mod text_input;
pub mod theme;
pub mod ui;
pub mod user_lines;
pub mod users_layout;
pub mod verdict;
mod wrap;

use crate::policy::engine::PolicySet;
use crate::policy::model::account::AccountDump;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, MouseButton, MouseEventKind};

use crate::output::{SaveError, save_atomic};
use crate::policy::model::choices::Preset;

use action::{Action, PolicyRead, SaveOutcome, Task};
use app::App;
use clipboard::Clipboard;
use terminal::Session;
pub use theme::ColorMode;
use theme::Theme;

/// Test-only, not an interface: when this variable is `1` at start-up, the wizard panics while
/// drawing its second frame (the first is drawn normally, so the wizard is on screen in raw mode
/// when it happens). It exists only for the real-terminal test
/// `a_panic_while_drawing_restores_the_terminal` (`tests/e2e_tmux/bad_input.rs`), which checks
/// that a panic in the render path gives the terminal back usable. Read once, in [`run`]; the
/// check sits in the draw loop, so rendering stays a pure function of the state.
const PANIC_IN_RENDER: &str = "IAMSELF_TUI_PANIC_IN_RENDER";

#[derive(Debug, Clone)]
pub struct TuiOptions {
    pub preset: Preset,
    /// A policy file to open, and its text (read and checked by the caller, so that a file that
    /// cannot be read is reported before the screen is taken over).
    pub opened: Option<(PathBuf, String)>,
    pub color: ColorMode,
    pub mouse: bool,
    /// The rest of the user's set (`--with`, `--boundary`, `--scp`): every answer is the set's.
    pub others: PolicySet,
    /// An account dump to open instead of a policy (`--open account.json`), parsed by the
    /// caller; its users are judged under the SCP levels of `others`.
    pub dump: Option<(PathBuf, AccountDump)>,
}

/// Runs the wizard until the user quits, on a terminal the caller has checked is one. `Err`
/// carries a one-line message for stderr (exit 2).
pub fn run(options: TuiOptions) -> Result<(), String> {
    let theme = Theme::pick(options.color, std::env::var_os("NO_COLOR").as_deref());
    if options.color == ColorMode::Always {
        // crossterm drops colours by itself under NO_COLOR; `always` overrides that.
        crossterm::style::force_color_output(true);
    }

    let mut session =
        Session::start(options.mouse).map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let size = session
        .terminal
        .size()
        .map_err(|e| format!("cannot read the terminal size: {e}"))?;
    let size = (size.width, size.height);
    let choices = options.preset.choices();
    let mut app = match (options.dump, options.opened) {
        (Some((path, dump)), _) => {
            // Judged here, once, before the first frame: keys only sort and filter.
            let scp_levels = options.others.scp_levels.clone();
            App::open_dump(path, dump, scp_levels, choices, theme, size)
        }
        (None, Some((path, text))) => App::open(path, text, choices, theme, size),
        (None, None) => App::new(choices, theme, size),
    };
    if !options.others.is_empty() && app.users.is_none() {
        app.set_others(options.others);
    }
    let remote = clipboard::remote_session(
        std::env::var_os("TMUX").as_deref(),
        std::env::var_os("SSH_TTY").as_deref(),
    );
    let panic_in_render = std::env::var_os(PANIC_IN_RENDER).is_some_and(|v| v == "1");
    event_loop(
        &mut session,
        app,
        Clipboard::new(remote),
        options.mouse,
        panic_in_render,
    )
}

/// How often [`Action::Tick`] is sent (status messages fade after a few).
const TICK: Duration = Duration::from_secs(1);

/// Draw, wait for an event (or the next tick), update, carry out tasks; until a task says quit.
fn event_loop(
    session: &mut Session,
    mut app: App,
    mut clipboard: Clipboard,
    mouse: bool,
    panic_in_render: bool,
) -> Result<(), String> {
    let mut frames: u64 = 0;
    let mut last_tick = Instant::now();
    loop {
        session
            .terminal
            .draw(|frame| {
                ui::render(&app, frame);
                if panic_in_render && frames > 0 {
                    panic!("{PANIC_IN_RENDER}=1: a panic while drawing, as asked");
                }
            })
            .map_err(|e| format!("cannot draw: {e}"))?;
        frames += 1;
        let wait = TICK.saturating_sub(last_tick.elapsed());
        let ready = event::poll(wait).map_err(|e| format!("cannot read the terminal: {e}"))?;
        let mut next = if ready {
            let event = event::read().map_err(|e| format!("cannot read the terminal: {e}"))?;
            to_action(&app, event, mouse)
        } else {
            None
        };
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            if app.status.is_some() {
                app.update(Action::Tick);
            }
        }
        while let Some(action) = next.take() {
            next = match app.update(action) {
                None => None,
                Some(Task::Quit) => return Ok(()),
                Some(Task::Copy(text)) => Some(Action::Copied(
                    clipboard.copy(&text, session.terminal.backend_mut()),
                )),
                Some(Task::Save {
                    path,
                    contents,
                    overwrite,
                }) => Some(Action::Saved(save(path, &contents, overwrite))),
                Some(Task::ReadPolicy { path, target }) => {
                    let text = read_policy(&path);
                    Some(Action::PolicyRead(PolicyRead { path, target, text }))
                }
            };
        }
    }
}

fn to_action(app: &App, event: Event, mouse: bool) -> Option<Action> {
    match event {
        Event::Key(key) => keys::map_key(app.key_mode(), key),
        Event::Resize(columns, rows) => Some(Action::Resize(columns, rows)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(m) if mouse => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                up: true,
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                up: false,
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Reads a policy file to attach, as the command line would (`~/` is the home directory, as a
/// shell would expand it); the error is one line naming the file.
fn read_policy(path: &str) -> Result<String, String> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let full = match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    };
    crate::input::read_policy_file(&full).map_err(|error| error.to_string())
}

fn save(path: PathBuf, contents: &str, overwrite: bool) -> SaveOutcome {
    match save_atomic(&path, contents, overwrite) {
        Ok(()) => SaveOutcome::Saved(path),
        Err(SaveError::Exists(_)) => SaveOutcome::Exists(path),
        Err(error) => SaveOutcome::Failed(error.to_string()),
    }
}
