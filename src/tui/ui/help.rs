//! The help overlay (`?`): every binding of the key table, grouped by where it applies, and the
//! truth table's symbols.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::keys::help_sections;
use crate::tui::theme::Theme;

/// Width of the key column.
const KEYS_WIDTH: usize = 13;
const MAX_WIDTH: u16 = 84;

fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (scope, bindings) in help_sections() {
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(Span::styled(scope.title(), theme.section)));
        for binding in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<KEYS_WIDTH$}", binding.keys_label), theme.key),
                Span::raw(binding.description),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Truth table", theme.section)));
    for (symbol, style, meaning) in [
        ("✓", theme.allowed, "allowed"),
        (
            "✓*",
            theme.allowed,
            "always callable: no policy controls it",
        ),
        (
            "✗D",
            theme.explicit_deny,
            "explicit deny: a Deny statement matched",
        ),
        (
            "✗",
            theme.implicit_deny,
            "implicit deny: no statement allows it",
        ),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("  {symbol:<KEYS_WIDTH$}"), style),
            Span::raw(meaning),
        ]));
    }
    lines.push(Line::raw(
        "  columns: own user with MFA, without MFA, with long-term access keys; another user",
    ));
    lines
}

/// Lines of the help, for scrolling.
pub fn line_count() -> usize {
    lines(&Theme::MONO).len()
}

/// Where the overlay goes on a screen of this size.
fn popup(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let height = area.height.saturating_sub(2);
    area.centered(Constraint::Length(width), Constraint::Length(height))
}

/// Help lines visible at once on a screen of this size.
pub fn visible_lines(area: Rect) -> usize {
    usize::from(popup(area).height.saturating_sub(2))
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let theme = &app.theme;
    let rect = popup(area);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(" Help ").style(theme.title_focused))
        .title_bottom(
            Line::from(Span::styled(" Esc or ? closes · j/k scroll ", theme.dim)).right_aligned(),
        );
    let all = lines(theme);
    let first = scroll.min(all.len());
    let visible: Vec<Line<'static>> = all.into_iter().skip(first).collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(visible).block(block), rect);
}
