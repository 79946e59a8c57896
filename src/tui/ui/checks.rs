//! The checks tab: the lint findings (severity, id, statement, message, fix) and the journey
//! (per stage, per step: what the policy answers and whether that is what it should answer).

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::policy::engine::{Mfa, MissingAllow, Verdict};
use crate::policy::lint::{Finding, Severity};
use crate::policy::reports::journey::{JourneyStep, STAGE_TITLES};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::checks_model::{CheckEntry, CheckLine};
use crate::tui::choice_items::fixed_by;
use crate::tui::theme::Theme;
use crate::tui::verdict::{self, StepMark};
use crate::tui::wrap::wrap_line;

/// Where wrapped lines continue: under the text after the mark and symbol of a journey step, the
/// severity of a finding, and the `fix:` label.
const STEP_INDENT: usize = 8;
const FINDING_HEAD_INDENT: usize = 10;
const FINDING_TEXT_INDENT: usize = 4;
const FIX_INDENT: usize = 9;
const STAGE_INDENT: usize = 2;
const INFERENCE_INDENT: usize = 9;
/// The cursor in front of the selected finding or step, and the room it takes in front of the
/// others.
const CURSOR: &str = "> ";
const NO_CURSOR: &str = "  ";

/// A logical line and the indent of its continuation lines.
type Indented<'a> = (Line<'a>, usize);

/// Draws the lines from the first row that keeps the selected entry in view: from the top while
/// it fits there, else with the selection ending on the bottom row (as the truth table scrolls),
/// so the view never goes past the last line (`G` shows the last step on the bottom row).
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let height = usize::from(area.height);
    let entries = app.check_entries();
    let selected_entry = entries.get(app.checks_selected).map(|(entry, _)| *entry);
    let selected = entries
        .get(app.checks_selected)
        .map(|(_, lines)| lines.clone());
    let focused = app.focus == Pane::Results;
    let mut rows: Vec<Line<'_>> = Vec::new();
    let mut selected_rows = 0..0;
    for (index, check_line) in app.checks.iter().enumerate() {
        let is_selected = selected
            .as_ref()
            .is_some_and(|range| range.contains(&index));
        let (mut line, indent) = line(app, *check_line, selected_entry);
        if is_selected && focused {
            line = line.patch_style(app.theme.selected);
        }
        if is_selected && selected.as_ref().is_some_and(|range| range.start == index) {
            selected_rows.start = rows.len();
        }
        rows.extend(wrap_line(&line, width, indent));
        if is_selected {
            selected_rows.end = rows.len();
        }
    }
    let offset = first_row(&selected_rows, height);
    let visible: Vec<Line<'_>> = rows.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// The first row shown so that `selected` (rows) is in a view `height` rows tall: 0 while it
/// fits from the top, else the row that puts its end on the bottom row (its start when it is
/// taller than the view).
fn first_row(selected: &Range<usize>, height: usize) -> usize {
    if selected.end <= height {
        0
    } else {
        (selected.end - height).min(selected.start)
    }
}

/// The findings and journey step lines stand for (those of an unusable file have findings
/// only).
fn findings(app: &App) -> &[Finding] {
    app.check_findings()
}

fn steps(app: &App) -> &[JourneyStep] {
    app.analysis
        .as_ref()
        .map_or(&[], |analysis| &analysis.journey.steps)
}

/// The cursor when `check_line` belongs to the selected entry, else the same room blank.
fn cursor(check_line: CheckLine, selected: Option<CheckEntry>) -> &'static str {
    if selected.is_some() && check_line.entry() == selected {
        CURSOR
    } else {
        NO_CURSOR
    }
}

