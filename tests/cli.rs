//! The command line end to end (product spec §6 and §9): every subcommand, every bad input that
//! reaches the CLI, and the exit codes 0 / 1 / 2.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

use iamself_tui::policy::catalog::Catalog;
use iamself_tui::policy::choices::{Credential, Preset};
use iamself_tui::policy::document::MAX_POLICY_BYTES;
use iamself_tui::policy::export::{self, Format};
use iamself_tui::policy::generate::generate;

fn iamself() -> Command {
    let mut command = Command::cargo_bin("iamself-tui").expect("binary is built");
    command.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    command
}

fn run(args: &[&str]) -> Output {
    iamself().args(args).output().expect("runs")
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

#[track_caller]
fn assert_success(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        stderr_of(output)
    );
    stdout_of(output)
}

/// Exit 2, nothing on stdout, exactly one line on stderr with the prefix, and no panic.
#[track_caller]
fn assert_bad_input(output: &Output) -> String {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "stdout: {}", stdout_of(output));
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    let line = stderr.trim_end();
    assert!(line.starts_with("iamself-tui: error: "), "{line}");
    line.to_owned()
}

fn temp_file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

fn pretty(choices: &iamself_tui::policy::choices::Choices) -> String {
    export::to_pretty_json(&generate(choices))
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

// ---------------------------------------------------------------- generate

#[test]
fn generate_without_flags_is_the_recommended_policy() {
    let stdout = assert_success(&run(&["generate"]));
    assert_eq!(stdout, pretty(&Preset::Recommended.choices()));
}

#[test]
fn generate_each_preset() {
    for preset in Preset::ALL {
        let stdout = assert_success(&run(&["generate", "--preset", preset.name()]));
        assert_eq!(stdout, pretty(&preset.choices()), "{}", preset.name());
        // The top-level --preset is the default for generate.
        let stdout = assert_success(&run(&["--preset", preset.name(), "generate"]));
        assert_eq!(stdout, pretty(&preset.choices()), "{}", preset.name());
    }
}

#[test]
fn generate_credential_flags_select_exactly_those_types() {
    let stdout = assert_success(&run(&["generate", "--password", "--ssh-keys"]));
    let mut expected = Preset::Recommended.choices();
    expected.set_only(&[Credential::Password, Credential::SshKeys]);
    assert_eq!(stdout, pretty(&expected));
    assert!(!stdout.contains("iam:CreateAccessKey"));

    let stdout = assert_success(&run(&["generate", "--preset", "password-only", "--all"]));
    let mut expected = Preset::PasswordOnly.choices();
    expected.set_only(&Credential::ALL);
    assert_eq!(stdout, pretty(&expected));
}

#[test]
fn generate_scope_and_mfa_flags() {
    let stdout = assert_success(&run(&[
        "generate",
        "--account",
        "123456789012",
        "--partition",
        "aws-us-gov",
        "--no-user-paths",
        "--console-info",
        "--mfa-check",
        "bool",
        "--service-credential-services",
        "codecommit,bedrock",
    ]));
    let policy: Value = serde_json::from_str(&stdout).unwrap();
    let text = policy.to_string();
    assert!(text.contains("arn:aws-us-gov:iam::123456789012:user/${aws:username}"));
    assert!(!text.contains("user/*/${aws:username}"));
    assert!(text.contains("iam:ListAccountAliases"));
    assert!(text.contains("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}"));
    assert!(text.contains("codecommit.amazonaws.com") && text.contains("bedrock.amazonaws.com"));
    assert!(!text.contains("cassandra.amazonaws.com"));

    let stdout = assert_success(&run(&["generate", "--no-enforce-mfa"]));
    assert!(!stdout.contains("DenyAllExceptListedIfNoMFA"));
    let stdout = assert_success(&run(&[
        "generate",
        "--password",
        "--mfa-devices",
        "--password-change-before-mfa",
        "--allow-keys-to-enrol-mfa",
    ]));
    let policy: Value = serde_json::from_str(&stdout).unwrap();
    let deny = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Sid"] == "DenyAllExceptListedIfNoMFA")
        .expect("enforcement stays on");
    assert!(deny["NotAction"].to_string().contains("iam:ChangePassword"));
    assert!(!stdout.contains("LongTermKeys"));
}

#[test]
fn generate_every_format_matches_the_library() {
    let document = generate(&Preset::Recommended.choices());
    for format in Format::ALL {
        let stdout = assert_success(&run(&["generate", "--format", format.name()]));
        assert_eq!(
            stdout,
            export::render(&document, format),
            "{}",
            format.name()
        );
    }
}

#[test]
fn generate_output_file_takes_the_format_from_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let document = generate(&Preset::Recommended.choices());
    for name in [
        "p.json",
        "p.min.json",
        "main.tf",
        "stack.yml",
        "create.sh",
        "p.txt",
    ] {
        let path = dir.path().join(name);
        let output = run(&["generate", "-o", path_str(&path)]);
        assert!(assert_success(&output).is_empty(), "nothing on stdout");
        let format = Format::from_extension(&path).unwrap_or(Format::Json);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            export::render(&document, format)
        );
    }
    // --format wins over the name.
    let path = dir.path().join("x.json");
    assert_success(&run(&[
        "generate",
        "--format",
        "terraform",
        "--output",
        path_str(&path),
    ]));
    assert!(fs::read_to_string(&path).unwrap().starts_with("resource "));
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn generate_output_relative_to_the_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    let output = iamself()
        .current_dir(dir.path())
        .args(["generate", "-o", "policy.json"])
        .output()
        .unwrap();
    assert_success(&output);
    assert!(dir.path().join("policy.json").is_file());
}

