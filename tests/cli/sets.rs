//! The user's whole set on the command line: `--with`, `--boundary`, `--scp`, `managed`, and the
//! force-MFA article's full setup (README "A user's whole set").

use serde_json::Value;

use super::support::*;

/// The article's policy, as AWS documents it (the project's reference copy), in a temporary file.
fn force_mfa_policy(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let reference = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/aws-examples/self-manage-credentials-with-mfa.json"
    );
    let text = std::fs::read_to_string(reference).ok()?;
    Some(temp_file(dir, "force-mfa.json", text))
}

fn cell<'a>(report: &'a Value, action: &str, column: &str) -> &'a Value {
    let row = report["table"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == action)
        .unwrap_or_else(|| panic!("no row for {action}"));
    &row["cells"][column]
}

#[test]
fn the_force_mfa_article_setup_gates_power_user_access_and_deadlocks_the_first_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let Some(policy) = force_mfa_policy(dir.path()) else {
        return;
    };
    let args = [
        "explain",
        path_str(&policy),
        "--with",
        "aws:PowerUserAccess",
        "--with",
        "aws:IAMUserChangePassword",
        "--format",
        "json",
    ];
    let report: Value = serde_json::from_str(&assert_success(&run(&args))).unwrap();
    assert_eq!(report["set"].as_array().unwrap().len(), 3);
    // PowerUserAccess's S3 is granted with MFA, and the article's Deny gates it without.
    let with = cell(&report, "s3:ListAllMyBuckets", "mfa");
    assert_eq!(with["decision"], "allowed");
    assert_eq!(with["matched"][0], "aws:PowerUserAccess / #1");
    let without = cell(&report, "s3:ListAllMyBuckets", "noMfa");
    assert_eq!(without["decision"], "explicitDeny");
    assert!(
        without["matched"][0]
            .as_str()
            .unwrap()
            .ends_with("force-mfa.json / DenyAllExceptListedIfNoMFA")
    );
    // "Must change password at next sign-in" (IAMUserChangePassword) meets the MFA gate:
    // the first sign-in cannot change the temporary password.
    let deadlock: Vec<&Value> = report["journey"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["stage"] == 1 && s["action"] == "iam:ChangePassword")
        .collect();
    assert_eq!(deadlock.len(), 1);
    assert_eq!(deadlock[0]["decision"], "explicitDeny");
    assert_eq!(deadlock[0]["asExpected"], false);
    assert_eq!(deadlock[0]["optional"], false);
}

#[test]
fn the_worked_example_text_is_the_one_in_the_readme() {
    let dir = tempfile::tempdir().unwrap();
    let Some(policy) = force_mfa_policy(dir.path()) else {
        return;
    };
    let output = iamself()
        .current_dir(dir.path())
        .args([
            "explain",
            "force-mfa.json",
            "--with",
            "aws:PowerUserAccess",
            "--with",
            "aws:IAMUserChangePassword",
        ])
        .output()
        .unwrap();
    let stdout = assert_success(&output);
    let _ = policy;
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table_start = stdout.find("  Granted by the other policies").unwrap();
    let table_end = stdout[table_start..].find("\n\n").unwrap() + table_start;
    let granted = &stdout[table_start..table_end];
    assert!(
        readme.contains(granted),
        "README's worked example is out of date; it should show:\n{granted}"
    );
    let first_stage = stdout
        .lines()
        .find(|l| l.contains("must change the temporary password: iam:ChangePassword"))
        .unwrap();
    assert!(readme.contains(first_stage.trim()), "{first_stage}");
}

#[test]
fn simulate_names_the_policy_in_matched_only_with_several() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let requests = temp_file(
        dir.path(),
        "r.jsonl",
        r#"{"action":"s3:ListAllMyBuckets","resource":"*","mfa":true}
{"action":"iam:CreateAccessKey","resource":"arn:aws:iam::123456789012:user/alice","mfa":true}
"#,
    );
    let alone = assert_success(&run(&[
        "simulate",
        "--policy",
        path_str(&policy),
        "--requests",
        path_str(&requests),
    ]));
    assert!(
        alone
            .lines()
            .nth(1)
            .unwrap()
            .contains(r#""matched":["AllowManageOwnAccessKeys"]"#),
        "{alone}"
    );
    let set = assert_success(&run(&[
        "simulate",
        "--policy",
        path_str(&policy),
        "--with",
        "aws:PowerUserAccess",
        "--scp",
        "aws:AdministratorAccess",
        "--requests",
        path_str(&requests),
    ]));
    let lines: Vec<Value> = set
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["decision"], "allowed");
    assert_eq!(lines[0]["matched"][0], "aws:PowerUserAccess / #1");
    assert!(
        lines[1]["matched"][0]
            .as_str()
            .unwrap()
            .ends_with(" / AllowManageOwnAccessKeys")
    );
}

