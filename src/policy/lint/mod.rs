//! Checks (product spec §5): grammar, semantics and security findings for a policy text, each with
//! an id, a severity, the statement it concerns and a one-line fix.
//!
//! The checks are grouped by what they need: the raw text (`grammar`, `size`), the statements as
//! patterns (`actions`, `escalation`, `mfa_conditions`), and the evaluator's answers for a sample
//! user (`semantics`). `source_map` finds the lines findings point at.

mod action_set;
mod actions;
mod arns;
mod condition_keys;
mod condition_values;
mod conditions;
mod escalation;
mod evaluator;
mod grammar;
mod mfa_conditions;
mod mfa_device_name;
mod pattern;
mod policy_variables;
mod redundancy;
pub mod rules;
mod semantics;
pub mod service_actions;
pub mod set;
mod size;
mod source_map;
mod statement_facts;
mod suggest;
mod values;

use crate::policy::model::choices::Attachment;
use crate::policy::model::document::{self, GrammarError, Policy, Statement};

use crate::policy::sample::Subject;
use evaluator::Evaluators;
pub use rules::{RULES, Rule};
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
    /// The check that found it ([`rules::RULES`]).
    pub rule: &'static Rule,
    /// Usually the rule's; some rules weigh a finding by the statement (an Allow or a Deny).
    pub severity: Severity,
    /// Sid or `#n` of the statement concerned; `None` for the whole policy.
    pub statement: Option<String>,
    /// Line (1-based) in the text, where known.
    pub line: Option<usize>,
    /// Column (1-based, in characters) on that line: where the parser stopped for invalid
    /// JSON, else the first non-blank character of the line.
    pub column: Option<usize>,
    pub message: String,
    /// One line saying how to fix it.
    pub fix: String,
}

impl Finding {
    /// Stable identifier, e.g. `version-missing`, `unknown-action`.
    pub fn id(&self) -> &'static str {
        self.rule.id
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
            // The parser says column 0 at the end of an empty line (an empty or
            // whitespace-only file); lines and columns are 1-based everywhere here (SARIF too).
            let (line, column) = (error.line.max(1), error.column.max(1));
            report.push(
                rules::INVALID_JSON,
                None,
                Some(line),
                format!(
                    "invalid JSON at line {line}, column {column}: {}",
                    error.message
                ),
                "fix the JSON syntax at that position (missing comma, quote or bracket?)",
            );
            if let Some(finding) = report.findings.last_mut() {
                finding.column = Some(column);
            }
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
    // An invalid Version is reported as such; a second "missing Version" would be wrong.
    if !errors.iter().any(|e| e.message.starts_with("\"Version\"")) {
        grammar::check_version(policy, &mut report);
    }
    grammar::check_condition_operators(policy, &mut report);
    // Without "Version": "2012-10-17" the statements with variables match nothing today; the
    // checks below judge what the policy would allow once that is fixed, and say so.
    let fixed;
    let policy = if !policy.variables_enabled() && !grammar::uses_variables(policy).is_empty() {
        report.once_fixed = true;
        fixed = Policy {
            version: Some("2012-10-17".to_owned()),
            ..policy.clone()
        };
        &fixed
    } else {
        policy
    };
    condition_values::check(policy, &mut report);
    let subject = Subject::for_policy(policy);
    let principal = subject.principal("/");
    let facts = StatementFacts::for_statements(
        &policy.statements,
        policy.variables_enabled(),
        &principal.userid,
    );
    actions::check_statements(&facts, &mut report);
    arns::check(&policy.statements, &mut report);
    conditions::check(&facts, &mut report);
    policy_variables::check(&policy.statements, &mut report);
    mfa_conditions::check(policy, &mut report);
    mfa_device_name::check(policy, &mut report);
    redundancy::check(&facts, &mut report);
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
    /// The policy is checked as if its `Version` were fixed: security findings say so.
    once_fixed: bool,
}

impl Report<'_> {
    /// A finding with the rule's own severity.
    fn push(
        &mut self,
        rule: &'static Rule,
        statement: Option<String>,
        line: Option<usize>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push_as(rule, rule.severity, statement, line, message, fix);
    }

    fn push_as(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        statement: Option<String>,
        line: Option<usize>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        // Rules quote what the policy says (keys, operators, values): whatever control
        // characters those hold are escaped here, once for every rule, so a finding stays one
        // line and sends nothing raw to a terminal.
        let mut message = crate::text::escape_controls(&message.into());
        if self.once_fixed && rule.security_severity.is_some() {
            message = format!("once \"Version\": \"2012-10-17\" is added: {message}");
        }
        self.findings.push(Finding {
            rule,
            severity,
            statement,
            line,
            column: None,
            message,
            fix: crate::text::escape_controls(&fix.into()),
        });
    }

    /// A finding about one statement, located at the given element value (or the statement),
    /// with the rule's own severity.
    fn push_at(
        &mut self,
        statement: &Statement,
        place: Place<'_>,
        rule: &'static Rule,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push_at_as(statement, place, rule, rule.severity, message, fix);
    }

    fn push_at_as(
        &mut self,
        statement: &Statement,
        place: Place<'_>,
        rule: &'static Rule,
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
        self.push_as(rule, severity, Some(statement.label()), line, message, fix);
    }

    fn finish(mut self) -> Vec<Finding> {
        let text = self.map.text();
        for finding in &mut self.findings {
            if finding.column.is_none() {
                finding.column = finding.line.and_then(|line| first_column(text, line));
            }
        }
        self.findings
            .sort_by_key(|f| (f.severity, f.line.unwrap_or(usize::MAX)));
        self.findings
    }
}

/// Column (1-based, in characters) of the first non-blank character of a line.
fn first_column(text: &str, line: usize) -> Option<usize> {
    let content = text.split('\n').nth(line.checked_sub(1)?)?;
    let blanks = content
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '\r'))
        .count();
    Some(blanks + 1)
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

/// `Resource` or `NotResource`, as the statement writes it.
fn resource_key(statement: &Statement) -> &'static str {
    if statement.resource.negated {
        "NotResource"
    } else {
        "Resource"
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

/// The 1-based line where statement `index` (0-based) starts in `text`, when `text` is JSON
/// that serde_json accepts; `None` otherwise. The wizard uses it to show a deciding statement in
/// the policy text.
pub fn statement_line(text: &str, index: usize) -> Option<usize> {
    SourceMap::new(text).statement_line(index)
}

/// The 1-based line of element `key` (`Sid`, `Resource`...) of statement `index` in `text`, or
/// the statement's own line when it has no such element.
pub fn statement_element_line(text: &str, index: usize, key: &str) -> Option<usize> {
    SourceMap::new(text).element_line(index, key)
}
