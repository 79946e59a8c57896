//! What a new version of a policy allows that the old one did not ("new access"), and the
//! reverse: the offline equivalent of IAM Access Analyzer's check-no-new-access for identity
//! policies. Every IAM/STS catalog action and every action either side names is asked in the
//! truth table's four columns (own user with MFA, without MFA, with long-term keys; another
//! user).
//!
//! Each side is a list of policies: a user's identity policies are one union (IAM evaluation
//! logic: any matching Deny denies, otherwise any matching Allow allows). [`diff_in_set`] judges
//! both versions inside the same rest of the user's set (other identity policies, a permissions
//! boundary, SCP levels), so that a difference the set takes away, or one it brings out, is
//! counted as the set decides it (policy-sets.md §1).

use crate::policy::engine::{CompiledSet, Mfa, NamedPolicy, PolicySet, Request, Verdict};
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

/// Compares two sides, each a list of identity policies of the same user.
pub fn diff(old: &[Policy], new: &[Policy]) -> AccessDiff {
    let side = |name: &str, policies: &[Policy]| PolicySet {
        identity: policies
            .iter()
            .enumerate()
            .map(|(i, p)| NamedPolicy::new(format!("{name} {}", i + 1), p.clone()))
            .collect(),
        ..PolicySet::default()
    };
    diff_sets(&side("old", old), &side("new", new))
}

/// Compares two versions of one policy, each inside the same `others` (the rest of the user's
/// set): what the user can do with NEW that they could not with OLD.
pub fn diff_in_set(old: &Policy, new: &Policy, others: &PolicySet) -> AccessDiff {
    let side = |name: &str, policy: &Policy| {
        let mut set = others.clone();
        set.identity
            .insert(0, NamedPolicy::new(name.to_owned(), policy.clone()));
        set
    };
    diff_sets(&side("old", old), &side("new", new))
}

/// Compares two whole sets of the same user.
pub fn diff_sets(old: &PolicySet, new: &PolicySet) -> AccessDiff {
    let first_identity = |set: &PolicySet| {
        set.identity
            .iter()
            .find_map(|p| p.document.as_deref().map(Subject::for_policy))
    };
    let subject = first_identity(new)
        .or_else(|| first_identity(old))
        .unwrap_or_else(|| {
            Subject::for_policy(&Policy {
                version: None,
                id: None,
                statements: Vec::new(),
            })
        });
    let principal = subject.principal("/");
    let (old_side, new_side): (CompiledSet, CompiledSet) =
        (old.compile(&principal), new.compile(&principal));
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
            let before = old_side.evaluate(&request).verdict();
            let after = new_side.evaluate(&request).verdict();
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

/// Every IAM/STS catalog action, then the actions the policies (of either set, all members)
/// name outside the catalog (`s3:GetObject`), once each.
fn asked_actions(old: &PolicySet, new: &PolicySet) -> Vec<String> {
    let catalog = Catalog::get();
    let mut actions: Vec<String> = catalog
        .actions()
        .iter()
        .map(|a| a.full_name.clone())
        .collect();
    let documents = old
        .members()
        .chain(new.members())
        .filter_map(|(_, p)| p.document.as_deref());
    for policy in documents {
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

    fn named(name: &str, policy: Policy) -> NamedPolicy {
        NamedPolicy::new(name, policy)
    }

    fn allow(actions: &str) -> Policy {
        policy(&format!(
            r#"{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}"#
        ))
    }

    /// Policy-sets.md §1: the boundary must allow too, so NEW's extra grant outside it is no
    /// new access.
    #[test]
    fn a_boundary_takes_away_new_access_it_does_not_allow() {
        let old = allow(r#""iam:ChangePassword""#);
        let new = allow(r#"["iam:ChangePassword", "iam:CreateAccessKey"]"#);
        assert_eq!(
            diff_in_set(&old, &new, &PolicySet::default())
                .new_access
                .len(),
            4
        );
        let others = PolicySet {
            boundary: Some(named("boundary", allow(r#""iam:ChangePassword""#))),
            ..PolicySet::default()
        };
        assert_eq!(diff_in_set(&old, &new, &others), AccessDiff::default());
    }

    /// An SCP level needs an Allow as well (Organizations User Guide,
    /// `orgs_manage_policies_scps_evaluation`).
    #[test]
    fn an_scp_takes_away_new_access_it_does_not_allow() {
        let old = allow(r#""iam:ChangePassword""#);
        let new = allow(r#"["iam:ChangePassword", "iam:CreateAccessKey"]"#);
        let others = PolicySet {
            scp_levels: vec![vec![named("root", allow(r#""iam:ChangePassword""#))]],
            ..PolicySet::default()
        };
        assert_eq!(diff_in_set(&old, &new, &others), AccessDiff::default());
    }

    /// Dropping a Deny grants nothing alone; with another identity policy that allows the
    /// action, it is new access (identity policies are one union).
    #[test]
    fn another_identity_policy_brings_out_new_access_from_a_dropped_deny() {
        let old = policy(
            r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*"},
               {"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}"#,
        );
        let new = allow(r#""iam:ChangePassword""#);
        assert_eq!(
            diff_in_set(&old, &new, &PolicySet::default()),
            AccessDiff::default()
        );
        let others = PolicySet {
            identity: vec![named("extra", allow(r#""iam:CreateAccessKey""#))],
            ..PolicySet::default()
        };
        let found = diff_in_set(&old, &new, &others);
        assert_eq!(found.new_access.len(), 4, "{found:?}");
        assert!(
            found
                .new_access
                .iter()
                .all(|c| c.action == "iam:CreateAccessKey"
                    && c.old == Verdict::ExplicitDeny
                    && c.new == Verdict::Allowed)
        );
        assert!(found.lost_access.is_empty());
    }

    /// An action only another member names is still asked: NEW's Deny takes it away.
    #[test]
    fn actions_named_only_by_the_rest_of_the_set_are_asked() {
        let old = allow(r#""iam:ChangePassword""#);
        let new = policy(
            r#"{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*"},
               {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#,
        );
        let others = PolicySet {
            identity: vec![named("extra", allow(r#""s3:GetObject""#))],
            ..PolicySet::default()
        };
        let found = diff_in_set(&old, &new, &others);
        assert!(found.new_access.is_empty());
        assert_eq!(found.lost_access.len(), 4, "{found:?}");
        assert!(found.lost_access.iter().all(|c| c.action == "s3:GetObject"));
    }
}
