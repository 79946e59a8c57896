//! The checks tab: the lint findings (severity, id, statement, message, fix) and the journey
//! (per stage, per step: what the policy answers and whether that is what it should answer).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::policy::lint::{Finding, Severity};
use crate::policy::reports::analysis::Analysis;
use crate::policy::reports::journey::STAGE_TITLES;
use crate::tui::app::App;
use crate::tui::theme::Theme;

use super::table::{symbol, verdict_style};
use super::wrap::wrap_line;

/// Where wrapped lines continue: under the text after the mark and symbol of a journey step, the
/// severity of a finding, and the `fix:` label.
const STEP_INDENT: usize = 8;
const FINDING_HEAD_INDENT: usize = 8;
const FINDING_TEXT_INDENT: usize = 2;
const FIX_INDENT: usize = 7;

/// A logical line and the indent of its continuation lines.
type Indented<'a> = (Line<'a>, usize);

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let all = lines(app);
    let first = app.checks_scroll.min(all.len());
    let width = usize::from(area.width);
    let visible: Vec<Line<'_>> = all
        .iter()
        .skip(first)
        .flat_map(|(line, indent)| wrap_line(line, width, *indent))
        .take(usize::from(area.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// Logical lines of the tab (before wrapping), for scrolling. Counted rather than built: it
/// runs on every change of the policy, and the lines only matter when the tab is drawn.
pub fn line_count(app: &App) -> usize {
    // Each finding takes three lines (head, message, fix) under a summary line.
    let findings = |findings: &[Finding]| 1 + 3 * findings.len();
    match &app.analysis {
        Ok(analysis) => {
            let steps = &analysis.journey.steps;
            let stages = (1u8..)
                .take(STAGE_TITLES.len())
                .filter(|stage| steps.iter().any(|s| s.stage == *stage))
                .count();
            let shown = steps
                .iter()
                .filter(|s| (1..=STAGE_TITLES.len()).contains(&usize::from(s.stage)))
                .count();
            findings(&analysis.findings) + 1 + 1 + stages + shown
        }
        Err(unusable) => findings(&unusable.findings) + 2,
    }
}

fn lines(app: &App) -> Vec<Indented<'_>> {
    let theme = &app.theme;
    match &app.analysis {
        Ok(analysis) => {
            let mut lines = findings(&analysis.findings, theme);
            lines.push((Line::raw(""), 0));
            lines.extend(journey(analysis, theme));
            lines
        }
        Err(unusable) => {
            let mut lines = findings(&unusable.findings, theme);
            lines.push((Line::raw(""), 0));
            lines.push((
                Line::from(Span::styled(
                    "No journey: the file is not a valid policy. Fix it and open it again, or change any choice to start from a generated policy.",
                    theme.dim,
                )),
                0,
            ));
            lines
        }
    }
}

/// The findings as lint orders them: by severity, then line.
fn findings<'a>(findings: &'a [Finding], theme: &Theme) -> Vec<Indented<'a>> {
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
    let summary = if counts.is_empty() {
        "Findings: none".to_owned()
    } else {
        format!("Findings: {}", counts.join(", "))
    };
    let mut lines = vec![(Line::from(Span::styled(summary, theme.section)), 0)];
    for finding in findings {
        let style = match finding.severity {
            Severity::Error => theme.error,
            Severity::Warning => theme.warning,
            Severity::Info => theme.info,
        };
        let mut head = vec![
            Span::styled(format!("{:<8}", finding.severity.as_str()), style),
            Span::styled(finding.id, theme.key),
        ];
        if let Some(statement) = &finding.statement {
            head.push(Span::raw(format!("  in {statement}")));
        }
        if let Some(line) = finding.line {
            head.push(Span::styled(format!("  line {line}"), theme.dim));
        }
        lines.push((Line::from(head), FINDING_HEAD_INDENT));
        lines.push((
            Line::from(format!("  {}", finding.message)),
            FINDING_TEXT_INDENT,
        ));
        lines.push((
            Line::from(Span::styled(format!("  fix: {}", finding.fix), theme.dim)),
            FIX_INDENT,
        ));
    }
    lines
}

fn journey<'a>(analysis: &'a Analysis, theme: &Theme) -> Vec<Indented<'a>> {
    let steps = &analysis.journey.steps;
    let unexpected = steps.iter().filter(|s| !s.as_expected()).count();
    let summary = match unexpected {
        0 => format!("Journey: all {} steps as expected", steps.len()),
        n => format!("Journey: {n} of {} steps NOT as expected", steps.len()),
    };
    let mut lines = vec![(Line::from(Span::styled(summary, theme.section)), 0)];
    for (stage, title) in (1u8..).zip(STAGE_TITLES) {
        let mut stage_steps = steps.iter().filter(|s| s.stage == stage).peekable();
        if stage_steps.peek().is_none() {
            continue;
        }
        lines.push((
            Line::from(Span::styled(format!("{stage} {title}"), theme.key)),
            2,
        ));
        for step in stage_steps {
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
                    format!("{:<2}", symbol(&step.decision)),
                    verdict_style(step.decision.verdict(), theme),
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
            lines.push((Line::from(spans), STEP_INDENT));
        }
    }
    lines
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
            assert_eq!(line_count(app), lines(app).len(), "{:?}", app.origin);
        }
        // The AWS example and the broken file have findings: the count covers them too.
        assert!(apps.iter().any(|app| match &app.analysis {
            Ok(analysis) => !analysis.findings.is_empty(),
            Err(unusable) => !unusable.findings.is_empty(),
        }));
    }
}
