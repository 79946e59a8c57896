//! The one place the wizard turns a decision into what is drawn: its symbol (readable without
//! colour), its style (from the theme), its word in a sentence, the mark of a journey step, and
//! the legend that explains the symbols. The truth table, its legend, the checks, a user's view
//! and the help all read from here.

use ratatui::style::Style;

use crate::policy::engine::{Decision, Mfa, Verdict};
use crate::policy::reports::analysis::Analysis;
use crate::policy::reports::journey::JourneyStep;
use crate::policy::reports::truth_table::{Column, Row};

use super::theme::Theme;

/// One symbol and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegendEntry {
    pub symbol: &'static str,
    pub verdict: Verdict,
    /// The word or two in the truth table's bottom border; `None` for symbols only the help
    /// explains.
    pub short: Option<&'static str>,
    /// The sentence in the help.
    pub meaning: &'static str,
}

/// Every symbol a decision can be drawn as, in the order the help lists them.
pub const LEGEND: &[LegendEntry] = &[
    LegendEntry {
        symbol: "✓",
        verdict: Verdict::Allowed,
        short: Some("allowed"),
        meaning: "allowed",
    },
    LegendEntry {
        symbol: "✓*",
        verdict: Verdict::Allowed,
        short: None,
        meaning: "always callable: no policy controls it",
    },
    LegendEntry {
        symbol: "✗D",
        verdict: Verdict::ExplicitDeny,
        short: Some("explicit deny"),
        meaning: "explicit deny: a Deny statement matched",
    },
    LegendEntry {
        symbol: "✗",
        verdict: Verdict::ImplicitDeny,
        short: Some("implicit deny"),
        meaning: "implicit deny: no statement allows it",
    },
    LegendEntry {
        symbol: "?",
        verdict: Verdict::Unknown,
        short: None,
        meaning: "unknown: a policy of the set has no known document",
    },
];

/// The symbol of a decision: `✓` allowed (`✓*` when no policy can control it), `✗D` explicit
/// deny, `✗` implicit deny.
pub fn symbol(decision: &Decision) -> &'static str {
    match decision.verdict() {
        Verdict::Allowed if decision.is_not_controlled_by_policy() => "✓*",
        Verdict::Allowed => "✓",
        Verdict::ExplicitDeny => "✗D",
        Verdict::ImplicitDeny => "✗",
        Verdict::Unknown => "?",
    }
}

/// The style a decision's symbol is drawn in.
pub fn style(decision: &Decision, theme: &Theme) -> Style {
    theme.verdict(decision.verdict())
}

/// A decision in a sentence: `allowed`, `denied` (explicit deny), `not allowed` (implicit
/// deny), `unknown`.
pub fn word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Allowed => "allowed",
        Verdict::ExplicitDeny => "denied",
        Verdict::ImplicitDeny => "not allowed",
        Verdict::Unknown => "unknown",
    }
}

/// How a journey step went, as its two-character mark says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepMark {
    /// `ok`
    AsExpected,
    /// `!!`
    NotAsExpected,
    /// `??`: a policy of the set is unknown, so the step's answer is too.
    Unknown,
}

impl StepMark {
    /// `ok` or `!!` (the main screen, where the policy written is always known).
    pub fn of(step: &JourneyStep) -> StepMark {
        if step.as_expected() {
            StepMark::AsExpected
        } else {
            StepMark::NotAsExpected
        }
    }

    /// `??` for an unknown decision, else as [`StepMark::of`] (a user of an account dump).
    pub fn of_set(step: &JourneyStep) -> StepMark {
        if step.decision.verdict() == Verdict::Unknown {
            StepMark::Unknown
        } else {
            StepMark::of(step)
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            StepMark::AsExpected => "ok",
            StepMark::NotAsExpected => "!!",
            StepMark::Unknown => "??",
        }
    }
}

/// The truth table column a journey step asks the same question as: another user's resource,
/// or the own user with or without MFA or with long-term keys.
pub fn column_of(step: &JourneyStep, row: &Row) -> Column {
    if step.resource != row.own_resource && step.resource == row.other_resource {
        return Column::OtherUser;
    }
    match step.mfa {
        Mfa::Present => Column::Mfa,
        Mfa::NotPresent => Column::NoMfa,
        Mfa::Absent => Column::LongTermKeys,
    }
}

/// True when the journey found this cell's answer wrong (e.g. long-term keys allowed to enable
/// an MFA device).
pub fn unexpected(analysis: &Analysis, row: &Row, column: Column) -> bool {
    analysis
        .journey
        .steps
        .iter()
        .filter(|step| !step.as_expected() && step.action == row.action)
        .any(|step| column_of(step, row) == column)
}

/// Journey steps that did not go as they should.
pub fn journey_failures(analysis: &Analysis) -> usize {
    analysis
        .journey
        .steps
        .iter()
        .filter(|step| !step.as_expected())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_in_the_legend_once() {
        for symbol in ["✓", "✓*", "✗D", "✗", "?"] {
            let count = LEGEND.iter().filter(|e| e.symbol == symbol).count();
            assert_eq!(count, 1, "{symbol}");
        }
    }

    #[test]
    fn legend_entries_carry_their_verdict_style() {
        for entry in LEGEND {
            assert_eq!(
                Theme::COLOR.verdict(entry.verdict),
                match entry.verdict {
                    Verdict::Allowed => Theme::COLOR.allowed,
                    Verdict::ExplicitDeny => Theme::COLOR.explicit_deny,
                    Verdict::ImplicitDeny => Theme::COLOR.implicit_deny,
                    Verdict::Unknown => Theme::COLOR.dim,
                }
            );
        }
    }
}
