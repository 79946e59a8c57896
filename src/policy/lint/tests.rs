//! One test per check, named after its id, plus whole-policy tests: AWS's examples and every
//! generated policy.

use super::*;
use crate::policy::generate::generate;
use crate::policy::model::Named;
use crate::policy::model::choices::{Choices, Preset};
use crate::policy::output::export::to_pretty_json;

const HEAD: &str = r#"{"Version": "2012-10-17", "Statement": ["#;
const TAIL: &str = "]}";

/// A policy of these statements (JSON objects separated by commas) with Version 2012-10-17.
fn policy(statements: &str) -> String {
    format!("{HEAD}{statements}{TAIL}")
}

fn findings_with(text: &str, id: &str) -> Vec<Finding> {
    lint(text, Some(Attachment::Managed))
        .into_iter()
        .filter(|f| f.id() == id)
        .collect()
}

/// The one finding with this id; fails listing all findings otherwise.
fn only(text: &str, id: &str) -> Finding {
    let found = findings_with(text, id);
    assert_eq!(
        found.len(),
        1,
        "expected one {id}, got {:#?}",
        lint(text, Some(Attachment::Managed))
    );
    found.into_iter().next().expect("one")
}

fn absent(text: &str, id: &str) {
    let found = findings_with(text, id);
    assert!(found.is_empty(), "unexpected {id}: {found:#?}");
}

fn reference(name: &str) -> Option<String> {
    crate::testing::aws_example(name)
}

// --- text and grammar ---------------------------------------------------------------------

#[test]
fn invalid_json() {
    let found = lint(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}",
        None,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let finding = &found[0];
    assert_eq!(
        (finding.id(), finding.severity),
        ("invalid-json", Severity::Error)
    );
    assert_eq!(finding.line, Some(4));
    assert!(
        finding.message.contains("line 4, column 1"),
        "{}",
        finding.message
    );
}

#[test]
fn invalid_character() {
    let text = policy(
        "{\"Sid\": \"A\", \"Effect\": \"Allow\",\n\"Action\": \"iam:GetUser\", \"Resource\": \"arn:aws:iam::*:user/\u{2019}x\"}",
    );
    let finding = only(&text, "invalid-character");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.line, Some(2));
    assert!(finding.message.contains("U+2019"), "{}", finding.message);
    absent(
        &policy(
            r#"{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/caf\u00e9é"}"#,
        ),
        "invalid-character",
    );
}

#[test]
fn invalid_effect() {
    let text = policy(r#"{"Sid": "A", "Action": "iam:GetUser", "Resource": "*"}"#);
    let finding = only(&text, "invalid-effect");
    assert_eq!(finding.statement.as_deref(), Some("A"));
    assert!(finding.message.contains("missing \"Effect\""));
    only(
        &policy(r#"{"Effect": "allow", "Action": "iam:GetUser", "Resource": "*"}"#),
        "invalid-effect",
    );
}

#[test]
fn conflicting_elements() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:GetUser", "NotAction": "iam:ListUsers", "Resource": "*"}"#,
    );
    let finding = only(&text, "conflicting-elements");
    assert_eq!(finding.statement.as_deref(), Some("#1"));
    absent(
        &policy(r#"{"Effect": "Allow", "NotAction": "iam:ListUsers", "Resource": "*"}"#),
        "conflicting-elements",
    );
}

#[test]
fn invalid_type() {
    only(
        &policy(r#"{"Effect": "Allow", "Action": 42, "Resource": "*"}"#),
        "invalid-type",
    );
    absent(
        &policy(r#"{"Effect": "Allow", "Action": ["iam:GetUser"], "Resource": "*"}"#),
        "invalid-type",
    );
}

#[test]
fn unknown_element() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n\"Actions\": \"iam:GetUser\", \"Resource\": \"*\"}]}";
    let finding = only(text, "unknown-element");
    assert_eq!(finding.line, Some(2));
    only(text, "missing-element");
    absent(
        &policy(
            r#"{"Sid": "A", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*", "Condition": {}}"#,
        ),
        "unknown-element",
    );
}

#[test]
fn missing_element() {
    for (text, missing) in [
        (
            policy(r#"{"Effect": "Allow", "Action": "iam:GetUser"}"#),
            "Resource",
        ),
        (policy(r#"{"Effect": "Allow", "Resource": "*"}"#), "Action"),
    ] {
        let finding = only(&text, "missing-element");
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.message.contains(missing), "{}", finding.message);
    }
    absent(
        &policy(
            r#"{"Effect": "Allow", "Action": "iam:GetUser", "NotResource": "arn:aws:iam::*:user/x"}"#,
        ),
        "missing-element",
    );
}

#[test]
fn empty_element() {
    for element in ["Action", "Resource"] {
        let statement = match element {
            "Action" => r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#,
            _ => r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": []}"#,
        };
        let finding = only(&policy(statement), "empty-element");
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.message.contains(element), "{}", finding.message);
    }
    absent(
        &policy(r#"{"Effect": "Allow", "Action": ["iam:GetUser"], "Resource": ["*"]}"#),
        "empty-element",
    );
}

#[test]
fn invalid_sid() {
    only(
        &policy(
            r#"{"Sid": "Allow own", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#,
        ),
        "invalid-sid",
    );
    absent(
        &policy(
            r#"{"Sid": "AllowOwn1", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#,
        ),
        "invalid-sid",
    );
}

#[test]
fn duplicate_sid() {
    let statement =
        r#"{"Sid": "Same", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#;
    only(
        &policy(&format!("{statement},{statement}")),
        "duplicate-sid",
    );
    let other =
        r#"{"Sid": "Other", "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}"#;
    let unnamed = r#"{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}"#;
    absent(
        &policy(&format!("{statement},{other},{unnamed},{unnamed}")),
        "duplicate-sid",
    );
}

#[test]
fn principal_in_identity_policy() {
    only(
        &policy(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "iam:GetUser", "Resource": "*"}"#,
        ),
        "principal-in-identity-policy",
    );
    only(
        &policy(
            r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "iam:GetUser", "Resource": "*"}"#,
        ),
        "principal-in-identity-policy",
    );
    absent(
        &policy(
            r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalType": "User"}}}"#,
        ),
        "principal-in-identity-policy",
    );
}

#[test]
fn empty_statement_list() {
    only(
        r#"{"Version": "2012-10-17", "Statement": []}"#,
        "empty-statement-list",
    );
    absent(
        &policy(r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}"#),
        "empty-statement-list",
    );
    // A single statement object instead of a list is allowed.
    absent(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}}"#,
        "empty-statement-list",
    );
}

