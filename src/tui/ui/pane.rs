//! The frame every pane is drawn in.

use ratatui::text::Line;
use ratatui::widgets::Block;

use crate::tui::action::Pane;
use crate::tui::app::App;

/// A pane's frame, its border and title marked when it has the focus.
pub fn pane_block<'a>(app: &App, pane: Pane, title: Line<'a>) -> Block<'a> {
    let focused = app.focus == pane;
    Block::bordered()
        .border_style(app.theme.border(focused))
        .title(title.style(app.theme.title(focused)))
}
