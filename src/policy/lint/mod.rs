//! Checks (product spec §5): grammar, semantics and security findings for a policy text, each with
//! an id, a severity, the statement it concerns and a one-line fix.
//!
//! The checks are grouped by what they need: the raw text (`grammar`, `size`), the statements as
//! patterns (`actions`, `escalation`, `mfa_conditions`), and the evaluator's answers for a sample
//! user (`semantics`). `source_map` finds the lines findings point at.

mod action_set;
mod actions;
mod escalation;
mod evaluator;
mod grammar;
mod mfa_conditions;
mod pattern;
mod semantics;
mod size;
mod source_map;
mod statement_facts;

use crate::policy::model::choices::Attachment;
use crate::policy::model::document::{self, GrammarError, Policy, Statement};

use crate::policy::sample::Subject;
use evaluator::Evaluators;
use source_map::SourceMap;
use statement_facts::StatementFacts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable identifier, e.g. `version-missing`, `unknown-action`.
    pub id: &'static str,
    pub severity: Severity,
    /// Sid or `#n` of the statement concerned; `None` for the whole policy.
    pub statement: Option<String>,
    /// Line (1-based) in the text, where known.
    pub line: Option<usize>,
    pub message: String,
    /// One line saying how to fix it.
    pub fix: String,
}

impl Finding {
    /// The finding as the JSON outputs of `lint` and `explain` give it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "severity": self.severity.as_str(),
            "statement": self.statement,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
        })
    }
}

/// Checks a policy text. `attachment`: the size is checked against that attachment's limit, or,
/// with `None`, reported against every limit it exceeds. Findings come ordered by severity, then
/// line.
pub fn lint(text: &str, attachment: Option<Attachment>) -> Vec<Finding> {
    match document::parse_json(text) {
        Ok(value) => lint_document(text, &value, attachment),
        Err(error) => {
            let mut report = Report::default();
            check_text(text, attachment, &mut report);
            report.push(
                "invalid-json",
                Severity::Error,
                None,
                Some(error.line),
                format!(
                    "invalid JSON at line {}, column {}: {}",
                    error.line, error.column, error.message
                ),
                "fix the JSON syntax at that position (missing comma, quote or bracket?)",
            );
            report.finish()
        }
    }
}

/// Like [`lint`], for a text already parsed into `value` (the wizard has the document at hand
/// and need not parse its own output again).
pub fn lint_document(
    text: &str,
    value: &serde_json::Value,
    attachment: Option<Attachment>,
) -> Vec<Finding> {
    let (policy, errors) = document::from_value(value);
    lint_parsed(text, policy.as_ref(), &errors, attachment)
}

/// Like [`lint_document`], for a document already turned into a policy: `policy` and `errors`
/// as [`document::from_value`] gives them for the text's JSON value.
pub fn lint_parsed(
    text: &str,
    policy: Option<&Policy>,
    errors: &[GrammarError],
    attachment: Option<Attachment>,
) -> Vec<Finding> {
    let mut report = Report::default();
    check_text(text, attachment, &mut report);
    report.map = SourceMap::new(text);
    grammar::report_grammar_errors(errors, &mut report);
    let Some(policy) = policy else {
        return report.finish();
    };
    grammar::check_version(policy, &mut report);
    grammar::check_condition_operators(policy, &mut report);
    let subject = Subject::for_policy(policy);
    let principal = subject.principal("/");
    let facts = StatementFacts::for_statements(
        &policy.statements,
        policy.variables_enabled(),
        &principal.userid,
    );
    actions::check_statements(&facts, &mut report);
    mfa_conditions::check(policy, &mut report);
    // The evaluator's answers are only meaningful for a policy IAM would accept as a whole.
    let evaluators = errors
        .is_empty()
        .then(|| Evaluators::new(policy, &facts, &principal));
    escalation::check(&facts, &subject, evaluators, &mut report);
    if let Some(evaluators) = evaluators {
        semantics::check(policy, &facts, &subject, evaluators, &mut report);
    }
    report.finish()
}

/// Checks on the raw text: characters IAM refuses, and the size.
fn check_text(text: &str, attachment: Option<Attachment>, report: &mut Report) {
    match crate::policy::size::plain_text_size(text) {
        // Nothing for the character check to report, and the size is known already.
        Some(size) => size::check_size(size, attachment, report),
        None => {
            grammar::check_characters(text, report);
            size::check(text, attachment, report);
        }
    }
}

/// Findings being collected, and the line lookups they need.
#[derive(Debug, Default)]
pub(crate) struct Report<'t> {
    map: SourceMap<'t>,
    findings: Vec<Finding>,
}

impl Report<'_> {
    fn push(
        &mut self,
        id: &'static str,
        severity: Severity,
        statement: Option<String>,
        line: Option<usize>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.findings.push(Finding {
            id,
            severity,
            statement,
            line,
            message: message.into(),
            fix: fix.into(),
        });
    }

    /// A finding about one statement, located at the given element value (or the statement).
    fn push_at(
        &mut self,
        statement: &Statement,
        place: Place<'_>,
        id: &'static str,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let line = match place {
            Place::Statement => self.map.statement_line(statement.index),
            Place::Element(key) => self.map.element_line(statement.index, key),
            Place::Value(key, value) => self.map.value_line(statement.index, key, value),
            Place::Condition(operator, key) => {
                self.map.condition_line(statement.index, operator, key)
            }
        };
        self.push(id, severity, Some(statement.label()), line, message, fix);
    }

    fn finish(mut self) -> Vec<Finding> {
        self.findings
            .sort_by_key(|f| (f.severity, f.line.unwrap_or(usize::MAX)));
        self.findings
    }
}

/// Where in a statement a finding points.
#[derive(Debug, Clone, Copy)]
enum Place<'a> {
    Statement,
    /// An element key such as `NotAction`.
    Element(&'a str),
    /// A string value of an element: (`Action`, `iam:ListUsers`).
    Value(&'a str, &'a str),
    /// A condition key under an operator.
    Condition(&'a str, &'a str),
}

/// `Action` or `NotAction`, as the statement wrote it.
fn action_key(statement: &Statement) -> &'static str {
    if statement.action.negated {
        "NotAction"
    } else {
        "Action"
    }
}

/// "a, b, c and 4 more": keeps one-line messages one line.
fn short_list<S: AsRef<str>>(items: &[S], shown: usize) -> String {
    let names: Vec<&str> = items.iter().take(shown).map(AsRef::as_ref).collect();
    match items.len() {
        0 => String::new(),
        n if n <= shown => match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        },
        n => format!("{} and {} more", names.join(", "), n - shown),
    }
}

#[cfg(test)]
mod tests;
