//! What the Checks tab lists, line by line, before it is styled: built once when the analysis
//! changes (not per frame), so the state knows how far the tab scrolls without the renderer.

use crate::policy::lint::Finding;
use crate::policy::reports::journey::{Journey, STAGE_TITLES};

/// One logical line of the Checks tab (the renderer may wrap it onto several rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckLine {
    /// `Findings: 1 error, 2 warnings`.
    FindingsSummary,
    /// Severity, id, statement and line of finding `n`.
    FindingHead(usize),
    FindingMessage(usize),
    FindingFix(usize),
    Blank,
    /// `Journey: all 14 steps as expected`.
    JourneySummary,
    /// A stage title (1-based stage number).
    Stage(u8),
    /// Step `n` of the journey.
    Step(usize),
    /// Why there is no journey (the file is not a valid policy).
    NoJourney,
}

/// The lines for these findings and journey (`None`: the policy could not be analysed).
pub fn check_lines(findings: &[Finding], journey: Option<&Journey>) -> Vec<CheckLine> {
    let mut lines = vec![CheckLine::FindingsSummary];
    for index in 0..findings.len() {
        lines.extend([
            CheckLine::FindingHead(index),
            CheckLine::FindingMessage(index),
            CheckLine::FindingFix(index),
        ]);
    }
    lines.push(CheckLine::Blank);
    let Some(journey) = journey else {
        lines.push(CheckLine::NoJourney);
        return lines;
    };
    lines.push(CheckLine::JourneySummary);
    for stage in (1u8..).take(STAGE_TITLES.len()) {
        let mut steps = journey
            .steps
            .iter()
            .enumerate()
            .filter(|(_, step)| step.stage == stage)
            .peekable();
        if steps.peek().is_none() {
            continue;
        }
        lines.push(CheckLine::Stage(stage));
        lines.extend(steps.map(|(index, _)| CheckLine::Step(index)));
    }
    lines
}