#[test]
fn invalid_action_syntax() {
    only(
        &policy(r#"{"Effect": "Allow", "Action": "GetUser", "Resource": "*"}"#),
        "invalid-action-syntax",
    );
    for action in ["iam:GetUser", "iam:Get*", "*"] {
        absent(
            &policy(&format!(
                r#"{{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}"#
            )),
            "invalid-action-syntax",
        );
    }
}

#[test]
fn grammar_ids_do_not_depend_on_quoted_values() {
    // The bad action name contains "Sid" and "Principal"; the id must still be the action's.
    only(
        &policy(r#"{"Effect": "Allow", "Action": "Sid Principal", "Resource": "*"}"#),
        "invalid-action-syntax",
    );
}

#[test]
fn invalid_condition() {
    only(
        &policy(
            r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*", "Condition": {"Bool": "x"}}"#,
        ),
        "invalid-condition",
    );
    absent(
        &policy(
            r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": ["true"]}}}"#,
        ),
        "invalid-condition",
    );
}

#[test]
fn invalid_version() {
    only(
        r#"{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}"#,
        "invalid-version",
    );
    for version in ["2012-10-17", "2008-10-17"] {
        absent(
            &format!(
                r#"{{"Version": "{version}", "Statement": [{{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}}]}}"#
            ),
            "invalid-version",
        );
    }
    // No Version at all is version-missing, not an invalid one.
    absent(
        r#"{"Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}"#,
        "invalid-version",
    );
}

#[test]
fn unknown_condition_operator() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*",
            "Condition": {"BoolIfExist": {"aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true"}}}"#,
    );
    only(&text, "unknown-condition-operator");
    for operator in [
        "ForAnyValue:StringLikeIfExists",
        "Null",
        "BoolIfExists",
        "ArnNotLike",
    ] {
        assert!(grammar::known_condition_operator(operator), "{operator}");
    }
    assert!(!grammar::known_condition_operator("NullIfExists"));
}

// --- Version ------------------------------------------------------------------------------

#[test]
fn variables_without_version() {
    let statement = r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}"#;
    let text = format!("{{\"Statement\": [{statement}]}}");
    let finding = only(&text, "variables-without-version");
    assert_eq!(finding.severity, Severity::Error);
    absent(&text, "version-missing");
    let old = format!("{{\"Version\": \"2008-10-17\", \"Statement\": [{statement}]}}");
    only(&old, "variables-without-version");
    absent(&policy(statement), "variables-without-version");
}

#[test]
fn version_missing() {
    let text =
        r#"{"Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}"#;
    assert_eq!(only(text, "version-missing").severity, Severity::Warning);
}

#[test]
fn version_old() {
    let text = r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}"#;
    assert_eq!(only(text, "version-old").severity, Severity::Warning);
    absent(
        &policy(r#"{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}"#),
        "version-old",
    );
}

// --- actions ------------------------------------------------------------------------------

