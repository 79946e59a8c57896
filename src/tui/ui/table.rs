//! The truth table tab: one row per action, one column per situation (own user with MFA,
//! without MFA, with long-term keys; another user), each cell a symbol that reads without colour.
//! Under it, the statements that decided the selected row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::policy::engine::{Decision, MissingAllow};
use crate::policy::reports::analysis::Analysis;
use crate::policy::reports::truth_table::{self, Column};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::verdict::{self, LEGEND};

/// Width of each decision column ("no MFA" is the widest header).
const CELL_WIDTHS: [u16; 4] = [5, 6, 5, 5];
const HIGHLIGHT_SYMBOL: &str = "> ";
/// The `other` cell of an action that has no user resource: asking about another user's
/// resource would ask the same question again.
const NOT_ASKED: &str = "n/a";

/// False for the `other` column of an action without a user resource.
pub(super) fn asks(row: &truth_table::Row, column: Column) -> bool {
    column != Column::OtherUser || row.other_resource != row.own_resource
}

/// The row's decisions with the headers of the columns that share each, in column order (the
/// selected row's detail line says each decision once).
pub(super) fn grouped_decisions(row: &truth_table::Row) -> Vec<(Vec<&'static str>, &Decision)> {
    let mut groups: Vec<(Vec<&'static str>, &Decision)> = Vec::new();
    for column in Column::ALL.into_iter().filter(|c| asks(row, *c)) {
        let decision = row.cell(column);
        match groups.iter_mut().find(|(_, d)| *d == decision) {
            Some((columns, _)) => columns.push(column.header()),
            None => groups.push((vec![column.header()], decision)),
        }
    }
    groups
}

/// What the columns mean, for the pane's top border: as long a form as fits in `room`.
pub fn column_titles(room: usize) -> Option<&'static str> {
    [
        " columns: own user with MFA · no MFA · long-term keys │ other: another user ",
        " own user: MFA · no MFA · keys │ other user ",
        " own: MFA·no MFA·keys ",
    ]
    .into_iter()
    .find(|text| text.chars().count() <= room)
}

/// `✓ allowed  ✗D explicit deny  ✗ implicit deny`, drawn in the pane's bottom border: the
/// legend's entries that have a short form.
pub fn legend(theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let entries: Vec<_> = LEGEND.iter().filter(|e| e.short.is_some()).collect();
    for (i, entry) in entries.iter().enumerate() {
        let gap = if i + 1 == entries.len() { " " } else { "  " };
        spans.push(Span::styled(entry.symbol, theme.verdict(entry.verdict)));
        spans.push(Span::styled(
            format!(" {}{gap}", entry.short.unwrap_or_default()),
            theme.dim,
        ));
    }
    Line::from(spans)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let analysis = match &app.analysis {
        Ok(analysis) => analysis,
        Err(unusable) => {
            let text = vec![
                Line::from(Span::styled(
                    "No truth table: not a valid policy.",
                    theme.error,
                )),
                Line::from(unusable.error.to_string()),
                Line::from(Span::styled(
                    "Details under Checks (t). Change any choice to start from a generated policy.",
                    theme.dim,
                )),
            ];
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
            return;
        }
    };
    let [table_area, detail_area] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(layout::table_detail_height(area.width, area.height)),
    ]));

    let fixed: u16 = CELL_WIDTHS.iter().sum::<u16>() + 4 + HIGHLIGHT_SYMBOL.len() as u16;
    let action_width = usize::from(table_area.width.saturating_sub(fixed));
    let longest = analysis
        .table
        .rows
        .iter()
        .map(|row| row.action.len())
        .max()
        .unwrap_or(0);
    // When full names do not fit, drop the `iam:` prefix that nearly all of them share.
    let strip_iam = longest > action_width;
    let action_header = if strip_iam { "action (iam:)" } else { "action" };

    let header = Row::new(
        std::iter::once(Cell::from(action_header)).chain(
            Column::ALL
                .iter()
                .map(|column| Cell::from(Line::from(column.header()).centered())),
        ),
    )
    .style(theme.section);
    // Only the rows on screen are built: the window that keeps the selection in view, as the
    // table widget itself would scroll from the top.
    let (offset, visible) = layout::rows_in_view(
        usize::from(table_area.height.saturating_sub(1)),
        app.table_row,
    );
    let rows = analysis
        .table
        .rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|row| {
            let name = if strip_iam {
                row.action.strip_prefix("iam:").unwrap_or(&row.action)
            } else {
                &row.action
            };
            let cells = Column::ALL.iter().map(|column| {
                let decision = row.cell(*column);
                let line = if !asks(row, *column) {
                    Line::from(Span::styled(NOT_ASKED, theme.dim))
                } else if verdict::unexpected(analysis, row, *column) {
                    // Wrong by the journey: marked by a `!` as well as by style.
                    Line::from(Span::styled(
                        format!("{}!", verdict::symbol(decision)),
                        theme.error.add_modifier(Modifier::REVERSED),
                    ))
                } else {
                    Line::from(Span::styled(
                        verdict::symbol(decision),
                        verdict::style(decision, theme),
                    ))
                };
                Cell::from(line.centered())
            });
            Row::new(std::iter::once(Cell::from(name)).chain(cells))
        });
    let widths = std::iter::once(Constraint::Fill(1))
        .chain(CELL_WIDTHS.iter().map(|w| Constraint::Length(*w)));
    let focused = app.focus == Pane::Results;
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(HIGHLIGHT_SYMBOL)
        .row_highlight_style(if focused {
            theme.selected
        } else {
            Style::new()
        });
    let mut state = TableState::default().with_selected(Some(app.table_row - offset));
    frame.render_stateful_widget(table, table_area, &mut state);

    let row = analysis.table.rows.get(app.table_row);
    match row.map(|row| asked_line(row, usize::from(detail_area.width))) {
        // The resource on a line of its own, so that wrapping never cuts the ARN.
        Some(Some(asked)) if detail_area.height >= 3 => {
            let [decisions_area, asked_area] = detail_area.layout(&Layout::vertical([
                Constraint::Fill(1),
                Constraint::Length(1),
            ]));
            frame.render_widget(
                Paragraph::new(detail(analysis, app.table_row, theme, false))
                    .wrap(Wrap { trim: true }),
                decisions_area,
            );
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(asked, theme.dim))),
                asked_area,
            );
        }
        _ => frame.render_widget(
            Paragraph::new(detail(analysis, app.table_row, theme, true)).wrap(Wrap { trim: true }),
            detail_area,
        ),
    }
}

