//! Target `account_dump`: arbitrary bytes as an account dump, through the parser and every user's
//! whole set.

use std::path::Path;

use super::invariants;
use crate::cli::audit::render;
use crate::cli::findings::ReportFormat;
use crate::policy::lint::Severity;
use crate::policy::model::account::{self, AccountDump, Origin};
use crate::policy::reports::audit;

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
    audit_in_every_format(&dump);
}

/// The audit of every user, rendered in every format: each user once, unknowns only where a
/// policy is unknown, errors and exit status agreeing, JSON and SARIF valid, one-line messages.
fn audit_in_every_format(dump: &AccountDump) {
    let result = audit::audit_account(dump, &[], &[]);
    assert_eq!(
        result.users.len(),
        dump.users.len(),
        "a user lost or doubled"
    );
    for (user, audited) in dump.users.iter().zip(&result.users) {
        assert_eq!(user.name, audited.user, "users out of order");
        if audited.unknown_policies.is_empty() {
            assert!(
                !audited.has_unknowns(),
                "{}: an unknown answer without an unknown policy",
                user.name
            );
        }
        for finding in &audited.findings {
            invariants::one_line(&finding.message, finding.id);
            invariants::one_line(&finding.fix, finding.id);
        }
        assert!(
            audited
                .findings
                .windows(2)
                .all(|w| w[0].severity <= w[1].severity),
            "findings out of severity order"
        );
    }
    assert_eq!(
        result.has_errors(),
        result
            .users
            .iter()
            .any(|u| u.findings.iter().any(|f| f.severity == Severity::Error))
    );
    for format in [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Markdown,
        ReportFormat::Sarif,
    ] {
        let mut out = Vec::new();
        render(&result, format, Path::new("dump.json"), &mut out)
            .unwrap_or_else(|e| panic!("{format:?} cannot be written: {e}"));
        let text = String::from_utf8(out).unwrap_or_else(|_| panic!("{format:?} is not UTF-8"));
        match format {
            ReportFormat::Json | ReportFormat::Sarif => {
                let value: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{format:?} is not JSON: {e}"));
                if format == ReportFormat::Json {
                    let users = value["users"].as_array().map_or(0, Vec::len);
                    assert_eq!(
                        users,
                        dump.users.len(),
                        "JSON lists another number of users"
                    );
                }
            }
            ReportFormat::Text | ReportFormat::Markdown => assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{format:?} carries a control character to the terminal"
            ),
        }
    }
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
