//! Target `policy_set`: arbitrary bytes as a user's whole set (several policy texts, a boundary,
//! SCP levels, bundled AWS managed policies, unknown documents), through the set evaluation, the
//! truth table, journey and checks over the set, and the set's lint.
//!
//! Input layout: byte 0 shapes the set (bits 0–1: one to three identity policies; bit 2: a
//! boundary; bits 3–4: zero to two SCP levels of one or two SCPs, bit 5 choosing two), byte 1
//! marks members whose document is unknown (bit *i*: the *i*-th member), and the rest, split at
//! NUL bytes, are the members' texts in position order. `aws:NAME` picks a bundled policy; a text
//! that is not a policy, or a missing one, stands for an unknown document.

use std::collections::BTreeSet;

use super::invariants;
use crate::policy::engine::{
    CompiledPolicy, Decision, MissingAllow, NamedPolicy, PolicySet, Principal, Request,
    StatementRef, Verdict,
};
use crate::policy::lint::set::lint_set;
use crate::policy::model::choices::Attachment;
use crate::policy::model::credential_actions;
use crate::policy::model::document::{self, Policy};
use crate::policy::model::managed;
use crate::policy::reports::analysis;
use crate::policy::sample::{EXAMPLE_ACCOUNT, OTHER_USER, OWN_USER};

/// The most members a set gets (3 identity, a boundary, 2 levels of 2 SCPs).
const MAX_MEMBERS: usize = 8;

pub fn policy_set(data: &[u8]) {
    let [shape, unknown_mask, rest @ ..] = data else {
        return;
    };
    let texts: Vec<&str> = rest
        .split(|&b| b == 0)
        .map(|bytes| std::str::from_utf8(bytes).unwrap_or(""))
        .collect();
    let (set, member_texts) = build_set(*shape, *unknown_mask, &texts);
    assert!(set.len() <= MAX_MEMBERS);

    for principal in principals() {
        decisions_follow_the_layers(&set, &principal);
    }
    reports_over_the_set(&set, &member_texts);
    lint_of_the_set(&set, &member_texts);
}

/// The set the input describes, and each member's own text (`None`: bundled or unknown).
fn build_set<'a>(
    shape: u8,
    unknown_mask: u8,
    texts: &[&'a str],
) -> (PolicySet, Vec<Option<&'a str>>) {
    let identity_count = 1 + usize::from(shape & 0b11) % 3;
    let has_boundary = shape & 0b100 != 0;
    let scp_level_count = usize::from((shape >> 3) & 0b11).min(2);
    let scps_per_level = if shape & 0b10_0000 != 0 { 2 } else { 1 };

    let mut next = 0usize;
    let mut member_texts = Vec::new();
    let mut member = |role: &str| -> NamedPolicy {
        let position = next;
        next += 1;
        let name = format!("{role}-{position}");
        let text = texts.get(position).copied().unwrap_or("");
        let unknown = unknown_mask & (1 << position.min(7)) != 0;
        if unknown {
            member_texts.push(None);
            return NamedPolicy::unknown(name);
        }
        if let Some(bundled) = managed::find(text.trim()) {
            member_texts.push(None);
            return NamedPolicy::bundled(bundled);
        }
        match document::parse(text) {
            Ok(policy) => {
                member_texts.push(Some(text));
                NamedPolicy::new(name, policy)
            }
            Err(_) => {
                member_texts.push(None);
                NamedPolicy::unknown(name)
            }
        }
    };
    let identity = (0..identity_count).map(|_| member("identity")).collect();
    let boundary = has_boundary.then(|| member("boundary"));
    let scp_levels = (0..scp_level_count)
        .map(|_| (0..scps_per_level).map(|_| member("scp")).collect())
        .collect();
    let set = PolicySet {
        identity,
        boundary,
        scp_levels,
    };
    (set, member_texts)
}

fn principals() -> [Principal; 2] {
    let alice = Principal::user(OWN_USER, EXAMPLE_ACCOUNT);
    let mut carol = Principal::user("carol", "210987654321");
    carol.path = "/division/team/".to_owned();
    carol.tags = vec![("team".to_owned(), "blue".to_owned())];
    [alice, carol]
}

