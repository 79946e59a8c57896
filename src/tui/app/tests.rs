//! State-machine tests for `App::update`: actions in, state and effects out, no terminal.

use std::path::PathBuf;

use crate::policy::generate::generate;
use crate::policy::model::choices::{Attachment, Choices, Credential, Preset};
use crate::policy::output::export::to_pretty_json;
use crate::policy::output::export::{Format, render};
use crate::tui::action::{Action, CopyOutcome, Pane, ResultsTab, SaveOutcome, Task};
use crate::tui::app::{App, DEFAULT_FILE_NAME, Mode, Origin, StatusKind};
use crate::tui::choice_items::{ITEMS, index_of};
use crate::tui::theme::Theme;

fn app() -> App {
    App::new(Choices::default(), Theme::COLOR, (120, 40))
}

/// Moves the selection to `item` with Down presses, as a user would.
fn select(app: &mut App, item: &str) {
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Top);
    let index = index_of(item).expect("item listed");
    for _ in 0..index {
        assert_eq!(app.update(Action::Down), None);
    }
    assert_eq!(app.selected().key, item);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(app.update(Action::Input(c)), None);
    }
}

fn clear_input(app: &mut App) {
    app.update(Action::CursorEnd);
    for _ in 0..100 {
        app.update(Action::Backspace);
    }
}