#[test]
fn unknown_action() {
    let text = policy(
        r#"{"Sid": "Sms", "Effect": "Allow", "Action": ["iam:GetUser", "iam:RequestSmsMfaRegistration"], "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
    );
    let finding = only(&text, "unknown-action");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message.contains("obsolete"), "{}", finding.message);
    assert!(finding.message.contains("SMS"), "{}", finding.message);
    assert_eq!(finding.statement.as_deref(), Some("Sms"));
    let typo = only(
        &policy(r#"{"Effect": "Allow", "Action": "iam:ChangePasword", "Resource": "*"}"#),
        "unknown-action",
    );
    assert!(typo.fix.contains("iam:ChangePassword"), "{}", typo.fix);
    // Case does not matter; other services' actions are checked against every service.
    absent(
        &policy(
            r#"{"Effect": "Allow", "Action": ["IAM:getuser", "S3:getobject"], "Resource": "*"}"#,
        ),
        "unknown-action",
    );
    let other = only(
        &policy(r#"{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "*"}"#),
        "unknown-action",
    );
    assert!(other.fix.contains("s3:GetObject"), "{}", other.fix);
    let service = only(
        &policy(r#"{"Effect": "Allow", "Action": "iamm:ChangePassword", "Resource": "*"}"#),
        "unknown-action",
    );
    assert!(
        service.fix.contains("iam:ChangePassword"),
        "{}",
        service.fix
    );
    absent(
        &policy(r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*"}"#),
        "unknown-action",
    );
}

#[test]
fn wildcard_matches_nothing() {
    let text =
        policy(r#"{"Effect": "Allow", "Action": ["iam:*Sms*", "s3:Get*"], "Resource": "*"}"#);
    let finding = only(&text, "wildcard-matches-nothing");
    assert!(finding.message.contains("iam:*Sms*"));
    let other = only(
        &policy(r#"{"Effect": "Allow", "Action": "s3:*Sms*", "Resource": "*"}"#),
        "wildcard-matches-nothing",
    );
    assert!(other.message.contains("s3:*Sms*"));
}

#[test]
fn action_wildcard() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
    );
    assert_eq!(only(&text, "action-wildcard").severity, Severity::Warning);
    absent(
        &policy(
            r#"{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#,
        ),
        "action-wildcard",
    );
}

#[test]
fn wildcard_only_action_scoped() {
    let text = policy(
        r#"{"Sid": "Users", "Effect": "Allow", "Action": ["iam:ListUsers", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
    );
    let finding = only(&text, "wildcard-only-action-scoped");
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.contains("grants nothing"),
        "{}",
        finding.message
    );
    assert!(
        finding.fix.contains("\"Resource\": \"*\""),
        "{}",
        finding.fix
    );
    absent(&text, "statement-never-matches");
    absent(
        &policy(r#"{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}"#),
        "wildcard-only-action-scoped",
    );
    // Needs no permission at all: listing it next to an ARN is harmless.
    let harmless = policy(&format!(
        r#"{{"Effect": "Allow", "Action": ["sts:GetSessionToken", "iam:GetUser"], "Resource": "{OWN_USER}"}}"#
    ));
    absent(&harmless, "wildcard-only-action-scoped");
    absent(&harmless, "statement-never-matches");
}

#[test]
fn resource_type_mismatch() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"], "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
    );
    let finding = only(&text, "resource-type-mismatch");
    assert!(
        finding.message.contains("iam:CreateVirtualMFADevice"),
        "{}",
        finding.message
    );
    assert!(finding.fix.contains("mfa/*"), "{}", finding.fix);
}

#[test]
fn statement_never_matches() {
    let text =
        policy(r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:s3:::my-bucket/*"}"#);
    assert_eq!(
        only(&text, "statement-never-matches").severity,
        Severity::Error
    );
    let deny =
        policy(r#"{"Effect": "Deny", "Action": ["iam:GetUser"], "Resource": "arn:aws:s3:::b"}"#);
    assert_eq!(
        only(&deny, "statement-never-matches").severity,
        Severity::Warning
    );
}

#[test]
fn allow_not_action() {
    let text = policy(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#);
    assert_eq!(only(&text, "allow-not-action").severity, Severity::Warning);
}

#[test]
fn allow_not_resource() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:GetUser", "NotResource": "arn:aws:iam::*:user/admin"}"#,
    );
    assert_eq!(
        only(&text, "allow-not-resource").severity,
        Severity::Warning
    );
}

#[test]
fn deny_not_action_unconditional() {
    let text = policy(r#"{"Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*"}"#);
    assert_eq!(
        only(&text, "deny-not-action-unconditional").severity,
        Severity::Warning
    );
}

// --- MFA conditions -----------------------------------------------------------------------

#[test]
fn deny_mfa_bool() {
    let text = policy(
        r#"{"Sid": "Gate", "Effect": "Deny", "NotAction": "iam:GetUser", "Resource": "*",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
    );
    let finding = only(&text, "deny-mfa-bool");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.fix.contains("BoolIfExists"));
}

#[test]
fn allow_mfa_bool_if_exists() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": true}}}"#,
    );
    assert_eq!(
        only(&text, "allow-mfa-bool-if-exists").severity,
        Severity::Warning
    );
}

#[test]
fn allow_mfa_null() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}",
            "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}}"#,
    );
    only(&text, "allow-mfa-null");
}

// --- size ---------------------------------------------------------------------------------

#[test]
fn size_over_limit() {
    let actions: Vec<String> = (0..120)
        .map(|i| format!("\"s3:GetObjectNumber{i:03}\""))
        .collect();
    let text = policy(&format!(
        r#"{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}"#,
        actions.join(", ")
    ));
    let size = crate::policy::size::policy_size(&text);
    assert!(size > 2048 && size < 5120, "{size}");
    let over: Vec<Finding> = lint(&text, Some(Attachment::User))
        .into_iter()
        .filter(|f| f.id() == "size-over-limit")
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].severity, Severity::Error);
    let any: Vec<Finding> = lint(&text, None)
        .into_iter()
        .filter(|f| f.id() == "size-over-limit")
        .collect();
    assert_eq!(any.len(), 1, "only the user limit is exceeded");
    assert_eq!(any[0].severity, Severity::Info);
    absent(&text, "size-over-limit");
}

// --- whole policies -----------------------------------------------------------------------

#[test]
fn lines_point_at_the_offending_value() {
    let text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n            \"Action\": [\n                \"iam:GetUser\",\n                \"iam:ListUsers\"\n            ],\n            \"Resource\": \"arn:aws:iam::*:user/${aws:username}\"\n        }\n    ]\n}\n";
    let finding = only(text, "wildcard-only-action-scoped");
    assert_eq!(finding.line, Some(8));
}

#[test]
fn findings_are_ordered_by_severity() {
    let text = r#"{"Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}]}"#;
    let found = lint(text, None);
    let severities: Vec<Severity> = found.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
}

#[test]
fn never_panics_on_odd_documents() {
    for text in [
        "",
        "null",
        "[]",
        "\"x\"",
        "{}",
        r#"{"Statement": {}}"#,
        r#"{"Statement": [1, "x", null, {}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": []}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "${"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:::::"}]}"#,
    ] {
        let found = lint(text, None);
        assert!(
            found.iter().any(|f| f.severity == Severity::Error),
            "{text:?} gave {found:#?}"
        );
    }
}

#[test]
fn generated_policies_have_no_grammar_or_action_errors() {
    // Independent of the evaluator: every combination's text passes the pattern checks.
    for choices in Choices::all_combinations().step_by(97) {
        let text = to_pretty_json(&generate(&choices));
        let mut report = Report {
            map: source_map::SourceMap::new(&text),
            ..Report::default()
        };
        let value = document::parse_json(&text).expect("generated JSON parses");
        let (parsed, errors) = document::from_value(&value);
        assert!(errors.is_empty(), "{errors:?}");
        let parsed = parsed.expect("policy");
        grammar::check_version(&parsed, &mut report);
        actions::check(&parsed, &mut report);
        let bad: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{choices:?}: {bad:#?}");
    }
}

// --- security and semantics (evaluator) ---------------------------------------------------

const OWN_USER: &str = "arn:aws:iam::*:user/${aws:username}";

#[test]
fn privilege_escalation() {
    let text = policy(&format!(
        r#"{{"Sid": "Everything", "Effect": "Allow", "Action": "iam:*", "Resource": "{OWN_USER}"}}"#
    ));
    let finding = only(&text, "privilege-escalation");
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.contains("iam:AttachUserPolicy"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("its own user"),
        "{}",
        finding.message
    );
    // iam:AddUserToGroup takes a group, which a user ARN cannot be.
    assert!(
        !finding.message.contains("AddUserToGroup"),
        "{}",
        finding.message
    );

    let anyone = only(
        &policy(r#"{"Effect": "Allow", "Action": "iam:CreateLoginProfile", "Resource": "*"}"#),
        "privilege-escalation",
    );
    assert!(anyone.message.contains("any user"), "{}", anyone.message);
    only(
        &policy(r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#),
        "privilege-escalation",
    );
}

#[test]
fn privilege_escalation_blocked_by_a_deny_is_not_reported() {
    let text = policy(&format!(
        r#"{{"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "{OWN_USER}"}},
           {{"Effect": "Allow", "Action": ["iam:PutUserPolicy", "iam:TagUser"], "Resource": "{OWN_USER}"}},
           {{"Effect": "Deny", "Action": "iam:PutUserPolicy", "Resource": "*"}}"#
    ));
    let finding = only(&text, "privilege-escalation");
    assert!(finding.message.contains("iam:TagUser"));
    assert!(
        !finding.message.contains("iam:PutUserPolicy"),
        "{}",
        finding.message
    );
    absent(
        &policy(&format!(
            r#"{{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "{OWN_USER}"}}"#
        )),
        "privilege-escalation",
    );
}

#[test]
fn credentials_of_other_users() {
    let text = policy(
        r#"{"Sid": "Keys", "Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys"], "Resource": "arn:aws:iam::*:user/*"}"#,
    );
    let finding = only(&text, "credentials-of-other-users");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message.contains("iam:CreateAccessKey"));
    absent(
        &policy(&format!(
            r#"{{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": ["{OWN_USER}", "arn:aws:iam::*:user/*/${{aws:username}}"]}}"#
        )),
        "credentials-of-other-users",
    );
}

