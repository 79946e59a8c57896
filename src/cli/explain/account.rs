//! `explain --authorization-details DUMP --user NAME`: one user of an account dump, over their
//! whole set: the truth table, the journey (against the recommended self-service) and the
//! audit's findings, with the deciding policy in every answer.

use std::path::Path;
use std::process::ExitCode;

use crate::policy::model::choices::Attachment;
use crate::policy::reports::audit::user_report::{UserReport, user_report};

use super::report::Report;
use super::{ExplainFormat, json, markdown, text};
use crate::cli::audit::{no_such_user, read_dump};
use crate::cli::{Failure, stdout};
use crate::policy::engine::NamedPolicy;

pub fn run(
    file: &Path,
    name: &str,
    scp_levels: &[Vec<NamedPolicy>],
    format: ExplainFormat,
) -> Result<ExitCode, Failure> {
    let dump = read_dump(file)?;
    let user = dump.user(name).ok_or_else(|| no_such_user(&dump, name))?;
    let UserReport {
        set,
        principal,
        other_username,
        table,
        journey,
        audit: audited,
    } = user_report(&dump, user, scp_levels);

    // The audit's findings stand for lint's, which speak of one policy file.
    let report = Report {
        file,
        set: &set,
        username: &principal.username,
        other_username: &other_username,
        account: &principal.account,
        size: 0,
        attachment: Attachment::Managed,
        table: &table,
        journey: &journey,
        findings: &[],
    };
    let mut rendered = match format {
        ExplainFormat::Text => text::render(&report),
        ExplainFormat::Json => json::render(&report),
        ExplainFormat::Markdown => markdown::render(&report),
    };
    if format == ExplainFormat::Json {
        // The dump's completeness and the audit's findings, beside the report's own keys.
        if let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&rendered) {
            value["complete"] = serde_json::Value::Bool(dump.is_complete());
            value["findings"] = audited
                .findings
                .iter()
                .map(crate::cli::findings::audit_json)
                .collect();
            rendered = serde_json::to_string_pretty(&value).unwrap_or(rendered);
            rendered.push('\n');
        }
    } else {
        rendered.push_str(if format == ExplainFormat::Markdown {
            "\n## Audit findings\n\n"
        } else {
            "\nAudit findings\n"
        });
        if audited.findings.is_empty() {
            rendered.push_str("  none\n");
        }
        for finding in &audited.findings {
            crate::cli::findings::audit_text_section_line(&mut rendered, finding);
        }
        if !dump.is_complete() {
            rendered.insert_str(
                0,
                "INCOMPLETE: the dump is one page of a truncated answer (IsTruncated: true).\n",
            );
        }
    }
    stdout::write(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
