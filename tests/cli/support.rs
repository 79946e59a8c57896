//! Running the binary and checking how it ended.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

use iamself_tui::policy::generate::generate;
use iamself_tui::policy::model::choices::{Choices, Preset};
use iamself_tui::policy::output::export;

pub use iamself_tui::testing::SmallTmpfs;

pub fn iamself() -> Command {
    let mut command = Command::cargo_bin("iamself-tui").expect("binary is built");
    command.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    command
}

pub fn run(args: &[&str]) -> Output {
    iamself().args(args).output().expect("runs")
}

pub fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

#[track_caller]
pub fn assert_success(output: &Output) -> String {
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
pub fn assert_bad_input(output: &Output) -> String {
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

pub fn temp_file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

pub fn pretty(choices: &Choices) -> String {
    export::to_pretty_json(&generate(choices))
}

pub fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

pub fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn simulate_lines(policy: &Path, requests: &str) -> Vec<Value> {
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

pub fn recommended_policy_file(dir: &Path) -> PathBuf {
    temp_file(
        dir,
        "recommended.json",
        pretty(&Preset::Recommended.choices()),
    )
}
