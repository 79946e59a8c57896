//! The help overlay (`?`): the lines of [`help_model`](crate::tui::help_model), styled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::help_model::{self, HelpLine, help_lines};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap_line;

/// Width of the key column.
const KEYS_WIDTH: usize = 13;

fn line(help_line: HelpLine, theme: &Theme) -> Line<'static> {
    match help_line {
        HelpLine::Blank => Line::raw(""),
        HelpLine::Section(title) => Line::from(Span::styled(title, theme.section)),
        HelpLine::Binding(binding) => Line::from(vec![
            Span::styled(format!("  {:<KEYS_WIDTH$}", binding.keys_label), theme.key),
            Span::raw(binding.description),
        ]),
        HelpLine::Legend(entry) => Line::from(vec![
            Span::styled(
                format!("  {:<KEYS_WIDTH$}", entry.symbol),
                theme.verdict(entry.verdict),
            ),
            Span::raw(entry.meaning),
        ]),
        HelpLine::Text(text) => Line::raw(format!("  {text}")),
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let theme = &app.theme;
    let rect = layout::help_popup(area);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(" Help ").style(theme.title_focused))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " line {} / {} · Esc, q or ? closes · j/k scroll ",
                    scroll + 1,
                    help_model::line_count()
                ),
                theme.dim,
            ))
            .right_aligned(),
        );
    let inner = block.inner(rect);
    // Wrapped to the overlay's width (nothing is cut at the border), continuation lines under
    // the text after the keys.
    let visible: Vec<Line<'static>> = help_lines()
        .into_iter()
        .skip(scroll)
        .flat_map(|help_line| {
            let indent = match help_line {
                HelpLine::Text(_) => 2,
                _ => KEYS_WIDTH + 2,
            };
            wrap_line(&line(help_line, theme), usize::from(inner.width), indent)
        })
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(visible).block(block), rect);
}
