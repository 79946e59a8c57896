//! A 64 KiB tmpfs for the tests of a full disk and of a read-only folder (product spec §9: never a
//! device node such as `/dev/full`, which an atomic save run as root would replace). Mounting
//! needs root; where it is not allowed, [`SmallTmpfs::mount`] gives `None` and the test skips
//! with a note.
//!
//! Used by the library's own save tests (`src/output.rs`), the command-line tests (`tests/cli/`)
//! and the real-terminal tests (`tests/e2e_tmux/`).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The mounted file system; unmounted when dropped.
pub struct SmallTmpfs {
    dir: tempfile::TempDir,
}

impl SmallTmpfs {
    /// Mounts a fresh tmpfs on a new temporary folder, or `None` when mounting is not allowed.
    pub fn mount() -> Option<SmallTmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallTmpfs { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file `filler` until the file system refuses: the disk is then full.
    pub fn fill(&self) {
        let chunk = vec![b'x'; 4096];
        let mut filler = fs::File::create(self.path().join("filler")).expect("a file on the tmpfs");
        while filler.write_all(&chunk).is_ok() {}
    }

    /// Remounts read-only, which stops root too (file permissions do not).
    pub fn make_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for SmallTmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}
