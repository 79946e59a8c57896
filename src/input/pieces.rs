//! A text read in pieces of whole lines through one reused buffer, so that a large file (or
//! standard input) is never held in memory (the requests of `simulate`). Every piece is checked
//! as [`read_text_file`] checks a whole text, and the errors come in the same order of
//! precedence (a binary file before text that is not UTF-8, both before any error of a line).

use std::borrow::Cow;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

#[cfg(doc)]
use super::read_text_file;
use super::{InputError, check_text, open_limited, starts_with_bom};

/// Bytes read at a time. A piece is what the buffer holds up to its last line end; a line longer
/// than the buffer grows it.
const BUFFER_BYTES: usize = 128 * 1024;

/// A text handed out in pieces of whole lines (each ends just after a `\n`, the last one at the
/// end of the text).
pub trait LineSource {
    /// The next piece, checked; `None` at the end of the text.
    fn next_piece(&mut self) -> Result<Option<&str>, InputError>;

    /// After an error (of a piece, or of a line in one): the first error in the rest of the
    /// text, a NUL byte at once or else the first bytes that are not UTF-8. [`settle`] uses it
    /// to report what reading the text whole would have reported.
    fn check_rest(&mut self) -> Result<(), InputError>;

    /// About how many bytes the text holds (to size what is built from it).
    fn size_hint(&self) -> usize;
}

/// The error to report once `found` (bytes that are not UTF-8, or an error of a line) has
/// stopped the reading of `source`, in the order of precedence of [`read_text_file`], which
/// reads and checks the whole text before any line: an error reading the rest or a NUL byte in
/// it, then the first bytes that are not UTF-8, then the error of a line.
pub fn settle<E: From<InputError>>(source: &mut impl LineSource, found: E, in_a_line: bool) -> E {
    match source.check_rest() {
        Ok(()) => found,
        Err(InputError::NotUtf8 { .. }) if !in_a_line => found,
        Err(error) => error.into(),
    }
}

/// A text already in memory (and checked whole): one piece.
pub struct WholeText<'t> {
    text: Cow<'t, str>,
    handed: bool,
}

impl<'t> WholeText<'t> {
    pub fn new(text: Cow<'t, str>) -> Self {
        WholeText {
            text,
            handed: false,
        }
    }
}

impl LineSource for WholeText<'_> {
    fn next_piece(&mut self) -> Result<Option<&str>, InputError> {
        if std::mem::replace(&mut self.handed, true) || self.text.is_empty() {
            return Ok(None);
        }
        Ok(Some(&self.text))
    }

    fn check_rest(&mut self) -> Result<(), InputError> {
        Ok(())
    }

    fn size_hint(&self) -> usize {
        self.text.len()
    }
}

/// A file, a pipe or standard input read through one buffer.
pub struct FilePieces {
    input: Box<dyn Read>,
    /// The size the file had when opened (0 for a pipe or standard input).
    size: usize,
    path: PathBuf,
    limit: usize,
    what: &'static str,
    buffer: Vec<u8>,
    /// `buffer[..filled]` holds bytes read; `buffer[..handed]` is the piece handed out last.
    filled: usize,
    handed: usize,
    /// The offset in the text (without a byte-order mark) of `buffer[0]`.
    offset: usize,
    /// Bytes read from the file since the start, against `limit`.
    read: usize,
    at_start: bool,
    at_end: bool,
}

impl FilePieces {
    /// Opens `path` (`-`: standard input), refusing a file over `limit` bytes before reading it;
    /// standard input, a pipe or a device, whose size is not known, is cut at the limit as it is
    /// read.
    pub fn open(path: &Path, limit: usize, what: &'static str) -> Result<Self, InputError> {
        let (input, size) = open_limited(path, limit, what)?;
        Ok(FilePieces::new(
            input,
            path,
            size,
            limit,
            what,
            BUFFER_BYTES,
        ))
    }

    fn new(
        input: Box<dyn Read>,
        path: &Path,
        size: usize,
        limit: usize,
        what: &'static str,
        buffer_bytes: usize,
    ) -> Self {
        FilePieces {
            input,
            size,
            path: path.to_path_buf(),
            limit,
            what,
            buffer: vec![0; buffer_bytes],
            filled: 0,
            handed: 0,
            offset: 0,
            read: 0,
            at_start: true,
            at_end: false,
        }
    }