fn status_text(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

fn analysis_text(app: &App) -> &str {
    &app.analysis.as_ref().expect("a valid policy").pretty
}

#[test]
fn starts_on_the_generated_policy_for_the_choices() {
    let app = App::new(Preset::MfaOnly.choices(), Theme::COLOR, (80, 24));
    assert_eq!(app.origin, Origin::Generated);
    let expected = to_pretty_json(&generate(&Preset::MfaOnly.choices()));
    assert_eq!(analysis_text(&app), expected);
    assert_eq!(app.preview_text(), expected);
    assert_eq!(app.highlighted.line_count(), expected.lines().count());
    assert_eq!(app.focus, Pane::Choices);
    assert_eq!(app.mode, Mode::Main);
}

#[test]
fn toggling_a_choice_regenerates_and_reanalyses_at_once() {
    let mut app = app();
    let before = analysis_text(&app).to_owned();
    select(&mut app, "ssh-keys");
    assert_eq!(app.update(Action::Toggle), None);
    assert!(!app.choices.has(Credential::SshKeys));
    let after = analysis_text(&app);
    assert_ne!(after, before);
    assert_eq!(after, to_pretty_json(&generate(&app.choices)));
    assert!(!after.contains("SSHPublicKey"));
    assert_eq!(app.highlighted.line_count(), after.lines().count());
    // And back.
    app.update(Action::Toggle);
    assert_eq!(analysis_text(&app), before);
}

#[test]
fn every_item_is_reachable_and_changes_what_it_says() {
    for (index, item) in ITEMS.iter().enumerate() {
        let mut app = app();
        select(&mut app, item.key);
        assert_eq!(app.selected_item, index);
        let choices_before = app.choices.clone();
        let format_before = app.format;
        app.update(Action::Toggle);
        match item.key {
            "account" => assert!(matches!(app.mode, Mode::EditAccount(_))),
            "format" => assert_ne!(app.format, format_before),
            _ => assert_ne!(app.choices, choices_before, "{}", item.key),
        }
    }
}

#[test]
fn attachment_changes_the_size_limit_checked() {
    let mut app = app();
    select(&mut app, "attachment");
    app.update(Action::Toggle);
    assert_eq!(app.choices.attachment, Attachment::User);
    let analysis = app.analysis.as_ref().expect("valid");
    assert_eq!(analysis.attachment, Attachment::User);
}

#[test]
fn toggle_only_acts_in_the_choices_pane() {
    let mut app = app();
    app.update(Action::FocusPane(Pane::Preview));
    app.update(Action::Toggle);
    assert_eq!(app.choices, Choices::default());
}

#[test]
fn account_is_validated_on_enter() {
    let mut app = app();
    select(&mut app, "account");
    app.update(Action::Toggle);
    let Mode::EditAccount(input) = &app.mode else {
        panic!("editing expected, got {:?}", app.mode);
    };
    assert_eq!(input.text(), "*");

    clear_input(&mut app);
    type_text(&mut app, "12345");
    assert_eq!(app.update(Action::Submit), None);
    // Refused: still editing, the message shown, the old value kept.
    let Mode::EditAccount(input) = &app.mode else {
        panic!("still editing expected");
    };
    assert!(input.error.as_deref().unwrap_or("").contains("12 digits"));
    assert_eq!(app.choices.account.as_str(), "*");

    type_text(&mut app, "6789012");
    app.update(Action::Submit);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(app.choices.account.as_str(), "123456789012");
    assert!(analysis_text(&app).contains("arn:aws:iam::123456789012:user/"));
}

#[test]
fn escape_cancels_account_editing() {
    let mut app = app();
    select(&mut app, "account");
    app.update(Action::Toggle);
    type_text(&mut app, "999");
    app.update(Action::Close);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(app.choices.account.as_str(), "*");
    assert_eq!(status_text(&app), "Account unchanged");
}

#[test]
fn keys_that_are_letters_elsewhere_are_typed_while_editing() {
    let mut app = app();
    select(&mut app, "account");
    app.update(Action::Toggle);
    // Movement and pane actions do nothing to the field or the panes.
    app.update(Action::Down);
    app.update(Action::NextPane);
    assert_eq!(app.focus, Pane::Choices);
    assert!(matches!(app.mode, Mode::EditAccount(_)));
}

#[test]
fn save_asks_for_a_name_then_emits_the_save() {
    let mut app = app();
    assert_eq!(app.update(Action::Save), None);
    let Mode::SaveAs(input) = &app.mode else {
        panic!("save prompt expected");
    };
    assert_eq!(input.text(), DEFAULT_FILE_NAME);

    let effect = app.update(Action::Submit);
    let document = &app.analysis.as_ref().expect("valid").document();
    assert_eq!(
        effect,
        Some(Task::Save {
            path: PathBuf::from(DEFAULT_FILE_NAME),
            contents: render(document, Format::Json),
            overwrite: false,
        })
    );
    assert_eq!(app.mode, Mode::Main);
    app.update(Action::Saved(SaveOutcome::Saved(PathBuf::from(
        DEFAULT_FILE_NAME,
    ))));
    assert!(status_text(&app).starts_with("Saved self-manage-credentials.json"));
}

#[test]
fn an_existing_file_is_overwritten_only_after_yes() {
    let mut app = app();
    app.update(Action::Save);
    clear_input(&mut app);
    type_text(&mut app, "policy.json");
    let Some(Task::Save { contents, .. }) = app.update(Action::Submit) else {
        panic!("save effect expected");
    };
    let path = PathBuf::from("policy.json");
    app.update(Action::Saved(SaveOutcome::Exists(path.clone())));
    assert_eq!(app.mode, Mode::ConfirmOverwrite { path: path.clone() });
    // Anything but yes or no is ignored.
    assert_eq!(app.update(Action::Copy), None);
    assert_eq!(app.mode, Mode::ConfirmOverwrite { path: path.clone() });
    assert_eq!(
        app.update(Action::Confirm),
        Some(Task::Save {
            path,
            contents,
            overwrite: true
        })
    );
    assert_eq!(app.mode, Mode::Main);
}

#[test]
fn declining_the_overwrite_keeps_the_file() {
    let mut app = app();
    app.update(Action::Save);
    app.update(Action::Submit);
    app.update(Action::Saved(SaveOutcome::Exists(PathBuf::from(
        DEFAULT_FILE_NAME,
    ))));
    assert_eq!(app.update(Action::Close), None);
    assert_eq!(app.mode, Mode::Main);
    assert!(status_text(&app).contains("Not saved"));
}

#[test]
fn a_failed_save_is_reported_and_nothing_is_lost() {
    let mut app = app();
    select(&mut app, "console-info");
    app.update(Action::Toggle);
    let choices = app.choices.clone();
    app.update(Action::Save);
    app.update(Action::Submit);
    app.update(Action::Saved(SaveOutcome::Failed(
        "No space left on device".to_owned(),
    )));
    assert_eq!(app.status.as_ref().map(|s| s.kind), Some(StatusKind::Error));
    assert!(status_text(&app).contains("No space left on device"));
    assert_eq!(app.choices, choices);
    assert_eq!(app.mode, Mode::Main);
}

#[test]
fn an_empty_file_name_is_refused() {
    let mut app = app();
    app.update(Action::Save);
    clear_input(&mut app);
    assert_eq!(app.update(Action::Submit), None);
    let Mode::SaveAs(input) = &app.mode else {
        panic!("still in the prompt");
    };
    assert!(input.error.is_some());
}

#[test]
fn save_format_follows_the_file_name_else_the_export_format() {
    let mut app = app();
    let document = app.analysis.as_ref().expect("valid").document();
    app.update(Action::CycleFormat);
    assert_eq!(app.format, Format::Minified);
    app.update(Action::Save);
    let Mode::SaveAs(input) = &app.mode else {
        panic!("save prompt expected");
    };
    // The suggested name carries the export format's extension.
    assert_eq!(input.text(), "self-manage-credentials.min.json");
    let Some(Task::Save { contents, .. }) = app.update(Action::Submit) else {
        panic!("save effect expected");
    };
    assert_eq!(contents, render(&document, Format::Minified));

    // A name asking for another format wins over the export format.
    app.update(Action::Save);
    clear_input(&mut app);
    type_text(&mut app, "policy.tf");
    let Some(Task::Save { contents, .. }) = app.update(Action::Submit) else {
        panic!("save effect expected");
    };
    assert_eq!(contents, render(&document, Format::Terraform));

    // A name that asks for nothing keeps the export format.
    app.update(Action::Save);
    clear_input(&mut app);
    type_text(&mut app, "policy.txt");
    let Some(Task::Save { contents, .. }) = app.update(Action::Submit) else {
        panic!("save effect expected");
    };
    assert_eq!(contents, render(&document, Format::Minified));
}

#[test]
fn copy_emits_the_policy_in_the_export_format_and_reports_how() {
    let mut app = app();
    let document = app.analysis.as_ref().expect("valid").document();
    assert_eq!(
        app.update(Action::Copy),
        Some(Task::Copy(render(&document, Format::Json)))
    );
    app.update(Action::Copied(CopyOutcome::Osc52 {
        reason: "tmux session".to_owned(),
    }));
    assert!(status_text(&app).starts_with("Sent via OSC 52, unconfirmed"));
    app.update(Action::Copied(CopyOutcome::Clipboard));
    assert!(status_text(&app).starts_with("Copied to the clipboard"));
    app.update(Action::Copied(CopyOutcome::TmuxBuffer));
    assert!(status_text(&app).starts_with("Copied to tmux's paste buffer"));
    app.update(Action::Copied(CopyOutcome::Failed(
        "no terminal".to_owned(),
    )));
    assert_eq!(app.status.as_ref().map(|s| s.kind), Some(StatusKind::Error));
    assert!(status_text(&app).contains("no terminal"));

    app.update(Action::CycleFormat);
    assert_eq!(
        app.update(Action::Copy),
        Some(Task::Copy(render(&document, Format::Minified)))
    );
}

/// OSC 52 has no answer: the terminal may drop the sequence (tmux does unless `set-clipboard on`,
/// a console does not know it), so the status says the text was sent, never that it was copied.
#[test]
fn an_osc52_copy_is_not_claimed_as_done() {
    let mut app = app();
    app.update(Action::Copied(CopyOutcome::Osc52 {
        reason: "no system clipboard: X11 server connection timed out".to_owned(),
    }));
    let status = status_text(&app);
    assert_eq!(
        status,
        "Sent via OSC 52, unconfirmed (json; no system clipboard: X11 server connection timed out)"
    );
    assert!(!status.contains("Copied"), "{status}");
}

#[test]
fn quit_from_every_mode() {
    let mut app = app();
    assert_eq!(app.update(Action::Quit), Some(Task::Quit));
    app.update(Action::Help);
    assert_eq!(app.update(Action::Quit), Some(Task::Quit));
    let mut app = self::app();
    app.update(Action::Save);
    assert_eq!(app.update(Action::Quit), Some(Task::Quit));
}

#[test]
fn escape_at_the_top_changes_nothing_but_the_status() {
    let mut app = app();
    app.update(Action::CycleFormat);
    assert_eq!(app.update(Action::Close), None);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(app.status, None);
    assert_eq!(app.choices, Choices::default());
}

#[test]
fn help_opens_and_closes() {
    let mut app = app();
    app.update(Action::Help);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    app.update(Action::Down);
    assert_eq!(app.mode, Mode::Help { scroll: 1 });
    app.update(Action::Close);
    assert_eq!(app.mode, Mode::Main);
    app.update(Action::Help);
    app.update(Action::Help);
    assert_eq!(app.mode, Mode::Main);
}

#[test]
fn tab_walks_the_panes_and_both_tabs() {
    let mut app = app();
    let mut stops = Vec::new();
    for _ in 0..4 {
        app.update(Action::NextPane);
        stops.push((app.focus, app.results_tab));
    }
    assert_eq!(
        stops,
        vec![
            (Pane::Preview, ResultsTab::TruthTable),
            (Pane::Results, ResultsTab::TruthTable),
            (Pane::Results, ResultsTab::Checks),
            (Pane::Choices, ResultsTab::Checks),
        ]
    );
    app.update(Action::PreviousPane);
    assert_eq!(
        (app.focus, app.results_tab),
        (Pane::Results, ResultsTab::Checks)
    );
    app.update(Action::PreviousPane);
    assert_eq!(
        (app.focus, app.results_tab),
        (Pane::Results, ResultsTab::TruthTable)
    );
    app.update(Action::SwitchTab);
    assert_eq!(app.results_tab, ResultsTab::Checks);
    app.update(Action::FocusPane(Pane::Preview));
    assert_eq!(app.focus, Pane::Preview);
}

#[test]
fn scrolling_stays_within_the_content() {
    let mut app = app();
    app.update(Action::FocusPane(Pane::Preview));
    app.update(Action::Bottom);
    let bottom = app.preview_scroll;
    assert!(bottom > 0 && bottom < app.highlighted.line_count());
    app.update(Action::PageDown);
    app.update(Action::Down);
    assert_eq!(app.preview_scroll, bottom);
    app.update(Action::Top);
    assert_eq!(app.preview_scroll, 0);
    app.update(Action::Up);
    assert_eq!(app.preview_scroll, 0);

    app.update(Action::FocusPane(Pane::Results));
    let rows = app.analysis.as_ref().expect("valid").table.rows.len();
    app.update(Action::Bottom);
    assert_eq!(app.table_row, rows - 1);
    app.update(Action::PageUp);
    assert!(app.table_row < rows - 1);

    app.update(Action::FocusPane(Pane::Choices));
    // The last line of the choices is the "Also attached" section's last row.
    app.update(Action::Bottom);
    assert_eq!(app.selected_item, app.choice_count() - 1);
    app.update(Action::Down);
    assert_eq!(app.selected_item, app.choice_count() - 1);
}

#[test]
fn a_smaller_terminal_clamps_the_scroll() {
    let mut app = app();
    app.update(Action::FocusPane(Pane::Preview));
    app.update(Action::Bottom);
    let at_120x40 = app.preview_scroll;
    app.update(Action::Resize(200, 60));
    assert_eq!(app.size, (200, 60));
    assert!(app.preview_scroll <= at_120x40);
}

#[test]
fn mouse_click_focuses_the_pane_under_it_and_wheel_scrolls_it() {
    let mut app = app();
    // 120x40: the preview is at the top right.
    app.update(Action::Click {
        column: 100,
        row: 3,
    });
    assert_eq!(app.focus, Pane::Preview);
    app.update(Action::Scroll {
        up: false,
        column: 100,
        row: 3,
    });
    assert_eq!(app.preview_scroll, 3);
    app.update(Action::Click { column: 2, row: 3 });
    assert_eq!(app.focus, Pane::Choices);
}

const VALID_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OwnPassword",
      "Effect": "Allow",
      "Action": ["iam:ChangePassword", "iam:GetUser"],
      "Resource": "arn:aws:iam::*:user/${aws:username}"
    }
  ]
}
"#;

