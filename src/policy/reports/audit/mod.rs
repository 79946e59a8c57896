//! The account audit (`policy-sets.md` §3): every IAM user of a dump judged over their whole set
//! (identity policies, boundary, the SCP levels given), with the verdicts an administrator asks
//! about and the findings that say which policy and statement to fix.

mod checks;
mod explain;
pub mod fix;
#[cfg(test)]
mod tests;
pub mod user_report;

use crate::policy::engine::NamedPolicy;
use crate::policy::engine::account_set::{policy_set, principal_of};
use crate::policy::lint::Severity;
use crate::policy::model::account::{AccountDump, User};
use crate::policy::model::choices::Credential;
use crate::text::escape_controls;

pub use explain::Because;

/// A verdict: yes, no, or unknown because a policy of the set has no document (`?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

impl Answer {
    /// As tables show it: readable without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "?",
        }
    }

    /// As JSON gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }
}

/// One problem of one user, with the policy and statement to fix when one decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFinding {
    /// Stable identifier, e.g. `mfa-removable-without-mfa`.
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The policy of the set to fix (`group Admins / managed arn:...@v1`), when one decided.
    pub policy: Option<String>,
    /// The statement in it (Sid or `#n`).
    pub statement: Option<String>,
    pub fix: String,
}

/// A policy of the user's set without a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPolicy {
    pub label: String,
    /// The managed policy's ARN; `None` for a group the dump does not describe.
    pub arn: Option<String>,
    pub reason: String,
}

/// The verdicts of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdicts {
    /// Per credential type (in [`Credential::ALL`] order): can the user manage it, with MFA?
    pub self_manageable: [Answer; 6],
    /// Without MFA (console sign-in), is everything outside the MFA bootstrap denied?
    pub mfa_enforced_console: Answer,
    /// With long-term access keys (MFA key absent), is everything outside the bootstrap denied?
    pub mfa_enforced_keys: Answer,
    /// Can a new user, signed in without MFA, reach a working MFA device?
    pub bootstrap_reachable: Answer,
    /// Can a stolen long-term access key enrol a new MFA device? (yes is bad)
    pub keys_can_enrol_mfa: Answer,
    /// Can a stolen password or access key remove MFA? (yes is bad)
    pub mfa_removable_without_mfa: Answer,
    /// Can the first sign-in with "must change password" change it before MFA?
    pub first_sign_in_password_change: Answer,
    /// Can the user touch another user's credentials? (yes is bad)
    pub other_users_reachable: Answer,
    /// Can the user raise their own privileges? (yes is bad)
    pub escalation: Answer,
}

impl Verdicts {
    pub fn self_manageable(&self, credential: Credential) -> Answer {
        self.self_manageable[credential as usize]
    }

    /// The columns in display order: a short header, the JSON key, the answer, and whether
    /// `yes` is the good answer.
    pub fn columns(&self) -> [(&'static str, &'static str, Answer, bool); 8] {
        [
            (
                "MFA console",
                "mfa_enforced_console",
                self.mfa_enforced_console,
                true,
            ),
            (
                "MFA keys",
                "mfa_enforced_keys",
                self.mfa_enforced_keys,
                true,
            ),
            (
                "bootstrap",
                "bootstrap_reachable",
                self.bootstrap_reachable,
                true,
            ),
            (
                "keys enrol MFA",
                "keys_can_enrol_mfa",
                self.keys_can_enrol_mfa,
                false,
            ),
            (
                "MFA removable",
                "mfa_removable_without_mfa",
                self.mfa_removable_without_mfa,
                false,
            ),
            (
                "first password",
                "first_sign_in_password_change",
                self.first_sign_in_password_change,
                true,
            ),
            (
                "other users",
                "other_users_reachable",
                self.other_users_reachable,
                false,
            ),
            ("escalation", "escalation", self.escalation, false),
        ]
    }
}

/// One user's audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAudit {
    pub user: String,
    pub arn: String,
    pub path: String,
    /// Every policy of the set by label: identity policies, boundary, SCPs.
    pub policies: Vec<String>,
    pub unknown_policies: Vec<UnknownPolicy>,
    pub verdicts: Verdicts,
    /// Ordered by severity.
    pub findings: Vec<AuditFinding>,
}

