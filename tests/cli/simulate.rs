//! `simulate`: requests files, flags, bad lines.

use serde_json::Value;

use super::support::*;

#[test]
fn simulate_requests_file_in_order_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let requests = concat!(
        r#"{"action":"iam:ChangePassword","resource":"arn:aws:iam::123456789012:user/alice","username":"alice","account":"123456789012","mfa":true}"#,
        "\n\n",
        r#"{"action":"iam:ChangePassword","resource":"arn:aws:iam::123456789012:user/alice","mfa":false}"#,
        "\n",
        r#"{"action":"iam:CreateAccessKey","resource":"arn:aws:iam::123456789012:user/bob","mfa":true}"#,
        "\n",
        r#"{"action":"iam:CreateAccessKey","resource":"arn:aws:iam::123456789012:user/bob","username":"bob","mfa":true}"#,
        "\n",
        r#"{"action":"iam:CreateAccessKey","resource":"arn:aws:iam::123456789012:user/carol","username":"carol","account":"210987654321","mfa":true}"#,
        "\n",
        r#"{"action":"iam:ListAccessKeys","resource":"arn:aws:iam::123456789012:user/alice","mfa":null,"context":{"aws:SourceIp":"10.0.0.1","aws:TagKeys":["a","b"],"n":3}}"#,
        "\n",
    );
    let lines = simulate_lines(&policy, requests);
    let decisions: Vec<&str> = lines
        .iter()
        .map(|l| l["decision"].as_str().unwrap())
        .collect();
    assert_eq!(
        decisions,
        [
            "allowed",
            "explicitDeny",
            "implicitDeny",
            "allowed",
            "allowed",
            "explicitDeny"
        ]
    );
    assert_eq!(
        lines[0]["matched"],
        serde_json::json!(["AllowManageOwnPassword"])
    );
    assert_eq!(
        lines[1]["matched"],
        serde_json::json!(["DenyAllExceptListedIfNoMFA"])
    );
    assert_eq!(lines[2]["matched"], serde_json::json!([]));
    assert_eq!(lines[1]["mfa"], Value::Bool(false));
    assert_eq!(lines[5]["mfa"], Value::Null);
    let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["action", "resource", "mfa", "decision", "matched"]);
}

