//! The floor of `simulate --requests FILE` as a whole process (product spec §8): the file read
//! and every line read and checked as `simulate` does (in pieces through one buffer), nothing
//! decided or written.
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

use iamself_tui::input::{FilePieces, LineSource};
use iamself_tui::policy::simulate::parse_requests;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os()
        .skip(1)
        .find(|arg| arg != "--bench")
        .map(PathBuf::from)
    else {
        println!("simulate_floor: give a requests file to time (benches/process.sh does)");
        return ExitCode::SUCCESS;
    };
    // Read as `simulate` reads it: in pieces through one buffer, each piece checked.
    let mut source = match FilePieces::open(&path, 512 * 1024 * 1024, "a requests file") {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let mut requests = 0;
    loop {
        match source.next_piece() {
            Ok(Some(piece)) => match parse_requests(piece) {
                Ok(read) => requests += read.len(),
                Err(error) => {
                    eprintln!("{error}");
                    return ExitCode::from(2);
                }
            },
            Ok(None) => break,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{requests} requests");
    ExitCode::SUCCESS
}
