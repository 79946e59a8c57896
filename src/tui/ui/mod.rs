//! Drawing: [`render`] is a pure function of the state. Each pane has its own file; the layout
//! (and its diagram) lives in [`layout`].

pub mod checks;
pub mod choices;
pub mod footer;
pub mod help;
pub mod layout;
pub mod lower;
pub mod preview;
pub mod prompt;
pub mod table;
mod wrap;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::action::Pane;
use super::app::{App, Mode};

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let Some(areas) = layout::areas(area, app) else {
        too_small(frame, area);
        return;
    };
    if let Some(rect) = areas.choices {
        choices::render(app, frame, rect);
    }
    if let Some(rect) = areas.preview {
        preview::render(app, frame, rect);
    }
    if let Some(rect) = areas.lower {
        lower::render(app, frame, rect);
    }
    footer::render(app, frame, areas.footer);
    if let Mode::Help { scroll } = app.mode {
        help::render(app, frame, area, scroll);
    }
}

/// A pane's frame, its border and title marked when it has the focus.
fn pane_block<'a>(app: &App, pane: Pane, title: Line<'a>) -> Block<'a> {
    let focused = app.focus == pane;
    Block::bordered()
        .border_style(app.theme.border(focused))
        .title(title.style(app.theme.title(focused)))
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(format!(
            "Terminal too small: {}×{}.",
            area.width, area.height
        )),
        Line::from(format!(
            "iamself-tui needs at least {}×{} (80×20 for all panes).",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let message = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        message,
    );
}

/// `1733` → `1,733`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1733), "1,733");
        assert_eq!(thousands(10_240), "10,240");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
