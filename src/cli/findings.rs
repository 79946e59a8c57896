//! The one place findings become text: compiler-style lines, JSON, Markdown and SARIF 2.1.0 (as
//! GitHub code scanning reads it). `lint`, `explain` and `diff` render a policy's findings here,
//! so a finding reads the same everywhere; `audit` (and `explain --authorization-details`) render
//! an account audit's findings here too: those are located by user and policy instead of line
//! and column, and share the severity words, the SARIF levels and the SARIF log around them.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::policy::lint::{Finding, RULES, Rule, Severity};
use crate::policy::model::Named;
use crate::policy::reports::audit::{AuditFinding, UserAudit};

/// The formats a report of findings is printed in (`lint`, `diff`, `audit`; `--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
    Sarif,
}

impl Named for ReportFormat {
    const ALL: &'static [ReportFormat] = &[
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Markdown,
        ReportFormat::Sarif,
    ];

    fn name(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Sarif => "sarif",
        }
    }
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
        Counts {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// `1 error, 2 warnings, 0 info`.
    pub fn summary(&self) -> String {
        format!(
            "{}, {}, {} info",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            self.infos
        )
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Where a finding is, in words: `Sid (line 4)`, `Sid`, `line 4`, or nothing.
pub fn place(finding: &Finding) -> String {
    match (&finding.statement, finding.line) {
        (Some(statement), Some(line)) => format!("{statement} (line {line})"),
        (Some(statement), None) => statement.clone(),
        (None, Some(line)) => format!("line {line}"),
        (None, None) => String::new(),
    }
}

/// `severity[id] place: message`, the fix on the next line indented by `indent` + 4. With a
/// `FILE:LINE:COLUMN` prefix the place is only the statement.
fn line(out: &mut String, prefix: &str, finding: &Finding, indent: &str) {
    let place = if prefix.is_empty() {
        place(finding)
    } else {
        finding.statement.clone().unwrap_or_default()
    };
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" {place}:")
    };
    let _ = writeln!(
        out,
        "{indent}{prefix}{}[{}]{place} {}",
        finding.severity.as_str(),
        finding.id(),
        finding.message
    );
    if !finding.fix.is_empty() {
        let _ = writeln!(out, "{indent}    fix: {}", finding.fix);
    }
}

/// `lint`'s text: `FILE:LINE:COLUMN: severity[id] place: message` (editors jump to it), the fix
/// below, and the counts at the end.
pub fn text_report(path: &Path, findings: &[Finding]) -> String {
    let mut out = String::new();
    let file = path.display().to_string();
    for finding in findings {
        let prefix = match (finding.line, finding.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}: "),
            (Some(line), None) => format!("{file}:{line}: "),
            _ => format!("{file}: "),
        };
        line(&mut out, &prefix, finding, "");
    }
    let _ = writeln!(out, "{file}: {}", Counts::of(findings).summary());
    out
}

/// The findings as a section of another text report (`explain`), indented.
pub fn text_section(findings: &[Finding]) -> String {
    let mut out = format!("Findings ({})\n", Counts::of(findings).summary());
    for finding in findings {
        line(&mut out, "", finding, "  ");
    }
    out
}

/// One finding as JSON.
pub fn json(finding: &Finding) -> Value {
    json!({
        "id": finding.id(),
        "severity": finding.severity.as_str(),
        "statement": finding.statement,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "fix": finding.fix,
    })
}

/// `lint --format json`: the file, the counts and the findings.
pub fn json_report(path: &Path, findings: &[Finding]) -> String {
    let counts = Counts::of(findings);
    let report = json!({
        "file": path.display().to_string(),
        "errors": counts.errors,
        "warnings": counts.warnings,
        "infos": counts.infos,
        "findings": findings.iter().map(json).collect::<Vec<Value>>(),
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// A Markdown list item per finding, `|` and newlines escaped so that the list survives.
pub fn markdown_list(findings: &[Finding]) -> String {
    let escape = |text: &str| text.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = String::new();
    for finding in findings {
        let place = place(finding);
        let place = if place.is_empty() {
            String::new()
        } else {
            format!(" {}:", escape(&place))
        };
        let _ = writeln!(
            out,
            "- **{}** `{}`{place} {}",
            finding.severity.as_str(),
            finding.id(),
            escape(&finding.message)
        );
        if !finding.fix.is_empty() {
            let _ = writeln!(out, "  - fix: {}", escape(&finding.fix));
        }
    }
    out
}

/// `lint --format markdown`: a heading, the counts and the list.
pub fn markdown_report(path: &Path, findings: &[Finding]) -> String {
    format!(
        "## {}\n\n{}.\n\n{}",
        path.display(),
        Counts::of(findings).summary(),
        markdown_list(findings)
    )
}

/// The SARIF level of a severity (SARIF has no "info": its `note` is the closest).
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_rule(rule: &Rule) -> Value {
    let mut properties = json!({ "tags": ["iam", "policy"] });
    if let Some(score) = rule.security_severity {
        properties["security-severity"] = json!(score);
        properties["tags"] = json!(["iam", "policy", "security"]);
    }
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": format!("{} {}", rule.summary, rule.help) },
        "help": { "text": rule.help, "markdown": rule.help },
        "defaultConfiguration": { "level": sarif_level(rule.severity) },
        "properties": properties,
    })
}

/// A SARIF 2.1.0 log of one run of this tool with these rules and results.
fn sarif_log(rules: Vec<Value>, results: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "iamself-tui",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    })
}

