//! `explain`: text, JSON and Markdown, and other principals.

use serde_json::Value;

use super::support::*;

fn explain_json(args: &[&str]) -> Value {
    let stdout = assert_success(&run(args));
    serde_json::from_str(&stdout).expect("explain --format json prints JSON")
}

fn row<'a>(report: &'a Value, action: &str) -> &'a Value {
    report["table"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == action)
        .unwrap_or_else(|| panic!("no row for {action}"))
}

#[test]
fn explain_text_shows_table_journey_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let stdout = assert_success(&run(&["explain", path_str(&policy)]));
    for expected in [
        "Principal: user alice in account 123456789012; \"other\" is user bob",
        "Truth table",
        "iam:ChangePassword",
        "[11] DenyAllExceptListedIfNoMFA",
        "Journey (",
        "1. First console sign-in, no MFA yet",
        "Findings (",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    let change = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("iam:ChangePassword "))
        .unwrap();
    let cells: Vec<&str> = change.split_whitespace().collect();
    assert_eq!(cells[1], "allow", "{change}");
    assert_eq!(cells[3], "DENY", "{change}");
    assert_eq!(
        cells.last(),
        Some(&"-"),
        "other user: implicit deny: {change}"
    );
}

#[test]
fn explain_json_has_every_cell_with_its_statements() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let report = explain_json(&["explain", path_str(&policy), "--format", "json"]);
    assert_eq!(report["principal"]["username"], "alice");
    assert_eq!(report["attachment"], "managed");
    let change = row(&report, "iam:ChangePassword");
    assert_eq!(change["cells"]["mfa"]["decision"], "allowed");
    assert_eq!(
        change["cells"]["mfa"]["matched"],
        serde_json::json!(["AllowManageOwnPassword"])
    );
    assert_eq!(change["cells"]["noMfa"]["decision"], "explicitDeny");
    assert_eq!(change["cells"]["otherUser"]["decision"], "implicitDeny");
    assert_eq!(
        change["otherResource"],
        "arn:aws:iam::123456789012:user/bob"
    );
    let token = row(&report, "sts:GetSessionToken");
    assert_eq!(
        token["cells"]["longTermKeys"]["notControlledByPolicy"],
        true
    );
    let journey = report["journey"].as_array().unwrap();
    assert!(!journey.is_empty());
    assert!(
        journey.iter().all(|s| s["asExpected"] == true),
        "recommended has no hole"
    );
    assert!(report["findings"].is_array());
}

#[test]
fn explain_for_another_principal() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let p = path_str(&policy);
    let report = explain_json(&[
        "explain",
        p,
        "--format",
        "json",
        "--username",
        "carol",
        "--account",
        "210987654321",
    ]);
    assert_eq!(report["principal"]["username"], "carol");
    assert_eq!(report["principal"]["account"], "210987654321");
    let change = row(&report, "iam:ChangePassword");
    assert_eq!(
        change["ownResource"],
        "arn:aws:iam::210987654321:user/carol"
    );
    assert_eq!(change["cells"]["mfa"]["decision"], "allowed");
    assert_eq!(
        change["otherResource"],
        "arn:aws:iam::210987654321:user/bob"
    );
    assert_eq!(change["cells"]["otherUser"]["decision"], "implicitDeny");
    let steps = report["journey"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["resource"] == "arn:aws:iam::210987654321:user/carol")
    );

    // Asking as bob makes alice the other user.
    let report = explain_json(&["explain", p, "--format", "json", "--username", "bob"]);
    assert_eq!(report["principal"]["otherUsername"], "alice");
    let change = row(&report, "iam:ChangePassword");
    assert_eq!(
        change["otherResource"],
        "arn:aws:iam::123456789012:user/alice"
    );

    for (args, expected) in [
        (vec!["--account", "*"], "concrete 12-digit account"),
        (vec!["--account", "1234"], "invalid account ID"),
        (vec!["--username", "a b"], "invalid user name"),
        (vec!["--format", "html"], "'html'"),
    ] {
        let mut all = vec!["explain", p];
        all.extend(args);
        let line = assert_bad_input(&run(&all));
        assert!(line.contains(expected), "{line}");
    }
}

#[test]
fn explain_shows_the_aws_example_enrolment_hole() {
    let Some(reference) = iamself_tui::testing::reference_dir() else {
        return;
    };
    let example = reference.join("aws-examples/self-manage-credentials-with-mfa.json");
    let report = explain_json(&["explain", path_str(&example), "--format", "json"]);
    let holes: Vec<&Value> = report["journey"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["asExpected"] == false)
        .collect();
    assert!(
        holes
            .iter()
            .any(|s| s["action"] == "iam:EnableMFADevice" && s["mfa"].is_null()),
        "stolen key enrolling MFA: {holes:?}"
    );
    let text = assert_success(&run(&["explain", path_str(&example)]));
    assert!(text.contains("FAIL"), "{text}");
}

#[test]
fn explain_markdown_is_tables_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let stdout = assert_success(&run(&[
        "explain",
        path_str(&policy),
        "--format",
        "markdown",
    ]));
    assert!(stdout.starts_with("# Policy `"));
    assert!(
        stdout.contains("## Truth table\n\n| Action | Group | MFA | no MFA | keys | other |\n")
    );
    assert!(stdout.contains("| `iam:ChangePassword` | Console password | allowed (AllowManageOwnPassword) | **explicitDeny** (DenyAllExceptListedIfNoMFA) |"));
    assert!(stdout.contains("## Journey"));
    assert!(stdout.contains("## Findings"));
    // Every table row has the same number of cells as its header.
    for block in stdout.split("\n\n").filter(|b| b.starts_with("| ")) {
        let widths: Vec<usize> = block
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{block}");
    }
}

/// Under a service restriction, creating a service-specific credential is asked for a service
/// the policy allows (the condition key exists only on that action), so the table and the
/// journey show it working with MFA and say what was asked.
#[test]
fn explain_asks_credential_creation_for_an_allowed_service() {
    let dir = tempfile::tempdir().unwrap();
    let generated = assert_success(&run(&[
        "generate",
        "--service-credentials",
        "--service-credential-services",
        "cassandra",
    ]));
    let policy = temp_file(dir.path(), "policy.json", generated);
    let report = explain_json(&["explain", path_str(&policy), "--format", "json"]);
    let create = row(&report, "iam:CreateServiceSpecificCredential");
    assert_eq!(create["cells"]["mfa"]["decision"], "allowed", "{create}");
    assert_eq!(
        create["context"]["iam:ServiceSpecificCredentialServiceName"][0],
        "cassandra.amazonaws.com"
    );
    assert_eq!(
        row(&report, "iam:GetUser")["context"],
        serde_json::json!({})
    );
    let stdout = assert_success(&run(&["explain", path_str(&policy)]));
    assert!(
        stdout.contains(
            "iam:CreateServiceSpecificCredential is asked with \
             iam:ServiceSpecificCredentialServiceName = cassandra.amazonaws.com"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
}