#[test]
fn an_opened_policy_is_shown_as_written_until_a_choice_changes() {
    let path = PathBuf::from("mine.json");
    let mut app = App::open(
        path.clone(),
        VALID_POLICY.to_owned(),
        Choices::default(),
        Theme::COLOR,
        (120, 40),
    );
    assert_eq!(
        app.origin,
        Origin::Opened {
            path,
            text: VALID_POLICY.to_owned()
        }
    );
    assert_eq!(app.preview_text(), VALID_POLICY);
    assert!(app.analysis.is_ok());

    // The attachment only re-checks the size of the same file.
    select(&mut app, "attachment");
    app.update(Action::Toggle);
    assert!(matches!(app.origin, Origin::Opened { .. }));
    assert_eq!(
        app.analysis.as_ref().expect("valid").attachment,
        Attachment::User
    );

    select(&mut app, "console-info");
    app.update(Action::Toggle);
    assert_eq!(app.origin, Origin::Generated);
    assert!(status_text(&app).contains("generated policy"));
    assert_eq!(app.preview_text(), to_pretty_json(&generate(&app.choices)));
}

#[test]
fn an_opened_file_that_is_not_a_policy_keeps_the_app_usable() {
    let broken = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}\n";
    let mut app = App::open(
        PathBuf::from("broken.json"),
        broken.to_owned(),
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    );
    let unusable = app.analysis.as_ref().expect_err("not a policy");
    assert!(
        unusable
            .findings
            .iter()
            .any(|f| f.id() == "invalid-json" && f.line == Some(4)),
        "{:?}",
        unusable.findings
    );
    assert_eq!(app.status.as_ref().map(|s| s.kind), Some(StatusKind::Error));
    assert!(
        status_text(&app).contains("line 4"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.preview_text(), broken);

    assert_eq!(app.update(Action::Copy), None);
    assert!(status_text(&app).starts_with("Nothing copied"));
    assert_eq!(app.update(Action::Save), None);
    assert_eq!(app.mode, Mode::Main);

    app.update(Action::FocusPane(Pane::Results));
    app.update(Action::Bottom);
    assert_eq!(app.table_row, 0);

    select(&mut app, "enforce-mfa");
    app.update(Action::Toggle);
    assert_eq!(app.origin, Origin::Generated);
    assert!(app.analysis.is_ok());
}

