//! Pane 3: a frame with two tabs, the truth table and the checks (`t` or Tab switches).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::tui::action::{Pane, ResultsTab};
use crate::tui::app::App;

use super::pane::pane_block;
use super::{checks, table};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let tab_style = |tab: ResultsTab| {
        if app.results_tab == tab {
            theme
                .title(app.focus == Pane::Results)
                .add_modifier(Modifier::BOLD)
        } else {
            theme.dim
        }
    };
    let title = Line::from(vec![
        Span::raw(" 3 "),
        Span::styled("Truth table", tab_style(ResultsTab::TruthTable)),
        Span::raw(" │ "),
        Span::styled("Checks", tab_style(ResultsTab::Checks)),
        Span::raw(" "),
    ]);
    let mut block = pane_block(app, Pane::Results, title.clone());
    let title_width = title.width();
    if app.results_tab == ResultsTab::TruthTable && app.analysis.is_ok() {
        block = block.title_bottom(table::legend(theme).right_aligned());
        let room = usize::from(area.width.saturating_sub(3)).saturating_sub(title_width);
        if let Some(columns) = table::column_titles(room) {
            block = block.title_top(Line::from(Span::styled(columns, theme.dim)).right_aligned());
        }
    }
    let entries = app.check_entries().len();
    if app.results_tab == ResultsTab::Checks && entries > 0 {
        // Which finding or step is selected, of how many.
        let position = format!(" {}/{entries} ", app.checks_selected.min(entries - 1) + 1);
        block = block.title_bottom(Line::from(Span::styled(position, theme.dim)).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match app.results_tab {
        ResultsTab::TruthTable => table::render(app, frame, inner),
        ResultsTab::Checks => checks::render(app, frame, inner),
    }
}
