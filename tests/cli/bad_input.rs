//! Bad policy files (product spec §9): one line, exit 2, no panic, for every reader.

use std::fs;
use std::path::PathBuf;

use iamself_tui::policy::model::document::MAX_POLICY_BYTES;

use super::support::*;

/// Every bad policy file, for every subcommand that reads one: one line, exit 2, no panic.
#[test]
fn bad_policy_files_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sized = |name: &str, len: u64| {
        let path = d.join(name);
        let file = fs::File::create(&path).unwrap();
        file.set_len(len).unwrap();
        path
    };
    let big = sized("big.json", MAX_POLICY_BYTES as u64 + 1);
    let ten_megabytes = sized("ten-megabytes.json", 10_000_000);
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
        (ten_megabytes, "larger than 1 MiB"),
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

/// A file that opens but cannot be read: `/proc/self/mem` fails at offset 0 with an I/O error,
/// for root too (the reading process is the CLI itself, so nothing else is touched).
#[cfg(target_os = "linux")]
#[test]
fn policy_file_that_fails_to_read() {
    for args in [
        vec!["lint", "/proc/self/mem"],
        vec!["explain", "/proc/self/mem"],
        vec![
            "simulate",
            "--policy",
            "/proc/self/mem",
            "--action",
            "a:b",
            "--resource",
            "*",
        ],
    ] {
        let line = assert_bad_input(&run(&args));
        assert!(
            line.contains("/proc/self/mem: cannot read the file"),
            "{line}"
        );
    }
}

#[test]
fn policy_file_without_read_permission() {
    if running_as_root() {
        // Root reads files whatever their permissions; the test above covers a failing read.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(dir.path(), "p.json", "{}");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let line = assert_bad_input(&run(&["lint", path_str(&path)]));
    assert!(line.contains("permission denied"), "{line}");
}
