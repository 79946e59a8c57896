//! Checks of a user's whole set (policy-sets.md §3): each member's own checks, and what only the
//! set shows: an MFA gate in one policy guarding self-service in another, a boundary or an SCP
//! that takes a self-service action or the MFA bootstrap away, and the stolen-key enrolment
//! hole over the whole set.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::policy::engine::{
    CompiledSet, Decision, Mfa, MissingAllow, PolicySet, Principal, Request,
};
use crate::policy::granted::granted_actions;
use crate::policy::model::catalog::Catalog;
use crate::policy::model::choices::{Attachment, Credential, CredentialService};
use crate::policy::model::credential_actions::{
    self, CREATE_SERVICE_SPECIFIC_CREDENTIAL, MFA_BOOTSTRAP, SERVICE_NAME_CONDITION_KEY,
};
use crate::policy::sample::Subject;

use super::{Finding, rules, short_list};

/// A finding of a set's lint, with the policy it concerns (`None`: the set as a whole; its
/// statement then reads `policy / Sid`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetFinding {
    pub policy: Option<String>,
    pub finding: Finding,
}

/// Lints every member whose text is given (`texts[position]`, positions as
/// [`PolicySet::members`] numbers them; `None`: not linted on its own, e.g. a bundled AWS
/// managed policy), then the set. The first identity policy is checked against `attachment`.
pub fn lint_set(
    set: &PolicySet,
    texts: &[Option<&str>],
    attachment: Option<Attachment>,
) -> Vec<SetFinding> {
    let mut findings = Vec::new();
    for (position, (_, member)) in set.members().enumerate() {
        let Some(Some(text)) = texts.get(position) else {
            continue;
        };
        let limit = if position == 0 { attachment } else { None };
        findings.extend(
            super::lint(text, limit)
                .into_iter()
                .map(|finding| SetFinding {
                    policy: Some(member.name.clone()),
                    finding,
                }),
        );
    }
    findings.extend(set_findings(set).into_iter().map(|finding| SetFinding {
        policy: None,
        finding,
    }));
    findings
}

/// The findings only the whole set shows (nothing for a set of one policy).
pub fn set_findings(set: &PolicySet) -> Vec<Finding> {
    set_findings_reusing(set, None)
}

/// [`set_findings`], reusing the set already compiled for `principal` (the wizard's analysis
/// compiles it on every key press) when that is the user the checks ask about.
pub fn set_findings_reusing(
    set: &PolicySet,
    compiled: Option<(&Principal, &CompiledSet)>,
) -> Vec<Finding> {
    if set.len() < 2 {
        return Vec::new();
    }
    let Some(first) = set.identity.iter().find_map(|p| p.document.as_ref()) else {
        return Vec::new();
    };
    let subject = Subject::for_policy(first);
    let principal = subject.principal("/");
    let compiled_here;
    let full = match compiled {
        Some((asked, full)) if *asked == principal => full,
        _ => {
            compiled_here = set.compile(&principal);
            &compiled_here
        }
    };
    let asker = Asker {
        set,
        full,
        subject: &subject,
        answers: RefCell::new(vec![None; self_service_actions().len() * Mfa::ALL.len()]),
    };
    let mut findings = Vec::new();
    if set.boundary.is_some() || !set.scp_levels.is_empty() {
        removed_by_boundary_or_scp(&asker, &mut findings);
    }
    mfa_gate_elsewhere(&asker, &mut findings);
    enrolment_hole(&asker, &mut findings);
    findings.sort_by_key(|f| f.severity);
    findings
}

struct Asker<'a> {
    set: &'a PolicySet,
    full: &'a CompiledSet,
    subject: &'a Subject,
    /// The full set's answers to the self-service actions asked so far, by action (its index
    /// in [`self_service_actions`]) and MFA state: the checks ask many of the same questions.
    answers: RefCell<Vec<Option<Decision>>>,
}

/// Which question the whole set or its identity policies alone are asked.
#[derive(Clone, Copy)]
enum Asked {
    WholeSet,
    IdentityOnly,
}

