//! `explain --format markdown`: for a pull request or a wiki page.

use std::fmt::Write as _;

use crate::policy::engine::{Decision, Verdict};
use crate::policy::reports::journey::STAGE_TITLES;
use crate::policy::reports::truth_table::Column;

use super::report::{Report, expectation, kind_title, mfa_words};

pub fn render(report: &Report<'_>) -> String {
    let mut out = String::with_capacity(8192);
    let _ = writeln!(
        out,
        "# Policy `{}`\n",
        escape(&report.file.display().to_string())
    );
    let _ = writeln!(
        out,
        "Size: {} of {} characters ({}). Principal: user `{}` in account `{}`; \"other\" is user `{}`.\n",
        report.size,
        report.attachment.limit(),
        report.attachment.label(),
        escape(report.username),
        report.account,
        escape(report.other_username)
    );

    out.push_str("## Truth table\n\n| Action | Group |");
    for column in Column::ALL {
        let _ = write!(out, " {} |", column.header());
    }
    out.push_str("\n| --- | --- |");
    for _ in Column::ALL {
        out.push_str(" --- |");
    }
    out.push('\n');
    for row in &report.table.rows {
        let _ = write!(
            out,
            "| `{}` | {} |",
            escape(&row.action),
            kind_title(row.kind)
        );
        for column in Column::ALL {
            let _ = write!(out, " {} |", cell(report, row.cell(column)));
        }
        out.push('\n');
    }
    for row in &report.table.rows {
        if let Some(context) = row.context_text() {
            let _ = writeln!(
                out,
                "\n`{}` is asked with `{}`.",
                escape(&row.action),
                escape(&context)
            );
        }
    }

    let failures = report.journey.unexpected().count();
    let _ = writeln!(
        out,
        "\n## Journey\n\n{} of {} steps are as they should be.\n",
        report.journey.steps.len() - failures,
        report.journey.steps.len()
    );
    out.push_str(
        "| Stage | Step | Request | Should be | Is | |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for step in &report.journey.steps {
        let stage = STAGE_TITLES
            .get(usize::from(step.stage).wrapping_sub(1))
            .copied()
            .unwrap_or("");
        let _ = writeln!(
            out,
            "| {}. {} | {} | `{}` on `{}`, {} | {} | {} | {} |",
            step.stage,
            stage,
            escape(&step.description),
            escape(step.action),
            escape(&step.resource),
            mfa_words(step.mfa),
            expectation(step),
            cell(report, &step.decision),
            if step.as_expected() { "ok" } else { "**FAIL**" },
        );
    }

    let _ = writeln!(
        out,
        "\n## Findings\n\n{}.\n",
        crate::cli::findings::Counts::of(report.findings).summary()
    );
    out.push_str(&crate::cli::findings::markdown_list(report.findings));
    out
}

fn cell(report: &Report<'_>, decision: &Decision) -> String {
    let word = match decision.verdict() {
        Verdict::Allowed if decision.is_not_controlled_by_policy() => "allowed (always)".to_owned(),
        Verdict::Allowed => "allowed".to_owned(),
        Verdict::ExplicitDeny => "**explicitDeny**".to_owned(),
        Verdict::ImplicitDeny => "implicitDeny".to_owned(),
        Verdict::Unknown => format!("unknown ({})", decision.unknown_policies().join(", ")),
    };
    let matched = report.matched(decision);
    if matched.is_empty() {
        word
    } else {
        let sids: Vec<String> = matched.iter().map(|s| escape(s)).collect();
        format!("{word} ({})", sids.join(", "))
    }
}

/// Keeps table cells intact: a `|` would end the cell, a newline the row.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
