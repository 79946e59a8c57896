//! Condition values the evaluator cannot read, and variables where AWS's pages say they do not
//! work (iam-semantics.md §7.1, §7.2, §7.8; issue #9 item 4).
//!
//! A date, number, address, boolean or ARN pattern the evaluator cannot read matches nothing,
//! so a Deny that depends on it would silently never apply: that is an error here, naming the
//! statement and the value. The reading is the engine's own
//! ([`condition::read_value`]), so lint and the evaluator never disagree on what is readable.

use crate::policy::engine::condition::{self, Family, IpNetwork, Operator};
use crate::policy::model::document::{Effect, Policy, Statement};

use super::{Place, Report, rules};

pub fn check(policy: &Policy, report: &mut Report) {
    let variables = policy.variables_enabled();
    for statement in &policy.statements {
        check_conditions(statement, variables, report);
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
            if variables && value.contains("${") {
                // Read once the variables have values where they are substituted; elsewhere
                // `policy_variables` says they are literal text.
                continue;
            }
            match condition::read_value(family, value) {
                Err(unreadable) => {
                    let consequence = match statement.effect {
                        Effect::Deny => "so this Deny never applies through it",
                        Effect::Allow => "so this Allow never applies through it",
                    };
                    report.push_at(
                        statement,
                        place,
                        rules::INVALID_CONDITION_VALUE,
                        format!(
                            "{} {}: {unreadable}; the evaluator reads it as matching nothing, {consequence}",
                            c.operator, c.key
                        ),
                        format!("write {} instead of {value:?}", family.expected()),
                    );
                }
                Ok(_) if family == Family::IpAddress && IpNetwork::is_bare_ipv6(value) => {
                    report.push_at(
                        statement,
                        place,
                        rules::CONDITION_VALUE_AMBIGUOUS,
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

#[cfg(test)]
mod tests {
    use crate::policy::lint::Severity;

    fn findings(statement: &str, id: &str) -> Vec<crate::policy::lint::Finding> {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
        crate::policy::lint::lint(&text, None)
            .into_iter()
            .filter(|f| f.id() == id)
            .collect()
    }

    #[test]
    fn an_unreadable_date_in_a_deny_is_an_error_naming_the_statement_and_value() {
        let found = findings(
            r#"{"Sid":"Cutoff","Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-13-01"}}}"#,
            "invalid-condition-value",
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
    fn rule_7_1_variables_in_numeric_and_bool_values_are_reported_once_as_not_substituted() {
        for operator in ["NumericLessThan", "Bool"] {
            let statement = format!(
                r#"{{"Effect":"Deny","Action":"*","Resource":"*","Condition":{{"{operator}":{{"aws:RequestTag/n":"${{aws:RequestTag/m}}"}}}}}}"#
            );
            let found = findings(&statement, "policy-variable-not-substituted");
            assert_eq!(found.len(), 1, "{operator}: {found:#?}");
            assert!(findings(&statement, "invalid-condition-value").is_empty());
        }
        let fine = r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/n":"${aws:username}"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2026"}}}"#;
        assert!(findings(fine, "invalid-condition-value").is_empty());
    }

    /// Found by the `policy_set` fuzz target: a key with a carriage return in it broke the
    /// message into two lines.
    #[test]
    fn control_characters_in_the_key_are_escaped_in_the_message() {
        let found = findings(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:Multi\rFactor":"Arue"}}}"#,
            "invalid-condition-value",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains(r"aws:Multi\rFactor") && !found[0].message.contains('\r'),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn short_arn_condition_patterns_are_unreadable() {
        let found = findings(
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*"}}}"#,
            "invalid-condition-value",
        );
        assert_eq!(found.len(), 1);
    }

    /// `condition-value-ambiguous`: a bare IPv6 address (AWS's docs: /32; evaluators: /128).
    #[test]
    fn condition_value_ambiguous() {
        let found = findings(
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"2001:db8::1"}}}"#,
            "condition-value-ambiguous",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        // With a prefix length, or an IPv4 address (a bare one is a /32 either way): clear.
        for value in [
            "2001:db8::1/128",
            "2001:db8::/32",
            "203.0.113.7",
            "203.0.113.0/24",
        ] {
            let found = findings(
                &format!(
                    r#"{{"Effect":"Deny","Action":"*","Resource":"*","Condition":{{"NotIpAddress":{{"aws:SourceIp":"{value}"}}}}}}"#
                ),
                "condition-value-ambiguous",
            );
            assert!(found.is_empty(), "{value}: {found:#?}");
        }
    }

    #[test]
    fn rule_7_2_a_variable_before_the_fifth_colon_is_a_note() {
        let found = findings(
            r#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:*:kms:*:${aws:PrincipalAccount}:key/*"}"#,
            "policy-variable-in-arn-prefix",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
    }
}
