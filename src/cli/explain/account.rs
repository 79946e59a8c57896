//! `explain --authorization-details DUMP --user NAME`: one user of an account dump, over their
//! whole set: the truth table, the journey (against the recommended self-service) and the
//! audit's findings, with the deciding policy in every answer.

use std::path::Path;
use std::process::ExitCode;

use crate::policy::engine::account_set::{policy_set, principal_of};
use crate::policy::model::catalog::Catalog;
use crate::policy::model::choices::{Attachment, Credential, Preset};
use crate::policy::model::credential_actions;
use crate::policy::reports::audit;
use crate::policy::reports::journey::Journey;
use crate::policy::reports::truth_table::{RowKind, TruthTable, asked_service};
use crate::policy::sample::OTHER_USER;

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
    let resolved = dump.user_set(user);
    let set = policy_set(&resolved, scp_levels);
    let principal = principal_of(&dump, user);
    let compiled = set.compile(&principal);
    let other = if user.name == OTHER_USER {
        "another-user"
    } else {
        OTHER_USER
    };

    let choices = Preset::Recommended.choices();
    let mut rows: Vec<(String, RowKind)> =
        vec![(credential_actions::GET_USER.to_owned(), RowKind::Common)];
    for credential in Credential::ALL {
        rows.extend(
            credential_actions::all_actions(credential)
                .into_iter()
                .map(|a| (a.to_owned(), RowKind::Credential(credential))),
        );
    }
    rows.extend(
        credential_actions::CONSOLE_INFO
            .iter()
            .chain(credential_actions::MFA_BOOTSTRAP)
            .map(|a| ((*a).to_owned(), RowKind::Bootstrap)),
    );
    let catalog = Catalog::get();
    for (_, named) in set.members() {
        for statement in named.document.iter().flat_map(|d| &d.statements) {
            for action in &statement.action.values {
                if let Some(known) = catalog.find(action) {
                    rows.push((known.full_name.clone(), RowKind::Common));
                }
            }
        }
    }
    rows.push((
        credential_actions::SENTINEL_ESCALATION.to_owned(),
        RowKind::Sentinel,
    ));
    rows.push((
        credential_actions::SENTINEL_OTHER_SERVICE.to_owned(),
        RowKind::Sentinel,
    ));
    let table = TruthTable::build(&compiled, &principal, other, &rows, asked_service(&choices));
    let journey = Journey::walk(&compiled, &principal, other, &choices, Some(&table));

    // The audit's findings stand for lint's, which speak of one policy file.
    let audited = audit::audit_user(&dump, user, scp_levels);
    let report = Report {
        file,
        set: &set,
        username: &principal.username,
        other_username: other,
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
                .map(|f| {
                    serde_json::json!({"id": f.id, "severity": f.severity.as_str(),
                        "message": f.message, "policy": f.policy, "statement": f.statement, "fix": f.fix})
                })
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
        for f in &audited.findings {
            let place = match (&f.policy, &f.statement) {
                (Some(policy), Some(statement)) => format!(" (in {policy}, statement {statement})"),
                (Some(policy), None) => format!(" (in {policy})"),
                _ => String::new(),
            };
            rendered.push_str(&format!(
                "  {}[{}] {}{place}\n    fix: {}\n",
                f.severity.as_str(),
                f.id,
                f.message,
                f.fix
            ));
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
