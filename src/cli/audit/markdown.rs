//! The audit as Markdown: a table of users and verdicts, then the findings per user.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::policy::reports::audit::AccountAudit;

use super::text::{cell, credentials_cell};
use super::{count, printable, scope_lines};
use crate::cli::findings;

/// Pipes and backticks would break a table cell or a code span.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('`', "'")
}

pub fn render(result: &AccountAudit, file: &Path, sink: &mut dyn Write) -> io::Result<()> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Account audit: {}\n\n`{}`: {} audited, {} with errors.\n",
        result.account.as_deref().unwrap_or("unknown account"),
        escape(&file.display().to_string()),
        count(result.users.len(), "user"),
        result.users.iter().filter(|u| u.has_errors()).count()
    );
    for line in scope_lines(result) {
        let _ = writeln!(out, "- {}", escape(&line));
    }
    out.push('\n');
    let headers: Vec<&str> = result
        .users
        .first()
        .map(|u| u.verdicts.columns().iter().map(|c| c.0).collect())
        .unwrap_or_default();
    let _ = writeln!(out, "| user | PKMCSV | {} | unknown |", headers.join(" | "));
    let _ = writeln!(out, "|---|---|{}---|", "---|".repeat(headers.len()));
    for user in &result.users {
        let cells: Vec<String> = user
            .verdicts
            .columns()
            .iter()
            .map(|(_, _, answer, good)| cell(*answer, *good))
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            escape(&user.user),
            credentials_cell(user),
            cells.join(" | "),
            user.unknown_policies.len()
        );
    }
    out.push_str("\nPKMCSV: password, access keys, MFA devices, signing certificates, SSH keys, service-specific credentials self-manageable with MFA (`-` no, `?` unknown). `!` marks a bad answer.\n");
    sink.write_all(printable(&out).as_bytes())?;
    for user in result.users.iter().filter(|u| !u.findings.is_empty()) {
        out.clear();
        let _ = writeln!(out, "\n## {}\n", escape(&user.user));
        for finding in &user.findings {
            findings::audit_markdown(&mut out, finding, escape);
        }
        sink.write_all(printable(&out).as_bytes())?;
    }
    Ok(())
}
