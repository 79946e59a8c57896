//! Key hints from the key table (`key hint · key hint ...`), for the footer and the prompts.

use ratatui::text::Span;

use crate::tui::action::Pane;
use crate::tui::keys::{self, KeyMode};
use crate::tui::theme::Theme;

/// `key hint · key hint ...` for a mode and focused pane, as many as fit in `room` columns.
pub fn hint_spans(mode: KeyMode, focus: Pane, theme: &Theme, room: usize) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, hint) in keys::footer_hints(mode, focus) {
        let separator = if used > 0 { " · " } else { "" };
        let width = separator.chars().count() + key.chars().count() + 1 + hint.chars().count();
        if used + width > room {
            break;
        }
        if !separator.is_empty() {
            spans.push(Span::styled(separator, theme.dim));
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(hint));
        used += width;
    }
    spans
}