#[test]
fn simulate_from_flags_is_the_cartesian_product() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let p = path_str(&policy);
    let own = "arn:aws:iam::123456789012:user/alice";
    let other = "arn:aws:iam::123456789012:user/bob";
    let stdout = assert_success(&run(&[
        "simulate",
        "--policy",
        p,
        "--action",
        "iam:GetUser",
        "iam:CreateAccessKey",
        "--resource",
        own,
        other,
    ]));
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(String, String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap().to_owned(),
                l["resource"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                l["decision"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("iam:GetUser", "alice", "allowed"),
        ("iam:GetUser", "bob", "implicitDeny"),
        ("iam:CreateAccessKey", "alice", "allowed"),
        ("iam:CreateAccessKey", "bob", "implicitDeny"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(summary, expected);
    assert!(
        lines.iter().all(|l| l["mfa"] == Value::Bool(true)),
        "default --mfa true"
    );

    for (mfa, json) in [("false", Value::Bool(false)), ("absent", Value::Null)] {
        let stdout = assert_success(&run(&[
            "simulate",
            "--policy",
            p,
            "--action",
            "iam:CreateAccessKey",
            "--resource",
            own,
            "--mfa",
            mfa,
        ]));
        let line: Value = serde_json::from_str(stdout.trim()).unwrap();
        assert_eq!(line["mfa"], json);
        assert_eq!(line["decision"], "explicitDeny", "{mfa}");
    }
}

#[test]
fn simulate_bad_requests_print_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let good = r#"{"action":"iam:GetUser","resource":"*"}"#;
    let mut text = String::new();
    for _ in 0..8999 {
        text.push_str(good);
        text.push('\n');
    }
    text.push_str("{\"action\":\"iam:GetUser\"}\n");
    let requests = temp_file(dir.path(), "r.jsonl", &text);
    let line = assert_bad_input(&run(&[
        "simulate",
        "--policy",
        path_str(&policy),
        "--requests",
        path_str(&requests),
    ]));
    assert!(
        line.contains("line 9000: missing field `resource`"),
        "{line}"
    );

    for bad in [
        "not json",
        "{\"action\":\"a:b\",\"resource\":\"*\",\"account\":\"x\"}",
    ] {
        let requests = temp_file(dir.path(), "bad.jsonl", format!("{good}\n{bad}\n"));
        let line = assert_bad_input(&run(&[
            "simulate",
            "--policy",
            path_str(&policy),
            "--requests",
            path_str(&requests),
        ]));
        assert!(line.contains("line 2: "), "{line}");
    }

    let missing = dir.path().join("missing.jsonl");
    let line = assert_bad_input(&run(&[
        "simulate",
        "--policy",
        path_str(&policy),
        "--requests",
        path_str(&missing),
    ]));
    assert!(line.contains("no such file"), "{line}");
}

#[test]
fn simulate_usage_errors() {
    for args in [
        vec!["simulate"],
        vec!["simulate", "--policy", "p.json"],
        vec!["simulate", "--policy", "p.json", "--action", "iam:GetUser"],
        vec!["simulate", "--policy", "p.json", "--resource", "*"],
        vec![
            "simulate",
            "--policy",
            "p.json",
            "--requests",
            "r",
            "--action",
            "a",
            "--resource",
            "*",
        ],
        vec![
            "simulate",
            "--policy",
            "p.json",
            "--action",
            "a",
            "--resource",
            "*",
            "--mfa",
            "yes",
        ],
    ] {
        assert_bad_input(&run(&args));
    }
}

#[test]
fn simulate_reads_requests_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let mut child = iamself()
        .args(["simulate", "--policy", path_str(&policy), "--requests", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"{\"action\":\"iam:GetUser\",\"resource\":\"arn:aws:iam::123456789012:user/alice\",\"mfa\":true}\n")
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stdout = assert_success(&output);
    assert!(stdout.contains("\"decision\":\"allowed\""), "{stdout}");
}

/// Standard input is read in pieces too: many pieces give the file's output, and a bad line at
/// the end still prints nothing but its error.
#[test]
fn simulate_reads_a_large_standard_input_as_it_reads_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let good =
        "{\"action\":\"iam:GetUser\",\"resource\":\"arn:aws:iam::123456789012:user/alice\"}\n"
            .repeat(5000);
    let piped = |text: &str| {
        let mut child = iamself()
            .args(["simulate", "--policy", path_str(&policy), "--requests", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let text = text.to_owned();
        // Written from another thread: the command reads as the pipe fills.
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(text.as_bytes());
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        output
    };
    let requests = temp_file(dir.path(), "r.jsonl", &good);
    let from_file = run(&[
        "simulate",
        "--policy",
        path_str(&policy),
        "--requests",
        path_str(&requests),
    ]);
    let from_stdin = piped(&good);
    assert_eq!(assert_success(&from_stdin), assert_success(&from_file));
    assert_eq!(stdout_of(&from_stdin).lines().count(), 5000);
    let error = assert_bad_input(&piped(&format!("{good}not json\n")));
    assert!(error.contains("line 5001: "), "{error}");
}

/// A requests file is read in pieces, yet reports what reading it whole would: a NUL byte or
/// bytes that are not UTF-8 anywhere come before an earlier bad line, and the line numbers and
/// offsets count from the start of the file.
#[test]
fn simulate_reports_a_bad_file_before_a_bad_line_wherever_they_stand() {
    let dir = tempfile::tempdir().unwrap();
    let policy = recommended_policy_file(dir.path());
    let good = "{\"action\":\"iam:GetUser\",\"resource\":\"*\"}\n".repeat(5000);
    let simulate = |bytes: Vec<u8>| {
        let requests = temp_file(dir.path(), "r.jsonl", bytes);
        assert_bad_input(&run(&[
            "simulate",
            "--policy",
            path_str(&policy),
            "--requests",
            path_str(&requests),
        ]))
    };
    let bad_line = [good.as_bytes(), b"not json\n", good.as_bytes()].concat();
    let line = simulate(bad_line.clone());
    assert!(line.contains("line 5001: "), "{line}");
    let line = simulate([&bad_line[..], b"\xFF\n", good.as_bytes()].concat());
    let offset = bad_line.len();
    assert!(
        line.contains(&format!("invalid byte at offset {offset}")),
        "{line}"
    );
    let line = simulate([&bad_line[..], b"\xFF\n", good.as_bytes(), b"\0"].concat());
    assert!(line.contains("looks like a binary file"), "{line}");
}
