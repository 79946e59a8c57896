//! The questions of `policy-sets.md` §3, asked of one user's compiled set.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::policy::engine::{CompiledSet, Decision, Mfa, PolicySet, Principal, Request, Verdict};
use crate::policy::lint::Severity;
use crate::policy::model::catalog::Catalog;
use crate::policy::model::choices::{Credential, CredentialService};
use crate::policy::model::credential_actions::{
    self, CREATE_VIRTUAL_MFA_DEVICE, DEACTIVATE_MFA_DEVICE, GET_USER, MFA_BOOTSTRAP,
    PASSWORD_BEFORE_MFA, PRIVILEGE_ESCALATION, SENTINEL_OTHER_SERVICE,
};
use crate::policy::model::document::Effect;
use crate::policy::reports::truth_table::{context_for, resource_for};

use super::{Answer, AuditFinding, Because, Verdicts};

const ENABLE_MFA_DEVICE: &str = "iam:EnableMFADevice";
const DELETE_VIRTUAL_MFA_DEVICE: &str = "iam:DeleteVirtualMFADevice";
const CHANGE_PASSWORD: &str = "iam:ChangePassword";
const GET_ACCOUNT_PASSWORD_POLICY: &str = "iam:GetAccountPasswordPolicy";
/// Another user's credentials: what a user must never be able to touch (besides their own).
const LOGIN_PROFILE_ACTIONS: [&str; 3] = [
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:DeleteLoginProfile",
];
/// The other user asked about; the name is only a resource, never a principal.
const OTHER_USER: &str = "another-user";
/// How many of the actions the set's Allow statements name are asked about without MFA, beside
/// the fixed ones: enough to catch what a gate forgot, few enough to stay fast on 10,000 users.
const NAMED_ACTION_PROBES: usize = 8;

struct Asker<'a> {
    compiled: &'a CompiledSet,
    set: &'a PolicySet,
    principal: &'a Principal,
    service_context: Vec<(String, Vec<String>)>,
    /// Questions about the own user, answered once: several checks ask the same ones.
    answers: RefCell<HashMap<(&'a str, Mfa), Decision>>,
}

impl<'a> Asker<'a> {
    fn own(&self, action: &'a str, mfa: Mfa) -> Decision {
        if let Some(known) = self.answers.borrow().get(&(action, mfa)) {
            return known.clone();
        }
        let resource = resource_for(action, self.principal, &self.principal.username);
        let decision = self.ask(action, &resource, mfa);
        self.answers
            .borrow_mut()
            .insert((action, mfa), decision.clone());
        decision
    }

    fn ask(&self, action: &str, resource: &str, mfa: Mfa) -> Decision {
        let context: &[(String, Vec<String>)] = if action
            .eq_ignore_ascii_case(credential_actions::CREATE_SERVICE_SPECIFIC_CREDENTIAL)
        {
            &self.service_context
        } else {
            &[]
        };
        self.compiled.evaluate(&Request {
            action,
            resource,
            mfa,
            context,
        })
    }

    fn because(&self, decision: &Decision) -> Because {
        Because::of(decision, self.set)
    }
}

/// Yes when every decision allows; no when one denies; unknown otherwise.
fn all_allowed<'d>(decisions: impl IntoIterator<Item = &'d Decision>) -> Answer {
    let mut answer = Answer::Yes;
    for decision in decisions {
        match decision.verdict() {
            Verdict::Allowed => {}
            Verdict::Unknown => answer = Answer::Unknown,
            Verdict::ExplicitDeny | Verdict::ImplicitDeny => return Answer::No,
        }
    }
    answer
}

/// Yes when some decision allows; no when all deny; unknown otherwise.
fn any_allowed<'d>(decisions: impl IntoIterator<Item = &'d Decision>) -> Answer {
    let mut answer = Answer::No;
    for decision in decisions {
        match decision.verdict() {
            Verdict::Allowed => return Answer::Yes,
            Verdict::Unknown => answer = Answer::Unknown,
            Verdict::ExplicitDeny | Verdict::ImplicitDeny => {}
        }
    }
    answer
}

fn finding(
    id: &'static str,
    severity: Severity,
    message: String,
    because: Option<&Because>,
    fix: &str,
) -> AuditFinding {
    AuditFinding {
        id,
        severity,
        message,
        policy: because.and_then(|b| b.policy.clone()),
        statement: because.and_then(|b| b.statement.clone()),
        fix: fix.to_owned(),
    }
}