#[test]
fn manages_other_users_credentials() {
    let text = policy(r#"{"Effect": "Allow", "Action": "iam:ListAccessKeys", "Resource": "*"}"#);
    assert_eq!(
        only(&text, "manages-other-users-credentials").severity,
        Severity::Warning
    );
    absent(&text, "credentials-of-other-users");
}

#[test]
fn mfa_removable_without_mfa() {
    let text = policy(&format!(
        r#"{{"Sid": "ManageMfa", "Effect": "Allow", "Action": ["iam:DeactivateMFADevice", "iam:ListMFADevices"], "Resource": "{OWN_USER}"}}"#
    ));
    let finding = only(&text, "mfa-removable-without-mfa");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.statement.as_deref(), Some("ManageMfa"));
    assert!(
        finding.message.contains("long-term access keys"),
        "{}",
        finding.message
    );
    let delete = policy(
        r#"{"Effect": "Allow", "Action": "iam:DeleteVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/${aws:username}"}"#,
    );
    // Deleting needs the device deactivated first: a warning of its own, not this error.
    absent(&delete, "mfa-removable-without-mfa");
    let deletable = only(&delete, "mfa-deletable-without-mfa");
    assert_eq!(deletable.severity, Severity::Warning);
    assert!(
        deletable.message.contains("deactivated"),
        "{}",
        deletable.message
    );
    let with_mfa_only = policy(&format!(
        r#"{{"Effect": "Allow", "Action": "iam:DeactivateMFADevice", "Resource": "{OWN_USER}",
             "Condition": {{"Bool": {{"aws:MultiFactorAuthPresent": "true"}}}}}}"#
    ));
    absent(&with_mfa_only, "mfa-removable-without-mfa");
}

#[test]
fn mfa_enrolment_by_long_term_keys() {
    let Some(text) = reference("self-manage-credentials-with-mfa.json") else {
        return; // the shared reference folder is optional outside this workspace
    };
    let finding = only(&text, "mfa-enrolment-by-long-term-keys");
    assert_eq!(finding.statement.as_deref(), Some("AllowManageOwnUserMFA"));
    assert!(finding.line.is_some());
    let recommended = to_pretty_json(&generate(&Preset::Recommended.choices()));
    absent(&recommended, "mfa-enrolment-by-long-term-keys");
}

/// AWS's MFA-device examples gate only iam:DeactivateMFADevice behind MFA. The thief's own
/// device (a user may have several, IAM User Guide `id_credentials_mfa`) gives the MFA
/// session that removes the user's device: the hole is there all the same.
#[test]
fn mfa_enrolment_by_long_term_keys_gains_removing_the_users_mfa() {
    let enrol = format!(
        r#"{{"Sid": "Enrol", "Effect": "Allow", "Action": ["iam:EnableMFADevice", "iam:DeactivateMFADevice"], "Resource": "{OWN_USER}"}}"#
    );
    let gate = r#"{"Effect": "Deny", "Action": "iam:DeactivateMFADevice", "Resource": "*",
                   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#;
    let finding = only(
        &policy(&format!("{enrol}, {gate}")),
        "mfa-enrolment-by-long-term-keys",
    );
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.statement.as_deref(), Some("Enrol"));
    assert!(
        finding.message.contains("remove the user's own MFA device"),
        "{}",
        finding.message
    );
    // Keys denied the enrolment: no hole.
    let keys_denied = r#"{"Effect": "Deny", "Action": "iam:EnableMFADevice", "Resource": "*",
                          "Condition": {"Null": {"aws:MultiFactorAuthPresent": "true"}}}"#;
    absent(
        &policy(&format!("{enrol}, {gate}, {keys_denied}")),
        "mfa-enrolment-by-long-term-keys",
    );
    // Deactivation not allowed at all: the extra device gains nothing.
    let enrol_only = format!(
        r#"{{"Effect": "Allow", "Action": "iam:EnableMFADevice", "Resource": "{OWN_USER}"}}"#
    );
    absent(&policy(&enrol_only), "mfa-enrolment-by-long-term-keys");
    // Removal allowed only with MFA but no MFA gate (a policy that does not rely on MFA against
    // a stolen key, like the no-mfa preset): not this hole.
    let conditioned = format!(
        r#"{{"Effect": "Allow", "Action": "iam:EnableMFADevice", "Resource": "{OWN_USER}"}},
           {{"Effect": "Allow", "Action": "iam:DeactivateMFADevice", "Resource": "{OWN_USER}",
             "Condition": {{"Bool": {{"aws:MultiFactorAuthPresent": "true"}}}}}}"#
    );
    absent(&policy(&conditioned), "mfa-enrolment-by-long-term-keys");
    if let Some(text) = reference("iam-self-manage-mfa-device-api.2023-06.json") {
        only(&text, "mfa-enrolment-by-long-term-keys");
    }
}

