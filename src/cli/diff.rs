//! `iamself-tui diff OLD NEW`: what NEW allows that OLD did not ("new access") and the reverse,
//! in the truth table's four columns. Exit 1 when there is new access, 0 otherwise, 2 for bad
//! input. With `--with`, `--boundary` and `--scp`, OLD and NEW are each judged inside the same
//! rest of the user's set (`policy::reports::diff::diff_in_set`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

use crate::input::read_policy_file;
use crate::policy::lint::{Finding, rules};
use crate::policy::model::document::{self, Policy};
use crate::policy::reports::diff::{AccessDiff, Change, diff_in_set};
use crate::policy::reports::truth_table::Column;

use super::failure::{EXIT_LINT_ERRORS, policy_error};
use super::findings::{self, ReportFormat};
use super::policy_set::SetArgs;
use super::{Failure, stdout, values};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The policy as it is (`-` for standard input).
    pub old: PathBuf,

    /// The policy as it would be.
    pub new: PathBuf,

    #[arg(long, value_parser = values::named_with_help(format_help), default_value = "text")]
    pub format: ReportFormat,

    /// The rest of the user's set: OLD and NEW are both judged inside it.
    #[command(flatten)]
    pub set: SetArgs,
}

/// What `--format` says of each value.
fn format_help(format: ReportFormat) -> Option<&'static str> {
    (format == ReportFormat::Sarif)
        .then_some("SARIF 2.1.0, for GitHub code scanning: one result per new or lost access")
}

fn read(path: &Path) -> Result<Policy, Failure> {
    let text = read_policy_file(path)?;
    document::parse(&text).map_err(|error| policy_error(path, &error))
}

pub fn run(args: DiffArgs) -> Result<ExitCode, Failure> {
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let others = args.set.load()?.others;
    let changes = diff_in_set(&old, &new, &others);
    let report = match args.format {
        ReportFormat::Json => json_report(&changes),
        ReportFormat::Text => findings::text_report(&args.new, &as_findings(&changes)),
        ReportFormat::Markdown => findings::markdown_report(&args.new, &as_findings(&changes)),
        ReportFormat::Sarif => findings::sarif_report(&args.new, &as_findings(&changes)),
    };
    stdout::write(&report)?;
    if changes.new_access.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(EXIT_LINT_ERRORS))
    }
}

/// The column's name in JSON.
fn column_name(column: Column) -> &'static str {
    match column {
        Column::Mfa => "mfa",
        Column::NoMfa => "noMfa",
        Column::LongTermKeys => "longTermKeys",
        Column::OtherUser => "otherUser",
    }
}

/// The column in words.
fn column_words(column: Column) -> &'static str {
    match column {
        Column::Mfa => "own user with MFA",
        Column::NoMfa => "own user without MFA",
        Column::LongTermKeys => "own user with long-term access keys",
        Column::OtherUser => "another user's resource",
    }
}

fn change_json(change: &Change) -> Value {
    json!({
        "action": change.action,
        "resource": change.resource,
        "column": column_name(change.column),
        "old": change.old.as_str(),
        "new": change.new.as_str(),
    })
}

fn json_report(changes: &AccessDiff) -> String {
    let report = json!({
        "new_access": changes.new_access.iter().map(change_json).collect::<Vec<Value>>(),
        "lost_access": changes.lost_access.iter().map(change_json).collect::<Vec<Value>>(),
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// Each change as a finding, so that text, Markdown and SARIF read like `lint`'s.
fn as_findings(changes: &AccessDiff) -> Vec<Finding> {
    let finding = |change: &Change, new: bool| {
        let rule = if new {
            rules::NEW_ACCESS
        } else {
            rules::LOST_ACCESS
        };
        Finding {
            rule,
            severity: rule.severity,
            statement: None,
            line: None,
            column: None,
            message: format!(
                "{} on {} ({}): {} before, {} now",
                change.action,
                change.resource,
                column_words(change.column),
                change.old.as_str(),
                change.new.as_str()
            ),
            fix: String::new(),
        }
    };
    changes
        .new_access
        .iter()
        .map(|c| finding(c, true))
        .chain(changes.lost_access.iter().map(|c| finding(c, false)))
        .collect()
}