/// The actions asked without MFA to see whether MFA is enforced: every credential action outside
/// the bootstrap and the first-sign-in password change, the escalation actions, another
/// service's action, and concrete actions the set's Allow statements name.
fn gate_probes(set: &PolicySet) -> Vec<&str> {
    let exempt = |action: &str| {
        MFA_BOOTSTRAP
            .iter()
            .chain(PASSWORD_BEFORE_MFA)
            .any(|a| a.eq_ignore_ascii_case(action))
    };
    let mut probes: Vec<&str> = Credential::ALL
        .into_iter()
        .flat_map(credential_actions::all_actions)
        .chain(PRIVILEGE_ESCALATION.iter().copied())
        .chain([SENTINEL_OTHER_SERVICE])
        .filter(|a| !exempt(a))
        .collect();
    let catalog = Catalog::get();
    let named = set
        .members()
        .filter_map(|(_, named)| named.document.as_ref())
        .flat_map(|document| &document.statements)
        .filter(|s| s.effect == Effect::Allow && !s.action.negated)
        .flat_map(|s| &s.action.values)
        .map(String::as_str)
        .filter(|a| !a.contains(['*', '?']) && a.contains(':') && !exempt(a))
        .filter(|a| {
            // IAM and STS actions must be real; other services' are asked as written.
            !(a.starts_with("iam:") || a.starts_with("sts:")) || catalog.find(a).is_some()
        });
    let mut added = 0;
    for action in named {
        if added == NAMED_ACTION_PROBES {
            break;
        }
        if !probes.iter().any(|p| p.eq_ignore_ascii_case(action)) {
            probes.push(action);
            added += 1;
        }
    }
    probes
}

