//! Pane 1: the choices, grouped by step, with the selected one's explanation underneath.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use crate::tui::action::Pane;
use crate::tui::app::{App, Mode};
use crate::tui::choice_items::{ITEMS, ItemSpec, Step, Value};
use crate::tui::layout;

use super::pane::pane_block;
use super::prompt;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let block = pane_block(app, Pane::Choices, Line::from(" 1 Choices "));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let explanation = app.explanation();
    // One more line for the rule above the explanation.
    let explanation_height = layout::explanation_height(inner, &explanation);
    let [list_area, explanation_area] = inner.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(explanation_height),
    ]));

    let mut items = Vec::with_capacity(ITEMS.len() + 20);
    let mut selected_row = 0;
    let mut step: Option<Step> = None;
    for (index, item) in ITEMS.iter().enumerate() {
        if step != Some(item.step) {
            step = Some(item.step);
            items.push(ListItem::new(Line::from(Span::styled(
                item.step.title(),
                app.theme.section,
            ))));
        }
        if index == app.selected_item {
            selected_row = items.len();
        }
        items.push(ListItem::new(item_line(
            app,
            item,
            index == app.selected_item,
        )));
    }
    super::attached::push_rows(app, list_area.width, &mut items, &mut selected_row);
    let focused = app.focus == Pane::Choices;
    let list = List::new(items)
        .highlight_symbol("> ")
        .highlight_style(if focused {
            app.theme.selected
        } else {
            ratatui::style::Style::new()
        });
    let mut state = ListState::default().with_selected(Some(selected_row));
    frame.render_stateful_widget(list, list_area, &mut state);

    let style = match &app.mode {
        Mode::EditAccount(input) if input.error.is_some() => app.theme.error,
        _ => app.theme.dim,
    };
    frame.render_widget(
        Paragraph::new(Span::styled(explanation, style))
            .wrap(Wrap { trim: true })
            .block(
                Block::new()
                    .borders(Borders::TOP)
                    .border_style(app.theme.border),
            ),
        explanation_area,
    );
}

fn item_line<'a>(app: &'a App, item: &ItemSpec, selected: bool) -> Line<'a> {
    let theme = &app.theme;
    let style = if item.is_active(&app.choices) {
        ratatui::style::Style::new()
    } else {
        theme.inactive
    };
    let indent = if item.sub_item { "  " } else { "" };
    match item.value(&app.choices, app.format) {
        Value::Checked(on) => {
            let mark = if on { "[x] " } else { "[ ] " };
            Line::from(vec![
                Span::raw(indent),
                Span::raw(mark),
                Span::raw(item.label),
            ])
            .style(style)
        }
        Value::Cycle(value) => Line::from(vec![
            Span::raw(indent),
            Span::raw(item.label),
            Span::raw(": "),
            Span::styled(value, theme.key),
        ])
        .style(style),
        Value::Text(value) => {
            let mut spans = vec![Span::raw(item.label), Span::raw(": ")];
            match &app.mode {
                Mode::EditAccount(input) if selected => {
                    spans.extend(prompt::input_spans(input, theme));
                }
                _ => spans.push(Span::styled(value, theme.key)),
            }
            Line::from(spans).style(style)
        }
    }
}
