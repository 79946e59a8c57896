//! Every style the wizard draws with, in one place, in two variants: colour, and monochrome for
//! `NO_COLOR` / `--color never`.
//!
//! The monochrome theme sets no colour at all, only modifiers. That is deliberate: crossterm 0.29
//! strips colours itself under `NO_COLOR` but still writes a bare reset sequence where the colour
//! was, which also wipes a modifier queued just before it (a `fg + REVERSED` highlight would
//! vanish). Meaning never rests on colour alone anyway: checkboxes, `✓`/`✗D`/`✗` and words carry it.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

use crate::policy::engine::Verdict;
use crate::policy::model::Named;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    Auto,
    Always,
    Never,
}

impl Named for ColorMode {
    const ALL: &'static [ColorMode] = &[ColorMode::Auto, ColorMode::Always, ColorMode::Never];

    fn name(self) -> &'static str {
        match self {
            ColorMode::Auto => "auto",
            ColorMode::Always => "always",
            ColorMode::Never => "never",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// True for the colourless variant.
    pub mono: bool,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub title_focused: Style,
    /// Step headers in the choices list (Credentials, MFA, ...).
    pub section: Style,
    /// The selected line of a list or table.
    pub selected: Style,
    /// A choice that currently has no effect (service restriction without service credentials).
    pub inactive: Style,
    /// Explanations, legends, hints.
    pub dim: Style,
    /// Key names in the footer and the help overlay.
    pub key: Style,
    pub json_key: Style,
    pub json_string: Style,
    pub json_number: Style,
    pub json_literal: Style,
    pub json_punctuation: Style,
    pub allowed: Style,
    pub explicit_deny: Style,
    pub implicit_deny: Style,
    pub error: Style,
    pub warning: Style,
    pub info: Style,
    pub ok: Style,
    /// The text being edited in a prompt.
    pub input: Style,
}

impl Theme {
    pub const COLOR: Theme = Theme {
        mono: false,
        border: Style::new().fg(Color::DarkGray),
        border_focused: Style::new().fg(Color::Cyan),
        title: Style::new(),
        title_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        section: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        inactive: Style::new().fg(Color::DarkGray),
        dim: Style::new().fg(Color::Gray),
        key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        json_key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        json_string: Style::new().fg(Color::Green),
        json_number: Style::new().fg(Color::Magenta),
        json_literal: Style::new().fg(Color::Yellow),
        json_punctuation: Style::new().fg(Color::Gray),
        allowed: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        explicit_deny: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        implicit_deny: Style::new().fg(Color::Yellow),
        error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        info: Style::new().fg(Color::Blue),
        ok: Style::new().fg(Color::Green),
        input: Style::new().add_modifier(Modifier::UNDERLINED),
    };

    /// Modifiers only: readable on any terminal, and safe under crossterm's `NO_COLOR` handling.
    pub const MONO: Theme = Theme {
        mono: true,
        border: Style::new(),
        border_focused: Style::new().add_modifier(Modifier::BOLD),
        title: Style::new(),
        title_focused: Style::new().add_modifier(Modifier::BOLD.union(Modifier::REVERSED)),
        section: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        inactive: Style::new().add_modifier(Modifier::DIM),
        dim: Style::new(),
        key: Style::new().add_modifier(Modifier::BOLD),
        json_key: Style::new().add_modifier(Modifier::BOLD),
        json_string: Style::new(),
        json_number: Style::new(),
        json_literal: Style::new().add_modifier(Modifier::ITALIC),
        json_punctuation: Style::new(),
        allowed: Style::new(),
        explicit_deny: Style::new().add_modifier(Modifier::BOLD),
        implicit_deny: Style::new(),
        error: Style::new().add_modifier(Modifier::BOLD),
        warning: Style::new().add_modifier(Modifier::BOLD),
        info: Style::new(),
        ok: Style::new(),
        input: Style::new().add_modifier(Modifier::UNDERLINED),
    };

    /// Picks the theme: `never` → mono; `always` → colour; `auto` → mono when `NO_COLOR` is set to
    /// a non-empty value (no-color.org: "present and not an empty string").
    pub fn pick(mode: ColorMode, no_color: Option<&OsStr>) -> Theme {
        let no_color_set = no_color.is_some_and(|value| !value.is_empty());
        match mode {
            ColorMode::Always => Theme::COLOR,
            ColorMode::Never => Theme::MONO,
            ColorMode::Auto if no_color_set => Theme::MONO,
            ColorMode::Auto => Theme::COLOR,
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.border_focused
        } else {
            self.border
        }
    }

    /// The style of a decision's symbol (the symbol itself is in `tui::verdict`).
    pub fn verdict(&self, verdict: Verdict) -> Style {
        match verdict {
            Verdict::Allowed => self.allowed,
            Verdict::ExplicitDeny => self.explicit_deny,
            Verdict::ImplicitDeny => self.implicit_deny,
            Verdict::Unknown => self.dim,
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            self.title_focused
        } else {
            self.title
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_only_counts_when_non_empty() {
        assert!(Theme::pick(ColorMode::Auto, Some(OsStr::new("1"))).mono);
        assert!(!Theme::pick(ColorMode::Auto, Some(OsStr::new(""))).mono);
        assert!(!Theme::pick(ColorMode::Auto, None).mono);
    }

    #[test]
    fn explicit_modes_win_over_the_environment() {
        assert!(Theme::pick(ColorMode::Never, None).mono);
        assert!(!Theme::pick(ColorMode::Always, Some(OsStr::new("1"))).mono);
    }

    #[test]
    fn mono_sets_no_colour_anywhere() {
        let t = Theme::MONO;
        let styles = [
            t.border,
            t.border_focused,
            t.title,
            t.title_focused,
            t.section,
            t.selected,
            t.inactive,
            t.dim,
            t.key,
            t.json_key,
            t.json_string,
            t.json_number,
            t.json_literal,
            t.json_punctuation,
            t.allowed,
            t.explicit_deny,
            t.implicit_deny,
            t.error,
            t.warning,
            t.info,
            t.ok,
            t.input,
        ];
        for style in styles {
            assert_eq!(style.fg, None, "{style:?}");
            assert_eq!(style.bg, None, "{style:?}");
        }
    }
}