impl Asker<'_> {
    /// The full set's answer, asked once per self-service action and MFA state.
    fn full(&self, action: &'static str, mfa: Mfa) -> Decision {
        let Ok(index) = self_service_actions().binary_search(&action) else {
            return self.ask(Asked::WholeSet, action, mfa);
        };
        let slot = index * Mfa::ALL.len() + mfa as usize;
        if let Some(decision) = &self.answers.borrow()[slot] {
            return decision.clone();
        }
        let decision = self.ask(Asked::WholeSet, action, mfa);
        self.answers.borrow_mut()[slot] = Some(decision.clone());
        decision
    }

    fn ask(&self, asked: Asked, action: &str, mfa: Mfa) -> Decision {
        let resource_type = Catalog::get()
            .find(action)
            .and_then(|a| a.primary_resource_type());
        let resource = self.subject.own_resource_for(resource_type);
        // Creating a service-specific credential names its service (Service Authorization
        // Reference: `iam:ServiceSpecificCredentialServiceName`); CodeCommit, as AWS's example.
        let context = if action.eq_ignore_ascii_case(CREATE_SERVICE_SPECIFIC_CREDENTIAL) {
            vec![(
                SERVICE_NAME_CONDITION_KEY.to_owned(),
                vec![CredentialService::CodeCommit.service_name().to_owned()],
            )]
        } else {
            Vec::new()
        };
        let request = Request {
            action,
            resource: &resource,
            mfa,
            context: &context,
        };
        match asked {
            Asked::WholeSet => self.full.evaluate(&request),
            Asked::IdentityOnly => self.full.evaluate_identity(&request),
        }
    }

    /// Why the boundary or an SCP denies what the identity policies grant: a sentence naming
    /// the policy and statement or the step, `None` when the identity policies decided.
    fn removed_by(&self, decision: &Decision) -> Option<String> {
        let identity = self.set.identity.len();
        match decision {
            Decision::ExplicitDeny(by) => {
                let outside: Vec<&str> = by
                    .iter()
                    .filter(|s| s.policy >= identity)
                    .map(|s| &*s.label)
                    .collect();
                (!outside.is_empty()).then(|| format!("denied by {}", outside.join(", ")))
            }
            Decision::ImplicitDeny(MissingAllow::Boundary) => Some(format!(
                "no Allow in the permissions boundary ({})",
                self.set.boundary.as_ref().map_or("", |b| b.name.as_str())
            )),
            Decision::ImplicitDeny(MissingAllow::ScpLevel(level)) => {
                let names: Vec<&str> = self
                    .set
                    .scp_levels
                    .get(level - 1)
                    .map(|l| l.iter().map(|p| p.name.as_str()).collect())
                    .unwrap_or_default();
                Some(format!(
                    "no Allow at SCP level {level} ({})",
                    names.join(", ")
                ))
            }
            _ => None,
        }
    }
}

/// Every self-service action of every credential type, sorted.
fn self_service_actions() -> &'static [&'static str] {
    static ACTIONS: OnceLock<Vec<&'static str>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let mut actions: Vec<&'static str> = Credential::ALL
            .into_iter()
            .flat_map(credential_actions::all_actions)
            .collect();
        actions.sort_unstable();
        actions.dedup();
        actions
    })
}

/// Groups actions by the reason they are taken away, in first-seen order.
fn group(pairs: Vec<(&'static str, String)>) -> Vec<(String, Vec<&'static str>)> {
    let mut groups: Vec<(String, Vec<&'static str>)> = Vec::new();
    for (action, reason) in pairs {
        match groups.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, actions)) => actions.push(action),
            None => groups.push((reason, vec![action])),
        }
    }
    groups
}

/// The actions the identity policies grant in this MFA context but the whole set does not, with
/// what took each away (the boundary, an SCP level).
fn taken_away(
    asker: &Asker<'_>,
    actions: impl IntoIterator<Item = &'static str>,
    mfa: Mfa,
) -> Vec<(&'static str, String)> {
    let mut removed = Vec::new();
    for action in actions {
        let full = asker.full(action, mfa);
        if full.verdict().is_allowed()
            || !asker
                .ask(Asked::IdentityOnly, action, mfa)
                .verdict()
                .is_allowed()
        {
            continue;
        }
        if let Some(reason) = asker.removed_by(&full) {
            removed.push((action, reason));
        }
    }
    removed
}

fn removed_by_boundary_or_scp(asker: &Asker<'_>, findings: &mut Vec<Finding>) {
    // Self-service, with MFA: granted by the identity policies, taken away by the rest.
    let removed = taken_away(asker, self_service_actions().iter().copied(), Mfa::Present);
    for (reason, actions) in group(removed) {
        findings.push(Finding {
            rule: rules::SET_REMOVES_SELF_SERVICE,
            severity: rules::SET_REMOVES_SELF_SERVICE.severity,
            column: None,
            statement: None,
            line: None,
            message: format!(
                "the identity policies grant {} with MFA, but the set does not: {reason}",
                short_list(&actions, 4)
            ),
            fix: "allow these actions in the permissions boundary and at every SCP level, or stop granting them".to_owned(),
        });
    }
    // The MFA bootstrap, without MFA: a new user must reach a working device.
    let removed = taken_away(asker, MFA_BOOTSTRAP.iter().copied(), Mfa::NotPresent);
    for (reason, actions) in group(removed) {
        findings.push(Finding {
            rule: rules::SET_REMOVES_MFA_BOOTSTRAP,
            severity: rules::SET_REMOVES_MFA_BOOTSTRAP.severity,
            column: None,
            statement: None,
            line: None,
            message: format!(
                "a new user cannot set up MFA: the identity policies allow {} before MFA, but the set does not: {reason}",
                short_list(&actions, 4)
            ),
            fix: "allow the MFA bootstrap actions in the permissions boundary and at every SCP level".to_owned(),
        });
    }
}

