//! What the help overlay lists, line by line, before it is styled: the key table by scope, then
//! the truth table's symbols. The state scrolls by these lines; the renderer styles them.

use std::sync::LazyLock;

use super::keys::{Binding, help_sections};
use super::verdict::{LEGEND, LegendEntry};

/// One line of the help.
#[derive(Debug, Clone, Copy)]
pub enum HelpLine {
    Blank,
    /// A heading: a key scope, or "Truth table".
    Section(&'static str),
    Binding(&'static Binding),
    Legend(&'static LegendEntry),
    /// A plain indented line.
    Text(&'static str),
}

/// What the tool does and how to begin, before the keys.
const INTRO: [&str; 3] = [
    "iamself-tui writes the IAM policy that lets users manage their own credentials, and proves with an IAM evaluator what it allows.",
    "To begin: tick what users may manage in 1 Choices (Space), watch 2 Policy and 3 Truth table change, read the Checks (t; Enter shows a finding or a step in the policy), then copy (c) or save (s).",
    "--open FILE inspects an existing policy and ticks the closest choices, saying whether they reproduce it; w shows it as written or laid out, o returns to it after a change of choice.",
];

/// The help's lines, in order.
pub fn help_lines() -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Section("What this is")];
    lines.extend(INTRO.into_iter().map(HelpLine::Text));
    for (scope, bindings) in help_sections() {
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Section(scope.title()));
        lines.extend(bindings.into_iter().map(HelpLine::Binding));
    }
    lines.push(HelpLine::Blank);
    lines.push(HelpLine::Section("Truth table"));
    lines.extend(LEGEND.iter().map(HelpLine::Legend));
    lines.push(HelpLine::Text(
        "columns: own user with MFA, without MFA, with long-term access keys; another user",
    ));
    lines
}

/// Lines of the help, for scrolling (the content never changes while the program runs).
pub fn line_count() -> usize {
    static COUNT: LazyLock<usize> = LazyLock::new(|| help_lines().len());
    *COUNT
}
