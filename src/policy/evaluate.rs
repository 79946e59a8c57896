//! The evaluator: one identity-based policy, one IAM user as principal, AWS's documented logic
//! (IAM User Guide, `reference_policies_evaluation-logic`): an explicit deny beats an allow,
//! an allow beats the default implicit deny. Every decision names the statements that made it.
//!
//! Evaluation runs on the compiled form ([`CompiledPolicy`]): actions pre-lowered, ARNs
//! pre-split, the principal's variables resolved once, so that a decision allocates nothing.

use super::document::Policy;

/// A policy compiled for one principal, ready to answer requests.
#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    labels: Vec<String>,
}

impl CompiledPolicy {
    pub fn compile(policy: &Policy, principal: &Principal) -> CompiledPolicy {
        let _ = principal;
        CompiledPolicy {
            labels: policy.statements.iter().map(|s| s.label()).collect(),
        }
    }

    pub fn evaluate(&self, request: &Request<'_>) -> Decision {
        let _ = request;
        todo!("evaluator")
    }

    /// Sid or `#n` of the statement at this index.
    pub fn label(&self, index: usize) -> &str {
        &self.labels[index]
    }
}

/// The value of `aws:MultiFactorAuthPresent` in the request context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mfa {
    /// Temporary credentials from a sign-in or session with MFA: `true`.
    Present,
    /// Temporary credentials without MFA (console sign-in without MFA): `false`.
    NotPresent,
    /// Long-term access keys: the key is not in the request at all.
    Absent,
}

impl Mfa {
    pub const ALL: [Mfa; 3] = [Mfa::Present, Mfa::NotPresent, Mfa::Absent];

    /// The context value, `None` when the key is absent.
    pub fn context_value(self) -> Option<&'static str> {
        match self {
            Mfa::Present => Some("true"),
            Mfa::NotPresent => Some("false"),
            Mfa::Absent => None,
        }
    }

    pub fn from_option(value: Option<bool>) -> Mfa {
        match value {
            Some(true) => Mfa::Present,
            Some(false) => Mfa::NotPresent,
            None => Mfa::Absent,
        }
    }

    pub fn as_option(self) -> Option<bool> {
        match self {
            Mfa::Present => Some(true),
            Mfa::NotPresent => Some(false),
            Mfa::Absent => None,
        }
    }
}

/// The IAM user making requests: the source of `${aws:username}`, `${aws:userid}`,
/// `${aws:PrincipalTag/...}` and friends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Principal {
    pub username: String,
    /// The unique ID (`AIDA...`); `aws:userid` for an IAM user.
    pub userid: String,
    /// 12-digit account ID.
    pub account: String,
    pub partition: String,
    /// IAM path, `/` for none; part of the user's ARN.
    pub path: String,
    /// Principal tags (`aws:PrincipalTag/<key>`).
    pub tags: Vec<(String, String)>,
}

impl Principal {
    /// A user with no path and no tags in partition `aws`.
    pub fn user(username: &str, account: &str) -> Principal {
        Principal {
            username: username.to_owned(),
            userid: format!("AIDA{}", username.to_ascii_uppercase()),
            account: account.to_owned(),
            partition: "aws".to_owned(),
            path: "/".to_owned(),
            tags: Vec::new(),
        }
    }

    /// `arn:<partition>:iam::<account>:user<path><username>`.
    pub fn arn(&self) -> String {
        format!(
            "arn:{}:iam::{}:user{}{}",
            self.partition, self.account, self.path, self.username
        )
    }
}

/// One request to decide. `context` holds further condition keys (names as written; matching is
/// case-insensitive) with their values; `aws:MultiFactorAuthPresent` comes from `mfa`.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub mfa: Mfa,
    pub context: &'a [(String, Vec<String>)],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Verdict {
    /// The decision words of `aws iam simulate-custom-policy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::ExplicitDeny => "explicitDeny",
            Verdict::ImplicitDeny => "implicitDeny",
        }
    }

    pub fn is_allowed(self) -> bool {
        self == Verdict::Allowed
    }
}

/// A decision and what made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// Indices (into `Policy::statements`) of the statements that decided: every matching Deny
    /// for an explicit deny, every matching Allow for an allow, none for an implicit deny.
    pub statements: Vec<usize>,
    /// Set when policy cannot affect the answer at all (`sts:GetSessionToken`).
    pub not_controlled_by_policy: bool,
}
