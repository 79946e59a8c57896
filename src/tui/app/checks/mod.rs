//! The Checks tab's cursor: findings and journey steps are selected like the rows of the other
//! lists, and Enter shows the statement concerned in the policy preview (scrolled to its line,
//! which is highlighted).

use std::ops::Range;

use crate::policy::lint::{Finding, statement_element_line, statement_line};
use crate::tui::action::Action;
use crate::tui::checks_model::{CheckEntry, CheckLine, check_lines, entries, page_from};

use super::{App, Origin, moved};

/// Lines of the policy kept above a revealed line, so the statement's opening is in view.
const CONTEXT_ABOVE: usize = 2;

impl App {
    /// The Checks tab's selectable entries, each with its lines in [`App::checks`].
    pub fn check_entries(&self) -> Vec<(CheckEntry, Range<usize>)> {
        entries(&self.checks)
    }

    /// The findings the Checks tab lists: the analysis's, or those of a file that is not a
    /// policy.
    pub fn check_findings(&self) -> &[Finding] {
        match &self.analysis {
            Ok(analysis) => &analysis.findings,
            Err(unusable) => &unusable.findings,
        }
    }

    /// The Checks tab's lines for the current analysis; an opened file shown as itself starts
    /// with what inference found.
    pub(super) fn list_checks(&self) -> Vec<CheckLine> {
        let mut lines = match &self.analysis {
            Ok(analysis) => check_lines(&analysis.findings, Some(&analysis.journey)),
            Err(unusable) => check_lines(&unusable.findings, None),
        };
        if matches!(self.origin, Origin::Opened { .. }) && self.opened.is_some() {
            lines.splice(0..0, [CheckLine::Inference, CheckLine::Blank]);
        }
        lines
    }

    /// Moves the cursor over findings and steps: one entry, a page of lines, or to an end.
    pub(super) fn move_in_checks(&mut self, action: &Action, page: usize) {
        let entries = self.check_entries();
        let last = entries.len().saturating_sub(1);
        let next = match action {
            Action::PageDown => page_from(&entries, self.checks_selected, page, true),
            Action::PageUp => page_from(&entries, self.checks_selected, page, false),
            other => match moved(self.checks_selected, other, page, last) {
                Some(index) => index,
                None => return,
            },
        };
        self.checks_selected = next.min(last);
    }

    /// Enter on a finding or a step: the preview scrolls to the line concerned and marks it,
    /// or the status says why there is none.
    pub(super) fn show_selected_check(&mut self) {
        let Some((entry, _)) = self.check_entries().get(self.checks_selected).cloned() else {
            return;
        };
        match self.check_line_in_policy(entry) {
            Ok((line, what)) => {
                self.reveal_line(line);
                self.set_info(format!("Policy line {line}: {what}"));
            }
            Err(why) => self.set_info(why),
        }
    }

    /// The 1-based line of the preview an entry is about, and how to name it.
    fn check_line_in_policy(&self, entry: CheckEntry) -> Result<(usize, String), String> {
        match entry {
            CheckEntry::Finding(index) => {
                let finding = &self.check_findings()[index];
                let what = match &finding.statement {
                    Some(statement) => format!("{} in {statement}", finding.id()),
                    None => finding.id().to_owned(),
                };
                finding
                    .line
                    .map(|line| (line, what.clone()))
                    .ok_or_else(|| {
                        format!("{what}: about the whole policy or set, no line to show")
                    })
            }
            CheckEntry::Step(index) => {
                let analysis = self
                    .analysis
                    .as_ref()
                    .map_err(|_| "No journey: not a valid policy".to_owned())?;
                let step = &analysis.journey.steps[index];
                let Some(statement) = step.decision.statements().first() else {
                    return Err(format!(
                        "{}: no statement decided ({}), nothing to show",
                        step.action,
                        step.decision.verdict().as_str()
                    ));
                };
                if statement.policy != 0 {
                    let policy = analysis
                        .set
                        .members()
                        .nth(statement.policy)
                        .map_or("another policy", |(_, policy)| policy.name.as_str());
                    return Err(format!(
                        "Decided by {} in {policy}, not in this policy",
                        statement.label
                    ));
                }
                // The Sid names the statement best; without one, its opening line.
                let text = self.preview_text();
                let line = statement_element_line(text, statement.statement, "Sid")
                    .or_else(|| statement_line(text, statement.statement))
                    .ok_or_else(|| format!("{}: line not found", statement.label))?;
                Ok((line, format!("statement {}", statement.label)))
            }
        }
    }

    /// Scrolls the preview to 1-based `line` (a little context above) and marks it.
    fn reveal_line(&mut self, line: usize) {
        let index = line.saturating_sub(1);
        self.preview_mark = Some(index);
        self.preview_scroll = index
            .saturating_sub(CONTEXT_ABOVE)
            .min(self.preview_max_scroll());
    }
}

#[cfg(test)]
mod tests;
