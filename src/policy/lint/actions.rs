//! Checks on `Action`/`NotAction` and `Resource`/`NotResource` as written: unknown actions and
//! wildcards that match nothing (IAM and STS only: the catalog covers no other service), broad
//! wildcards, negated elements in Allow statements, and actions whose resources cannot fit.

use std::sync::OnceLock;

use crate::policy::model::catalog::CatalogAction;
use crate::policy::model::document::{Effect, Statement};

use super::action_set::{ActionSet, index_of};
use super::pattern::has_wildcard;
use super::rules;
use super::rules::Rule;
use super::service_actions;
use super::statement_facts::{Entry, EntryKind, StatementFacts};
use super::{Place, Report, Severity, action_key, short_list};

/// Actions of AWS's SMS-MFA preview (2016–2017 examples and tutorials); not in the Service
/// Authorization Reference today (iam-semantics.md §5).
const OBSOLETE_SMS_ACTIONS: [&str; 2] = [
    "iam:requestsmsmfaregistration",
    "iam:finalizesmsmfaregistration",
];

/// These checks alone, for tests that run them without the rest.
#[cfg(test)]
pub fn check(policy: &crate::policy::model::document::Policy, report: &mut Report) {
    let userid = crate::policy::sample::Subject::for_policy(policy)
        .principal("/")
        .userid;
    let facts =
        StatementFacts::for_statements(&policy.statements, policy.variables_enabled(), &userid);
    check_statements(&facts, report);
}

