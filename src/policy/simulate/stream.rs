//! `simulate --requests` reading the requests in pieces through one reused buffer: each line is
//! decided as soon as it is read, and the output is held (compactly, [`super::held`]) until
//! every line is known to be good (a bad line anywhere prints nothing but its error).
//!
//! Why the requests are not held: on the 2-core machine of the budget a page of memory touched
//! for the first time costs about 1.7 µs, and the 1.4 MB of 10,000 requests are some 340 pages
//! (`benches/process.sh`; figures in README, "Performance").

use std::fmt;
use std::io::{self, Write};

use super::Decider;
use super::held::HeldLines;
use super::requests::for_each_request;
use super::set::SetDecider;
use crate::input::{InputError, LineSource, settle};
use crate::policy::engine::PolicySet;

/// Why a batch stopped.
#[derive(Debug)]
pub enum BatchError {
    /// The text could not be read (or is not UTF-8 text).
    Input(InputError),
    /// A line is not a request; nothing was written.
    Line { number: usize, message: String },
    /// The output could not be written.
    Output(io::Error),
}

impl From<InputError> for BatchError {
    fn from(error: InputError) -> Self {
        BatchError::Input(error)
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Input(error) => error.fmt(f),
            BatchError::Line { number, message } => write!(f, "line {number}: {message}"),
            BatchError::Output(error) => error.fmt(f),
        }
    }
}

/// Reads every line of `source`, decides each against the set as soon as it is read, and writes
/// one JSON line per request to `out`, in order, once every line is known to be good: nothing is
/// written when a line is bad.
pub fn simulate_source(
    set: &PolicySet,
    source: &mut impl LineSource,
    out: &mut impl Write,
) -> Result<(), BatchError> {
    let mut decider = SetDecider::new(set);
    let mut held = HeldLines::with_capacity_for(source.size_hint());
    let mut lines = 0;
    loop {
        let piece = match source.next_piece() {
            Ok(Some(piece)) => piece,
            Ok(None) => break,
            Err(error @ InputError::NotUtf8 { .. }) => {
                return Err(settle(source, error.into(), false));
            }
            Err(error) => return Err(error.into()),
        };
        match for_each_request(piece, |request| decider.hold_line(&request, &mut held)) {
            Ok(count) => lines += count,
            Err((number, message)) => {
                let found = BatchError::Line {
                    number: lines + number,
                    message,
                };
                return Err(settle(source, found, true));
            }
        }
    }
    held.write_to(out, decider.labels())
        .map_err(BatchError::Output)
}

#[cfg(test)]
mod tests {
    use super::super::tests::lines;
    use super::super::{decide_all_in_set, parse_requests};
    use super::*;
    use crate::policy::generate::generate_policy;
    use crate::policy::model::choices::Choices;

    /// A text handed out a few lines at a time, as a file is through its buffer.
    struct Pieces {
        pieces: Vec<String>,
        next: usize,
    }

    impl Pieces {
        fn of(text: &str, lines_each: usize) -> Pieces {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let pieces = lines.chunks(lines_each).map(|c| c.concat()).collect();
            Pieces { pieces, next: 0 }
        }
    }

    impl LineSource for Pieces {
        fn next_piece(&mut self) -> Result<Option<&str>, InputError> {
            self.next += 1;
            Ok(self.pieces.get(self.next - 1).map(String::as_str))
        }

        fn check_rest(&mut self) -> Result<(), InputError> {
            Ok(())
        }

        fn size_hint(&self) -> usize {
            self.pieces.iter().map(String::len).sum()
        }
    }

    fn single() -> PolicySet {
        PolicySet::single("policy.json", generate_policy(&Choices::default()))
    }

    fn five_policies() -> PolicySet {
        crate::testing::five_policy_set(generate_policy(&Choices::default()))
    }

    #[test]
    fn pieces_decided_as_read_give_the_output_of_the_simple_path() {
        let text = lines(500);
        let requests = parse_requests(&text).expect("valid");
        for set in [single(), five_policies()] {
            let mut expected = Vec::new();
            decide_all_in_set(&set, &requests, &mut expected).expect("memory");
            for lines_each in [1, 7, 500] {
                let mut out = Vec::new();
                simulate_source(&set, &mut Pieces::of(&text, lines_each), &mut out).expect("valid");
                assert_eq!(out, expected, "{lines_each} lines a piece");
            }
        }
    }

    #[test]
    fn a_bad_line_in_a_later_piece_is_named_by_its_number_in_the_whole_text_and_nothing_is_written()
    {
        // Blank lines and CRLF endings count as lines too.
        let mut text = lines(20).replacen('\n', "\r\n", 3);
        text.push_str("\n  \n");
        text.push_str(&lines(10));
        text.push_str("{\"action\":\"\",\"resource\":\"*\"}\n");
        text.push_str(&lines(3));
        let expected = "line 33: \"action\" is empty";
        assert_eq!(parse_requests(&text).unwrap_err(), expected);
        for lines_each in [1, 4, 100] {
            let mut out = Vec::new();
            let error = simulate_source(&single(), &mut Pieces::of(&text, lines_each), &mut out)
                .unwrap_err();
            assert_eq!(error.to_string(), expected, "{lines_each} lines a piece");
            assert!(out.is_empty());
        }
    }
}
