//! Where the panes go, as a pure function of the terminal size and the state (nothing is cached:
//! a resize simply lays out again). Also used by `update` to know page sizes and which pane a
//! mouse event hit.
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

use crate::tui::action::Pane;
use crate::tui::app::App;

use super::footer;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// `None` when the pane is not on screen (compact layout).
    pub choices: Option<Rect>,
    pub preview: Option<Rect>,
    pub lower: Option<Rect>,
    pub footer: Rect,
    /// True when only the focused pane is shown.
    pub compact: bool,
}

impl Areas {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Choices => self.choices,
            Pane::Preview => self.preview,
            Pane::Lower => self.lower,
        }
    }

    /// The pane containing this cell.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let hit = |rect: Option<Rect>| {
            rect.is_some_and(|r| {
                column >= r.x && column < r.right() && row >= r.y && row < r.bottom()
            })
        };
        [Pane::Choices, Pane::Preview, Pane::Lower]
            .into_iter()
            .find(|pane| hit(self.pane(*pane)))
    }
}

/// Lays out `area`; `None` when it is below the minimum size.
pub fn areas(area: Rect, app: &App) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let footer_height = footer::height(app, area.width);
    let [body, footer] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(footer_height),
    ]));
    if area.width < WIDE_WIDTH && area.height >= STACKED_HEIGHT {
        let [choices, preview, lower] = body.layout(&Layout::vertical([
            Constraint::Percentage(40),
            Constraint::Percentage(25),
            Constraint::Fill(1),
        ]));
        return Some(Areas {
            choices: Some(choices),
            preview: Some(preview),
            lower: Some(lower),
            footer,
            compact: false,
        });
    }
    if area.width < WIDE_WIDTH || area.height < WIDE_HEIGHT {
        return Some(Areas {
            choices: (app.focus == Pane::Choices).then_some(body),
            preview: (app.focus == Pane::Preview).then_some(body),
            lower: (app.focus == Pane::Lower).then_some(body),
            footer,
            compact: true,
        });
    }
    let choices_width = (area.width * 3 / 10).clamp(CHOICES_MIN_WIDTH, CHOICES_MAX_WIDTH);
    let [left, right] = body.layout(&Layout::horizontal([
        Constraint::Length(choices_width),
        Constraint::Fill(1),
    ]));
    let [preview, lower] = right.layout(&Layout::vertical([
        Constraint::Percentage(PREVIEW_PERCENT),
        Constraint::Fill(1),
    ]));
    Some(Areas {
        choices: Some(left),
        preview: Some(preview),
        lower: Some(lower),
        footer,
        compact: false,
    })
}
