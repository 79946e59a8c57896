//! `simulate --authorization-details`: each request line's `username` picks the user in an
//! account dump, whose whole set (identity policies, boundary, SCP levels given), path and tags
//! decide it; the account is the dump's.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;

use super::SimRequest;
use crate::policy::engine::account_set::{policy_set, principal_of};
use crate::policy::engine::{CompiledSet, Decision, Mfa, NamedPolicy, Request};
use crate::policy::model::account::AccountDump;
use crate::policy::sample::EXAMPLE_ACCOUNT;

/// A request that does not fit the dump, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRequestError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for AccountRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Checks every request against the dump (user present, account the dump's), then decides them
/// in order and writes one JSON line each. `lines`: each request's line number in the file.
/// Nothing is written when a request does not fit.
pub fn decide_all_in_account(
    dump: &AccountDump,
    scp_levels: &[Vec<NamedPolicy>],
    requests: &[SimRequest<'_>],
    lines: &[usize],
    out: &mut impl Write,
) -> Result<std::io::Result<()>, AccountRequestError> {
    let mut users = Vec::with_capacity(requests.len());
    for (index, request) in requests.iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(index + 1);
        let Some(user) = dump.user(&request.username) else {
            let hint = if dump.is_complete() {
                ""
            } else {
                "; the dump is truncated, the user may be on another page"
            };
            return Err(AccountRequestError {
                line,
                message: format!(
                    "user {:?} is not in the dump{hint} (each line's \"username\" picks the user)",
                    request.username
                ),
            });
        };
        if let Some(account) = &dump.account
            && request.account != *account
            && request.account != EXAMPLE_ACCOUNT
        {
            return Err(AccountRequestError {
                line,
                message: format!(
                    "account {} is not the dump's account {account}",
                    request.account
                ),
            });
        }
        users.push(user);
    }
    // Each user's set is compiled once, on their first request.
    let mut compiled: HashMap<&str, CompiledSet> = HashMap::new();
    let result = (|| {
        for (request, user) in requests.iter().zip(&users) {
            let set = compiled.entry(user.name.as_str()).or_insert_with(|| {
                let resolved = dump.user_set(user);
                policy_set(&resolved, scp_levels).compile(&principal_of(dump, user))
            });
            let decision = set.evaluate(&Request {
                action: &request.action,
                resource: &request.resource,
                mfa: request.mfa,
                context: &request.context,
            });
            write_line(out, request, &decision)?;
        }
        Ok(())
    })();
    Ok(result)
}

/// One answer as a JSON line, as `simulate` writes them: the request's action, resource and MFA
/// state, the decision words of `aws iam simulate-custom-policy` (or `unknown`), and the
/// deciding statements.
fn write_line(
    out: &mut impl Write,
    request: &SimRequest<'_>,
    decision: &Decision,
) -> std::io::Result<()> {
    out.write_all(b"{\"action\":")?;
    serde_json::to_writer(&mut *out, &*request.action)?;
    out.write_all(b",\"resource\":")?;
    serde_json::to_writer(&mut *out, &*request.resource)?;
    out.write_all(match request.mfa {
        Mfa::Present => b",\"mfa\":true",
        Mfa::NotPresent => b",\"mfa\":false",
        Mfa::Absent => b",\"mfa\":null",
    })?;
    out.write_all(b",\"decision\":\"")?;
    out.write_all(decision.verdict().as_str().as_bytes())?;
    out.write_all(b"\",\"matched\":[")?;
    for (n, label) in decision.labels().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, label)?;
    }
    out.write_all(b"]}\n")
}
