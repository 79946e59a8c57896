//! The real-terminal harness: tmux runs the binary in a detached session of fixed size, a test
//! sends keys and polls `capture-pane` until the expected text appears (with a deadline, never a
//! fixed sleep). Each test has its own tmux server (`-L <unique socket>`), killed on drop, so
//! tests may run in parallel.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_iamself-tui");
pub const WIDTH: u16 = 100;
pub const HEIGHT: u16 = 30;
const DEADLINE: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(40);

/// One tmux server with one session `t`, running a command; killed when dropped, and its
/// socket file removed (tmux 3.3 leaves it behind).
pub struct Tmux {
    socket: String,
    socket_path: Option<PathBuf>,
}

impl Tmux {
    /// Starts `command` (run by `sh -c`) in `dir`, or `None` when tmux is missing. When the
    /// command ends, the shell prints `EXITED <status>` and idles, so the screen stays readable.
    pub fn start(test: &str, dir: &Path, command: &str) -> Option<Tmux> {
        Tmux::start_then(test, dir, command, &[])
    }

    /// Like [`Tmux::start`], with more shell commands run after `EXITED <status>` is printed.
    pub fn start_then(test: &str, dir: &Path, command: &str, after: &[&str]) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("note: tmux is not installed; skipping the real-terminal test {test}");
            return None;
        }
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "iamself-e2e-{}-{}-{test}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut tmux = Tmux {
            socket,
            socket_path: None,
        };
        // The session outlives the wizard, so the shell can report how it exited.
        let mut script = format!("{command}; echo EXITED $?");
        for then in after {
            script.push_str("; ");
            script.push_str(then);
        }
        script.push_str("; sleep 600");
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &WIDTH.to_string(),
            "-y",
            &HEIGHT.to_string(),
            "-c",
            &dir.display().to_string(),
            "env",
            "TERM=xterm-256color",
            "sh",
            "-c",
            &script,
        ]);
        tmux.socket_path = Some(PathBuf::from(tmux.display("#{socket_path}")));
        Some(tmux)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let mut tmux = Command::new("tmux");
        tmux.args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args);
        succeed(&mut tmux, &format!("tmux {args:?}"))
    }

    /// Sends each key by its tmux name (`j`, `Enter`, `BSpace`, `C-c`, ...).
    pub fn send(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "t", key]);
        }
    }

    /// Sends one key `times` times in a row.
    pub fn send_repeated(&self, key: &str, times: usize) {
        self.run(&["send-keys", "-t", "t", "-N", &times.to_string(), key]);
    }

    /// Types `text` literally, character by character.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Resizes the window (and so its only pane) to `columns` x `rows`.
    pub fn resize(&self, columns: u16, rows: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &columns.to_string(),
            "-y",
            &rows.to_string(),
        ]);
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// The screen with each line the terminal wrapped joined back into one.
    pub fn capture_joined(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-J", "-t", "t"]).stdout;
        String::from_utf8_lossy(&output).into_owned()
    }

    /// Polls the screen until `text` is on it; returns that screen. Fails with the last screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), |screen| {
            screen.contains(text)
        })
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if done(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the command has ended; returns its exit status and the screen.
    pub fn wait_for_exit(&self) -> (i32, String) {
        let screen = self.wait_until("the wizard to exit", |s| exit_status(s).is_some());
        let status = exit_status(&screen).expect("an EXITED line");
        (status, screen)
    }

    /// A tmux format read from the session, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        let output = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Quits with `q` and checks that the wizard ended with status 0 and left the alternate
    /// screen. Returns the screen after the exit.
    pub fn quit(&self) -> String {
        self.send(&["q"]);
        let (status, screen) = self.wait_for_exit();
        assert_eq!(status, 0, "{screen}");
        assert_eq!(self.display("#{alternate_on}"), "0", "{screen}");
        screen
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The wizard, without arguments, in `dir`, once its first screen is drawn; `None` without tmux.
pub fn start_wizard(test: &str, dir: &Path) -> Option<Tmux> {
    let tmux = Tmux::start(test, dir, &wizard())?;
    tmux.wait_for("Truth table");
    Some(tmux)
}

/// The status of an `EXITED <status>` line on the screen.
fn exit_status(screen: &str) -> Option<i32> {
    screen
        .lines()
        .find_map(|line| line.trim().strip_prefix("EXITED ")?.parse().ok())
}

/// `iamself-tui generate ARGS`: the reference the wizard's output is compared with.
pub fn generate(args: &[&str]) -> String {
    let mut generate = Command::new(BINARY);
    generate.arg("generate").args(args);
    String::from_utf8(succeed(&mut generate, "generate").stdout).expect("UTF-8")
}

/// Runs `command`; fails the test, with its standard error, unless it succeeds.
fn succeed(command: &mut Command, what: &str) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what} does not run: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The wizard's path, quoted for `sh`.
pub fn wizard() -> String {
    format!("'{BINARY}'")
}

/// The wizard with `args`, run by `env` with `env_args` (`-u NAME` unsets, `NAME=value` sets).
pub fn wizard_with_env(env_args: &str, args: &str) -> String {
    format!("env {env_args} {} {args}", wizard())
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every entry of `dir` (hidden ones too, so a left-over temporary file shows) with its bytes,
/// sorted by name: equal before and after means nothing was created, changed or left behind.
pub fn folder_state(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut entries: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.expect("a readable folder");
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let bytes = if path.is_dir() {
                Vec::new()
            } else {
                std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            };
            (name, bytes)
        })
        .collect();
    entries.sort();
    entries
}

/// Fails unless `dir` holds exactly what [`folder_state`] saw before (naming the entries, not
/// printing their bytes).
#[track_caller]
pub fn assert_unchanged(dir: &Path, before: &[(String, Vec<u8>)]) {
    let after = folder_state(dir);
    let names = |state: &[(String, Vec<u8>)]| -> Vec<String> {
        state
            .iter()
            .map(|(name, bytes)| format!("{name} ({} bytes)", bytes.len()))
            .collect()
    };
    assert!(
        after == before,
        "{} changed: before {:?}, after {:?}",
        dir.display(),
        names(before),
        names(&after)
    );
}
