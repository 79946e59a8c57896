//! Product spec §9, the wizard's half, in a real terminal: every bad input that reaches the
//! wizard. Each test asserts what the user sees (a one-line error before the screen is taken
//! over, or the status line), the exit status, and that no file was created, changed or left
//! behind. The CLI's half is `tests/cli/bad_input.rs`; a wizard without any terminal is
//! `tests/cli/small.rs`; malformed JSON and an existing save target are in `main.rs`.

use std::path::Path;

use iamself_tui::policy::model::document::MAX_POLICY_BYTES;
use iamself_tui::tui::choice_items::index_of;

use super::harness::{
    HEIGHT, Tmux, WIDTH, assert_unchanged, folder_state, generate, read, start_wizard, temp_dir,
    wizard, wizard_with_env,
};
use iamself_tui::testing::SmallTmpfs;

// ---- refused before the screen is taken over: one line, exit 2 ----

/// `iamself-tui ARGS`, run in `dir`, refuses to start: the screen holds exactly the error line
/// and `EXITED 2`, the alternate screen is off, and `dir` is unchanged.
fn assert_refused_at_start(test: &str, dir: &Path, args: &str, error: &str) {
    let before = folder_state(dir);
    let Some(tmux) = Tmux::start(test, dir, &format!("{} {args}", wizard())) else {
        return;
    };
    let (status, _) = tmux.wait_for_exit();
    // With wrapped lines joined: a long message is still one line.
    let screen = tmux.capture_joined();
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    let expected = format!("iamself-tui: error: {error}");
    assert_eq!(lines, [expected.as_str(), "EXITED 2"], "{screen}");
    assert_eq!(status, 2);
    assert_eq!(tmux.display("#{alternate_on}"), "0");
    assert_unchanged(dir, &before);
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).expect("a writable temporary folder");
}

/// The recommended policy, padded with trailing spaces to `size` bytes: valid JSON, refused
/// for its size alone.
fn padded_policy(size: usize) -> Vec<u8> {
    let mut bytes = generate(&[]).into_bytes();
    assert!(bytes.len() < size);
    bytes.resize(size, b' ');
    bytes
}

#[test]
fn open_a_missing_file() {
    let dir = temp_dir();
    assert_refused_at_start(
        "open-missing",
        dir.path(),
        "--open missing.json",
        "missing.json: no such file",
    );
}

#[test]
fn open_a_directory() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("policies")).expect("a writable temporary folder");
    assert_refused_at_start(
        "open-directory",
        dir.path(),
        "--open policies",
        "policies: is a directory, not a file",
    );
}

/// Opens, then fails at the first read (an I/O error, for root too).
#[test]
fn open_a_file_that_cannot_be_read() {
    let dir = temp_dir();
    assert_refused_at_start(
        "open-unreadable",
        dir.path(),
        "--open /proc/self/mem",
        "/proc/self/mem: cannot read the file: Input/output error (os error 5)",
    );
}

#[test]
fn open_a_file_that_is_not_utf8() {
    let dir = temp_dir();
    write(dir.path(), "latin1.json", b"{\"Sid\": \"caf\xe9\"}");
    assert_refused_at_start(
        "open-latin1",
        dir.path(),
        "--open latin1.json",
        "latin1.json: not UTF-8 text (invalid byte at offset 12)",
    );
}

#[test]
fn open_binary_garbage() {
    let dir = temp_dir();
    write(
        dir.path(),
        "garbage.bin",
        [
            0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0xff, 0x1b, b'[', b'2', b'J',
        ],
    );
    assert_refused_at_start(
        "open-binary",
        dir.path(),
        "--open garbage.bin",
        "garbage.bin: looks like a binary file, not JSON text",
    );
}

#[test]
fn open_a_file_just_over_1_mib() {
    let dir = temp_dir();
    write(dir.path(), "big.json", padded_policy(MAX_POLICY_BYTES + 1));
    assert_refused_at_start(
        "open-1mib",
        dir.path(),
        "--open big.json",
        "big.json: file is larger than 1 MiB and cannot be a policy",
    );
}

#[test]
fn open_a_10_mb_file() {
    let dir = temp_dir();
    write(dir.path(), "huge.json", padded_policy(10_000_000));
    assert_refused_at_start(
        "open-10mb",
        dir.path(),
        "--open huge.json",
        "huge.json: file is larger than 1 MiB and cannot be a policy",
    );
}

