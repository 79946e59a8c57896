//! One call from "choices" (or a policy text) to everything the wizard and `explain` show:
//! the document, its text and size, the truth table, the findings and the journey.

use serde_json::Value;

use crate::policy::engine::CompiledPolicy;
use crate::policy::generate::generate_policy;
use crate::policy::lint::Finding;
use crate::policy::model::choices::{Attachment, Choices, Credential};
use crate::policy::model::credential_actions;
use crate::policy::model::document::{self, ParseError, Policy};
use crate::policy::output::generated_json;
use crate::policy::reports::journey::Journey;
use crate::policy::reports::truth_table::{RowKind, TruthTable, asked_service};
use crate::policy::sample::{OTHER_USER, principal_for};
use crate::policy::size::policy_size;

#[derive(Debug, Clone)]
pub struct Analysis {
    pub policy: Policy,
    pub compiled: CompiledPolicy,
    /// The choices this analysis stands for: the wizard's, or those inferred from an opened
    /// policy.
    pub choices: Choices,
    /// Pretty JSON (4 spaces), as previewed, copied and saved.
    pub pretty: String,
    /// Non-whitespace characters, as IAM counts them.
    pub size: usize,
    pub attachment: Attachment,
    pub table: TruthTable,
    pub findings: Vec<Finding>,
    pub journey: Journey,
}

impl Analysis {
    /// The size limit of the chosen attachment.
    pub fn limit(&self) -> usize {
        self.attachment.limit()
    }

    /// The same policy checked against another attachment's size limit. The attachment decides
    /// which limit applies and nothing else (the policy, its truth table and journey stay), so
    /// only the attachment and the findings (the size checks) change.
    pub fn with_attachment(mut self, attachment: Attachment) -> Analysis {
        self.attachment = attachment;
        self.choices.attachment = attachment;
        self.findings = crate::policy::lint::lint_parsed(
            &self.pretty,
            Some(&self.policy),
            &[],
            Some(attachment),
        );
        self
    }

    /// The document as JSON, for the export formats: parsed again from the text, which is valid
    /// JSON (generated, or checked when opened), only when something is exported.
    pub fn document(&self) -> Value {
        document::parse_json(&self.pretty).expect("an analysed policy's text is valid JSON")
    }
}

/// Generates the policy for these choices and analyses it.
pub fn analyze_choices(choices: &Choices) -> Analysis {
    let policy = generate_policy(choices);
    let pretty = generated_json::to_pretty(&policy);
    let rows = table_rows(choices.credentials(), choices.console_info, &policy);
    finish(policy, pretty, choices.clone(), rows)
}

/// Analyses an existing policy text (`--open`, `explain`). Fails on malformed JSON or grammar
/// errors; `lint` reports those as findings instead.
pub fn analyze_text(text: &str, attachment: Attachment) -> Result<Analysis, ParseError> {
    let document = document::parse_json(text).map_err(ParseError::Json)?;
    let (policy, errors) = document::from_value(&document);
    let policy = match policy {
        Some(policy) if errors.is_empty() => policy,
        _ => return Err(ParseError::Grammar(errors)),
    };
    let mut choices = crate::policy::reports::infer::infer_choices(&policy);
    choices.attachment = attachment;
    let rows = table_rows(Credential::ALL.into_iter(), true, &policy);
    Ok(finish(policy, text.to_owned(), choices, rows))
}

fn finish(
    policy: Policy,
    pretty: String,
    choices: Choices,
    rows: Vec<(String, RowKind)>,
) -> Analysis {
    let principal = principal_for(&choices);
    let compiled = CompiledPolicy::compile(&policy, &principal);
    let service = asked_service(&choices);
    let table = TruthTable::build(&compiled, &principal, OTHER_USER, &rows, service);
    let journey = Journey::walk(&compiled, &principal, OTHER_USER, &choices, Some(&table));
    let findings =
        crate::policy::lint::lint_parsed(&pretty, Some(&policy), &[], Some(choices.attachment));
    Analysis {
        size: policy_size(&pretty),
        attachment: choices.attachment,
        policy,
        compiled,
        choices,
        pretty,
        table,
        findings,
        journey,
    }
}

/// Rows: the actions of the given credential types, the common reads, the bootstrap, any IAM
/// or STS action the policy names, and the sentinels.
fn table_rows(
    credentials: impl Iterator<Item = Credential>,
    console_info: bool,
    policy: &Policy,
) -> Vec<(String, RowKind)> {
    let mut rows: Vec<(String, RowKind)> =
        vec![(credential_actions::GET_USER.to_owned(), RowKind::Common)];
    for credential in credentials {
        rows.extend(
            credential_actions::all_actions(credential)
                .into_iter()
                .map(|a| (a.to_owned(), RowKind::Credential(credential))),
        );
    }
    if console_info {
        rows.extend(
            credential_actions::CONSOLE_INFO
                .iter()
                .map(|a| ((*a).to_owned(), RowKind::Common)),
        );
    }
    rows.extend(
        credential_actions::MFA_BOOTSTRAP
            .iter()
            .map(|a| ((*a).to_owned(), RowKind::Bootstrap)),
    );
    let catalog = crate::policy::model::catalog::Catalog::get();
    for statement in &policy.statements {
        for action in &statement.action.values {
            if let Some(known) = catalog.find(action) {
                rows.push((known.full_name.clone(), RowKind::Common));
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
    rows
}

#[cfg(test)]
mod tests;
