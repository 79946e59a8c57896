//! Checks on the text and the grammar: characters IAM refuses, the document model's grammar
//! errors (each given a stable id and a fix), the `Version` element, and condition operators.

use crate::policy::model::document::{Effect, GrammarError, Policy};

use super::rules::{self, Rule};
use super::{Place, Report};

/// At most this many character findings; one per line.
const MAX_CHARACTER_FINDINGS: usize = 5;

/// IAM accepts only TAB, LF, CR and U+0020–U+00FF in a policy document (IAM quotas page).
fn allowed_character(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}')
}

pub fn check_characters(text: &str, report: &mut Report) {
    if text
        .bytes()
        .all(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7F))
    {
        return;
    }
    let mut reported = 0;
    for (index, line) in text.split('\n').enumerate() {
        let Some(bad) = line.chars().find(|c| !allowed_character(*c)) else {
            continue;
        };
        if reported == MAX_CHARACTER_FINDINGS {
            report.push(
                rules::INVALID_CHARACTER,
                None,
                Some(index + 1),
                "more lines contain characters IAM refuses",
                "keep to plain ASCII (TAB, LF, CR and U+0020-U+00FF)",
            );
            return;
        }
        let shown = if bad.is_control() {
            String::new()
        } else {
            format!(" ({bad})")
        };
        report.push(
            rules::INVALID_CHARACTER,
            None,
            Some(index + 1),
            format!(
                "character U+{:04X}{shown} is not allowed in an IAM policy",
                bad as u32
            ),
            "replace it: IAM accepts only TAB, LF, CR and U+0020-U+00FF (typographic quotes and dashes are a common cause)",
        );
        reported += 1;
    }
}

/// Stable id and fix for each kind of grammar error the document model reports. Matched on the
/// fixed start of each message, never on text that may quote the author's values.
fn classify(message: &str) -> (&'static Rule, &'static str) {
    let starts = |prefix: &str| message.starts_with(prefix);
    if starts("missing \"Effect\"") || starts("\"Effect\" must be") {
        (
            rules::INVALID_EFFECT,
            "write \"Effect\": \"Allow\" or \"Effect\": \"Deny\" (exact spelling)",
        )
    } else if message.ends_with("cannot both be present") {
        (
            rules::CONFLICTING_ELEMENTS,
            "keep one of the two, or split the statement in two",
        )
    } else if starts("an identity-based policy cannot have") {
        (
            rules::PRINCIPAL_IN_IDENTITY_POLICY,
            "remove \"Principal\": an identity policy applies to whoever it is attached to",
        )
    } else if starts("unknown element") || starts("unknown top-level element") {
        (
            rules::UNKNOWN_ELEMENT,
            "remove it or correct its spelling (element names are case-sensitive)",
        )
    } else if starts("duplicate Sid") {
        (rules::DUPLICATE_SID, "give every statement its own Sid")
    } else if starts("invalid Sid") || starts("\"Sid\" must be") {
        (
            rules::INVALID_SID,
            "use only letters and digits in a Sid, e.g. \"AllowManageOwnPassword\"",
        )
    } else if starts("\"Version\"") {
        (rules::INVALID_VERSION, "write \"Version\": \"2012-10-17\"")
    } else if starts("\"Statement\" is empty") || starts("the policy has no \"Statement\"") {
        (
            rules::EMPTY_STATEMENT_LIST,
            "add at least one statement; a policy without statements allows nothing",
        )
    } else if starts("\"") && message.ends_with("\" is empty") {
        (
            rules::EMPTY_ELEMENT,
            "list at least one value, or remove the statement",
        )
    } else if starts("missing \"") {
        (
            rules::MISSING_ELEMENT,
            "add the missing element; every statement needs Effect, Action (or NotAction) and Resource (or NotResource)",
        )
    } else if starts("action ") {
        (
            rules::INVALID_ACTION_SYNTAX,
            "write actions as \"service:ActionName\", e.g. \"iam:ChangePassword\"",
        )
    } else if starts("condition") || starts("\"Condition\"") {
        (
            rules::INVALID_CONDITION,
            "write \"Condition\": {\"Operator\": {\"key\": \"value\" or [\"values\"]}}",
        )
    } else {
        (
            rules::INVALID_TYPE,
            "use the JSON type the policy grammar expects for this element",
        )
    }
}

pub fn report_grammar_errors(errors: &[GrammarError], report: &mut Report) {
    for error in errors {
        let (rule, fix) = classify(&error.message);
        let line = report.map.line_for_message(error.statement, &error.message);
        let statement = error.statement.map(|_| error.place());
        report.push(rule, statement, line, error.to_string(), fix);
    }
}

