//! The command line (product spec §6): the clap definitions and the dispatch to one module per
//! subcommand. Everything here is a thin shell over the library.

pub(crate) mod audit;
mod diff;
mod docs;
mod explain;
mod failure;
pub mod findings;
mod generate;
mod lint;
mod managed;
pub(crate) mod policy_set;
mod presets;
mod simulate;
mod stdout;
mod values;
mod wizard;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::policy::model::choices::Preset;
use crate::tui::ColorMode;

pub use failure::{Failure, report_usage_error};

/// Writes the IAM policy that lets AWS users manage their own credentials, and proves what it
/// allows. Without a subcommand, starts the interactive wizard.
#[derive(Debug, Parser)]
#[command(name = "iamself-tui", version, about, max_term_width = 100)]
pub struct Cli {
    /// Preset the wizard starts from (also the default for `generate --preset`).
    #[arg(long, value_name = "NAME", value_parser = values::named::<Preset>())]
    pub preset: Option<Preset>,

    /// Policy file the wizard opens for analysis.
    #[arg(long, value_name = "FILE")]
    pub open: Option<PathBuf>,

    /// When the wizard uses colours (NO_COLOR is honoured with `auto`).
    #[arg(long, value_name = "WHEN", value_parser = values::named::<ColorMode>(), default_value = "auto")]
    pub color: ColorMode,

    /// Let the wizard use the mouse.
    #[arg(long)]
    pub mouse: bool,

    /// The rest of the user's set, for the wizard's answers.
    #[command(flatten)]
    pub set: policy_set::SetArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the policy for a preset and choices (JSON, Terraform, CloudFormation or AWS CLI).
    Generate(generate::GenerateArgs),
    /// Show what a policy allows: truth table, user journey and findings.
    Explain(explain::ExplainArgs),
    /// Decide requests against a policy, like `aws iam simulate-custom-policy`.
    Simulate(simulate::SimulateArgs),
    /// Check a policy; exits 1 when an error is found.
    Lint(lint::LintArgs),
    /// Judge every IAM user of an account dump (`aws iam get-account-authorization-details`);
    /// exits 1 when a user has an error finding.
    Audit(audit::AuditArgs),
    /// What NEW allows that OLD did not (exit 1 when anything), and the reverse.
    Diff(diff::DiffArgs),
    /// List the presets.
    Presets,
    /// List the bundled AWS managed policies (use them as aws:NAME in --with, --boundary, --scp).
    Managed,
    /// Print a shell completion script.
    Completions(docs::CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

/// The whole program: parses the command line, runs the subcommand (or the wizard), and turns
/// every failure into one line on stderr and an exit code: 0 success, 1 lint errors found, 2 bad
/// usage or bad input.
pub fn main() -> ExitCode {
    let parsed = match Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(error) => return report_usage_error(&error),
    };
    match run(parsed) {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let Some(command) = cli.command else {
        return wizard::run(cli.preset, cli.open, cli.color, cli.mouse, &cli.set);
    };
    if cli.open.is_some() || cli.mouse {
        return Err(Failure::new(
            "--open and --mouse only apply to the interactive wizard (no subcommand)",
        ));
    }
    if !cli.set.is_empty() {
        return Err(Failure::new(
            "--with, --boundary and --scp go after the subcommand (before it, they are the wizard's)",
        ));
    }
    match command {
        Command::Generate(args) => generate::run(args, cli.preset),
        Command::Explain(args) => explain::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Presets => presets::run(),
        Command::Managed => managed::run(),
        Command::Completions(args) => docs::completions(args),
        Command::Man => docs::man(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
