//! The terminal's lifecycle, all in one place: raw mode and the alternate screen (ratatui's
//! `try_init`, which also installs a panic hook that restores them), mouse capture only with
//! `--mouse`, and the way back, on a normal exit, an error or a panic.

use std::io::{self, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// Puts the terminal back when dropped, whatever path leaves the wizard.
pub struct Session {
    pub terminal: DefaultTerminal,
    mouse: bool,
}

impl Session {
    /// Enters raw mode and the alternate screen, and captures the mouse if asked to.
    pub fn start(mouse: bool) -> io::Result<Session> {
        if mouse {
            // Installed before ratatui's hook, which restores the screen and then calls this one.
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = execute!(stdout(), DisableMouseCapture);
                previous(info);
            }));
        }
        let terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
        let session = Session { terminal, mouse };
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        Ok(session)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.mouse {
            let _ = execute!(stdout(), DisableMouseCapture);
        }
        ratatui::restore();
    }
}