/// SARIF 2.1.0 as GitHub code scanning reads it: every rule with its description and help,
/// one result per finding at its 1-based line and column in the file as given.
pub fn sarif_report(path: &Path, findings: &[Finding]) -> String {
    let uri = path.display().to_string().replace('\\', "/");
    let results: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let rule_index = RULES.iter().position(|r| r.id == finding.id());
            // SARIF's minimum for both is 1.
            let mut region = json!({ "startLine": finding.line.unwrap_or(1).max(1) });
            if let Some(column) = finding.column {
                region["startColumn"] = json!(column.max(1));
            }
            let message = if finding.fix.is_empty() {
                finding.message.clone()
            } else {
                format!("{} Fix: {}", finding.message, finding.fix)
            };
            json!({
                "ruleId": finding.id(),
                "ruleIndex": rule_index,
                "level": sarif_level(finding.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region,
                    }
                }],
            })
        })
        .collect();
    let rules = RULES.iter().map(|r| sarif_rule(r)).collect();
    let document = sarif_log(rules, results);
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// An audit finding as `audit` writes it under its user: `severity[id] message`, then where
/// (`in: POLICY, statement S`) and the fix, indented.
pub fn audit_text(out: &mut String, finding: &AuditFinding) {
    let _ = writeln!(
        out,
        "  {}[{}] {}",
        finding.severity.as_str(),
        finding.id,
        finding.message
    );
    match (&finding.policy, &finding.statement) {
        (Some(policy), Some(statement)) => {
            let _ = writeln!(out, "    in: {policy}, statement {statement}");
        }
        (Some(policy), None) => {
            let _ = writeln!(out, "    in: {policy}");
        }
        _ => {}
    }
    let _ = writeln!(out, "    fix: {}", finding.fix);
}

/// An audit finding as a section of another report (`explain --authorization-details`): where
/// on the finding's own line, the fix below.
pub fn audit_text_section_line(out: &mut String, finding: &AuditFinding) {
    let place = place_in(finding, str::to_owned);
    let _ = writeln!(
        out,
        "  {}[{}] {}{place}\n    fix: {}",
        finding.severity.as_str(),
        finding.id,
        finding.message,
        finding.fix
    );
}

/// An audit finding as a Markdown list item; `escape` is the report's own (table cells and code
/// spans).
pub fn audit_markdown(out: &mut String, finding: &AuditFinding, escape: impl Fn(&str) -> String) {
    let place = place_in(finding, |name| format!("`{}`", escape(name)));
    let _ = writeln!(
        out,
        "- **{}** `{}`: {}{place}. Fix: {}",
        finding.severity.as_str(),
        finding.id,
        escape(&finding.message),
        escape(&finding.fix)
    );
}

/// ` (in POLICY, statement SID)` or ` (in POLICY)` after a finding's message, each name as
/// `name` writes it; empty when the finding has no policy.
fn place_in(finding: &AuditFinding, name: impl Fn(&str) -> String) -> String {
    match (&finding.policy, &finding.statement) {
        (Some(policy), Some(statement)) => {
            format!(" (in {}, statement {})", name(policy), name(statement))
        }
        (Some(policy), None) => format!(" (in {})", name(policy)),
        _ => String::new(),
    }
}

/// An audit finding as JSON.
pub fn audit_json(finding: &AuditFinding) -> Value {
    json!({
        "id": finding.id,
        "severity": finding.severity.as_str(),
        "message": finding.message,
        "policy": finding.policy,
        "statement": finding.statement,
        "fix": finding.fix,
    })
}

/// An audit finding as a SARIF result, located in the dump (`uri`) by its user and policy.
pub fn audit_sarif_result(user: &UserAudit, finding: &AuditFinding, uri: &str) -> Value {
    let mut logical =
        vec![json!({"name": user.user, "fullyQualifiedName": user.arn, "kind": "user"})];
    if let Some(policy) = &finding.policy {
        let name = match &finding.statement {
            Some(statement) => format!("{policy} / {statement}"),
            None => policy.clone(),
        };
        logical.push(json!({"name": name, "kind": "policy"}));
    }
    json!({
        "ruleId": finding.id,
        "level": sarif_level(finding.severity),
        "message": {"text": format!("{}: {}", user.user, finding.message)},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": uri}},
            "logicalLocations": logical,
        }],
        "properties": {"user": user.user, "policy": finding.policy, "statement": finding.statement, "fix": finding.fix},
    })
}

/// The audit's SARIF log: each rule met once (its id, and the fix of its first finding as help),
/// the results, and the account in the run's properties.
pub fn audit_sarif_log(
    rules: impl IntoIterator<Item = (&'static str, String)>,
    results: Vec<Value>,
    run_properties: Value,
) -> Value {
    let rules = rules
        .into_iter()
        .map(|(id, fix)| json!({"id": id, "shortDescription": {"text": id}, "help": {"text": fix}}))
        .collect();
    let mut log = sarif_log(rules, results);
    log["runs"][0]["properties"] = run_properties;
    log
}
