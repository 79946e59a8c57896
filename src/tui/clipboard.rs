//! Copying: tmux's paste buffer inside tmux, the system clipboard through arboard, or OSC 52 (the
//! terminal's own clipboard, which also reaches the local machine from an SSH session).
//!
//! Inside tmux, `tmux load-buffer -w -` puts the text in tmux's paste buffer, which tmux confirms
//! by its exit status, and has tmux itself pass it on to the outer terminal's clipboard: tmux
//! forwards its own OSC 52 under the default `set-clipboard external`, while an application's
//! OSC 52 is dropped unless that option is `on` (tmux(1), `set-clipboard`, `load-buffer -w`).
//!
//! The arboard handle is created on the first copy and kept for the whole session: on X11 and
//! Wayland the copying process serves the clipboard's content, and a dropped handle loses it
//! (arboard's README, "Clipboard Ownership"). In a remote session (SSH_TTY or TMUX set) the
//! system clipboard would be the remote machine's, so it is not used.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

use super::action::CopyOutcome;

/// OSC 52 payloads above this are refused: tmux drops sequences over its input buffer (1 MiB by
/// default) and some terminals cap far lower; real policies are a few kilobytes.
const OSC52_MAX_BYTES: usize = 100_000;

/// A session whose system clipboard is not the user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remote {
    Tmux,
    Ssh,
}

impl Remote {
    fn reason(self) -> &'static str {
        match self {
            Remote::Tmux => "tmux session",
            Remote::Ssh => "SSH session",
        }
    }
}

/// Loads text into tmux's paste buffer; `Err` says why not.
type TmuxLoader = fn(&str) -> Result<(), String>;

/// The clipboard of one wizard session.
pub struct Clipboard {
    /// Why copies skip the system clipboard, if they do.
    remote: Option<Remote>,
    /// The arboard handle once tried: the handle, or why there is none.
    system: Option<Result<arboard::Clipboard, String>>,
    load_tmux_buffer: TmuxLoader,
}

impl Clipboard {
    pub fn new(remote: Option<Remote>) -> Clipboard {
        Clipboard {
            remote,
            system: None,
            load_tmux_buffer: tmux_load_buffer,
        }
    }

    /// Copies `text` to tmux's paste buffer (in tmux) or the system clipboard (elsewhere but
    /// SSH); failing that, or over SSH, writes it as OSC 52 to `terminal`. Says which happened.
    pub fn copy(&mut self, text: &str, terminal: &mut impl Write) -> CopyOutcome {
        let reason = match self.remote {
            Some(Remote::Tmux) => match (self.load_tmux_buffer)(text) {
                Ok(()) => return CopyOutcome::TmuxBuffer,
                Err(why) => format!("tmux session; tmux load-buffer failed: {why}"),
            },
            Some(remote) => remote.reason().to_owned(),
            None => match self.copy_to_system(text) {
                Ok(()) => return CopyOutcome::Clipboard,
                Err(why) => format!("no system clipboard: {why}"),
            },
        };
        if text.len() > OSC52_MAX_BYTES {
            return CopyOutcome::Failed(format!(
                "{} bytes is too much for OSC 52 ({reason})",
                text.len()
            ));
        }
        let written = terminal
            .write_all(osc52(text).as_bytes())
            .and_then(|()| terminal.flush());
        match written {
            Ok(()) => CopyOutcome::Osc52 { reason },
            Err(error) => CopyOutcome::Failed(format!(
                "could not write OSC 52 to the terminal: {error} ({reason})"
            )),
        }
    }

    fn copy_to_system(&mut self, text: &str) -> Result<(), String> {
        let system = self
            .system
            .get_or_insert_with(|| arboard::Clipboard::new().map_err(|e| short_error(&e)));
        match system {
            Ok(clipboard) => clipboard.set_text(text).map_err(|e| short_error(&e)),
            Err(why) => Err(why.clone()),
        }
    }
}

