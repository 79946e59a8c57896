//! Checks that ask the evaluator what the policy actually allows a sample user (`alice`): MFA
//! removable without MFA, the stolen-access-key MFA enrolment hole, a password change before
//! MFA; and, from the resources, whether users created with an IAM path are left out.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::OnceLock;

use crate::policy::engine::{Decision, Mfa, Request};
use crate::policy::model::catalog::Catalog;
use crate::policy::model::choices::Credential;
use crate::policy::model::credential_actions::{
    self, CONSOLE_INFO, DEACTIVATE_MFA_DEVICE, GET_USER,
};
use crate::policy::model::document::{Effect, Policy, Statement};

use super::action_set::{self, ActionSet};
use super::evaluator::{Evaluators, Subset};
use super::pattern::wildcard_match;
use super::rules::{self, Rule};
use super::statement_facts::{StatementFacts, covered_by};
use super::{Place, Report, short_list};
use crate::policy::sample::Subject;

const MFA_KEY: &str = credential_actions::MFA_PRESENT_KEY;
const DELETE_VIRTUAL_MFA_DEVICE: &str = "iam:DeleteVirtualMFADevice";
const ENABLE_MFA_DEVICE: &str = "iam:EnableMFADevice";
const CHANGE_PASSWORD: &str = "iam:ChangePassword";
const GET_SESSION_TOKEN: &str = credential_actions::GET_SESSION_TOKEN;
/// The actions of the checks' fixed questions.
const FIXED_QUESTIONS: [&str; 4] = [
    DEACTIVATE_MFA_DEVICE,
    DELETE_VIRTUAL_MFA_DEVICE,
    ENABLE_MFA_DEVICE,
    CHANGE_PASSWORD,
];

/// The sample user and the policy, asked one request at a time.
struct Asker<'a, 'p> {
    subject: &'a Subject,
    facts: &'a [StatementFacts<'p>],
    evaluators: Evaluators<'a, 'p>,
    /// Compiled on first use: for the fixed questions (removing, enabling MFA, changing the
    /// password), and for what an MFA gate may protect.
    fixed: OnceCell<Subset>,
    protected: OnceCell<Subset>,
    /// The own user's ARN and MFA device: the resources most requests are about.
    own_user: String,
    own_mfa: String,
    /// Catalog actions covered by a statement with a condition on `aws:MultiFactorAuthPresent`:
    /// the only statements whose match can differ between MFA contexts, since requests here
    /// differ in nothing else.
    mfa_sensitive: ActionSet,
    /// Catalog actions some Allow statement covers: no other action can be allowed (apart from
    /// `sts:GetSessionToken`, which is allowed in every context and so never MFA-gated).
    allowable: ActionSet,
}

impl Asker<'_, '_> {
    /// The decision that allows the action in this MFA context, `None` when it is denied.
    fn allowing_decision(&self, subset: &Subset, action: &str, mfa: Mfa) -> Option<Decision> {
        if !self.may_be_allowed(action) {
            return None;
        }
        let resource = self.own_resource(action);
        let decision = subset.evaluate(&Request {
            action,
            resource: &resource,
            mfa,
            context: &[],
        });
        decision.verdict().is_allowed().then_some(decision)
    }

    /// The decision allowing one of the fixed questions' actions, `None` when denied.
    fn allows(&self, action: &str, mfa: Mfa) -> Option<Decision> {
        if !self.may_be_allowed(action) {
            return None;
        }
        self.allowing_decision(self.fixed(), action, mfa)
    }

    /// The evaluator for the fixed questions, compiled on first use.
    fn fixed(&self) -> &Subset {
        self.fixed.get_or_init(|| {
            let asked = FIXED_QUESTIONS
                .into_iter()
                .filter(|a| self.may_be_allowed(a));
            self.subset_for(asked)
        })
    }

