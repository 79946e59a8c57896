//! `completions SHELL` and `man`: generated from the clap definition, so they never drift.

use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Failure};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(args: CompletionsArgs) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "iamself-tui", &mut out);
    write_bytes(&out)
}

pub fn man() -> Result<ExitCode, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::new(format!("cannot render the manual page: {e}")))?;
    write_bytes(&out)
}

fn write_bytes(bytes: &[u8]) -> Result<ExitCode, Failure> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(Failure::from_stdout)?;
    Ok(ExitCode::SUCCESS)
}
