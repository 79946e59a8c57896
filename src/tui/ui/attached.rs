//! The "Also attached" section under the choices (bundled managed policies, added files, the
//! boundary, SCP levels) and the prompt that attaches a policy, drawn in the footer line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, Paragraph};

use crate::tui::app::App;
use crate::tui::attached::{Row, RowValue, Target};
use crate::tui::choice_items::ITEMS;
use crate::tui::keys::KeyMode;
use crate::tui::text_input::TextInput;

use super::hints::hint_spans;
use super::prompt::input_spans;
use super::status::{status_lines, status_style};

/// The section's header: the set changes the answers, never what is copied or saved.
pub const TITLE: &str = "Also attached (not saved)";

/// Columns the list's highlight symbol (`> `) takes.
const HIGHLIGHT_WIDTH: usize = 2;

/// Appends the section (header and rows) to the choices list; `selected_row` becomes the
/// list line of the selection when it is in this section. `width` is the list's width.
pub fn push_rows(app: &App, width: u16, items: &mut Vec<ListItem<'_>>, selected_row: &mut usize) {
    let theme = &app.theme;
    items.push(ListItem::new(Line::from(Span::styled(
        TITLE,
        theme.section,
    ))));
    let room = usize::from(width).saturating_sub(HIGHLIGHT_WIDTH);
    for (index, row) in app.attached.rows().into_iter().enumerate() {
        if app.selected_item == ITEMS.len() + index {
            *selected_row = items.len();
        }
        items.push(ListItem::new(row_line(app, row, room)));
    }
}

fn row_line(app: &App, row: Row, room: usize) -> Line<'static> {
    let theme = &app.theme;
    let label = row.label(&app.attached);
    let keep_end = matches!(row, Row::File(_));
    match row.value(&app.attached) {
        RowValue::Checked(on) => {
            let mark = if on { "[x] " } else { "[ ] " };
            let label = fit(&label, room.saturating_sub(mark.len()), keep_end);
            Line::from(vec![Span::raw(mark), Span::raw(label)])
        }
        RowValue::Value(value) => {
            let head = format!("{label}: ");
            // A path keeps its end (the file name), a bundled name its start.
            let keep_end = value.contains('/');
            let value = fit(&value, room.saturating_sub(head.chars().count()), keep_end);
            Line::from(vec![Span::raw(head), Span::styled(value, theme.key)])
        }
        RowValue::Action => {
            let label = fit(&label, room.saturating_sub(2), false);
            Line::from(vec![Span::styled("+ ", theme.key), Span::raw(label)])
        }
    }
}

/// `text` within `room` columns: cut with `…` at the end, or at the start when the end is what
/// tells it apart (a path's file name, the last SCP of a level).
fn fit(text: &str, room: usize, keep_end: bool) -> String {
    let count = text.chars().count();
    if count <= room {
        return text.to_owned();
    }
    let keep = room.saturating_sub(1);
    if keep_end {
        let tail: String = text.chars().skip(count - keep).collect();
        format!("…{tail}")
    } else {
        let head: String = text.chars().take(keep).collect();
        format!("{head}…")
    }
}

/// `Attach policy (file or aws:NAME): path█  Enter confirm · Esc cancel`. Why a text was
/// refused is the status: on lines of its own above the prompt when long (an unknown `aws:NAME`
/// lists the known ones), else on the prompt's line.
pub fn render_prompt(
    app: &App,
    frame: &mut Frame,
    [status_area, prompt_area]: [Rect; 2],
    input: &TextInput,
    target: Target,
) {
    let theme = &app.theme;
    let mut spans = vec![Span::styled(target.prompt(), theme.key)];
    spans.extend(input_spans(input, theme));
    spans.push(Span::raw("  "));
    if let Some(status) = &app.status {
        let style = status_style(app, status.kind);
        if status_area.height > 0 {
            let lines = status_lines(&status.text, usize::from(status_area.width), style);
            frame.render_widget(Paragraph::new(lines), status_area);
        } else {
            spans.push(Span::styled(status.text.clone(), style));
            spans.push(Span::raw("  "));
        }
    }
    spans.extend(hint_spans(KeyMode::Editing, app.view(), theme, usize::MAX));
    frame.render_widget(Paragraph::new(Line::from(spans)), prompt_area);
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn long_names_are_cut_where_they_differ_least() {
        assert_eq!(fit("aws:PowerUserAccess", 40, false), "aws:PowerUserAccess");
        assert_eq!(fit("aws:IAMSelfManageService", 10, false), "aws:IAMSe…");
        assert_eq!(fit("policies/deny-keys.json", 12, true), "…y-keys.json");
        assert_eq!(fit("abc", 0, true), "…");
    }
}