    /// Whether a Deny stops one of the fixed questions' actions in this MFA context: an MFA
    /// gate, when the action is allowed with MFA.
    fn denied_by_a_deny(&self, action: &str, mfa: Mfa) -> bool {
        if !self.may_be_allowed(action) {
            return false;
        }
        let resource = self.own_resource(action);
        let decision = self.fixed().evaluate(&Request {
            action,
            resource: &resource,
            mfa,
            context: &[],
        });
        matches!(decision, Decision::ExplicitDeny(_))
    }

    /// An evaluator for requests about these actions.
    fn subset_for<'n>(&self, actions: impl Iterator<Item = &'n str>) -> Subset {
        let mut known = ActionSet::default();
        let mut others: Vec<&str> = Vec::new();
        for action in actions {
            match Catalog::get().position(action) {
                Some(index) => known.insert(index),
                None => others.push(action),
            }
        }
        self.evaluators.for_actions(known, &others)
    }

    /// Whether the evaluator could allow the action at all: only an Allow statement that
    /// covers it can, apart from `sts:GetSessionToken`, which no policy controls.
    fn may_be_allowed(&self, action: &str) -> bool {
        action.eq_ignore_ascii_case(GET_SESSION_TOKEN)
            || Catalog::get()
                .position(action)
                .is_none_or(|index| self.allowable.contains(index))
    }

    fn own_resource(&self, action: &str) -> Cow<'_, str> {
        if action.eq_ignore_ascii_case(DELETE_VIRTUAL_MFA_DEVICE) {
            return Cow::Borrowed(&self.own_mfa);
        }
        let resource_type = Catalog::get()
            .find(action)
            .and_then(|a| a.primary_resource_type());
        match resource_type {
            Some("user") => Cow::Borrowed(&self.own_user),
            Some("mfa" | "sms-mfa") => Cow::Borrowed(&self.own_mfa),
            other => Cow::Owned(self.subject.own_resource_for(other)),
        }
    }

    /// Up to three actions, other than removing MFA, that the user gets with MFA but not in
    /// this context: what an MFA gate protects.
    fn gated(&self, without: Mfa) -> Vec<&'static str> {
        let subset = self.protected.get_or_init(|| {
            let candidates = protected_actions().iter().filter(|a| self.may_be_gated(a));
            self.subset_for(candidates.map(|a| a.name))
        });
        let allowed = |action, mfa| self.allowing_decision(subset, action, mfa).is_some();
        protected_actions()
            .iter()
            .filter(|a| self.may_be_gated(a))
            .map(|a| a.name)
            .filter(|a| allowed(a, Mfa::Present) && !allowed(a, without))
            .take(3)
            .collect()
    }

    /// Whether an MFA condition could matter for the action and some Allow could allow it.
    fn may_be_gated(&self, action: &Protected) -> bool {
        match action.index {
            Some(index) => self.mfa_sensitive.contains(index) && self.allowable.contains(index),
            None => self
                .facts
                .iter()
                .any(|f| has_mfa_condition(f.statement) && f.covers_name(action.name)),
        }
    }
}

/// A protected action and its position in the catalog, if the catalog has it.
struct Protected {
    name: &'static str,
    index: Option<usize>,
}

/// Self-service and console actions whose MFA gating matters.
fn protected_actions() -> &'static [Protected] {
    static ACTIONS: OnceLock<Vec<Protected>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let mut actions: Vec<&'static str> = Credential::ALL
            .into_iter()
            .flat_map(credential_actions::all_actions)
            .filter(|a| *a != DEACTIVATE_MFA_DEVICE)
            .collect();
        actions.push(GET_USER);
        actions.extend_from_slice(CONSOLE_INFO);
        actions.sort_unstable();
        actions.dedup();
        actions
            .into_iter()
            .map(|name| Protected {
                name,
                index: Catalog::get().find(name).map(action_set::index_of),
            })
            .collect()
    })
}

