//! State-machine tests of an opened file: a minified policy laid out (and `w` back to the file
//! as written, with findings' lines following), the honest inference, a file that is not a
//! policy, and `o` back to the file after a change of choice.

use std::path::PathBuf;

use crate::policy::model::choices::{Choices, Preset};
use crate::tui::action::{Action, Pane, ResultsTab};
use crate::tui::app::{App, Origin, StatusKind};
use crate::tui::checks_model::{CheckEntry, CheckLine};
use crate::tui::choice_items::index_of;
use crate::tui::keys::FileView;
use crate::tui::theme::Theme;

fn status_text(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

fn open(text: &str) -> App {
    App::open(
        PathBuf::from("mine.json"),
        text.to_owned(),
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    )
}

fn toggle_choice(app: &mut App, item: &str) {
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Top);
    for _ in 0..index_of(item).expect("listed") {
        app.update(Action::Down);
    }
    app.update(Action::Toggle);
}

/// AWS-docs as one line: `aws-docs` has findings with lines, and its journey its statements.
fn minified_aws_docs() -> String {
    let value = crate::policy::generate::generate(&Preset::AwsDocs.choices());
    serde_json::to_string(&value).expect("serializes")
}

fn finding_lines(app: &App) -> Vec<usize> {
    app.check_findings().iter().filter_map(|f| f.line).collect()
}

#[test]
fn a_minified_policy_is_laid_out_and_w_shows_it_as_written() {
    let minified = minified_aws_docs();
    let mut app = open(&minified);
    assert_eq!(app.view().file, FileView::LaidOut);
    let laid_out = app.preview_text().to_owned();
    assert!(laid_out.lines().count() > 40);
    assert!(laid_out.starts_with("{\n    \"Version\": \"2012-10-17\",\n"));
    // Findings point at lines of the text shown.
    let lines = finding_lines(&app);
    assert!(lines.iter().any(|line| *line > 1), "{lines:?}");
    let same_size = app.analysis.as_ref().expect("valid").size;

    app.update(Action::ToggleLayout);
    assert_eq!(app.preview_text(), minified);
    assert_eq!(app.view().file, FileView::AsWritten);
    assert!(finding_lines(&app).iter().all(|line| *line == 1));
    assert_eq!(app.analysis.as_ref().expect("valid").size, same_size);
    assert!(
        status_text(&app).contains("as written"),
        "{}",
        status_text(&app)
    );

    app.update(Action::ToggleLayout);
    assert_eq!(app.preview_text(), laid_out);
    assert_eq!(finding_lines(&app), lines);
}

#[test]
fn enter_on_a_step_follows_the_form_shown() {
    let mut app = open(&minified_aws_docs());
    app.update(Action::SwitchTab);
    let steps = app.analysis.as_ref().expect("valid").journey.steps.clone();
    let index = steps
        .iter()
        .position(|s| !s.decision.statements().is_empty())
        .expect("a decided step");
    app.update(Action::Top);
    while app.check_entries()[app.checks_selected].0 != CheckEntry::Step(index) {
        app.update(Action::Down);
    }
    app.update(Action::Toggle);
    let laid_out_mark = app.preview_mark.expect("marked");
    assert!(laid_out_mark > 0);

    app.update(Action::ToggleLayout);
    assert_eq!(app.preview_mark, None, "a new text clears the mark");
    app.update(Action::Toggle);
    assert_eq!(
        app.preview_mark,
        Some(0),
        "the one line of the file as written"
    );
}

#[test]
fn a_file_written_over_several_lines_is_shown_as_written_and_w_lays_it_out() {
    let text = "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:GetUser\", \"Resource\": \"*\"}]\n}\n";
    let mut app = open(text);
    assert_eq!(app.preview_text(), text);
    assert_eq!(app.view().file, FileView::AsWritten);
    app.update(Action::ToggleLayout);
    assert_eq!(app.view().file, FileView::LaidOut);
    assert!(!app.preview_text().contains('\t'));
}

#[test]
fn a_preset_policy_is_said_to_be_reproduced() {
    let text = crate::policy::output::export::to_pretty_json(&crate::policy::generate::generate(
        &Preset::MfaOnly.choices(),
    ));
    let mut app = open(&text);
    assert_eq!(app.choices, Preset::MfaOnly.choices());
    assert!(
        status_text(&app).contains("(preset mfa-only) reproduce this policy"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.checks[0], CheckLine::Inference);
    // Written as the wizard lays policies out: w has nothing to switch, nor offers to.
    assert_eq!(app.view().file, FileView::None);
    app.update(Action::ToggleLayout);
    assert_eq!(app.preview_text(), text);
    assert!(status_text(&app).contains("one member per line already"));
}

#[test]
fn inference_says_when_no_choice_set_reproduces_the_policy() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Own", "Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "Buckets", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#;
    let app = open(text);
    let status = status_text(&app);
    assert!(
        status.contains("no choice set reproduces this policy; closest: "),
        "{status}"
    );
    assert!(status.contains("s3:ListAllMyBuckets"), "{status}");
    let inference = app
        .opened
        .as_ref()
        .and_then(|f| f.inference.as_ref())
        .expect("inferred");
    assert!(!inference.reproduces);
    assert_eq!(app.checks[0], CheckLine::Inference);
}

#[test]
fn an_invalid_file_does_not_pass_defaults_off_as_inferred() {
    let app = open("{\"Version\": \"2012-10-17\", \"Statement\": [}");
    assert_eq!(app.choices, Choices::default());
    assert_eq!(app.status.as_ref().map(|s| s.kind), Some(StatusKind::Error));
    assert!(
        status_text(&app).contains("defaults, not read from the file"),
        "{}",
        status_text(&app)
    );
    let file = app.opened.as_ref().expect("kept");
    assert_eq!(file.inference, None);
    assert_eq!(file.laid_out, None, "not JSON: shown as written only");
    assert_eq!(app.checks[0], CheckLine::Inference);
    assert_eq!(app.view().file, FileView::None);
}

#[test]
fn o_returns_to_the_opened_file_after_a_change_of_choice() {
    let minified = minified_aws_docs();
    let mut app = open(&minified);
    let inferred = app.choices.clone();
    let laid_out = app.preview_text().to_owned();
    app.update(Action::ToggleLayout);

    toggle_choice(&mut app, "console-info");
    assert_eq!(app.origin, Origin::Generated);
    assert_eq!(app.view().file, FileView::Left);
    assert!(
        status_text(&app).contains("o returns to it"),
        "{}",
        status_text(&app)
    );
    assert!(!matches!(app.checks[0], CheckLine::Inference));

    app.update(Action::BackToFile);
    assert!(matches!(app.origin, Origin::Opened { .. }));
    assert_eq!(app.preview_text(), laid_out, "as it was opened");
    assert_eq!(app.choices, inferred);
    assert_eq!(app.checks[0], CheckLine::Inference);
    assert!(
        status_text(&app).starts_with("Back to mine.json"),
        "{}",
        status_text(&app)
    );

    // Once there, o and w say what they do instead of doing nothing silently.
    app.update(Action::BackToFile);
    assert!(status_text(&app).contains("already shown"));
    let mut generated = App::new(Choices::default(), Theme::COLOR, (80, 24));
    generated.update(Action::BackToFile);
    assert!(status_text(&generated).contains("--open"));
    generated.update(Action::ToggleLayout);
    assert!(status_text(&generated).contains("--open"));
    assert_eq!(generated.results_tab, ResultsTab::TruthTable);
}
