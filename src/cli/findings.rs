//! The one place findings become text: compiler-style lines, JSON, Markdown and SARIF 2.1.0 (as
//! GitHub code scanning reads it). `lint`, `explain` and `diff` all render findings here, so
//! a finding reads the same everywhere.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::policy::lint::{Finding, RULES, Rule, Severity};

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
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "iamself-tui",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": RULES.iter().map(|r| sarif_rule(r)).collect::<Vec<Value>>(),
                }
            },
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