pub fn check<'a, 'p>(
    policy: &Policy,
    facts: &'a [StatementFacts<'p>],
    subject: &'a Subject,
    evaluators: Evaluators<'a, 'p>,
    report: &mut Report,
) {
    let mfa_sensitive = facts
        .iter()
        .filter(|f| has_mfa_condition(f.statement))
        .fold(ActionSet::default(), |set, f| set.union(f.covered()));
    let asker = Asker {
        subject,
        facts,
        evaluators,
        fixed: OnceCell::new(),
        protected: OnceCell::new(),
        own_user: subject.own_user_arn(),
        own_mfa: subject.own_mfa_arn(),
        mfa_sensitive,
        allowable: covered_by(facts, Effect::Allow),
    };
    check_mfa_removal(policy, &asker, report);
    check_enrolment_hole(policy, &asker, report);
    check_password_before_mfa(policy, &asker, report);
    check_user_paths(policy, facts, subject, report);
}

fn has_mfa_condition(statement: &Statement) -> bool {
    statement
        .conditions
        .iter()
        .any(|c| c.key.eq_ignore_ascii_case(MFA_KEY))
}

/// Whether a resource names `user/${aws:username}` (any case), i.e. the user without a path.
fn names_own_user_without_path(resource: &str) -> bool {
    const NEEDLE: &[u8] = b":user/${aws:username}";
    let bytes = resource.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b':'
            && bytes
                .get(i..i + NEEDLE.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(NEEDLE))
    })
}

/// Statement that decided, for the finding's label and line.
fn deciding<'a>(policy: &'a Policy, decision: &Decision) -> Option<&'a Statement> {
    let index = decision.statements().first()?.statement;
    policy.statements.iter().find(|s| s.index == index)
}

fn push_decided(
    policy: &Policy,
    decision: &Decision,
    report: &mut Report,
    rule: &'static Rule,
    message: String,
    fix: &str,
) {
    match deciding(policy, decision) {
        Some(statement) => report.push_at(statement, Place::Statement, rule, message, fix),
        None => report.push(rule, None, None, message, fix),
    }
}

fn check_mfa_removal(policy: &Policy, asker: &Asker<'_, '_>, report: &mut Report) {
    for action in [DEACTIVATE_MFA_DEVICE, DELETE_VIRTUAL_MFA_DEVICE] {
        let contexts: Vec<(Mfa, Decision)> = [Mfa::NotPresent, Mfa::Absent]
            .into_iter()
            .filter_map(|mfa| Some((mfa, asker.allows(action, mfa)?)))
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
        if action == DELETE_VIRTUAL_MFA_DEVICE {
            // A device in use cannot be deleted before it is deactivated: this alone removes
            // nothing, and the Deactivate finding (if any) is the error.
            let deactivate = if asker
                .allows(DEACTIVATE_MFA_DEVICE, Mfa::NotPresent)
                .is_some()
                || asker.allows(DEACTIVATE_MFA_DEVICE, Mfa::Absent).is_some()
            {
                "which this policy also allows without MFA"
            } else if asker.allows(DEACTIVATE_MFA_DEVICE, Mfa::Present).is_some() {
                "which this policy allows only with MFA"
            } else {
                "which this policy does not allow"
            };
            push_decided(
                policy,
                decision,
                report,
                rules::MFA_DELETABLE_WITHOUT_MFA,
                format!(
                    "{action} is allowed without MFA ({how}): a device in use must first be deactivated ({DEACTIVATE_MFA_DEVICE}, {deactivate}), but AWS advises never to allow deleting a device without MFA"
                ),
                "allow it only with \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}",
            );
            continue;
        }
        push_decided(
            policy,
            decision,
            report,
            rules::MFA_REMOVABLE_WITHOUT_MFA,
            format!("{action} is allowed without MFA ({how}): {thief} can remove the user's MFA"),
            "allow it only with \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}",
        );
    }
}