#[test]
fn an_unknown_preset() {
    let dir = temp_dir();
    assert_refused_at_start(
        "preset",
        dir.path(),
        "--preset nope",
        "invalid value 'nope' for '--preset <NAME>' [possible values: recommended, aws-docs, mfa-only, password-only, no-mfa] (see --help)",
    );
}

// ---- shown inside the wizard: the status line, and the wizard goes on ----

/// The footer, flattened to words joined by single spaces: every line below the panes' bottom
/// border (the status, wrapped onto lines of its own when long, and the key hints, which share
/// their line with a short status).
fn footer(screen: &str) -> String {
    let lines: Vec<&str> = screen.trim_end().lines().collect();
    let below_panes = lines
        .iter()
        .rposition(|line| line.starts_with('└'))
        .map_or(0, |border| border + 1);
    flat(&lines[below_panes..].join("\n"))
}

/// Waits until `text` is on the footer; returns the screen.
fn wait_for_status(tmux: &Tmux, text: &str) -> String {
    tmux.wait_until(&format!("{text:?} on the status line"), |screen| {
        footer(screen).contains(text)
    })
}

/// The screen's words joined by single spaces, for messages the layout may wrap.
fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn open_json_that_is_not_a_policy_says_why_and_offers_nothing_to_save() {
    let dir = temp_dir();
    write(dir.path(), "notes.json", "{\"name\": \"x\"}\n");
    let before = folder_state(dir.path());
    let command = format!("{} --open notes.json", wizard());
    let Some(tmux) = Tmux::start("open-not-policy", dir.path(), &command) else {
        return;
    };
    let screen = wait_for_status(
        &tmux,
        "notes.json: not a valid IAM policy: unknown top-level element \"name\"",
    );
    assert!(screen.contains("2 notes.json"), "{screen}");
    assert!(
        screen.contains("No truth table: not a valid policy."),
        "{screen}"
    );

    tmux.send(&["c"]);
    wait_for_status(
        &tmux,
        "Nothing copied: the opened file is not a valid policy",
    );
    tmux.send(&["s"]);
    wait_for_status(
        &tmux,
        "Nothing to save: the opened file is not a valid policy",
    );
    tmux.quit();
    assert_unchanged(dir.path(), &before);
}

#[test]
fn an_invalid_account_id_is_refused_and_the_old_one_kept() {
    let dir = temp_dir();
    let before = folder_state(dir.path());
    let Some(tmux) = start_wizard("account", dir.path()) else {
        return;
    };

    let account = index_of("account");
    tmux.send_repeated("j", account.expect("the account is a choice"));
    tmux.wait_for("> Account: *");
    tmux.send(&["Enter", "BSpace"]);
    tmux.type_text("12345");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("invalid account ID \"12345\":");
    assert!(screen.contains("expected 12 digits"), "{screen}");
    tmux.send(&["Escape"]);
    let screen = wait_for_status(&tmux, "Account unchanged");
    assert!(screen.contains("> Account: *"), "{screen}");

    // The policy is still the one for `*`: saving it writes what `generate` writes.
    tmux.send(&["s", "Enter"]);
    wait_for_status(&tmux, "Saved self-manage-credentials.json");
    let saved = dir.path().join("self-manage-credentials.json");
    assert_eq!(read(&saved), generate(&[]));
    std::fs::remove_file(saved).expect("the saved file");
    tmux.quit();
    assert_unchanged(dir.path(), &before);
}

/// Opens the save prompt, replaces the suggested name with `path` and submits it.
fn save_as(tmux: &Tmux, path: &Path) {
    tmux.send(&["s"]);
    tmux.wait_for("Save as: self-manage-credentials.json");
    tmux.send_repeated("BSpace", "self-manage-credentials.json".len());
    tmux.type_text(&path.display().to_string());
    tmux.wait_for(&format!("Save as: {}", path.display()));
    tmux.send(&["Enter"]);
}

