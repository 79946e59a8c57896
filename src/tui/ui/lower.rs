//! Pane 3: a frame with two tabs, the truth table and the checks (`t` or Tab switches).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::tui::action::{LowerTab, Pane};
use crate::tui::app::App;

use super::{checks, pane_block, table};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let tab_style = |tab: LowerTab| {
        if app.lower_tab == tab {
            theme
                .title(app.focus == Pane::Lower)
                .add_modifier(Modifier::BOLD)
        } else {
            theme.dim
        }
    };
    let title = Line::from(vec![
        Span::raw(" 3 "),
        Span::styled("Truth table", tab_style(LowerTab::TruthTable)),
        Span::raw(" │ "),
        Span::styled("Checks", tab_style(LowerTab::Checks)),
        Span::raw(" "),
    ]);
    let mut block = pane_block(app, Pane::Lower, title);
    if app.lower_tab == LowerTab::TruthTable && app.analysis.is_ok() {
        block = block.title_bottom(table::legend(theme).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match app.lower_tab {
        LowerTab::TruthTable => table::render(app, frame, inner),
        LowerTab::Checks => checks::render(app, frame, inner),
    }
}
