//! Checks that ask the evaluator what the policy actually allows a sample user (`alice`): MFA
//! removable without MFA, the stolen-access-key MFA enrolment hole, a password change before
//! MFA; and, from the resources, whether users created with an IAM path are left out.

use std::sync::OnceLock;

use crate::policy::catalog::Catalog;
use crate::policy::choices::Credential;
use crate::policy::document::{Policy, Statement};
use crate::policy::evaluate::{CompiledPolicy, Decision, Mfa, Request};
use crate::policy::families::{self, CONSOLE_INFO, DEACTIVATE_MFA_DEVICE, GET_USER};

use super::pattern::{StatementPatterns, glob_match, resolve_for_user};
use super::subject::{OWN_USER, Subject};
use super::{Place, Report, Severity, short_list};

const MFA_KEY: &str = "aws:MultiFactorAuthPresent";
const DELETE_VIRTUAL_MFA_DEVICE: &str = "iam:DeleteVirtualMFADevice";
const ENABLE_MFA_DEVICE: &str = "iam:EnableMFADevice";
const CHANGE_PASSWORD: &str = "iam:ChangePassword";

/// The sample user and the compiled policy, asked one request at a time.
struct Asker<'a> {
    subject: &'a Subject,
    compiled: &'a CompiledPolicy,
    /// Statements with a condition on `aws:MultiFactorAuthPresent`: the only ones whose match
    /// can differ between MFA contexts, since requests here differ in nothing else.
    mfa_sensitive: Vec<StatementPatterns>,
}

impl Asker<'_> {
    fn decide(&self, action: &str, mfa: Mfa) -> Decision {
        let resource = self.own_resource(action);
        self.compiled.evaluate(&Request {
            action,
            resource: &resource,
            mfa,
            context: &[],
        })
    }

    fn allowed(&self, action: &str, mfa: Mfa) -> bool {
        self.decide(action, mfa).verdict.is_allowed()
    }

    fn own_resource(&self, action: &str) -> String {
        if action.eq_ignore_ascii_case(DELETE_VIRTUAL_MFA_DEVICE) {
            return self.subject.own_mfa_arn();
        }
        let resource_type = Catalog::get()
            .find(action)
            .and_then(|a| a.primary_resource_type());
        self.subject.own_resource_for(resource_type)
    }

    /// Up to three actions, other than removing MFA, that the user gets with MFA but not in
    /// this context: what an MFA gate protects.
    fn gated(&self, without: Mfa) -> Vec<&'static str> {
        protected_actions()
            .iter()
            .copied()
            .filter(|a| self.mfa_sensitive.iter().any(|s| s.covers(a)))
            .filter(|a| self.allowed(a, Mfa::Present) && !self.allowed(a, without))
            .take(3)
            .collect()
    }
}

/// Self-service and console actions whose MFA gating matters.
fn protected_actions() -> &'static [&'static str] {
    static ACTIONS: OnceLock<Vec<&'static str>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let mut actions: Vec<&'static str> = Credential::ALL
            .into_iter()
            .flat_map(families::all_actions)
            .filter(|a| *a != DEACTIVATE_MFA_DEVICE)
            .collect();
        actions.push(GET_USER);
        actions.extend_from_slice(CONSOLE_INFO);
        actions.sort_unstable();
        actions.dedup();
        actions
    })
}

pub fn check(policy: &Policy, subject: &Subject, compiled: &CompiledPolicy, report: &mut Report) {
    let mfa_sensitive = policy
        .statements
        .iter()
        .filter(|s| {
            s.conditions
                .iter()
                .any(|c| c.key.eq_ignore_ascii_case(MFA_KEY))
        })
        .map(StatementPatterns::new)
        .collect();
    let asker = Asker {
        subject,
        compiled,
        mfa_sensitive,
    };
    check_mfa_removal(policy, &asker, report);
    check_enrolment_hole(policy, &asker, report);
    check_password_before_mfa(policy, &asker, report);
    check_user_paths(policy, subject, report);
}

/// Statement that decided, for the finding's label and line.
fn deciding<'a>(policy: &'a Policy, decision: &Decision) -> Option<&'a Statement> {
    let index = *decision.statements.first()?;
    policy.statements.iter().find(|s| s.index == index)
}

fn push_decided(
    policy: &Policy,
    decision: &Decision,
    report: &mut Report,
    id: &'static str,
    severity: Severity,
    message: String,
    fix: &str,
) {
    match deciding(policy, decision) {
        Some(statement) => report.push_at(statement, Place::Statement, id, severity, message, fix),
        None => report.push(id, severity, None, None, message, fix),
    }
}

