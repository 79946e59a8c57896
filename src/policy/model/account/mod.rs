//! The account dump: the JSON that `aws iam get-account-authorization-details` prints (or the raw
//! API returns), read into users, groups, roles and managed policies, and each user resolved into
//! the whole set of policies that governs them (`policy-sets.md` §1–§2).
//!
//! Reading is strict about what an audit relies on (names, ARNs, documents in force) and tolerant
//! of the quirks of real output: documents decoded or percent-encoded, `Statement` as a single
//! object, `AttachedManagedPolicies` as an object, unknown keys (`ResponseMetadata`, fields added
//! later by AWS). A referenced managed policy absent from the dump is *unknown*, never empty.

mod parse;
pub mod percent;
mod resolve;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use crate::policy::model::document::Policy;

pub use resolve::{Origin, SetPolicy, UserSet};

pub use crate::input::MAX_DUMP_BYTES;

/// A parsed dump. Every IAM user appears once in `users`, in the dump's order.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountDump {
    /// The 12-digit account ID, from the ARNs; `None` when no ARN names one (an empty dump).
    pub account: Option<String>,
    /// `aws`, `aws-cn`, `aws-us-gov`..., from the ARNs; `aws` when none names one.
    pub partition: String,
    /// `IsTruncated: true`: a page of a paginated answer, not the whole account.
    pub truncated: bool,
    /// The `Marker` for the next page, when the dump has one.
    pub marker: Option<String>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    pub policies: Vec<ManagedPolicy>,
    /// Whether the dump has a `GroupDetailList` / a `Policies` list at all: `--filter` can leave
    /// either out, and then what it would have held is unknown rather than absent.
    pub lists_groups: bool,
    pub lists_policies: bool,
    users_by_name: HashMap<String, usize>,
    groups_by_name: HashMap<String, usize>,
    policies_by_arn: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// IAM path, `/` for none (e.g. `/engineering/`).
    pub path: String,
    pub name: String,
    /// The unique ID (`AIDA...`): `aws:userid`. Empty when the dump leaves it out.
    pub id: String,
    pub arn: String,
    /// `aws:PrincipalTag/<key>` values, in the dump's order.
    pub tags: Vec<(String, String)>,
    pub inline: Vec<InlinePolicy>,
    /// Group names, as `GroupList` gives them.
    pub groups: Vec<String>,
    pub attached: Vec<AttachedPolicy>,
    /// The permissions boundary's policy ARN.
    pub boundary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub path: String,
    pub name: String,
    pub id: String,
    pub arn: String,
    pub inline: Vec<InlinePolicy>,
    pub attached: Vec<AttachedPolicy>,
}

/// A role: read so that a whole dump parses, listed, never audited (roles are not IAM users, and
/// their trust and inline documents are not read).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub path: String,
    pub name: String,
    pub id: String,
    pub arn: String,
    pub inline_policy_names: Vec<String>,
    pub attached: Vec<AttachedPolicy>,
    pub boundary: Option<String>,
    pub tags: Vec<(String, String)>,
}

/// An inline policy of a user or a group.
#[derive(Debug, Clone, PartialEq)]
pub struct InlinePolicy {
    pub name: String,
    pub document: Policy,
}

/// An `AttachedManagedPolicies` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    /// `PolicyName`; empty when the dump leaves it out (the ARN is what counts).
    pub name: String,
    pub arn: String,
}

/// A `Policies` entry, with only its default version's document.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub path: String,
    /// `v3`: the default version (from `IsDefaultVersion`, else `DefaultVersionId`).
    pub default_version: Option<String>,
    /// The default version's document; `None` when the dump lists no default version.
    pub document: Option<Policy>,
}

/// `arn:<partition>:iam::aws:policy/...`: a policy AWS publishes and maintains.
pub fn is_aws_managed_arn(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws") && arn.starts_with("arn:")
}

/// Why a text is not a usable dump. `Display` is one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DumpError {
    /// Valid JSON, but not what `get-account-authorization-details` prints; says what it looks like.
    NotADump(String),
    /// Malformed JSON.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// A dump whose content is wrong at a place: a missing field, a value of the wrong type, a
    /// policy document that does not parse. The message starts with the JSON path.
    Content {
        line: usize,
        column: usize,
        message: String,
    },
    /// A problem found across the dump (a duplicate user, a group referenced but absent, ARNs of
    /// two accounts); the message starts with the JSON path of the offending element.
    Inconsistent(String),
}

impl fmt::Display for DumpError {
    /// Messages quote the dump (ARNs, names, partitions): their control characters are escaped,
    /// so the error stays one line and sends nothing raw to the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::escape_controls as shown;
        match self {
            DumpError::NotADump(what) => write!(
                f,
                "not an account dump (the output of `aws iam get-account-authorization-details`): {}",
                shown(what)
            ),
            DumpError::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "invalid JSON at line {line}, column {column}: {}",
                shown(message)
            ),
            DumpError::Content {
                line,
                column,
                message,
            } => write!(
                f,
                "invalid account dump: {} (line {line}, column {column})",
                shown(message)
            ),
            DumpError::Inconsistent(message) => {
                write!(f, "invalid account dump: {}", shown(message))
            }
        }
    }
}

impl std::error::Error for DumpError {}

/// Parses a dump (see the module comment for what is accepted).
pub fn parse(text: &str) -> Result<AccountDump, DumpError> {
    let raw = parse::raw_dump(text)?;
    parse::assemble(raw)
}

impl AccountDump {
    /// The user of that name. IAM user names are unique regardless of case (IAM User Guide,
    /// `reference_iam-quotas`, "Names of IAM entities"), so the lookup ignores case.
    pub fn user(&self, name: &str) -> Option<&User> {
        self.users_by_name
            .get(&name.to_lowercase())
            .map(|&i| &self.users[i])
    }

    /// The group of that name (case-insensitive, as user names).
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups_by_name
            .get(&name.to_lowercase())
            .map(|&i| &self.groups[i])
    }

    /// The managed policy with that ARN, when the dump lists it.
    pub fn policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.policies_by_arn.get(arn).map(|&i| &self.policies[i])
    }

    /// `true` unless the dump says it is one page of several.
    pub fn is_complete(&self) -> bool {
        !self.truncated
    }
}