/// Saves into a tmpfs that `break_it` made unwritable: once under a new name, once over the
/// existing `policy.json` (after `y`). Each attempt ends in `Not saved: ...: {error}` on the
/// status line with the tmpfs exactly as it was; then the wizard still saves elsewhere and
/// quits with 0.
fn assert_save_refused(test: &str, break_it: impl FnOnce(&SmallTmpfs) -> bool, error: &str) {
    let Some(disk) = SmallTmpfs::mount() else {
        eprintln!("skipped {test}: cannot mount a tmpfs here (needs root)");
        return;
    };
    write(disk.path(), "policy.json", "original\n");
    if !break_it(&disk) {
        eprintln!("skipped {test}: cannot prepare the tmpfs");
        return;
    }
    let before = folder_state(disk.path());
    let home = temp_dir();
    let Some(tmux) = start_wizard(test, home.path()) else {
        return;
    };

    let new = disk.path().join("new.json");
    save_as(&tmux, &new);
    wait_for_status(
        &tmux,
        &format!("Not saved: cannot save to {}: {error}", new.display()),
    );
    assert_unchanged(disk.path(), &before);

    let existing = disk.path().join("policy.json");
    save_as(&tmux, &existing);
    tmux.wait_for("policy.json exists. Overwrite?");
    tmux.send(&["y"]);
    wait_for_status(
        &tmux,
        &format!("Not saved: cannot save to {}: {error}", existing.display()),
    );
    assert_unchanged(disk.path(), &before);
    assert_eq!(read(&existing), "original\n");

    // Still usable: the next save, into a writable folder, works.
    tmux.send(&["s", "Enter"]);
    wait_for_status(&tmux, "Saved self-manage-credentials.json");
    assert_eq!(
        read(&home.path().join("self-manage-credentials.json")),
        generate(&[])
    );
    tmux.quit();
    assert_unchanged(disk.path(), &before);
}

#[test]
fn save_into_a_full_disk() {
    assert_save_refused(
        "full-disk",
        |disk| {
            disk.fill();
            true
        },
        "no space left on device",
    );
}

/// As root, file permissions stop nothing; a read-only mount does.
#[test]
fn save_into_an_unwritable_folder() {
    assert_save_refused(
        "read-only",
        SmallTmpfs::make_read_only,
        "the file system is read-only",
    );
}

#[test]
fn copy_without_any_clipboard_does_not_claim_a_copy() {
    let dir = temp_dir();
    let before = folder_state(dir.path());
    // No display for the system clipboard, no TMUX or SSH variables (so the wizard does not take
    // the session for a remote one), and tmux set to drop an application's OSC 52: nothing can
    // take the copy, and nothing tells the wizard so.
    let command = wizard_with_env("-u DISPLAY -u WAYLAND_DISPLAY -u TMUX -u SSH_TTY", "");
    let Some(tmux) = Tmux::start("no-clipboard", dir.path(), &command) else {
        return;
    };
    tmux.run(&["set-option", "-g", "set-clipboard", "off"]);
    tmux.wait_for("Truth table");
    tmux.send(&["c"]);
    let screen = wait_for_status(
        &tmux,
        "Sent via OSC 52, unconfirmed (json; no system clipboard: ",
    );
    assert!(!screen.contains("Copied"), "{screen}");
    let buffers = tmux.run(&["list-buffers"]).stdout;
    assert!(buffers.is_empty(), "tmux took a copy after all");
    tmux.quit();
    assert_unchanged(dir.path(), &before);
}

// ---- the terminal's size ----

#[test]
fn a_terminal_too_small_says_how_much_room_it_needs() {
    let dir = temp_dir();
    let Some(tmux) = start_wizard("too-small", dir.path()) else {
        return;
    };
    tmux.resize(39, 9);
    let screen = tmux.wait_for("Terminal too small: 39×9.");
    assert!(
        flat(&screen).contains("iamself-tui needs at least 40×10 (80×20 for all panes)."),
        "{screen}"
    );
    assert!(!screen.contains("1 Choices"), "{screen}");

    tmux.resize(WIDTH, HEIGHT);
    let screen = tmux.wait_for("Truth table");
    assert!(screen.contains("1 Choices"), "{screen}");
    assert!(!screen.contains("too small"), "{screen}");
    tmux.quit();
}