/// Self-service granted by one policy and gated by another's Deny works only while both stay
/// attached; other policies' grants left outside the gate are said too.
fn mfa_gate_elsewhere(asker: &Asker<'_>, findings: &mut Vec<Finding>) {
    let mut gates: Vec<(String, Vec<&'static str>)> = Vec::new();
    let mut any_gate = false;
    for &action in self_service_actions() {
        let with = asker.full(action, Mfa::Present);
        if !with.verdict().is_allowed() {
            continue;
        }
        let without = asker.full(action, Mfa::NotPresent);
        let Decision::ExplicitDeny(denies) = &without else {
            continue;
        };
        any_gate = true;
        let granting: Vec<usize> = with.statements().iter().map(|s| s.policy).collect();
        if let Some(gate) = denies.iter().find(|d| !granting.contains(&d.policy)) {
            let label = gate.label.to_string();
            match gates.iter_mut().find(|(l, _)| *l == label) {
                Some((_, actions)) => actions.push(action),
                None => gates.push((label, vec![action])),
            }
        }
    }
    for (gate, actions) in gates {
        findings.push(Finding {
            rule: rules::SET_MFA_GATE_IN_OTHER_POLICY,
            severity: rules::SET_MFA_GATE_IN_OTHER_POLICY.severity,
            column: None,
            statement: Some(gate.clone()),
            line: None,
            message: format!(
                "the MFA gate for {} is {gate}, in another policy than the grant: they work only together",
                short_list(&actions, 4)
            ),
            fix: "keep both policies attached to the same users (e.g. through one group)".to_owned(),
        });
    }
    if !any_gate {
        return;
    }
    let others = asker
        .set
        .identity
        .iter()
        .skip(1)
        .filter_map(|p| p.document.as_deref());
    let mut ungated = Vec::new();
    for action in granted_actions(others) {
        let with = asker.ask(Asked::WholeSet, &action, Mfa::Present);
        let without = asker.ask(Asked::WholeSet, &action, Mfa::NotPresent);
        if with.verdict().is_allowed() && without.verdict().is_allowed() {
            let by: Vec<&str> = without.labels().collect();
            ungated.push(format!("{action} ({})", by.join(", ")));
        }
    }
    if !ungated.is_empty() {
        findings.push(Finding {
            rule: rules::SET_MFA_GATE_PARTIAL,
            severity: rules::SET_MFA_GATE_PARTIAL.severity,
            column: None,
            statement: None,
            line: None,
            message: format!(
                "self-service is gated by MFA, but the other policies' grants are not: {} allowed without MFA",
                short_list(&ungated, 3)
            ),
            fix: "deny everything except the MFA bootstrap when aws:MultiFactorAuthPresent is not true (BoolIfExists), in one policy of the set".to_owned(),
        });
    }
}

/// A stolen long-term key that can enrol a device gets past every MFA gate of the set.
fn enrolment_hole(asker: &Asker<'_>, findings: &mut Vec<Finding>) {
    let enable = "iam:EnableMFADevice";
    let decision = asker.full(enable, Mfa::Absent);
    if !decision.verdict().is_allowed() {
        return;
    }
    let gated: Vec<&'static str> = self_service_actions()
        .iter()
        .copied()
        .filter(|a| {
            asker.full(a, Mfa::Present).verdict().is_allowed()
                && !asker.full(a, Mfa::Absent).verdict().is_allowed()
        })
        .collect();
    if gated.is_empty() {
        return;
    }
    let by: Vec<&str> = decision.labels().collect();
    findings.push(Finding {
        rule: rules::SET_MFA_ENROLMENT_BY_LONG_TERM_KEYS,
        severity: rules::SET_MFA_ENROLMENT_BY_LONG_TERM_KEYS.severity,
        column: None,
        statement: by.first().map(|s| (*s).to_owned()),
        line: None,
        message: format!(
            "over the whole set, a stolen access key can enrol the thief's own MFA device ({enable} allowed with long-term keys by {}), then get an MFA session for {}",
            by.join(", "),
            short_list(&gated, 3)
        ),
        fix: "deny iam:CreateVirtualMFADevice, iam:EnableMFADevice and iam:ResyncMFADevice when \"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}".to_owned(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::engine::NamedPolicy;
    use crate::policy::model::document::parse;
    use crate::policy::model::managed;

    fn named(name: &str, json: &str) -> NamedPolicy {
        NamedPolicy::new(name, parse(json).expect("valid"))
    }

    fn aws(name: &str) -> NamedPolicy {
        NamedPolicy::bundled(managed::find(name).expect("bundled"))
    }

    const SELF_SERVICE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"Keys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:ListAccessKeys","iam:DeleteAccessKey","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
        {"Sid":"Mfa","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:GetUser"],"Resource":"*"}]}"#;
    const GATE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"DenyWithoutMfa","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:GetUser","sts:GetSessionToken"],"Resource":"*",
         "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#;

    fn ids(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.id()).collect()
    }

    #[test]
    fn a_gate_in_another_policy_is_named_and_the_enrolment_hole_found_over_the_set() {
        let set = PolicySet {
            identity: vec![named("self.json", SELF_SERVICE), named("gate.json", GATE)],
            ..PolicySet::default()
        };
        let findings = set_findings(&set);
        let gate = findings
            .iter()
            .find(|f| f.id() == "set-mfa-gate-in-other-policy")
            .expect("gate named");
        assert_eq!(
            gate.statement.as_deref(),
            Some("gate.json / DenyWithoutMfa")
        );
        assert!(
            gate.message.contains("iam:CreateAccessKey"),
            "{}",
            gate.message
        );
        assert!(ids(&findings).contains(&"set-mfa-enrolment-by-long-term-keys"));
    }

    #[test]
    fn a_boundary_without_iam_removes_self_service_and_the_bootstrap_by_name() {
        let set = PolicySet {
            identity: vec![named("self.json", SELF_SERVICE)],
            boundary: Some(named(
                "boundary.json",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            )),
            ..PolicySet::default()
        };
        let findings = set_findings(&set);
        let removed = findings
            .iter()
            .find(|f| f.id() == "set-removes-self-service")
            .expect("self-service removed");
        assert!(
            removed.message.contains("boundary (boundary.json)"),
            "{}",
            removed.message
        );
        let bootstrap = findings
            .iter()
            .find(|f| f.id() == "set-removes-mfa-bootstrap")
            .expect("bootstrap removed");
        assert_eq!(bootstrap.severity, crate::policy::lint::Severity::Error);
    }

    #[test]
    fn an_scp_deny_on_key_creation_is_named() {
        let set = PolicySet {
            identity: vec![named("self.json", SELF_SERVICE)],
            scp_levels: vec![vec![
                aws("AdministratorAccess"),
                named(
                    "DenyKeys",
                    r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoKeys","Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"*"}]}"#,
                ),
            ]],
            ..PolicySet::default()
        };
        let findings = set_findings(&set);
        let removed = findings
            .iter()
            .find(|f| f.id() == "set-removes-self-service")
            .expect("removed");
        assert!(removed.message.contains("iam:CreateAccessKey"));
        assert!(
            removed.message.contains("denied by DenyKeys / NoKeys"),
            "{}",
            removed.message
        );
    }

    #[test]
    fn power_user_access_outside_the_gate_is_said() {
        let set = PolicySet {
            identity: vec![
                named(
                    "gate-only.json",
                    r#"{"Version":"2012-10-17","Statement":[
                    {"Sid":"Self","Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::*:user/${aws:username}"},
                    {"Sid":"Gate","Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
                ),
                aws("PowerUserAccess"),
            ],
            ..PolicySet::default()
        };
        let findings = set_findings(&set);
        let partial = findings
            .iter()
            .find(|f| f.id() == "set-mfa-gate-partial")
            .expect("partial gate");
        assert!(
            partial.message.contains("s3:ListAllMyBuckets"),
            "{}",
            partial.message
        );
    }

    #[test]
    fn lint_set_names_the_member_of_each_own_finding() {
        let set = PolicySet {
            identity: vec![named("self.json", SELF_SERVICE), aws("PowerUserAccess")],
            ..PolicySet::default()
        };
        let findings = lint_set(&set, &[Some(SELF_SERVICE), None], None);
        assert!(
            findings
                .iter()
                .any(|f| f.policy.as_deref() == Some("self.json"))
        );
        assert!(
            findings
                .iter()
                .all(|f| f.policy.as_deref() != Some("aws:PowerUserAccess"))
        );
    }
}
