//! One test per rule of iam-semantics.md §2–§4 that the evaluator implements, named after it.

use super::*;
use crate::policy::model::document::parse;

const ALICE: &str = "arn:aws:iam::123456789012:user/alice";
const BOB: &str = "arn:aws:iam::123456789012:user/bob";

fn compile(json: &str) -> CompiledPolicy {
    CompiledPolicy::compile(
        &parse(json).expect("valid policy"),
        &Principal::user("alice", "123456789012"),
    )
}

fn ask(policy: &CompiledPolicy, action: &str, resource: &str, mfa: Mfa) -> Decision {
    policy.evaluate(&Request {
        action,
        resource,
        mfa,
        context: &[],
    })
}

fn verdict(policy: &CompiledPolicy, action: &str, resource: &str, mfa: Mfa) -> Verdict {
    ask(policy, action, resource, mfa).verdict()
}

fn statements(body: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#)
}

#[test]
fn default_is_implicit_deny() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}"#,
    ));
    let d = ask(&p, "iam:ChangePassword", ALICE, Mfa::Present);
    assert_eq!(d.verdict(), Verdict::ImplicitDeny);
    assert!(d.statements().is_empty());
}

#[test]
fn explicit_deny_overrides_any_allow_and_names_every_deciding_statement() {
    let p = compile(&statements(
        r#"{"Sid":"A","Effect":"Allow","Action":"iam:*","Resource":"*"},
           {"Sid":"D1","Effect":"Deny","Action":"iam:ChangePassword","Resource":"*"},
           {"Effect":"Deny","Action":"iam:Change*","Resource":"*"}"#,
    ));
    let d = ask(&p, "iam:ChangePassword", ALICE, Mfa::Present);
    assert_eq!(d.verdict(), Verdict::ExplicitDeny);
    assert_eq!(d.labels().collect::<Vec<_>>(), ["D1", "#3"]);
    let d = ask(&p, "iam:GetUser", ALICE, Mfa::Present);
    assert_eq!(
        (d.verdict(), d.labels().collect::<Vec<_>>()),
        (Verdict::Allowed, vec!["A"])
    );
}

