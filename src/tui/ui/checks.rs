//! The checks tab: the lint findings (severity, id, statement, message, fix) and the journey
//! (per stage, per step: what the policy answers and whether that is what it should answer).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::policy::lint::{Finding, Severity};
use crate::policy::reports::journey::{JourneyStep, STAGE_TITLES};
use crate::tui::app::App;
use crate::tui::checks_model::CheckLine;
use crate::tui::choice_items::fixed_by;
use crate::tui::theme::Theme;
use crate::tui::verdict;
use crate::tui::wrap::wrap_line;

/// Where wrapped lines continue: under the text after the mark and symbol of a journey step, the
/// severity of a finding, and the `fix:` label.
const STEP_INDENT: usize = 8;
const FINDING_HEAD_INDENT: usize = 8;
const FINDING_TEXT_INDENT: usize = 2;
const FIX_INDENT: usize = 7;
const STAGE_INDENT: usize = 2;

/// A logical line and the indent of its continuation lines.
type Indented<'a> = (Line<'a>, usize);

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let first = app.checks_scroll.min(app.checks.len());
    let width = usize::from(area.width);
    let visible: Vec<Line<'_>> = app.checks[first..]
        .iter()
        .map(|check_line| line(app, *check_line))
        .flat_map(|(line, indent)| wrap_line(&line, width, indent))
        .take(usize::from(area.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// The findings and the journey step lines stand for (those of an unusable file have findings
/// only).
fn findings(app: &App) -> &[Finding] {
    match &app.analysis {
        Ok(analysis) => &analysis.findings,
        Err(unusable) => &unusable.findings,
    }
}

fn steps(app: &App) -> &[JourneyStep] {
    app.analysis
        .as_ref()
        .map_or(&[], |analysis| &analysis.journey.steps)
}

/// One line of the tab, styled, with the indent its continuation lines take.
fn line(app: &App, check_line: CheckLine) -> Indented<'_> {
    let theme = &app.theme;
    match check_line {
        CheckLine::FindingsSummary => (
            Line::from(Span::styled(findings_summary(findings(app)), theme.section)),
            0,
        ),
        CheckLine::FindingHead(index) => {
            let finding = &findings(app)[index];
            (finding_head(finding, theme), FINDING_HEAD_INDENT)
        }
        CheckLine::FindingMessage(index) => (
            Line::from(format!("  {}", findings(app)[index].message)),
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
        CheckLine::Step(index) => (step_line(&steps(app)[index], theme), STEP_INDENT),
        CheckLine::NoJourney => (
            Line::from(Span::styled(
                "No journey: the file is not a valid policy. Fix it and open it again, or change any choice to start from a generated policy.",
                theme.dim,
            )),
            0,
        ),
    }
}

/// `  fix: ...`, and the box to tick where a choice of the wizard fixes it.
fn fix_text(finding: &Finding) -> String {
    match fixed_by(finding.id()) {
        Some(item) => format!(
            "  fix: {} In the wizard: tick \"{}\" ({}).",
            finding.fix.trim_end_matches('.').to_owned() + ".",
            item.label,
            item.step.title()
        ),
        None => format!("  fix: {}", finding.fix),
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

fn step_line<'a>(step: &'a JourneyStep, theme: &Theme) -> Line<'a> {
    let (mark, mark_style) = if step.as_expected() {
        ("ok", theme.ok)
    } else {
        ("!!", theme.error)
    };
    let mut spans = vec![
        Span::raw("  "),
        Span::styled(mark, mark_style),
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
            // A summary, three lines per finding, a blank; then the journey's summary, its
            // stages and steps, or the line saying there is none.
            let expected = 1 + 3 * findings(app).len() + 1;
            let expected = expected
                + match &app.analysis {
                    Ok(analysis) => {
                        let steps = &analysis.journey.steps;
                        let mut stages: Vec<u8> = steps.iter().map(|s| s.stage).collect();
                        stages.dedup();
                        1 + stages.len() + steps.len()
                    }
                    Err(_) => 1,
                };
            assert_eq!(app.checks.len(), expected, "{:?}", app.origin);
            // Every listed line refers to something that exists.
            for check_line in &app.checks {
                let _ = line(app, *check_line);
            }
        }
        // The AWS example and the broken file have findings: the count covers them too.
        assert!(apps.iter().any(|app| match &app.analysis {
            Ok(analysis) => !analysis.findings.is_empty(),
            Err(unusable) => !unusable.findings.is_empty(),
        }));
    }
}