/// One line of the tab, styled, with the indent its continuation lines take.
fn line(app: &App, check_line: CheckLine, selected: Option<CheckEntry>) -> Indented<'_> {
    let theme = &app.theme;
    match check_line {
        CheckLine::Inference => (inference_line(app), INFERENCE_INDENT),
        CheckLine::FindingsSummary => (
            Line::from(Span::styled(findings_summary(findings(app)), theme.section)),
            0,
        ),
        CheckLine::FindingHead(index) => {
            let finding = &findings(app)[index];
            let mut head = finding_head(finding, theme);
            head.spans
                .insert(0, Span::raw(cursor(check_line, selected)));
            (head, FINDING_HEAD_INDENT)
        }
        CheckLine::FindingMessage(index) => (
            Line::from(format!("    {}", findings(app)[index].message)),
            FINDING_TEXT_INDENT,
        ),
        CheckLine::FindingFix(index) => (
            Line::from(Span::styled(fix_text(&findings(app)[index]), theme.dim)),
            FIX_INDENT,
        ),
        CheckLine::Blank => (Line::raw(""), 0),
        CheckLine::JourneySummary => (
            Line::from(Span::styled(journey_summary(steps(app)), theme.section)),
            0,
        ),
        CheckLine::Stage(stage) => {
            let title = STAGE_TITLES[usize::from(stage) - 1];
            (
                Line::from(Span::styled(format!("{stage} {title}"), theme.key)),
                STAGE_INDENT,
            )
        }
        CheckLine::Step(index) => (
            step_line(&steps(app)[index], cursor(check_line, selected), theme),
            STEP_INDENT,
        ),
        CheckLine::StepDetail(index) => (
            Line::from(Span::styled(
                format!(
                    "{}{}",
                    " ".repeat(STEP_INDENT),
                    step_detail(&steps(app)[index])
                ),
                theme.dim,
            )),
            STEP_INDENT,
        ),
        CheckLine::NoJourney => (
            Line::from(Span::styled(
                "No journey: the file is not a valid policy. Fix it and open it again, or change any choice to start from a generated policy.",
                theme.dim,
            )),
            0,
        ),
    }
}

/// `Choices: no choice set reproduces this policy; closest: ...`, or that the ticked ones are
/// the defaults because the file is not a policy.
fn inference_line(app: &App) -> Line<'_> {
    let theme = &app.theme;
    let inference = app.opened.as_ref().and_then(|file| file.inference.as_ref());
    let (text, style) = match inference {
        Some(inference) if inference.reproduces => (inference.summary.as_str(), theme.ok),
        Some(inference) => (inference.summary.as_str(), theme.warning),
        None => (
            "none read from the file (not a policy); the ticked ones are the defaults",
            theme.error,
        ),
    };
    Line::from(vec![
        Span::styled("Choices: ", theme.section),
        Span::styled(text, style),
    ])
}

/// `iam:EnableMFADevice on arn:aws:iam::123456789012:user/alice with long-term keys → denied by
/// DenyLongTermKeys`: what the step asked and what decided, as `explain` writes it.
fn step_detail(step: &JourneyStep) -> String {
    let decision = &step.decision;
    let outcome = verdict::word(decision.verdict());
    let labels: Vec<&str> = decision.labels().collect();
    let reason = if decision.is_not_controlled_by_policy() {
        " (no policy controls it)".to_owned()
    } else if !labels.is_empty() {
        format!(" by {}", labels.join(", "))
    } else {
        match decision.missing_allow() {
            Some(missing) if missing != MissingAllow::Identity => {
                format!(": {}", missing.describe())
            }
            _ if decision.verdict() == Verdict::ImplicitDeny => {
                ": no statement allows it".to_owned()
            }
            _ => String::new(),
        }
    };
    let context = match step.mfa {
        Mfa::Present => "with MFA",
        Mfa::NotPresent => "without MFA",
        Mfa::Absent => "with long-term keys",
    };
    format!(
        "{} on {} {context} → {outcome}{reason}",
        step.action, step.resource
    )
}

/// `  fix: ...`, and the box to tick where a choice of the wizard fixes it.
fn fix_text(finding: &Finding) -> String {
    match fixed_by(finding.id()) {
        Some(item) => format!(
            "    fix: {} In the wizard: tick \"{}\" ({}).",
            finding.fix.trim_end_matches('.').to_owned() + ".",
            item.label,
            item.step.title()
        ),
        None => format!("    fix: {}", finding.fix),
    }
}

/// `Findings: 1 error, 2 warnings, 3 info`, or `Findings: none`.
fn findings_summary(findings: &[Finding]) -> String {
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let counts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ]
    .into_iter()
    .filter_map(|(severity, word)| match count(severity) {
        0 => None,
        1 => Some(format!("1 {word}")),
        n if severity == Severity::Info => Some(format!("{n} {word}")),
        n => Some(format!("{n} {word}s")),
    })
    .collect();
    if counts.is_empty() {
        "Findings: none".to_owned()
    } else {
        format!("Findings: {}", counts.join(", "))
    }
}

