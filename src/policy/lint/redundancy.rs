//! Statements and actions that change nothing: an action another pattern of the same statement
//! already covers, a statement another statement of the same effect already covers (with no
//! more conditions), and an Allow that an unconditional Deny always overrides (IAM evaluation
//! logic: an explicit Deny wins over any Allow).
//!
//! Coverage is judged from the text, conservatively: a pattern covers a name it matches, and a
//! pattern covers another pattern only when it is `*` or a fixed prefix followed by `*` that
//! the other starts with. Catalog actions are compared as sets, which is exact and cheap.

use crate::policy::model::document::{Effect, Statement};

use super::pattern::{glob_match, has_wildcard};
use super::rules;
use super::statement_facts::{Entry, EntryKind, StatementFacts};
use super::{Place, Report, action_key, short_list};

pub fn check(facts: &[StatementFacts<'_>], report: &mut Report) {
    for facts in facts {
        check_actions(facts, report);
    }
    check_statements(facts, report);
}

/// Whether pattern `outer` covers everything `inner` (a name or a pattern) matches.
fn covers_text(outer: &str, inner: &str, ignore_case: bool) -> bool {
    if !has_wildcard(inner) {
        return glob_match(outer, inner, ignore_case);
    }
    if outer == "*" {
        return true;
    }
    let same = if ignore_case {
        outer.eq_ignore_ascii_case(inner)
    } else {
        outer == inner
    };
    if same {
        return true;
    }
    let Some(prefix) = outer.strip_suffix('*') else {
        return false;
    };
    !has_wildcard(prefix)
        && inner.len() >= prefix.len()
        && inner.is_char_boundary(prefix.len())
        && if ignore_case {
            inner[..prefix.len()].eq_ignore_ascii_case(prefix)
        } else {
            &inner[..prefix.len()] == prefix
        }
}

/// Action values of one statement that another of its values already covers (or repeats).
fn check_actions(facts: &StatementFacts<'_>, report: &mut Report) {
    let entries = &facts.entries;
    let has_wildcards = entries.iter().any(|e| e.wildcard);
    let mut redundant: Vec<&str> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let repeated = entries[..i]
            .iter()
            .any(|earlier| earlier.value.eq_ignore_ascii_case(entry.value));
        let covered = has_wildcards
            && entries.iter().enumerate().any(|(j, other)| {
                j != i
                    && other.wildcard
                    && !other.value.eq_ignore_ascii_case(entry.value)
                    && covers_text(other.value, entry.value, true)
            });
        if repeated || covered {
            redundant.push(entry.value);
        }
    }
    let Some(first) = redundant.first() else {
        return;
    };
    let statement = facts.statement;
    report.push_at(
        statement,
        Place::Value(action_key(statement), first),
        rules::REDUNDANT_ACTION,
        format!(
            "{} {} already covered by another value of {}",
            short_list(&redundant, 3),
            if redundant.len() == 1 { "is" } else { "are" },
            action_key(statement)
        ),
        format!("remove {}", short_list(&redundant, 3)),
    );
}

/// Whether statement `outer` applies to every action `inner` lists.
fn covers_actions(outer: &StatementFacts<'_>, inner: &StatementFacts<'_>) -> bool {
    if inner.statement.action.negated {
        return outer.statement.action.values.iter().any(|v| v == "*")
            && !outer.statement.action.negated;
    }
    inner
        .entries
        .iter()
        .all(|entry: &Entry<'_>| match &entry.kind {
            EntryKind::Known(action) => outer.covers(action),
            _ => {
                !outer.statement.action.negated
                    && outer
                        .statement
                        .action
                        .values
                        .iter()
                        .any(|v| covers_text(v, entry.value, true))
            }
        })
}

/// Whether statement `outer` applies to every resource `inner` lists.
fn covers_resources(outer: &Statement, inner: &Statement) -> bool {
    if outer.resource.negated || inner.resource.negated {
        return outer.resource.negated == inner.resource.negated
            && outer.resource.values == inner.resource.values;
    }
    inner.resource.values.iter().all(|resource| {
        outer
            .resource
            .values
            .iter()
            .any(|pattern| covers_text(pattern, resource, false))
    })
}

fn check_statements(facts: &[StatementFacts<'_>], report: &mut Report) {
    for (i, inner) in facts.iter().enumerate() {
        let statement = inner.statement;
        // A statement covered by an earlier one, or by a later one that it does not cover in
        // turn (of two identical statements, the second is reported).
        let covering = facts.iter().enumerate().find(|(j, outer)| {
            *j != i
                && outer.statement.effect == statement.effect
                && outer
                    .statement
                    .conditions
                    .iter()
                    .all(|c| statement.conditions.contains(c))
                && covers_resources(outer.statement, statement)
                && covers_actions(outer, inner)
                && (*j < i
                    || !(inner
                        .statement
                        .conditions
                        .iter()
                        .all(|c| outer.statement.conditions.contains(c))
                        && covers_resources(statement, outer.statement)
                        && covers_actions(inner, outer)))
        });
        if let Some((_, outer)) = covering {
            report.push_at(
                statement,
                Place::Statement,
                rules::REDUNDANT_STATEMENT,
                format!(
                    "{} adds nothing: {} already covers its actions and resources{}",
                    statement.label(),
                    outer.statement.label(),
                    if outer.statement.conditions.is_empty() {
                        ""
                    } else {
                        " under the same conditions"
                    }
                ),
                format!(
                    "remove {}, or merge it into {}",
                    statement.label(),
                    outer.statement.label()
                ),
            );
            continue;
        }
        if statement.effect != Effect::Allow {
            continue;
        }
        let overriding = facts.iter().find(|deny| {
            deny.statement.effect == Effect::Deny
                && deny.statement.conditions.is_empty()
                && covers_resources(deny.statement, statement)
                && covers_actions(deny, inner)
        });
        if let Some(deny) = overriding {
            report.push_at(
                statement,
                Place::Statement,
                rules::ALLOW_OVERRIDDEN_BY_DENY,
                format!(
                    "{} never allows anything: the unconditional Deny {} covers all its actions and resources",
                    statement.label(),
                    deny.statement.label()
                ),
                format!("remove {}, or narrow the Deny {}", statement.label(), deny.statement.label()),
            );
        }
    }
}
