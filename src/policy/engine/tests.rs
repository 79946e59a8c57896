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

// ---- iam-semantics.md §7 (issue #9): each rule in its Allow form and its Deny form. ----

/// Asks as alice with MFA about `resource`, with further context keys.
fn ask_with(
    policy: &CompiledPolicy,
    action: &str,
    resource: &str,
    context: &[(&str, &[&str])],
) -> Verdict {
    let context: Vec<(String, Vec<String>)> = context
        .iter()
        .map(|(k, vs)| (k.to_string(), vs.iter().map(|v| v.to_string()).collect()))
        .collect();
    policy
        .evaluate(&Request {
            action,
            resource,
            mfa: Mfa::Present,
            context: &context,
        })
        .verdict()
}

/// The same `Resource` and `Condition` (JSON fragments) in an Allow statement alone, and in a
/// Deny statement next to an Allow of everything.
fn allow_and_deny_forms(resource: &str, condition: &str) -> (CompiledPolicy, CompiledPolicy) {
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(r#","Condition":{condition}"#)
    };
    let allow = compile(&statements(&format!(
        r#"{{"Sid":"Form","Effect":"Allow","Action":"iam:GetUser","Resource":{resource}{condition}}}"#
    )));
    let deny = compile(&statements(&format!(
        r#"{{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}},
           {{"Sid":"Form","Effect":"Deny","Action":"iam:GetUser","Resource":{resource}{condition}}}"#
    )));
    (allow, deny)
}

/// Asserts that the statement applies (or not) in both forms: the Allow form allows and the
/// Deny form denies exactly when it applies.
fn assert_applies(
    (allow, deny): &(CompiledPolicy, CompiledPolicy),
    resource: &str,
    context: &[(&str, &[&str])],
    applies: bool,
    what: &str,
) {
    let (expected_allow, expected_deny) = if applies {
        (Verdict::Allowed, Verdict::ExplicitDeny)
    } else {
        (Verdict::ImplicitDeny, Verdict::Allowed)
    };
    assert_eq!(
        ask_with(allow, "iam:GetUser", resource, context),
        expected_allow,
        "Allow form: {what}"
    );
    assert_eq!(
        ask_with(deny, "iam:GetUser", resource, context),
        expected_deny,
        "Deny form: {what}"
    );
}