/// How many of the set's own actions and resources are asked about.
const OWN_SAMPLES: usize = 6;

/// The set's decisions equal what its members decide alone, combined as policy-sets.md §1 says:
/// a Deny anywhere wins; then the first step (SCP levels root first, identity, boundary) without
/// an Allow and without an unknown member denies; then any unknown member leaves the answer
/// unknown; otherwise the identity policies' Allows grant it.
fn decisions_follow_the_layers(set: &PolicySet, principal: &Principal) {
    let compiled_set = set.compile(principal);
    let members: Vec<(MissingAllow, Option<CompiledPolicy>)> = set
        .members()
        .map(|(role, named)| {
            let step = role.missing_allow();
            let alone = named
                .document
                .as_ref()
                .map(|policy| CompiledPolicy::compile(policy, principal));
            (step, alone)
        })
        .collect();
    let documents: Vec<&Policy> = set
        .members()
        .filter_map(|(_, named)| named.document.as_deref())
        .collect();

    let mut actions: Vec<&str> = vec![
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        "s3:ListAllMyBuckets",
        credential_actions::DEACTIVATE_MFA_DEVICE,
        credential_actions::SENTINEL_ESCALATION,
        credential_actions::GET_SESSION_TOKEN,
    ];
    let own_actions = documents
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.action.values);
    actions.extend(own_actions.take(OWN_SAMPLES).map(String::as_str));
    let other = Principal {
        username: OTHER_USER.to_owned(),
        ..principal.clone()
    };
    let mut resources = vec!["*".to_owned(), principal.arn(), other.arn()];
    let own_resources = documents
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.resource.values);
    resources.extend(own_resources.take(OWN_SAMPLES).cloned());
    let condition_context: Vec<(String, Vec<String>)> = documents
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.conditions)
        .map(|c| (c.key.clone(), c.values.clone()))
        .collect();
    let contexts: [&[(String, Vec<String>)]; 2] = [&[], &condition_context];

    super::each_request(&actions, &resources, contexts, |request| {
        let Request {
            action,
            resource,
            mfa,
            ..
        } = request;
        let decided = compiled_set.evaluate(&request);
        let expected = combine(&members, &request);
        assert_eq!(
            decided.verdict(),
            expected.verdict(),
            "the set answers {action} on {resource} {mfa:?} against its layers: \
             {decided:?}, expected {expected:?}"
        );
        assert_eq!(
            references(&decided),
            references(&expected),
            "the set names other statements for {action} on {resource} {mfa:?}"
        );
        if let (Decision::ImplicitDeny(step), Decision::ImplicitDeny(first)) = (&decided, &expected)
        {
            assert_eq!(step, first, "{action} on {resource}: the step named");
        }
    });
}

/// The reference combination of the members' own decisions (see
/// [`decisions_follow_the_layers`]).
fn combine(members: &[(MissingAllow, Option<CompiledPolicy>)], request: &Request<'_>) -> Decision {
    let alone: Vec<Option<Decision>> = members
        .iter()
        .map(|(_, compiled)| compiled.as_ref().map(|c| c.evaluate(request)))
        .collect();
    // iam-semantics.md 7.9: these answer whatever the policies say.
    let not_controlled = credential_actions::NOT_CONTROLLED_BY_POLICY
        .iter()
        .any(|action| request.action.eq_ignore_ascii_case(action));
    if not_controlled {
        return Decision::NotControlledByPolicy;
    }
    let with_position = |statements: &[StatementRef], position: usize| {
        statements
            .iter()
            .map(|s| StatementRef {
                policy: position,
                ..s.clone()
            })
            .collect::<Vec<_>>()
    };
    let denies: Vec<_> = alone
        .iter()
        .enumerate()
        .filter_map(|(position, decision)| match decision {
            Some(Decision::ExplicitDeny(by)) => Some(with_position(by, position)),
            _ => None,
        })
        .flatten()
        .collect();
    if !denies.is_empty() {
        return Decision::ExplicitDeny(denies);
    }
    let mut steps: Vec<MissingAllow> = members.iter().map(|(step, _)| *step).collect();
    steps.sort_by_key(|step| match step {
        MissingAllow::ScpLevel(level) => (0, *level),
        MissingAllow::Identity => (1, 0),
        MissingAllow::Boundary => (2, 0),
    });
    steps.dedup();
    for step in steps {
        let in_step = || members.iter().zip(&alone).filter(|((s, _), _)| *s == step);
        let allowed = in_step().any(|(_, d)| matches!(d, Some(Decision::Allowed(_))));
        let unknown = in_step().any(|(_, d)| d.is_none());
        if !allowed && !unknown {
            return Decision::ImplicitDeny(step);
        }
    }
    if alone.iter().any(Option::is_none) {
        return Decision::Unknown(Vec::new());
    }
    let grants = members
        .iter()
        .zip(&alone)
        .enumerate()
        .filter(|(_, ((step, _), _))| *step == MissingAllow::Identity)
        .filter_map(|(position, (_, decision))| match decision {
            Some(Decision::Allowed(by)) => Some(with_position(by, position)),
            _ => None,
        })
        .flatten()
        .collect();
    Decision::Allowed(grants)
}

