//! What a request is: the action, the resource, the caller's MFA state and further context keys,
//! asked on behalf of one IAM user (the [`Principal`]).

use crate::policy::model::Named;

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

/// `--mfa true|false|absent`: the context value, or `absent` for long-term keys.
impl Named for Mfa {
    const ALL: &'static [Mfa] = &[Mfa::Present, Mfa::NotPresent, Mfa::Absent];

    fn name(self) -> &'static str {
        self.context_value().unwrap_or("absent")
    }
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