/// The resources the selected row asked about, in the longest form that fits in `width`:
/// `asked about <own ARN>; other: <other ARN>`, then shorter forms that name the other user by
/// the last part of its ARN, then the own ARN alone; `None` when even that does not fit.
fn asked_line(row: &truth_table::Row, width: usize) -> Option<String> {
    let own = &row.own_resource;
    if own == "*" {
        let text = "asked about * (no user resource)".to_owned();
        return (text.chars().count() <= width).then_some(text);
    }
    let other = &row.other_resource;
    let mut candidates = Vec::new();
    if asks(row, Column::OtherUser) {
        let other_short = other
            .rsplit_once('/')
            .map_or(other.as_str(), |(_, last)| last);
        candidates.extend([
            format!("asked about {own}; other: {other}"),
            format!("asked about {own}, other {other_short}"),
            format!("about {own}, other {other_short}"),
            format!("{own}, other {other_short}"),
        ]);
    } else {
        candidates.push(format!("asked about {own}"));
    }
    candidates.push(own.clone());
    candidates
        .into_iter()
        .find(|text| text.chars().count() <= width)
}

/// `ChangePassword: MFA ✓ AllowManageOwnPassword · no MFA, keys ✗D DenyAllExceptListedIfNoMFA
/// · other ✗ no statement`: the selected row's decisions, equal ones grouped.
fn detail<'a>(analysis: &'a Analysis, row: usize, theme: &Theme, with_asked: bool) -> Line<'a> {
    let Some(row) = analysis.table.rows.get(row) else {
        return Line::from(Span::styled("No actions to show.", theme.dim));
    };
    let mut spans = vec![
        Span::styled(row.action.as_str(), theme.key),
        Span::raw(": "),
    ];
    for (i, (columns, decision)) in grouped_decisions(row).iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::raw(columns.join(", ")));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            verdict::symbol(decision),
            verdict::style(decision, theme),
        ));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(deciders(decision), theme.dim));
    }
    if matches!(row.kind, truth_table::RowKind::Sentinel) {
        spans.push(Span::styled(" (must always be denied)", theme.dim));
    }
    if let Some(context) = row.context_text() {
        spans.push(Span::styled(format!(" (asked with {context})"), theme.dim));
    }
    if !with_asked {
        return Line::from(spans);
    }
    if row.own_resource != "*" {
        spans.push(Span::styled(
            format!(" · asked about {}", row.own_resource),
            theme.dim,
        ));
        if asks(row, Column::OtherUser) {
            spans.push(Span::styled(
                format!("; other: {}", row.other_resource),
                theme.dim,
            ));
        }
    } else {
        spans.push(Span::styled(
            " · asked about * (no user resource)",
            theme.dim,
        ));
    }
    Line::from(spans)
}

/// The statements that decided, by Sid (or `#n`).
fn deciders(decision: &Decision) -> String {
    if decision.is_not_controlled_by_policy() {
        return "not controlled by policy".to_owned();
    }
    match decision.missing_allow() {
        // The step that found no Allow, when it is not the identity policies' (a boundary, an
        // SCP level): the policy to look at.
        Some(step) if step != MissingAllow::Identity => return step.describe().into_owned(),
        _ => {}
    }
    if !decision.unknown_policies().is_empty() {
        return format!("unknown: {}", decision.unknown_policies().join(", "));
    }
    if decision.statements().is_empty() {
        return "no statement matched".to_owned();
    }
    decision.labels().collect::<Vec<_>>().join(", ")
}
