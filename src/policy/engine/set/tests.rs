//! The set evaluation order of policy-sets.md §1, one test per step, named after it.

use super::*;
use crate::policy::engine::{Mfa, Verdict};
use crate::policy::model::document::parse;

const ALICE: &str = "arn:aws:iam::123456789012:user/alice";

fn policy(body: &str) -> Policy {
    parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#
    ))
    .expect("valid policy")
}

fn named(name: &str, body: &str) -> NamedPolicy {
    NamedPolicy::new(name, policy(body))
}

const ALLOW_IAM: &str = r#"{"Sid":"SelfService","Effect":"Allow","Action":"iam:*","Resource":"*"}"#;
const ALLOW_ALL: &str = r#"{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"}"#;
const DENY_KEYS: &str =
    r#"{"Sid":"DenyKeys","Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"*"}"#;
const ALLOW_S3: &str = r#"{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}"#;

fn ask(set: &PolicySet, action: &str, mfa: Mfa) -> Decision {
    set.compile(&Principal::user("alice", "123456789012"))
        .evaluate(&Request {
            action,
            resource: ALICE,
            mfa,
            context: &[],
        })
}

#[test]
fn a_set_of_one_policy_answers_and_labels_as_the_policy_alone() {
    let alone = policy(&format!("{ALLOW_IAM},{DENY_KEYS}"));
    let set = PolicySet::single("mine.json", alone.clone());
    let compiled = CompiledPolicy::compile(&alone, &Principal::user("alice", "123456789012"));
    for action in ["iam:GetUser", "iam:CreateAccessKey", "s3:GetObject"] {
        let request = Request {
            action,
            resource: ALICE,
            mfa: Mfa::Present,
            context: &[],
        };
        assert_eq!(
            set.compile(&Principal::user("alice", "123456789012"))
                .evaluate(&request),
            compiled.evaluate(&request),
            "{action}"
        );
    }
}

#[test]
fn identity_policies_are_one_union_reference_policies_evaluation_logic() {
    let set = PolicySet {
        identity: vec![
            named("user inline a", ALLOW_IAM),
            named("group g", ALLOW_S3),
        ],
        ..PolicySet::default()
    };
    let d = ask(&set, "s3:ListAllMyBuckets", Mfa::Present);
    assert_eq!(d.labels().collect::<Vec<_>>(), ["group g / S3"]);
    assert_eq!(d.statements()[0].policy, 1);
    let d = ask(&set, "ec2:RunInstances", Mfa::Present);
    assert_eq!(d, Decision::ImplicitDeny(MissingAllow::Identity));
}

#[test]
fn a_deny_in_another_identity_policy_denies_and_is_named() {
    let set = PolicySet {
        identity: vec![named("a", ALLOW_IAM), named("b", DENY_KEYS)],
        ..PolicySet::default()
    };
    let d = ask(&set, "iam:CreateAccessKey", Mfa::Present);
    assert_eq!(d.verdict(), Verdict::ExplicitDeny);
    assert_eq!(d.labels().collect::<Vec<_>>(), ["b / DenyKeys"]);
}

#[test]
fn a_boundary_must_also_allow_access_policies_boundaries() {
    let set = PolicySet {
        identity: vec![named("self-service", ALLOW_IAM)],
        boundary: Some(named("boundary", ALLOW_S3)),
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "iam:ChangePassword", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::Boundary)
    );
    // A boundary never grants by itself.
    assert_eq!(
        ask(&set, "s3:GetObject", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::Identity)
    );
}

#[test]
fn a_deny_in_the_boundary_is_an_explicit_deny() {
    let set = PolicySet {
        identity: vec![named("self-service", ALLOW_IAM)],
        boundary: Some(named("boundary", &format!("{ALLOW_ALL},{DENY_KEYS}"))),
        ..PolicySet::default()
    };
    let d = ask(&set, "iam:CreateAccessKey", Mfa::Present);
    assert_eq!(d.labels().collect::<Vec<_>>(), ["boundary / DenyKeys"]);
    let d = ask(&set, "iam:GetUser", Mfa::Present);
    assert_eq!(
        d.labels().collect::<Vec<_>>(),
        ["self-service / SelfService"],
        "the grant is the identity policy's, not the boundary's"
    );
}