#[test]
fn a_paste_goes_only_into_an_open_text_field() {
    let mut app = app();
    let before = app.clone();
    // On the main screen a paste is not key presses: no quit, no toggle, no save.
    assert_eq!(app.update(Action::Paste("q sy\n".to_owned())), None);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(app.choices, before.choices);

    // In the account field it is typed, line breaks dropped (nothing is submitted).
    select(&mut app, "account");
    app.update(Action::Toggle);
    app.update(Action::Paste("2109-8765-4321\n".to_owned()));
    let Mode::EditAccount(input) = &app.mode else {
        panic!("still editing expected, got {:?}", app.mode);
    };
    assert_eq!(input.text(), "2109-8765-4321");
    app.update(Action::Submit);
    assert_eq!(app.choices.account.as_str(), "210987654321");
}

#[test]
fn a_paste_never_answers_the_overwrite_question() {
    let mut app = app();
    app.update(Action::Save);
    app.update(Action::Submit);
    let path = PathBuf::from(DEFAULT_FILE_NAME);
    app.update(Action::Saved(SaveOutcome::Exists(path.clone())));
    assert_eq!(app.update(Action::Paste("y".to_owned())), None);
    assert_eq!(app.mode, Mode::ConfirmOverwrite { path });
}

#[test]
fn typing_replaces_the_account_placeholder_and_ctrl_u_clears() {
    let mut app = app();
    select(&mut app, "account");
    app.update(Action::Toggle);
    type_text(&mut app, "2109 8765 4321");
    let Mode::EditAccount(input) = &app.mode else {
        panic!("editing expected");
    };
    assert_eq!(input.text(), "2109 8765 4321", "the * is replaced");
    app.update(Action::ClearInput);
    let Mode::EditAccount(input) = &app.mode else {
        panic!("editing expected");
    };
    assert_eq!(input.text(), "");
    type_text(&mut app, "2109 8765 4321");
    app.update(Action::Submit);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(app.choices.account.as_str(), "210987654321");
}