#[test]
fn rule_7_1_variables_in_numeric_date_bool_binary_ip_and_null_values_stay_literal() {
    let literal = "${aws:RequestTag/v}";
    for (operator, request_value) in [
        ("NumericEquals", "5"),
        ("DateEquals", "2026-01-01"),
        ("Bool", "true"),
        ("BinaryEquals", "QQ=="),
        ("IpAddress", "10.0.0.1"),
        ("Null", "true"),
    ] {
        let forms = allow_and_deny_forms(
            r#""*""#,
            &format!(r#"{{"{operator}":{{"aws:RequestTag/k":"{literal}"}}}}"#),
        );
        // The variable's key holds exactly what the key compared holds: substituted, the
        // condition would hold.
        let context: &[(&str, &[&str])] = &[
            ("aws:RequestTag/k", &[request_value]),
            ("aws:RequestTag/v", &[request_value]),
        ];
        assert_applies(&forms, ALICE, context, false, operator);
    }
    // BinaryEquals compares the literal text itself.
    let forms = allow_and_deny_forms(
        r#""*""#,
        &format!(r#"{{"BinaryEquals":{{"aws:RequestTag/k":"{literal}"}}}}"#),
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/k", &[literal])],
        true,
        "the literal text",
    );
    // A negated operator of such a family holds against a value it cannot equal.
    let forms = allow_and_deny_forms(
        r#""*""#,
        &format!(r#"{{"NotIpAddress":{{"aws:SourceIp":"{literal}"}}}}"#),
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:SourceIp", &["10.0.0.1"])],
        true,
        "NotIpAddress",
    );
}

#[test]
fn rule_7_1_variables_in_string_and_arn_values_are_substituted() {
    for condition in [
        r#"{"StringEquals":{"aws:RequestTag/k":"${aws:username}"}}"#,
        r#"{"StringLike":{"aws:RequestTag/k":"${aws:username}"}}"#,
        r#"{"StringEqualsIgnoreCase":{"aws:RequestTag/k":"${aws:username}"}}"#,
    ] {
        let forms = allow_and_deny_forms(r#""*""#, condition);
        assert_applies(
            &forms,
            ALICE,
            &[("aws:RequestTag/k", &["alice"])],
            true,
            condition,
        );
        assert_applies(
            &forms,
            ALICE,
            &[("aws:RequestTag/k", &["bob"])],
            false,
            condition,
        );
    }
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:user/${aws:username}"}}"#,
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:SourceArn", &[ALICE])],
        true,
        "own ARN",
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:SourceArn", &[BOB])],
        false,
        "other ARN",
    );
}

#[test]
fn rule_7_2_variables_before_the_fifth_colon_are_substituted() {
    let forms = allow_and_deny_forms(
        r#""arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}""#,
        "",
    );
    assert_applies(&forms, ALICE, &[], true, "own account");
    assert_applies(
        &forms,
        "arn:aws:iam::210987654321:user/alice",
        &[],
        false,
        "another account",
    );
}

#[test]
fn rule_7_3_a_list_valued_key_used_as_a_variable_has_no_value() {
    let forms = allow_and_deny_forms(r#""arn:aws:iam::*:user/${aws:RequestTag/owner}""#, "");
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/owner", &["alice"])],
        true,
        "one value",
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/owner", &["alice", "bob"])],
        false,
        "a list",
    );
    // In a condition, no value is "effectively null": the negated operator holds.
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"StringNotEquals":{"aws:username":"${aws:RequestTag/owner}"}}"#,
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/owner", &["alice", "bob"])],
        true,
        "a list in a negated condition",
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/owner", &["alice"])],
        false,
        "one value",
    );
}

#[test]
fn rule_7_4_principal_keys_in_the_request_context_are_used_in_resources() {
    let forms = allow_and_deny_forms(r#""arn:aws:iam::*:user/${aws:PrincipalTag/team}""#, "");
    let ops = "arn:aws:iam::123456789012:user/ops";
    assert_applies(
        &forms,
        ops,
        &[("aws:PrincipalTag/team", &["ops"])],
        true,
        "tag given",
    );
    assert_applies(
        &forms,
        ops,
        &[("aws:principaltag/TEAM", &["ops"])],
        true,
        "any case",
    );
    assert_applies(&forms, ops, &[], false, "no tag: no value, matches nothing");
    let forms = allow_and_deny_forms(r#""arn:aws:iam::${aws:PrincipalOrgID}:user/*""#, "");
    let org = "arn:aws:iam::o-1:user/alice";
    assert_applies(
        &forms,
        org,
        &[("aws:PrincipalOrgID", &["o-1"])],
        true,
        "org ID",
    );
}

#[test]
fn rule_7_4_principal_keys_in_the_request_context_are_used_in_conditions() {
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}"#,
    );
    let same: &[(&str, &[&str])] = &[
        ("aws:PrincipalTag/team", &["ops"]),
        ("aws:ResourceTag/team", &["ops"]),
    ];
    let other: &[(&str, &[&str])] = &[
        ("aws:PrincipalTag/team", &["ops"]),
        ("aws:ResourceTag/team", &["dev"]),
    ];
    assert_applies(&forms, ALICE, same, true, "same team");
    assert_applies(&forms, ALICE, other, false, "other team");
    // The key itself as a condition key.
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"StringEquals":{"aws:PrincipalTag/team":"ops"}}"#,
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:PrincipalTag/team", &["ops"])],
        true,
        "key",
    );
    assert_applies(&forms, ALICE, &[], false, "absent key");
}

#[test]
fn rule_7_4_a_default_applies_only_when_the_key_has_no_value() {
    let forms = allow_and_deny_forms(
        r#""arn:aws:s3:::bucket-${aws:PrincipalTag/team, 'company-wide'}""#,
        "",
    );
    let team = "arn:aws:s3:::bucket-ops";
    let company = "arn:aws:s3:::bucket-company-wide";
    let tagged: &[(&str, &[&str])] = &[("aws:PrincipalTag/team", &["ops"])];
    assert_applies(&forms, team, tagged, true, "the tag's value");
    assert_applies(
        &forms,
        company,
        tagged,
        false,
        "not the default when tagged",
    );
    assert_applies(&forms, company, &[], true, "the default when untagged");
    assert_applies(&forms, team, &[], false, "untagged");
}

#[test]
fn rule_7_4_the_order_of_variables_in_one_string_changes_nothing() {
    let first = allow_and_deny_forms(
        r#""arn:aws:s3:::${aws:PrincipalTag/team}-${aws:RequestTag/x}""#,
        "",
    );
    let second = allow_and_deny_forms(
        r#""arn:aws:s3:::${aws:RequestTag/x}-${aws:PrincipalTag/team}""#,
        "",
    );
    let both: &[(&str, &[&str])] = &[
        ("aws:PrincipalTag/team", &["a"]),
        ("aws:RequestTag/x", &["a"]),
    ];
    let only_x: &[(&str, &[&str])] = &[("aws:RequestTag/x", &["a"])];
    let only_team: &[(&str, &[&str])] = &[("aws:PrincipalTag/team", &["a"])];
    for forms in [&first, &second] {
        assert_applies(forms, "arn:aws:s3:::a-a", both, true, "both keys");
        assert_applies(forms, "arn:aws:s3:::a-a", only_x, false, "team missing");
        assert_applies(forms, "arn:aws:s3:::a-a", only_team, false, "x missing");
    }
}