    /// The length of the next piece (its bytes unchecked at the start of the buffer, at
    /// `self.offset` in the text); 0 at the end of the text.
    fn next_bytes(&mut self) -> Result<usize, InputError> {
        self.buffer.copy_within(self.handed..self.filled, 0);
        self.offset += self.handed;
        self.filled -= self.handed;
        self.handed = 0;
        let mut searched = 0;
        self.handed = loop {
            if self.filled == self.buffer.len() || self.at_end {
                let last = self.buffer[searched..self.filled]
                    .iter()
                    .rposition(|&b| b == b'\n');
                match last {
                    Some(last) => break searched + last + 1,
                    None if self.at_end => break self.filled,
                    None => {
                        // One line fills the buffer: room for more of it.
                        searched = self.filled;
                        self.buffer.resize(self.buffer.len() * 2, 0);
                    }
                }
            }
            self.fill()?;
        };
        Ok(self.handed)
    }

    /// Reads until the buffer is full or the file ends.
    fn fill(&mut self) -> Result<(), InputError> {
        while self.filled < self.buffer.len() && !self.at_end {
            match self.input.read(&mut self.buffer[self.filled..]) {
                Ok(0) => self.at_end = true,
                Ok(count) => {
                    self.read += count;
                    self.filled += count;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(self.not_readable(e)),
            }
            if self.read > self.limit {
                return Err(InputError::TooLarge {
                    path: self.path.clone(),
                    limit: self.limit,
                    what: self.what,
                });
            }
        }
        if std::mem::replace(&mut self.at_start, false)
            && starts_with_bom(&self.buffer[..self.filled])
        {
            self.buffer.copy_within(3..self.filled, 0);
            self.filled -= 3;
        }
        Ok(())
    }

    fn not_readable(&self, error: std::io::Error) -> InputError {
        match error.kind() {
            ErrorKind::IsADirectory => InputError::IsDirectory(self.path.clone()),
            _ => InputError::NotReadable(self.path.clone(), error),
        }
    }
}

impl LineSource for FilePieces {
    fn next_piece(&mut self) -> Result<Option<&str>, InputError> {
        match self.next_bytes()? {
            0 => Ok(None),
            length => Ok(Some(check_text(
                &self.buffer[..length],
                &self.path,
                self.offset,
            )?)),
        }
    }

    fn check_rest(&mut self) -> Result<(), InputError> {
        let mut first = None;
        loop {
            let length = self.next_bytes()?;
            if length == 0 {
                break;
            }
            match check_text(&self.buffer[..length], &self.path, self.offset) {
                Ok(_) => {}
                Err(error @ InputError::NotUtf8 { .. }) => {
                    first.get_or_insert(error);
                }
                Err(error) => return Err(error),
            }
        }
        first.map_or(Ok(()), Err)
    }

    fn size_hint(&self) -> usize {
        self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{self, File};

    const LIMIT: usize = 1024 * 1024;

    /// The file's pieces through a buffer of `buffer_bytes`, or the first error.
    fn pieces(bytes: &[u8], buffer_bytes: usize) -> Result<Vec<String>, InputError> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("r.jsonl");
        fs::write(&path, bytes).expect("written");
        let file = Box::new(File::open(&path).expect("opened"));
        let mut pieces = FilePieces::new(file, &path, bytes.len(), LIMIT, "text", buffer_bytes);
        let mut all = Vec::new();
        while let Some(piece) = pieces.next_piece()? {
            all.push(piece.to_owned());
        }
        Ok(all)
    }

