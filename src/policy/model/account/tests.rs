//! The dump parser: each quirk of `policy-sets.md` §2 and each bad input of product spec §9.

use serde_json::{Value, json};

use super::percent::encode;
use super::*;

const ACCOUNT: &str = "123456789012";

fn self_manage() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "OwnKeys", "Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey"],
             "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Sid": "DenyWithoutMfa", "Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*",
             "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
        ]
    })
}

fn change_password() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:ChangePassword"], "Resource": ["arn:aws:iam::*:user/${aws:username}"]},
        {"Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy"], "Resource": "*"}
    ]})
}

/// A small account as the AWS CLI prints it: alice at a nested path, in two groups, with a tag,
/// an inline policy, a boundary used only as a boundary, and an AWS managed policy.
fn cli_dump() -> Value {
    json!({
        "UserDetailList": [
            {
                "Path": "/engineering/platform/",
                "UserName": "alice",
                "UserId": "AIDAALICE",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:user/engineering/platform/alice"),
                "CreateDate": "2024-01-02T03:04:05Z",
                "UserPolicyList": [{"PolicyName": "alice-extra", "PolicyDocument": self_manage()}],
                "GroupList": ["SelfService", "Developers"],
                "AttachedManagedPolicies": [
                    {"PolicyName": "IAMUserChangePassword", "PolicyArn": "arn:aws:iam::aws:policy/IAMUserChangePassword"}
                ],
                "PermissionsBoundary": {
                    "PermissionsBoundaryType": "Policy",
                    "PermissionsBoundaryArn": format!("arn:aws:iam::{ACCOUNT}:policy/Boundary")
                },
                "Tags": [{"Key": "team", "Value": "blue"}, {"Key": "cost-center", "Value": "42"}]
            },
            {
                "Path": "/",
                "UserName": "bob",
                "UserId": "AIDABOB",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:user/bob"),
                "UserPolicyList": [],
                "GroupList": [],
                "AttachedManagedPolicies": [],
                "Tags": []
            }
        ],
        "GroupDetailList": [
            {
                "Path": "/",
                "GroupName": "SelfService",
                "GroupId": "AGPASELF",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:group/SelfService"),
                "GroupPolicyList": [],
                "AttachedManagedPolicies": [
                    {"PolicyName": "SelfManage", "PolicyArn": format!("arn:aws:iam::{ACCOUNT}:policy/SelfManage")}
                ]
            },
            {
                "Path": "/",
                "GroupName": "Developers",
                "GroupId": "AGPADEV",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:group/Developers"),
                "GroupPolicyList": [{"PolicyName": "dev-inline", "PolicyDocument": change_password()}],
                "AttachedManagedPolicies": {"PolicyName": "PowerUserAccess", "PolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}
            }
        ],
        "RoleDetailList": [
            {
                "Path": "/service-role/",
                "RoleName": "Lambda",
                "RoleId": "AROALAMBDA",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:role/service-role/Lambda"),
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "InstanceProfileList": [],
                "RolePolicyList": [{"PolicyName": "logs", "PolicyDocument": "%7B%7D"}],
                "AttachedManagedPolicies": [],
                "RoleLastUsed": {}
            }
        ],
        "Policies": [
            {
                "PolicyName": "SelfManage",
                "PolicyId": "ANPASELF",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:policy/SelfManage"),
                "Path": "/",
                "DefaultVersionId": "v3",
                "AttachmentCount": 1,
                "PermissionsBoundaryUsageCount": 0,
                "IsAttachable": true,
                "PolicyVersionList": [
                    {"Document": {"Version": "2012-10-17", "Statement": "broken, but not in force"},
                     "VersionId": "v2", "IsDefaultVersion": false},
                    {"Document": self_manage(), "VersionId": "v3", "IsDefaultVersion": true}
                ]
            },
            {
                "PolicyName": "Boundary",
                "PolicyId": "ANPABOUND",
                "Arn": format!("arn:aws:iam::{ACCOUNT}:policy/Boundary"),
                "Path": "/",
                "DefaultVersionId": "v1",
                "AttachmentCount": 0,
                "PermissionsBoundaryUsageCount": 1,
                "IsAttachable": true,
                "PolicyVersionList": [
                    {"Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}},
                     "VersionId": "v1", "IsDefaultVersion": true}
                ]
            },
            {
                "PolicyName": "IAMUserChangePassword",
                "Arn": "arn:aws:iam::aws:policy/IAMUserChangePassword",
                "Path": "/",
                "DefaultVersionId": "v2",
                "PolicyVersionList": [{"Document": change_password(), "VersionId": "v2", "IsDefaultVersion": true}]
            }
        ]
    })
}

fn parse_value(value: &Value) -> Result<AccountDump, DumpError> {
    parse(&serde_json::to_string_pretty(value).unwrap())
}

fn error_of(value: &Value) -> String {
    parse_value(value).expect_err("must be refused").to_string()
}

/// Replaces the value at a `/`-separated JSON pointer.
fn with(mut value: Value, pointer: &str, replacement: Value) -> Value {
    *value.pointer_mut(pointer).expect("pointer exists") = replacement;
    value
}

fn labels(set: &UserSet<'_>) -> Vec<String> {
    set.identity.iter().map(|p| p.label.clone()).collect()
}

#[test]
fn users_groups_roles_and_policies_are_read() {
    let dump = parse_value(&cli_dump()).expect("valid dump");
    assert_eq!(dump.account.as_deref(), Some(ACCOUNT));
    assert_eq!(dump.partition, "aws");
    assert!(dump.is_complete());
    assert_eq!(dump.users.len(), 2);
    assert_eq!(dump.groups.len(), 2);
    assert_eq!(dump.roles.len(), 1);
    assert_eq!(dump.roles[0].inline_policy_names, ["logs"]);
    let alice = dump.user("alice").expect("alice");
    assert_eq!(alice.path, "/engineering/platform/");
    assert_eq!(alice.id, "AIDAALICE");
    assert_eq!(
        alice.tags,
        [
            ("team".to_owned(), "blue".to_owned()),
            ("cost-center".to_owned(), "42".to_owned())
        ]
    );
    assert_eq!(alice.groups, ["SelfService", "Developers"]);
    assert_eq!(
        alice.boundary.as_deref(),
        Some("arn:aws:iam::123456789012:policy/Boundary")
    );
    assert_eq!(alice.inline[0].document.statements.len(), 2);
}

#[test]
fn a_user_set_lists_every_source_with_its_label() {
    let dump = parse_value(&cli_dump()).expect("valid dump");
    let set = dump.user_set(dump.user("alice").unwrap());
    assert_eq!(
        labels(&set),
        [
            "user inline alice-extra",
            "user managed arn:aws:iam::aws:policy/IAMUserChangePassword@v2",
            "group SelfService / managed arn:aws:iam::123456789012:policy/SelfManage@v3",
            "group Developers / inline dev-inline",
            "group Developers / managed arn:aws:iam::aws:policy/PowerUserAccess",
        ]
    );
    let boundary = set.boundary.as_ref().expect("a boundary");
    assert_eq!(
        boundary.label,
        "boundary arn:aws:iam::123456789012:policy/Boundary@v1"
    );
    assert!(!boundary.is_unknown());
    // PowerUserAccess is attached but the dump does not list it: unknown, never empty.
    let unknown: Vec<&str> = set.unknown().map(|p| p.label.as_str()).collect();
    assert_eq!(
        unknown,
        ["group Developers / managed arn:aws:iam::aws:policy/PowerUserAccess"]
    );
    let reason = set
        .unknown()
        .next()
        .unwrap()
        .unknown_reason
        .as_deref()
        .unwrap();
    assert!(reason.contains("AWS managed policy"), "{reason}");
}

#[test]
fn only_the_default_version_is_in_force() {
    let dump = parse_value(&cli_dump()).expect("the broken v2 is not in force");
    let policy = dump
        .policy("arn:aws:iam::123456789012:policy/SelfManage")
        .unwrap();
    assert_eq!(policy.default_version.as_deref(), Some("v3"));
    assert_eq!(policy.document.as_ref().unwrap().statements.len(), 2);
}

#[test]
fn default_version_id_decides_when_no_version_is_marked() {
    let dump = with(
        cli_dump(),
        "/Policies/0/PolicyVersionList",
        json!([
            {"Document": change_password(), "VersionId": "v2"},
            {"Document": self_manage(), "VersionId": "v3"}
        ]),
    );
    let dump = parse_value(&dump).unwrap();
    let policy = &dump.policies[0];
    assert_eq!(
        policy.document.as_ref().unwrap().statements[0]
            .sid
            .as_deref(),
        Some("OwnKeys")
    );
}

#[test]
fn a_policy_without_a_default_version_is_unknown() {
    let dump = with(cli_dump(), "/Policies/0/PolicyVersionList", json!([]));
    let dump = parse_value(&dump).unwrap();
    let set = dump.user_set(dump.user("alice").unwrap());
    let unknown: Vec<&str> = set.unknown().map(|p| p.label.as_str()).collect();
    assert!(
        unknown
            .contains(&"group SelfService / managed arn:aws:iam::123456789012:policy/SelfManage"),
        "{unknown:?}"
    );
}

#[test]
fn two_default_versions_are_refused() {
    let dump = with(
        cli_dump(),
        "/Policies/0/PolicyVersionList/0/IsDefaultVersion",
        json!(true),
    );
    let message = error_of(&dump);
    assert!(
        message.contains("Policies[0].PolicyVersionList: 2 versions are marked"),
        "{message}"
    );
}

#[test]
fn percent_encoded_documents_are_decoded_and_plus_stays_plus() {
    let document = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "iam:GetUser", "Resource": "arn:aws:iam::*:user/a+b=c,d.e@f-g"}]});
    let encoded = encode(&document.to_string());
    assert!(encoded.contains("%2B"), "{encoded}");
    let dump = with(
        cli_dump(),
        "/UserDetailList/0/UserPolicyList/0/PolicyDocument",
        Value::String(encoded),
    );
    let dump = with(
        dump,
        "/Policies/0/PolicyVersionList/1/Document",
        Value::String(encode(&self_manage().to_string())),
    );
    let parsed = parse_value(&dump).unwrap();
    let alice = parsed.user("alice").unwrap();
    assert_eq!(
        alice.inline[0].document.statements[0].resource.values,
        ["arn:aws:iam::*:user/a+b=c,d.e@f-g"]
    );
    // A literal `+` in encoded text is a plus, not a space.
    let plus = with(
        cli_dump(),
        "/UserDetailList/0/UserPolicyList/0/PolicyDocument",
        Value::String(
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3AGetUser%22%2C%22Resource%22%3A%22arn%3Aaws%3Aiam%3A%3A%2A%3Auser%2Fa+b%22%7D%7D".to_owned(),
        ),
    );
    let parsed = parse_value(&plus).unwrap();
    assert_eq!(
        parsed.users[0].inline[0].document.statements[0]
            .resource
            .values,
        ["arn:aws:iam::*:user/a+b"]
    );
}

