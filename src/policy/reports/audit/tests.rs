//! The audit over small dumps: each verdict and finding, and the unknown verdict.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use super::*;
use crate::policy::model::account;

fn user(name: &str, groups: &[&str], attached: &[&str], inline: Option<Value>) -> Value {
    let mut user = json!({
        "UserName": name,
        "Arn": format!("arn:aws:iam::123456789012:user/{name}"),
        "GroupList": groups,
        "AttachedManagedPolicies": attached.iter().map(|arn| json!({"PolicyArn": arn})).collect::<Vec<_>>(),
    });
    if let Some(document) = inline {
        user["UserPolicyList"] =
            json!([{"PolicyName": format!("{name}-inline"), "PolicyDocument": document}]);
    }
    user
}

fn managed(arn: &str, document: Value) -> Value {
    json!({"Arn": arn, "DefaultVersionId": "v1",
           "PolicyVersionList": [{"Document": document, "VersionId": "v1", "IsDefaultVersion": true}]})
}

fn self_manage_with_mfa() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Own", "Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:ChangePassword", "iam:GetUser",
            "iam:*MFADevice*", "iam:GetLoginProfile", "iam:*SSHPublicKey*", "iam:*SigningCertificate*", "iam:*ServiceSpecificCredential*"],
         "Resource": ["arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::*:mfa/*"]},
        {"Sid": "Account", "Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
        {"Sid": "Gate", "Effect": "Deny", "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser",
            "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken",
            "iam:ChangePassword", "iam:GetAccountPasswordPolicy"],
         "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
    ]})
}

fn audit(dump: Value) -> AccountAudit {
    let dump = account::parse(&dump.to_string()).unwrap();
    audit_account(&dump, &[], &[])
}

#[test]
fn a_gated_self_service_user_passes() {
    let result = audit(json!({
        "UserDetailList": [user("alice", &[], &[], Some(self_manage_with_mfa()))],
    }));
    let alice = &result.users[0];
    let v = &alice.verdicts;
    assert_eq!(v.self_manageable, [Answer::Yes; 6]);
    assert_eq!(v.mfa_enforced_console, Answer::Yes);
    assert_eq!(v.mfa_enforced_keys, Answer::Yes);
    assert_eq!(v.bootstrap_reachable, Answer::Yes);
    assert_eq!(v.mfa_removable_without_mfa, Answer::No);
    assert_eq!(v.first_sign_in_password_change, Answer::Yes);
    assert_eq!(v.other_users_reachable, Answer::No);
    assert_eq!(v.escalation, Answer::No);
    // BoolIfExists lets long-term keys through the NotAction list: the enrolment hole.
    assert_eq!(v.keys_can_enrol_mfa, Answer::Yes);
    assert!(!alice.has_errors(), "{:#?}", alice.findings);
    assert!(
        alice
            .findings
            .iter()
            .any(|f| f.id == "mfa-enrolment-by-long-term-keys")
    );
}

#[test]
fn power_user_access_beside_a_gate_of_iam_only_leaks_without_mfa() {
    let gate_iam_only = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Own", "Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "GateIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
    ]});
    let result = audit(json!({
        "UserDetailList": [user("bob", &["Developers"], &[], None)],
        "GroupDetailList": [{"GroupName": "Developers", "Arn": "arn:aws:iam::123456789012:group/Developers",
            "GroupPolicyList": [{"PolicyName": "gate", "PolicyDocument": gate_iam_only}],
            "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}]}],
        "Policies": [managed("arn:aws:iam::aws:policy/PowerUserAccess",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}))]
    }));
    let bob = &result.users[0];
    assert_eq!(bob.verdicts.mfa_enforced_console, Answer::No);
    // Bool (not BoolIfExists): long-term keys get iam: too.
    assert_eq!(bob.verdicts.mfa_enforced_keys, Answer::No);
    let console = bob
        .findings
        .iter()
        .find(|f| f.id == "mfa-not-enforced-console")
        .unwrap();
    assert_eq!(console.severity, Severity::Error);
    assert_eq!(
        console.policy.as_deref(),
        Some("group Developers / managed arn:aws:iam::aws:policy/PowerUserAccess@v1")
    );
    assert_eq!(console.statement.as_deref(), Some("#1"));
    assert!(result.has_errors());
}