#[test]
fn generate_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(dir.path(), "policy.json", "keep me");
    let line = assert_bad_input(&run(&["generate", "-o", path_str(&path)]));
    assert!(
        line.contains("already exists") && line.contains("--force"),
        "{line}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");

    assert_success(&run(&["generate", "-o", path_str(&path), "--force"]));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        pretty(&Preset::Recommended.choices())
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn generate_bad_output_targets() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("p.json");
    let line = assert_bad_input(&run(&["generate", "-o", path_str(&missing)]));
    assert!(line.contains("the folder does not exist"), "{line}");

    let line = assert_bad_input(&run(&["generate", "-o", path_str(dir.path()), "--force"]));
    assert!(line.contains("is a directory"), "{line}");

    let file = temp_file(dir.path(), "file", "x");
    let line = assert_bad_input(&run(&["generate", "-o", path_str(&file.join("p.json"))]));
    assert!(line.contains("not a folder"), "{line}");
}

#[test]
fn generate_bad_choices() {
    for (args, expected) in [
        (vec!["generate", "--account", "12345"], "invalid account ID"),
        (
            vec!["generate", "--account", "abcdefghijkl"],
            "invalid account ID",
        ),
        (vec!["generate", "--preset", "nope"], "'nope' for '--preset"),
        (vec!["--preset", "nope", "generate"], "'nope' for '--preset"),
        (vec!["generate", "--format", "xml"], "'xml' for '--format"),
        (vec!["generate", "--partition", "aws-moon"], "'aws-moon'"),
        (vec!["generate", "--mfa-check", "maybe"], "'maybe'"),
        (
            vec!["generate", "--service-credential-services", "s3"],
            "'s3'",
        ),
        (
            vec![
                "generate",
                "--ssh-keys",
                "--service-credential-services",
                "bedrock",
            ],
            "--service-credentials",
        ),
        (vec!["generate", "--force"], "--output"),
        (vec!["generate", "--bogus"], "--bogus"),
        (vec!["bogus"], "bogus"),
        (
            vec!["--open", "x.json", "presets"],
            "only apply to the interactive wizard",
        ),
    ] {
        let line = assert_bad_input(&run(&args));
        assert!(line.contains(expected), "{args:?}: {line}");
    }
}

/// A 64 KiB tmpfs, for a full disk and a read-only folder; mounting needs root.
struct SmallTmpfs(tempfile::TempDir);