#[test]
fn a_document_given_as_json_text_is_read_as_is() {
    let dump = with(
        cli_dump(),
        "/UserDetailList/0/UserPolicyList/0/PolicyDocument",
        Value::String(
            r#" {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/100%"}}"#
                .to_owned(),
        ),
    );
    let parsed = parse_value(&dump).unwrap();
    assert_eq!(
        parsed.users[0].inline[0].document.statements[0]
            .resource
            .values,
        ["arn:aws:s3:::b/100%"]
    );
}

#[test]
fn statement_object_and_scalar_action_resource_are_accepted() {
    let dump = parse_value(&cli_dump()).unwrap();
    let boundary = dump
        .policy("arn:aws:iam::123456789012:policy/Boundary")
        .unwrap();
    let statement = &boundary.document.as_ref().unwrap().statements[0];
    assert_eq!(statement.action.values, ["*"]);
    assert_eq!(statement.resource.values, ["*"]);
}

#[test]
fn attached_managed_policies_as_an_object_is_a_list_of_one() {
    let dump = parse_value(&cli_dump()).unwrap();
    let developers = dump.group("Developers").unwrap();
    assert_eq!(developers.attached.len(), 1);
    assert_eq!(developers.attached[0].name, "PowerUserAccess");
}

#[test]
fn nulls_read_as_absent_and_unknown_keys_are_ignored() {
    let mut dump = cli_dump();
    let bob = dump.pointer_mut("/UserDetailList/1").unwrap();
    bob["Tags"] = Value::Null;
    bob["GroupList"] = Value::Null;
    bob["PermissionsBoundary"] = Value::Null;
    bob["PasswordLastUsed"] = json!("2024-01-01T00:00:00Z");
    dump["ResponseMetadata"] = json!({"RequestId": "x", "HTTPStatusCode": 200});
    let parsed = parse_value(&dump).unwrap();
    let bob = parsed.user("bob").unwrap();
    assert!(bob.tags.is_empty() && bob.groups.is_empty() && bob.boundary.is_none());
}

