//! State-machine tests of the Checks tab: reaching it, its cursor, and Enter showing the
//! statement concerned in the policy preview.

use crate::policy::engine::Verdict;
use crate::policy::model::choices::{Choices, Preset};
use crate::tui::action::{Action, Pane, ResultsTab};
use crate::tui::app::App;
use crate::tui::checks_model::CheckEntry;
use crate::tui::theme::Theme;

fn status_text(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

/// The AWS-docs preset: findings with lines and a journey with failures.
fn aws_docs() -> App {
    App::new(Preset::AwsDocs.choices(), Theme::COLOR, (80, 24))
}

fn select_entry(app: &mut App, wanted: impl Fn(CheckEntry) -> bool) -> CheckEntry {
    app.update(Action::Top);
    for _ in 0..app.check_entries().len() {
        let (entry, _) = app.check_entries()[app.checks_selected].clone();
        if wanted(entry) {
            return entry;
        }
        app.update(Action::Down);
    }
    panic!("no such entry");
}

#[test]
fn t_from_any_pane_shows_the_checks_focused() {
    for pane in [Pane::Choices, Pane::Preview] {
        let mut app = aws_docs();
        app.update(Action::FocusPane(pane));
        app.update(Action::SwitchTab);
        assert_eq!(
            (app.focus, app.results_tab),
            (Pane::Results, ResultsTab::Checks)
        );
        // In pane 3, t switches between the two tabs.
        app.update(Action::SwitchTab);
        assert_eq!(app.results_tab, ResultsTab::TruthTable);
        app.update(Action::SwitchTab);
        assert_eq!(app.results_tab, ResultsTab::Checks);
    }
}

#[test]
fn the_cursor_moves_over_findings_and_steps_with_the_list_keys() {
    let mut app = aws_docs();
    app.update(Action::SwitchTab);
    let entries = app.check_entries();
    let findings = app.check_findings().len();
    let steps = app.analysis.as_ref().expect("valid").journey.steps.len();
    assert!(findings > 0);
    assert_eq!(entries.len(), findings + steps);
    assert_eq!(app.checks_selected, 0);
    assert_eq!(entries[0].0, CheckEntry::Finding(0));

    app.update(Action::Down);
    assert_eq!(app.checks_selected, 1);
    app.update(Action::Up);
    app.update(Action::Up);
    assert_eq!(app.checks_selected, 0);

    app.update(Action::Bottom);
    assert_eq!(app.checks_selected, entries.len() - 1);
    assert_eq!(entries[app.checks_selected].0, CheckEntry::Step(steps - 1));
    app.update(Action::Down);
    app.update(Action::PageDown);
    assert_eq!(app.checks_selected, entries.len() - 1, "stops at the last");

    // A page moves by more than one entry and less than all of them.
    app.update(Action::Top);
    app.update(Action::PageDown);
    let after_page = app.checks_selected;
    assert!(
        after_page > 1 && after_page < entries.len() - 1,
        "{after_page}"
    );
    app.update(Action::PageUp);
    assert_eq!(app.checks_selected, 0);
}

#[test]
fn enter_on_a_finding_scrolls_the_preview_to_its_line_and_marks_it() {
    let mut app = aws_docs();
    app.update(Action::SwitchTab);
    let findings = app.check_findings().to_vec();
    let index = findings
        .iter()
        .position(|f| f.line.is_some_and(|line| line > 20))
        .expect("a finding far down the policy");
    select_entry(&mut app, |e| e == CheckEntry::Finding(index));
    let line = findings[index].line.expect("a line");
    assert_eq!(app.update(Action::Toggle), None);
    assert_eq!(app.preview_mark, Some(line - 1));
    assert!(app.preview_scroll > 0 && app.preview_scroll < line);
    assert!(
        status_text(&app).contains(&format!("line {line}")),
        "{}",
        status_text(&app)
    );
    // Still in the checks: the cursor goes on from there.
    assert_eq!(
        (app.focus, app.results_tab),
        (Pane::Results, ResultsTab::Checks)
    );
    assert_eq!(app.choices, Preset::AwsDocs.choices());
}

#[test]
fn enter_on_a_step_marks_the_deciding_statement_by_its_sid() {
    let mut app = aws_docs();
    app.update(Action::SwitchTab);
    let steps = app.analysis.as_ref().expect("valid").journey.steps.clone();
    let index = steps
        .iter()
        .rposition(|s| s.decision.verdict() == Verdict::Allowed)
        .expect("an allowed step");
    let label = steps[index]
        .decision
        .labels()
        .next()
        .expect("a statement")
        .to_owned();
    select_entry(&mut app, |e| e == CheckEntry::Step(index));
    app.update(Action::Toggle);
    let mark = app.preview_mark.expect("a marked line");
    let marked = app.preview_text().lines().nth(mark).expect("in the text");
    assert!(
        marked.contains(&format!("\"Sid\": \"{label}\"")),
        "{marked}"
    );
    assert!(status_text(&app).contains(&label), "{}", status_text(&app));

    // A new policy text clears the mark.
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Toggle);
    assert_eq!(app.preview_mark, None);
}

#[test]
fn enter_on_a_step_no_statement_decided_says_so() {
    let mut app = App::new(Preset::PasswordOnly.choices(), Theme::COLOR, (80, 24));
    app.update(Action::SwitchTab);
    let steps = app.analysis.as_ref().expect("valid").journey.steps.clone();
    let index = steps
        .iter()
        .position(|s| s.decision.statements().is_empty())
        .expect("an implicit deny");
    select_entry(&mut app, |e| e == CheckEntry::Step(index));
    app.update(Action::Toggle);
    assert_eq!(app.preview_mark, None);
    assert!(
        status_text(&app).contains("no statement decided"),
        "{}",
        status_text(&app)
    );
}

#[test]
fn the_selection_survives_a_change_and_stays_within_the_list() {
    let mut app = App::new(Choices::default(), Theme::COLOR, (80, 24));
    app.update(Action::SwitchTab);
    app.update(Action::Bottom);
    let last = app.check_entries().len() - 1;
    assert_eq!(app.checks_selected, last);
    // MFA only: fewer steps; the cursor is clamped to the new last entry.
    let mut fewer = App::new(Preset::MfaOnly.choices(), Theme::COLOR, (80, 24));
    fewer.checks_selected = usize::MAX;
    fewer.update(Action::Resize(80, 24));
    assert_eq!(fewer.checks_selected, fewer.check_entries().len() - 1);
}
