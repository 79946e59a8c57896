//! `explain --format text`: aligned plain text for a terminal or a review comment.

use std::fmt::Write as _;

use crate::policy::engine::{Decision, MissingAllow, Verdict};
use crate::policy::reports::journey::STAGE_TITLES;
use crate::policy::reports::truth_table::Column;

use super::report::{Report, expectation, kind_title, mfa_words, short_cell};

pub fn render(report: &Report<'_>) -> String {
    let mut out = String::with_capacity(8192);
    let _ = writeln!(out, "Policy {}", report.file.display());
    let _ = writeln!(
        out,
        "Size {} of {} characters ({})",
        report.size,
        report.attachment.limit(),
        report.attachment.label()
    );
    let members = report.members();
    if !members.is_empty() {
        let _ = writeln!(out, "Set of {} policies:", members.len());
        for member in &members {
            let _ = writeln!(out, "  {member}");
        }
    }
    let _ = writeln!(
        out,
        "Principal: user {} in account {}; \"other\" is user {}",
        report.username, report.account, report.other_username
    );
    out.push('\n');
    table(report, &mut out);
    out.push('\n');
    journey(report, &mut out);
    out.push('\n');
    findings(report, &mut out);
    out
}

fn table(report: &Report<'_>, out: &mut String) {
    out.push_str(
        "Truth table (allow, DENY = explicit deny, - = implicit deny; [n] = deciding statements)\n",
    );
    let width = report
        .table
        .rows
        .iter()
        .map(|r| r.action.len())
        .max()
        .unwrap_or(6)
        .max(6);
    // Wide enough for every cell: in a set, a cell can name statements of several policies.
    let cell_width = report
        .table
        .rows
        .iter()
        .flat_map(|row| row.cells.iter())
        .map(|decision| cell_text(report, decision).len())
        .max()
        .unwrap_or(0)
        .max(12);
    let mut current_kind = None;
    let mut used = std::collections::BTreeMap::new();
    for row in &report.table.rows {
        if current_kind != Some(row.kind) {
            current_kind = Some(row.kind);
            let _ = write!(out, "\n  {:<width$}", kind_title(row.kind));
            for column in Column::ALL {
                let _ = write!(out, "  {:<cell_width$}", column.header());
            }
            out.truncate(out.trim_end().len());
            out.push('\n');
        }
        let _ = write!(out, "  {:<width$}", row.action);
        for column in Column::ALL {
            let decision = row.cell(column);
            let cell = cell_text(report, decision);
            if !decision.statements().is_empty() {
                used.extend(
                    decision
                        .statements()
                        .iter()
                        .map(|s| ((s.policy, s.statement), (report.reference(s), &*s.label))),
                );
            }
            let _ = write!(out, "  {cell:<cell_width$}");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    if !used.is_empty() {
        out.push_str("\n  Statements\n");
        for (reference, label) in used.values() {
            let _ = writeln!(out, "  [{reference}] {label}");
        }
    }
    for row in &report.table.rows {
        if let Some(context) = row.context_text() {
            let _ = writeln!(out, "\n  {} is asked with {context}", row.action);
        }
    }
    if report
        .table
        .rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.is_not_controlled_by_policy()))
    {
        out.push_str("\n  always: not controlled by policies (sts:GetSessionToken)\n");
    }
}

/// `allow [1,2]`: the verdict and the deciding statements' numbers.
fn cell_text(report: &Report<'_>, decision: &Decision) -> String {
    let mut cell = short_cell(decision);
    if !decision.statements().is_empty() {
        let numbers: Vec<String> = decision
            .statements()
            .iter()
            .map(|s| report.reference(s))
            .collect();
        let _ = write!(cell, " [{}]", numbers.join(","));
    }
    cell
}

fn journey(report: &Report<'_>, out: &mut String) {
    let failures = report.journey.unexpected().count();
    let _ = writeln!(
        out,
        "Journey ({} of {} steps as they should be)",
        report.journey.steps.len() - failures,
        report.journey.steps.len()
    );
    let mut stage = 0;
    for step in &report.journey.steps {
        if step.stage != stage {
            stage = step.stage;
            let title = STAGE_TITLES
                .get(usize::from(stage).wrapping_sub(1))
                .copied()
                .unwrap_or("");
            let _ = writeln!(out, "\n  {stage}. {title}");
        }
        let mark = match (step.as_expected(), step.decision.verdict()) {
            (true, _) => "ok  ",
            (false, Verdict::Unknown) => "?   ",
            (false, _) => "FAIL",
        };
        let should = match expectation(step) {
            "either" => "either answer is a documented trade-off".to_owned(),
            word => format!("should be {word}"),
        };
        let matched = report.matched(&step.decision);
        let by = match step.decision.missing_allow() {
            _ if !matched.is_empty() => format!(" by {}", matched.join(", ")),
            Some(missing) if missing != MissingAllow::Identity => {
                format!(": {}", missing.describe())
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {mark} {}: {} on {} {} -> {}{by} ({should})",
            step.description,
            step.action,
            step.resource,
            mfa_words(step.mfa),
            step.decision.verdict().as_str(),
        );
    }
}

fn findings(report: &Report<'_>, out: &mut String) {
    out.push_str(&crate::cli::findings::text_section(report.findings));
}
