//! `iamself-tui audit DUMP`: every IAM user of an `aws iam get-account-authorization-details` dump
//! judged over their whole set (`policy-sets.md` §3), as text, JSON, Markdown or SARIF. Exit 1
//! when some user has an error finding, 2 for bad input.

mod json;
mod markdown;
mod sarif;
mod text;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::input::{read_dump_file, read_policy_file};
use crate::policy::engine::NamedPolicy;
use crate::policy::model::account::{self, AccountDump, User};
use crate::policy::model::document;
use crate::policy::reports::audit::{self, AccountAudit};

use super::failure::{EXIT_LINT_ERRORS, policy_error};
use super::findings::ReportFormat;
use super::{Failure, values};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The dump: `aws iam get-account-authorization-details > account.json` (`-` for standard
    /// input).
    pub file: PathBuf,

    #[arg(long, value_parser = values::named::<ReportFormat>(), default_value = "text")]
    pub format: ReportFormat,

    /// Audit only this user (repeatable) [default: every user].
    #[arg(long = "user", value_name = "NAME")]
    pub users: Vec<String>,

    /// An SCP level, organization root first (repeatable); several SCPs of one level are
    /// separated by commas.
    #[arg(long = "scp", value_name = "POLICY[,POLICY]")]
    pub scp: Vec<String>,
}

pub fn run(args: AuditArgs) -> Result<ExitCode, Failure> {
    let scp_levels = read_scp_levels(&args.scp)?;
    let dump = read_dump(&args.file)?;
    let users = pick_users(&dump, &args.users)?;
    let result = audit::audit_account(&dump, &users, &scp_levels);
    drop(users);
    // The dump is no longer needed: its memory goes before the report is written.
    drop(dump);
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    render(&result, args.format, &args.file, &mut out)
        .and_then(|()| out.flush())
        .map_err(Failure::from_stdout)?;
    Ok(if result.has_errors() {
        ExitCode::from(EXIT_LINT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes the report in a format; `file` names the dump in it.
pub(crate) fn render(
    result: &AccountAudit,
    format: ReportFormat,
    file: &Path,
    sink: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Text => text::render(result, file, sink),
        ReportFormat::Json => json::render(result, sink),
        ReportFormat::Markdown => markdown::render(result, file, sink),
        ReportFormat::Sarif => sarif::render(result, file, sink),
    }
}

/// Reads and parses a dump; every failure is one line naming the file.
pub(crate) fn read_dump(path: &Path) -> Result<AccountDump, Failure> {
    let text = read_dump_file(path)?;
    account::parse(&text).map_err(|e| Failure::new(format!("{}: {e}", path.display())))
}

/// The users named on the command line (case-insensitive, as IAM names), each once.
fn pick_users<'d>(dump: &'d AccountDump, names: &[String]) -> Result<Vec<&'d User>, Failure> {
    let mut users: Vec<&User> = Vec::with_capacity(names.len());
    for name in names {
        let user = dump.user(name).ok_or_else(|| no_such_user(dump, name))?;
        if !users.iter().any(|u| std::ptr::eq(*u, user)) {
            users.push(user);
        }
    }
    Ok(users)
}

pub(crate) fn no_such_user(dump: &AccountDump, name: &str) -> Failure {
    let completeness = if dump.is_complete() {
        ""
    } else {
        " (the dump is truncated: the user may be on another page)"
    };
    Failure::new(format!(
        "no user {name:?} in the dump ({} users){completeness}",
        dump.users.len()
    ))
}

/// `--scp A.json,B.json --scp C.json`: level 1 (the organization root) holds A and B.
pub(crate) fn read_scp_levels(levels: &[String]) -> Result<Vec<Vec<NamedPolicy>>, Failure> {
    let mut result = Vec::with_capacity(levels.len());
    for (index, level) in levels.iter().enumerate() {
        let mut policies = Vec::new();
        for file in level.split(',').filter(|f| !f.is_empty()) {
            let path = PathBuf::from(file);
            let text = read_policy_file(&path)?;
            let policy = document::parse(&text).map_err(|e| policy_error(&path, &e))?;
            policies.push(NamedPolicy::new(
                format!("SCP level {} {}", index + 1, file_name(&path)),
                policy,
            ));
        }
        if policies.is_empty() {
            return Err(Failure::new(format!(
                "--scp level {} names no policy file",
                index + 1
            )));
        }
        result.push(policies);
    }
    Ok(result)
}

fn file_name(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Text as terminals and Markdown show it: control characters from the dump (which IAM names
/// never contain, but a crafted file may) are escaped, line breaks kept.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// "1 user", "2 users".
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What the report says about the dump's completeness and scope, one line each.
fn scope_lines(result: &AccountAudit) -> Vec<String> {
    let mut lines = Vec::new();
    if !result.complete {
        lines.push("INCOMPLETE: the dump is one page of a truncated answer (IsTruncated: true); users, groups and policies on other pages are missing. Run `aws iam get-account-authorization-details` without --max-items to get the whole account.".to_owned());
    }
    if result.roles > 0 {
        lines.push(format!(
            "{} not audited (roles are not IAM users).",
            count(result.roles, "role")
        ));
    }
    for (index, level) in result.scp_levels.iter().enumerate() {
        lines.push(format!("SCP level {}: {}", index + 1, level.join(", ")));
    }
    lines
}
