//! A few actions the other policies of the set grant, one per service they name, so that the
//! truth table shows whether the self-service policy's MFA gate also covers them (the force-MFA
//! article relies on exactly that: its Deny gates the PowerUserAccess that sits beside it).

use crate::policy::engine::pattern::Pattern;
use crate::policy::model::catalog::Catalog;
use crate::policy::model::credential_actions::SENTINEL_ESCALATION;
use crate::policy::model::document::{Effect, Policy};

/// At most this many rows come from the other policies: enough to show one per service of
/// the common broad policies and the IAM actions of the self-service ones, few enough to keep
/// the table readable.
const MOST: usize = 24;

/// A well-known, harmless-looking action per service, for statements that grant a service by
/// wildcard (`s3:*`, `*`, or a NotAction that leaves it out).
const REPRESENTATIVES: &[&str] = &[
    "s3:ListAllMyBuckets",
    "ec2:DescribeInstances",
    "lambda:ListFunctions",
    "dynamodb:ListTables",
    "cloudformation:DescribeStacks",
    "logs:DescribeLogGroups",
    "cloudwatch:DescribeAlarms",
    "sns:ListTopics",
    "sqs:ListQueues",
    "kms:ListKeys",
    "rds:DescribeDBInstances",
    "codecommit:ListRepositories",
    "organizations:DescribeOrganization",
    "account:GetAccountInformation",
];

/// How many of [`REPRESENTATIVES`] stand for "every service" (`*`, NotAction).
const FOR_EVERY_SERVICE: usize = 2;

/// Actions the Allow statements of `policies` grant: every IAM and STS action they name (the
/// self-service ones matter one by one), one action per other service, and for a wildcard one
/// representative of its service.
pub fn granted_actions<'p>(policies: impl Iterator<Item = &'p Policy>) -> Vec<String> {
    let catalog = Catalog::get();
    let mut services: Vec<String> = Vec::new();
    let mut actions: Vec<String> = Vec::new();
    let mut add = |action: String, actions: &mut Vec<String>| {
        let service = action
            .split_once(':')
            .map_or(String::new(), |(s, _)| s.to_ascii_lowercase());
        let each_counts = catalog.find(&action).is_some();
        let new = if each_counts {
            !actions.iter().any(|a| a.eq_ignore_ascii_case(&action))
        } else {
            !services.contains(&service)
        };
        if actions.len() < MOST && new {
            services.push(service);
            actions.push(action);
        }
    };
    for policy in policies {
        for statement in policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
        {
            let patterns: Vec<Pattern> = statement
                .action
                .values
                .iter()
                .map(|v| Pattern::new(v))
                .collect();
            let granted = |action: &str| {
                patterns.iter().any(|p| p.matches_ignore_case(action)) != statement.action.negated
            };
            if statement.action.negated || statement.action.values.iter().any(|v| v == "*") {
                for action in REPRESENTATIVES.iter().take(FOR_EVERY_SERVICE) {
                    if granted(action) {
                        add((*action).to_owned(), &mut actions);
                    }
                }
            }
            if statement.action.negated {
                continue;
            }
            for value in &statement.action.values {
                let Some((service, name)) = value.split_once(':') else {
                    continue;
                };
                let wildcard = name.contains(['*', '?']);
                let representative = if !wildcard {
                    Some(
                        catalog
                            .find(value)
                            .map_or_else(|| value.clone(), |a| a.full_name.clone()),
                    )
                } else {
                    let pattern = Pattern::new(value);
                    let in_service = |a: &&str| {
                        a.split_once(':')
                            .is_some_and(|(s, _)| s.eq_ignore_ascii_case(service))
                    };
                    // For IAM, the escalation sentinel when the wildcard covers it: the action
                    // an administrator most needs to see gated.
                    std::iter::once(SENTINEL_ESCALATION)
                        .chain(REPRESENTATIVES.iter().copied())
                        .filter(in_service)
                        .chain(catalog.actions().iter().map(|a| a.full_name.as_str()))
                        .find(|a| in_service(a) && pattern.matches_ignore_case(a))
                        .map(str::to_owned)
                };
                if let Some(action) = representative {
                    add(action, &mut actions);
                }
            }
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::managed;

    fn granted(names: &[&str]) -> Vec<String> {
        granted_actions(
            names
                .iter()
                .map(|n| &managed::find(n).expect("bundled").policy),
        )
    }

    #[test]
    fn power_user_access_shows_s3_and_ec2_and_its_named_actions() {
        let actions = granted(&["PowerUserAccess"]);
        assert_eq!(
            actions[..2],
            ["s3:ListAllMyBuckets", "ec2:DescribeInstances"]
        );
        assert!(
            actions.iter().any(|a| a.starts_with("account:")),
            "{actions:?}"
        );
        assert!(actions.iter().any(|a| a.starts_with("iam:")), "{actions:?}");
        assert!(
            actions.iter().any(|a| a.starts_with("organizations:")),
            "{actions:?}"
        );
    }

    #[test]
    fn one_action_per_service_and_iam_wildcards_show_the_escalation_sentinel() {
        assert_eq!(
            granted(&["IAMFullAccess"]),
            ["iam:AttachUserPolicy", "organizations:DescribeAccount"]
        );
        let actions = granted(&["IAMUserChangePassword"]);
        assert_eq!(
            actions,
            ["iam:ChangePassword", "iam:GetAccountPasswordPolicy"]
        );
        let actions = granted(&["IAMSelfManageServiceSpecificCredentials"]);
        assert_eq!(actions.len(), 5, "{actions:?}");
        assert_eq!(
            granted(&["AdministratorAccess"]),
            ["s3:ListAllMyBuckets", "ec2:DescribeInstances"]
        );
    }
}