impl SmallTmpfs {
    fn mount() -> Option<SmallTmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallTmpfs(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn fill(&self) {
        // Write until the file system refuses: the disk is then full.
        let chunk = vec![b'x'; 4096];
        let mut filler = fs::File::create(self.path().join("filler")).unwrap();
        while std::io::Write::write_all(&mut filler, &chunk).is_ok() {}
    }

    fn make_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for SmallTmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

#[test]
fn generate_on_a_full_disk_leaves_nothing_behind() {
    let Some(disk) = SmallTmpfs::mount() else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    disk.fill();
    let path = disk.path().join("policy.json");
    let line = assert_bad_input(&run(&["generate", "-o", path_str(&path)]));
    assert!(line.contains("no space left on device"), "{line}");
    assert!(line.contains("policy.json"), "{line}");
    assert!(!path.exists());
    assert!(temp_files(disk.path()).is_empty());
}

#[test]
fn generate_into_a_read_only_folder() {
    let Some(disk) = SmallTmpfs::mount() else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    if !disk.make_read_only() {
        eprintln!("skipped: cannot remount read-only");
        return;
    }
    let path = disk.path().join("policy.json");
    let line = assert_bad_input(&run(&["generate", "-o", path_str(&path)]));
    assert!(line.contains("read-only"), "{line}");
    assert!(!path.exists());
}

#[test]
fn generate_into_a_folder_without_write_permission() {
    if running_as_root() {
        // Root writes regardless of permissions; the read-only mount test covers this case.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let line = assert_bad_input(&run(&["generate", "-o", path_str(&locked.join("p.json"))]));
    assert!(line.contains("permission denied"), "{line}");
}

#[test]
fn generate_warns_when_over_the_attachment_limit() {
    let output = run(&["generate", "--attach", "user"]);
    let stdout = assert_success(&output);
    let size = export::policy_size(&stdout);
    let stderr = stderr_of(&output);
    if size > 2048 {
        assert!(
            stderr.contains("warning") && stderr.contains("2048"),
            "{stderr}"
        );
    }
    let output = run(&["generate", "--attach", "role"]);
    assert_success(&output);
    assert!(stderr_of(&output).is_empty());
}

// ---------------------------------------------------------------- small subcommands

#[test]
fn presets_lists_each_with_its_summary() {
    let stdout = assert_success(&run(&["presets"]));
    insta::assert_snapshot!(stdout);
    assert_eq!(stdout.lines().count(), Preset::ALL.len());
    for (line, preset) in stdout.lines().zip(Preset::ALL) {
        assert!(line.starts_with(&format!("{}  ", preset.name())), "{line}");
        assert!(line.ends_with(preset.summary()));
    }
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let stdout = assert_success(&run(&["completions", shell]));
        assert!(stdout.contains("iamself-tui"), "{shell}");
        assert!(stdout.contains("simulate"), "{shell}");
    }
    assert_bad_input(&run(&["completions", "tcsh"]));
    assert_bad_input(&run(&["completions"]));
}

#[test]
fn man_page_is_roff() {
    let stdout = assert_success(&run(&["man"]));
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH iamself-tui"),
        "{stdout}"
    );
    assert!(stdout.contains("generate"));
}

#[test]
fn help_and_version_exit_zero() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["--version"],
        &["generate", "--help"],
        &["help", "simulate"],
    ] {
        let stdout = assert_success(&run(args));
        assert!(!stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn wizard_without_a_terminal_is_refused_with_a_hint() {
    let output = iamself()
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let line = assert_bad_input(&output);
    assert_eq!(
        line,
        "iamself-tui: error: the wizard needs a terminal; use `iamself-tui generate` for scripts"
    );
}

// ---------------------------------------------------------------- bad policy files

/// Every bad policy file, for every subcommand that reads one: one line, exit 2, no panic.
#[test]
fn bad_policy_files_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = {
        let path = d.join("big.json");
        let file = fs::File::create(&path).unwrap();
        file.set_len(MAX_POLICY_BYTES as u64 + 1).unwrap();
        path
    };
    let cases: Vec<(PathBuf, &str)> = vec![
        (d.join("missing.json"), "no such file"),
        (d.to_path_buf(), "is a directory"),
        (
            temp_file(d, "latin1.json", b"{\"Sid\": \"caf\xe9\"}"),
            "not UTF-8",
        ),
        (
            temp_file(
                d,
                "garbage.bin",
                [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0xff],
            ),
            "binary",
        ),
        (big, "larger than 1 MiB"),
        (
            temp_file(
                d,
                "broken.json",
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}\n",
            ),
            "line 4, column 1",
        ),
        (temp_file(d, "empty.json", ""), "line 1, column 0"),
        (
            temp_file(d, "array.json", "[1, 2]"),
            "not a valid IAM policy",
        ),
        (
            temp_file(d, "nopolicy.json", "{\"name\": \"x\"}"),
            "not a valid IAM policy",
        ),
    ];
    for (path, expected) in &cases {
        let p = path_str(path);
        let mut runs = vec![
            run(&["explain", p]),
            run(&[
                "simulate",
                "--policy",
                p,
                "--action",
                "iam:GetUser",
                "--resource",
                "*",
            ]),
        ];
        let is_grammar_case = expected.contains("IAM policy");
        if !is_grammar_case {
            // lint reports grammar problems as findings (exit 1); the rest is bad input.
            runs.push(run(&["lint", p]));
        }
        for output in runs {
            let line = assert_bad_input(&output);
            assert!(line.contains(expected), "{p}: {line}");
            assert!(
                line.contains(p) || !path.exists() || path.is_dir(),
                "{line}"
            );
        }
    }
}

