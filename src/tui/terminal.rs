//! The terminal's lifecycle, all in one place: raw mode and the alternate screen, mouse capture
//! only with `--mouse`, and the way back, on a normal exit, an error or a panic.
//!
//! The way back happens exactly once. A panic runs the panic hook (which restores, then prints
//! the message) and then unwinds through [`Session`]'s `Drop`, which would restore again. Leaving
//! the alternate screen a second time is not harmless: xterm and tmux restore the saved cursor on
//! every leave, so the cursor would jump back to where the wizard started and the shell would
//! write over the panic message.

use std::io::{self, Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal};

/// The screen modes the wizard has switched on, so that they are switched off once.
struct Modes {
    on: AtomicBool,
    mouse: AtomicBool,
}

impl Modes {
    const fn new() -> Modes {
        Modes {
            on: AtomicBool::new(false),
            mouse: AtomicBool::new(false),
        }
    }

    /// The alternate screen is on, and mouse capture if `mouse`.
    fn switched_on(&self, mouse: bool) {
        self.mouse.store(mouse, Ordering::SeqCst);
        self.on.store(true, Ordering::SeqCst);
    }

    /// Writes what switches them off (and shows the cursor, which drawing hides) the first time
    /// after [`Modes::switched_on`]; afterwards nothing.
    fn switch_off(&self, out: &mut impl Write) -> io::Result<()> {
        if !self.on.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        if self.mouse.load(Ordering::SeqCst) {
            queue!(out, DisableMouseCapture)?;
        }
        queue!(out, DisableBracketedPaste, LeaveAlternateScreen, Show)?;
        out.flush()
    }
}

static MODES: Modes = Modes::new();

/// Puts the terminal back: raw mode off (crossterm does that once by itself), then the screen
/// modes. Called by the panic hook and by [`Session`]'s `Drop`; whichever comes second does
/// nothing.
fn restore() {
    let _ = disable_raw_mode();
    let _ = MODES.switch_off(&mut stdout());
}

/// Restores the terminal before the panic message is printed (installed once per process, on
/// top of whatever hook was there).
fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Puts the terminal back when dropped, whatever path leaves the wizard.
pub struct Session {
    pub terminal: DefaultTerminal,
}

impl Session {
    /// Enters raw mode and the alternate screen, and captures the mouse if asked to.
    pub fn start(mouse: bool) -> io::Result<Session> {
        install_panic_hook();
        let started = enter(mouse).and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
        match started {
            Ok(terminal) => Ok(Session { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    MODES.switched_on(mouse);
    // A paste arrives as one event, so pasted text is never taken for key presses.
    execute!(stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_modes_are_switched_off_once() {
        let modes = Modes::new();
        let mut out = Vec::new();
        modes.switch_off(&mut out).expect("writing to memory");
        assert!(out.is_empty(), "nothing was on: {out:?}");

        modes.switched_on(false);
        modes.switch_off(&mut out).expect("writing to memory");
        assert_eq!(
            out, b"\x1b[?2004l\x1b[?1049l\x1b[?25h",
            "bracketed paste off, leave, then show the cursor"
        );

        // The second restore (the panic hook, then Drop while unwinding) writes nothing: another
        // leave would move the cursor back to where the wizard started.
        out.clear();
        modes.switch_off(&mut out).expect("writing to memory");
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn mouse_capture_is_released_when_it_was_taken() {
        let modes = Modes::new();
        modes.switched_on(true);
        let mut out = Vec::new();
        modes.switch_off(&mut out).expect("writing to memory");
        let written = String::from_utf8(out).expect("escape sequences are ASCII");
        assert!(written.contains("\x1b[?1000l"), "{written:?}");
        assert!(written.ends_with("\x1b[?1049l\x1b[?25h"), "{written:?}");
    }
}
