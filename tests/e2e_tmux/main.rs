//! The wizard in a real terminal (see [`harness`]): start, toggle, copy, save, open, colours,
//! and, in [`bad_input`], every bad input of product spec §9 that reaches the wizard. Skipped,
//! with a note, where tmux is not installed.

mod also_attached;
mod bad_input;
mod harness;
mod review;
mod users;

use std::path::PathBuf;

use harness::{Tmux, generate, read, start_wizard, temp_dir, wizard};

/// The size meter in the policy pane's title, e.g. `2,829 / 6,144 managed`.
fn meter(screen: &str) -> String {
    let title = screen.lines().next().unwrap_or("");
    title
        .split("/ 6,144")
        .next()
        .and_then(|before| before.rsplit(' ').nth(1))
        .unwrap_or("")
        .to_owned()
}

/// The credentials every choice set in these tests keeps, minus SSH keys.
const WITHOUT_SSH: [&str; 5] = [
    "--password",
    "--access-keys",
    "--mfa-devices",
    "--signing-certificates",
    "--service-credentials",
];

/// Moves to "SSH public keys" (the fifth item) and unticks it.
fn untick_ssh_keys(tmux: &Tmux) {
    tmux.send(&["j", "j", "j", "j", "Space"]);
    tmux.wait_for("[ ] SSH public keys");
}

#[test]
fn starts_toggles_and_quits_with_the_terminal_restored() {
    let dir = temp_dir();
    let Some(tmux) = Tmux::start("start", dir.path(), &wizard()) else {
        return;
    };
    let screen = tmux.wait_for("Truth table");
    assert!(screen.contains("1 Choices"), "{screen}");
    assert!(screen.contains("\"Version\": \"2012-10-17\""), "{screen}");
    assert!(screen.contains("[x] Console password"), "{screen}");
    let before = meter(&screen);
    assert!(!before.is_empty(), "no size meter in:\n{screen}");
    assert_eq!(tmux.display("#{alternate_on}"), "1");

    untick_ssh_keys(&tmux);
    let screen = tmux.wait_until("the size meter to change", |s| meter(s) != before);
    assert!(screen.contains("[ ] SSH public keys"));

    tmux.send(&["q"]);
    let screen = tmux.wait_for("EXITED 0");
    assert!(!screen.contains("1 Choices"), "{screen}");
    assert_eq!(tmux.display("#{alternate_on}"), "0");
}

/// In tmux the wizard hands the text to `tmux load-buffer -w`, which works under tmux's default
/// `set-clipboard` (an application's own OSC 52 would be dropped there).
#[test]
fn copy_in_tmux_goes_to_the_paste_buffer_and_matches_generate() {
    let dir = temp_dir();
    let Some(tmux) = Tmux::start("copy", dir.path(), &wizard()) else {
        return;
    };
    copy_without_ssh_keys(&tmux, "Copied to tmux's paste buffer (json)");

    // In another export format: json → minified → terraform.
    tmux.send(&["e", "e", "c"]);
    tmux.wait_for("Copied to tmux's paste buffer (terraform)");
    let mut args = WITHOUT_SSH.to_vec();
    args.extend(["--format", "terraform"]);
    assert_eq!(paste_buffer(&tmux).trim_end(), generate(&args).trim_end());
}

/// When `tmux load-buffer` cannot run (here: no `tmux` on the wizard's PATH), the copy goes out
/// as OSC 52, which tmux keeps in its paste buffer with `set-clipboard on`.
#[test]
fn copy_falls_back_to_osc52_when_tmux_cannot_take_it() {
    let dir = temp_dir();
    let command = format!("PATH=/nonexistent {}", wizard());
    let Some(tmux) = Tmux::start("copy-osc52", dir.path(), &command) else {
        return;
    };
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    copy_without_ssh_keys(
        &tmux,
        "Sent via OSC 52, unconfirmed (json; tmux session; tmux load-buffer failed",
    );
}

/// Unticks SSH keys, copies, waits for `status` and checks the paste buffer holds what
/// `generate` writes for those choices.
fn copy_without_ssh_keys(tmux: &Tmux, status: &str) {
    tmux.wait_for("Truth table");
    untick_ssh_keys(tmux);
    tmux.send(&["c"]);
    tmux.wait_for(status);
    assert_eq!(
        paste_buffer(tmux).trim_end(),
        generate(&WITHOUT_SSH).trim_end()
    );
}

/// tmux's newest paste buffer: where `load-buffer` puts the text, and `set-clipboard on` what
/// OSC 52 sets.
fn paste_buffer(tmux: &Tmux) -> String {
    String::from_utf8(tmux.run(&["show-buffer"]).stdout).expect("UTF-8")
}

#[test]
fn save_writes_what_generate_writes() {
    let dir = temp_dir();
    let Some(tmux) = start_wizard("save", dir.path()) else {
        return;
    };
    untick_ssh_keys(&tmux);
    tmux.send(&["s"]);
    tmux.wait_for("Save as: self-manage-credentials.json");
    tmux.send(&["Enter"]);
    tmux.wait_for("Saved self-manage-credentials.json");
    let saved = read(&dir.path().join("self-manage-credentials.json"));
    assert_eq!(saved, generate(&WITHOUT_SSH));
}

