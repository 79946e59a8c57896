//! The bottom line: key hints from the key table on the left, the status message on the right.
//! A status too long to share the line gets lines of its own above the hints (wrapped, up to
//! three). The save prompt
//! and the overwrite question take the line over while open.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Mode, StatusKind};

use super::hints::hint_spans;
use super::prompt;
use super::status::{status_lines, status_style};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [status_area, hints_area] = if area.height >= 2 {
        area.layout(&Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
        ]))
    } else {
        [Rect::new(area.x, area.y, 0, 0), area]
    };
    match &app.mode {
        Mode::SaveAs(input) => return prompt::render_save_as(app, frame, hints_area, input),
        Mode::Attach { input, target } => {
            let areas = [status_area, hints_area];
            return super::attached::render_prompt(app, frame, areas, input, *target);
        }
        Mode::ConfirmOverwrite { path } => {
            let question = format!("{} exists. Overwrite?", path.display());
            return prompt::render_confirm(app, frame, hints_area, &question);
        }
        _ => {}
    }

    let style = |kind: StatusKind| status_style(app, kind);
    let status = app
        .status
        .as_ref()
        .map(|status| Span::styled(status.text.as_str(), style(status.kind)));
    let status_on_own_line = status_area.height > 0;
    let status_width = match (&status, status_on_own_line) {
        (Some(span), false) => span.width() + 1,
        _ => 0,
    };
    let room = usize::from(hints_area.width).saturating_sub(status_width + 1);
    let hints = hints_line(app, room);

    if status_on_own_line {
        if let Some(status) = &app.status {
            let width = usize::from(status_area.width);
            let lines = status_lines(&status.text, width, style(status.kind));
            frame.render_widget(Paragraph::new(lines), status_area);
        }
        frame.render_widget(Paragraph::new(hints), hints_area);
        return;
    }
    let status_width = u16::try_from(status_width).unwrap_or(u16::MAX);
    let [left, right] = hints_area.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(status_width),
    ]));
    frame.render_widget(Paragraph::new(hints), left);
    if let Some(span) = status {
        frame.render_widget(Paragraph::new(Line::from(span).right_aligned()), right);
    }
}

/// As many hints of the current mode as fit in `room` columns, in table order.
fn hints_line(app: &App, room: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    spans.extend(hint_spans(
        app.key_mode(),
        app.view(),
        &app.theme,
        room.saturating_sub(1),
    ));
    Line::from(spans)
}
