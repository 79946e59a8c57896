//! Drawing: [`render`] is a pure function of the state. Each pane has its own file; the layout
//! (and its diagram) lives in [`crate::tui::layout`].

pub mod attached;
pub mod checks;
pub mod choices;
pub mod footer;
pub mod help;
pub mod hints;
mod line_style;
mod pane;
pub mod preview;
pub mod prompt;
pub mod results;
mod status;
pub mod table;
pub mod user_view;
pub mod users;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Mode};
use super::layout;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    if app.users_active() {
        users::render(app, frame);
        return;
    }
    let area = frame.area();
    let status = app.status.as_ref().map(|status| status.text.as_str());
    let footer_height = layout::footer_height(status, area.width);
    let Some(areas) = layout::areas(area, app.focus, footer_height) else {
        too_small(frame, area);
        return;
    };
    if let Some(rect) = areas.choices {
        choices::render(app, frame, rect);
    }
    if let Some(rect) = areas.preview {
        preview::render(app, frame, rect);
    }
    if let Some(rect) = areas.results {
        results::render(app, frame, rect);
    }
    footer::render(app, frame, areas.footer);
    if let Mode::Help { scroll } = app.mode {
        help::render(app, frame, area, scroll);
    }
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