#[test]
fn password_change_without_mfa() {
    let mut choices = Preset::Recommended.choices();
    choices.password_change_before_mfa = true;
    let text = to_pretty_json(&generate(&choices));
    assert_eq!(
        only(&text, "password-change-without-mfa").severity,
        Severity::Info
    );
}

#[test]
fn user_paths_not_matched() {
    let text = policy(&format!(
        r#"{{"Sid": "A", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "{OWN_USER}"}},
           {{"Sid": "B", "Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "{OWN_USER}"}}"#
    ));
    let finding = only(&text, "user-paths-not-matched");
    assert_eq!(finding.severity, Severity::Info);
    assert_eq!(finding.statement.as_deref(), Some("A"));
    assert!(finding.message.contains("A and B"), "{}", finding.message);
    let recommended = to_pretty_json(&generate(&Preset::Recommended.choices()));
    absent(&recommended, "user-paths-not-matched");
}

#[test]
fn no_version_and_iam_star_on_own_user() {
    let text = format!(
        r#"{{"Statement": [{{"Effect": "Allow", "Action": "iam:*", "Resource": "{OWN_USER}"}}]}}"#
    );
    let found = lint(&text, None);
    let ids: Vec<&str> = found.iter().map(|f| f.id()).collect();
    assert!(ids.contains(&"variables-without-version"), "{ids:?}");
    assert!(ids.contains(&"privilege-escalation"), "{ids:?}");
    assert!(ids.contains(&"action-wildcard"), "{ids:?}");
}

#[test]
fn partition_of_the_policy_is_used_for_semantic_checks() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:DeactivateMFADevice", "Resource": "arn:aws-cn:iam::*:user/${aws:username}"}"#,
    );
    only(&text, "mfa-removable-without-mfa");
}

/// Errors AWS's example policies really have: AWS's placeholder account (`account-id`) grants
/// nothing, the MFA examples leave the enrolment hole open, and the AWS-managed
/// full-access policies allow escalation, other users' credentials and MFA removal by design.
const TRUE_ERRORS_IN_AWS_EXAMPLES: [(&str, &str); 15] = [
    (
        "password-change-own-permitting-users.json",
        "arn-invalid-account",
    ),
    (
        "self-manage-credentials-with-mfa.json",
        "mfa-enrolment-by-long-term-keys",
    ),
    (
        "iam-self-manage-mfa-device-api.json",
        "mfa-enrolment-by-long-term-keys",
    ),
    // These four gate only iam:DeactivateMFADevice behind MFA: the thief's own device gives
    // the MFA session that removes the user's.
    (
        "iam-self-manage-mfa-device-api.2023-06.json",
        "mfa-enrolment-by-long-term-keys",
    ),
    (
        "self-manage-mfa-device-only-with-mfa.json",
        "mfa-enrolment-by-long-term-keys",
    ),
    (
        "mfa-fido-security-key-permissions.json",
        "mfa-enrolment-by-long-term-keys",
    ),
    (
        "mfa-hardware-totp-permissions.json",
        "mfa-enrolment-by-long-term-keys",
    ),
    ("managed-AdministratorAccess.json", "privilege-escalation"),
    (
        "managed-AdministratorAccess.json",
        "credentials-of-other-users",
    ),
    (
        "managed-AdministratorAccess.json",
        "mfa-removable-without-mfa",
    ),
    ("managed-IAMFullAccess.json", "privilege-escalation"),
    ("managed-IAMFullAccess.json", "credentials-of-other-users"),
    ("managed-IAMFullAccess.json", "mfa-removable-without-mfa"),
    ("managed-PowerUserAccess.json", "privilege-escalation"),
    ("managed-PowerUserAccess.json", "credentials-of-other-users"),
];

