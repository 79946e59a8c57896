//! Checks on `Condition` blocks (IAM User Guide: condition operators, global condition keys,
//! single- vs multivalued keys; Service Authorization Reference for IAM/STS keys): unknown keys,
//! service keys the actions do not support, operators that do not fit the key's type, values the
//! operator cannot read, and the set-qualifier and `...IfExists` traps.
//!
//! Keys are compared ignoring case, as IAM does. Only `aws:`, `iam:` and `sts:` keys are judged:
//! lint has no catalog of other services' keys.

use crate::policy::engine::condition::{self, Family, Operator, PolicyValue, SetQualifier};
use crate::policy::model::document::{Condition, Statement};

use super::condition_keys::{self, ConditionKey, KeyType};
use super::rules::{self, Rule};
use super::statement_facts::{EntryKind, StatementFacts};
use super::values;
use super::{Place, Report, short_list};

pub fn check(facts: &[StatementFacts<'_>], report: &mut Report) {
    for facts in facts {
        for condition in &facts.statement.conditions {
            check_condition(facts, condition, report);
        }
    }
}

fn check_condition(facts: &StatementFacts<'_>, condition: &Condition, report: &mut Report) {
    let statement = facts.statement;
    // Unknown operators are the grammar checks' business; nothing more can be said here.
    let Some(operator) = Operator::parse(&condition.operator) else {
        return;
    };
    let push = |report: &mut Report, rule: &'static Rule, message: String, fix: String| {
        report.push_at(
            statement,
            Place::Condition(&condition.operator, &condition.key),
            rule,
            message,
            fix,
        );
    };
    check_values(statement, condition, operator, report);
    if !condition_keys::checks_prefix(&condition.key) {
        return;
    }
    let Some(key) = condition_keys::find(&condition.key) else {
        let fix = match condition_keys::suggestion(&condition.key) {
            Some(near) => format!("did you mean {near}?"),
            None => "check the key against the IAM User Guide's global condition keys or the Service Authorization Reference".to_owned(),
        };
        push(
            report,
            rules::UNKNOWN_CONDITION_KEY,
            format!(
                "{} is not a condition key: absent from every request, it makes the condition {}",
                condition.key,
                absent_outcome(operator)
            ),
            fix,
        );
        return;
    };
    check_key_support(facts, condition, key, report);
    if operator.family != Family::Null && !fits_type(operator.family, key.key_type) {
        push(
            report,
            rules::CONDITION_TYPE_MISMATCH,
            format!(
                "{} compares {} values, but {} is a {} key",
                condition.operator,
                family_type(operator.family),
                condition.key,
                key.key_type.name()
            ),
            format!("use a {} operator", operator_hint(key.key_type)),
        );
    }
    if operator.if_exists && key.always_present {
        push(
            report,
            rules::IF_EXISTS_ON_ALWAYS_PRESENT_KEY,
            format!(
                "{} is in every request: IfExists in {} changes nothing",
                condition.key, condition.operator
            ),
            format!("write {}", condition.operator.trim_end_matches("IfExists")),
        );
    }
    match operator.set {
        SetQualifier::ForAllValues if !key.multivalued => push(
            report,
            rules::FOR_ALL_VALUES_SINGLE_VALUED,
            format!(
                "ForAllValues on the single-valued key {}: it also holds when the key is absent",
                condition.key
            ),
            format!(
                "write {} without ForAllValues:",
                condition.operator.split_once(':').map_or("", |(_, op)| op)
            ),
        ),
        SetQualifier::ForAnyValue if operator.negated => push(
            report,
            rules::FOR_ANY_VALUE_NEGATED,
            format!(
                "{}: true as soon as one of the request's values differs from the listed ones",
                condition.operator
            ),
            "use ForAllValues: with the negated operator (none of the values may match)".to_owned(),
        ),
        SetQualifier::Single if key.multivalued && operator.family != Family::Null => push(
            report,
            rules::MULTIVALUED_KEY_WITHOUT_SET,
            format!(
                "{} is multivalued: {} does not say whether all or any of its values must match",
                condition.key, condition.operator
            ),
            format!(
                "write ForAllValues:{0} or ForAnyValue:{0}",
                condition.operator
            ),
        ),
        _ => {}
    }
}