#[test]
fn action_names_match_case_insensitively() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"IAM:changepassword","Resource":"*"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:ChangePassword", ALICE, Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn resource_arns_match_case_sensitively() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/Alice"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn wildcards_star_and_question_mark_in_actions_and_arns() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:*AccessKey?","Resource":"arn:aws:iam::*:user/al?ce"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:ListAccessKeys", ALICE, Mfa::Present),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&p, "iam:CreateAccessKey", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
    assert_eq!(
        verdict(&p, "iam:ListAccessKeys", BOB, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn not_action_with_deny_denies_everything_not_listed_and_grants_nothing() {
    let p = compile(&statements(
        r#"{"Effect":"Deny","NotAction":"iam:GetUser","Resource":"*"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:ChangePassword", ALICE, Mfa::Present),
        Verdict::ExplicitDeny
    );
    // "You must still allow actions that you want to allow."
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn not_action_with_allow_allows_everything_not_listed() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
    ));
    assert_eq!(
        verdict(&p, "s3:ListAllMyBuckets", "*", Mfa::Present),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn not_resource_matches_every_resource_except_those_listed() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","NotResource":["arn:aws:iam::*:user/bob"]}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&p, "iam:GetUser", BOB, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn wildcard_only_actions_are_evaluated_against_star_and_only_star_statements_match() {
    let scoped = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:ListUsers","Resource":"arn:aws:iam::*:user/*"}"#,
    ));
    assert_eq!(
        verdict(&scoped, "iam:ListUsers", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
    assert_eq!(
        verdict(&scoped, "iam:ListUsers", "*", Mfa::Present),
        Verdict::ImplicitDeny
    );
    let star = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}"#,
    ));
    assert_eq!(
        verdict(&star, "iam:ListUsers", ALICE, Mfa::Present),
        Verdict::Allowed
    );
    let not_resource = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:ListUsers","NotResource":"arn:aws:iam::*:user/bob"}"#,
    ));
    assert_eq!(
        verdict(&not_resource, "iam:ListUsers", "*", Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn variables_resolve_with_version_2012_10_17() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&p, "iam:GetUser", BOB, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn variables_are_literal_text_without_version_or_with_2008_10_17() {
    for version in [None, Some("2008-10-17")] {
        let header = version
            .map(|v| format!(r#""Version":"{v}","#))
            .unwrap_or_default();
        let json = format!(
            r#"{{{header}"Statement":[{{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${{aws:username}}"}}]}}"#
        );
        let p = compile(&json);
        assert_eq!(
            verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
            Verdict::ImplicitDeny,
            "{version:?}"
        );
        assert_eq!(
            verdict(
                &p,
                "iam:GetUser",
                "arn:aws:iam::1:user/${aws:username}",
                Mfa::Present
            ),
            Verdict::Allowed,
            "the literal text matches, {version:?}"
        );
    }
}

#[test]
fn resource_with_a_variable_that_has_no_value_matches_nothing() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:PrincipalTag/team}"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", "arn:aws:iam::1:user/", Mfa::Present),
        Verdict::ImplicitDeny
    );
    assert_eq!(
        verdict(&p, "iam:GetUser", "arn:aws:iam::1:user/*", Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn variable_defaults_apply_when_the_key_has_no_value() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:PrincipalTag/team, 'alice'}"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn principal_tags_and_userid_are_variables() {
    let mut principal = Principal::user("alice", "123456789012");
    principal.tags.push(("Team".into(), "ops".into()));
    let policy = parse(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:PrincipalTag/team}-${aws:userid}"}"#,
    ))
    .expect("valid");
    let p = CompiledPolicy::compile(&policy, &principal);
    let resource = "arn:aws:iam::1:user/ops-AIDAALICE";
    assert_eq!(
        verdict(&p, "iam:GetUser", resource, Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn missing_variable_in_condition_matches_negated_operators_only() {
    let p = compile(&statements(
        r#"{"Sid":"Eq","Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/x":"${aws:PrincipalTag/team}"}}},
           {"Sid":"NotEq","Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestTag/x":"${aws:PrincipalTag/team}"}}}"#,
    ));
    let context = [("aws:RequestTag/x".to_owned(), vec!["ops".to_owned()])];
    let request = |action| Request {
        action,
        resource: "*",
        mfa: Mfa::Present,
        context: &context,
    };
    assert_eq!(
        p.evaluate(&request("iam:GetUser")).verdict(),
        Verdict::ImplicitDeny
    );
    assert_eq!(
        p.evaluate(&request("iam:ListUsers")).verdict(),
        Verdict::Allowed
    );
}

#[test]
fn bool_false_does_not_catch_long_term_keys_but_bool_if_exists_does() {
    let bool_deny = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
           {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}"#,
    ));
    assert_eq!(
        verdict(&bool_deny, "iam:GetUser", ALICE, Mfa::NotPresent),
        Verdict::ExplicitDeny
    );
    assert_eq!(
        verdict(&bool_deny, "iam:GetUser", ALICE, Mfa::Absent),
        Verdict::Allowed
    );
    let if_exists = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
           {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}"#,
    ));
    assert_eq!(
        verdict(&if_exists, "iam:GetUser", ALICE, Mfa::NotPresent),
        Verdict::ExplicitDeny
    );
    assert_eq!(
        verdict(&if_exists, "iam:GetUser", ALICE, Mfa::Absent),
        Verdict::ExplicitDeny
    );
    assert_eq!(
        verdict(&if_exists, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn allow_with_bool_true_needs_an_mfa_session_and_bool_if_exists_true_lets_keys_in() {
    let strict = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
    ));
    assert_eq!(
        verdict(&strict, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&strict, "iam:GetUser", ALICE, Mfa::Absent),
        Verdict::ImplicitDeny
    );
    let lenient = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}"#,
    ));
    assert_eq!(
        verdict(&lenient, "iam:GetUser", ALICE, Mfa::Absent),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&lenient, "iam:GetUser", ALICE, Mfa::NotPresent),
        Verdict::ImplicitDeny
    );
}

#[test]
fn null_true_matches_long_term_keys_only() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
           {"Effect":"Deny","NotAction":"sts:GetSessionToken","Resource":"*","Condition":{"Null":{"aws:MultiFactorAuthPresent":"true"}}}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Absent),
        Verdict::ExplicitDeny
    );
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::NotPresent),
        Verdict::Allowed
    );
}

#[test]
fn condition_key_names_are_case_insensitive() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"Bool":{"AWS:multifactorauthpresent":"true"}}}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn keys_and_operators_are_anded_values_ored() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{
            "StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"],"aws:username":"alice"},
            "Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
    ));
    let ok = [(
        "aws:RequestedRegion".to_owned(),
        vec!["us-east-1".to_owned()],
    )];
    let bad = [(
        "aws:RequestedRegion".to_owned(),
        vec!["ap-south-1".to_owned()],
    )];
    let ask_with = |context: &[(String, Vec<String>)], mfa| {
        p.evaluate(&Request {
            action: "iam:GetUser",
            resource: "*",
            mfa,
            context,
        })
        .verdict()
    };
    assert_eq!(ask_with(&ok, Mfa::Present), Verdict::Allowed);
    assert_eq!(ask_with(&bad, Mfa::Present), Verdict::ImplicitDeny);
    assert_eq!(ask_with(&ok, Mfa::NotPresent), Verdict::ImplicitDeny);
}

#[test]
fn unknown_condition_operator_never_holds() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"StringEqualz":{"aws:username":"alice"}}}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn get_session_token_cannot_be_controlled_by_policy() {
    let p = compile(&statements(
        r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#,
    ));
    let d = ask(&p, "sts:GetSessionToken", "*", Mfa::Absent);
    assert_eq!(d.verdict(), Verdict::Allowed);
    assert!(d.is_not_controlled_by_policy());
}

#[test]
fn escaped_star_variable_is_a_literal_asterisk() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${*}"}"#,
    ));
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
    assert_eq!(
        verdict(&p, "iam:GetUser", "arn:aws:iam::1:user/*", Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn request_variables_resolve_per_request() {
    let p = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:RequestTag/owner}"}"#,
    ));
    let context = [("aws:requesttag/owner".to_owned(), vec!["alice".to_owned()])];
    let request = Request {
        action: "iam:GetUser",
        resource: ALICE,
        mfa: Mfa::Present,
        context: &context,
    };
    assert_eq!(p.evaluate(&request).verdict(), Verdict::Allowed);
    assert_eq!(
        verdict(&p, "iam:GetUser", ALICE, Mfa::Present),
        Verdict::ImplicitDeny
    );
}

#[test]
fn users_with_an_iam_path_need_the_path_wildcard() {
    let policy = parse(&statements(
        r#"{"Sid":"Plain","Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}"#,
    ))
    .expect("valid");
    let mut principal = Principal::user("alice", "123456789012");
    principal.path = "/engineering/".into();
    let p = CompiledPolicy::compile(&policy, &principal);
    let own = principal.arn();
    assert_eq!(
        verdict(&p, "iam:GetUser", &own, Mfa::Present),
        Verdict::ImplicitDeny
    );
    let policy = parse(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/*/${aws:username}"}"#,
    ))
    .expect("valid");
    let p = CompiledPolicy::compile(&policy, &principal);
    assert_eq!(
        verdict(&p, "iam:GetUser", &own, Mfa::Present),
        Verdict::Allowed
    );
}

#[test]
fn policies_with_more_than_64_statements_are_evaluated_in_full() {
    let mut body: Vec<String> = (0..70)
        .map(|i| format!(r#"{{"Sid":"S{i}","Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/u{i}"}}"#))
        .collect();
    body.push(
        r#"{"Sid":"Last","Effect":"Deny","NotAction":"iam:GetUser","Resource":"*"}"#.to_owned(),
    );
    let p = compile(&statements(&body.join(",")));
    let d = ask(&p, "iam:GetUser", "arn:aws:iam::1:user/u68", Mfa::Present);
    assert_eq!(
        (d.verdict(), d.labels().collect::<Vec<_>>()),
        (Verdict::Allowed, vec!["S68"])
    );
    let d = ask(&p, "iam:ListUsers", "*", Mfa::Present);
    assert_eq!(
        (d.verdict(), d.labels().collect::<Vec<_>>()),
        (Verdict::ExplicitDeny, vec!["Last"])
    );
}
