//! Text fields and questions: the save prompt and the overwrite question take the footer line;
//! the account field is drawn in place by the choices pane with [`input_spans`].

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keys::KeyMode;
use crate::tui::text_input::TextInput;
use crate::tui::theme::Theme;

use super::hints::hint_spans;

/// The field's text with the cursor shown as a reversed cell.
pub fn input_spans<'a>(input: &'a TextInput, theme: &Theme) -> Vec<Span<'a>> {
    let (before, at, after) = input.split_at_cursor();
    let cursor = theme.input.add_modifier(Modifier::REVERSED);
    vec![
        Span::styled(before, theme.input),
        Span::styled(at.unwrap_or(" "), cursor),
        Span::styled(after, theme.input),
    ]
}

/// `Save as: name█  Enter confirm · Esc cancel` (and the reason the name was refused).
pub fn render_save_as(app: &App, frame: &mut Frame, area: Rect, input: &TextInput) {
    let theme = &app.theme;
    let mut spans = vec![Span::styled("Save as: ", theme.key)];
    spans.extend(input_spans(input, theme));
    spans.push(Span::raw("  "));
    if let Some(error) = &input.error {
        spans.push(Span::styled(error.as_str(), theme.error));
        spans.push(Span::raw("  "));
    }
    spans.extend(hint_spans(KeyMode::Editing, app.view(), theme, usize::MAX));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `NAME exists. Overwrite?  y yes · n no`.
pub fn render_confirm(app: &App, frame: &mut Frame, area: Rect, question: &str) {
    let theme = &app.theme;
    let mut spans = vec![
        Span::styled(question.to_owned(), theme.warning),
        Span::raw("  "),
    ];
    spans.extend(hint_spans(KeyMode::Confirm, app.view(), theme, usize::MAX));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