/// The (policy position, statement) pairs a decision names, labels aside (a set labels its
/// statements `policy / Sid`).
fn references(decision: &Decision) -> BTreeSet<(usize, usize)> {
    decision
        .statements()
        .iter()
        .map(|s| (s.policy, s.statement))
        .collect()
}

/// The analysis of the first identity policy within the rest of the set (as `explain --with`
/// and the wizard build it): the set it reports on is the set given, and every decision in the
/// truth table and journey names statements of the right effect in the policy it points at.
fn reports_over_the_set(set: &PolicySet, member_texts: &[Option<&str>]) {
    let Some(Some(text)) = member_texts.first() else {
        return;
    };
    let mut others = set.clone();
    let first = others.identity.remove(0);
    let analysis = analysis::analyze_text_in(text, Attachment::User, &first.name, &others)
        .unwrap_or_else(|error| panic!("a policy that parsed does not analyse: {error}"));
    assert_eq!(&analysis.set, set, "the analysis reports on another set");
    let has_unknown = set.members().any(|(_, p)| p.document.is_none());
    let cells = analysis.table.rows.iter().flat_map(|row| &row.cells);
    let steps = analysis.journey.steps.iter().map(|step| &step.decision);
    for decision in cells.chain(steps) {
        if decision.verdict() == Verdict::Unknown {
            assert!(
                has_unknown,
                "unknown without an unknown policy: {decision:?}"
            );
        }
        statements_exist(set, decision);
    }
    for finding in &analysis.findings {
        invariants::one_line(&finding.message, finding.id());
    }
}

/// Every statement a decision names exists in the set, with the decision's effect.
fn statements_exist(set: &PolicySet, decision: &Decision) {
    for reference in decision.statements() {
        let (_, member) = set
            .members()
            .nth(reference.policy)
            .unwrap_or_else(|| panic!("{decision:?}: no policy {}", reference.policy));
        let policy = member
            .document
            .as_ref()
            .unwrap_or_else(|| panic!("{decision:?} names a statement of an unknown policy"));
        let statement = policy
            .statements
            .get(reference.statement)
            .unwrap_or_else(|| panic!("{decision:?}: no statement {}", reference.statement));
        let effect_matches = match decision.verdict() {
            Verdict::Allowed => statement.effect == document::Effect::Allow,
            Verdict::ExplicitDeny => statement.effect == document::Effect::Deny,
            Verdict::ImplicitDeny | Verdict::Unknown => false,
        };
        assert!(
            effect_matches,
            "{decision:?} names a statement of the other effect"
        );
    }
}

/// The set's lint: every finding one line, every policy it names a member of the set.
fn lint_of_the_set(set: &PolicySet, member_texts: &[Option<&str>]) {
    let names: BTreeSet<&str> = set.members().map(|(_, p)| p.name.as_str()).collect();
    for found in lint_set(set, member_texts, Some(Attachment::User)) {
        invariants::one_line(&found.finding.message, found.finding.id());
        if let Some(policy) = &found.policy {
            assert!(
                names.contains(policy.as_str()),
                "a finding about {policy}, not in the set"
            );
        }
    }
}
