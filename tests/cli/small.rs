//! `presets`, `completions`, `man`, help and version, and the wizard without a terminal.

use iamself_tui::policy::model::Named;
use iamself_tui::policy::model::choices::Preset;

use super::support::*;

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
fn wizard_refuses_open_dash_with_one_line() {
    let output = iamself()
        .args(["--open", "-"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let line = assert_bad_input(&output);
    assert!(
        line.starts_with("iamself-tui: error: --open - is not supported"),
        "{line}"
    );
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
