//! `iamself-tui lint FILE`: the checks as text, JSON, Markdown or SARIF. Exit 1 when any finding
//! is an error, 2 for bad input: a file that is not valid JSON or JSON that is not a policy. In
//! text and Markdown bad input is one line on standard error; in JSON and SARIF the findings
//! (for invalid JSON: `invalid-json` with line and column) are printed, and the exit code is 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::input::read_policy_file;
use crate::policy::lint::{self, Finding, Severity};
use crate::policy::model::choices::Attachment;
use crate::policy::model::document;

use super::failure::{EXIT_BAD_INPUT, EXIT_LINT_ERRORS};
use super::findings;
use super::{Failure, stdout, values};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The policy file (`-` for standard input).
    pub file: PathBuf,

    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// Check the size against this attachment only [default: every attachment's limit].
    #[arg(long, value_name = "WHERE", value_parser = values::named::<Attachment>())]
    pub attach: Option<Attachment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Markdown,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

pub fn run(args: LintArgs) -> Result<ExitCode, Failure> {
    let text = read_policy_file(&args.file)?;
    let value = match document::parse_json(&text) {
        Ok(value) => value,
        Err(error) => {
            if matches!(args.format, LintFormat::Text | LintFormat::Markdown) {
                return Err(Failure::new(format!("{}: {error}", args.file.display())));
            }
            write(&args, &lint::lint(&text, args.attach))?;
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let findings = lint::lint_document(&text, &value, args.attach);
    if !is_policy_shaped(&value) {
        if matches!(args.format, LintFormat::Text | LintFormat::Markdown) {
            return Err(Failure::new(format!(
                "{}: not an IAM policy: a JSON object with \"Statement\" was expected",
                args.file.display()
            )));
        }
        write(&args, &findings)?;
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    write(&args, &findings)?;
    if findings.iter().any(|f| f.severity == Severity::Error) {
        Ok(ExitCode::from(EXIT_LINT_ERRORS))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// JSON that could be a policy: an object with a `Statement`. Anything else is bad input, not
/// a policy with findings.
fn is_policy_shaped(value: &serde_json::Value) -> bool {
    value.get("Statement").is_some()
}

fn write(args: &LintArgs, found: &[Finding]) -> Result<(), Failure> {
    let report = match args.format {
        LintFormat::Text => findings::text_report(&args.file, found),
        LintFormat::Json => findings::json_report(&args.file, found),
        LintFormat::Markdown => findings::markdown_report(&args.file, found),
        LintFormat::Sarif => findings::sarif_report(&args.file, found),
    };
    stdout::write(&report)
}
