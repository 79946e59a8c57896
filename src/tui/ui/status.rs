//! The status message's look, shared by the footer and the attach prompt (which takes the
//! footer over): its style by kind, and its own lines when it is too long to share a line.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, StatusKind};
use crate::tui::layout::MAX_STATUS_LINES;
use crate::tui::wrap::wrap_line;

/// The status on lines of its own, wrapped at word boundaries, at most [`MAX_STATUS_LINES`]
/// (as many as [`crate::tui::layout::footer_height`] makes room for).
pub(super) fn status_lines(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let mut lines = wrap_line(&Line::from(Span::styled(text, style)), width, 0);
    lines.truncate(MAX_STATUS_LINES);
    lines
}

pub(super) fn status_style(app: &App, kind: StatusKind) -> Style {
    match kind {
        StatusKind::Info => app.theme.ok,
        StatusKind::Error => app.theme.error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_takes_at_most_three_lines() {
        let lines = status_lines("a b c d e f g h", 1, Style::new());
        let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }
}