#[test]
fn a_missing_path_is_read_from_the_arn() {
    let mut dump = cli_dump();
    dump["UserDetailList"][0]
        .as_object_mut()
        .unwrap()
        .remove("Path");
    let parsed = parse_value(&dump).unwrap();
    assert_eq!(parsed.users[0].path, "/engineering/platform/");
    assert_eq!(parsed.users[1].path, "/");
}

#[test]
fn user_lookup_ignores_case() {
    let dump = parse_value(&cli_dump()).unwrap();
    assert_eq!(dump.user("ALICE").map(|u| u.name.as_str()), Some("alice"));
    assert!(dump.user("carol").is_none());
}

#[test]
fn a_filtered_dump_makes_groups_and_policies_unknown() {
    let mut dump = cli_dump();
    let object = dump.as_object_mut().unwrap();
    object.remove("GroupDetailList");
    object.remove("Policies");
    let parsed = parse_value(&dump).unwrap();
    assert!(!parsed.lists_groups && !parsed.lists_policies);
    let set = parsed.user_set(parsed.user("alice").unwrap());
    let unknown: Vec<&str> = set.unknown().map(|p| p.label.as_str()).collect();
    assert_eq!(
        unknown,
        [
            "user managed arn:aws:iam::aws:policy/IAMUserChangePassword",
            "group SelfService",
            "group Developers",
            "boundary arn:aws:iam::123456789012:policy/Boundary",
        ]
    );
    for policy in set.unknown() {
        assert!(
            policy
                .unknown_reason
                .as_deref()
                .unwrap()
                .contains("--filter")
        );
    }
}

