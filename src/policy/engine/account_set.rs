//! An account dump's user as the evaluator takes them: the principal (name, ID, path, tags,
//! account and partition from the dump) and the whole set (identity policies, boundary, the SCP
//! levels given). Shared by `audit`, `simulate` and `explain` over a dump.

use super::request::Principal;
use super::set::{NamedPolicy, PolicySet};
use crate::policy::model::account::{AccountDump, SetPolicy, User, UserSet};

/// Account used when the dump names none (a dump whose ARNs are all AWS managed policies).
const FALLBACK_ACCOUNT: &str = "123456789012";

/// The principal a dump's user is.
pub fn principal_of(dump: &AccountDump, user: &User) -> Principal {
    let account = dump.account.as_deref().unwrap_or(FALLBACK_ACCOUNT);
    let mut principal = Principal::user(&user.name, account);
    if !user.id.is_empty() {
        principal.userid.clone_from(&user.id);
    }
    principal.partition.clone_from(&dump.partition);
    principal.path.clone_from(&user.path);
    principal.tags.clone_from(&user.tags);
    principal
}

/// The user's whole set, with these SCP levels (root first). A policy without a document is an
/// unknown member: every answer it could change is unknown.
pub fn policy_set(set: &UserSet<'_>, scp_levels: &[Vec<NamedPolicy>]) -> PolicySet {
    let named = |policy: &SetPolicy<'_>| match policy.document {
        Some(document) => NamedPolicy::new(policy.label.clone(), document.clone()),
        None => NamedPolicy::unknown(policy.label.clone()),
    };
    PolicySet {
        identity: set.identity.iter().map(named).collect(),
        boundary: set.boundary.as_ref().map(named),
        scp_levels: scp_levels.to_vec(),
    }
}
