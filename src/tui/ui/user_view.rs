//! One user of an account dump: the truth table over their whole set, with the policy and
//! statement that decided the selected row under it, or the checks (verdicts, policies,
//! findings, journey). `?` is an answer a policy without a document could change.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::policy::reports::audit::Because;
use crate::policy::reports::audit::user_report::UserReport;
use crate::policy::reports::truth_table::Column;
use crate::tui::action::ResultsTab;
use crate::tui::app::{App, UserView, Users};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::verdict::{self, LEGEND};
use crate::tui::wrap::wrap_line;

use super::line_style::style_of;
use super::table;

/// Width of each decision column ("no MFA" is the widest header).
const CELL_WIDTHS: [u16; 4] = [5, 6, 5, 5];
const HIGHLIGHT_SYMBOL: &str = "> ";
const NOT_ASKED: &str = "n/a";

pub fn render(app: &App, users: &Users, view: &UserView, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let audit = &users.audit.users[view.user];
    let tab_style = |tab: ResultsTab| {
        if view.tab == tab {
            theme.title_focused.add_modifier(Modifier::BOLD)
        } else {
            theme.dim
        }
    };
    let unknown = audit.unknown_policies.len();
    let mut title = vec![
        Span::styled(format!(" {} ", audit.user), theme.title_focused),
        Span::styled(
            match audit.policies.len() {
                1 => "· 1 policy".to_owned(),
                n => format!("· {n} policies"),
            },
            theme.title_focused,
        ),
    ];
    if unknown > 0 {
        title.push(Span::styled(format!(", {unknown} unknown"), theme.warning));
    }
    if !users.audit.complete {
        title.push(Span::styled(" · INCOMPLETE dump", theme.error));
    }
    title.extend([
        Span::raw(" │ "),
        Span::styled("Truth table", tab_style(ResultsTab::TruthTable)),
        Span::raw(" │ "),
        Span::styled("Checks", tab_style(ResultsTab::Checks)),
        Span::raw(" "),
    ]);
    let mut block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(title));
    block = match view.tab {
        ResultsTab::TruthTable => block.title_bottom(legend(theme).right_aligned()),
        ResultsTab::Checks => {
            let first = view.checks_scroll.min(view.lines.len().saturating_sub(1)) + 1;
            block.title_bottom(
                Line::from(Span::styled(
                    format!(" line {first} / {} ", view.lines.len()),
                    theme.dim,
                ))
                .right_aligned(),
            )
        }
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match view.tab {
        ResultsTab::TruthTable => render_table(&view.report, view.table_row, theme, frame, inner),
        ResultsTab::Checks => render_checks(view, theme, frame, inner),
    }
}

/// `✓ allowed  ✗D explicit deny  ✗ implicit deny  ? unknown`.
fn legend(theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for entry in LEGEND
        .iter()
        .filter(|e| e.short.is_some() || e.symbol == "?")
    {
        spans.push(Span::styled(entry.symbol, theme.verdict(entry.verdict)));
        let word = entry.short.unwrap_or("unknown");
        spans.push(Span::styled(format!(" {word}  "), theme.dim));
    }
    Line::from(spans)
}

fn render_table(
    report: &UserReport,
    selected: usize,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let [table_area, detail_area] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(layout::table_detail_height(area.width, area.height)),
    ]));
    let header = Row::new(
        std::iter::once(Cell::from("action")).chain(
            Column::ALL
                .iter()
                .map(|column| Cell::from(Line::from(column.header()).centered())),
        ),
    )
    .style(theme.section);
    let (offset, visible) =
        layout::rows_in_view(usize::from(table_area.height.saturating_sub(1)), selected);
    let rows = report
        .table
        .rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|row| {
            let cells = Column::ALL.iter().map(|column| {
                let decision = row.cell(*column);
                let line = if table::asks(row, *column) {
                    Line::from(Span::styled(
                        verdict::symbol(decision),
                        verdict::style(decision, theme),
                    ))
                } else {
                    Line::from(Span::styled(NOT_ASKED, theme.dim))
                };
                Cell::from(line.centered())
            });
            Row::new(std::iter::once(Cell::from(row.action.as_str())).chain(cells))
        });
    let widths = std::iter::once(Constraint::Fill(1))
        .chain(CELL_WIDTHS.iter().map(|w| Constraint::Length(*w)));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(HIGHLIGHT_SYMBOL)
        .row_highlight_style(theme.selected);
    let mut state = TableState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(table, table_area, &mut state);
    frame.render_widget(
        Paragraph::new(detail(report, selected, theme)).wrap(Wrap { trim: true }),
        detail_area,
    );
}

/// `iam:ChangePassword: MFA ✓ allowed by user inline self / Own · no MFA, keys ✗D denied by
/// group G / managed arn:...@v1 / DenyWithoutMfa`: the selected row's decisions, equal ones
/// grouped, each with the policy and statement that decided.
fn detail<'a>(report: &'a UserReport, row: usize, theme: &Theme) -> Line<'a> {
    let Some(row) = report.table.rows.get(row) else {
        return Line::from(Span::styled("No actions to show.", theme.dim));
    };
    let mut spans = vec![
        Span::styled(row.action.as_str(), theme.key),
        Span::raw(": "),
    ];
    for (i, (columns, decision)) in table::grouped_decisions(row).iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::raw(format!("{} ", columns.join(", "))));
        spans.push(Span::styled(
            verdict::symbol(decision),
            verdict::style(decision, theme),
        ));
        spans.push(Span::styled(
            format!(" {}", Because::of(decision, &report.set).text),
            Style::new(),
        ));
    }
    if row.own_resource != "*" {
        spans.push(Span::styled(
            format!(" · asked about {}", row.own_resource),
            theme.dim,
        ));
    }
    Line::from(spans)
}

fn render_checks(view: &UserView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let first = view.checks_scroll.min(view.lines.len());
    let width = usize::from(area.width);
    let visible: Vec<Line<'static>> = view.lines[first..]
        .iter()
        .flat_map(|line| {
            let styled = Line::from(Span::styled(line.text.as_str(), style_of(line.kind, theme)));
            wrap_line(&styled, width, line.indent)
        })
        .take(usize::from(area.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), area);
}