/// The stacked layout (narrower than 80, at least 30 rows) filling exactly `columns` x `rows`.
fn stacked_at(screen: &str, columns: usize, rows: usize) -> bool {
    let lines: Vec<&str> = screen.lines().collect();
    let starts = |prefix: &str| lines.iter().any(|line| line.starts_with(prefix));
    lines.len() == rows
        && lines[0].starts_with("┌ 1 Choices")
        && lines[0].ends_with('┐')
        && lines[0].chars().count() == columns
        && starts("┌ 2 Policy")
        && starts("┌ 3 Truth table")
        && lines[rows - 1].starts_with(" Space toggle")
}

#[test]
fn a_resize_storm_leaves_the_wizard_responsive() {
    let dir = temp_dir();
    let Some(tmux) = start_wizard("resize-storm", dir.path()) else {
        return;
    };
    // Fifty sizes in a row, no pause: too small, wide, compact, huge, just wide; the last one
    // stacked.
    let sizes = [(30, 8), (120, 40), (45, 12), (200, 60), (80, 20)];
    for (columns, rows) in sizes.into_iter().cycle().take(49) {
        tmux.resize(columns, rows);
    }
    tmux.resize(70, 36);
    let screen = tmux.wait_until("the stacked layout at 70x36", |s| stacked_at(s, 70, 36));
    assert_eq!(tmux.display("#{pane_width}x#{pane_height}"), "70x36");
    assert!(screen.contains("> [x] Console password"), "{screen}");

    tmux.send(&["j"]);
    let screen = tmux.wait_for("> [x] Access keys");
    assert!(stacked_at(&screen, 70, 36), "{screen}");
    tmux.quit();
}

// ---- a panic ----

/// A panic while drawing (the test-only trigger `IAMSELF_TUI_PANIC_IN_RENDER=1`, see
/// `src/tui/mod.rs`) gives the terminal back: the panic message whole and readable, exit status
/// 101, the alternate screen off, the cursor visible, the mouse released (`--mouse` took it),
/// and the line discipline cooked again (the modes raw mode turns off are on, and a shell
/// started afterwards echoes what is typed and runs it).
#[test]
fn a_panic_while_drawing_restores_the_terminal() {
    let dir = temp_dir();
    let before = folder_state(dir.path());
    let command = wizard_with_env("-u RUST_BACKTRACE IAMSELF_TUI_PANIC_IN_RENDER=1", "--mouse");
    let after = ["stty -a", "exec sh"];
    let Some(tmux) = Tmux::start_then("panic", dir.path(), &command, &after) else {
        return;
    };
    tmux.wait_for("Truth table");
    let modes = "#{alternate_on} #{cursor_flag} #{mouse_any_flag}";
    assert_eq!(tmux.display(modes), "1 0 1");
    tmux.send(&["j"]); // the next frame panics
    let (status, _) = tmux.wait_for_exit();
    assert_eq!(status, 101);
    assert_eq!(tmux.display(modes), "0 1 0");

    tmux.type_text("echo typed-$((6*7))");
    tmux.send(&["Enter"]);
    // The keys may reach the terminal before the shell has printed its prompt; the cooked line
    // discipline then echoes them early and the answer lands after the prompt ("# typed-42").
    // Either order proves the same thing: the shell read the line and ran it.
    let screen = tmux.wait_until("the shell to answer", |screen| {
        screen.lines().any(|line| {
            let line = line.trim_end();
            line.ends_with("typed-42") && !line.contains("echo")
        })
    });
    // Nothing was written over the panic message: it starts where the wizard started (after
    // the blank line Rust's panic message opens with), then come the exit status and stty's
    // report.
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .skip_while(|line| line.is_empty())
        .collect();
    assert!(
        lines[0].starts_with("thread 'main'") && lines[0].contains("panicked at"),
        "{screen}"
    );
    assert_eq!(
        lines[1], "IAMSELF_TUI_PANIC_IN_RENDER=1: a panic while drawing, as asked",
        "{screen}"
    );
    assert!(lines.contains(&"EXITED 101"), "{screen}");
    let words: Vec<&str> = screen
        .split_whitespace()
        .map(|word| word.trim_end_matches(';'))
        .collect();
    for mode in ["icanon", "echo", "isig", "iexten", "icrnl", "ixon", "opost"] {
        assert!(words.contains(&mode), "stty -a lacks {mode}:\n{screen}");
        let off = format!("-{mode}");
        assert!(!words.contains(&off.as_str()), "{off}:\n{screen}");
    }
    assert_unchanged(dir.path(), &before);
}
