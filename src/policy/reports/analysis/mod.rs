//! One call from "choices" (or a policy text) to everything the wizard and `explain` show:
//! the document, its text and size, the truth table, the findings and the journey, for the
//! policy alone or within the rest of the user's set (other identity policies, a boundary, SCP
//! levels: policy-sets.md).

use serde_json::Value;

use crate::policy::granted::granted_actions;

use crate::policy::engine::{CompiledPolicy, CompiledSet, NamedPolicy, PolicySet};
use crate::policy::generate::generate_policy;
use crate::policy::lint::Finding;
use crate::policy::model::choices::{Attachment, Choices, Credential};
use crate::policy::model::credential_actions;
use crate::policy::model::document::{self, ParseError, Policy};
use crate::policy::model::managed;
use crate::policy::output::generated_json;
use crate::policy::reports::journey::{FirstSignIn, Journey};
use crate::policy::reports::truth_table::{
    RowKind, TruthTable, asked_service, named_action_rows, sentinel_rows,
};
use crate::policy::sample::{OTHER_USER, principal_for};
use crate::policy::size::policy_size;

#[derive(Debug, Clone)]
pub struct Analysis {
    pub policy: Policy,
    /// The user's whole set: this policy first, then the others given; every answer below is
    /// the set's.
    pub set: PolicySet,
    pub compiled_set: CompiledSet,
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
    /// The policy alone, compiled for the sample user. Only checks need it (every report above
    /// asks the whole set), so it is compiled on demand rather than on every key press.
    pub fn compiled(&self) -> CompiledPolicy {
        CompiledPolicy::compile(&self.policy, &principal_for(&self.choices))
    }

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

/// How the policy being written or explained is named within a set.
pub const THIS_POLICY: &str = "this policy";

/// Generates the policy for these choices and analyses it.
pub fn analyze_choices(choices: &Choices) -> Analysis {
    analyze_choices_in(choices, &PolicySet::default())
}

/// Generates the policy for these choices and analyses it within `others`: the rest of the
/// user's set (its identity policies are added after this one).
pub fn analyze_choices_in(choices: &Choices, others: &PolicySet) -> Analysis {
    let policy = generate_policy(choices);
    let pretty = generated_json::to_pretty(&policy);
    let rows = table_rows(choices.credentials(), choices.console_info, &policy, others);
    finish(THIS_POLICY, policy, pretty, choices.clone(), rows, others)
}

/// Analyses an existing policy text (`--open`, `explain`). Fails on malformed JSON or grammar
/// errors; `lint` reports those as findings instead.
pub fn analyze_text(text: &str, attachment: Attachment) -> Result<Analysis, ParseError> {
    analyze_text_in(text, attachment, THIS_POLICY, &PolicySet::default())
}

/// [`analyze_text`] within `others`, the policy named `name` in the set.
pub fn analyze_text_in(
    text: &str,
    attachment: Attachment,
    name: &str,
    others: &PolicySet,
) -> Result<Analysis, ParseError> {
    let document = document::parse_json(text).map_err(ParseError::Json)?;
    let (policy, errors) = document::from_value(&document);
    let policy = match policy {
        Some(policy) if errors.is_empty() => policy,
        _ => return Err(ParseError::Grammar(errors)),
    };
    let mut choices = crate::policy::reports::infer::infer_choices(&policy);
    choices.attachment = attachment;
    let rows = table_rows(Credential::ALL.into_iter(), true, &policy, others);
    Ok(finish(name, policy, text.to_owned(), choices, rows, others))
}

/// The whole set: `policy` (named `name`) first among the identity policies, then `others`.
pub fn whole_set(name: &str, policy: &Policy, others: &PolicySet) -> PolicySet {
    let mut set = others.clone();
    set.identity
        .insert(0, NamedPolicy::new(name.to_owned(), policy.clone()));
    set
}

/// How the first sign-in is set up: AWS attaches IAMUserChangePassword when the administrator
/// ticks "User must create a new password at next sign-in", so its presence among the identity
/// policies is read as that choice.
pub fn first_sign_in(set: &PolicySet) -> FirstSignIn {
    let attached = set
        .identity
        .iter()
        .any(|p| managed::find(&p.name).is_some_and(|m| m.name == MUST_CHANGE_PASSWORD_POLICY));
    if attached {
        FirstSignIn::MustChangePassword
    } else {
        FirstSignIn::Free
    }
}

/// The AWS managed policy AWS attaches for "must create a new password at next sign-in".
pub const MUST_CHANGE_PASSWORD_POLICY: &str = "IAMUserChangePassword";

fn finish(
    name: &str,
    policy: Policy,
    pretty: String,
    choices: Choices,
    rows: Vec<(String, RowKind)>,
    others: &PolicySet,
) -> Analysis {
    let principal = principal_for(&choices);
    let set = whole_set(name, &policy, others);
    let compiled_set = set.compile(&principal);
    let service = asked_service(&choices);
    let table = TruthTable::build(&compiled_set, &principal, OTHER_USER, &rows, service);
    let journey = Journey::walk_first_sign_in(
        &compiled_set,
        &principal,
        OTHER_USER,
        &choices,
        Some(&table),
        first_sign_in(&set),
    );
    let mut findings =
        crate::policy::lint::lint_parsed(&pretty, Some(&policy), &[], Some(choices.attachment));
    if set.len() > 1 {
        findings.extend(crate::policy::lint::set::set_findings_reusing(
            &set,
            Some((&principal, &compiled_set)),
        ));
    }
    Analysis {
        size: policy_size(&pretty),
        attachment: choices.attachment,
        policy,
        set,
        compiled_set,
        choices,
        pretty,
        table,
        findings,
        journey,
    }
}

/// Rows: the actions of the given credential types, the common reads, the bootstrap, any IAM
/// or STS action the policy names, a few actions the other identity policies grant, and the
/// sentinels.
fn table_rows(
    credentials: impl Iterator<Item = Credential>,
    console_info: bool,
    policy: &Policy,
    others: &PolicySet,
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
    rows.extend(named_action_rows(policy));
    let granted = granted_actions(others.identity.iter().filter_map(|p| p.document.as_deref()));
    rows.extend(granted.into_iter().map(|a| (a, RowKind::OtherPolicies)));
    rows.extend(sentinel_rows());
    rows
}

#[cfg(test)]
mod tests;
