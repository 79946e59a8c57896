//! What the Checks tab lists, line by line, before it is styled: built once when the analysis
//! changes (not per frame), so the state knows how far the tab scrolls without the renderer.

use std::ops::Range;

use crate::policy::lint::Finding;
use crate::policy::reports::journey::{Journey, STAGE_TITLES};

/// One logical line of the Checks tab (the renderer may wrap it onto several rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckLine {
    /// An opened file: whether the ticked choices reproduce it, or what differs.
    Inference,
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
    /// What step `n` asked and which statement decided, as `explain` writes it.
    StepDetail(usize),
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
        lines.extend(
            steps.flat_map(|(index, _)| [CheckLine::Step(index), CheckLine::StepDetail(index)]),
        );
    }
    lines
}

/// What the cursor of the Checks tab selects: a finding (its three lines) or a journey step
/// (its two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckEntry {
    Finding(usize),
    Step(usize),
}

impl CheckLine {
    /// The entry this line belongs to; `None` for summaries, stage titles and blanks.
    pub fn entry(self) -> Option<CheckEntry> {
        match self {
            CheckLine::FindingHead(index)
            | CheckLine::FindingMessage(index)
            | CheckLine::FindingFix(index) => Some(CheckEntry::Finding(index)),
            CheckLine::Step(index) | CheckLine::StepDetail(index) => Some(CheckEntry::Step(index)),
            _ => None,
        }
    }
}

/// The selectable entries in order, each with the range of `lines` it takes.
pub fn entries(lines: &[CheckLine]) -> Vec<(CheckEntry, Range<usize>)> {
    let mut entries: Vec<(CheckEntry, Range<usize>)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(entry) = line.entry() else {
            continue;
        };
        match entries.last_mut() {
            Some((last, range)) if *last == entry && range.end == index => range.end += 1,
            _ => entries.push((entry, index..index + 1)),
        }
    }
    entries
}

/// The entry a page down (`forward`) or up from entry `current` reaches when `page` lines fit
/// in the pane: the farthest entry that still fits on one page together with `current`, and at
/// least the next one.
pub fn page_from(
    entries: &[(CheckEntry, Range<usize>)],
    current: usize,
    page: usize,
    forward: bool,
) -> usize {
    let Some((_, here)) = entries.get(current) else {
        return 0;
    };
    if forward {
        let last = entries.len().saturating_sub(1);
        let reach = (current + 1..entries.len())
            .take_while(|&i| entries[i].1.end - here.start <= page)
            .last();
        reach.unwrap_or((current + 1).min(last))
    } else {
        let reach = (0..current)
            .rev()
            .take_while(|&i| here.end - entries[i].1.start <= page)
            .last();
        reach.unwrap_or(current.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_group_a_finding_or_a_step_with_its_lines() {
        let lines = [
            CheckLine::FindingsSummary,
            CheckLine::FindingHead(0),
            CheckLine::FindingMessage(0),
            CheckLine::FindingFix(0),
            CheckLine::Blank,
            CheckLine::JourneySummary,
            CheckLine::Stage(1),
            CheckLine::Step(0),
            CheckLine::StepDetail(0),
            CheckLine::Step(1),
            CheckLine::StepDetail(1),
        ];
        assert_eq!(
            entries(&lines),
            [
                (CheckEntry::Finding(0), 1..4),
                (CheckEntry::Step(0), 7..9),
                (CheckEntry::Step(1), 9..11),
            ]
        );
    }

    #[test]
    fn a_page_moves_as_far_as_fits_and_at_least_one_entry() {
        let lines: Vec<CheckLine> = (0..10)
            .flat_map(|i| [CheckLine::Step(i), CheckLine::StepDetail(i)])
            .collect();
        let entries = entries(&lines);
        // Six lines: three two-line entries, the current one included.
        assert_eq!(page_from(&entries, 0, 6, true), 2);
        assert_eq!(page_from(&entries, 2, 6, false), 0);
        // A page smaller than an entry still moves by one.
        assert_eq!(page_from(&entries, 4, 1, true), 5);
        assert_eq!(page_from(&entries, 4, 1, false), 3);
        assert_eq!(page_from(&entries, 9, 6, true), 9);
        assert_eq!(page_from(&entries, 0, 6, false), 0);
    }
}