#[test]
fn a_boundary_without_iam_shows_in_explain_and_lint() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let boundary = temp_file(
        dir.path(),
        "boundary.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
    );
    let report: Value = serde_json::from_str(&assert_success(&run(&[
        "explain",
        path_str(&policy),
        "--boundary",
        path_str(&boundary),
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        cell(&report, "iam:CreateAccessKey", "mfa")["noAllow"],
        "no Allow in the permissions boundary"
    );
    let output = run(&["lint", path_str(&policy), "--boundary", path_str(&boundary)]);
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains("error[set-removes-mfa-bootstrap]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning[set-removes-self-service]"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_unknown_aws_name_lists_the_known_ones_and_a_broken_member_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let stderr = assert_bad_input(&run(&[
        "explain",
        path_str(&policy),
        "--with",
        "aws:PowerUser",
    ]));
    assert!(
        stderr.contains(
            "aws:PowerUser is not a bundled AWS managed policy; known: aws:IAMUserChangePassword,"
        ),
        "{stderr}"
    );
    let broken = temp_file(
        dir.path(),
        "broken.json",
        r#"{"Version":"2012-10-17","Statement":"#,
    );
    let stderr = assert_bad_input(&run(&[
        "simulate",
        "--policy",
        path_str(&policy),
        "--scp",
        &format!("aws:AdministratorAccess,{}", path_str(&broken)),
        "--action",
        "iam:GetUser",
        "--resource",
        "*",
    ]));
    assert!(
        stderr.contains("broken.json: not a usable policy for the set: "),
        "{stderr}"
    );
    let stderr = assert_bad_input(&run(&["--with", "aws:PowerUserAccess", "presets"]));
    assert!(stderr.contains("go after the subcommand"), "{stderr}");
}

#[test]
fn managed_lists_the_bundled_policies() {
    let stdout = assert_success(&run(&["managed"]));
    for name in [
        "aws:IAMUserChangePassword",
        "aws:IAMUserSSHKeys",
        "aws:IAMSelfManageServiceSpecificCredentials",
        "aws:IAMReadOnlyAccess",
        "aws:IAMFullAccess",
        "aws:PowerUserAccess",
        "aws:AdministratorAccess",
    ] {
        assert!(stdout.contains(name), "{name}");
    }
}

const CHANGE_PASSWORD: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*"}]}"#;
const WITH_ACCESS_KEYS: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:CreateAccessKey"], "Resource": "*"}]}"#;

fn new_access_count(output: &std::process::Output) -> usize {
    let report: Value = serde_json::from_str(&stdout_of(output)).unwrap();
    report["new_access"].as_array().unwrap().len()
}

#[test]
fn diff_judges_both_policies_inside_the_boundary_and_the_scps() {
    let dir = tempfile::tempdir().unwrap();
    let old = temp_file(dir.path(), "old.json", CHANGE_PASSWORD);
    let new = temp_file(dir.path(), "new.json", WITH_ACCESS_KEYS);
    let cap = temp_file(dir.path(), "cap.json", CHANGE_PASSWORD);
    let alone = run(&["diff", path_str(&old), path_str(&new), "--format", "json"]);
    assert_eq!(alone.status.code(), Some(1), "{}", stderr_of(&alone));
    assert_eq!(new_access_count(&alone), 4);
    // The boundary does not allow CreateAccessKey: NEW gives the user nothing more.
    for flag in ["--boundary", "--scp"] {
        let capped = run(&[
            "diff",
            path_str(&old),
            path_str(&new),
            flag,
            path_str(&cap),
            "--format",
            "json",
        ]);
        assert_eq!(
            capped.status.code(),
            Some(0),
            "{flag}: {}",
            stderr_of(&capped)
        );
        assert_eq!(new_access_count(&capped), 0, "{flag}");
    }
}

#[test]
fn diff_finds_new_access_that_only_another_policy_of_the_set_brings_out() {
    let dir = tempfile::tempdir().unwrap();
    // OLD denies CreateAccessKey; NEW drops the Deny. Alone, neither allows it.
    let old = temp_file(
        dir.path(),
        "old.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]}"#,
    );
    let new = temp_file(dir.path(), "new.json", CHANGE_PASSWORD);
    let extra = temp_file(dir.path(), "extra.json", WITH_ACCESS_KEYS);
    let alone = run(&["diff", path_str(&old), path_str(&new), "--format", "json"]);
    assert_eq!(alone.status.code(), Some(0), "{}", stderr_of(&alone));
    assert_eq!(new_access_count(&alone), 0);
    let with = run(&[
        "diff",
        path_str(&old),
        path_str(&new),
        "--with",
        path_str(&extra),
        "--format",
        "json",
    ]);
    assert_eq!(with.status.code(), Some(1), "{}", stderr_of(&with));
    let report: Value = serde_json::from_str(&stdout_of(&with)).unwrap();
    let first = &report["new_access"][0];
    assert_eq!(first["action"], "iam:CreateAccessKey");
    assert_eq!(first["old"], "explicitDeny");
    assert_eq!(first["new"], "allowed");
    // A set member that cannot be read is bad input, as for the other subcommands.
    let missing = dir.path().join("missing.json");
    assert_bad_input(&run(&[
        "diff",
        path_str(&old),
        path_str(&new),
        "--boundary",
        path_str(&missing),
    ]));
}
