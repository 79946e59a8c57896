//! Reading the files the user names (a policy, a requests file): every way that can go wrong
//! becomes one clear line naming the file, and nothing larger than a limit is read into memory.

use std::fmt;
use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::path::{Path, PathBuf};

mod pieces;

pub use pieces::{FilePieces, LineSource, WholeText, settle};

/// Largest policy file read: IAM's largest document limit is 10,240 characters, so 1 MiB is
/// far beyond any real policy and keeps a stray binary from being parsed.
pub const MAX_POLICY_BYTES: usize = 1024 * 1024;

/// Largest dump we read: 512 MiB. IAM's quotas bound a real account (at most 5,000 users, 500
/// groups, 5,000 customer managed policies of 6,144 characters in 5 versions, 10,000 roles with
/// 10,240 characters of inline policy each); the dumps of large real accounts weigh tens of MiB,
/// and a 10,000-user benchmark dump about 25 MiB. The limit keeps a stray disk image from being
/// read into memory while leaving room for percent-encoding, which can triple a document's size.
pub const MAX_DUMP_BYTES: usize = 512 * 1024 * 1024;

/// Why a file could not be read as text. `Display` is one line naming the file.
#[derive(Debug)]
pub enum InputError {
    NotFound(PathBuf),
    IsDirectory(PathBuf),
    NotReadable(PathBuf, io::Error),
    /// `what`: what the file was read as (`a policy`, `an account dump`...).
    TooLarge {
        path: PathBuf,
        limit: usize,
        what: &'static str,
    },
    NotUtf8 {
        path: PathBuf,
        offset: usize,
    },
    Binary(PathBuf),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound(path) => write!(f, "{}: no such file", path.display()),
            InputError::IsDirectory(path) => {
                write!(f, "{}: is a directory, not a file", path.display())
            }
            InputError::NotReadable(path, error) if error.kind() == ErrorKind::PermissionDenied => {
                write!(
                    f,
                    "{}: cannot read the file: permission denied",
                    path.display()
                )
            }
            InputError::NotReadable(path, error) => {
                write!(f, "{}: cannot read the file: {error}", path.display())
            }
            InputError::TooLarge { path, limit, what } => write!(
                f,
                "{}: file is larger than {} and cannot be {what}",
                path.display(),
                human_size(*limit)
            ),
            InputError::NotUtf8 { path, offset } => write!(
                f,
                "{}: not UTF-8 text (invalid byte at offset {offset})",
                path.display()
            ),
            InputError::Binary(path) => {
                write!(
                    f,
                    "{}: looks like a binary file, not JSON text",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for InputError {}

fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads a policy file (at most [`MAX_POLICY_BYTES`]). `-` reads standard input.
pub fn read_policy_file(path: &Path) -> Result<String, InputError> {
    read_text_file(path, MAX_POLICY_BYTES, "a policy")
}

/// Reads an account dump (at most [`MAX_DUMP_BYTES`]: real accounts' dumps are far larger than a
/// policy). `-` reads standard input.
pub fn read_dump_file(path: &Path) -> Result<String, InputError> {
    read_text_file(path, MAX_DUMP_BYTES, "an account dump")
}

/// Reads a UTF-8 text file of at most `limit` bytes; a leading byte-order mark is dropped.
/// `-` reads standard input. `what` names the kind of file when it is too large.
pub fn read_text_file(path: &Path, limit: usize, what: &'static str) -> Result<String, InputError> {
    let (input, size) = open_limited(path, limit, what)?;
    let bytes = read_limited(input, path, limit, size, what)?;
    into_text(bytes, path)
}

/// `path` opened for reading (`-`: standard input) and the size it reports. A folder, or a file
/// that reports more than `limit` bytes, is refused before a byte is read; standard input,
/// devices and pipes report no size, so whoever reads them bounds the reading too.
fn open_limited(
    path: &Path,
    limit: usize,
    what: &'static str,
) -> Result<(Box<dyn Read>, usize), InputError> {
    if path == Path::new("-") {
        return Ok((Box::new(io::stdin().lock()), 0));
    }
    let file = open(path)?;
    let mut size = 0;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(InputError::IsDirectory(path.to_path_buf()));
        }
        if meta.len() > limit as u64 {
            return Err(InputError::TooLarge {
                path: path.to_path_buf(),
                limit,
                what,
            });
        }
        size = meta.len() as usize;
    }
    Ok((Box::new(file), size))
}

fn open(path: &Path) -> Result<File, InputError> {
    File::open(path).map_err(|error| match error.kind() {
        ErrorKind::NotFound => InputError::NotFound(path.to_path_buf()),
        ErrorKind::IsADirectory => InputError::IsDirectory(path.to_path_buf()),
        _ => InputError::NotReadable(path.to_path_buf(), error),
    })
}

/// `expected`: the size the file reports, so that one allocation usually suffices.
fn read_limited(
    reader: impl Read,
    path: &Path,
    limit: usize,
    expected: usize,
    what: &'static str,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(expected + 1);
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| match error.kind() {
            ErrorKind::IsADirectory => InputError::IsDirectory(path.to_path_buf()),
            _ => InputError::NotReadable(path.to_path_buf(), error),
        })?;
    if bytes.len() > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            limit,
            what,
        });
    }
    Ok(bytes)
}

