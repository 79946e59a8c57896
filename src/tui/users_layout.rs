//! Where the users screen and a user's view go, as pure functions of the terminal size (the
//! state uses them for page sizes, the renderer to draw).
//!
//! Users list:
//! ```text
//! ┌ Users 12 of 40 · account 123456789012 · INCOMPLETE (IsTruncated) · 3 unknown policies ─┐
//! │ Filter: al▏                                                                           │
//! │   user     PKMCSV MFA console MFA keys bootstrap …                       unknown      │
//! │ > alice    PKM--- yes         yes      no!       …                       1            │
//! │ legend (legend_lines)                                                                 │
//! └──────────────────────────────────────────────────────────── sorted by user (A→Z) ─┘
//!  footer: key hints and status
//! ```
//! A user's view: one pane over the whole body, the truth table (with the deciding policies of
//! the selected row under it) or the checks, as pane 3 of the main screen.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use super::wrap::wrap_line;

use super::layout::{MIN_HEIGHT, MIN_WIDTH, table_visible_rows};

/// The narrowest screen on which the verdict columns carry the audit's own headers (`MFA
/// console`, `keys enrol MFA`...); narrower screens get short headers that the legend spells out.
pub const LONG_HEADERS_WIDTH: u16 = 140;

/// Whether the users table uses the audit's own headers at this screen width.
pub fn long_headers(width: u16) -> bool {
    width >= LONG_HEADERS_WIDTH
}

/// What the symbols and the credential letters mean.
const LEGEND: &str = "! bad answer · ? unknown (a policy without document) · PKMCSV: Password, access Keys, MFA, Certificates, SSH, serVice credentials manageable with MFA (- no)";
/// What the short verdict headers stand for.
const SHORT_LEGEND: &str = "con/keys: MFA console/keys · boot: bootstrap · enrol: keys enrol MFA · rmMFA: MFA removable · 1stPw: first password · others: other users · escal: escalation · unk: unknown";

/// The legend under the users table on a screen `width` wide: one paragraph, so that the short
/// headers' part fills the first part's last line.
pub fn legend(width: u16) -> String {
    if long_headers(width) {
        LEGEND.to_owned()
    } else {
        format!("{LEGEND} · {SHORT_LEGEND}")
    }
}

/// Lines the legend takes inside the frame of a screen `width` wide.
pub fn legend_lines(width: u16) -> u16 {
    let inner = usize::from(width.saturating_sub(2));
    let lines = wrap_line(&Line::raw(legend(width)), inner, 0).len();
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// The body and the footer of a screen this size; `None` below the minimum size.
pub fn split(area: Rect, footer_height: u16) -> Option<[Rect; 2]> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    Some(area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(footer_height),
    ])))
}

fn body(size: (u16, u16), footer_height: u16) -> Rect {
    let area = Rect::new(0, 0, size.0, size.1);
    split(area, footer_height).map_or(area, |[body, _]| body)
}

/// The users list's parts inside its frame: the filter line, the table (header and rows) and the
/// legend.
pub fn list_parts(inner: Rect, screen_width: u16) -> [Rect; 3] {
    inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(legend_lines(screen_width)),
    ]))
}

/// Users visible at once.
pub fn list_visible_rows(size: (u16, u16), footer_height: u16) -> usize {
    let inner_height = body(size, footer_height).height.saturating_sub(2);
    usize::from(inner_height.saturating_sub(1 + 1 + legend_lines(size.0)))
}

/// Truth table rows visible at once in a user's view.
pub fn view_table_rows(size: (u16, u16), footer_height: u16) -> usize {
    table_visible_rows(body(size, footer_height))
}

/// Lines of the checks visible at once in a user's view.
pub fn view_inner_rows(size: (u16, u16), footer_height: u16) -> usize {
    usize::from(body(size, footer_height).height.saturating_sub(2))
}
