//! `lint`: exit 1 on errors, findings as text and JSON, malformed JSON as bad input.

use serde_json::Value;

use super::support::*;

#[test]
fn lint_generated_policy_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let output = run(&["lint", path_str(&policy)]);
    let stdout = assert_success(&output);
    assert!(stdout.contains("0 errors"), "{stdout}");
    let output = run(&[
        "lint",
        path_str(&policy),
        "--format",
        "json",
        "--attach",
        "role",
    ]);
    let report: Value = serde_json::from_str(&assert_success(&output)).unwrap();
    assert_eq!(report["errors"], 0);
    assert!(report["findings"].is_array());
}

#[test]
fn lint_errors_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let policy = temp_file(
        dir.path(),
        "bad.json",
        r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Escalate",
            "Effect": "Allow",
            "Action": ["iam:AttachUserPolicy", "iam:NoSuchAction"],
            "Resource": "*"
        }
    ]
}
"#,
    );
    let output = run(&["lint", path_str(&policy)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains(&format!("{}:", path_str(&policy))),
        "{stdout}"
    );
    assert!(stdout.contains("error["), "{stdout}");

    let output = run(&["lint", path_str(&policy), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["severity"] == "error"));
    for finding in findings {
        for key in ["id", "severity", "statement", "line", "message", "fix"] {
            assert!(finding.get(key).is_some(), "{key} in {finding}");
        }
    }
}

#[test]
fn lint_grammar_problems_are_findings_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let policy = temp_file(dir.path(), "nopolicy.json", "{\"name\": \"x\"}");
    let output = run(&["lint", path_str(&policy)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(!stderr_of(&output).contains("panicked"));
}

#[test]
fn lint_malformed_json_is_bad_input_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let policy = temp_file(
        dir.path(),
        "broken.json",
        "{\n  \"Version\": \"2012-10-17\",,\n}",
    );
    let line = assert_bad_input(&run(&["lint", path_str(&policy)]));
    assert!(line.contains("line 2, column"), "{line}");
    assert!(line.contains("broken.json"), "{line}");
}
