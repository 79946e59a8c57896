//! `iamself-tui`: parses the command line, runs the subcommand (or the wizard), and turns every
//! failure into one line on stderr and an exit code: 0 success, 1 lint errors found, 2 bad usage
//! or bad input.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let parsed = match cli::Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(error) => return cli::report_usage_error(&error),
    };
    match cli::run(parsed) {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}
