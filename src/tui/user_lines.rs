//! The Checks tab of a dump user's view, line by line before it is styled: the verdicts with
//! their questions, the policies of the set (unknown ones marked `?`), the audit's findings with
//! the policy and statement to fix, and the journey with the policy that decided each step.
//! Built once when the user is opened, so the state knows how far the tab scrolls.

use crate::policy::lint::Severity;
use crate::policy::model::choices::Credential;
use crate::policy::reports::audit::user_report::UserReport;
use crate::policy::reports::audit::{Answer, Because};
use crate::policy::reports::journey::STAGE_TITLES;

use super::verdict::{self, StepMark};

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Section,
    Stage,
    Plain,
    Good,
    Bad,
    Unknown,
    Dim,
    Error,
    Warning,
    Info,
}

/// One logical line (the renderer wraps it, continuing at `indent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewLine {
    pub kind: LineKind,
    pub text: String,
    pub indent: usize,
}

/// The question behind each verdict column, in [`crate::policy::reports::audit::Verdicts::columns`]
/// order (the README's audit table asks the same).
pub const VERDICT_QUESTIONS: [&str; 8] = [
    "signed in without MFA, is everything outside the MFA bootstrap denied?",
    "with long-term access keys (no MFA key in the request), is it denied too?",
    "can a new user, signed in without MFA, list, create and enable an MFA device?",
    "can a stolen access key enrol the thief's own MFA device?",
    "can a stolen password or access key deactivate or delete the user's MFA?",
    "can the first sign-in with \"must create a new password\" change it?",
    "can the user create, change or delete another user's credentials?",
    "can the user attach policies, pass roles, change their boundary (escalation)?",
];

/// A verdict as the audit's text writes it: `yes`, `no`, `?`, with `!` on the bad answer.
pub fn cell(answer: Answer, yes_is_good: bool) -> (String, LineKind) {
    let bad = match answer {
        Answer::Yes => !yes_is_good,
        Answer::No => yes_is_good,
        Answer::Unknown => false,
    };
    let kind = match (answer, bad) {
        (Answer::Unknown, _) => LineKind::Unknown,
        (_, true) => LineKind::Bad,
        (_, false) => LineKind::Good,
    };
    let mark = if bad { "!" } else { "" };
    (format!("{}{mark}", answer.symbol()), kind)
}

fn line(kind: LineKind, indent: usize, text: String) -> ViewLine {
    ViewLine { kind, text, indent }
}

pub fn view_lines(report: &UserReport) -> Vec<ViewLine> {
    let audit = &report.audit;
    let mut lines = vec![
        line(
            LineKind::Plain,
            2,
            format!("{} ({})", audit.user, audit.arn),
        ),
        line(LineKind::Plain, 0, String::new()),
        line(LineKind::Section, 0, "Verdicts".to_owned()),
    ];
    for (i, (header, _, answer, yes_is_good)) in audit.verdicts.columns().into_iter().enumerate() {
        let (text, kind) = cell(answer, yes_is_good);
        lines.push(line(
            kind,
            8,
            format!("  {text:<5} {header}: {}", VERDICT_QUESTIONS[i]),
        ));
    }
    for credential in Credential::ALL {
        let answer = audit.verdicts.self_manageable(credential);
        let kind = match answer {
            Answer::Yes => LineKind::Good,
            Answer::No => LineKind::Dim,
            Answer::Unknown => LineKind::Unknown,
        };
        lines.push(line(
            kind,
            8,
            format!(
                "  {:<5} with MFA, can manage: {}",
                answer.symbol(),
                credential.label()
            ),
        ));
    }

    lines.push(line(LineKind::Plain, 0, String::new()));
    let unknown = audit.unknown_policies.len();
    lines.push(line(
        LineKind::Section,
        0,
        format!(
            "Policies of the set: {}{}",
            audit.policies.len(),
            match unknown {
                0 => String::new(),
                n => format!(", {n} unknown (?: no document in the dump)"),
            }
        ),
    ));
    for policy in &audit.policies {
        match audit.unknown_policies.iter().find(|u| &u.label == policy) {
            Some(unknown) => lines.push(line(
                LineKind::Unknown,
                4,
                format!("  ? {policy}: {}", unknown.reason),
            )),
            None => lines.push(line(LineKind::Plain, 4, format!("    {policy}"))),
        }
    }

    lines.push(line(LineKind::Plain, 0, String::new()));
    lines.push(line(
        LineKind::Section,
        0,
        findings_summary(audit.findings.iter().map(|f| f.severity)),
    ));
    for finding in &audit.findings {
        let kind = match finding.severity {
            Severity::Error => LineKind::Error,
            Severity::Warning => LineKind::Warning,
            Severity::Info => LineKind::Info,
        };
        lines.push(line(
            kind,
            4,
            format!(
                "  {}[{}] {}",
                finding.severity.as_str(),
                finding.id,
                finding.message
            ),
        ));
        match (&finding.policy, &finding.statement) {
            (Some(policy), Some(statement)) => lines.push(line(
                LineKind::Dim,
                8,
                format!("    in: {policy}, statement {statement}"),
            )),
            (Some(policy), None) => {
                lines.push(line(LineKind::Dim, 8, format!("    in: {policy}")));
            }
            _ => {}
        }
        lines.push(line(LineKind::Dim, 9, format!("    fix: {}", finding.fix)));
    }

    lines.push(line(LineKind::Plain, 0, String::new()));
    let steps = &report.journey.steps;
    let wrong = steps.iter().filter(|s| !s.as_expected()).count();
    lines.push(line(
        LineKind::Section,
        0,
        match wrong {
            0 => format!(
                "Journey (recommended self-service): all {} steps as expected",
                steps.len()
            ),
            n => format!(
                "Journey (recommended self-service): {n} of {} steps NOT as expected",
                steps.len()
            ),
        },
    ));
    for (stage, title) in (1u8..).zip(STAGE_TITLES) {
        let mut in_stage = steps.iter().filter(|s| s.stage == stage).peekable();
        if in_stage.peek().is_none() {
            continue;
        }
        lines.push(line(LineKind::Stage, 2, format!("  {stage} {title}")));
        for step in in_stage {
            let mark = StepMark::of_set(step);
            let kind = match mark {
                StepMark::Unknown => LineKind::Unknown,
                StepMark::AsExpected => LineKind::Good,
                StepMark::NotAsExpected => LineKind::Bad,
            };
            let should = if step.as_expected() {
                String::new()
            } else if step.should_allow {
                " (should be allowed)".to_owned()
            } else {
                " (should be denied)".to_owned()
            };
            let because = Because::of(&step.decision, &report.set);
            lines.push(line(
                kind,
                10,
                format!(
                    "    {} {:<2} {}{should}: {} {}",
                    mark.text(),
                    verdict::symbol(&step.decision),
                    step.description,
                    step.action,
                    because.text
                ),
            ));
        }
    }
    lines
}

/// `Findings: 1 error, 2 warnings`, or `Findings: none`.
fn findings_summary(severities: impl Iterator<Item = Severity>) -> String {
    let mut counts = [0usize; 3];
    for severity in severities {
        counts[match severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    let parts: Vec<String> = [(counts[0], "error"), (counts[1], "warning")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
        .chain((counts[2] > 0).then(|| format!("{} info", counts[2])))
        .collect();
    if parts.is_empty() {
        "Findings: none".to_owned()
    } else {
        format!("Findings: {}", parts.join(", "))
    }
}