/// `tmux load-buffer -w -` with `text` on its standard input (tmux 3.2 or later; an older tmux
/// refuses `-w` and the copy falls back to OSC 52). Its output never reaches the screen.
fn tmux_load_buffer(text: &str) -> Result<(), String> {
    let mut child = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tmux: {e}"))?;
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(text.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("tmux did not finish: {e}"))?;
    if output.status.success() {
        return match written {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => Err(format!("cannot write to tmux: {e}")),
            None => Err("no pipe to tmux".to_owned()),
        };
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().next().unwrap_or("").trim();
    Err(if first.is_empty() {
        format!("tmux exited with {}", output.status)
    } else {
        first.chars().filter(|c| !c.is_control()).collect()
    })
}

/// arboard's messages start with a generic phrase ("Unknown error while interacting with the
/// clipboard: X11 server connection timed out ..."); the cause after it is what helps.
fn short_error(error: &arboard::Error) -> String {
    let message = error.to_string();
    match message.split_once(": ") {
        Some((_, cause)) if !cause.is_empty() => cause.to_owned(),
        _ => message,
    }
}

/// A remote session: a set (non-empty) `TMUX`, else `SSH_TTY`.
pub fn remote_session(tmux: Option<&OsStr>, ssh_tty: Option<&OsStr>) -> Option<Remote> {
    let set = |value: Option<&OsStr>| value.is_some_and(|v| !v.is_empty());
    if set(tmux) {
        Some(Remote::Tmux)
    } else if set(ssh_tty) {
        Some(Remote::Ssh)
    } else {
        None
    }
}

/// `ESC ] 52 ; c ; <base64> BEL`: asks the terminal to put `text` on its clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn osc52_sequence_bytes() {
        assert_eq!(osc52("foo"), "\x1b]52;c;Zm9v\x07");
    }

    #[test]
    fn remote_when_tmux_or_ssh_is_set_and_not_empty() {
        let some = Some(OsStr::new("/tmp/tmux-0/default,1,0"));
        assert_eq!(remote_session(some, None), Some(Remote::Tmux));
        assert_eq!(
            remote_session(None, Some(OsStr::new("/dev/pts/1"))),
            Some(Remote::Ssh)
        );
        assert_eq!(remote_session(Some(OsStr::new("")), None), None);
        assert_eq!(remote_session(None, None), None);
    }

    fn in_tmux(load_tmux_buffer: TmuxLoader) -> Clipboard {
        Clipboard {
            load_tmux_buffer,
            ..Clipboard::new(Some(Remote::Tmux))
        }
    }

    #[test]
    fn in_tmux_the_paste_buffer_takes_the_text_and_nothing_goes_to_the_terminal() {
        let mut terminal = Vec::new();
        let outcome = in_tmux(|_| Ok(())).copy("foo", &mut terminal);
        assert_eq!(outcome, CopyOutcome::TmuxBuffer);
        assert!(terminal.is_empty(), "{terminal:?}");
    }

    #[test]
    fn when_tmux_refuses_the_text_goes_as_osc52_with_the_reason() {
        let mut terminal = Vec::new();
        let outcome = in_tmux(|_| Err("unknown flag -w".to_owned())).copy("foo", &mut terminal);
        assert_eq!(
            outcome,
            CopyOutcome::Osc52 {
                reason: "tmux session; tmux load-buffer failed: unknown flag -w".to_owned()
            }
        );
        assert_eq!(terminal, b"\x1b]52;c;Zm9v\x07");
    }

    #[test]
    fn ssh_session_writes_osc52_and_says_so() {
        let mut clipboard = Clipboard::new(Some(Remote::Ssh));
        let mut terminal = Vec::new();
        let outcome = clipboard.copy("foo", &mut terminal);
        assert_eq!(
            outcome,
            CopyOutcome::Osc52 {
                reason: "SSH session".to_owned()
            }
        );
        assert_eq!(terminal, b"\x1b]52;c;Zm9v\x07");
    }

    #[test]
    fn oversized_text_is_refused_not_sent() {
        let mut clipboard = Clipboard::new(Some(Remote::Ssh));
        let mut terminal = Vec::new();
        let outcome = clipboard.copy(&"x".repeat(OSC52_MAX_BYTES + 1), &mut terminal);
        assert!(matches!(outcome, CopyOutcome::Failed(_)));
        assert!(terminal.is_empty());
    }

    #[test]
    fn a_failing_terminal_is_reported() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("gone"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let outcome = Clipboard::new(Some(Remote::Ssh)).copy("foo", &mut Broken);
        assert!(matches!(outcome, CopyOutcome::Failed(why) if why.contains("gone")));
    }
}