#[test]
fn rule_7_5_ignore_case_on_non_ascii_text() {
    for (policy_value, request_value) in [("İstanbul", "İstanbul"), ("ÉCOLE", "école"), ("ß", "ß")]
    {
        let forms = allow_and_deny_forms(
            r#""*""#,
            &format!(r#"{{"StringEqualsIgnoreCase":{{"aws:RequestTag/k":"{policy_value}"}}}}"#),
        );
        assert_applies(
            &forms,
            ALICE,
            &[("aws:RequestTag/k", &[request_value])],
            true,
            policy_value,
        );
        let negated = allow_and_deny_forms(
            r#""*""#,
            &format!(r#"{{"StringNotEqualsIgnoreCase":{{"aws:RequestTag/k":"{policy_value}"}}}}"#),
        );
        assert_applies(
            &negated,
            ALICE,
            &[("aws:RequestTag/k", &[request_value])],
            false,
            policy_value,
        );
    }
}

#[test]
fn rule_7_6_a_segment_final_star_in_a_resource_crosses_colons() {
    let forms = allow_and_deny_forms(r#""arn:aws:logs:us-east-1:*:log-stream:s1""#, "");
    let stream = "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s1";
    assert_applies(&forms, stream, &[], true, "account star crosses");
    let forms = allow_and_deny_forms(r#""arn:aws:iam::*:user/*/alice""#, "");
    assert_applies(
        &forms,
        "arn:aws:iam::1:user/eng/alice",
        &[],
        true,
        "one segment",
    );
    assert_applies(
        &forms,
        "arn:aws:iam::1:user/e:g/alice",
        &[],
        false,
        "mid-segment star",
    );
}

#[test]
fn rule_7_7_arn_condition_operators_match_component_by_component() {
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:user/a*"}}"#,
    );
    let crossing: &[(&str, &[&str])] = &[("aws:SourceArn", &["arn:aws:iam::1:b:user/alice"])];
    assert_applies(
        &forms,
        ALICE,
        crossing,
        false,
        "a star never crosses a colon",
    );
    assert_applies(&forms, ALICE, &[("aws:SourceArn", &[ALICE])], true, "own");
    for short in ["arn:aws:iam::*", "arn:*", "*"] {
        let like = allow_and_deny_forms(
            r#""*""#,
            &format!(r#"{{"ArnLike":{{"aws:SourceArn":"{short}"}}}}"#),
        );
        assert_applies(&like, ALICE, &[("aws:SourceArn", &[ALICE])], false, short);
        let not_like = allow_and_deny_forms(
            r#""*""#,
            &format!(r#"{{"ArnNotLike":{{"aws:SourceArn":"{short}"}}}}"#),
        );
        assert_applies(
            &not_like,
            ALICE,
            &[("aws:SourceArn", &[ALICE])],
            true,
            short,
        );
    }
}

#[test]
fn rule_7_8_w3c_reduced_precision_dates() {
    let now: &[(&str, &[&str])] = &[("aws:CurrentTime", &["2026-06-15T08:00:00Z"])];
    for (operator, value, applies) in [
        ("DateGreaterThan", "2026", true),
        ("DateGreaterThan", "2026-07", false),
        ("DateLessThan", "2026-06-16", true),
        ("DateLessThan", "2026-06-15T07:59Z", false),
        ("DateEquals", "2026-06-15T10:00:00.0+02:00", true),
    ] {
        let forms = allow_and_deny_forms(
            r#""*""#,
            &format!(r#"{{"{operator}":{{"aws:CurrentTime":"{value}"}}}}"#),
        );
        assert_applies(&forms, ALICE, now, applies, value);
    }
}

#[test]
fn rule_7_9_get_caller_identity_is_never_decided_by_policy() {
    let deny_all = compile(&statements(
        r#"{"Effect":"Deny","Action":"sts:*","Resource":"*"}"#,
    ));
    let nothing = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}"#,
    ));
    for policy in [&deny_all, &nothing] {
        let d = ask(policy, "sts:GetCallerIdentity", "*", Mfa::Absent);
        assert!(d.is_not_controlled_by_policy());
        assert_eq!(d.verdict(), Verdict::Allowed);
        assert!(
            ask(policy, "STS:getcalleridentity", "*", Mfa::Present).is_not_controlled_by_policy()
        );
    }
}

#[test]
fn rule_7_10_for_all_values_on_an_empty_string_is_true() {
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team","owner"]}}"#,
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:TagKeys", &[""])],
        true,
        "empty string",
    );
    assert_applies(&forms, ALICE, &[("aws:TagKeys", &[])], true, "empty list");
    assert_applies(&forms, ALICE, &[], true, "absent");
    assert_applies(
        &forms,
        ALICE,
        &[("aws:TagKeys", &["team", "x"])],
        false,
        "x not listed",
    );
}

#[test]
fn open_question_a_not_resource_whose_variable_has_no_value_excludes_nothing() {
    // The listed resource matches nothing, so NotResource matches every resource: the Deny
    // applies (it never fails open) and the Allow allows.
    let allow = compile(&statements(
        r#"{"Effect":"Allow","Action":"iam:GetUser","NotResource":"arn:aws:iam::*:user/${aws:PrincipalTag/team}"}"#,
    ));
    let deny = compile(&statements(
        r#"{"Effect":"Allow","Action":"*","Resource":"*"},
           {"Effect":"Deny","Action":"iam:GetUser","NotResource":"arn:aws:iam::*:user/${aws:PrincipalTag/team}"}"#,
    ));
    assert_eq!(
        ask_with(&allow, "iam:GetUser", ALICE, &[]),
        Verdict::Allowed
    );
    assert_eq!(
        ask_with(&deny, "iam:GetUser", ALICE, &[]),
        Verdict::ExplicitDeny
    );
}

#[test]
fn open_question_bool_with_a_variable_is_literal_text_that_matches_nothing() {
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"Bool":{"aws:SecureTransport":"${aws:RequestTag/secure}"}}"#,
    );
    let context: &[(&str, &[&str])] = &[
        ("aws:SecureTransport", &["true"]),
        ("aws:RequestTag/secure", &["true"]),
    ];
    assert_applies(&forms, ALICE, context, false, "Bool with a variable");
}