#[test]
fn aws_examples_have_no_false_errors() {
    let Some(reference) = crate::testing::reference_dir() else {
        return;
    };
    let entries = std::fs::read_dir(reference.join("aws-examples")).expect("aws-examples folder");
    let mut unexpected = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(&path).expect("readable");
        for finding in lint(&text, None) {
            let expected = TRUE_ERRORS_IN_AWS_EXAMPLES.contains(&(name.as_str(), finding.id()));
            if finding.severity == Severity::Error && !expected {
                unexpected.push(format!("{name}: {}: {}", finding.id(), finding.message));
            }
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}

/// The aws-docs preset reproduces AWS's example, whose MFA enrolment hole it keeps on purpose
/// (its summary says so); that one finding, an error, is expected there.
fn expected_hole(preset: Preset, finding: &Finding) -> bool {
    preset == Preset::AwsDocs && finding.id() == "mfa-enrolment-by-long-term-keys"
}

#[test]
fn presets_have_no_errors_or_warnings() {
    for &preset in Preset::ALL {
        let text = to_pretty_json(&generate(&preset.choices()));
        let bad: Vec<Finding> = lint(&text, Some(Attachment::Managed))
            .into_iter()
            .filter(|f| f.severity != Severity::Info && !expected_hole(preset, f))
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", preset.name());
    }
    let aws_docs = to_pretty_json(&generate(&Preset::AwsDocs.choices()));
    only(&aws_docs, "mfa-enrolment-by-long-term-keys");
}

#[test]
fn no_combination_of_choices_has_errors() {
    // Every 97th of the 196,608 combinations (97 is prime, so every field varies), plus every
    // credentials × flags combination with the default scope.
    let sample = Choices::all_combinations().step_by(97);
    let scope_default = Choices::all_combinations()
        .filter(|c| c.account.as_str() == "*" && c.restricted_services().is_empty())
        .filter(|c| c.partition == crate::policy::model::choices::Partition::Aws);
    for choices in sample.chain(scope_default) {
        let text = to_pretty_json(&generate(&choices));
        // Leaving the enrolment hole open is a choice the wizard offers, and an error.
        let errors: Vec<Finding> = lint(&text, Some(Attachment::Managed))
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| {
                choices.keys_cannot_enrol_mfa || f.id() != "mfa-enrolment-by-long-term-keys"
            })
            .collect();
        assert!(errors.is_empty(), "{choices:?}: {errors:#?}");
    }
}