fn check_mfa_removal(policy: &Policy, asker: &Asker, report: &mut Report) {
    for action in [DEACTIVATE_MFA_DEVICE, DELETE_VIRTUAL_MFA_DEVICE] {
        let contexts: Vec<(Mfa, Decision)> = [Mfa::NotPresent, Mfa::Absent]
            .into_iter()
            .map(|mfa| (mfa, asker.decide(action, mfa)))
            .filter(|(_, d)| d.verdict.is_allowed())
            .collect();
        let Some((_, decision)) = contexts.first() else {
            continue;
        };
        let keys = contexts.iter().any(|(mfa, _)| *mfa == Mfa::Absent);
        let password = contexts.iter().any(|(mfa, _)| *mfa == Mfa::NotPresent);
        let (how, thief) = match (password, keys) {
            (true, true) => (
                "after a sign-in without MFA and with long-term access keys",
                "a stolen password or access key",
            ),
            (true, false) => ("after a sign-in without MFA", "a stolen password"),
            _ => ("with long-term access keys", "a stolen access key"),
        };
        push_decided(
            policy,
            decision,
            report,
            "mfa-removable-without-mfa",
            Severity::Error,
            format!("{action} is allowed without MFA ({how}): {thief} can remove the user's MFA"),
            "allow it only with \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}",
        );
    }
}

fn check_enrolment_hole(policy: &Policy, asker: &Asker, report: &mut Report) {
    let decision = asker.decide(ENABLE_MFA_DEVICE, Mfa::Absent);
    if !decision.verdict.is_allowed() {
        return;
    }
    let gated = asker.gated(Mfa::Absent);
    if gated.is_empty() {
        // Nothing depends on MFA for long-term keys: an extra device gains a thief nothing.
        return;
    }
    push_decided(
        policy,
        &decision,
        report,
        "mfa-enrolment-by-long-term-keys",
        Severity::Warning,
        format!(
            "a stolen access key can enrol the thief's own MFA device ({ENABLE_MFA_DEVICE} is allowed with long-term keys), then get an MFA session for what MFA protects ({}, ...)",
            gated.join(", ")
        ),
        "deny iam:CreateVirtualMFADevice, iam:EnableMFADevice and iam:ResyncMFADevice when \"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
    );
}

fn check_password_before_mfa(policy: &Policy, asker: &Asker, report: &mut Report) {
    let decision = asker.decide(CHANGE_PASSWORD, Mfa::NotPresent);
    if !decision.verdict.is_allowed() || asker.gated(Mfa::NotPresent).is_empty() {
        return;
    }
    push_decided(
        policy,
        &decision,
        report,
        "password-change-without-mfa",
        Severity::Info,
        format!(
            "{CHANGE_PASSWORD} is allowed before MFA (first sign-in): AWS notes that whoever has the password can then change it"
        ),
        "keep it only if users must change a temporary password at first sign-in",
    );
}

/// Statements that name `user/${aws:username}` but cannot match the same user created with an
/// IAM path (`user/engineering/alice`).
fn check_user_paths(policy: &Policy, subject: &Subject, report: &mut Report) {
    if !policy.variables_enabled() {
        return;
    }
    let principal = subject.principal(super::subject::EXAMPLE_PATH);
    let with_path = subject.own_user_arn_with_path();
    let affected: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| !s.resource.negated)
        .filter(|s| {
            s.resource
                .values
                .iter()
                .any(|r| r.to_ascii_lowercase().contains(":user/${aws:username}"))
        })
        .filter(|s| {
            !s.resource.values.iter().any(|r| {
                glob_match(
                    &resolve_for_user(r, OWN_USER, &principal.userid, true),
                    &with_path,
                    false,
                )
            })
        })
        .collect();
    let Some(first) = affected.first() else {
        return;
    };
    let labels: Vec<String> = affected.iter().map(|s| s.label()).collect();
    report.push_at(
        first,
        Place::Element("Resource"),
        "user-paths-not-matched",
        Severity::Info,
        format!(
            "{} {} only user/${{aws:username}}: users created with an IAM path (user/engineering/name) are left out",
            short_list(&labels, 3),
            if labels.len() == 1 { "matches" } else { "match" }
        ),
        "also list arn:aws:iam::*:user/*/${aws:username} in their Resource",
    );
}