#[test]
fn open_question_null_on_an_empty_string_or_list_means_no_value() {
    let forms = allow_and_deny_forms(r#""*""#, r#"{"Null":{"aws:RequestTag/k":"true"}}"#);
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/k", &[""])],
        true,
        "empty string",
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/k", &[])],
        true,
        "empty list",
    );
    assert_applies(
        &forms,
        ALICE,
        &[("aws:RequestTag/k", &["x"])],
        false,
        "a value",
    );
}

#[test]
fn open_question_partition_and_service_segments_ignore_case() {
    let forms = allow_and_deny_forms(r#""arn:AWS:IAM::*:user/alice""#, "");
    assert_applies(&forms, ALICE, &[], true, "upper-case policy");
    assert_applies(
        &forms,
        "arn:aws:iam::1:user/ALICE",
        &[],
        false,
        "the resource part keeps its case",
    );
}

#[test]
fn an_unreadable_value_matches_nothing_and_its_negation_holds() {
    let forms = allow_and_deny_forms(
        r#""*""#,
        r#"{"DateLessThan":{"aws:CurrentTime":"2026-13-01"}}"#,
    );
    let now: &[(&str, &[&str])] = &[("aws:CurrentTime", &["2026-06-15T08:00:00Z"])];
    assert_applies(&forms, ALICE, now, false, "lint reports the value");
}

// ---- Performance layers of compiled.rs and their simple equivalents. ----

#[test]
fn request_key_variables_resolve_alike_with_and_without_the_key() {
    // With the key given its default value, the per-request substitution must decide as the
    // pre-resolved form does for requests without the key.
    let forms = allow_and_deny_forms(
        r#""arn:aws:iam::*:user/${aws:RequestTag/owner, 'alice'}""#,
        r#"{"StringEquals":{"aws:username":"${aws:RequestTag/owner, 'alice'}"}}"#,
    );
    for resource in [ALICE, BOB] {
        let with_key = [("aws:RequestTag/owner", &["alice"][..])];
        let expected = resource == ALICE;
        assert_applies(&forms, resource, &with_key, expected, "key given");
        assert_applies(&forms, resource, &[], expected, "key absent");
    }
}

#[test]
fn visiting_names_the_statements_of_evaluate() {
    let p = compile(&statements(
        r#"{"Sid":"A","Effect":"Allow","Action":"iam:*","Resource":"*"},
           {"Sid":"B","Effect":"Allow","Action":"iam:Get*","Resource":"*"},
           {"Sid":"D","Effect":"Deny","Action":"iam:Delete*","Resource":"*"}"#,
    ));
    for action in [
        "iam:GetUser",
        "iam:DeleteUser",
        "s3:GetObject",
        "sts:GetCallerIdentity",
    ] {
        let request = Request {
            action,
            resource: ALICE,
            mfa: Mfa::Present,
            context: &[],
        };
        let decision = p.evaluate(&request);
        let mut visited = Vec::new();
        let verdict = p.evaluate_visiting(&request, |i| visited.push(i));
        assert_eq!(verdict, decision.verdict(), "{action}");
        assert_eq!(visited, decision.indices().collect::<Vec<_>>(), "{action}");
    }
}