#[test]
fn unreadable_policy_file() {
    if running_as_root() {
        // Root reads files whatever their permissions, so there is no unreadable file to make.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(dir.path(), "p.json", "{}");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let line = assert_bad_input(&run(&["lint", path_str(&path)]));
    assert!(line.contains("permission denied"), "{line}");
}

// ---------------------------------------------------------------- simulate

fn simulate_lines(policy: &Path, requests: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = temp_file(dir.path(), "requests.jsonl", requests);
    let stdout = assert_success(&run(&[
        "simulate",
        "--policy",
        path_str(policy),
        "--requests",
        path_str(&file),
    ]));
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

fn recommended_policy_file(dir: &Path) -> PathBuf {
    temp_file(
        dir,
        "recommended.json",
        pretty(&Preset::Recommended.choices()),
    )
}

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

// ---------------------------------------------------------------- aws-docs vs AWS's example

/// The reviewer's check (product spec §2): `generate --preset aws-docs` decides every action AWS's
/// "self-manage credentials with MFA" example names exactly as the example does, with MFA true,
/// false and absent, for the own user and another user.
#[test]
fn aws_docs_preset_decides_like_the_aws_example() {
    let example_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/aws-examples/self-manage-credentials-with-mfa.json");
    let Ok(example_text) = fs::read_to_string(&example_path) else {
        eprintln!("skipped: the shared reference folder is not here");
        return;
    };
    let example: Value = serde_json::from_str(&example_text).unwrap();
    let mut actions: Vec<String> = Vec::new();
    for statement in example["Statement"].as_array().unwrap() {
        for key in ["Action", "NotAction"] {
            for action in statement[key].as_array().into_iter().flatten() {
                let action = action.as_str().unwrap().to_owned();
                if !actions.contains(&action) {
                    actions.push(action);
                }
            }
        }
    }
    assert!(actions.len() >= 25, "{actions:?}");

    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("aws-docs.json");
    assert_success(&run(&[
        "generate",
        "--preset",
        "aws-docs",
        "-o",
        path_str(&generated),
    ]));

    let catalog = Catalog::get();
    let mut requests = String::new();
    for action in &actions {
        let wildcard = catalog
            .find(action)
            .is_none_or(|a| a.wildcard_resource_only());
        let (own, other) = if wildcard {
            ("*".to_owned(), "*".to_owned())
        } else if action == "iam:CreateVirtualMFADevice" {
            (
                "arn:aws:iam::123456789012:mfa/alice".to_owned(),
                "arn:aws:iam::123456789012:mfa/bob".to_owned(),
            )
        } else {
            (
                "arn:aws:iam::123456789012:user/alice".to_owned(),
                "arn:aws:iam::123456789012:user/bob".to_owned(),
            )
        };
        for resource in [&own, &other] {
            for mfa in ["true", "false", "null"] {
                requests.push_str(&format!(
                    "{{\"action\":\"{action}\",\"resource\":\"{resource}\",\"mfa\":{mfa}}}\n"
                ));
            }
        }
    }
    let ours = simulate_lines(&generated, &requests);
    let theirs = simulate_lines(&example_path, &requests);
    assert_eq!(ours.len(), actions.len() * 6);
    for (ours, theirs) in ours.iter().zip(&theirs) {
        assert_eq!(
            ours["decision"], theirs["decision"],
            "{} on {} with mfa {}",
            ours["action"], ours["resource"], ours["mfa"]
        );
    }
    // The comparison can fail: both sides allow some and deny some.
    let allowed = ours.iter().filter(|l| l["decision"] == "allowed").count();
    assert!(allowed > 0 && allowed < ours.len());
}

// ---------------------------------------------------------------- exports through real tools

/// The Terraform output evaluated by Terraform itself, when it is installed: `jsonencode` gives
/// back the very policy `generate` prints as JSON.
#[test]
fn terraform_output_evaluates_to_the_policy() {
    let has_terraform = Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_terraform {
        eprintln!("skipped: terraform is not installed");
        return;
    }
    let tf = assert_success(&run(&["generate", "--format", "terraform"]));
    let start = tf.find("jsonencode(").unwrap();
    let end = tf.rfind(")\n}").unwrap();
    let dir = tempfile::tempdir().unwrap();
    temp_file(
        dir.path(),
        "main.tf",
        format!("locals {{\n  policy = {}\n}}\n", &tf[start..=end]),
    );
    let mut console = Command::new("terraform")
        .arg("console")
        .current_dir(dir.path())
        .env("TF_IN_AUTOMATION", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = console.stdin.take().unwrap();
        stdin.write_all(b"local.policy\n").unwrap();
    }
    let output = console.wait_with_output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let json_text: String = serde_json::from_str(printed.trim()).expect("a quoted string");
    let policy: Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(policy, generate(&Preset::Recommended.choices()));
    // Full-file syntax check, resource block included.
    let mut fmt = Command::new("terraform")
        .args(["fmt", "-check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        fmt.stdin.take().unwrap().write_all(tf.as_bytes()).unwrap();
    }
    assert!(
        fmt.wait().unwrap().success(),
        "terraform fmt accepts it unchanged"
    );
}

/// The CloudFormation output read by a real YAML parser, when Python's is installed.
#[test]
fn cloudformation_output_is_yaml_for_a_real_parser() {
    let yaml = assert_success(&run(&["generate", "--format", "cloudformation"]));
    let script = "import sys, json, yaml\nd = yaml.safe_load(sys.stdin)\nprint(json.dumps(d['Resources']['SelfManageCredentialsPolicy']['Properties']['PolicyDocument']))";
    let Ok(mut python) = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped: python3 is not installed");
        return;
    };
    {
        use std::io::Write;
        python
            .stdin
            .take()
            .unwrap()
            .write_all(yaml.as_bytes())
            .unwrap();
    }
    let output = python.wait_with_output().unwrap();
    if String::from_utf8_lossy(&output.stderr).contains("No module named 'yaml'") {
        eprintln!("skipped: PyYAML is not installed");
        return;
    }
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let policy: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(policy, generate(&Preset::Recommended.choices()));
}

// ---------------------------------------------------------------- explain

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
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/aws-examples/self-manage-credentials-with-mfa.json");
    if !example.exists() {
        eprintln!("skipped: the shared reference folder is not here");
        return;
    }
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

// ---------------------------------------------------------------- lint

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
