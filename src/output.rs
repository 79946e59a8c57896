//! Saving a file so that it is either fully written or not touched at all: the text goes to a
//! temporary file in the target's folder, is flushed to disk, and is then renamed over the target
//! (a rename within one file system is atomic). On any error the temporary file is removed, so no
//! partial file is ever left behind.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Why a save failed. `Display` is one line naming the path and the cause.
#[derive(Debug)]
pub enum SaveError {
    /// The target exists and overwriting was not asked for; the caller may ask and retry.
    Exists(PathBuf),
    /// The folder the file should go into does not exist.
    MissingFolder(PathBuf),
    /// The target (or what should be its folder) is a directory / not a directory.
    IsDirectory(PathBuf),
    NotAFolder(PathBuf),
    /// The target is a device, a pipe or a socket, which a rename would replace.
    NotRegularFile(PathBuf),
    /// Permission denied or a read-only file system.
    NotWritable(PathBuf, io::Error),
    /// No space left (or quota exceeded).
    DiskFull(PathBuf),
    /// Anything else the operating system reported.
    Io(PathBuf, io::Error),
}

impl SaveError {
    /// The file (or folder) the error is about.
    pub fn path(&self) -> &Path {
        match self {
            SaveError::Exists(path)
            | SaveError::MissingFolder(path)
            | SaveError::IsDirectory(path)
            | SaveError::NotAFolder(path)
            | SaveError::NotRegularFile(path)
            | SaveError::NotWritable(path, _)
            | SaveError::DiskFull(path)
            | SaveError::Io(path, _) => path,
        }
    }

    fn from_io(path: &Path, error: io::Error) -> SaveError {
        let path = path.to_path_buf();
        match error.kind() {
            ErrorKind::AlreadyExists => SaveError::Exists(path),
            ErrorKind::IsADirectory => SaveError::IsDirectory(path),
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                SaveError::NotWritable(path, error)
            }
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SaveError::DiskFull(path),
            _ => SaveError::Io(path, error),
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path().display();
        match self {
            SaveError::Exists(_) => write!(f, "{path} already exists"),
            SaveError::MissingFolder(_) => {
                write!(f, "cannot save to {path}: the folder does not exist")
            }
            SaveError::IsDirectory(_) => write!(f, "cannot save to {path}: it is a directory"),
            SaveError::NotAFolder(_) => {
                write!(f, "cannot save to {path}: its parent is not a folder")
            }
            SaveError::NotRegularFile(_) => write!(
                f,
                "cannot save to {path}: not a regular file (a device, pipe or socket is never replaced)"
            ),
            SaveError::NotWritable(_, error) if error.kind() == ErrorKind::ReadOnlyFilesystem => {
                write!(f, "cannot save to {path}: the file system is read-only")
            }
            SaveError::NotWritable(_, _) => {
                write!(f, "cannot save to {path}: permission denied")
            }
            SaveError::DiskFull(_) => write!(f, "cannot save to {path}: no space left on device"),
            SaveError::Io(_, error) => write!(f, "cannot save to {path}: {error}"),
        }
    }
}

impl std::error::Error for SaveError {}

