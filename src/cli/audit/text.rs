//! The audit as text: a table of users and verdicts, then each user's findings.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::policy::model::choices::Credential;
use crate::policy::reports::audit::{AccountAudit, Answer, UserAudit};

use super::{count, printable, scope_lines};
use crate::cli::findings;

/// One letter per credential type, in [`Credential::ALL`] order.
const CREDENTIAL_LETTERS: [char; 6] = ['P', 'K', 'M', 'C', 'S', 'V'];

/// A verdict cell: the answer, with `!` when it is the bad one (readable without colour).
pub(super) fn cell(answer: Answer, yes_is_good: bool) -> String {
    let bad = match answer {
        Answer::Yes => !yes_is_good,
        Answer::No => yes_is_good,
        Answer::Unknown => false,
    };
    format!("{}{}", answer.symbol(), if bad { "!" } else { "" })
}

/// `PKM-S?`: the letter when the type is self-manageable with MFA, `-` when not, `?` unknown.
pub(super) fn credentials_cell(user: &UserAudit) -> String {
    Credential::ALL
        .into_iter()
        .zip(CREDENTIAL_LETTERS)
        .map(
            |(credential, letter)| match user.verdicts.self_manageable(credential) {
                Answer::Yes => letter,
                Answer::No => '-',
                Answer::Unknown => '?',
            },
        )
        .collect()
}

pub fn render(result: &AccountAudit, file: &Path, sink: &mut dyn Write) -> io::Result<()> {
    let mut out = String::new();
    let users_with_errors = result.users.iter().filter(|u| u.has_errors()).count();
    let _ = writeln!(
        out,
        "{}: account {}, {} audited, {} with errors",
        file.display(),
        result.account.as_deref().unwrap_or("unknown"),
        count(result.users.len(), "user"),
        users_with_errors
    );
    for line in scope_lines(result) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    let name_width = result
        .users
        .iter()
        .map(|u| u.user.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 40);
    let headers: Vec<&str> = result
        .users
        .first()
        .map(|u| u.verdicts.columns().iter().map(|c| c.0).collect())
        .unwrap_or_default();
    let _ = write!(out, "{:<name_width$}  {:<6}", "USER", "PKMCSV");
    for header in &headers {
        let _ = write!(out, "  {header}");
    }
    out.push_str("  unknown\n");
    for user in &result.users {
        let _ = write!(
            out,
            "{:<name_width$}  {:<6}",
            user.user,
            credentials_cell(user)
        );
        for (header, _, answer, good) in user.verdicts.columns() {
            let _ = write!(
                out,
                "  {:<width$}",
                cell(answer, good),
                width = header.len()
            );
        }
        let _ = writeln!(out, "  {}", user.unknown_policies.len());
    }
    out.push_str(
        "\nPKMCSV: password, access keys, MFA devices, signing certificates, SSH keys, service-specific credentials self-manageable with MFA (- no, ? unknown). `!` marks a bad answer, `?` an answer an unknown policy could change.\n",
    );

    // Written as it goes: the findings of 10,000 users need not sit in memory twice.
    sink.write_all(printable(&out).as_bytes())?;
    for user in result.users.iter().filter(|u| !u.findings.is_empty()) {
        out.clear();
        let _ = writeln!(out, "\n{} ({})", user.user, user.arn);
        for finding in &user.findings {
            findings::audit_text(&mut out, finding);
        }
        sink.write_all(printable(&out).as_bytes())?;
    }
    Ok(())
}
