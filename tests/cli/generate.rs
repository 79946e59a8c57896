//! `generate`: presets, choice flags, formats, and saving with `-o`.

use std::fs;

use serde_json::Value;

use iamself_tui::policy::generate::generate;
use iamself_tui::policy::model::Named;
use iamself_tui::policy::model::choices::{Credential, Preset};
use iamself_tui::policy::output::export::{self, Format};

use super::support::*;

#[test]
fn generate_without_flags_is_the_recommended_policy() {
    let stdout = assert_success(&run(&["generate"]));
    assert_eq!(stdout, pretty(&Preset::Recommended.choices()));
}

#[test]
fn generate_each_preset() {
    for &preset in Preset::ALL {
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
    for &format in Format::ALL {
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
fn generate_output_dash_is_standard_output() {
    let stdout = assert_success(&run(&["generate", "-o", "-", "--format", "minified"]));
    assert_eq!(
        stdout,
        export::render(&generate(&Preset::Recommended.choices()), Format::Minified)
    );
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
    let size = iamself_tui::policy::size::policy_size(&stdout);
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
