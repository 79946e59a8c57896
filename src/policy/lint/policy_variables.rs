//! Checks on policy variables (`${aws:username}`), IAM User Guide `reference_policies_variables`
//! and iam-semantics.md 7.1-7.3: malformed or unknown variables, multivalued keys as variables,
//! variables where IAM does not substitute them (non-string condition operators, `Action`), and
//! the Resource form AWS's docs call unsupported though AWS itself uses it.

use crate::policy::engine::condition::{Family, Operator};
use crate::policy::model::document::{Condition, Statement};

use super::condition_keys;
use super::rules::{self, Rule};
use super::values::{Variable, variables};
use super::{Place, Report, action_key, resource_key};

pub fn check(statements: &[Statement], report: &mut Report) {
    for statement in statements {
        let resource_key = resource_key(statement);
        for value in &statement.resource.values {
            let place = Place::Value(resource_key, value);
            check_keys(statement, place, value, report);
            check_arn_prefix(statement, place, value, report);
        }
        for value in &statement.action.values {
            if !value.contains("${") {
                continue;
            }
            let place = Place::Value(action_key(statement), value);
            check_keys(statement, place, value, report);
            report.push_at(
                statement,
                place,
                rules::POLICY_VARIABLE_NOT_SUBSTITUTED,
                format!(
                    "{value:?}: IAM substitutes no policy variable in {}",
                    action_key(statement)
                ),
                "write the action names out",
            );
        }
        for condition in &statement.conditions {
            check_condition(statement, condition, report);
        }
    }
}

fn check_condition(statement: &Statement, condition: &Condition, report: &mut Report) {
    let place = Place::Condition(&condition.operator, &condition.key);
    let mut not_substituted_reported = false;
    for value in &condition.values {
        if !value.contains("${") {
            continue;
        }
        check_keys(statement, place, value, report);
        let Some(operator) = Operator::parse(&condition.operator) else {
            continue;
        };
        let substituted = matches!(
            operator.family,
            Family::StringEquals
                | Family::StringEqualsIgnoreCase
                | Family::StringLike
                | Family::Arn
        );
        if substituted || not_substituted_reported {
            continue;
        }
        not_substituted_reported = true;
        let contested = if operator.family == Family::Bool {
            " (one AWS page allows Bool; the condition-operators page does not, and lint follows it)"
        } else {
            ""
        };
        report.push_at(
            statement,
            place,
            rules::POLICY_VARIABLE_NOT_SUBSTITUTED,
            format!(
                "{} does not substitute policy variables: {value:?} is compared as literal text{contested}",
                condition.operator
            ),
            "write the value itself, or use a String or ARN operator",
        );
    }
}

/// Malformed, unknown and multivalued variables in one value.
fn check_keys(statement: &Statement, place: Place<'_>, value: &str, report: &mut Report) {
    for (_, variable) in variables(value) {
        let (rule, message, fix): (&'static Rule, String, String) = match variable {
            Variable::Escape => continue,
            Variable::Malformed(text) => (
                rules::POLICY_VARIABLE_MALFORMED,
                format!("{text:?} is not a policy variable: IAM reads it as literal text"),
                "write ${key} with its closing brace, e.g. ${aws:username}".to_owned(),
            ),
            Variable::Key(key) => match condition_keys::find(key) {
                Some(known) if known.multivalued => (
                    rules::POLICY_VARIABLE_MULTIVALUED,
                    format!(
                        "${{{key}}}: {key} is multivalued, and only single-valued keys can be variables"
                    ),
                    "compare the key in a Condition with ForAnyValue/ForAllValues instead"
                        .to_owned(),
                ),
                Some(_) => continue,
                None if !condition_keys::checks_prefix(key) => continue,
                None => (
                    rules::POLICY_VARIABLE_UNKNOWN,
                    format!(
                        "${{{key}}} names no condition key: it has no value, so {value:?} matches nothing"
                    ),
                    match condition_keys::suggestion(key) {
                        Some(near) => format!("did you mean ${{{near}}}?"),
                        None => "use a key such as ${aws:username} or ${aws:PrincipalTag/team}"
                            .to_owned(),
                    },
                ),
            },
        };
        report.push_at(statement, place, rule, message, fix);
    }
}

/// A variable in the partition, service, region or account of a Resource ARN (before its fifth
/// colon): works (AWS's managed policies rely on it) but AWS's docs call it unsupported (7.2).
fn check_arn_prefix(statement: &Statement, place: Place<'_>, value: &str, report: &mut Report) {
    if !value.starts_with("arn:") {
        return;
    }
    let fifth_colon = colons_outside_variables(value)
        .nth(4)
        .unwrap_or(value.len());
    let before = variables(value)
        .into_iter()
        .any(|(at, v)| at < fifth_colon && matches!(v, Variable::Key(_)));
    if !before {
        return;
    }
    report.push_at(
        statement,
        place,
        rules::POLICY_VARIABLE_IN_ARN_PREFIX,
        format!(
            "{value:?} has a policy variable before the fifth colon: AWS's policy-variables page calls this unsupported, though IAM substitutes it (AWS's own managed policies use it)"
        ),
        "keep it if it works for you; ${aws:PrincipalAccount} in the account field is the common case",
    );
}

/// Byte offsets of the colons of a string that are not inside a `${...}` (whose keys have their
/// own colon).
fn colons_outside_variables(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => return Some(i),
            _ => {}
        }
        None
    })
}
