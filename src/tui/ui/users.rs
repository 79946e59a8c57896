//! The users screen of an opened account dump: a table of users and the audit's verdicts (the
//! same words as `audit`'s text: `yes`, `no`, `?`, `!` on the bad answer), the name filter, the
//! sort, and what the dump leaves unknown. A user's view is drawn by [`super::user_view`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use crate::policy::reports::audit::{Answer, UserAudit};
use crate::tui::app::{App, Mode, SortKey, Users, UsersScreen};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::user_lines::cell;
use crate::tui::users_layout::{self, long_headers};
use crate::tui::wrap::wrap_line;

use super::line_style::style_of;
use super::{footer, help, user_view};

/// One letter per credential type, in `Credential::ALL` order (as `audit` writes them).
const CREDENTIAL_LETTERS: [char; 6] = ['P', 'K', 'M', 'C', 'S', 'V'];
/// The verdict columns' short headers, spelled out by the legend.
pub const SHORT_HEADERS: [&str; 8] = [
    "con", "keys", "boot", "enrol", "rmMFA", "1stPw", "others", "escal",
];
const HIGHLIGHT_SYMBOL: &str = "> ";

pub fn render(app: &App, frame: &mut Frame) {
    let Some(users) = app.users.as_deref() else {
        return;
    };
    let area = frame.area();
    let status = app.status.as_ref().map(|status| status.text.as_str());
    let footer_height = crate::tui::layout::footer_height(status, area.width);
    let Some([body, footer_area]) = users_layout::split(area, footer_height) else {
        super::too_small(frame, area);
        return;
    };
    match &users.screen {
        UsersScreen::User(view) => user_view::render(app, users, view, frame, body),
        _ => render_list(app, users, frame, body),
    }
    footer::render(app, frame, footer_area);
    if let Mode::Help { scroll } = app.mode {
        help::render(app, frame, area, scroll);
    }
}

/// The column's name in the title's "sorted by".
fn sort_name(key: SortKey) -> &'static str {
    match key {
        SortKey::User => "user",
        SortKey::Credentials => "PKMCSV",
        SortKey::Verdict(i) => VERDICT_HEADERS[i],
        SortKey::Unknown => "unknown",
    }
}

/// The audit's headers, in `Verdicts::columns` order.
const VERDICT_HEADERS: [&str; 8] = [
    "MFA console",
    "MFA keys",
    "bootstrap",
    "keys enrol MFA",
    "MFA removable",
    "first password",
    "other users",
    "escalation",
];

fn render_list(app: &App, users: &Users, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let title = title(users, theme, usize::from(area.width.saturating_sub(2)));
    let sorted = format!(
        " sorted by {} ({}) ",
        sort_name(users.sort),
        users.sort.order_words(users.reversed)
    );
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(title)
        .title_bottom(Line::from(Span::styled(sorted, theme.dim)).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filter_area, table_area, legend_area] = users_layout::list_parts(inner, app.size.0);

    frame.render_widget(Paragraph::new(filter_line(users, theme)), filter_area);
    render_table(app, users, frame, table_area);
    // Wrapped as the layout counted it.
    let legend = Line::from(Span::styled(users_layout::legend(app.size.0), theme.dim));
    let lines = wrap_line(&legend, usize::from(legend_area.width), 0);
    frame.render_widget(Paragraph::new(lines), legend_area);
}

/// `Users 3 of 40 · account 123456789012 · INCOMPLETE (IsTruncated) · 2 unknown policies ·
/// 4 roles not audited`: what fits in `room`, the least telling parts (roles, then the word
/// "account") left out first.
fn title(users: &Users, theme: &Theme, room: usize) -> Line<'static> {
    let total = users.audit.users.len();
    let account = users.audit.account.as_deref().unwrap_or("unknown");
    let count = format!(" Users {} of {total} ", users.shown.len());
    let mut parts: Vec<(String, Style)> = Vec::new();
    if !users.audit.complete {
        parts.push(("· INCOMPLETE (IsTruncated) ".to_owned(), theme.error));
    }
    if users.unknown_policies > 0 {
        let s = if users.unknown_policies == 1 {
            "y"
        } else {
            "ies"
        };
        parts.push((
            format!("· {} unknown polic{s} ", users.unknown_policies),
            theme.warning,
        ));
    }
    let roles = match users.audit.roles {
        0 => None,
        1 => Some("· 1 role not audited ".to_owned()),
        n => Some(format!("· {n} roles not audited ")),
    };
    let width = |parts: &[(String, Style)], account: &str| {
        count.chars().count()
            + account.chars().count()
            + parts.iter().map(|(t, _)| t.chars().count()).sum::<usize>()
    };
    let long_account = format!("· account {account} ");
    let short_account = format!("· {account} ");
    let mut with_roles = parts.clone();
    if let Some(roles) = &roles {
        with_roles.push((roles.clone(), theme.dim));
    }
    let (account, parts) = if width(&with_roles, &long_account) <= room {
        (long_account, with_roles)
    } else if width(&parts, &long_account) <= room {
        (long_account, parts)
    } else {
        (short_account, parts)
    };
    let mut spans = vec![
        Span::styled(count, theme.title_focused),
        Span::styled(account, theme.title_focused),
    ];
    spans.extend(
        parts
            .into_iter()
            .map(|(text, style)| Span::styled(text, style)),
    );
    Line::from(spans)
}