/// Writes `contents` to `path` atomically. Without `overwrite`, an existing file is never
/// replaced (checked again at the rename, so a file appearing meanwhile is not clobbered either).
pub fn save_atomic(path: &Path, contents: &str, overwrite: bool) -> Result<(), SaveError> {
    let resolved;
    let path = if fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) && path.exists() {
        // Through a symbolic link, like an editor: the link stays and its target is replaced.
        resolved = fs::canonicalize(path).map_err(|e| SaveError::from_io(path, e))?;
        resolved.as_path()
    } else {
        path
    };
    let Some(file_name) = path.file_name() else {
        return Err(SaveError::IsDirectory(path.to_path_buf()));
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(SaveError::NotAFolder(path.to_path_buf())),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Err(SaveError::MissingFolder(path.to_path_buf()));
        }
        Err(error) if error.kind() == ErrorKind::NotADirectory => {
            return Err(SaveError::NotAFolder(path.to_path_buf()));
        }
        Err(error) => return Err(SaveError::from_io(path, error)),
    }
    let existing = fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(SaveError::IsDirectory(path.to_path_buf()));
        }
        if !meta.is_file() {
            return Err(SaveError::NotRegularFile(path.to_path_buf()));
        }
        if !overwrite {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
    }

    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(file_name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any new file: 0666 less the umask (tempfile's default is owner-only).
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|e| SaveError::from_io(path, e))?;
    if let Some(meta) = &existing {
        // Overwriting keeps the old file's permissions, as an editor would.
        fs::set_permissions(temp.path(), meta.permissions())
            .map_err(|e| SaveError::from_io(path, e))?;
    }
    write_and_sync(&mut temp, contents).map_err(|e| SaveError::from_io(path, e))?;

    let persisted = if overwrite {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    // On failure the PersistError carries the temporary file; dropping it deletes it.
    persisted.map_err(|e| SaveError::from_io(path, e.error))?;
    sync_folder(folder);
    Ok(())
}

fn write_and_sync(temp: &mut NamedTempFile, contents: &str) -> io::Result<()> {
    let file = temp.as_file_mut();
    file.write_all(contents.as_bytes())?;
    file.flush()?;
    file.sync_all()
}

/// Makes the rename itself durable. Some file systems cannot sync a directory; the file is
/// complete either way, so that is not an error.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        save_atomic(&path, "{}\n", false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "{}\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_unless_the_umask_says_otherwise() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        save_atomic(&path, "{}", false).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_ne!(mode & 0o600, 0, "owner can read and write");
        assert_eq!(mode & 0o111, 0, "not executable");
    }

    #[test]
    fn refuses_to_overwrite_without_permission_and_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        fs::write(&path, "old").unwrap();
        let error = save_atomic(&path, "new", false).unwrap_err();
        assert!(matches!(error, SaveError::Exists(_)), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("{} already exists", path.display())
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn overwrites_when_asked_and_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        save_atomic(&path, "new", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("policy.json");
        let error = save_atomic(&path, "x", false).unwrap_err();
        assert!(matches!(error, SaveError::MissingFolder(_)), "{error:?}");
        assert!(error.to_string().contains("the folder does not exist"));
        assert!(error.to_string().contains("policy.json"));
    }

    #[test]
    fn a_directory_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let error = save_atomic(dir.path(), "x", true).unwrap_err();
        assert!(matches!(error, SaveError::IsDirectory(_)), "{error:?}");
        let error = save_atomic(&dir.path().join(".."), "x", true).unwrap_err();
        assert!(matches!(error, SaveError::IsDirectory(_)), "{error:?}");
        assert!(leftovers(dir.path()).is_empty());
    }

    /// A FIFO stands for every special file: as root, a rename would replace even `/dev/null`.
    #[cfg(unix)]
    #[test]
    fn special_files_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let error = save_atomic(&fifo, "x", true).unwrap_err();
        assert!(matches!(error, SaveError::NotRegularFile(_)), "{error:?}");
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_symlink_replaces_the_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = save_atomic(&link, "new", false).unwrap_err();
        assert!(matches!(error, SaveError::Exists(_)), "{error:?}");
        save_atomic(&link, "new", true).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn a_file_as_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let error = save_atomic(&file.join("policy.json"), "x", false).unwrap_err();
        assert!(matches!(error, SaveError::NotAFolder(_)), "{error:?}");
    }

    /// A 64 KiB tmpfs fills up for real; skipped where mounting is not allowed (not root, or in
    /// a container without the capability).
    #[cfg(target_os = "linux")]
    #[test]
    fn full_disk_leaves_no_file_behind() {
        let Some(mount) = crate::testing::SmallTmpfs::mount() else {
            eprintln!("skipped: cannot mount a tmpfs here");
            return;
        };
        let path = mount.path().join("policy.json");
        let big = "x".repeat(256 * 1024);
        let error = save_atomic(&path, &big, false).unwrap_err();
        assert!(matches!(error, SaveError::DiskFull(_)), "{error:?}");
        assert!(error.to_string().contains("no space left on device"));
        assert!(!path.exists());
        assert!(leftovers(mount.path()).is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn read_only_folder_is_named() {
        let Some(mount) = crate::testing::SmallTmpfs::mount() else {
            eprintln!("skipped: cannot mount a tmpfs here");
            return;
        };
        if !mount.make_read_only() {
            eprintln!("skipped: cannot remount read-only");
            return;
        }
        let path = mount.path().join("policy.json");
        let error = save_atomic(&path, "{}", false).unwrap_err();
        assert!(matches!(error, SaveError::NotWritable(..)), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!(
                "cannot save to {}: the file system is read-only",
                path.display()
            )
        );
        assert!(!path.exists());
    }
}
