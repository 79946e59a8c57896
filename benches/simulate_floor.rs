//! The floor of `simulate --requests FILE` as a whole process (product spec §8): the file read
//! and every line read and checked as `simulate` does, on one core, nothing decided or written.
//! `benches/process.sh` times it next to `simulate`; under callgrind it gives the floor in
//! instructions:
//!
//! ```text
//! cargo bench --bench simulate_floor --no-run
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/deps/simulate_floor-<hash> requests.jsonl
//! ```
//!
//! Without a file (as `cargo bench` runs it) it does nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use iamself_tui::input::read_text_file;
use iamself_tui::policy::simulate::parse_requests;

/// The requests are read in pieces of whole lines of about this size, so that the list of one
/// piece's requests stays small, as `simulate` keeps no list at all.
const PIECE_BYTES: usize = 64 * 1024;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os()
        .skip(1)
        .find(|arg| arg != "--bench")
        .map(PathBuf::from)
    else {
        println!("simulate_floor: give a requests file to time (benches/process.sh does)");
        return ExitCode::SUCCESS;
    };
    let text = match read_text_file(&path, 512 * 1024 * 1024, "a requests file") {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let mut rest = text.as_str();
    let mut requests = 0;
    while !rest.is_empty() {
        let end = rest
            .get(PIECE_BYTES..)
            .and_then(|tail| tail.find('\n'))
            .map_or(rest.len(), |at| PIECE_BYTES + at + 1);
        let (piece, tail) = rest.split_at(end);
        match parse_requests(piece) {
            Ok(read) => requests += read.len(),
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(2);
            }
        }
        rest = tail;
    }
    println!("{requests} requests");
    ExitCode::SUCCESS
}
