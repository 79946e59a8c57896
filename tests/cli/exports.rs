//! The export formats read back by the real tools, where installed.

use std::process::Command;

use serde_json::Value;

use iamself_tui::policy::generate::generate;
use iamself_tui::policy::model::choices::Preset;

use super::support::*;

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
