//! Laws of the evaluation of a user's whole set (policy-sets.md §1, iam-semantics.md 7.11),
//! checked on random sets of random grammatical policies (pools in `support/mod.rs`).

#[allow(dead_code)]
mod support;

use iamself_tui::policy::engine::{NamedPolicy, PolicySet, Verdict};
use proptest::prelude::*;
use support::*;

const CASES: u32 = 192;

fn named(name: String, policy: &GenPolicy) -> NamedPolicy {
    NamedPolicy::new(name, policy.parse())
}

/// A set: 1–3 identity policies, maybe a boundary, 0–2 SCP levels of 1–2 policies each.
fn set() -> impl Strategy<Value = PolicySet> {
    let policy = || policy(ANY_VERSION, Pool::Basic);
    (
        prop::collection::vec(policy(), 1..=3),
        prop::option::of(policy()),
        prop::collection::vec(prop::collection::vec(policy(), 1..=2), 0..=2),
    )
        .prop_map(|(identity, boundary, levels)| PolicySet {
            identity: identity
                .iter()
                .enumerate()
                .map(|(i, p)| named(format!("identity {i}"), p))
                .collect(),
            boundary: boundary.map(|p| named("boundary".to_owned(), &p)),
            scp_levels: levels
                .iter()
                .enumerate()
                .map(|(l, level)| {
                    level
                        .iter()
                        .enumerate()
                        .map(|(i, p)| named(format!("SCP {l}.{i}"), p))
                        .collect()
                })
                .collect(),
        })
}

/// Where a policy is added: as an identity policy, as the boundary (when there is none), into
/// an existing SCP level, or as a new SCP level.
fn add(set: &PolicySet, policy: NamedPolicy, place: u8, level: prop::sample::Index) -> PolicySet {
    let mut larger = set.clone();
    match place % 4 {
        0 => larger.identity.push(policy),
        1 if larger.boundary.is_none() => larger.boundary = Some(policy),
        2 if !larger.scp_levels.is_empty() => {
            let at = level.index(larger.scp_levels.len());
            larger.scp_levels[at].push(policy);
        }
        _ => larger.scp_levels.push(vec![policy]),
    }
    larger
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn adding_a_policy_without_an_allow_never_adds_an_allow(
        set in set(),
        mut added in policy(ANY_VERSION, Pool::Basic),
        place in any::<u8>(),
        level in any::<prop::sample::Index>(),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        for statement in &mut added.statements {
            statement.effect = GenEffect::Deny;
        }
        let larger = add(&set, named("added".to_owned(), &added), place, level);
        let (before, after) = (set.compile(&principal.principal()), larger.compile(&principal.principal()));
        for request in &requests {
            let (was, now) = (before.evaluate(&request.request()), after.evaluate(&request.request()));
            if !was.verdict().is_allowed() {
                prop_assert!(!now.verdict().is_allowed(), "{:?}: {:?} became {:?}", request, was, now);
            }
        }
    }

    #[test]
    fn adding_any_policy_never_removes_an_explicit_deny(
        set in set(),
        added in policy(ANY_VERSION, Pool::Basic),
        place in any::<u8>(),
        level in any::<prop::sample::Index>(),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let larger = add(&set, named("added".to_owned(), &added), place, level);
        let (before, after) = (set.compile(&principal.principal()), larger.compile(&principal.principal()));
        for request in &requests {
            let (was, now) = (before.evaluate(&request.request()), after.evaluate(&request.request()));
            if was.verdict() == Verdict::ExplicitDeny {
                prop_assert_eq!(now.verdict(), Verdict::ExplicitDeny, "{:?}", request);
                // The denies named before are still named (positions may shift).
                prop_assert!(now.statements().len() >= was.statements().len(), "{:?}", request);
            }
        }
    }

    #[test]
    fn adding_an_identity_policy_never_takes_an_allow_away_unless_it_denies(
        set in set(),
        added in policy(ANY_VERSION, Pool::Basic),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let mut larger = set.clone();
        larger.identity.push(named("added".to_owned(), &added));
        let (before, after) = (set.compile(&principal.principal()), larger.compile(&principal.principal()));
        for request in &requests {
            let (was, now) = (before.evaluate(&request.request()), after.evaluate(&request.request()));
            if was.verdict().is_allowed() {
                prop_assert!(
                    matches!(now.verdict(), Verdict::Allowed | Verdict::ExplicitDeny),
                    "{:?}: {:?}", request, now
                );
            }
        }
    }

    #[test]
    fn an_unknown_policy_never_turns_a_denial_into_an_allow(
        set in set(),
        place in any::<u8>(),
        level in any::<prop::sample::Index>(),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let larger = add(&set, NamedPolicy::unknown("missing"), place, level);
        let (before, after) = (set.compile(&principal.principal()), larger.compile(&principal.principal()));
        for request in &requests {
            let (was, now) = (before.evaluate(&request.request()), after.evaluate(&request.request()));
            // sts:GetSessionToken is allowed whatever the policies say.
            if !now.is_not_controlled_by_policy() {
                prop_assert_ne!(now.verdict(), Verdict::Allowed, "{:?}", request);
            }
            if was.verdict() == Verdict::ExplicitDeny {
                prop_assert_eq!(now.verdict(), Verdict::ExplicitDeny, "{:?}", request);
            }
        }
    }

    /// `CompiledSet::evaluate_identity` (what the set's checks compare the whole set with)
    /// answers as the identity policies compiled alone, unknown members included.
    #[test]
    fn the_identity_step_alone_answers_as_the_identity_policies_alone(
        set in set(),
        unknown_at in prop::option::of(any::<prop::sample::Index>()),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let mut set = set;
        if let Some(at) = unknown_at {
            let at = at.index(set.identity.len());
            set.identity[at] = NamedPolicy::unknown("missing");
        }
        let identity = PolicySet { identity: set.identity.clone(), ..PolicySet::default() };
        let principal = principal.principal();
        let (whole, alone) = (set.compile(&principal), identity.compile(&principal));
        for request in &requests {
            let (step, expected) = (whole.evaluate_identity(&request.request()), alone.evaluate(&request.request()));
            prop_assert_eq!(step.verdict(), expected.verdict(), "{:?}", request);
            let positions = |d: &iamself_tui::policy::engine::Decision| {
                d.statements().iter().map(|s| (s.policy, s.statement)).collect::<Vec<_>>()
            };
            prop_assert_eq!(positions(&step), positions(&expected), "{:?}", request);
            if let iamself_tui::policy::engine::Decision::Unknown(names) = &step {
                prop_assert_eq!(names.len(), 1);
            }
        }
    }
}