    #[test]
    fn pieces_are_whole_lines_and_give_back_the_text() {
        let text = "one\ntwo two\nthree three three\nfour\nno end";
        for buffer in [4, 8, 13, 64] {
            let all = pieces(text.as_bytes(), buffer).expect("text");
            assert_eq!(all.concat(), text, "buffer {buffer}");
            let (last, whole) = all.split_last().expect("pieces");
            assert!(whole.iter().all(|p| p.ends_with('\n')), "{all:?}");
            assert!(!last.ends_with('\n'));
        }
        // A line longer than the buffer grows it and stays whole.
        let long = format!("{}\nshort\n", "x".repeat(100));
        let all = pieces(long.as_bytes(), 8).expect("text");
        assert_eq!(all.concat(), long);
        assert!(
            all[0].starts_with(&format!("{}\n", "x".repeat(100))),
            "{all:?}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_an_empty_file_has_no_piece() {
        let all = pieces(b"\xEF\xBB\xBFa\nb\n", 4).expect("text");
        assert_eq!(all.concat(), "a\nb\n");
        assert!(pieces(b"", 8).expect("empty").is_empty());
        assert!(pieces(b"\xEF\xBB\xBF", 8).expect("only a mark").is_empty());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_named_by_their_offset_in_the_text() {
        let mut bytes = b"\xEF\xBB\xBFabc\ndef\n".to_vec();
        bytes.extend_from_slice(b"gh\xFFi\n");
        let error = pieces(&bytes, 4).expect_err("not UTF-8");
        assert!(
            matches!(error, InputError::NotUtf8 { offset: 10, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn a_nul_byte_is_a_binary_file() {
        let error = pieces(b"abc\nd\0f\n", 4).expect_err("binary");
        assert!(matches!(error, InputError::Binary(_)), "{error:?}");
    }

    /// As `read_text_file`, which reads the whole text before any line: a NUL byte after a bad
    /// piece or line wins, then the first bytes that are not UTF-8.
    #[test]
    fn check_rest_reports_what_reading_the_whole_text_would() {
        let open = |bytes: &[u8]| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let path = dir.path().join("r.jsonl");
            fs::write(&path, bytes).expect("written");
            let file = Box::new(File::open(&path).expect("opened"));
            (
                dir,
                FilePieces::new(file, &path, bytes.len(), LIMIT, "text", 4),
            )
        };
        let (_dir, mut source) = open(b"bad\nok\n\xFF\nlater\0\n");
        assert!(source.next_piece().expect("first piece").is_some());
        let error = settle(&mut source, InputError::Binary(PathBuf::new()), true);
        assert!(matches!(error, InputError::Binary(ref p) if p.ends_with("r.jsonl")));
        let (_dir, mut source) = open(b"bad\nok\n\xFF\n");
        assert!(source.next_piece().expect("first piece").is_some());
        let line_error = InputError::NotFound(PathBuf::new());
        let error = settle(&mut source, line_error, true);
        assert!(
            matches!(error, InputError::NotUtf8 { offset: 7, .. }),
            "{error:?}"
        );
        let (_dir, mut source) = open(b"bad\nok\n");
        assert!(source.next_piece().expect("first piece").is_some());
        let error = settle(&mut source, InputError::NotFound(PathBuf::new()), true);
        assert!(matches!(error, InputError::NotFound(_)), "{error:?}");
    }

    #[test]
    fn open_refuses_a_folder_and_a_file_over_the_limit_before_reading() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let error = FilePieces::open(dir.path(), LIMIT, "text").err();
        assert!(
            matches!(error, Some(InputError::IsDirectory(_))),
            "{error:?}"
        );
        let path = dir.path().join("big.jsonl");
        fs::write(&path, "a\n".repeat(100)).expect("written");
        let error = FilePieces::open(&path, 50, "text").err();
        assert!(
            matches!(error, Some(InputError::TooLarge { limit: 50, .. })),
            "{error:?}"
        );
        let error = FilePieces::open(&dir.path().join("none"), LIMIT, "text").err();
        assert!(matches!(error, Some(InputError::NotFound(_))), "{error:?}");
    }

    /// A device reports no size: it is read in pieces and cut at the limit.
    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_cut_at_the_limit() {
        let mut source = FilePieces::open(Path::new("/dev/zero"), 1000, "text").expect("opened");
        let error = source.next_piece().err();
        assert!(
            matches!(error, Some(InputError::TooLarge { limit: 1000, .. })),
            "{error:?}"
        );
    }

    #[test]
    fn a_file_that_grows_past_the_limit_is_too_large() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("r.jsonl");
        fs::write(&path, "a\n".repeat(100)).expect("written");
        let file = Box::new(File::open(&path).expect("opened"));
        let mut source = FilePieces::new(file, &path, 10, 50, "text", 16);
        let error = std::iter::from_fn(|| source.next_piece().transpose().map(|r| r.map(|_| ())))
            .find_map(Result::err)
            .expect("too large");
        assert!(
            matches!(error, InputError::TooLarge { limit: 50, .. }),
            "{error:?}"
        );
    }
}