#[test]
fn an_unknown_policy_makes_answers_unknown_never_denied() {
    let result = audit(json!({
        "UserDetailList": [user("carol", &[], &["arn:aws:iam::aws:policy/PowerUserAccess"], Some(self_manage_with_mfa()))],
        "Policies": []
    }));
    let carol = &result.users[0];
    assert_eq!(carol.unknown_policies.len(), 1);
    assert_eq!(
        carol.unknown_policies[0].arn.as_deref(),
        Some("arn:aws:iam::aws:policy/PowerUserAccess")
    );
    // The gate denies without MFA whatever PowerUserAccess holds; with MFA, everything the
    // known policies do not allow could be allowed by it.
    assert_eq!(carol.verdicts.mfa_enforced_console, Answer::Yes);
    assert_eq!(carol.verdicts.escalation, Answer::Unknown);
    assert_eq!(carol.verdicts.other_users_reachable, Answer::Unknown);
    assert!(carol.has_unknowns());
    assert!(carol.findings.iter().any(|f| f.id == "unknown-policy"));
}

#[test]
fn a_boundary_without_iam_breaks_self_service_and_says_so() {
    let result = audit(json!({
        "UserDetailList": [{
            "UserName": "dave", "Arn": "arn:aws:iam::123456789012:user/dave",
            "UserPolicyList": [{"PolicyName": "self", "PolicyDocument": self_manage_with_mfa()},
                {"PolicyName": "s3", "PolicyDocument": {"Version": "2012-10-17", "Statement":
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}],
            "PermissionsBoundary": {"PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/NoIam"}
        }],
        "Policies": [managed("arn:aws:iam::123456789012:policy/NoIam",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}))]
    }));
    let dave = &result.users[0];
    assert_eq!(
        dave.verdicts.self_manageable(Credential::AccessKeys),
        Answer::No
    );
    assert_eq!(dave.verdicts.bootstrap_reachable, Answer::No);
    let info = dave
        .findings
        .iter()
        .find(|f| f.id == "credential-not-self-manageable")
        .unwrap();
    assert!(
        info.message
            .contains("no Allow in the permissions boundary"),
        "{}",
        info.message
    );
    let bootstrap = dave
        .findings
        .iter()
        .find(|f| f.id == "mfa-bootstrap-unreachable")
        .unwrap();
    assert_eq!(
        bootstrap.policy.as_deref(),
        Some("boundary arn:aws:iam::123456789012:policy/NoIam@v1")
    );
}

#[test]
fn other_users_and_escalation_are_found() {
    let loose = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AnyUser", "Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:AttachUserPolicy"], "Resource": "arn:aws:iam::*:user/*"}
    ]});
    let result = audit(json!({"UserDetailList": [user("erin", &[], &[], Some(loose))]}));
    let erin = &result.users[0];
    assert_eq!(erin.verdicts.other_users_reachable, Answer::Yes);
    assert_eq!(erin.verdicts.escalation, Answer::Yes);
    let escalation = erin
        .findings
        .iter()
        .find(|f| f.id == "privilege-escalation")
        .unwrap();
    assert_eq!(escalation.severity, Severity::Error);
    assert_eq!(escalation.statement.as_deref(), Some("AnyUser"));
    assert_eq!(
        escalation.policy.as_deref(),
        Some("user inline erin-inline")
    );
}

#[test]
fn tags_and_paths_reach_the_evaluator() {
    let by_tag = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/${aws:username}",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}
    ]});
    let mut tagged = user("frank", &[], &[], Some(by_tag.clone()));
    tagged["Tags"] = json!([{"Key": "team", "Value": "blue"}]);
    let untagged = user("grace", &[], &[], Some(by_tag));
    let result = audit(json!({"UserDetailList": [tagged, untagged]}));
    let create_key_allowed = |audit: &UserAudit| {
        !audit.findings.iter().any(|f| {
            f.id == "credential-not-self-manageable" && f.message.contains("iam:CreateAccessKey")
        })
    };
    assert!(create_key_allowed(&result.users[0]));
    assert!(!create_key_allowed(&result.users[1]));
}

#[test]
fn a_truncated_dump_is_incomplete() {
    let result =
        audit(json!({"UserDetailList": [user("heidi", &[], &[], None)], "IsTruncated": true}));
    assert!(!result.complete);
}
