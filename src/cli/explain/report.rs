//! What `explain` shows, independent of the output format: the truth table, the journey and the
//! findings for one principal, plus the words every format uses for them.

use std::path::Path;

use crate::policy::engine::{Decision, Mfa, MissingAllow, PolicySet, Role, StatementRef, Verdict};
use crate::policy::lint::Finding;
use crate::policy::model::choices::Attachment;
use crate::policy::reports::journey::{Journey, JourneyStep};
use crate::policy::reports::truth_table::{RowKind, TruthTable};

pub struct Report<'a> {
    pub file: &'a Path,
    /// The user's whole set, the file's policy first.
    pub set: &'a PolicySet,
    pub username: &'a str,
    pub other_username: &'a str,
    pub account: &'a str,
    pub size: usize,
    pub attachment: Attachment,
    pub table: &'a TruthTable,
    pub journey: &'a Journey,
    pub findings: &'a [Finding],
}

impl Report<'_> {
    /// The statements that decided, by label.
    pub fn matched<'d>(&self, decision: &'d Decision) -> Vec<&'d str> {
        decision.labels().collect()
    }

    /// How a deciding statement is referred to in the text table: its number in its policy,
    /// prefixed with the policy's number when the set has several (`[2.1]`).
    pub fn reference(&self, statement: &StatementRef) -> String {
        if self.set.len() > 1 {
            format!("{}.{}", statement.policy + 1, statement.statement + 1)
        } else {
            (statement.statement + 1).to_string()
        }
    }

    /// `1 identity aws:PowerUserAccess`: the members of a set of several policies, numbered as
    /// [`Report::reference`] numbers them; empty for a policy alone.
    pub fn members(&self) -> Vec<String> {
        if self.set.len() < 2 {
            return Vec::new();
        }
        self.set
            .members()
            .enumerate()
            .map(|(i, (role, policy))| {
                let role = match role {
                    Role::Identity => "identity",
                    Role::Boundary => "boundary",
                    Role::ScpLevel(_) => "SCP",
                };
                format!("{} {role} {}", i + 1, policy.name)
            })
            .collect()
    }
}

/// The heading a group of truth-table rows goes under.
pub fn kind_title(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Credential(credential) => credential.label(),
        RowKind::Common => "Own user and account",
        RowKind::Bootstrap => "MFA bootstrap",
        RowKind::Sentinel => "Must always be denied",
        RowKind::OtherPolicies => "Granted by the other policies",
    }
}

/// Stable machine name of a row kind (JSON).
pub fn kind_name(kind: RowKind) -> String {
    match kind {
        RowKind::Credential(credential) => credential.flag().to_owned(),
        RowKind::Common => "common".to_owned(),
        RowKind::Bootstrap => "bootstrap".to_owned(),
        RowKind::Sentinel => "sentinel".to_owned(),
        RowKind::OtherPolicies => "other-policies".to_owned(),
    }
}

/// Short cell word for the text table, with the step that found no Allow when it is a
/// boundary or an SCP level (`- (boundary)`, `- (SCP 2)`).
pub fn short_cell(decision: &Decision) -> String {
    match decision.missing_allow() {
        Some(MissingAllow::Boundary) => "- (boundary)".to_owned(),
        Some(MissingAllow::ScpLevel(level)) => format!("- (SCP {level})"),
        _ => short_verdict(decision).to_owned(),
    }
}

/// Short cell word for the text table.
pub fn short_verdict(decision: &Decision) -> &'static str {
    if decision.is_not_controlled_by_policy() {
        return "always";
    }
    match decision.verdict() {
        Verdict::Allowed => "allow",
        Verdict::ExplicitDeny => "DENY",
        Verdict::ImplicitDeny => "-",
        Verdict::Unknown => "?",
    }
}

pub fn mfa_words(mfa: Mfa) -> &'static str {
    match mfa {
        Mfa::Present => "with MFA",
        Mfa::NotPresent => "without MFA",
        Mfa::Absent => "long-term keys",
    }
}

pub fn mfa_json(mfa: Mfa) -> serde_json::Value {
    mfa.as_option()
        .map_or(serde_json::Value::Null, serde_json::Value::Bool)
}

/// What the step should get: `allowed`, `denied`, or `either` for a documented trade-off.
pub fn expectation(step: &JourneyStep) -> &'static str {
    match (step.optional, step.should_allow) {
        (true, _) => "either",
        (false, true) => "allowed",
        (false, false) => "denied",
    }
}
