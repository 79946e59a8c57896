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
    /// Starts `command` (run by `sh -c`) in `dir`, or `None` when tmux is missing.
    pub fn start(test: &str, dir: &Path, command: &str) -> Option<Tmux> {
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
        let script = format!("{command}; echo EXITED $?; sleep 600");
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
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Sends each key by its tmux name (`j`, `Enter`, `BSpace`, `C-c`, ...).
    pub fn send(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "t", key]);
        }
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
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

    /// A tmux format read from the session, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        let output = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
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

/// `iamself-tui generate ARGS`: the reference the wizard's output is compared with.
pub fn generate(args: &[&str]) -> String {
    let output = Command::new(BINARY)
        .arg("generate")
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The wizard's path, quoted for `sh`.
pub fn wizard() -> String {
    format!("'{BINARY}'")
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
