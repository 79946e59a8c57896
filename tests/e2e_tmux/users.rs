//! The users screen of an account dump in a real terminal: open a dump, filter, open a user,
//! come back with the selection kept, fix a user in the generator and return; a bad dump is
//! refused before the screen is taken over.

use super::harness::{Tmux, temp_dir, wizard, wizard_with_env};

const SMALL_ACCOUNT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/small-account.json"
);

/// The line of the screen holding `text`.
fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("no line with {text:?}:\n{screen}"))
}

fn filter_open_and_return(test: &str, command: &str) {
    let dir = temp_dir();
    let Some(tmux) = Tmux::start(test, dir.path(), command) else {
        return;
    };
    // Frames may be caught half drawn: wait for the last line of the frame too.
    let screen = tmux.wait_until("the users list", |s| {
        s.contains("Users 5 of 5") && s.contains("sorted by user")
    });
    assert!(screen.contains("1 unknown policy"), "{screen}");
    // carol's self-service policy does not enforce MFA: the bad answer is marked with `!`.
    assert!(line_with(&screen, "carol").contains("no!"), "{screen}");
    assert_eq!(tmux.display("#{alternate_on}"), "1");

    tmux.send(&["/"]);
    tmux.type_text("car");
    let screen = tmux.wait_until("one user shown", |s| {
        s.contains("Users 1 of 5") && !s.contains("alice")
    });
    assert!(line_with(&screen, "carol").contains("> carol"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Esc clears");
    tmux.send(&["Enter"]);
    // The deciding policy of the selected row, under the table.
    let screen = tmux.wait_until("carol's view", |s| {
        s.contains("carol · 1 policy") && s.contains("by user inline own-credentials")
    });
    assert!(screen.contains("iam:GetUser"), "{screen}");

    tmux.send(&["t"]);
    tmux.wait_for("Verdicts");
    tmux.send(&["Escape"]);
    let screen = tmux.wait_until("the filtered list again", |s| {
        s.contains("Users 1 of 5") && s.contains("sorted by user")
    });
    assert!(line_with(&screen, "carol").contains("> carol"), "{screen}");

    // Esc on the list clears the kept filter; carol stays selected.
    tmux.send(&["Escape"]);
    let screen = tmux.wait_until("every user again", |s| {
        s.contains("Users 5 of 5") && s.contains("erin") && s.contains("sorted by user")
    });
    assert!(line_with(&screen, "carol").contains("> carol"), "{screen}");

    // f in her view: the generator, her self-service policy replaced; u comes back.
    tmux.send(&["Enter"]);
    tmux.wait_for("carol · 1 policy");
    tmux.send(&["f"]);
    let screen = tmux.wait_for("Fixing carol");
    assert!(screen.contains("1 Choices"), "{screen}");
    tmux.send(&["u"]);
    let screen = tmux.wait_until("the users list after the generator", |s| {
        s.contains("Users 5 of 5") && s.contains("erin") && s.contains("sorted by user")
    });
    assert!(line_with(&screen, "carol").contains("> carol"), "{screen}");
    tmux.quit();
}

#[test]
fn a_dump_opens_the_users_screen_filters_opens_a_user_and_returns() {
    filter_open_and_return("users", &format!("{} --open {SMALL_ACCOUNT}", wizard()));
}

#[test]
fn the_users_screen_reads_the_same_without_colour() {
    filter_open_and_return(
        "users-no-color",
        &wizard_with_env("NO_COLOR=1", &format!("--open {SMALL_ACCOUNT}")),
    );
}

/// Runs the wizard with `args` in a fresh folder holding `bad.json`; asserts it refuses to start
/// with one line starting with `error` and exit status 2.
fn assert_refused(test: &str, args: &str, error: &str) {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("bad.json"),
        r#"{"UserDetailList": [{"UserName": "a", "Arn": 3}]}"#,
    )
    .expect("a writable temporary folder");
    let Some(tmux) = Tmux::start(test, dir.path(), &format!("{} {args}", wizard())) else {
        return;
    };
    let (status, _) = tmux.wait_for_exit();
    let screen = tmux.capture_joined();
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(lines.len(), 2, "{screen}");
    assert!(
        lines[0].starts_with(&format!("iamself-tui: error: {error}")),
        "{screen}"
    );
    assert_eq!(lines[1], "EXITED 2");
    assert_eq!(status, 2);
    assert_eq!(tmux.display("#{alternate_on}"), "0");
}

#[test]
fn a_bad_dump_is_refused_before_the_screen_is_taken_over() {
    assert_refused(
        "users-bad",
        "--open bad.json",
        "bad.json: invalid account dump: ",
    );
}

#[test]
fn with_and_boundary_are_refused_with_a_dump() {
    assert_refused(
        "users-with",
        &format!("--open {SMALL_ACCOUNT} --with aws:IAMUserChangePassword"),
        "--with and --boundary do not apply to an account dump",
    );
}