fn filter_line<'a>(users: &'a Users, theme: &Theme) -> Line<'a> {
    let text = users.filter.text();
    if users.filtering() {
        let (before, at, after) = users.filter.split_at_cursor();
        return Line::from(vec![
            Span::styled("Filter: ", theme.key),
            Span::styled(before, theme.input),
            Span::styled(at.unwrap_or(" "), theme.selected),
            Span::styled(after, theme.input),
            Span::styled("  (Enter keeps, Esc clears)", theme.dim),
        ]);
    }
    if text.is_empty() {
        return Line::from(Span::styled(
            "/ filters by name · s sorts, S reverses · Enter opens the user",
            theme.dim,
        ));
    }
    Line::from(vec![
        Span::styled("Filter: ", theme.key),
        Span::raw(text),
        Span::styled("  (Esc clears)", theme.dim),
    ])
}

fn render_table(app: &App, users: &Users, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    if users.shown.is_empty() {
        let text = if users.audit.users.is_empty() {
            "The dump has no IAM users.".to_owned()
        } else {
            format!("No user name contains {:?}.", users.filter.text())
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), area);
        return;
    }
    let long = long_headers(app.size.0);
    let arrow = if users.reversed { "↑" } else { "↓" };
    let header_text = |key: SortKey, text: &str| {
        if users.sort == key {
            format!("{text}{arrow}")
        } else {
            text.to_owned()
        }
    };
    let verdict_headers: Vec<String> = (0..8)
        .map(|i| {
            let text = if long {
                VERDICT_HEADERS[i]
            } else {
                SHORT_HEADERS[i]
            };
            header_text(SortKey::Verdict(i), text)
        })
        .collect();
    let unknown_header = header_text(SortKey::Unknown, if long { "unknown" } else { "unk" });
    let mut headers = vec![
        header_text(SortKey::User, "user"),
        header_text(SortKey::Credentials, "PKMCSV"),
    ];
    headers.extend(verdict_headers);
    headers.push(unknown_header);
    let widths: Vec<Constraint> = headers
        .iter()
        .enumerate()
        .map(|(i, header)| match i {
            0 => Constraint::Fill(1),
            _ => Constraint::Length(u16::try_from(header.chars().count().max(4)).unwrap_or(4)),
        })
        .collect();
    let header = Row::new(headers.into_iter().map(Cell::from)).style(theme.section);

    let (offset, visible) =
        layout::rows_in_view(usize::from(area.height.saturating_sub(1)), users.selected);
    let rows = users
        .shown
        .iter()
        .skip(offset)
        .take(visible)
        .map(|&index| user_row(&users.audit.users[index], theme));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(HIGHLIGHT_SYMBOL)
        .row_highlight_style(theme.selected);
    let mut state = TableState::default().with_selected(Some(users.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

fn user_row<'a>(user: &'a UserAudit, theme: &Theme) -> Row<'a> {
    let credentials: String = user
        .verdicts
        .self_manageable
        .iter()
        .zip(CREDENTIAL_LETTERS)
        .map(|(answer, letter)| match answer {
            Answer::Yes => letter,
            Answer::No => '-',
            Answer::Unknown => '?',
        })
        .collect();
    let mut cells = vec![Cell::from(user.user.as_str()), Cell::from(credentials)];
    for (_, _, answer, yes_is_good) in user.verdicts.columns() {
        let (text, kind) = cell(answer, yes_is_good);
        cells.push(Cell::from(Span::styled(text, style_of(kind, theme))));
    }
    let unknown = user.unknown_policies.len();
    cells.push(Cell::from(Span::styled(
        unknown.to_string(),
        if unknown > 0 {
            theme.warning
        } else {
            Style::new()
        },
    )));
    Row::new(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::reports::audit::Verdicts;

    #[test]
    fn long_headers_are_the_audits_own() {
        let verdicts = Verdicts {
            self_manageable: [Answer::Yes; 6],
            mfa_enforced_console: Answer::Yes,
            mfa_enforced_keys: Answer::Yes,
            bootstrap_reachable: Answer::Yes,
            keys_can_enrol_mfa: Answer::Yes,
            mfa_removable_without_mfa: Answer::Yes,
            first_sign_in_password_change: Answer::Yes,
            other_users_reachable: Answer::Yes,
            escalation: Answer::Yes,
        };
        let audit_headers: Vec<&str> = verdicts.columns().iter().map(|c| c.0).collect();
        assert_eq!(audit_headers, VERDICT_HEADERS);
        assert_eq!(SHORT_HEADERS.len(), VERDICT_HEADERS.len());
        // Every short header is spelled out by the legend.
        let legend = users_layout::legend(80);
        for short in SHORT_HEADERS {
            let spelled = [
                format!("{short}: "),
                format!("{short}/"),
                format!("/{short}: "),
            ];
            assert!(spelled.iter().any(|form| legend.contains(form)), "{short}");
        }
    }
}
