//! `iamself-tui lint FILE`: the checks as text, JSON, Markdown or SARIF. Exit 1 when any finding
//! is an error, 2 for bad input: a file that is not valid JSON or JSON that is not a policy. In
//! text and Markdown bad input is one line on standard error; in JSON and SARIF the findings
//! (for invalid JSON: `invalid-json` with line and column) are printed, and the exit code is 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::input::read_policy_file;
use crate::policy::lint::{self, Finding, Severity};
use crate::policy::model::choices::Attachment;
use crate::policy::model::document;

use super::failure::{EXIT_BAD_INPUT, EXIT_LINT_ERRORS};
use super::findings::{self, ReportFormat};
use super::policy_set::{LoadedSet, SetArgs};
use super::{Failure, stdout, values};
use crate::policy::lint::set::lint_set;
use crate::policy::model::document::Policy;
use crate::policy::reports::analysis::whole_set;

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The policy file (`-` for standard input).
    pub file: PathBuf,

    #[arg(long, value_parser = values::named_with_help(format_help), default_value = "text")]
    pub format: ReportFormat,

    /// Check the size against this attachment only [default: every attachment's limit].
    #[arg(long, value_name = "WHERE", value_parser = values::named::<Attachment>())]
    pub attach: Option<Attachment>,

    /// With a set, every policy read from a file is checked, then the set as a whole.
    #[command(flatten)]
    pub set: SetArgs,
}

/// What `--format` says of each value.
fn format_help(format: ReportFormat) -> Option<&'static str> {
    (format == ReportFormat::Sarif).then_some("SARIF 2.1.0, for GitHub code scanning")
}

pub fn run(args: LintArgs) -> Result<ExitCode, Failure> {
    let text = read_policy_file(&args.file)?;
    let value = match document::parse_json(&text) {
        Ok(value) => value,
        Err(error) => {
            if matches!(args.format, ReportFormat::Text | ReportFormat::Markdown) {
                return Err(Failure::new(format!("{}: {error}", args.file.display())));
            }
            write(&args, &lint::lint(&text, args.attach))?;
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let loaded = args.set.load()?;
    let mut findings = lint::lint_document(&text, &value, args.attach);
    if !args.set.is_empty()
        && let Ok(policy) = document::parse(&text)
    {
        findings = set_findings(&args, &text, &policy, &loaded);
    }
    if !is_policy_shaped(&value) {
        if matches!(args.format, ReportFormat::Text | ReportFormat::Markdown) {
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

/// The file's findings, each other file's (named in the statement, without a line: the line
/// is in another file), and the set's.
fn set_findings(args: &LintArgs, text: &str, policy: &Policy, loaded: &LoadedSet) -> Vec<Finding> {
    let file = args.file.display().to_string();
    let set = whole_set(&file, policy, &loaded.others);
    let mut texts: Vec<Option<&str>> = vec![Some(text)];
    texts.extend(loaded.texts.iter().map(Option::as_deref));
    lint_set(&set, &texts, args.attach)
        .into_iter()
        .map(|placed| match placed.policy {
            Some(name) if name != file => {
                let mut finding = placed.finding;
                finding.statement = Some(match finding.statement.take() {
                    Some(statement) => format!("{name} / {statement}"),
                    None => name,
                });
                finding.line = None;
                finding.column = None;
                finding
            }
            _ => placed.finding,
        })
        .collect()
}

/// JSON that could be a policy: an object with a `Statement`. Anything else is bad input, not
/// a policy with findings.
fn is_policy_shaped(value: &serde_json::Value) -> bool {
    value.get("Statement").is_some()
}

fn write(args: &LintArgs, found: &[Finding]) -> Result<(), Failure> {
    let report = match args.format {
        ReportFormat::Text => findings::text_report(&args.file, found),
        ReportFormat::Json => findings::json_report(&args.file, found),
        ReportFormat::Markdown => findings::markdown_report(&args.file, found),
        ReportFormat::Sarif => findings::sarif_report(&args.file, found),
    };
    stdout::write(&report)
}
