//! The "Also attached" choices in a real terminal: ticking a bundled managed policy, attaching a
//! policy file by path (read by the wizard itself), and a broken file refused with the set kept.

use super::harness::{read, start_wizard, temp_dir};

const DENY_KEYS: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "NoNewKeys", "Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}
    ]
}
"#;

/// The truth table's line for `action`.
fn table_line<'a>(screen: &'a str, action: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.contains(&format!("{action} ")))
        .unwrap_or_else(|| panic!("no row {action} in:\n{screen}"))
}

#[test]
fn ticks_a_managed_policy_and_attaches_a_file_by_path() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("deny-keys.json"), DENY_KEYS).expect("write");
    std::fs::write(dir.path().join("broken.json"), "{\"Version\": ").expect("write");
    let Some(tmux) = start_wizard("also-attached", dir.path()) else {
        return;
    };
    let screen = tmux.capture();
    assert!(
        !table_line(&screen, "CreateAccessKey").contains("✗D!"),
        "{screen}"
    );

    // The last choices: ... aws:PowerUserAccess, aws:AdministratorAccess, Add a policy file,
    // Boundary, Add an SCP level.
    tmux.send(&["G", "k", "k", "k", "k", "Space"]);
    let screen = tmux.wait_for("[x] aws:PowerUserAccess");
    assert!(screen.contains("Attached aws:PowerUserAccess"), "{screen}");

    tmux.send(&["a"]);
    tmux.wait_for("Attach policy (file or aws:NAME):");
    tmux.type_text("broken.json");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Nothing attached: broken.json is not a usable policy");
    assert!(!screen.contains("[x] broken.json"), "{screen}");
    assert!(screen.contains("[x] aws:PowerUserAccess"), "{screen}");

    tmux.send(&["Escape", "a"]);
    tmux.wait_for("Attach policy (file or aws:NAME):");
    tmux.type_text("deny-keys.json");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("[x] deny-keys.json");
    assert!(
        screen.contains("Attached deny-keys.json as another identity policy"),
        "{screen}"
    );
    // Denied with MFA now, by the file: marked unexpected by the journey.
    assert!(
        table_line(&screen, "CreateAccessKey").contains("✗D!"),
        "{screen}"
    );

    // The new file's row is selected: x takes it away again.
    tmux.send(&["x"]);
    let screen = tmux.wait_for("Removed deny-keys.json from the set");
    assert!(
        !table_line(&screen, "CreateAccessKey").contains("✗D!"),
        "{screen}"
    );

    tmux.quit();
    assert_eq!(read(&dir.path().join("deny-keys.json")), DENY_KEYS);
}
