//! A user's whole set (`policy-sets.md` §1): their inline and attached policies, each group's
//! inline and attached policies, and the boundary; each named as findings name it
//! (`user inline alice-extra`, `group SelfService / managed arn:...:policy/SelfManage@v3`), and
//! each either a document or *unknown*, with the reason.

use super::{AccountDump, User, is_aws_managed_arn};
use crate::policy::model::document::Policy;

/// Where a policy of the set comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'d> {
    UserInline {
        name: &'d str,
    },
    UserManaged {
        arn: &'d str,
    },
    GroupInline {
        group: &'d str,
        name: &'d str,
    },
    GroupManaged {
        group: &'d str,
        arn: &'d str,
    },
    /// A group the dump does not describe: whatever it grants or denies is unknown.
    GroupUnknown {
        group: &'d str,
    },
    Boundary {
        arn: &'d str,
    },
}

/// One policy of a user's set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetPolicy<'d> {
    pub origin: Origin<'d>,
    /// How answers and findings name it, e.g. `group SelfService / managed arn:...@v3`.
    pub label: String,
    /// `None`: unknown, see `unknown_reason`.
    pub document: Option<&'d Policy>,
    pub unknown_reason: Option<String>,
}

impl SetPolicy<'_> {
    pub fn is_unknown(&self) -> bool {
        self.document.is_none()
    }

    /// The managed policy's ARN (boundary included), `None` for inline policies and groups.
    pub fn managed_arn(&self) -> Option<&str> {
        match self.origin {
            Origin::UserManaged { arn }
            | Origin::GroupManaged { arn, .. }
            | Origin::Boundary { arn } => Some(arn),
            _ => None,
        }
    }
}

/// Everything that governs one user's requests, as the dump tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserSet<'d> {
    pub user: &'d User,
    /// User inline, user managed, then each group (in `GroupList` order) inline and managed.
    pub identity: Vec<SetPolicy<'d>>,
    pub boundary: Option<SetPolicy<'d>>,
}

impl<'d> UserSet<'d> {
    /// Every unknown policy of the set, boundary included.
    pub fn unknown(&self) -> impl Iterator<Item = &SetPolicy<'d>> {
        self.identity
            .iter()
            .chain(self.boundary.as_ref())
            .filter(|p| p.is_unknown())
    }
}

impl AccountDump {
    /// Resolves `user`'s whole set against the dump.
    pub fn user_set<'d>(&'d self, user: &'d User) -> UserSet<'d> {
        let mut identity = Vec::with_capacity(user.inline.len() + user.attached.len() + 4);
        for inline in &user.inline {
            identity.push(SetPolicy {
                origin: Origin::UserInline { name: &inline.name },
                label: format!("user inline {}", inline.name),
                document: Some(&inline.document),
                unknown_reason: None,
            });
        }
        for attached in &user.attached {
            identity.push(self.managed(
                Origin::UserManaged { arn: &attached.arn },
                "user managed",
                &attached.arn,
            ));
        }
        for group_name in &user.groups {
            let Some(group) = self.group(group_name) else {
                identity.push(SetPolicy {
                    origin: Origin::GroupUnknown { group: group_name },
                    label: format!("group {group_name}"),
                    document: None,
                    unknown_reason: Some(self.why_group_absent()),
                });
                continue;
            };
            for inline in &group.inline {
                identity.push(SetPolicy {
                    origin: Origin::GroupInline {
                        group: &group.name,
                        name: &inline.name,
                    },
                    label: format!("group {} / inline {}", group.name, inline.name),
                    document: Some(&inline.document),
                    unknown_reason: None,
                });
            }
            for attached in &group.attached {
                let prefix = format!("group {} / managed", group.name);
                identity.push(self.managed(
                    Origin::GroupManaged {
                        group: &group.name,
                        arn: &attached.arn,
                    },
                    &prefix,
                    &attached.arn,
                ));
            }
        }
        let boundary = user
            .boundary
            .as_deref()
            .map(|arn| self.managed(Origin::Boundary { arn }, "boundary", arn));
        UserSet {
            user,
            identity,
            boundary,
        }
    }

    /// A managed policy by ARN: its default version, or unknown.
    fn managed<'d>(&'d self, origin: Origin<'d>, prefix: &str, arn: &str) -> SetPolicy<'d> {
        match self.policy(arn) {
            Some(policy) => match (&policy.document, &policy.default_version) {
                (Some(document), version) => SetPolicy {
                    origin,
                    label: match version {
                        Some(version) => format!("{prefix} {arn}@{version}"),
                        None => format!("{prefix} {arn}"),
                    },
                    document: Some(document),
                    unknown_reason: None,
                },
                (None, _) => SetPolicy {
                    origin,
                    label: format!("{prefix} {arn}"),
                    document: None,
                    unknown_reason: Some(
                        "the dump lists the policy but not its default version's document"
                            .to_owned(),
                    ),
                },
            },
            None => SetPolicy {
                origin,
                label: format!("{prefix} {arn}"),
                document: None,
                unknown_reason: Some(self.why_policy_absent(arn)),
            },
        }
    }

    fn why_policy_absent(&self, arn: &str) -> String {
        if !self.lists_policies {
            "the dump has no \"Policies\" list (taken with --filter without LocalManagedPolicy and AWSManagedPolicy?)".to_owned()
        } else if self.truncated {
            "not in this page of a truncated dump (IsTruncated: true)".to_owned()
        } else if is_aws_managed_arn(arn) {
            "an AWS managed policy the dump does not include (taken with --filter without AWSManagedPolicy?)".to_owned()
        } else {
            "not in the dump's \"Policies\" list".to_owned()
        }
    }

    fn why_group_absent(&self) -> String {
        if !self.lists_groups {
            "the dump has no \"GroupDetailList\" (taken with --filter without Group?)".to_owned()
        } else {
            "not in this page of a truncated dump (IsTruncated: true)".to_owned()
        }
    }
}