/// What an absent key makes of the condition.
/// Whether this condition entry can never hold, whatever the request: an operator IAM does not
/// know, a key absent from every request (an `aws:`/`iam:`/`sts:` key that does not exist) where
/// absence makes it false, or values of which none can be read (`"flase"` for `Bool`) under an
/// operator that needs one of them to match. The evaluator decides these the same way
/// (`engine::condition`): such a condition makes its statement never apply.
pub fn never_holds(condition: &Condition) -> bool {
    let Some(operator) = Operator::parse(&condition.operator) else {
        return true;
    };
    let family = operator.family;
    if condition_keys::checks_prefix(&condition.key)
        && condition_keys::find(&condition.key).is_none()
    {
        let values: Vec<PolicyValue> = condition
            .values
            .iter()
            .map(|v| PolicyValue::read_or_nothing(family, v))
            .collect();
        return !condition::holds(operator, None, &values);
    }
    // A policy variable may read once substituted: not judged here.
    let unreadable = |v: &String| !v.contains("${") && condition::read_value(family, v).is_err();
    let needs_a_match = family == Family::Null
        || (!operator.negated && !operator.if_exists && operator.set != SetQualifier::ForAllValues);
    needs_a_match && condition.values.iter().all(unreadable)
}

fn absent_outcome(operator: Operator) -> &'static str {
    if operator.if_exists || operator.negated || operator.set == SetQualifier::ForAllValues {
        "always true"
    } else {
        "always false"
    }
}

/// Service keys apply to some actions of their service only: those the statement names that
/// the key does not apply to never carry it.
fn check_key_support(
    facts: &StatementFacts<'_>,
    condition: &Condition,
    key: &ConditionKey,
    report: &mut Report,
) {
    let Some(service) = key.service() else {
        return;
    };
    let statement = facts.statement;
    if statement.action.negated {
        return;
    }
    let mut supported_somewhere = false;
    let mut unsupported: Vec<&str> = Vec::new();
    for entry in &facts.entries {
        match &entry.kind {
            EntryKind::Everything => return,
            EntryKind::Known(action) => {
                if action.service.eq_ignore_ascii_case(service) && key.applies_to(action.name) {
                    supported_somewhere = true;
                } else {
                    unsupported.push(entry.value);
                }
            }
            EntryKind::Wildcard(matched)
                if matched
                    .iter()
                    .any(|a| a.service.eq_ignore_ascii_case(service) && key.applies_to(a.name)) =>
            {
                supported_somewhere = true;
            }
            EntryKind::OtherService if !entry.wildcard => unsupported.push(entry.value),
            _ => {}
        }
    }
    if unsupported.is_empty() {
        return;
    }
    let supporting = key.actions();
    let which = if supported_somewhere {
        format!("{} {}", short_list(&unsupported, 3), verb(&unsupported))
    } else {
        "none of the statement's actions supports it".to_owned()
    };
    let fix = if supporting.is_empty() {
        "remove the condition".to_owned()
    } else {
        let named: Vec<String> = supporting
            .iter()
            .map(|a| format!("{service}:{a}"))
            .collect();
        format!(
            "keep the condition for {} in a statement of its own",
            short_list(&named, 3)
        )
    };
    report.push_at(
        statement,
        Place::Condition(&condition.operator, &condition.key),
        rules::CONDITION_KEY_NOT_FOR_ACTION,
        format!(
            "{} is in requests for some IAM/STS actions only: {which}, so for {} the condition is {}",
            condition.key,
            if supported_somewhere { "those" } else { "them" },
            absent_outcome(Operator::parse(&condition.operator).expect("checked"))
        ),
        fix,
    );
}

fn verb(items: &[&str]) -> &'static str {
    if items.len() == 1 {
        "does not support it"
    } else {
        "do not support it"
    }
}