#[test]
fn a_truncated_dump_says_so_and_tolerates_absent_groups() {
    let mut dump = cli_dump();
    dump["IsTruncated"] = json!(true);
    dump["Marker"] = json!("next-page");
    dump["GroupDetailList"].as_array_mut().unwrap().pop();
    let parsed = parse_value(&dump).unwrap();
    assert!(!parsed.is_complete());
    assert_eq!(parsed.marker.as_deref(), Some("next-page"));
    let set = parsed.user_set(parsed.user("alice").unwrap());
    let group = set.unknown().next().unwrap();
    assert_eq!(group.label, "group Developers");
    assert!(
        group
            .unknown_reason
            .as_deref()
            .unwrap()
            .contains("truncated")
    );
}

#[test]
fn a_group_absent_from_a_complete_dump_is_refused() {
    let mut dump = cli_dump();
    dump["GroupDetailList"].as_array_mut().unwrap().pop();
    assert_eq!(
        error_of(&dump),
        "invalid account dump: UserDetailList[0].GroupList[1]: user \"alice\" is in group \"Developers\", which is not in GroupDetailList"
    );
}

#[test]
fn duplicate_user_names_are_refused_regardless_of_case() {
    let dump = with(cli_dump(), "/UserDetailList/1/UserName", json!("Alice"));
    let dump = with(
        dump,
        "/UserDetailList/1/Arn",
        json!("arn:aws:iam::123456789012:user/Alice"),
    );
    let message = error_of(&dump);
    assert!(
        message.contains(
            "UserDetailList[1]: user name \"Alice\" appears twice (also UserDetailList[0])"
        ),
        "{message}"
    );
}

