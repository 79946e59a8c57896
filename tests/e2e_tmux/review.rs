//! The Checks tab and opened files in a real terminal: `t` (named in the footer) shows the
//! checks, the cursor moves with the list keys, `G` stops with the last step on the bottom row,
//! Enter scrolls the policy to the statement; a minified file is laid out, `w` shows it as
//! written, `o` returns to it after a change of choice, tabs show, and inference says when no
//! choice set reproduces the file.

use super::harness::{Tmux, generate, temp_dir, wizard};

/// The `n/m` position in the bottom border of pane 3 (the Checks tab).
fn position(screen: &str) -> Option<(usize, usize)> {
    screen.lines().find_map(|line| {
        let tail = line.trim_end().strip_suffix('┘')?.trim_end();
        let word = tail.rsplit(' ').next()?;
        let (n, m) = word.split_once('/')?;
        Some((n.parse().ok()?, m.parse().ok()?))
    })
}

/// The preview's `first-last / total` position.
fn preview_lines(screen: &str) -> Option<(usize, usize)> {
    screen.lines().find_map(|line| {
        let at = line.find(" / ")?;
        let before = line[..at].rsplit(' ').next()?;
        let (first, last) = before.split_once('-')?;
        Some((first.parse().ok()?, last.parse().ok()?))
    })
}

/// `row` without its escape sequences (`ESC [ ... letter`).
fn without_escapes(row: &str) -> String {
    let mut plain = String::with_capacity(row.len());
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // Up to and including the final letter of the sequence.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn checks_are_reached_with_t_and_enter_shows_the_statement() {
    let dir = temp_dir();
    let command = format!("{} --preset aws-docs", wizard());
    let Some(tmux) = Tmux::start("checks", dir.path(), &command) else {
        return;
    };
    // The first screen's footer names the key; the selected row's resource is readable whole.
    let screen = tmux.wait_for("t checks");
    assert!(
        screen.contains("arn:aws:iam::123456789012:user/alice"),
        "{screen}"
    );
    tmux.send(&["t"]);
    let screen = tmux.wait_for("Enter show in policy");
    let (first, count) = position(&screen).expect("a position indicator");
    assert_eq!(first, 1, "{screen}");
    assert!(count > 10, "{screen}");

    // G: the last step, drawn down to the bottom row of the pane (nothing blank below it).
    tmux.send(&["G"]);
    let screen = tmux.wait_for(&format!(" {count}/{count} "));
    let lines: Vec<&str> = screen.lines().collect();
    let border = lines
        .iter()
        .position(|line| line.contains(&format!(" {count}/{count} ")))
        .expect("the bottom border");
    let last_row = lines[border - 1];
    let inside = last_row.rsplit('│').nth(1).unwrap_or("");
    assert!(!inside.trim().is_empty(), "blank last row:\n{screen}");
    // PgDn stays there.
    tmux.send(&["PageDown"]);
    tmux.send(&["j"]);
    assert_eq!(position(&tmux.capture()), Some((count, count)));

    // The second finding: Enter scrolls the policy to its line.
    tmux.send(&["g", "j"]);
    tmux.wait_for(&format!(" 2/{count} "));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Policy line ");
    let line: usize = screen
        .split("Policy line ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .expect("a line number");
    let (shown_first, shown_last) = preview_lines(&screen).expect("the preview's position");
    assert!(
        shown_first <= line && line <= shown_last && shown_first > 1,
        "line {line} not in {shown_first}-{shown_last}:\n{screen}"
    );
    // The marked line is that line of the policy, drawn in reverse video.
    let policy = generate(&["--preset", "aws-docs"]);
    let expected = policy.lines().nth(line - 1).expect("in the policy").trim();
    let styled = tmux.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout;
    let styled = String::from_utf8_lossy(&styled);
    assert!(
        styled
            .lines()
            .any(|row| row.contains("\x1b[7m") && without_escapes(row).contains(expected)),
        "{expected:?} not in reverse video:\n{styled}"
    );
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn an_opened_minified_file_is_laid_out_and_w_and_o_work() {
    let dir = temp_dir();
    let minified = generate(&["--preset", "aws-docs", "--format", "minified"]);
    std::fs::write(dir.path().join("min.json"), &minified).expect("writable temp folder");
    let command = format!("{} --open min.json", wizard());
    let Some(tmux) = Tmux::start("minified", dir.path(), &command) else {
        return;
    };
    let screen = tmux.wait_for("laid out · 1-");
    assert!(
        screen.contains("(preset aws-docs) reproduce this policy"),
        "{screen}"
    );
    assert!(
        screen.contains("    \"Version\": \"2012-10-17\","),
        "{screen}"
    );

    // In the policy pane the footer offers w.
    tmux.send(&["2"]);
    tmux.wait_for("w as written");
    tmux.send(&["w"]);
    let screen = tmux.wait_for("min.json as written");
    assert!(screen.contains("{\"Version\":\"2012-10-17\""), "{screen}");
    assert!(
        screen.contains(" 1-1 / 1 "),
        "one line as written:\n{screen}"
    );
    tmux.send(&["w"]);
    tmux.wait_for("laid out · 1-");

    // A change of choice shows the generated policy; o returns to the file as opened.
    tmux.send(&["1", "Space"]);
    tmux.wait_for("o returns to it");
    tmux.send(&["o"]);
    let screen = tmux.wait_for("Back to min.json");
    assert!(screen.contains("laid out · 1-"), "{screen}");
    assert!(screen.contains("[x] Console password"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn tabs_show_and_inference_says_when_nothing_matches() {
    let dir = temp_dir();
    let text = "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": [\n\t\t{\"Effect\": \"Allow\", \"Action\": \"s3:ListAllMyBuckets\", \"Resource\": \"*\"}\n\t]\n}\n";
    std::fs::write(dir.path().join("tabs.json"), text).expect("writable temp folder");
    let command = format!("{} --open tabs.json", wizard());
    let Some(tmux) = Tmux::start("tabs", dir.path(), &command) else {
        return;
    };
    let screen = tmux.wait_for("no choice set reproduces this policy; closest:");
    assert!(
        screen.contains("→   \"Version\": \"2012-10-17\","),
        "{screen}"
    );
    assert!(screen.contains("→   →   {\"Effect\""), "{screen}");
    // The Checks tab says it too, first.
    tmux.send(&["t"]);
    tmux.wait_for("Choices: no choice set reproduces");
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn an_invalid_file_says_its_choices_are_defaults() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("bad.json"), "{\"Version\": \"2012-10-17\",").expect("writable");
    let command = format!("{} --open bad.json", wizard());
    let Some(tmux) = Tmux::start("invalid", dir.path(), &command) else {
        return;
    };
    tmux.wait_for("defaults, not read from the file");
    tmux.send(&["q"]);
    tmux.wait_for("EXITED 0");
}