fn into_text(mut bytes: Vec<u8>, path: &Path) -> Result<String, InputError> {
    if starts_with_bom(&bytes) {
        bytes.drain(..3);
    }
    check_text(&bytes, path, 0)?;
    Ok(String::from_utf8(bytes).expect("checked just above"))
}

fn starts_with_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xEF\xBB\xBF")
}

/// `bytes` as text, or why they are not: a NUL byte anywhere, else the first bytes that are not
/// UTF-8 (at `offset` + their position).
fn check_text<'b>(bytes: &'b [u8], path: &Path, offset: usize) -> Result<&'b str, InputError> {
    // JSON text never contains a NUL byte; one is the surest sign of a binary file.
    if crate::text::has_nul(bytes) {
        return Err(InputError::Binary(path.to_path_buf()));
    }
    std::str::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        path: path.to_path_buf(),
        offset: offset + e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn reads_text_and_drops_a_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "p.json", b"\xEF\xBB\xBF{\"a\": 1}");
        assert_eq!(read_policy_file(&path).unwrap(), "{\"a\": 1}");
    }

    #[test]
    fn missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.json");
        let error = read_policy_file(&path).unwrap_err();
        assert!(matches!(error, InputError::NotFound(_)));
        assert_eq!(
            error.to_string(),
            format!("{}: no such file", path.display())
        );
    }

    #[test]
    fn directory() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_policy_file(dir.path()).unwrap_err();
        assert!(matches!(error, InputError::IsDirectory(_)), "{error:?}");
    }

    #[test]
    fn too_large_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let file = File::create(&path).unwrap();
        // Sparse: takes no disk space, and would take long to read were it read.
        file.set_len(64 * 1024 * 1024 * 1024).unwrap();
        let error = read_policy_file(&path).unwrap_err();
        assert!(matches!(error, InputError::TooLarge { .. }), "{error:?}");
        assert!(
            error
                .to_string()
                .ends_with("larger than 1 MiB and cannot be a policy")
        );
    }

    #[test]
    fn a_dump_may_be_far_larger_than_a_policy_but_not_endless() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("account.json");
        let file = File::create(&path).unwrap();
        // Sparse, and all NUL bytes: under the dump limit it is read, and refused as binary.
        file.set_len(2 * 1024 * 1024).unwrap();
        let error = read_dump_file(&path).unwrap_err();
        assert!(matches!(error, InputError::Binary(_)), "{error:?}");
        file.set_len(MAX_DUMP_BYTES as u64 + 1).unwrap();
        let error = read_dump_file(&path).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("larger than 512 MiB and cannot be an account dump"),
            "{error}"
        );
    }

    #[test]
    fn exactly_the_limit_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "p.json", &[b' '; 100]);
        assert_eq!(read_text_file(&path, 100, "a test").unwrap().len(), 100);
        let path = write(dir.path(), "q.json", &[b' '; 101]);
        assert!(read_text_file(&path, 100, "a test").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn endless_device_is_cut_at_the_limit() {
        let error = read_text_file(Path::new("/dev/zero"), 1000, "a test").unwrap_err();
        assert!(matches!(error, InputError::TooLarge { .. }), "{error:?}");
    }

    /// Opens, then fails to read (an I/O error at offset 0), even for root.
    #[cfg(target_os = "linux")]
    #[test]
    fn failing_read_is_named() {
        let error = read_policy_file(Path::new("/proc/self/mem")).unwrap_err();
        assert!(matches!(error, InputError::NotReadable(..)), "{error:?}");
        assert!(
            error
                .to_string()
                .starts_with("/proc/self/mem: cannot read the file: ")
        );
    }

    #[test]
    fn not_utf8_names_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "p.json", b"{\"a\": \"\xff\"}");
        let error = read_policy_file(&path).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: not UTF-8 text (invalid byte at offset 7)",
                path.display()
            )
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "p.bin", b"\x7fELF\x02\x01\x01\x00\x00");
        let error = read_policy_file(&path).unwrap_err();
        assert!(matches!(error, InputError::Binary(_)), "{error:?}");
    }
}
