//! `explain --format json`: everything the text shows, for scripts.

use crate::policy::model::Named;
use serde_json::{Map, Value, json};

use crate::policy::engine::{Decision, MissingAllow, Role};
use crate::policy::reports::journey::STAGE_TITLES;
use crate::policy::reports::truth_table::Column;

use super::report::{Report, kind_name, mfa_json};

pub fn render(report: &Report<'_>) -> String {
    let rows: Vec<Value> = report
        .table
        .rows
        .iter()
        .map(|row| {
            let mut cells = Map::new();
            for column in Column::ALL {
                cells.insert(
                    column_key(column).to_owned(),
                    decision(report, row.cell(column)),
                );
            }
            let context: Map<String, Value> = row
                .context
                .iter()
                .map(|(key, values)| (key.clone(), json!(values)))
                .collect();
            json!({
                "action": row.action,
                "kind": kind_name(row.kind),
                "ownResource": row.own_resource,
                "otherResource": row.other_resource,
                "context": context,
                "cells": cells,
            })
        })
        .collect();
    let steps: Vec<Value> = report
        .journey
        .steps
        .iter()
        .map(|step| {
            json!({
                "stage": step.stage,
                "stageTitle": STAGE_TITLES.get(usize::from(step.stage).wrapping_sub(1)),
                "description": step.description,
                "action": step.action,
                "resource": step.resource,
                "mfa": mfa_json(step.mfa),
                "shouldAllow": step.should_allow,
                "optional": step.optional,
                "decision": step.decision.verdict().as_str(),
                "matched": report.matched(&step.decision),
                "asExpected": step.as_expected(),
            })
        })
        .collect();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(crate::cli::findings::json)
        .collect();
    let mut document = json!({
        "file": report.file.display().to_string(),
        "principal": {
            "username": report.username,
            "account": report.account,
            "otherUsername": report.other_username,
        },
        "size": report.size,
        "attachment": report.attachment.name(),
        "limit": report.attachment.limit(),
        "table": rows,
        "journey": steps,
        "findings": findings,
    });
    let members = report.members();
    if !members.is_empty() {
        let set: Vec<Value> = report
            .set
            .members()
            .map(|(role, policy)| {
                let role = match role {
                    Role::Identity => json!("identity"),
                    Role::Boundary => json!("boundary"),
                    Role::ScpLevel(level) => json!(format!("scp{level}")),
                };
                json!({"name": policy.name, "role": role})
            })
            .collect();
        document["set"] = Value::from(set);
    }
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn column_key(column: Column) -> &'static str {
    match column {
        Column::Mfa => "mfa",
        Column::NoMfa => "noMfa",
        Column::LongTermKeys => "longTermKeys",
        Column::OtherUser => "otherUser",
    }
}

fn decision(report: &Report<'_>, decision: &Decision) -> Value {
    let mut cell = json!({
        "decision": decision.verdict().as_str(),
        "matched": report.matched(decision),
    });
    if decision.is_not_controlled_by_policy() {
        cell["notControlledByPolicy"] = Value::Bool(true);
    }
    // Which step found no Allow, when it is not the identity policies (a set with a boundary or
    // SCPs); the policies that make an answer unknown.
    match decision.missing_allow() {
        Some(step) if step != MissingAllow::Identity => {
            cell["noAllow"] = Value::from(step.describe().into_owned());
        }
        _ => {}
    }
    if !decision.unknown_policies().is_empty() {
        let names: Vec<&str> = decision.unknown_policies().iter().map(|n| &**n).collect();
        cell["unknownPolicies"] = json!(names);
    }
    cell
}
