//! Copying: the system clipboard through arboard, or OSC 52 (the terminal's own clipboard, which
//! also reaches the local machine from an SSH or tmux session).
//!
//! The arboard handle is created on the first copy and kept for the whole session: on X11 and
//! Wayland the copying process serves the clipboard's content, and a dropped handle loses it
//! (arboard's README, "Clipboard Ownership"). In a remote session (SSH_TTY or TMUX set) the
//! system clipboard would be the remote machine's, so OSC 52 goes first.

use std::ffi::OsStr;
use std::io::Write;

use super::action::CopyOutcome;

/// OSC 52 payloads above this are refused: tmux drops sequences over its input buffer (1 MiB by
/// default) and some terminals cap far lower; real policies are a few kilobytes.
const OSC52_MAX_BYTES: usize = 100_000;

/// The clipboard of one wizard session.
pub struct Clipboard {
    /// Why copies go to OSC 52 first (a remote session), if they do.
    remote: Option<&'static str>,
    /// The arboard handle once tried: the handle, or why there is none.
    system: Option<Result<arboard::Clipboard, String>>,
}

impl Clipboard {
    pub fn new(remote: Option<&'static str>) -> Clipboard {
        Clipboard {
            remote,
            system: None,
        }
    }

    /// Copies `text` to the system clipboard or, failing that or in a remote session, writes it
    /// as OSC 52 to `terminal`. Says which happened.
    pub fn copy(&mut self, text: &str, terminal: &mut impl Write) -> CopyOutcome {
        let reason = match self.remote {
            Some(remote) => remote.to_owned(),
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

/// arboard's messages start with a generic phrase ("Unknown error while interacting with the
/// clipboard: X11 server connection timed out ..."); the cause after it is what helps.
fn short_error(error: &arboard::Error) -> String {
    let message = error.to_string();
    match message.split_once(": ") {
        Some((_, cause)) if !cause.is_empty() => cause.to_owned(),
        _ => message,
    }
}

/// Why the session counts as remote: a set (non-empty) `TMUX` or `SSH_TTY`.
pub fn remote_session(tmux: Option<&OsStr>, ssh_tty: Option<&OsStr>) -> Option<&'static str> {
    let set = |value: Option<&OsStr>| value.is_some_and(|v| !v.is_empty());
    if set(tmux) {
        Some("tmux session")
    } else if set(ssh_tty) {
        Some("SSH session")
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
        assert_eq!(remote_session(some, None), Some("tmux session"));
        assert_eq!(
            remote_session(None, Some(OsStr::new("/dev/pts/1"))),
            Some("SSH session")
        );
        assert_eq!(remote_session(Some(OsStr::new("")), None), None);
        assert_eq!(remote_session(None, None), None);
    }

    #[test]
    fn remote_session_writes_osc52_and_says_so() {
        let mut clipboard = Clipboard::new(Some("tmux session"));
        let mut terminal = Vec::new();
        let outcome = clipboard.copy("foo", &mut terminal);
        assert_eq!(
            outcome,
            CopyOutcome::Osc52 {
                reason: "tmux session".to_owned()
            }
        );
        assert_eq!(terminal, b"\x1b]52;c;Zm9v\x07");
    }

    #[test]
    fn oversized_text_is_refused_not_sent() {
        let mut clipboard = Clipboard::new(Some("SSH session"));
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
        let outcome = Clipboard::new(Some("tmux session")).copy("foo", &mut Broken);
        assert!(matches!(outcome, CopyOutcome::Failed(why) if why.contains("gone")));
    }
}