pub fn check_statements(facts: &[StatementFacts<'_>], report: &mut Report) {
    for facts in facts {
        let statement = facts.statement;
        check_names(statement, &facts.entries, report);
        check_wildcards(statement, &facts.entries, report);
        check_negations(statement, report);
        check_resource_fit(facts, report);
    }
}

/// Calls that need no permission at all: listing them anywhere is harmless, so they are never
/// called dead.
const ALWAYS_CALLABLE: [&str; 2] =
    crate::policy::model::credential_actions::NOT_CONTROLLED_BY_POLICY;

fn always_callable(action: &CatalogAction) -> bool {
    ALWAYS_CALLABLE.contains(&action.full_name.as_str())
}

fn always_callable_set() -> ActionSet {
    static SET: OnceLock<ActionSet> = OnceLock::new();
    *SET.get_or_init(|| ActionSet::of_names(ALWAYS_CALLABLE))
}

/// A dead entry in an Allow's `Action` means a permission the author wanted is missing; in a
/// Deny or a `NotAction` it is only noise.
fn dead_entry_severity(statement: &Statement) -> Severity {
    if statement.effect == Effect::Allow && !statement.action.negated {
        Severity::Error
    } else {
        Severity::Warning
    }
}

fn check_names(statement: &Statement, entries: &[Entry<'_>], report: &mut Report) {
    let key = action_key(statement);
    let severity = dead_entry_severity(statement);
    for entry in entries {
        let value = entry.value;
        match &entry.kind {
            EntryKind::Wildcard(matched) if matched.is_empty() => {
                report.push_at_as(
                    statement,
                    Place::Value(key, value),
                    rules::WILDCARD_MATCHES_NOTHING,
                    severity,
                    format!("{value:?} matches no IAM or STS action, so it has no effect"),
                    "correct the pattern, or list the actions by name",
                );
            }
            EntryKind::Unknown => {
                let lower = value.to_ascii_lowercase();
                let (message, fix) = if OBSOLETE_SMS_ACTIONS.contains(&lower.as_str()) {
                    (
                        format!(
                            "{value} is an obsolete action of the SMS MFA preview (AWS ended SMS MFA): it grants nothing"
                        ),
                        format!(
                            "remove {value}; users set up virtual, hardware or passkey MFA instead"
                        ),
                    )
                } else {
                    (
                        format!("{value} is not an IAM or STS action, so it has no effect"),
                        suggestion(value),
                    )
                };
                report.push_at_as(
                    statement,
                    Place::Value(key, value),
                    rules::UNKNOWN_ACTION,
                    severity,
                    message,
                    fix,
                );
            }
            EntryKind::OtherService => {
                if let Some((message, fix, rule)) = other_service_problem(value) {
                    report.push_at_as(
                        statement,
                        Place::Value(key, value),
                        rule,
                        severity,
                        message,
                        fix,
                    );
                }
            }
            _ => {}
        }
    }
}

/// "did you mean ...": the closest real action (same service, or the closest service that has
/// the name), else generic advice.
fn suggestion(value: &str) -> String {
    match service_actions::suggestion(value) {
        Some(action) => format!("did you mean {action}?"),
        None => "check the spelling against the Service Authorization Reference".to_owned(),
    }
}

/// An action of a service other than IAM/STS that no service has, or a pattern that matches
/// none of its service's actions. Patterns with a wildcard in the service part are not judged.
fn other_service_problem(value: &str) -> Option<(String, String, &'static Rule)> {
    let (prefix, name) = value.split_once(':')?;
    if has_wildcard(prefix) {
        return None;
    }
    if !has_wildcard(name) {
        return match service_actions::lookup(value) {
            service_actions::ActionName::Known(_) | service_actions::ActionName::Malformed => None,
            service_actions::ActionName::UnknownAction => Some((
                format!("{value} is not an action of {prefix}, so it has no effect"),
                suggestion(value),
                rules::UNKNOWN_ACTION,
            )),
            service_actions::ActionName::UnknownService => Some((
                format!("{value}: no AWS service has the prefix {prefix:?}, so it has no effect"),
                suggestion(value),
                rules::UNKNOWN_ACTION,
            )),
        };
    }
    match service_actions::service(prefix) {
        Some(service) if service.matches_any(name) => None,
        Some(_) => Some((
            format!("{value:?} matches no action of {prefix}, so it has no effect"),
            "correct the pattern, or list the actions by name".to_owned(),
            rules::WILDCARD_MATCHES_NOTHING,
        )),
        None => Some((
            format!("{value:?}: no AWS service has the prefix {prefix:?}, so it has no effect"),
            match service_actions::suggest_service(prefix) {
                Some(near) => format!("did you mean {near}:{name}?"),
                None => "check the service prefix against the Service Authorization Reference"
                    .to_owned(),
            },
            rules::WILDCARD_MATCHES_NOTHING,
        )),
    }
}

fn check_wildcards(statement: &Statement, entries: &[Entry<'_>], report: &mut Report) {
    if statement.effect != Effect::Allow || statement.action.negated {
        return;
    }
    let wildcards: Vec<&str> = entries
        .iter()
        .filter(|e| e.wildcard)
        .map(|e| e.value)
        .collect();
    let Some(first) = wildcards.first() else {
        return;
    };
    let message = if wildcards.contains(&"*") {
        "\"Action\": \"*\" allows every action of every service, including those AWS adds later"
            .to_owned()
    } else {
        format!(
            "{} also allow{} every matching action AWS adds later",
            short_list(&wildcards, 3),
            if wildcards.len() == 1 { "s" } else { "" }
        )
    };
    report.push_at(
        statement,
        Place::Value("Action", first),
        rules::ACTION_WILDCARD,
        message,
        "list the actions the users need by name",
    );
}

fn check_negations(statement: &Statement, report: &mut Report) {
    match statement.effect {
        Effect::Allow => {
            if statement.action.negated {
                report.push_at(
                    statement,
                    Place::Element("NotAction"),
                    rules::ALLOW_NOT_ACTION,
                    "Allow with NotAction allows every action of every service except the listed ones",
                    "use \"Action\" with the actions to allow",
                );
            }
            if statement.resource.negated {
                report.push_at(
                    statement,
                    Place::Element("NotResource"),
                    rules::ALLOW_NOT_RESOURCE,
                    "Allow with NotResource allows the actions on every resource except the listed ones, including other users'",
                    "use \"Resource\" with the resources to allow",
                );
            }
        }
        Effect::Deny => {
            if statement.action.negated && statement.conditions.is_empty() {
                report.push_at(
                    statement,
                    Place::Element("NotAction"),
                    rules::DENY_NOT_ACTION_UNCONDITIONAL,
                    "Deny with NotAction and no Condition always denies every other action, whatever other policies allow",
                    "add the Condition that should trigger the deny (e.g. BoolIfExists aws:MultiFactorAuthPresent false)",
                );
            }
        }
    }
}

/// Actions whose resources cannot fit: wildcard-only actions scoped to an ARN, actions scoped to
/// the wrong resource type, and statements where nothing fits at all.
fn check_resource_fit(facts: &StatementFacts<'_>, report: &mut Report) {
    let statement = facts.statement;
    if statement.action.negated || statement.resource.negated {
        return;
    }
    // `*` could match any of the resources: nothing to conclude. Other services' actions
    // leave the IAM/STS actions' checks on; they only rule out "nothing fits".
    if facts
        .entries
        .iter()
        .any(|e| matches!(e.kind, EntryKind::Everything))
    {
        return;
    }
    let other_services = facts
        .entries
        .iter()
        .any(|e| matches!(e.kind, EntryKind::OtherService));
    // Named actions, in the order written (repeats kept), and every action named or matched.
    let explicit = || {
        facts.entries.iter().filter_map(|e| match e.kind {
            EntryKind::Known(action) if !always_callable(action) => Some(action),
            _ => None,
        })
    };
    let mut expanded = ActionSet::default();
    for entry in &facts.entries {
        match &entry.kind {
            EntryKind::Known(action) => expanded.insert(index_of(action)),
            EntryKind::Wildcard(matched) => expanded = expanded.union(*matched),
            _ => {}
        }
    }
    let expanded = expanded.minus(always_callable_set());
    let fits = |a: &CatalogAction| facts.fits(a);
    let (grants, grant) = match statement.effect {
        Effect::Allow => ("grants nothing", "grant"),
        Effect::Deny => ("denies nothing", "deny"),
    };
    let severity = match statement.effect {
        Effect::Allow => Severity::Error,
        Effect::Deny => Severity::Warning,
    };

    let scoped_wildcard_only: Vec<&str> = explicit()
        .filter(|a| a.wildcard_resource_only() && !fits(a))
        .map(|a| a.full_name.as_str())
        .collect();
    if let Some(first) = scoped_wildcard_only.first() {
        report.push_at_as(
            statement,
            Place::Value("Action", written(statement, first)),
            rules::WILDCARD_ONLY_ACTION_SCOPED,
            severity,
            format!(
                "{} support{} no resource-level permissions: scoped to an ARN, this {grants}",
                short_list(&scoped_wildcard_only, 3),
                if scoped_wildcard_only.len() == 1 {
                    "s"
                } else {
                    ""
                },
            ),
            format!(
                "move {} to a statement with \"Resource\": \"*\"",
                short_list(&scoped_wildcard_only, 3)
            ),
        );
    }

    let nothing_fits = !other_services && !expanded.is_empty() && !expanded.iter().any(fits);
    if nothing_fits {
        let covered_above = expanded
            .iter()
            .all(|a| scoped_wildcard_only.contains(&a.full_name.as_str()));
        if !covered_above {
            report.push_at_as(
                statement,
                Place::Element("Resource"),
                rules::STATEMENT_NEVER_MATCHES,
                severity,
                format!(
                    "no action of this statement applies to any of its resources: the statement {grants}"
                ),
                "point \"Resource\" at the resources these actions take (e.g. the user's ARN), or remove the statement",
            );
        }
        return;
    }

    let mismatched: Vec<&'static CatalogAction> = explicit()
        .filter(|a| !a.wildcard_resource_only() && !fits(a))
        .collect();
    if let Some(first) = mismatched.first() {
        let names: Vec<&str> = mismatched.iter().map(|a| a.full_name.as_str()).collect();
        let types: Vec<&str> = first.resource_types.iter().map(|r| r.name).collect();
        report.push_at_as(
            statement,
            Place::Value("Action", written(statement, &first.full_name)),
            rules::RESOURCE_TYPE_MISMATCH,
            severity,
            format!(
                "{} take{} a {} resource, which none of this statement's resources is: the statement does not {grant} {}",
                short_list(&names, 3),
                if names.len() == 1 { "s" } else { "" },
                types.join(" or "),
                if names.len() == 1 { "it" } else { "them" },
            ),
            format!(
                "move {} to a statement whose Resource is {}",
                short_list(&names, 3),
                example_resource(first)
            ),
        );
    }
}

/// The value as the author wrote it (case may differ from the catalog's spelling).
fn written<'a>(statement: &'a Statement, full_name: &'a str) -> &'a str {
    statement
        .action
        .values
        .iter()
        .find(|v| v.eq_ignore_ascii_case(full_name))
        .map(String::as_str)
        .unwrap_or(full_name)
}

fn example_resource(action: &CatalogAction) -> &'static str {
    match action.primary_resource_type() {
        Some("user") => "arn:aws:iam::*:user/${aws:username}",
        Some("mfa") => "arn:aws:iam::*:mfa/*",
        Some("group") => "a group ARN",
        Some("role") => "a role ARN",
        Some("policy") => "a policy ARN",
        _ => "an ARN of the type it takes",
    }
}