#[test]
fn every_scp_level_must_allow_orgs_manage_policies_scps_evaluation() {
    let set = PolicySet {
        identity: vec![named("self-service", ALLOW_IAM)],
        scp_levels: vec![
            vec![named("SCP level 1 FullAWSAccess", ALLOW_ALL)],
            vec![named("SCP level 2 S3Only", ALLOW_S3)],
        ],
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::ScpLevel(2))
    );
    assert_eq!(
        MissingAllow::ScpLevel(2).describe(),
        "no Allow at SCP level 2"
    );
}

#[test]
fn an_scp_deny_denies_even_with_every_allow() {
    let set = PolicySet {
        identity: vec![named("admin", ALLOW_ALL)],
        scp_levels: vec![vec![
            named("FullAWSAccess", ALLOW_ALL),
            named("DenyKeys", DENY_KEYS),
        ]],
        ..PolicySet::default()
    };
    let d = ask(&set, "iam:CreateAccessKey", Mfa::Present);
    assert_eq!(d.labels().collect::<Vec<_>>(), ["DenyKeys / DenyKeys"]);
    assert!(
        ask(&set, "iam:GetUser", Mfa::Present)
            .verdict()
            .is_allowed()
    );
}

#[test]
fn scp_levels_are_named_before_the_identity_step_and_the_boundary_after() {
    let set = PolicySet {
        identity: vec![named("s3", ALLOW_S3)],
        boundary: Some(named("b", ALLOW_S3)),
        scp_levels: vec![vec![named("root", ALLOW_S3)]],
    };
    assert_eq!(
        ask(&set, "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::ScpLevel(1))
    );
    let set = PolicySet {
        identity: vec![named("s3", ALLOW_S3)],
        boundary: Some(named("b", ALLOW_S3)),
        scp_levels: vec![vec![named("root", ALLOW_ALL)]],
    };
    assert_eq!(
        ask(&set, "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::Identity)
    );
}

#[test]
fn an_empty_set_or_an_empty_scp_level_allows_nothing() {
    assert_eq!(
        ask(&PolicySet::default(), "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::Identity)
    );
    let set = PolicySet {
        identity: vec![named("all", ALLOW_ALL)],
        scp_levels: vec![vec![named("root", ALLOW_ALL)], vec![]],
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::ScpLevel(2))
    );
}

#[test]
fn get_session_token_is_not_controlled_even_by_an_scp_deny() {
    let set = PolicySet {
        identity: vec![],
        scp_levels: vec![vec![named(
            "deny all",
            r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#,
        )]],
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "sts:GetSessionToken", Mfa::Absent),
        Decision::NotControlledByPolicy
    );
}

#[test]
fn an_unknown_document_makes_every_answer_it_could_change_unknown() {
    let missing = || NamedPolicy::unknown("aws:PowerUserAccess");
    let set = PolicySet {
        identity: vec![named("self-service", ALLOW_IAM), missing()],
        ..PolicySet::default()
    };
    // Allowed by the known policy, but the unknown one could deny.
    let d = ask(&set, "iam:GetUser", Mfa::Present);
    assert_eq!(d.verdict(), Verdict::Unknown);
    assert_eq!(d.unknown_policies(), [Arc::from("aws:PowerUserAccess")]);
    // No known Allow, but the unknown one could allow.
    assert_eq!(
        ask(&set, "s3:GetObject", Mfa::Present).verdict(),
        Verdict::Unknown
    );

    // A known explicit deny stays a deny.
    let set = PolicySet {
        identity: vec![named("deny", DENY_KEYS), missing()],
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "iam:CreateAccessKey", Mfa::Present).verdict(),
        Verdict::ExplicitDeny
    );

    // A step without an Allow and without an unknown policy denies whatever the unknown holds.
    let set = PolicySet {
        identity: vec![named("self-service", ALLOW_IAM), missing()],
        boundary: Some(named("boundary", ALLOW_S3)),
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::Boundary)
    );

    // An unknown boundary: the identity step still decides a denial.
    let set = PolicySet {
        identity: vec![named("s3", ALLOW_S3)],
        boundary: Some(missing()),
        ..PolicySet::default()
    };
    assert_eq!(
        ask(&set, "iam:GetUser", Mfa::Present),
        Decision::ImplicitDeny(MissingAllow::Identity)
    );
    assert_eq!(
        ask(&set, "s3:GetObject", Mfa::Present).verdict(),
        Verdict::Unknown
    );
}