/// Answers every question for one user and lists the findings.
pub(super) fn judge<'a>(
    compiled: &'a CompiledSet,
    set: &'a PolicySet,
    principal: &'a Principal,
) -> (Verdicts, Vec<AuditFinding>) {
    let asker = Asker {
        compiled,
        set,
        principal,
        answers: RefCell::new(HashMap::with_capacity(128)),
        service_context: context_for(
            credential_actions::CREATE_SERVICE_SPECIFIC_CREDENTIAL,
            CredentialService::CodeCommit.service_name(),
        ),
    };
    let mut findings = Vec::new();

    // Credential types, with MFA.
    let mut self_manageable = [Answer::No; 6];
    let mut not_manageable = Vec::new();
    for credential in Credential::ALL {
        let decisions: Vec<(&str, Decision)> = credential_actions::all_actions(credential)
            .into_iter()
            .map(|action| (action, asker.own(action, Mfa::Present)))
            .collect();
        let answer = all_allowed(decisions.iter().map(|(_, d)| d));
        self_manageable[credential as usize] = answer;
        if answer == Answer::No
            && let Some((action, decision)) = decisions
                .iter()
                .find(|(_, d)| !d.verdict().is_allowed() && d.verdict() != Verdict::Unknown)
        {
            not_manageable.push(format!(
                "{} ({action}: {})",
                credential.label(),
                asker.because(decision).text
            ));
        }
    }
    if !not_manageable.is_empty() {
        findings.push(finding(
            "credential-not-self-manageable",
            Severity::Info,
            format!(
                "cannot manage with MFA: {}",
                not_manageable.join("; ")
            ),
            None,
            "allow the credential type's actions on arn:aws:iam::*:user/${aws:username} (and in the boundary and SCPs) if users should manage it",
        ));
    }

    // MFA enforcement: what is allowed with MFA must be denied without it.
    let probes = gate_probes(set);
    let mut gated = [Vec::new(), Vec::new()];
    let mut leaks: [Vec<(&str, Decision)>; 2] = [Vec::new(), Vec::new()];
    let mut unknown = [false, false];
    for action in &probes {
        let with_mfa = asker.own(action, Mfa::Present);
        if !with_mfa.verdict().is_allowed() {
            continue;
        }
        for (slot, mfa) in [Mfa::NotPresent, Mfa::Absent].into_iter().enumerate() {
            let decision = asker.own(action, mfa);
            match decision.verdict() {
                Verdict::Allowed => leaks[slot].push((*action, decision)),
                Verdict::Unknown => unknown[slot] = true,
                Verdict::ExplicitDeny | Verdict::ImplicitDeny => gated[slot].push(*action),
            }
        }
    }
    let enforced = |slot: usize| {
        if !leaks[slot].is_empty() {
            Answer::No
        } else if unknown[slot] {
            Answer::Unknown
        } else {
            Answer::Yes
        }
    };
    let mfa_enforced_console = enforced(0);
    let mfa_enforced_keys = enforced(1);
    let requires_mfa_somewhere = !gated[0].is_empty() || !gated[1].is_empty();
    if !requires_mfa_somewhere && !leaks[0].is_empty() {
        findings.push(finding(
            "mfa-not-required",
            Severity::Warning,
            format!(
                "nothing in the user's set requires MFA: {} and the rest are allowed without it",
                leaks[0].first().map_or("", |(a, _)| *a)
            ),
            None,
            "attach a policy that denies everything but the MFA bootstrap when aws:MultiFactorAuthPresent is false or absent",
        ));
    } else {
        for (slot, (id, how)) in [
            ("mfa-not-enforced-console", "without MFA (console sign-in)"),
            ("mfa-not-enforced-keys", "with long-term access keys"),
        ]
        .into_iter()
        .enumerate()
        {
            let Some((action, decision)) = leaks[slot].first() else {
                continue;
            };
            let because = asker.because(decision);
            let others = leaks[slot].len() - 1;
            let more = if others > 0 {
                format!(" (and {others} more)")
            } else {
                String::new()
            };
            findings.push(finding(
                id,
                Severity::Error,
                format!(
                    "MFA is not enforced {how}: {action}{more} is {}, while {} requires MFA",
                    because.text,
                    gated[0].first().or(gated[1].first()).copied().unwrap_or("something")
                ),
                Some(&because),
                if slot == 0 {
                    "deny everything but the MFA bootstrap with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}, or allow this only with MFA"
                } else {
                    "use BoolIfExists (not Bool) on aws:MultiFactorAuthPresent so that long-term keys, which carry no MFA key, are denied too"
                },
            ));
        }
    }

    // The MFA bootstrap, for a new user signed in without MFA.
    let bootstrap: Vec<(&str, Decision)> = [
        GET_USER,
        "iam:ListMFADevices",
        CREATE_VIRTUAL_MFA_DEVICE,
        ENABLE_MFA_DEVICE,
    ]
    .into_iter()
    .map(|action| (action, asker.own(action, Mfa::NotPresent)))
    .collect();
    let bootstrap_reachable = all_allowed(bootstrap.iter().map(|(_, d)| d));
    if bootstrap_reachable == Answer::No
        && !gated[0].is_empty()
        && let Some((action, decision)) = bootstrap
            .iter()
            .find(|(_, d)| matches!(d.verdict(), Verdict::ExplicitDeny | Verdict::ImplicitDeny))
    {
        let because = asker.because(decision);
        findings.push(finding(
            "mfa-bootstrap-unreachable",
            Severity::Error,
            format!(
                "MFA is required but a user without MFA cannot set it up: {action} is {}",
                deny_words(&because)
            ),
            Some(&because),
            "allow iam:GetUser, iam:ListMFADevices, iam:CreateVirtualMFADevice and iam:EnableMFADevice without MFA (in the identity policies, the boundary and the SCPs)",
        ));
    }

    // The enrolment hole: a stolen long-term key enrols the thief's MFA device.
    let enrol = asker.own(ENABLE_MFA_DEVICE, Mfa::Absent);
    let keys_can_enrol_mfa = any_allowed([&enrol]);
    if keys_can_enrol_mfa == Answer::Yes && !gated[1].is_empty() {
        let because = asker.because(&enrol);
        findings.push(finding(
            "mfa-enrolment-by-long-term-keys",
            Severity::Warning,
            format!(
                "a stolen access key can enrol the thief's own MFA device ({ENABLE_MFA_DEVICE} is {} with long-term keys), then get an MFA session for {}",
                because.text,
                gated[1].first().copied().unwrap_or("what MFA protects")
            ),
            Some(&because),
            "deny iam:CreateVirtualMFADevice, iam:EnableMFADevice and iam:ResyncMFADevice when \"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
        ));
    }

    // Removing MFA without MFA.
    let removal: Vec<(&str, Mfa, Decision)> = [DEACTIVATE_MFA_DEVICE, DELETE_VIRTUAL_MFA_DEVICE]
        .into_iter()
        .flat_map(|action| {
            [Mfa::NotPresent, Mfa::Absent]
                .into_iter()
                .map(move |mfa| (action, mfa))
        })
        .map(|(action, mfa)| (action, mfa, asker.own(action, mfa)))
        .collect();
    let mfa_removable_without_mfa = any_allowed(removal.iter().map(|(_, _, d)| d));
    if let Some((action, mfa, decision)) = removal.iter().find(|(_, _, d)| d.verdict().is_allowed())
    {
        let because = asker.because(decision);
        let thief = if *mfa == Mfa::Absent {
            "a stolen access key"
        } else {
            "a stolen password"
        };
        findings.push(finding(
            "mfa-removable-without-mfa",
            Severity::Error,
            format!("{thief} can remove the user's MFA: {action} is {}", because.text),
            Some(&because),
            "allow it only with \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}",
        ));
    }

    // First sign-in with "must change password".
    let first: Vec<(&str, Decision)> = [CHANGE_PASSWORD, GET_ACCOUNT_PASSWORD_POLICY]
        .into_iter()
        .map(|action| (action, asker.own(action, Mfa::NotPresent)))
        .collect();
    let first_sign_in_password_change = all_allowed(first.iter().map(|(_, d)| d));
    if first_sign_in_password_change == Answer::No
        && let Some((action, decision)) = first
            .iter()
            .find(|(_, d)| matches!(d.verdict(), Verdict::ExplicitDeny | Verdict::ImplicitDeny))
    {
        let because = asker.because(decision);
        findings.push(finding(
            "first-sign-in-deadlock",
            Severity::Warning,
            format!(
                "a user who must change their password at first sign-in cannot: {action} without MFA is {}",
                deny_words(&because)
            ),
            Some(&because),
            "attach IAMUserChangePassword (AWS does when \"must create a new password\" is ticked), and leave iam:ChangePassword and iam:GetAccountPasswordPolicy out of the MFA gate",
        ));
    }

    // Other users' credentials.
    let mut other_resources = vec![resource_for(DEACTIVATE_MFA_DEVICE, principal, OTHER_USER)];
    if principal.path != "/" {
        // Policies scoped to a path (`user/engineering/*`) reach the user's colleagues.
        other_resources.push(format!(
            "arn:{}:iam::{}:user{}{OTHER_USER}",
            principal.partition, principal.account, principal.path
        ));
    }
    let touching = Credential::ALL
        .into_iter()
        .flat_map(credential_actions::user_scoped_actions)
        .copied()
        .filter(|a| is_credential_change(a))
        .chain(LOGIN_PROFILE_ACTIONS);
    let mut other_decisions = Vec::new();
    for action in touching {
        for resource in &other_resources {
            other_decisions.push((action, resource, asker.ask(action, resource, Mfa::Present)));
        }
    }
    let other_users_reachable = any_allowed(other_decisions.iter().map(|(_, _, d)| d));
    if let Some((action, resource, decision)) = other_decisions
        .iter()
        .find(|(_, _, d)| d.verdict().is_allowed())
    {
        let because = asker.because(decision);
        let stolen = asker
            .ask(action, resource, Mfa::Absent)
            .verdict()
            .is_allowed();
        findings.push(finding(
            "other-users-credentials",
            Severity::Error,
            format!(
                "can change another user's credentials: {action} on {resource} is {}{}",
                because.text,
                if stolen { ", even with a stolen access key (no MFA)" } else { "" }
            ),
            Some(&because),
            "scope credential actions to arn:aws:iam::*:user/${aws:username} (and user/*/${aws:username} for users with a path)",
        ));
    }

    // Privilege escalation.
    let escalation_decisions: Vec<(&str, Decision)> = PRIVILEGE_ESCALATION
        .iter()
        .map(|action| (*action, asker.own(action, Mfa::Present)))
        .collect();
    let escalation = any_allowed(escalation_decisions.iter().map(|(_, d)| d));
    let allowed: Vec<&(&str, Decision)> = escalation_decisions
        .iter()
        .filter(|(_, d)| d.verdict().is_allowed())
        .collect();
    if let Some((action, decision)) = allowed.first() {
        let because = asker.because(decision);
        let stolen = allowed
            .iter()
            .any(|(action, _)| asker.own(action, Mfa::Absent).verdict().is_allowed());
        let names: Vec<&str> = allowed.iter().map(|(a, _)| *a).collect();
        findings.push(finding(
            "privilege-escalation",
            if stolen {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!(
                "can raise their own privileges ({}): {action} is {}{}",
                short_list(&names, 3),
                because.text,
                if stolen {
                    "; a stolen access key (no MFA) can take the account over"
                } else {
                    " (only with MFA)"
                }
            ),
            Some(&because),
            "remove these actions, or allow them only to administrators and only with MFA",
        ));
    }

    let verdicts = Verdicts {
        self_manageable,
        mfa_enforced_console,
        mfa_enforced_keys,
        bootstrap_reachable,
        keys_can_enrol_mfa,
        mfa_removable_without_mfa,
        first_sign_in_password_change,
        other_users_reachable,
        escalation,
    };
    (verdicts, findings)
}

/// Creating, changing or deleting a credential (not reading one).
fn is_credential_change(action: &str) -> bool {
    let name = action.strip_prefix("iam:").unwrap_or(action);
    [
        "Create",
        "Delete",
        "Update",
        "Upload",
        "Enable",
        "Deactivate",
        "Resync",
        "Reset",
    ]
    .iter()
    .any(|verb| name.starts_with(verb))
}

/// "denied by X" or "denied: no Allow ...".
fn deny_words(because: &Because) -> String {
    if because.text.starts_with("denied") {
        because.text.clone()
    } else {
        format!("denied: {}", because.text)
    }
}

fn short_list(items: &[&str], limit: usize) -> String {
    if items.len() <= limit {
        items.join(", ")
    } else {
        format!(
            "{}, and {} more",
            items[..limit].join(", "),
            items.len() - limit
        )
    }
}
