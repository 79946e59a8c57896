//! `explain --format text`: aligned plain text for a terminal or a review comment.

use std::fmt::Write as _;

use crate::policy::engine::Verdict;
use crate::policy::reports::journey::STAGE_TITLES;
use crate::policy::reports::truth_table::Column;

use super::report::{Report, expectation, kind_title, mfa_words, short_verdict};

pub fn render(report: &Report<'_>) -> String {
    let mut out = String::with_capacity(8192);
    if let Some(set) = report.set {
        let _ = writeln!(
            out,
            "Account dump {}: the user's whole set ({} policies)",
            report.file.display(),
            set.len()
        );
        for policy in set {
            let _ = writeln!(out, "  {policy}");
        }
    } else {
        let _ = writeln!(out, "Policy {}", report.file.display());
        let _ = writeln!(
            out,
            "Size {} of {} characters ({})",
            report.size,
            report.attachment.limit(),
            report.attachment.label()
        );
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
    let cell_width = 12;
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
            let mut cell = short_verdict(decision).to_owned();
            if !decision.statements().is_empty() {
                let numbers: Vec<String> = decision
                    .statements()
                    .iter()
                    .map(|s| (s.statement + 1).to_string())
                    .collect();
                let _ = write!(cell, " [{}]", numbers.join(","));
                used.extend(
                    decision
                        .statements()
                        .iter()
                        .map(|s| (s.statement, &*s.label)),
                );
            }
            let _ = write!(out, "  {cell:<cell_width$}");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    if !used.is_empty() {
        out.push_str("\n  Statements\n");
        for (index, label) in used {
            let _ = writeln!(out, "  [{}] {label}", index + 1);
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
        let by = if matched.is_empty() {
            String::new()
        } else {
            format!(" by {}", matched.join(", "))
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