#[test]
fn members_are_numbered_identity_boundary_then_scp_levels() {
    let set = PolicySet {
        identity: vec![named("a", ALLOW_S3), named("b", ALLOW_S3)],
        boundary: Some(named("c", ALLOW_S3)),
        scp_levels: vec![vec![named("d", ALLOW_ALL)], vec![named("e", ALLOW_ALL)]],
    };
    assert_eq!(set.len(), 5);
    assert_eq!(set.name(2), Some("c"));
    assert_eq!(set.name(4), Some("e"));
    let roles: Vec<Role> = set.members().map(|(role, _)| role).collect();
    assert_eq!(
        roles,
        [
            Role::Identity,
            Role::Identity,
            Role::Boundary,
            Role::ScpLevel(1),
            Role::ScpLevel(2)
        ]
    );
    let d = ask(&set, "s3:GetObject", Mfa::Present);
    assert_eq!(
        d.statements().iter().map(|s| s.policy).collect::<Vec<_>>(),
        [0, 1]
    );
}

/// The compile cache (a speed layer) answers as compiling afresh: for other principals, other
/// positions and labels (the same policy added in front, or alone), and after a member's
/// document is replaced.
#[test]
fn a_set_compiled_again_answers_as_compiled_afresh() {
    let fresh = |set: &PolicySet| PolicySet {
        identity: set
            .identity
            .iter()
            .map(|p| {
                NamedPolicy::new(
                    p.name.clone(),
                    Policy::clone(p.document.as_ref().expect("known")),
                )
            })
            .collect(),
        boundary: None,
        scp_levels: Vec::new(),
    };
    let tagged = r#"{"Sid":"Team","Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:PrincipalTag/team}/*"}"#;
    let mut set = PolicySet {
        identity: vec![named("tagged", tagged), named("keys", DENY_KEYS)],
        ..PolicySet::default()
    };
    let mut blue = Principal::user("alice", "123456789012");
    blue.tags = vec![("team".to_owned(), "blue".to_owned())];
    blue.path = "/blue/".to_owned();
    let principals = [
        Principal::user("alice", "123456789012"),
        blue.clone(),
        Principal::user("alice", "210987654321"),
    ];
    let requests = [
        ("iam:GetUser", "arn:aws:iam::123456789012:user/blue/alice"),
        (
            "iam:CreateAccessKey",
            "arn:aws:iam::123456789012:user/blue/alice",
        ),
        ("iam:GetUser", ALICE),
    ];
    let check = |set: &PolicySet| {
        for principal in &principals {
            // Twice: the second compilation comes from the cache.
            for _ in 0..2 {
                let cached = set.compile(principal);
                let afresh = fresh(set).compile(principal);
                for (action, resource) in requests {
                    let request = Request {
                        action,
                        resource,
                        mfa: Mfa::Present,
                        context: &[],
                    };
                    assert_eq!(
                        cached.evaluate(&request),
                        afresh.evaluate(&request),
                        "{action} on {resource} as {principal:?}"
                    );
                }
            }
        }
    };
    check(&set);
    // The same members shifted by one position, then alone (unlabelled).
    let mut shifted = set.clone();
    shifted.identity.insert(0, named("first", ALLOW_S3));
    check(&shifted);
    let alone = PolicySet {
        identity: vec![set.identity[0].clone()],
        ..PolicySet::default()
    };
    check(&alone);
    assert!(
        set.identity[0]
            .compiled
            .0
            .lock()
            .expect("not poisoned")
            .len()
            <= CACHED_FORMS,
        "the cache stays bounded"
    );
    // A replaced document is compiled anew.
    set.identity[1].document = Some(Arc::new(policy(ALLOW_IAM)));
    check(&set);
    let denied = ask(&set, "iam:CreateAccessKey", Mfa::Present);
    assert_ne!(denied.verdict(), Verdict::ExplicitDeny, "{denied:?}");
}
