//! Writing results to standard output; a reader that went away (`| head`) ends the command quietly.

use std::io::Write;

use super::Failure;

pub fn write(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Failure::from_stdout)
}
