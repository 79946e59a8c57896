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
fn lint_json_that_is_not_a_policy_is_bad_input_with_findings() {
    // README: "JSON that is not a policy" exits 2; the findings still say why.
    let dir = tempfile::tempdir().unwrap();
    let policy = temp_file(dir.path(), "nopolicy.json", "{\"name\": \"x\"}");
    let output = run(&["lint", path_str(&policy)]);
    let line = assert_bad_input(&output);
    assert!(line.contains("not an IAM policy"), "{line}");
    let output = run(&["lint", path_str(&policy), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout_of(&output).contains("unknown-element"));
    // A policy with grammar errors is still a policy: findings, exit 1.
    let effect = temp_file(
        dir.path(),
        "effect.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "iam:GetUser", "Resource": "*"}]}"#,
    );
    assert_eq!(run(&["lint", path_str(&effect)]).status.code(), Some(1));
}

#[test]
fn lint_json_format_reports_malformed_json_with_position_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let policy = temp_file(
        dir.path(),
        "broken.json",
        "{\n  \"Version\": \"2012-10-17\",,\n}",
    );
    for format in ["json", "sarif"] {
        let output = run(&["lint", path_str(&policy), "--format", format]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
        let text = report.to_string();
        assert!(text.contains("invalid-json"), "{format}: {text}");
    }
    let output = run(&["lint", path_str(&policy), "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(report["findings"][0]["line"], 2);
    assert_eq!(report["findings"][0]["column"], 27);
}

#[test]
fn lint_sarif_is_what_code_scanning_reads() {
    let dir = tempfile::tempdir().unwrap();
    let policy = temp_file(
        dir.path(),
        "typo.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjet\", \"Resource\": \"*\"}\n  ]\n}",
    );
    let output = run(&["lint", path_str(&policy), "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["help"]["text"].is_string())
    );
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "unknown-action");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], path_str(&policy));
    assert_eq!(location["region"]["startLine"], 4);
    assert_eq!(location["region"]["startColumn"], 5);
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "unknown-action");
}

#[test]
fn diff_exits_one_on_new_access_with_json_in_simulate_words() {
    let dir = tempfile::tempdir().unwrap();
    let old = temp_file(
        dir.path(),
        "old.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#,
    );
    let new = temp_file(
        dir.path(),
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:CreateAccessKey"], "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#,
    );
    let output = run(&["diff", path_str(&old), path_str(&new), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    let first = &report["new_access"][0];
    assert_eq!(first["action"], "iam:CreateAccessKey");
    assert_eq!(first["old"], "implicitDeny");
    assert_eq!(first["new"], "allowed");
    assert_eq!(first["column"], "mfa");
    assert_eq!(report["lost_access"].as_array().unwrap().len(), 0);
    // The reverse only loses access: exit 0.
    let output = run(&["diff", path_str(&new), path_str(&old)]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout_of(&output).contains("lost-access"));
    // Bad input: exit 2.
    let broken = temp_file(dir.path(), "broken.json", "{");
    assert_bad_input(&run(&["diff", path_str(&old), path_str(&broken)]));
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

/// SARIF regions start at line 1, column 1: an empty or whitespace-only file (where the JSON
/// parser says column 0) is no exception.
#[test]
fn lint_sarif_positions_are_never_below_one() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("empty.json", ""),
        ("blank.json", "   "),
        ("lines.json", "  \n\n"),
    ] {
        let policy = temp_file(dir.path(), name, text);
        let output = run(&["lint", path_str(&policy), "--format", "sarif"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            stderr_of(&output)
        );
        let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
        let results = report["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{name}");
        for result in results {
            let region = &result["locations"][0]["physicalLocation"]["region"];
            assert!(
                region["startLine"].as_u64().unwrap() >= 1,
                "{name}: {region}"
            );
            assert!(
                region["startColumn"].as_u64().unwrap() >= 1,
                "{name}: {region}"
            );
        }
        let output = run(&["lint", path_str(&policy), "--format", "json"]);
        let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
        assert!(
            report["findings"][0]["column"].as_u64().unwrap() >= 1,
            "{name}"
        );
    }
}

/// README's GitHub Actions job joins every policy's SARIF into one run (code scanning's
/// `upload-sarif` refuses several runs of one tool in one category). Runs the README's own
/// `jq` program when `jq` is installed.
#[test]
fn readme_actions_job_uploads_one_sarif_run_for_several_policies() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.trim_start().starts_with("jq -s '"))
        .expect("the README's job joins the SARIF files with jq");
    let program = line.split('\'').nth(1).expect("a quoted jq program");
    assert!(readme.contains("sarif_file: iam-lint.sarif"));
    let dir = tempfile::tempdir().unwrap();
    let policies = [
        (
            "unknown.json",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUserr", "Resource": "*"}]}"#,
        ),
        (
            "paths.json",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#,
        ),
    ];
    let mut sarif_files = Vec::new();
    let mut expected_results = 0;
    for (name, text) in policies {
        let policy = temp_file(dir.path(), name, text);
        let output = run(&["lint", path_str(&policy), "--format", "sarif"]);
        let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
        expected_results += report["runs"][0]["results"].as_array().unwrap().len();
        sarif_files.push(temp_file(
            dir.path(),
            &format!("{name}.sarif"),
            stdout_of(&output),
        ));
    }
    assert!(expected_results >= 2);
    let joined = match std::process::Command::new("jq")
        .arg("-s")
        .arg(program)
        .args(&sarif_files)
        .output()
    {
        Ok(output) if output.status.success() => output,
        _ => return, // no jq here: the program is checked where jq is installed
    };
    let joined: Value = serde_json::from_slice(&joined.stdout).unwrap();
    let runs = joined["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "one run per category");
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), expected_results);
    let rules = runs[0]["tool"]["driver"]["rules"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.iter().any(|u| u.ends_with("unknown.json")), "{uris:?}");
    assert!(uris.iter().any(|u| u.ends_with("paths.json")), "{uris:?}");
}