pub fn uses_variables(policy: &Policy) -> Vec<usize> {
    policy
        .statements
        .iter()
        .filter(|s| {
            s.resource.values.iter().any(|r| r.contains("${"))
                || s.conditions
                    .iter()
                    .any(|c| c.values.iter().any(|v| v.contains("${")))
        })
        .map(|s| s.index)
        .collect()
}

pub fn check_version(policy: &Policy, report: &mut Report) {
    if policy.variables_enabled() {
        return;
    }
    let version_line = report.map.top_key_line("Version");
    let with_variables = uses_variables(policy);
    let which = match &policy.version {
        None => "no \"Version\"".to_owned(),
        Some(old) => format!("\"Version\": {old:?}"),
    };
    if let Some(&first) = with_variables.first() {
        let labels: Vec<String> = with_variables
            .iter()
            .filter_map(|i| policy.statements.iter().find(|s| s.index == *i))
            .map(|s| s.label())
            .collect();
        let line = version_line.or_else(|| report.map.statement_line(first));
        report.push(
            rules::VARIABLES_WITHOUT_VERSION,
            None,
            line,
            format!(
                "{which}: policy variables such as ${{aws:username}} are literal text, so {} match nothing",
                super::short_list(&labels, 3)
            ),
            "add \"Version\": \"2012-10-17\" as the first element",
        );
    } else {
        let rule = if policy.version.is_none() {
            rules::VERSION_MISSING
        } else {
            rules::VERSION_OLD
        };
        report.push(
            rule,
            None,
            version_line.or(Some(1)),
            format!("{which}: the old policy language has no policy variables"),
            "add \"Version\": \"2012-10-17\" as the first element",
        );
    }
}

const CONDITION_OPERATORS: [&str; 27] = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// `ForAllValues:`/`ForAnyValue:` + operator + optional `IfExists`, as the IAM condition
/// operator reference lists them; `Null` takes neither ("You can add IfExists to the end of any
/// condition operator name except the Null condition", `reference_policies_elements_condition_operators`;
/// the set qualifiers compare values, and `Null` compares none: it says whether the key is present).
/// The evaluator refuses the same forms (`engine/condition/mod.rs`).
pub fn known_condition_operator(operator: &str) -> bool {
    let unqualified = operator
        .strip_prefix("ForAllValues:")
        .or_else(|| operator.strip_prefix("ForAnyValue:"));
    let qualified = unqualified.is_some();
    let base = unqualified.unwrap_or(operator);
    let (base, if_exists) = match base.strip_suffix("IfExists") {
        Some(stripped) => (stripped, true),
        None => (base, false),
    };
    CONDITION_OPERATORS.contains(&base) && !(base == "Null" && (if_exists || qualified))
}

pub fn check_condition_operators(policy: &Policy, report: &mut Report) {
    for statement in &policy.statements {
        let mut reported: Vec<&str> = Vec::new();
        for condition in &statement.conditions {
            if known_condition_operator(&condition.operator)
                || reported.contains(&condition.operator.as_str())
            {
                continue;
            }
            reported.push(&condition.operator);
            let base = condition
                .operator
                .split_once(':')
                .map_or(condition.operator.as_str(), |(_, base)| base);
            let place = Place::Condition(&condition.operator, &condition.key);
            if base == "NullIfExists" {
                report.push_at(
                    statement,
                    place,
                    rules::NULL_IF_EXISTS,
                    format!(
                        "{:?}: Null takes neither IfExists nor a set qualifier, so IAM rejects the policy",
                        condition.operator
                    ),
                    "write \"Null\" alone: it already says whether the key is present",
                );
                continue;
            }
            if base == "Null" {
                let effect = match statement.effect {
                    Effect::Allow => "this Allow never applies",
                    Effect::Deny => "this Deny never applies",
                };
                report.push_at(
                    statement,
                    place,
                    rules::NULL_IF_EXISTS,
                    format!(
                        "{:?}: Null takes no set qualifier (it compares no values: it says whether the key is present); IAM defines no meaning for it and this tool's evaluator treats the condition as never holding, so {effect}",
                        condition.operator
                    ),
                    "write \"Null\" alone: a multivalued key with no value (an empty list) is null too",
                );
                continue;
            }
            let known = CONDITION_OPERATORS
                .iter()
                .flat_map(|o| [o.to_string(), format!("{o}IfExists")]);
            let known: Vec<String> = known.collect();
            let fix = match super::suggest::closest(base, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean {near}? (names are case-sensitive)"),
                None => "use an operator such as StringEquals, StringLike, Bool, BoolIfExists or Null (names are case-sensitive)".to_owned(),
            };
            report.push_at(
                statement,
                place,
                rules::UNKNOWN_CONDITION_OPERATOR,
                format!(
                    "unknown condition operator {:?}: IAM rejects the policy",
                    condition.operator
                ),
                fix,
            );
        }
    }
}
