//! `iamself-tui audit DUMP`: every format, the exit codes, `--user`, `--scp`, standard input and
//! bad dumps.

use std::fs;
use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use super::support::*;

const QUIRKS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fuzz_inputs/account_dump/every-quirk-decoded-and-encoded.json"
);
const TRUNCATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fuzz_inputs/account_dump/truncated-page-filtered.json"
);

fn json_of(args: &[&str]) -> (Option<i32>, Value) {
    let output = run(args);
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}", stdout_of(&output));
    });
    (output.status.code(), value)
}

#[test]
fn json_lists_every_user_once_with_verdicts_and_unknowns() {
    let (code, report) = json_of(&["audit", QUIRKS, "--format", "json"]);
    assert_eq!(report["account"], "123456789012");
    assert_eq!(report["complete"], true);
    let users = report["users"].as_array().unwrap();
    let names: Vec<&str> = users.iter().map(|u| u["user"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob"]);
    let alice = &users[0];
    assert_eq!(
        alice["arn"],
        "arn:aws:iam::123456789012:user/engineering/platform/alice"
    );
    // PowerUserAccess is attached to Developers but absent from the dump: unknown.
    assert_eq!(
        alice["unknown_policies"],
        serde_json::json!(["arn:aws:iam::aws:policy/PowerUserAccess"])
    );
    for key in [
        "mfa_enforced_console",
        "mfa_enforced_keys",
        "bootstrap_reachable",
        "keys_can_enrol_mfa",
        "mfa_removable_without_mfa",
        "first_sign_in_password_change",
        "other_users_reachable",
        "escalation",
    ] {
        let answer = alice[key].as_str().unwrap();
        assert!(
            ["yes", "no", "unknown"].contains(&answer),
            "{key}: {answer}"
        );
    }
    assert!(
        alice["policies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "boundary arn:aws:iam::123456789012:policy/Boundary@v1")
    );
    let has_errors = users.iter().any(|u| {
        u["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error")
    });
    assert_eq!(code, Some(if has_errors { 1 } else { 0 }));
}

#[test]
fn every_format_renders_and_the_exit_code_follows_errors() {
    let dir = tempfile::tempdir().unwrap();
    let loose = temp_file(
        dir.path(),
        "loose.json",
        r#"{"UserDetailList": [{"UserName": "erin", "Arn": "arn:aws:iam::123456789012:user/erin",
            "UserPolicyList": [{"PolicyName": "all", "PolicyDocument": {"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]}"#,
    );
    let loose = path_str(&loose);
    for format in ["text", "json", "markdown", "sarif"] {
        let output = run(&["audit", loose, "--format", format]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr_of(&output)
        );
        let out = stdout_of(&output);
        assert!(out.contains("privilege-escalation"), "{format}: {out}");
        assert!(out.contains("erin"), "{format}");
    }
    let text = stdout_of(&run(&["audit", loose]));
    assert!(text.contains("in: user inline all, statement #1"), "{text}");
    let sarif: Value =
        serde_json::from_slice(&run(&["audit", loose, "--format", "sarif"]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "privilege-escalation" && r["level"] == "error")
    );
}

#[test]
fn a_user_without_errors_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = temp_file(
        dir.path(),
        "quiet.json",
        r#"{"UserDetailList": [{"UserName": "ivan", "Arn": "arn:aws:iam::123456789012:user/ivan"}]}"#,
    );
    let output = run(&["audit", path_str(&quiet)]);
    assert_success(&output);
}

#[test]
fn users_are_picked_by_name_and_an_unknown_name_is_bad_input() {
    let (_, report) = json_of(&["audit", QUIRKS, "--format", "json", "--user", "BOB"]);
    let users = report["users"].as_array().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["user"], "bob");
    let line = assert_bad_input(&run(&["audit", QUIRKS, "--user", "mallory"]));
    assert!(
        line.contains("no user \"mallory\" in the dump (2 users)"),
        "{line}"
    );
}

#[test]
fn scp_levels_take_part() {
    let dir = tempfile::tempdir().unwrap();
    let deny_keys = temp_file(
        dir.path(),
        "DenyKeys.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "NoKeys", "Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]}"#,
    );
    let (_, report) = json_of(&[
        "audit",
        QUIRKS,
        "--format",
        "json",
        "--scp",
        path_str(&deny_keys),
    ]);
    assert_eq!(
        report["scp_levels"],
        serde_json::json!([["SCP level 1 DenyKeys"]])
    );
    let alice = &report["users"][0];
    assert_eq!(alice["self_manageable_with_mfa"]["access-keys"], "no");
}

#[test]
fn a_truncated_dump_is_reported_incomplete_everywhere() {
    let (_, report) = json_of(&["audit", TRUNCATED, "--format", "json"]);
    assert_eq!(report["complete"], false);
    for format in ["text", "markdown"] {
        let out = stdout_of(&run(&["audit", TRUNCATED, "--format", format]));
        assert!(out.contains("INCOMPLETE"), "{format}: {out}");
    }
    let sarif: Value =
        serde_json::from_slice(&run(&["audit", TRUNCATED, "--format", "sarif"]).stdout).unwrap();
    assert_eq!(sarif["runs"][0]["properties"]["complete"], false);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let mut child = iamself()
        .args(["audit", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&fs::read(QUIRKS).unwrap())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["users"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_dumps_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = d.join("big.json");
    fs::File::create(&big)
        .unwrap()
        .set_len(600 * 1024 * 1024)
        .unwrap();
    // A dump may be far larger than a policy's 1 MiB: 2 MiB of valid dump is read.
    let mut large = String::from("{\"UserDetailList\": [");
    for i in 0..20_000 {
        if i > 0 {
            large.push(',');
        }
        large.push_str(&format!(
            "{{\"UserName\": \"u{i}\", \"Arn\": \"arn:aws:iam::123456789012:user/u{i}\"}}"
        ));
    }
    large.push_str("]}");
    assert!(large.len() > 1024 * 1024);
    let large = temp_file(d, "large.json", &large);
    let output = run(&[
        "audit",
        path_str(&large),
        "--format",
        "json",
        "--user",
        "u19999",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));

    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (d.join("missing.json"), "no such file"),
        (
            temp_file(d, "latin1.json", b"{\"a\": \"caf\xe9\"}"),
            "not UTF-8",
        ),
        (
            temp_file(d, "elf.bin", [0x7f, b'E', b'L', b'F', 2, 1, 1, 0]),
            "binary",
        ),
        (big, "larger than 512 MiB and cannot be an account dump"),
        (
            temp_file(
                d,
                "policy.json",
                r#"{"Version": "2012-10-17", "Statement": []}"#,
            ),
            "it is a policy document",
        ),
        (temp_file(d, "array.json", "[]"), "the file is a JSON array"),
        (
            temp_file(d, "trail.json", r#"{"Records": []}"#),
            "CloudTrail log",
        ),
        (
            temp_file(d, "broken.json", "{\"UserDetailList\": [\n"),
            "invalid JSON at line 2",
        ),
        (
            temp_file(
                d,
                "bad-document.json",
                r#"{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::123456789012:user/a",
                    "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D"}]}]}"#,
            ),
            "UserDetailList[0].UserPolicyList[0].PolicyDocument: not a valid IAM policy",
        ),
        (
            temp_file(
                d,
                "missing-group.json",
                r#"{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::123456789012:user/a", "GroupList": ["Gone"]}],
                    "GroupDetailList": []}"#,
            ),
            "UserDetailList[0].GroupList[0]: user \"a\" is in group \"Gone\", which is not in GroupDetailList",
        ),
        (
            temp_file(
                d,
                "twice.json",
                r#"{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::123456789012:user/a"},
                    {"UserName": "A", "Arn": "arn:aws:iam::123456789012:user/A"}]}"#,
            ),
            "appears twice",
        ),
    ];
    for (path, expected) in &cases {
        let line = assert_bad_input(&run(&["audit", path_str(path)]));
        assert!(line.contains(expected), "{}: {line}", path.display());
    }
}