#[test]
fn a_document_that_does_not_parse_is_named_by_its_json_path() {
    let broken = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser"}]});
    let dump = with(
        cli_dump(),
        "/UserDetailList/0/UserPolicyList/0/PolicyDocument",
        broken.clone(),
    );
    let message = error_of(&dump);
    assert!(
        message.starts_with(
            "invalid account dump: UserDetailList[0].UserPolicyList[0].PolicyDocument: not a valid IAM policy: statement #1: missing \"Resource\""
        ),
        "{message}"
    );
    assert!(message.contains("(line "), "{message}");

    let dump = with(
        cli_dump(),
        "/Policies/0/PolicyVersionList/1/Document",
        Value::String(encode(&broken.to_string())),
    );
    let message = error_of(&dump);
    assert!(
        message.contains("Policies[0].PolicyVersionList[1].Document: not a valid IAM policy"),
        "{message}"
    );

    let dump = with(
        cli_dump(),
        "/GroupDetailList/1/GroupPolicyList/0/PolicyDocument",
        json!("%7B%22Version%22"),
    );
    let message = error_of(&dump);
    assert!(
        message.contains(
            "GroupDetailList[1].GroupPolicyList[0].PolicyDocument: the decoded document is not JSON"
        ),
        "{message}"
    );

    let dump = with(
        cli_dump(),
        "/GroupDetailList/1/GroupPolicyList/0/PolicyDocument",
        json!("%7B%2"),
    );
    let message = error_of(&dump);
    assert!(
        message.contains("invalid percent-encoding at offset 3"),
        "{message}"
    );

    let dump = with(
        cli_dump(),
        "/GroupDetailList/1/GroupPolicyList/0/PolicyDocument",
        json!(["not", "a", "document"]),
    );
    let message = error_of(&dump);
    assert!(
        message.contains(
            "GroupDetailList[1].GroupPolicyList[0].PolicyDocument: invalid type: sequence"
        ),
        "{message}"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_named_by_its_json_path() {
    let dump = with(cli_dump(), "/UserDetailList/1/GroupList", json!(["ok", 5]));
    let message = error_of(&dump);
    assert!(
        message.starts_with(
            "invalid account dump: UserDetailList[1].GroupList[1]: invalid type: integer `5`, expected a string (line "
        ),
        "{message}"
    );
    let dump = with(cli_dump(), "/UserDetailList/0", json!("alice"));
    let message = error_of(&dump);
    assert!(
        message
            .contains("UserDetailList[0]: invalid type: string \"alice\", expected a user object"),
        "{message}"
    );
    let dump = with(cli_dump(), "/UserDetailList", json!({"UserName": "alice"}));
    let message = error_of(&dump);
    assert!(
        message.contains("UserDetailList: invalid type: map, expected an array"),
        "{message}"
    );
}

#[test]
fn missing_required_fields_are_named() {
    let mut dump = cli_dump();
    dump["UserDetailList"][1]
        .as_object_mut()
        .unwrap()
        .remove("UserName");
    assert!(
        error_of(&dump).contains("UserDetailList[1]: missing \"UserName\""),
        "{}",
        error_of(&dump)
    );
    let mut dump = cli_dump();
    dump["GroupDetailList"][1]["AttachedManagedPolicies"]
        .as_object_mut()
        .unwrap()
        .remove("PolicyArn");
    let message = error_of(&dump);
    assert!(
        message.contains("GroupDetailList[1].AttachedManagedPolicies: missing \"PolicyArn\""),
        "{message}"
    );
}

#[test]
fn a_key_given_twice_is_refused() {
    let text = serde_json::to_string(&cli_dump()).unwrap();
    let doubled = text.replacen(
        "\"UserName\":\"bob\"",
        "\"UserName\":\"bob\",\"UserName\":\"carol\"",
        1,
    );
    assert_ne!(text, doubled);
    let message = parse(&doubled).unwrap_err().to_string();
    assert!(
        message.contains("UserDetailList[1].UserName: appears twice in the same object"),
        "{message}"
    );
}

#[test]
fn arns_must_agree_with_names_and_name_one_account() {
    let dump = with(
        cli_dump(),
        "/UserDetailList/1/Arn",
        json!("arn:aws:iam::210987654321:user/bob"),
    );
    let message = error_of(&dump);
    assert!(message.contains("UserDetailList[1].Arn: \"arn:aws:iam::210987654321:user/bob\" is in account 210987654321"), "{message}");
    let dump = with(
        cli_dump(),
        "/UserDetailList/1/Arn",
        json!("arn:aws:iam::123456789012:user/robert"),
    );
    assert!(error_of(&dump).contains("does not end in \"user/bob\""));
    let dump = with(cli_dump(), "/UserDetailList/1/Arn", json!("bob"));
    assert!(error_of(&dump).contains("is not an IAM user ARN"));
}

#[test]
fn other_partitions_are_kept() {
    let text = serde_json::to_string(&cli_dump()).unwrap().replace(
        "arn:aws:iam::123456789012:",
        "arn:aws-us-gov:iam::123456789012:",
    );
    let dump = parse(&text).unwrap();
    assert_eq!(dump.partition, "aws-us-gov");
}

#[test]
fn files_that_are_not_dumps_say_what_they_look_like() {
    let cases = [
        (self_manage().to_string(), "it is a policy document"),
        (r#"{"Records": []}"#.to_owned(), "it is a CloudTrail log"),
        (r#"{"Users": []}"#.to_owned(), "aws iam list-users"),
        ("[1, 2]".to_owned(), "the file is a JSON array"),
        ("\"text\"".to_owned(), "a single JSON value"),
        ("{}".to_owned(), "it has none of \"UserDetailList\""),
        ("  \n".to_owned(), "the file is empty"),
    ];
    for (text, expected) in cases {
        let error = parse(&text).expect_err(&text);
        assert!(matches!(error, DumpError::NotADump(_)), "{text}: {error:?}");
        let message = error.to_string();
        assert!(message.contains(expected), "{text}: {message}");
        assert!(
            message.starts_with(
                "not an account dump (the output of `aws iam get-account-authorization-details`)"
            ),
            "{message}"
        );
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    let error = parse("{\n  \"UserDetailList\": [\n}").unwrap_err();
    assert!(
        matches!(error, DumpError::Json { line: 3, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("invalid JSON at line 3, column 1: "),
        "{error}"
    );
    let error = parse("[1, 2").unwrap_err();
    assert!(matches!(error, DumpError::Json { .. }), "{error:?}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "{{\"UserDetailList\":[{{\"UserName\":\"a\",\"Arn\":\"arn:aws:iam::123456789012:user/a\",\"UserPolicyList\":[{{\"PolicyName\":\"p\",\"PolicyDocument\":{}1{}}}]}}]}}",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    let error = parse(&deep).unwrap_err();
    assert!(error.to_string().contains("recursion limit"), "{error}");
}

#[test]
fn every_error_is_one_line() {
    let broken = with(
        cli_dump(),
        "/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0/Sid",
        json!("bad\nsid"),
    );
    let message = error_of(&broken);
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn roles_are_read_but_their_documents_are_not() {
    // The trust policy has a Principal and the inline document is `{}`: neither is an identity
    // policy, and neither is refused.
    let dump = parse_value(&cli_dump()).unwrap();
    assert_eq!(dump.roles[0].path, "/service-role/");
}

#[test]
fn an_empty_dump_has_no_account() {
    let dump = parse(r#"{"UserDetailList": [], "Policies": []}"#).unwrap();
    assert!(dump.users.is_empty());
    assert_eq!(dump.account, None);
    let dump = parse(
        r#"{"Policies": [{"Arn": "arn:aws:iam::123456789012:policy/P", "PolicyVersionList": []}]}"#,
    )
    .unwrap();
    assert_eq!(dump.account.as_deref(), Some(ACCOUNT));
}