fn check_enrolment_hole(policy: &Policy, asker: &Asker<'_, '_>, report: &mut Report) {
    let Some(decision) = asker.allows(ENABLE_MFA_DEVICE, Mfa::Absent) else {
        return;
    };
    // What the thief's own device gains: an MFA session passes every MFA condition, so whatever
    // is allowed with MFA and not with the key alone. Removing the user's own MFA device counts
    // when an MFA gate (a Deny) keeps it from the key alone: the policy relies on MFA against a
    // stolen key there, and a user may have several devices, so the thief's stays usable while
    // the user's is deactivated. Removable without MFA, it is `mfa-removable-without-mfa`.
    let removes_mfa = || {
        asker.allows(DEACTIVATE_MFA_DEVICE, Mfa::Present).is_some()
            && asker.denied_by_a_deny(DEACTIVATE_MFA_DEVICE, Mfa::Absent)
    };
    let gated = asker.gated(Mfa::Absent);
    let gain = if !gated.is_empty() {
        format!("for what MFA protects ({}, ...)", gated.join(", "))
    } else if removes_mfa() {
        format!(
            "to remove the user's own MFA device ({DEACTIVATE_MFA_DEVICE}, which the policy's MFA gate denies to the key alone)"
        )
    } else {
        // Nothing depends on MFA for long-term keys: an extra device gains a thief nothing.
        return;
    };
    push_decided(
        policy,
        &decision,
        report,
        rules::MFA_ENROLMENT_BY_LONG_TERM_KEYS,
        format!(
            "a stolen access key can enrol the thief's own MFA device ({ENABLE_MFA_DEVICE} is allowed with long-term keys), then get an MFA session {gain}"
        ),
        "deny iam:CreateVirtualMFADevice, iam:EnableMFADevice and iam:ResyncMFADevice when \"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
    );
}

fn check_password_before_mfa(policy: &Policy, asker: &Asker<'_, '_>, report: &mut Report) {
    let Some(decision) = asker.allows(CHANGE_PASSWORD, Mfa::NotPresent) else {
        return;
    };
    if asker.gated(Mfa::NotPresent).is_empty() {
        return;
    }
    push_decided(
        policy,
        &decision,
        report,
        rules::PASSWORD_CHANGE_WITHOUT_MFA,
        format!(
            "{CHANGE_PASSWORD} is allowed before MFA (first sign-in): AWS notes that whoever has the password can then change it"
        ),
        "keep it only if users must change a temporary password at first sign-in",
    );
}

/// Statements that name `user/${aws:username}` but cannot match the same user created with an
/// IAM path (`user/engineering/alice`).
fn check_user_paths(
    policy: &Policy,
    facts: &[StatementFacts<'_>],
    subject: &Subject,
    report: &mut Report,
) {
    if !policy.variables_enabled() {
        return;
    }
    let mut with_path: Option<String> = None;
    let affected: Vec<&Statement> = facts
        .iter()
        .filter(|f| !f.statement.resource.negated)
        .filter(|f| {
            f.resources.iter().any(|r| {
                *r.names_own_user_without_path
                    .get_or_init(|| names_own_user_without_path(r.text))
            })
        })
        .filter(|f| {
            !f.resources.iter().any(|r| {
                *r.matches_own_user_with_path.get_or_init(|| {
                    let arn = with_path.get_or_insert_with(|| subject.own_user_arn_with_path());
                    wildcard_match(r.for_own_user(), arn)
                })
            })
        })
        .map(|f| f.statement)
        .collect();
    let Some(first) = affected.first() else {
        return;
    };
    let labels: Vec<String> = affected.iter().map(|s| s.label()).collect();
    report.push_at(
        first,
        Place::Element("Resource"),
        rules::USER_PATHS_NOT_MATCHED,
        format!(
            "{} {} only user/${{aws:username}}: users created with an IAM path (user/engineering/name) are left out",
            short_list(&labels, 3),
            if labels.len() == 1 { "matches" } else { "match" }
        ),
        "also list arn:aws:iam::*:user/*/${aws:username} in their Resource",
    );
}
