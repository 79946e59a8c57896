//! Condition values the evaluator cannot read, and variables where AWS's pages say they do not
//! work (iam-semantics.md §7.1, §7.2, §7.8; issue #9 item 4).
//!
//! A date, number, address, boolean or ARN pattern the evaluator cannot read matches nothing,
//! so a Deny that depends on it would silently never apply: that is an error here, naming the
//! statement and the value. The reading is the engine's own
//! ([`condition::read_value`]), so lint and the evaluator never disagree on what is readable.

use crate::policy::engine::condition::{self, Family, IpNetwork, Operator};
use crate::policy::model::document::{Effect, Policy, Statement};

use super::{Place, Report, Severity};

pub fn check(policy: &Policy, report: &mut Report) {
    let variables = policy.variables_enabled();
    for statement in &policy.statements {
        check_conditions(statement, variables, report);
        if variables {
            check_resource_variables(statement, report);
        }
    }
}

fn check_conditions(statement: &Statement, variables: bool, report: &mut Report) {
    for c in &statement.conditions {
        let Some(operator) = Operator::parse(&c.operator) else {
            continue; // grammar reports unknown operators
        };
        let family = operator.family;
        let place = Place::Condition(&c.operator, &c.key);
        for value in &c.values {
            let has_variable = variables && value.contains("${");
            if has_variable && family.takes_variables() {
                // Read once the variables have values (a string is always readable).
                continue;
            }
            match condition::read_value(family, value) {
                Err(unreadable) => {
                    let consequence = match statement.effect {
                        Effect::Deny => "so this Deny never applies through it",
                        Effect::Allow => "so this Allow never applies through it",
                    };
                    let why = if has_variable {
                        variable_note(family)
                    } else {
                        String::new()
                    };
                    report.push_at(
                        statement,
                        place,
                        "condition-value-unreadable",
                        Severity::Error,
                        format!(
                            "{} {}: {unreadable}{why}; the evaluator reads it as matching nothing, {consequence}",
                            c.operator, c.key
                        ),
                        format!("write {} instead of {value:?}", family.expected()),
                    );
                }
                Ok(_) if family == Family::IpAddress && IpNetwork::is_bare_ipv6(value) => {
                    report.push_at(
                        statement,
                        place,
                        "condition-value-ambiguous",
                        Severity::Warning,
                        format!(
                            "{} {}: IPv6 address {value:?} has no prefix length; AWS's docs say a value without one is a /32, evaluators (this one included) read /128",
                            c.operator, c.key
                        ),
                        format!("write {value}/128 for the address alone"),
                    );
                }
                Ok(_) => {}
            }
        }
    }
}

fn variable_note(family: Family) -> String {
    let contested = if family == Family::Bool {
        " (AWS's pages disagree on Bool; this tool reads the text literally)"
    } else {
        ""
    };
    format!(" (policy variables work only in String and ARN conditions{contested})")
}

/// §7.2: "You can't use a variable to replace parts of the ARN before the fifth colon" (IAM
/// User Guide, `reference_policies_variables`), although AWS's own managed policies do and IAM
/// substitutes them; the evaluator substitutes too, and lint says what the docs say.
fn check_resource_variables(statement: &Statement, report: &mut Report) {
    let key = if statement.resource.negated {
        "NotResource"
    } else {
        "Resource"
    };
    for value in &statement.resource.values {
        if variable_before_fifth_colon(value) {
            report.push_at(
                statement,
                Place::Value(key, value),
                "resource-variable-before-fifth-colon",
                Severity::Info,
                format!(
                    "{value}: AWS's docs say a variable cannot replace parts of the ARN before the fifth colon (partition, service, region, account); IAM and this evaluator substitute it anyway, as AWS's own managed policies rely on"
                ),
                "nothing to do if it works for you; a literal or * there follows the docs",
            );
        }
    }
}

/// Whether a `${...}` starts before the fifth colon outside variables.
fn variable_before_fifth_colon(text: &str) -> bool {
    let mut colons = 0;
    let mut rest = text;
    while colons < 5 {
        let colon = rest.find(':');
        let variable = rest.find("${");
        match (colon, variable) {
            (_, Some(v)) if colon.is_none_or(|c| v < c) => {
                // A variable before the next colon: is it a whole `${...}`?
                return rest[v..].contains('}');
            }
            (Some(c), _) => {
                colons += 1;
                rest = &rest[c + 1..];
            }
            (None, _) => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_before_the_fifth_colon_are_found() {
        assert!(variable_before_fifth_colon(
            "arn:*:kms:*:${aws:PrincipalAccount}:key/*"
        ));
        assert!(!variable_before_fifth_colon(
            "arn:aws:iam::*:user/${aws:username}"
        ));
        assert!(!variable_before_fifth_colon("*"));
    }

    fn findings(statement: &str, id: &str) -> Vec<crate::policy::lint::Finding> {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
        crate::policy::lint::lint(&text, None)
            .into_iter()
            .filter(|f| f.id == id)
            .collect()
    }

    #[test]
    fn an_unreadable_date_in_a_deny_is_an_error_naming_the_statement_and_value() {
        let found = findings(
            r#"{"Sid":"Cutoff","Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-13-01"}}}"#,
            "condition-value-unreadable",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        let finding = &found[0];
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(finding.statement.as_deref(), Some("Cutoff"));
        assert!(
            finding.message.contains("\"2026-13-01\""),
            "{}",
            finding.message
        );
        assert!(
            finding.message.contains("this Deny never applies"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn variables_in_numeric_and_bool_values_are_unreadable_with_the_reason() {
        for (operator, note) in [
            ("NumericLessThan", "String and ARN"),
            ("Bool", "disagree on Bool"),
        ] {
            let statement = format!(
                r#"{{"Effect":"Deny","Action":"*","Resource":"*","Condition":{{"{operator}":{{"aws:RequestTag/n":"${{aws:RequestTag/m}}"}}}}}}"#
            );
            let found = findings(&statement, "condition-value-unreadable");
            assert_eq!(found.len(), 1, "{operator}: {found:#?}");
            assert!(found[0].message.contains(note), "{}", found[0].message);
        }
        let fine = r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/n":"${aws:username}"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2026"}}}"#;
        assert!(findings(fine, "condition-value-unreadable").is_empty());
    }

    #[test]
    fn short_arn_condition_patterns_are_unreadable() {
        let found = findings(
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*"}}}"#,
            "condition-value-unreadable",
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn a_bare_ipv6_address_is_a_warning() {
        let found = findings(
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"2001:db8::1"}}}"#,
            "condition-value-ambiguous",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn rule_7_2_a_variable_before_the_fifth_colon_is_a_note() {
        let found = findings(
            r#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:*:kms:*:${aws:PrincipalAccount}:key/*"}"#,
            "resource-variable-before-fifth-colon",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
    }
}