fn finding_head<'a>(finding: &'a Finding, theme: &Theme) -> Line<'a> {
    let style = match finding.severity {
        Severity::Error => theme.error,
        Severity::Warning => theme.warning,
        Severity::Info => theme.info,
    };
    let mut head = vec![
        Span::styled(format!("{:<8}", finding.severity.as_str()), style),
        Span::styled(finding.id(), theme.key),
    ];
    if let Some(statement) = &finding.statement {
        head.push(Span::raw(format!("  in {statement}")));
    }
    if let Some(line) = finding.line {
        head.push(Span::styled(format!("  line {line}"), theme.dim));
    }
    Line::from(head)
}

fn journey_summary(steps: &[JourneyStep]) -> String {
    let unexpected = steps.iter().filter(|s| !s.as_expected()).count();
    match unexpected {
        0 => format!("Journey: all {} steps as expected", steps.len()),
        n => format!("Journey: {n} of {} steps NOT as expected", steps.len()),
    }
}

fn step_line<'a>(step: &'a JourneyStep, cursor: &'static str, theme: &Theme) -> Line<'a> {
    let mark = StepMark::of(step);
    let mark_style = match mark {
        StepMark::AsExpected => theme.ok,
        StepMark::NotAsExpected | StepMark::Unknown => theme.error,
    };
    let mut spans = vec![
        Span::raw(cursor),
        Span::styled(mark.text(), mark_style),
        Span::raw(" "),
        Span::styled(
            format!("{:<2}", verdict::symbol(&step.decision)),
            verdict::style(&step.decision, theme),
        ),
        Span::raw(" "),
        Span::raw(&*step.description),
    ];
    if !step.as_expected() {
        let expected = if step.should_allow {
            "allowed"
        } else {
            "denied"
        };
        spans.push(Span::styled(
            format!(" (should be {expected})"),
            theme.error,
        ));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::policy::model::Named;
    use crate::policy::model::choices::{Choices, Preset};
    use crate::tui::theme::Theme;

    #[test]
    fn counted_lines_match_the_lines_drawn() {
        let mut apps: Vec<App> = Preset::ALL
            .iter()
            .copied()
            .map(|preset| App::new(preset.choices(), Theme::COLOR, (80, 24)))
            .collect();
        if let Some(text) = crate::testing::aws_example("self-manage-credentials-with-mfa.json") {
            apps.push(App::open(
                PathBuf::from("aws.json"),
                text,
                Choices::default(),
                Theme::COLOR,
                (80, 24),
            ));
        }
        apps.push(App::open(
            PathBuf::from("broken.json"),
            "{\"Version\": ".to_owned(),
            Choices::default(),
            Theme::COLOR,
            (80, 24),
        ));
        for app in &apps {
            // For an opened file, what inference found and a blank; a summary, three lines per
            // finding, a blank; then the journey's summary, its stages and two lines per step,
            // or the line saying there is none.
            let opened = if matches!(app.origin, crate::tui::app::Origin::Opened { .. }) {
                2
            } else {
                0
            };
            let expected = opened + 1 + 3 * findings(app).len() + 1;
            let expected = expected
                + match &app.analysis {
                    Ok(analysis) => {
                        let steps = &analysis.journey.steps;
                        let mut stages: Vec<u8> = steps.iter().map(|s| s.stage).collect();
                        stages.dedup();
                        1 + stages.len() + 2 * steps.len()
                    }
                    Err(_) => 1,
                };
            assert_eq!(app.checks.len(), expected, "{:?}", app.origin);
            // Every listed line refers to something that exists.
            for check_line in &app.checks {
                let _ = line(app, *check_line, None);
            }
        }
        // The AWS example and the broken file have findings: the count covers them too.
        assert!(apps.iter().any(|app| match &app.analysis {
            Ok(analysis) => !analysis.findings.is_empty(),
            Err(unusable) => !unusable.findings.is_empty(),
        }));
    }
}
