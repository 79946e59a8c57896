//! Pane 2: the policy text, syntax coloured and scrollable, under a title with the size meter
//! (non-whitespace characters against the attachment's limit) and the number of findings.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

use crate::policy::lint::Severity;
use crate::policy::model::Named;
use crate::tui::action::Pane;
use crate::tui::app::{App, Origin};
use crate::tui::text::{file_name, thousands};
use crate::tui::verdict;

use super::pane::pane_block;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let title = match &app.origin {
        Origin::Generated => " 2 Policy ".to_owned(),
        Origin::Opened { path, .. } => format!(" 2 {} ", file_name(path)),
    };
    let line_count = app.highlighted.line_count();
    // Where both do not fit, the title keeps only its number, then the meter gives up its
    // journey and findings counts, rather than one drawing over the other.
    let room = |title: &str| {
        usize::from(area.width.saturating_sub(3)).saturating_sub(title.chars().count())
    };
    let mut meter = meter(app, false);
    if meter.width() > room(&title) {
        meter = meter_short(app);
    }
    let title = if meter.width() > room(&title) {
        " 2 ".to_owned()
    } else {
        title
    };
    while meter.width() > room(&title) && meter.spans.len() > 1 {
        meter.spans.truncate(meter.spans.len() - 2);
    }
    let block = pane_block(app, Pane::Preview, Line::from(title))
        .title_top(meter.right_aligned())
        .title_bottom(
            Line::from(Span::styled(position(app, area, line_count), theme.dim)).right_aligned(),
        );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let text = app.preview_text();
    let first = app.preview_scroll.min(line_count);
    let last = (first + usize::from(inner.height)).min(line_count);
    let lines: Vec<Line<'_>> = (first..last)
        .map(|index| {
            let line = app.highlighted.line(text, index, theme);
            // The line Enter on a finding or a journey step showed.
            if app.preview_mark == Some(index) {
                line.patch_style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    // Wrapping costs more than drawing: only ask for it when a visible line is too wide.
    let too_wide =
        (first..last).any(|index| app.highlighted.line_width(index) > usize::from(inner.width));
    let paragraph = Paragraph::new(lines);
    let paragraph = if too_wide {
        paragraph.wrap(Wrap { trim: false })
    } else {
        paragraph
    };
    frame.render_widget(paragraph, inner);

    if line_count > usize::from(inner.height) {
        let max_scroll = app.highlighted.max_scroll(
            usize::from(area.width.saturating_sub(2)),
            usize::from(area.height.saturating_sub(2)),
        );
        let mut state = ScrollbarState::new(max_scroll + 1).position(first);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .style(theme.border(app.focus == Pane::Preview)),
            area.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}

/// ` 1,733 / 6,144 managed · 3 findings `, or why there is no analysis.
/// The meter without the attachment's name: `2,829/6,144` (the choices name the attachment).
fn meter_short(app: &App) -> Line<'_> {
    meter(app, true)
}

fn meter(app: &App, short: bool) -> Line<'_> {
    let theme = &app.theme;
    let Ok(analysis) = &app.analysis else {
        return Line::from(Span::styled(" not a valid policy ", theme.error));
    };
    let limit = analysis.attachment.limit();
    let over = analysis.size > limit;
    let over_limit = if over { " OVER LIMIT" } else { "" };
    let size = if short {
        format!(
            " {}/{}{over_limit} ",
            thousands(analysis.size),
            thousands(limit)
        )
    } else {
        format!(
            " {} / {} {}{over_limit} ",
            thousands(analysis.size),
            thousands(limit),
            analysis.attachment.name(),
        )
    };
    let worst = analysis.findings.iter().map(|f| f.severity).min();
    let findings = match analysis.findings.len() {
        0 => " no findings ".to_owned(),
        1 => " 1 finding ".to_owned(),
        n => format!(" {n} findings "),
    };
    let findings_style = match worst {
        Some(Severity::Error) => theme.error,
        Some(Severity::Warning) => theme.warning,
        _ => theme.ok,
    };
    let mut spans = vec![
        Span::styled(size, if over { theme.error } else { theme.title }),
        Span::styled("─", theme.border(app.focus == Pane::Preview)),
        Span::styled(findings, findings_style),
    ];
    match verdict::journey_failures(analysis) {
        0 => {}
        n => {
            spans.push(Span::styled("─", theme.border(app.focus == Pane::Preview)));
            spans.push(Span::styled(format!(" {n} journey !! "), theme.error));
        }
    }
    Line::from(spans)
}

/// ` 12-30 / 120 ` (lines shown / total), after ` laid out ·` when an opened file is shown
/// laid out rather than as written.
fn position(app: &App, area: Rect, line_count: usize) -> String {
    let height = usize::from(area.height.saturating_sub(2));
    let first = app.preview_scroll.min(line_count);
    let last = (first + height).min(line_count);
    let laid_out = if app.shows_laid_out() {
        " laid out ·"
    } else {
        ""
    };
    format!(
        "{laid_out} {}-{} / {} ",
        (first + 1).min(last),
        last,
        line_count
    )
}
