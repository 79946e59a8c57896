//! Key hints from the key table (`key hint · key hint ...`), for the footer and the prompts.

use ratatui::text::Span;

use crate::tui::keys::{self, Hint, KeyMode, View};
use crate::tui::theme::Theme;

const SEPARATOR: &str = " · ";

/// `key hint · key hint ...` for a mode and view, as many as fit in `room` columns: when they
/// do not all fit, the optional ones (copy, save, format: in every pane and in the help) make
/// room first, from the last, so the pane's own keys, help and quit stay.
pub fn hint_spans(mode: KeyMode, view: View, theme: &Theme, room: usize) -> Vec<Span<'static>> {
    let mut hints: Vec<Hint> = keys::footer_hints(mode, view).collect();
    while width(&hints) > room {
        match hints.iter().rposition(|h| h.optional) {
            Some(index) => {
                hints.remove(index);
            }
            None => break,
        }
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for hint in hints {
        let separator = if used > 0 { SEPARATOR } else { "" };
        let width = separator.chars().count() + hint_width(&hint);
        if used + width > room {
            break;
        }
        if !separator.is_empty() {
            spans.push(Span::styled(separator, theme.dim));
        }
        spans.push(Span::styled(hint.keys, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(hint.hint));
        used += width;
    }
    spans
}

fn hint_width(hint: &Hint) -> usize {
    hint.keys.chars().count() + 1 + hint.hint.chars().count()
}

/// Columns the hints take with their separators.
fn width(hints: &[Hint]) -> usize {
    let separators = hints.len().saturating_sub(1) * SEPARATOR.chars().count();
    hints.iter().map(hint_width).sum::<usize>() + separators
}