#[test]
fn simulate_picks_each_line_s_user_in_the_dump() {
    let dir = tempfile::tempdir().unwrap();
    let requests = temp_file(
        dir.path(),
        "requests.jsonl",
        concat!(
            r#"{"action":"iam:ChangePassword","resource":"arn:aws:iam::123456789012:user/bob","username":"bob","mfa":true}"#,
            "\n\n",
            r#"{"action":"iam:GetUser","resource":"arn:aws:iam::123456789012:user/engineering/platform/alice","username":"alice","mfa":false}"#,
            "\n",
        ),
    );
    let output = run(&[
        "simulate",
        "--authorization-details",
        QUIRKS,
        "--requests",
        path_str(&requests),
    ]);
    let out = assert_success(&output);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    // bob has only PowerUserAccess, which the dump leaves out: unknown, not denied.
    assert_eq!(lines[0]["decision"], "unknown");
    // alice's boundary allows no iam: action.
    assert_eq!(lines[1]["decision"], "implicitDeny");

    let stranger = temp_file(
        dir.path(),
        "stranger.jsonl",
        concat!(
            r#"{"action":"iam:GetUser","resource":"*","username":"bob"}"#,
            "\n\n",
            r#"{"action":"iam:GetUser","resource":"*","username":"zed"}"#,
            "\n"
        ),
    );
    let line = assert_bad_input(&run(&[
        "simulate",
        "--authorization-details",
        QUIRKS,
        "--requests",
        path_str(&stranger),
    ]));
    assert!(
        line.contains("line 3: user \"zed\" is not in the dump"),
        "{line}"
    );
}

#[test]
fn explain_shows_one_user_s_whole_set() {
    let output = run(&[
        "explain",
        "--authorization-details",
        QUIRKS,
        "--user",
        "alice",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&assert_success(&output).into_bytes()).unwrap();
    assert_eq!(report["complete"], true);
    assert_eq!(report["principal"]["username"], "alice");
    let set = report["set"].as_array().unwrap();
    assert!(set.iter().any(|p| p["name"] == "user inline alice-extra"));
    assert!(set.iter().any(|p| p["role"] == "boundary"));
    let text = assert_success(&run(&[
        "explain",
        "--authorization-details",
        QUIRKS,
        "--user",
        "alice",
    ]));
    assert!(text.contains("Set of 6 policies"), "{text}");
    assert!(text.contains("Audit findings"), "{text}");
    let line = assert_bad_input(&run(&[
        "explain",
        "--authorization-details",
        QUIRKS,
        "--user",
        "zed",
    ]));
    assert!(line.contains("no user \"zed\""), "{line}");
}
