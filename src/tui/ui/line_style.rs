//! The style of each kind of line or cell of the users screen and a user's view (both draw
//! [`LineKind`]s).

use ratatui::style::Style;

use crate::tui::theme::Theme;
use crate::tui::user_lines::LineKind;

/// The style a line or cell of this kind is drawn in.
pub fn style_of(kind: LineKind, theme: &Theme) -> Style {
    match kind {
        LineKind::Section => theme.section,
        LineKind::Stage => theme.key,
        LineKind::Plain => Style::new(),
        LineKind::Good => theme.ok,
        LineKind::Bad | LineKind::Error => theme.error,
        LineKind::Unknown | LineKind::Dim => theme.dim,
        LineKind::Warning => theme.warning,
        LineKind::Info => theme.info,
    }
}
