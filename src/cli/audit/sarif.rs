//! The audit as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
//! dashboards: one result per finding, located in the dump by the user and the policy.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::policy::lint::Severity;
use crate::policy::reports::audit::AccountAudit;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(result: &AccountAudit, file: &Path, sink: &mut dyn Write) -> io::Result<()> {
    let uri = file.display().to_string();
    let mut rules: BTreeMap<&str, &str> = BTreeMap::new();
    let mut results = Vec::new();
    for user in &result.users {
        for finding in &user.findings {
            rules.entry(finding.id).or_insert(finding.fix.as_str());
            let mut logical =
                vec![json!({"name": user.user, "fullyQualifiedName": user.arn, "kind": "user"})];
            if let Some(policy) = &finding.policy {
                let name = match &finding.statement {
                    Some(statement) => format!("{policy} / {statement}"),
                    None => policy.clone(),
                };
                logical.push(json!({"name": name, "kind": "policy"}));
            }
            results.push(json!({
                "ruleId": finding.id,
                "level": level(finding.severity),
                "message": {"text": format!("{}: {}", user.user, finding.message)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": uri}},
                    "logicalLocations": logical,
                }],
                "properties": {"user": user.user, "policy": finding.policy, "statement": finding.statement, "fix": finding.fix},
            }));
        }
    }
    let rules: Vec<Value> = rules
        .into_iter()
        .map(|(id, fix)| json!({"id": id, "shortDescription": {"text": id}, "help": {"text": fix}}))
        .collect();
    let report = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "iamself-tui",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            "properties": {"account": result.account, "complete": result.complete},
        }],
    });
    serde_json::to_writer_pretty(&mut *sink, &report).map_err(io::Error::other)?;
    sink.write_all(b"\n")
}
