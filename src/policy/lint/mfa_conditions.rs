//! MFA conditions written the way AWS warns against (IAM User Guide, condition keys,
//! `aws:MultiFactorAuthPresent`): the key is absent for long-term access keys, so `Bool` lets
//! them slip past a Deny, and `BoolIfExists`/`Null` let them (or MFA-less sessions) into an Allow.

use crate::policy::model::document::{Condition, Effect, Policy, Statement};

use super::rules;
use super::{Place, Report};

const MFA_KEY: &str = crate::policy::model::credential_actions::MFA_PRESENT_KEY;

fn mfa_condition_with<'a>(
    statement: &'a Statement,
    operator: &str,
    value: &str,
) -> Option<&'a Condition> {
    statement.conditions.iter().find(|c| {
        c.operator == operator
            && c.key.eq_ignore_ascii_case(MFA_KEY)
            && c.values.iter().any(|v| v.eq_ignore_ascii_case(value))
    })
}

pub fn check(policy: &Policy, report: &mut Report) {
    for statement in &policy.statements {
        let found = match statement.effect {
            Effect::Deny => mfa_condition_with(statement, "Bool", "false").map(|c| {
                (
                    c,
                    rules::DENY_MFA_BOOL,
                    "Deny with Bool aws:MultiFactorAuthPresent false does not apply to long-term access keys (the key is absent): they slip past it",
                    "use \"BoolIfExists\" instead of \"Bool\" (AWS's recommendation)",
                )
            }),
            Effect::Allow => mfa_condition_with(statement, "BoolIfExists", "true")
                .map(|c| {
                    (
                        c,
                        rules::ALLOW_MFA_BOOL_IF_EXISTS,
                        "Allow with BoolIfExists aws:MultiFactorAuthPresent true also allows long-term access keys, without any MFA",
                        "use \"Bool\" so that only MFA-authenticated sessions match",
                    )
                })
                .or_else(|| {
                    mfa_condition_with(statement, "Null", "false").map(|c| {
                        (
                            c,
                            rules::ALLOW_MFA_NULL,
                            "Allow with Null aws:MultiFactorAuthPresent false allows every temporary credential, with or without MFA",
                            "use \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                        )
                    })
                }),
        };
        if let Some((condition, rule, message, fix)) = found {
            report.push_at(
                statement,
                Place::Condition(&condition.operator, &condition.key),
                rule,
                message,
                fix,
            );
        }
    }
}
