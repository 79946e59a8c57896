//! `iamself-tui lint FILE`: the checks as text or JSON; exit 1 when any finding is an error.
//! Malformed JSON is bad input (exit 2, line and column), not a finding.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::input::read_policy_file;
use crate::policy::lint::{self, Finding, Severity};
use crate::policy::model::choices::Attachment;
use crate::policy::model::document;

use super::failure::EXIT_LINT_ERRORS;
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
}

pub fn run(args: LintArgs) -> Result<ExitCode, Failure> {
    let text = read_policy_file(&args.file)?;
    if let Err(error) = document::parse_json(&text) {
        return Err(Failure::new(format!("{}: {error}", args.file.display())));
    }
    let findings = lint::lint(&text, args.attach);
    let report = match args.format {
        LintFormat::Text => as_text(&args.file, &findings),
        LintFormat::Json => as_json(&args.file, &findings),
    };
    stdout::write(&report)?;
    if findings.iter().any(|f| f.severity == Severity::Error) {
        Ok(ExitCode::from(EXIT_LINT_ERRORS))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// Compiler style: `FILE:LINE: severity[id] statement: message`, the fix indented below, and a
/// count at the end.
fn as_text(path: &Path, findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&path.display().to_string());
        if let Some(line) = finding.line {
            out.push_str(&format!(":{line}"));
        }
        out.push_str(&format!(": {}[{}] ", finding.severity.as_str(), finding.id));
        if let Some(statement) = &finding.statement {
            out.push_str(&format!("{statement}: "));
        }
        out.push_str(&finding.message);
        out.push('\n');
        if !finding.fix.is_empty() {
            out.push_str(&format!("    fix: {}\n", finding.fix));
        }
    }
    let [errors, warnings, infos] = counts(findings);
    out.push_str(&format!(
        "{}: {errors} {}, {warnings} {}, {infos} info\n",
        path.display(),
        plural(errors, "error"),
        plural(warnings, "warning"),
    ));
    out
}

fn as_json(path: &Path, findings: &[Finding]) -> String {
    let [errors, warnings, infos] = counts(findings);
    let list: Vec<Value> = findings.iter().map(Finding::to_json).collect();
    let report = json!({
        "file": path.display().to_string(),
        "errors": errors,
        "warnings": warnings,
        "infos": infos,
        "findings": list,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn counts(findings: &[Finding]) -> [usize; 3] {
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    [
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    ]
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