#[test]
fn information_fades_after_a_few_ticks_errors_stay() {
    let mut app = app();
    app.update(Action::CycleFormat);
    assert!(status_text(&app).starts_with("Export format"));
    for _ in 1..crate::tui::app::STATUS_TICKS {
        app.update(Action::Tick);
    }
    assert!(app.status.is_some(), "still shown just before it fades");
    app.update(Action::Tick);
    assert_eq!(app.status, None);

    app.update(Action::Copied(CopyOutcome::Failed(
        "no clipboard".to_owned(),
    )));
    for _ in 0..20 {
        app.update(Action::Tick);
    }
    assert_eq!(app.status.as_ref().map(|s| s.kind), Some(StatusKind::Error));
    app.update(Action::Close);
    assert_eq!(app.status, None);
}

#[test]
fn a_choice_that_cannot_apply_is_not_toggled_and_says_why() {
    let mut app = app();
    select(&mut app, "enforce-mfa");
    app.update(Action::Toggle);
    assert!(!app.choices.enforce_mfa);
    select(&mut app, "mfa-check");
    let before = app.choices.clone();
    app.update(Action::Toggle);
    assert_eq!(app.choices, before);
    assert!(
        status_text(&app).contains("Enforce MFA"),
        "{}",
        status_text(&app)
    );
    assert!(app.explanation().contains("Enforce MFA"));
}

#[test]
fn a_click_ticks_the_choice_and_selects_the_row_under_the_pointer() {
    let mut app = app();
    let areas = app.areas().expect("room");
    let choices = areas.choices.expect("choices shown");
    // Row 0 inside the frame is the "Credentials" header, row 1 the password, row 5 SSH keys.
    let ssh = crate::tui::choice_items::index_of("ssh-keys").expect("listed");
    app.update(Action::Click {
        column: choices.x + 3,
        row: choices.y + 1 + 5,
    });
    assert_eq!(app.selected_item, ssh);
    assert!(!app.choices.has(Credential::SshKeys));
    // The header ticks nothing.
    let before = app.choices.clone();
    app.update(Action::Click {
        column: choices.x + 3,
        row: choices.y + 1,
    });
    assert_eq!(app.choices, before);

    let results = areas.results.expect("table shown");
    app.update(Action::Click {
        column: results.x + 3,
        row: results.y + 2 + 3,
    });
    assert_eq!(app.focus, Pane::Results);
    assert_eq!(app.table_row, 3);
}
