//! How the command line fails: one line on stderr, prefixed `iamself-tui: error: `, and exit
//! code 2. Clap's own multi-line usage errors are folded into that same one-line form.

use std::fmt;
use std::io::{self, ErrorKind};
use std::process::ExitCode;

use crate::input::InputError;
use crate::output::SaveError;
use crate::policy::model::document::ParseError;

pub const EXIT_LINT_ERRORS: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;

/// Something that stops the command: bad usage or bad input (exit 2), or standard output closed
/// by the reader (`| head`), which is not worth a message.
#[derive(Debug)]
pub enum Failure {
    Message(String),
    StdoutClosed,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure::Message(message.into())
    }

    /// Prints the message and gives the exit code.
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Message(message) => {
                eprintln!("iamself-tui: error: {message}");
                ExitCode::from(EXIT_BAD_INPUT)
            }
            Failure::StdoutClosed => ExitCode::SUCCESS,
        }
    }

    /// For writes to standard output.
    pub fn from_stdout(error: io::Error) -> Failure {
        if error.kind() == ErrorKind::BrokenPipe {
            Failure::StdoutClosed
        } else {
            Failure::new(format!("cannot write to standard output: {error}"))
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Message(message) => f.write_str(message),
            Failure::StdoutClosed => f.write_str("standard output was closed"),
        }
    }
}

impl From<InputError> for Failure {
    fn from(error: InputError) -> Self {
        Failure::new(error.to_string())
    }
}

impl From<SaveError> for Failure {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::Exists(path) => Failure::new(format!(
                "{} already exists; add --force to overwrite it",
                path.display()
            )),
            other => Failure::new(other.to_string()),
        }
    }
}

/// A policy file that is not a usable policy; the file name goes first, as with read errors.
pub fn policy_error(path: &std::path::Path, error: &ParseError) -> Failure {
    Failure::new(format!("{}: {error}", path.display()))
}

/// Help and version go to stdout with exit 0; usage errors become one line with exit 2.
pub fn report_usage_error(error: &clap::Error) -> ExitCode {
    if !error.use_stderr() {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "iamself-tui: error: {}",
        one_line(&error.render().to_string())
    );
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Clap's error text without the usage block and the "for more information" line, on one line.
fn one_line(rendered: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    let mut text = parts.join(" ");
    text.push_str(" (see --help)");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_into_one_line() {
        let rendered = "error: invalid value 'x' for '--format <FORMAT>'\n  [possible values: json, minified]\n\n  tip: a similar value exists: 'json'\n\nUsage: iamself-tui generate [OPTIONS]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "invalid value 'x' for '--format <FORMAT>' [possible values: json, minified] tip: a similar value exists: 'json' (see --help)"
        );
    }
}
