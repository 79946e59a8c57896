//! Target `account_dump`: arbitrary bytes as an account dump, through the parser and every user's
//! whole set.

use super::invariants;
use crate::policy::model::account::{self, AccountDump, Origin};

pub fn account_dump(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let dump = match account::parse(text) {
        Ok(dump) => dump,
        Err(error) => {
            invariants::one_line(&error.to_string(), "dump error");
            return;
        }
    };
    user_sets(&dump);
}

/// Every user resolves, by name, to a set with one entry per source the dump gives them; what is
/// unknown says why; a complete dump that lists groups leaves no group unknown.
fn user_sets(dump: &AccountDump) {
    for user in &dump.users {
        let found = dump
            .user(&user.name)
            .unwrap_or_else(|| panic!("user {:?} not found by name", user.name));
        assert!(
            std::ptr::eq(found, user),
            "{:?} finds another user",
            user.name
        );
        let set = dump.user_set(user);
        let groups_known = user
            .groups
            .iter()
            .filter_map(|g| dump.group(g))
            .map(|g| g.inline.len() + g.attached.len())
            .sum::<usize>();
        let groups_unknown = user
            .groups
            .iter()
            .filter(|g| dump.group(g).is_none())
            .count();
        assert_eq!(
            set.identity.len(),
            user.inline.len() + user.attached.len() + groups_known + groups_unknown,
            "the set of {:?} lost or invented a policy",
            user.name
        );
        assert_eq!(set.boundary.is_some(), user.boundary.is_some());
        for policy in set.identity.iter().chain(&set.boundary) {
            assert!(
                !policy.label.is_empty(),
                "an unnamed policy in {:?}",
                user.name
            );
            assert_eq!(
                policy.document.is_none(),
                policy.unknown_reason.is_some(),
                "{}: unknown without a reason, or a reason without being unknown",
                policy.label
            );
            if let Some(reason) = &policy.unknown_reason {
                invariants::one_line(reason, "unknown reason");
            }
            if dump.is_complete() && dump.lists_groups {
                assert!(
                    !matches!(policy.origin, Origin::GroupUnknown { .. }),
                    "a complete dump left group {} unknown",
                    policy.label
                );
            }
        }
    }
}
