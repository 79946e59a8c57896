//! Where everything goes, as pure functions of sizes and the focused pane (nothing is cached: a
//! resize simply lays out again). The state uses them for page sizes and mouse hits, the
//! renderer to draw; neither is imported here.
//!
//! Wide (at least 80×20):
//! ```text
//! ┌ 1 Choices ──┐┌ 2 Policy ── 1,733 / 6,144 managed ── 3 findings ┐
//! │             ││ preview, PREVIEW_PERCENT of the height           │
//! │             │└──────────────────────────────────────────────────┘
//! │             │┌ 3 Truth table │ Checks ──────────────────────────┐
//! │ explanation ││ rows, legend, deciding statements                │
//! └─────────────┘└──────────────────────────────────────────────────┘
//!  footer: key hints and status (a second line when the status is long)
//! ```
//! Stacked (narrower than 80 but at least 30 rows): the three panes one above the other.
//! Compact (smaller, down to 40×10): the focused pane alone above the footer; Tab and 1-3 move
//! between panes as usual. Below 40×10: a message saying how much room is needed.

use ratatui::layout::{Constraint, Layout, Rect};

use ratatui::text::Line;

use super::action::Pane;
use super::wrap::wrap_line;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
pub const WIDE_WIDTH: u16 = 80;
pub const WIDE_HEIGHT: u16 = 20;
pub const STACKED_HEIGHT: u16 = 30;
/// Share of the right column's height the preview gets.
const PREVIEW_PERCENT: u16 = 40;
/// The choices column: 30% of the width, within these bounds.
const CHOICES_MIN_WIDTH: u16 = 30;
const CHOICES_MAX_WIDTH: u16 = 40;
/// Room the key hints keep next to the status before the status moves to its own lines.
pub const MIN_HINTS_WIDTH: usize = 30;
/// Lines a status of its own may take, wrapped at word boundaries; a longer one is cut.
pub const MAX_STATUS_LINES: usize = 3;
/// Explanation lines under the choices: at most this many.
const MAX_EXPLANATION_LINES: u16 = 5;
/// The help overlay's widest.
const HELP_MAX_WIDTH: u16 = 84;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// `None` when the pane is not on screen (compact layout).
    pub choices: Option<Rect>,
    pub preview: Option<Rect>,
    pub results: Option<Rect>,
    pub footer: Rect,
    /// True when only the focused pane is shown.
    pub compact: bool,
}

impl Areas {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Choices => self.choices,
            Pane::Preview => self.preview,
            Pane::Results => self.results,
        }
    }

    /// The pane containing this cell.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let hit = |rect: Option<Rect>| {
            rect.is_some_and(|r| {
                column >= r.x && column < r.right() && row >= r.y && row < r.bottom()
            })
        };
        [Pane::Choices, Pane::Preview, Pane::Results]
            .into_iter()
            .find(|pane| hit(self.pane(*pane)))
    }
}

/// Lays out `area` with `focus` on one pane and a footer of `footer_height` lines (see
/// [`footer_height`]); `None` when it is below the minimum size.
pub fn areas(area: Rect, focus: Pane, footer_height: u16) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [body, footer] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(footer_height),
    ]));
    if area.width < WIDE_WIDTH && area.height >= STACKED_HEIGHT {
        let [choices, preview, results] = body.layout(&Layout::vertical([
            Constraint::Percentage(40),
            Constraint::Percentage(25),
            Constraint::Fill(1),
        ]));
        return Some(Areas {
            choices: Some(choices),
            preview: Some(preview),
            results: Some(results),
            footer,
            compact: false,
        });
    }
    if area.width < WIDE_WIDTH || area.height < WIDE_HEIGHT {
        return Some(Areas {
            choices: (focus == Pane::Choices).then_some(body),
            preview: (focus == Pane::Preview).then_some(body),
            results: (focus == Pane::Results).then_some(body),
            footer,
            compact: true,
        });
    }
    let choices_width = (area.width * 3 / 10).clamp(CHOICES_MIN_WIDTH, CHOICES_MAX_WIDTH);
    let [left, right] = body.layout(&Layout::horizontal([
        Constraint::Length(choices_width),
        Constraint::Fill(1),
    ]));
    let [preview, results] = right.layout(&Layout::vertical([
        Constraint::Percentage(PREVIEW_PERCENT),
        Constraint::Fill(1),
    ]));
    Some(Areas {
        choices: Some(left),
        preview: Some(preview),
        results: Some(results),
        footer,
        compact: false,
    })
}

/// Footer lines on a screen `width` wide: 1, or more when the status needs lines of its own.
pub fn footer_height(status: Option<&str>, width: u16) -> u16 {
    match status {
        Some(text) if text.chars().count() + 2 + MIN_HINTS_WIDTH > usize::from(width) => {
            let lines = wrap_line(&Line::raw(text), usize::from(width), 0)
                .len()
                .min(MAX_STATUS_LINES);
            1 + u16::try_from(lines).unwrap_or(1)
        }
        _ => 1,
    }
}

/// Where the help overlay goes on a screen of this size.
pub fn help_popup(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(HELP_MAX_WIDTH);
    let height = area.height.saturating_sub(2);
    area.centered(Constraint::Length(width), Constraint::Length(height))
}

/// Help lines visible at once on a screen of this size.
pub fn help_visible_lines(area: Rect) -> usize {
    usize::from(help_popup(area).height.saturating_sub(2))
}

/// The rows of a list in view when `room` rows fit and `selected` must stay in view, scrolled
/// as a table widget scrolls from the top: the first row shown and how many are shown (at least
/// one).
pub fn rows_in_view(room: usize, selected: usize) -> (usize, usize) {
    let visible = room.max(1);
    (selected.saturating_sub(visible - 1), visible)
}

/// Rows of the truth table visible in a results pane of this size (borders, header and detail
/// aside).
pub fn table_visible_rows(pane: Rect) -> usize {
    let inner_height = pane.height.saturating_sub(2);
    let inner_width = pane.width.saturating_sub(2);
    usize::from(inner_height.saturating_sub(1 + table_detail_height(inner_width, inner_height)))
}

/// Lines under the truth table for the selected row's deciding statements and, on the last
/// one, the resource asked about: a line more where the pane is narrow (as at 80x24) or tall,
/// so that neither the statements nor the ARN are cut.
pub fn table_detail_height(inner_width: u16, inner_height: u16) -> u16 {
    match (inner_width, inner_height) {
        (..NARROW_TABLE_WIDTH, 10..) | (_, TALL_TABLE_HEIGHT..) => 4,
        (_, 10..) => 3,
        _ => 2,
    }
}

/// Below this inner width, or from this inner height, the truth table's detail gets a fourth
/// line.
const NARROW_TABLE_WIDTH: u16 = 60;
const TALL_TABLE_HEIGHT: u16 = 16;

/// Lines the explanation under the choices list takes in the choices pane's `inner` area,
/// including the rule above it.
pub fn explanation_height(inner: Rect, text: &str) -> u16 {
    (wrapped_height(text, inner.width).min(MAX_EXPLANATION_LINES) + 1).min(inner.height / 3)
}

/// Lines `text` takes when wrapped at `width` (word wrapping may need a line more).
fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let chars = text.chars().count();
    u16::try_from(chars.div_ceil(width) + 1).unwrap_or(u16::MAX)
}