/// Whether an operator family compares values of this key type (IAM User Guide: each global
/// key "works with" these operators; ARN keys also work with the string operators).
fn fits_type(family: Family, key_type: KeyType) -> bool {
    let string = matches!(
        family,
        Family::StringEquals | Family::StringEqualsIgnoreCase | Family::StringLike
    );
    match key_type {
        KeyType::String => string,
        KeyType::Arn => string || family == Family::Arn,
        KeyType::Bool => family == Family::Bool,
        KeyType::Date => matches!(family, Family::Date(_)),
        KeyType::DateOrNumeric => matches!(family, Family::Date(_) | Family::Numeric(_)),
        KeyType::Numeric => matches!(family, Family::Numeric(_)),
        KeyType::IpAddress => family == Family::IpAddress,
    }
}

fn family_type(family: Family) -> &'static str {
    match family {
        Family::StringEquals | Family::StringEqualsIgnoreCase | Family::StringLike => "string",
        Family::Numeric(_) => "numeric",
        Family::Date(_) => "date",
        Family::Bool => "Boolean",
        Family::Binary => "binary",
        Family::IpAddress => "IP address",
        Family::Arn => "ARN",
        Family::Null => "presence",
    }
}

fn operator_hint(key_type: KeyType) -> &'static str {
    match key_type {
        KeyType::String => "String (StringEquals, StringLike...)",
        KeyType::Arn => "ARN or String (ArnLike, ArnEquals...)",
        KeyType::Bool => "Bool",
        KeyType::Date => "Date (DateGreaterThan...)",
        KeyType::DateOrNumeric => "Date or Numeric",
        KeyType::Numeric => "Numeric (NumericLessThan...)",
        KeyType::IpAddress => "IpAddress or NotIpAddress",
    }
}

/// A Bool with both values, and string operators whose values say the opposite of the operator
/// about wildcards. Values the operator cannot read are `condition_values`' (the engine's own
/// reader); values with a policy variable are left to the variable checks.
fn check_values(
    statement: &Statement,
    condition: &Condition,
    operator: Operator,
    report: &mut Report,
) {
    let place = Place::Condition(&condition.operator, &condition.key);
    let plain = || condition.values.iter().filter(|v| !v.contains("${"));
    if operator.family == Family::Bool {
        let has = |word: &str| {
            condition
                .values
                .iter()
                .any(|v| v.eq_ignore_ascii_case(word))
        };
        if has("true") && has("false") {
            report.push_at(
                statement,
                place,
                rules::BOOL_BOTH_VALUES,
                format!(
                    "{} {} lists both true and false: it only checks that the key is present",
                    condition.operator, condition.key
                ),
                format!(
                    "write \"Null\": {{\"{}\": \"false\"}} if presence is what you mean",
                    condition.key
                ),
            );
        }
    }
    match operator.family {
        Family::StringEquals | Family::StringEqualsIgnoreCase => {
            if let Some(value) = plain().find(|v| values::has_wildcard_outside_variables(v)) {
                report.push_at(
                    statement,
                    place,
                    rules::STRING_EQUALS_WITH_WILDCARD,
                    format!(
                        "{} compares literally: the wildcard in {value:?} only matches itself",
                        condition.operator
                    ),
                    format!(
                        "use {}",
                        if operator.negated {
                            "StringNotLike"
                        } else {
                            "StringLike"
                        }
                    ),
                );
            }
        }
        Family::StringLike
            if !condition.values.is_empty()
                && !condition
                    .values
                    .iter()
                    .any(|v| values::has_wildcard_outside_variables(v)) =>
        {
            report.push_at(
                statement,
                place,
                rules::STRING_LIKE_WITHOUT_WILDCARD,
                format!(
                    "{} without * or ? compares like {}",
                    condition.operator,
                    condition.operator.replace("Like", "Equals")
                ),
                format!("use {}", condition.operator.replace("Like", "Equals")),
            );
        }
        _ => {}
    }
}