impl UserAudit {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Whether any verdict is unknown.
    pub fn has_unknowns(&self) -> bool {
        let v = &self.verdicts;
        v.self_manageable.contains(&Answer::Unknown)
            || v.columns().iter().any(|c| c.2 == Answer::Unknown)
    }
}

/// The whole account's audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAudit {
    /// The account ID from the dump's ARNs.
    pub account: Option<String>,
    /// `false` for a truncated dump (one page of several): not the whole account.
    pub complete: bool,
    /// Roles in the dump: listed, never audited (they are not IAM users).
    pub roles: usize,
    /// SCP levels every user was judged under, by policy names, root first.
    pub scp_levels: Vec<Vec<String>>,
    pub users: Vec<UserAudit>,
}

impl AccountAudit {
    pub fn has_errors(&self) -> bool {
        self.users.iter().any(UserAudit::has_errors)
    }
}

/// Audits one user.
pub fn audit_user(dump: &AccountDump, user: &User, scp_levels: &[Vec<NamedPolicy>]) -> UserAudit {
    let set = dump.user_set(user);
    let policies = policy_set(&set, scp_levels);
    let principal = principal_of(dump, user);
    let compiled = policies.compile(&principal);
    let (verdicts, mut findings) = checks::judge(&compiled, &policies, &principal);
    let unknown_policies: Vec<UnknownPolicy> = set
        .unknown()
        .map(|policy| UnknownPolicy {
            label: policy.label.clone(),
            arn: policy.managed_arn().map(str::to_owned),
            reason: policy.unknown_reason.clone().unwrap_or_default(),
        })
        .collect();
    for unknown in &unknown_policies {
        findings.push(AuditFinding {
            id: "unknown-policy",
            severity: Severity::Warning,
            message: format!(
                "{} is unknown: {}; every answer it could change is shown as unknown (?)",
                unknown.label, unknown.reason
            ),
            policy: Some(unknown.label.clone()),
            statement: None,
            fix: "take the dump without --filter, or with every filter value (User, Group, LocalManagedPolicy, AWSManagedPolicy)".to_owned(),
        });
    }
    // Messages quote the dump (policy ARNs, group and user names): its control characters are
    // escaped here, once for every finding, so each stays one line in every format.
    for finding in &mut findings {
        finding.message = escape_controls(&finding.message);
        finding.fix = escape_controls(&finding.fix);
        finding.policy = finding.policy.as_deref().map(escape_controls);
        finding.statement = finding.statement.as_deref().map(escape_controls);
    }
    findings.sort_by_key(|f| f.severity);
    UserAudit {
        user: user.name.clone(),
        arn: user.arn.clone(),
        path: user.path.clone(),
        policies: policies.members().map(|(_, p)| p.name.clone()).collect(),
        unknown_policies,
        verdicts,
        findings,
    }
}

/// Audits the named users (all when `users` is empty), in the dump's order, on every core.
pub fn audit_account(
    dump: &AccountDump,
    users: &[&User],
    scp_levels: &[Vec<NamedPolicy>],
) -> AccountAudit {
    let chosen: Vec<&User> = if users.is_empty() {
        dump.users.iter().collect()
    } else {
        users.to_vec()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = chosen.len().div_ceil(threads).max(1);
    let audits: Vec<UserAudit> = if threads == 1 || chosen.len() < 64 {
        chosen
            .iter()
            .map(|user| audit_user(dump, user, scp_levels))
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chosen
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|user| audit_user(dump, user, scp_levels))
                            .collect::<Vec<UserAudit>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| match handle.join() {
                    Ok(part) => part,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        })
    };
    AccountAudit {
        account: dump.account.clone(),
        complete: dump.is_complete(),
        roles: dump.roles.len(),
        scp_levels: scp_levels
            .iter()
            .map(|level| level.iter().map(|p| p.name.clone()).collect())
            .collect(),
        users: audits,
    }
}
