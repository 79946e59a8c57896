//! What a new version of a policy allows that the old one did not ("new access"), and the
//! reverse: the offline equivalent of IAM Access Analyzer's check-no-new-access for identity
//! policies. Every IAM/STS catalog action and every action either side names is asked in the
//! truth table's four columns (own user with MFA, without MFA, with long-term keys; another
//! user).
//!
//! Each side is a list of policies: a user's identity policies are one union (IAM evaluation
//! logic: any matching Deny denies, otherwise any matching Allow allows). Permissions
//! boundaries and SCPs can be added to a side later without changing the comparison.

use crate::policy::engine::{CompiledPolicy, Decision, Mfa, Principal, Request, Verdict};
use crate::policy::model::catalog::Catalog;
use crate::policy::model::document::Policy;
use crate::policy::reports::truth_table::{Column, context_for, resource_for};
use crate::policy::sample::{OTHER_USER, Subject};

/// One request whose decision differs between the two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub action: String,
    pub resource: String,
    pub column: Column,
    pub old: Verdict,
    pub new: Verdict,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessDiff {
    /// Allowed by the new side, not by the old.
    pub new_access: Vec<Change>,
    /// Allowed by the old side, not by the new.
    pub lost_access: Vec<Change>,
}

/// One side compiled for the sample user.
struct Side {
    policies: Vec<CompiledPolicy>,
}

impl Side {
    fn new(policies: &[Policy], principal: &Principal) -> Side {
        Side {
            policies: policies
                .iter()
                .map(|p| CompiledPolicy::compile(p, principal))
                .collect(),
        }
    }

    /// The union of the policies' decisions (an explicit Deny anywhere wins).
    fn verdict(&self, request: &Request<'_>) -> Verdict {
        let decisions: Vec<Decision> = self.policies.iter().map(|p| p.evaluate(request)).collect();
        let verdicts = decisions.iter().map(Decision::verdict);
        if verdicts.clone().any(|v| v == Verdict::ExplicitDeny) {
            Verdict::ExplicitDeny
        } else if verdicts.clone().any(|v| v == Verdict::Allowed) {
            Verdict::Allowed
        } else {
            Verdict::ImplicitDeny
        }
    }
}

/// Compares two sides, each a list of identity policies of the same user.
pub fn diff(old: &[Policy], new: &[Policy]) -> AccessDiff {
    let subject = new
        .first()
        .or(old.first())
        .map(Subject::for_policy)
        .unwrap_or_else(|| {
            Subject::for_policy(&Policy {
                version: None,
                id: None,
                statements: Vec::new(),
            })
        });
    let principal = subject.principal("/");
    let (old_side, new_side) = (Side::new(old, &principal), Side::new(new, &principal));
    let mut result = AccessDiff::default();
    for action in asked_actions(old, new) {
        let own = resource_for(&action, &principal, &principal.username);
        let other = resource_for(&action, &principal, OTHER_USER);
        let context = context_for(&action, "codecommit.amazonaws.com");
        for column in Column::ALL {
            let (resource, mfa) = match column {
                Column::Mfa => (&own, Mfa::Present),
                Column::NoMfa => (&own, Mfa::NotPresent),
                Column::LongTermKeys => (&own, Mfa::Absent),
                Column::OtherUser => (&other, Mfa::Present),
            };
            let request = Request {
                action: &action,
                resource,
                mfa,
                context: &context,
            };
            let (before, after) = (old_side.verdict(&request), new_side.verdict(&request));
            if before.is_allowed() == after.is_allowed() {
                continue;
            }
            let change = Change {
                action: action.clone(),
                resource: resource.clone(),
                column,
                old: before,
                new: after,
            };
            if after.is_allowed() {
                result.new_access.push(change);
            } else {
                result.lost_access.push(change);
            }
        }
    }
    result
}

/// Every IAM/STS catalog action, then the actions the policies name outside the catalog
/// (`s3:GetObject`), once each.
fn asked_actions(old: &[Policy], new: &[Policy]) -> Vec<String> {
    let catalog = Catalog::get();
    let mut actions: Vec<String> = catalog
        .actions()
        .iter()
        .map(|a| a.full_name.clone())
        .collect();
    for policy in old.iter().chain(new) {
        for statement in &policy.statements {
            for value in &statement.action.values {
                let named = !value.contains(['*', '?']) && value.contains(':');
                if named
                    && catalog.position(value).is_none()
                    && !actions.iter().any(|a| a.eq_ignore_ascii_case(value))
                {
                    actions.push(value.clone());
                }
            }
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::document::parse;

    fn policy(statements: &str) -> Policy {
        parse(&format!(
            r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#
        ))
        .expect("valid")
    }

    #[test]
    fn new_access_is_what_only_the_new_side_allows() {
        let old = policy(
            r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
        );
        let new = policy(
            r#"{"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:CreateAccessKey", "s3:GetObject"], "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
        );
        let found = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        let actions: Vec<(&str, Column)> = found
            .new_access
            .iter()
            .map(|c| (c.action.as_str(), c.column))
            .collect();
        assert_eq!(
            actions,
            [
                ("iam:CreateAccessKey", Column::Mfa),
                ("iam:CreateAccessKey", Column::NoMfa),
                ("iam:CreateAccessKey", Column::LongTermKeys),
            ]
        );
        assert!(found.lost_access.is_empty());
        let back = diff(&[new], std::slice::from_ref(&old));
        assert_eq!(back.lost_access.len(), 3);
        assert!(back.new_access.is_empty());
        assert_eq!(
            diff(std::slice::from_ref(&old), std::slice::from_ref(&old)),
            AccessDiff::default()
        );
    }

    #[test]
    fn a_side_is_the_union_of_its_policies() {
        let allow = policy(r#"{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}"#);
        let deny = policy(r#"{"Effect": "Deny", "Action": "iam:ListUsers", "Resource": "*"}"#);
        let found = diff(&[allow.clone(), deny], &[allow]);
        assert_eq!(found.new_access.len(), 4, "{found:?}");
    }
}