#[test]
fn long_values_do_not_exhaust_the_stack() {
    let long = "a".repeat(400_000);
    let text = policy(&format!(
        r#"{{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/{long}"}},
           {{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:{long}"}},
           {{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "{long}"}}"#
    ));
    let found = lint(&text, None);
    assert!(found.iter().any(|f| f.id() == "size-over-limit"));
    assert!(found.iter().any(|f| f.id() == "statement-never-matches"));
}

// --- conditions (issue: condition validation) -----------------------------------------------

/// One Allow on the own user's password with this condition block.
fn with_condition(condition: &str) -> String {
    policy(&format!(
        r#"{{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${{aws:username}}", "Condition": {condition}}}"#
    ))
}

#[test]
fn null_if_exists() {
    let text = with_condition(r#"{"NullIfExists": {"aws:MultiFactorAuthAge": "false"}}"#);
    assert_eq!(only(&text, "null-if-exists").severity, Severity::Error);
    absent(&text, "unknown-condition-operator");
    absent(
        &with_condition(r#"{"Null": {"aws:MultiFactorAuthAge": "false"}}"#),
        "null-if-exists",
    );
}

/// A Deny gated by `ForAllValues:Null` never applies (the evaluator refuses the form): the
/// `null-if-exists` rule says so, and no `unknown-condition-operator` beside it.
#[test]
fn null_if_exists_with_a_set_qualifier() {
    for operator in ["ForAllValues:Null", "ForAnyValue:Null"] {
        let text = policy(&format!(
            r#"{{"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*",
                "Condition": {{"{operator}": {{"aws:TagKeys": "true"}}}}}}"#
        ));
        let finding = only(&text, "null-if-exists");
        assert_eq!(finding.severity, Severity::Error);
        assert!(
            finding.message.contains("this Deny never applies"),
            "{}",
            finding.message
        );
        absent(&text, "unknown-condition-operator");
        assert!(!grammar::known_condition_operator(operator), "{operator}");
    }
    absent(
        &policy(
            r#"{"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*",
                "Condition": {"Null": {"aws:TagKeys": "true"}}}"#,
        ),
        "null-if-exists",
    );
}

#[test]
fn unknown_condition_key() {
    let text = with_condition(r#"{"Bool": {"aws:MultiFactorAuthPresnt": "true"}}"#);
    let finding = only(&text, "unknown-condition-key");
    assert!(
        finding.fix.contains("aws:MultiFactorAuthPresent"),
        "{}",
        finding.fix
    );
    absent(
        &with_condition(r#"{"Bool": {"AWS:multifactorauthpresent": "true"}}"#),
        "unknown-condition-key",
    );
    // Other services' keys are not judged.
    absent(
        &with_condition(r#"{"StringEquals": {"s3:prefix": "home/"}}"#),
        "unknown-condition-key",
    );
}

#[test]
fn condition_key_not_for_action() {
    let text = with_condition(r#"{"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#);
    only(&text, "condition-key-not-for-action");
    absent(
        &policy(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}"#,
        ),
        "condition-key-not-for-action",
    );
}

#[test]
fn condition_type_mismatch() {
    let text = with_condition(r#"{"NumericLessThan": {"aws:username": "5"}}"#);
    only(&text, "condition-type-mismatch");
    only(
        &with_condition(r#"{"Bool": {"aws:PrincipalAccount": "true"}}"#),
        "condition-type-mismatch",
    );
    // ARN keys work with the string operators too.
    absent(
        &with_condition(r#"{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/*"}}"#),
        "condition-type-mismatch",
    );
}

#[test]
fn invalid_condition_value() {
    // The issue's example: "flase" turns the MFA gate off.
    let typo = policy(
        r#"{"Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "flase"}}}"#,
    );
    let finding = only(&typo, "invalid-condition-value");
    assert!(
        finding.message.contains("never applies"),
        "{}",
        finding.message
    );
    for bad in [
        r#"{"DateLessThan": {"aws:CurrentTime": "2026-13-01"}}"#,
        r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "1h"}}"#,
        r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}"#,
        r#"{"Null": {"aws:MultiFactorAuthAge": "yes"}}"#,
    ] {
        only(&with_condition(bad), "invalid-condition-value");
    }
    for good in [
        r#"{"DateLessThan": {"aws:CurrentTime": "2026-12-31T23:59:59Z"}}"#,
        r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
        r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"#,
    ] {
        absent(&with_condition(good), "invalid-condition-value");
    }
}

#[test]
fn bool_both_values() {
    only(
        &with_condition(r#"{"Bool": {"aws:MultiFactorAuthPresent": ["true", "false"]}}"#),
        "bool-both-values",
    );
    absent(
        &with_condition(r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#),
        "bool-both-values",
    );
}

#[test]
fn if_exists_on_always_present_key() {
    only(
        &with_condition(r#"{"BoolIfExists": {"aws:SecureTransport": "true"}}"#),
        "if-exists-on-always-present-key",
    );
    absent(
        &with_condition(r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}"#),
        "if-exists-on-always-present-key",
    );
}

#[test]
fn for_all_values_single_valued() {
    only(
        &with_condition(r#"{"ForAllValues:StringEquals": {"aws:username": "alice"}}"#),
        "for-all-values-single-valued",
    );
    absent(
        &with_condition(r#"{"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}"#),
        "for-all-values-single-valued",
    );
}

#[test]
fn for_any_value_negated() {
    only(
        &with_condition(r#"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": "team"}}"#),
        "for-any-value-negated",
    );
    absent(
        &with_condition(r#"{"ForAllValues:StringNotEquals": {"aws:TagKeys": "team"}}"#),
        "for-any-value-negated",
    );
}

#[test]
fn multivalued_key_without_set() {
    only(
        &with_condition(r#"{"StringEquals": {"aws:TagKeys": "team"}}"#),
        "multivalued-key-without-set",
    );
    absent(
        &with_condition(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}"#),
        "multivalued-key-without-set",
    );
}

#[test]
fn string_equals_with_wildcard() {
    only(
        &with_condition(r#"{"StringEquals": {"aws:PrincipalTag/team": "dev*"}}"#),
        "string-equals-with-wildcard",
    );
    absent(
        &with_condition(r#"{"StringEquals": {"aws:PrincipalTag/team": "a${*}"}}"#),
        "string-equals-with-wildcard",
    );
}

#[test]
fn string_like_without_wildcard() {
    only(
        &with_condition(r#"{"StringLike": {"aws:PrincipalTag/team": "dev"}}"#),
        "string-like-without-wildcard",
    );
    absent(
        &with_condition(r#"{"StringLike": {"aws:PrincipalTag/team": "dev*"}}"#),
        "string-like-without-wildcard",
    );
}

// --- policy variables -------------------------------------------------------------------------

fn with_resource(resource: &str) -> String {
    policy(&format!(
        r#"{{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "{resource}"}}"#
    ))
}

#[test]
fn policy_variable_malformed() {
    only(
        &with_resource("arn:aws:iam::*:user/${aws:username"),
        "policy-variable-malformed",
    );
    absent(&with_resource(OWN_USER), "policy-variable-malformed");
}

#[test]
fn policy_variable_unknown() {
    let finding = only(
        &with_resource("arn:aws:iam::*:user/${aws:usename}"),
        "policy-variable-unknown",
    );
    assert!(finding.fix.contains("aws:username"), "{}", finding.fix);
    absent(&with_resource(OWN_USER), "policy-variable-unknown");
}

#[test]
fn policy_variable_multivalued() {
    only(
        &with_resource("arn:aws:iam::*:user/${aws:TagKeys}"),
        "policy-variable-multivalued",
    );
    absent(&with_resource(OWN_USER), "policy-variable-multivalued");
}

#[test]
fn policy_variable_not_substituted() {
    only(
        &with_condition(
            r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:PrincipalTag/age}"}}"#,
        ),
        "policy-variable-not-substituted",
    );
    absent(
        &with_condition(r#"{"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}"#),
        "policy-variable-not-substituted",
    );
}

#[test]
fn policy_variable_in_arn_prefix() {
    let finding = only(
        &with_resource("arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}"),
        "policy-variable-in-arn-prefix",
    );
    assert_eq!(finding.severity, Severity::Info);
    absent(&with_resource(OWN_USER), "policy-variable-in-arn-prefix");
}

// --- ARNs -------------------------------------------------------------------------------------

#[test]
fn arn_malformed() {
    only(&with_resource("user/alice"), "arn-malformed");
    absent(&with_resource(OWN_USER), "arn-malformed");
}

#[test]
fn arn_invalid_partition() {
    only(
        &with_resource("arn:amazon:iam::*:user/${aws:username}"),
        "arn-invalid-partition",
    );
    absent(
        &with_resource("arn:aws-cn:iam::*:user/${aws:username}"),
        "arn-invalid-partition",
    );
}

#[test]
fn arn_unknown_service() {
    let finding = only(
        &with_resource("arn:aws:iamm::*:user/${aws:username}"),
        "arn-unknown-service",
    );
    assert!(finding.fix.contains("iam"), "{}", finding.fix);
    absent(&with_resource(OWN_USER), "arn-unknown-service");
}

#[test]
fn arn_iam_with_region() {
    only(
        &with_resource("arn:aws:iam:us-east-1:*:user/${aws:username}"),
        "arn-iam-with-region",
    );
    absent(&with_resource(OWN_USER), "arn-iam-with-region");
}

#[test]
fn arn_invalid_account() {
    for placeholder in ["account-id", "ACCOUNT-ID", "", "12345"] {
        let finding = only(
            &with_resource(&format!(
                "arn:aws:iam::{placeholder}:user/${{aws:username}}"
            )),
            "arn-invalid-account",
        );
        assert_eq!(finding.severity, Severity::Error);
    }
    absent(
        &with_resource("arn:aws:iam::123456789012:user/${aws:username}"),
        "arn-invalid-account",
    );
}

#[test]
fn arn_unknown_resource_type() {
    let finding = only(
        &with_resource("arn:aws:iam::*:users/${aws:username}"),
        "arn-unknown-resource-type",
    );
    assert!(finding.fix.contains("user"), "{}", finding.fix);
    absent(&with_resource(OWN_USER), "arn-unknown-resource-type");
}

// --- structure --------------------------------------------------------------------------------

#[test]
fn redundant_statement() {
    let text = policy(&format!(
        r#"{{"Sid": "All", "Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "{OWN_USER}"}},
           {{"Sid": "One", "Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "{OWN_USER}"}}"#
    ));
    assert_eq!(
        only(&text, "redundant-statement").statement.as_deref(),
        Some("One")
    );
    absent(
        &policy(&format!(
            r#"{{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "{OWN_USER}"}},
               {{"Effect": "Allow", "Action": "iam:ListAccessKeys", "Resource": "{OWN_USER}"}}"#
        )),
        "redundant-statement",
    );
}

#[test]
fn redundant_action() {
    only(
        &policy(&format!(
            r#"{{"Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:CreateAccessKey"], "Resource": "{OWN_USER}"}}"#
        )),
        "redundant-action",
    );
    absent(
        &policy(&format!(
            r#"{{"Effect": "Allow", "Action": ["iam:ListAccessKeys", "iam:CreateAccessKey"], "Resource": "{OWN_USER}"}}"#
        )),
        "redundant-action",
    );
}

#[test]
fn allow_overridden_by_deny() {
    let text = policy(&format!(
        r#"{{"Sid": "Keys", "Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "{OWN_USER}"}},
           {{"Sid": "NoKeys", "Effect": "Deny", "Action": "iam:*AccessKey*", "Resource": "*"}}"#
    ));
    assert_eq!(
        only(&text, "allow-overridden-by-deny").statement.as_deref(),
        Some("Keys")
    );
    absent(
        &policy(&format!(
            r#"{{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "{OWN_USER}"}},
               {{"Effect": "Deny", "Action": "iam:*AccessKey*", "Resource": "*",
                 "Condition": {{"BoolIfExists": {{"aws:MultiFactorAuthPresent": "false"}}}}}}"#
        )),
        "allow-overridden-by-deny",
    );
}

#[test]
fn invalid_version_is_not_also_missing() {
    let text = r#"{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}"#;
    only(text, "invalid-version");
    absent(text, "version-missing");
}

#[test]
fn non_iam_action_keeps_iam_checks_on() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "iam:ListUsers"], "Resource": "arn:aws:s3:::bucket/*"}"#,
    );
    only(&text, "wildcard-only-action-scoped");
}

#[test]
fn mfa_deletable_without_mfa() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:DeleteVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/*"}"#,
    );
    let finding = only(&text, "mfa-deletable-without-mfa");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(
        finding.message.contains("which this policy does not allow"),
        "{}",
        finding.message
    );
    // The message says how this policy allows deactivating the device.
    let delete = r#"{"Effect": "Allow", "Action": "iam:DeleteVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/*"}"#;
    for (deactivate, words) in [
        (
            r#"{"Effect": "Allow", "Action": "iam:DeactivateMFADevice", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            "which this policy allows only with MFA",
        ),
        (
            r#"{"Effect": "Allow", "Action": "iam:DeactivateMFADevice", "Resource": "*"}"#,
            "which this policy also allows without MFA",
        ),
    ] {
        let finding = only(
            &policy(&format!("{delete}, {deactivate}")),
            "mfa-deletable-without-mfa",
        );
        assert!(finding.message.contains(words), "{}", finding.message);
    }
    absent(
        &policy(
            r#"{"Effect": "Allow", "Action": "iam:DeleteVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
        ),
        "mfa-deletable-without-mfa",
    );
}

/// An Allow whose condition can never hold (unknown key, unreadable value, unknown operator)
/// grants nothing, as `simulate` answers: no escalation, while the broken condition keeps its
/// own finding.
#[test]
fn privilege_escalation_not_reported_for_an_allow_that_never_applies() {
    let attach = |condition: &str| {
        policy(&format!(
            r#"{{"Effect": "Allow", "Action": ["iam:AttachUserPolicy", "iam:CreateAccessKey"], "Resource": "arn:aws:iam::*:user/*", "Condition": {condition}}}"#
        ))
    };
    for (condition, broken) in [
        (
            r#"{"ArnEquals": {"iam:PolicyArn2": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}"#,
            "unknown-condition-key",
        ),
        (
            r#"{"Bool": {"aws:MultiFactorAuthPresent": "flase"}}"#,
            "invalid-condition-value",
        ),
        (
            r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": ["abc", "soon"]}}"#,
            "invalid-condition-value",
        ),
        (
            r#"{"BoolEquals": {"aws:MultiFactorAuthPresent": "true"}}"#,
            "unknown-condition-operator",
        ),
    ] {
        let text = attach(condition);
        absent(&text, "privilege-escalation");
        absent(&text, "credentials-of-other-users");
        assert!(!findings_with(&text, broken).is_empty(), "{condition}");
    }
    // Conditions that can hold do not hide it: a readable value, one readable value among
    // unreadable ones, an unknown key that absence makes true, a negated operator.
    for condition in [
        r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
        r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": ["abc", "3600"]}}"#,
        r#"{"StringNotEquals": {"aws:NoSuchKey": "x"}}"#,
        r#"{"BoolIfExists": {"aws:MultiFactorAuthPresnt": "true"}}"#,
    ] {
        let text = attach(condition);
        assert_eq!(
            only(&text, "privilege-escalation").severity,
            Severity::Error,
            "{condition}"
        );
    }
}

#[test]
fn escalation_limited_by_conditions_says_what_remains() {
    let limited = policy(
        r#"{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::*:user/${aws:username}", "Condition": {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}"#,
    );
    let finding = only(&limited, "privilege-escalation");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(
        finding.message.contains("ReadOnlyAccess"),
        "{}",
        finding.message
    );
    let admin = policy(
        r#"{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::*:user/${aws:username}", "Condition": {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}}}"#,
    );
    assert_eq!(
        only(&admin, "privilege-escalation").severity,
        Severity::Error
    );
}

#[test]
fn without_version_findings_say_once_fixed() {
    let text = r#"{"Statement": [{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#;
    let finding = only(text, "privilege-escalation");
    assert!(
        finding.message.starts_with("once \"Version\""),
        "{}",
        finding.message
    );
}