#[test]
fn an_existing_file_is_kept_until_the_overwrite_is_confirmed() {
    let dir = temp_dir();
    let target = dir.path().join("self-manage-credentials.json");
    std::fs::write(&target, "original\n").expect("writable temp folder");
    let Some(tmux) = start_wizard("overwrite", dir.path()) else {
        return;
    };

    tmux.send(&["s", "Enter"]);
    tmux.wait_for("exists. Overwrite?");
    tmux.send(&["n"]);
    tmux.wait_for("Not saved");
    assert_eq!(read(&target), "original\n");

    tmux.send(&["s", "Enter"]);
    tmux.wait_for("exists. Overwrite?");
    tmux.send(&["y"]);
    tmux.wait_for("Saved self-manage-credentials.json");
    assert_eq!(read(&target), generate(&[]));
    // Nothing but the target in the folder: the temporary file was renamed, not left behind.
    let entries: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(entries, vec![target]);
}

#[test]
fn open_shows_a_broken_file_with_line_and_column_and_stays_usable() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n}\n",
    )
    .expect("writable temp folder");
    let command = format!("{} --open broken.json", wizard());
    let Some(tmux) = Tmux::start("open", dir.path(), &command) else {
        return;
    };
    let screen = tmux.wait_for("invalid JSON at line 4, column 1");
    assert!(screen.contains("2 broken.json"), "{screen}");
    // Ticking a choice switches to the generated policy.
    tmux.send(&["Space"]);
    let screen = tmux.wait_for("Now showing the generated policy");
    assert!(screen.contains("\"Version\": \"2012-10-17\""), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn no_color_draws_without_any_colour() {
    let dir = temp_dir();
    let command = format!("NO_COLOR=1 {}", wizard());
    let Some(tmux) = Tmux::start("nocolor", dir.path(), &command) else {
        return;
    };
    tmux.wait_for("Truth table");
    tmux.send(&["3"]);
    let output = tmux.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout;
    let screen = String::from_utf8_lossy(&output);
    let colours = colour_parameters(&screen);
    assert!(
        colours.is_empty(),
        "colour SGR parameters found: {colours:?}"
    );
    // The selection is still visible: reverse video.
    assert!(screen.contains("\x1b[7m"), "no reverse video in:\n{screen}");
}

/// SGR parameters that set a colour (30-38, 40-48, 90-97, 100-107) in escape sequences.
fn colour_parameters(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    for sequence in screen.split("\x1b[").skip(1) {
        let Some(end) = sequence.find('m') else {
            continue;
        };
        let parameters = &sequence[..end];
        if !parameters.bytes().all(|b| b.is_ascii_digit() || b == b';') {
            continue;
        }
        for parameter in parameters.split(';') {
            if let Ok(n) = parameter.parse::<u16>()
                && matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107)
            {
                found.push(parameters.to_owned());
            }
        }
    }
    found
}

/// Pastes `text` as a terminal does with bracketed paste on (tmux's `paste-buffer -p`).
fn paste(tmux: &Tmux, text: &str) {
    tmux.run(&["set-buffer", "-b", "e2e", "--", text]);
    tmux.run(&["paste-buffer", "-p", "-b", "e2e", "-t", "t"]);
}

/// A pasted `q` does not quit; in the account field a paste is typed (`2109-8765-4321` is
/// taken as 210987654321); `q` closes the help instead of quitting.
#[test]
fn a_paste_is_text_and_q_closes_the_help() {
    let dir = temp_dir();
    let Some(tmux) = Tmux::start("paste", dir.path(), &wizard()) else {
        return;
    };
    tmux.wait_for("Truth table");
    paste(&tmux, "q");
    // Still running: help opens on `?` and `q` closes it again.
    tmux.send(&["?"]);
    tmux.wait_for("What this is");
    tmux.send(&["q"]);
    let screen = tmux.wait_until("the help to close", |s| !s.contains("What this is"));
    assert!(screen.contains("1 Choices"), "{screen}");

    // The account field, reached with j from the first choice.
    let account = iamself_tui::tui::choice_items::index_of("account").expect("listed");
    tmux.send_repeated("j", account);
    tmux.send(&["Enter"]);
    paste(&tmux, "2109-8765-4321\n");
    tmux.wait_for("Account: 2109-8765-4321");
    tmux.send(&["Enter"]);
    tmux.wait_for("Account: 210987654321");
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}

/// An information message fades by itself after a few seconds.
#[test]
fn a_status_message_fades() {
    let dir = temp_dir();
    let Some(tmux) = Tmux::start("fade", dir.path(), &wizard()) else {
        return;
    };
    tmux.wait_for("Truth table");
    tmux.send(&["e"]);
    tmux.wait_for("Export format: minified");
    let screen = tmux.wait_until("the message to fade", |s| {
        !s.contains("Export format: minified")
    });
    assert!(screen.contains("1 Choices"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}
