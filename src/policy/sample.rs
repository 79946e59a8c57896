//! The sample users every report asks about: `alice`, the user the policy is attached to, and
//! `bob`, somebody else in the same account. The wizard's reports take partition and account from
//! the choices ([`principal_for`]); lint takes them from the ARNs the policy names ([`Subject`]),
//! so that an `aws-cn` policy is asked about `aws-cn` ARNs.

use crate::policy::engine::Principal;
use crate::policy::model::Named;
use crate::policy::model::choices::{Account, Choices};
use crate::policy::model::document::Policy;

pub const OWN_USER: &str = "alice";
pub const OTHER_USER: &str = "bob";
/// Account used for concrete ARNs when the policy allows any account.
pub const EXAMPLE_ACCOUNT: &str = "123456789012";
/// An IAM path for the "users created with a path" questions.
pub const EXAMPLE_PATH: &str = "/engineering/";

/// The user asked about: `alice` in the chosen account (or an example one) and partition.
pub fn principal_for(choices: &Choices) -> Principal {
    let account = match choices.account.as_str() {
        "*" => EXAMPLE_ACCOUNT,
        id => id,
    };
    let mut principal = Principal::user(OWN_USER, account);
    principal.partition = choices.partition.name().to_owned();
    principal
}

/// A concrete 12-digit account, for a principal (`explain --account`, a request's `account`).
pub fn account_id(text: &str) -> Result<String, String> {
    let account = Account::parse(text)?;
    if account.as_str() == "*" {
        return Err("a principal needs a concrete 12-digit account ID, not *".to_owned());
    }
    Ok(account.as_str().to_owned())
}

/// An IAM user name: 1 to 64 of letters, digits and `+=,.@_-` (IAM API reference, `CreateUser`).
pub fn username(text: &str) -> Result<String, String> {
    let valid_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if (1..=64).contains(&text.len()) && text.chars().all(valid_char) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "invalid user name {text:?}: 1 to 64 letters, digits or +=,.@_-"
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub partition: String,
    pub account: String,
}

impl Subject {
    /// Partition and account from the first ARNs that name them literally; `aws` and the
    /// example account otherwise.
    pub fn for_policy(policy: &Policy) -> Subject {
        let mut partition = None;
        let mut account = None;
        let arns = policy
            .statements
            .iter()
            .flat_map(|s| s.resource.values.iter())
            .filter_map(|r| arn_partition_and_account(r));
        for (arn_partition, arn_account) in arns {
            if partition.is_none() && matches!(arn_partition, "aws" | "aws-cn" | "aws-us-gov") {
                partition = Some(arn_partition);
            }
            if account.is_none()
                && arn_account.len() == 12
                && arn_account.bytes().all(|b| b.is_ascii_digit())
            {
                account = Some(arn_account);
            }
            if partition.is_some() && account.is_some() {
                break;
            }
        }
        Subject {
            partition: partition.unwrap_or("aws").to_owned(),
            account: account.unwrap_or(EXAMPLE_ACCOUNT).to_owned(),
        }
    }

    /// The user the policy is attached to, with an IAM path (`/` for none).
    pub fn principal(&self, path: &str) -> Principal {
        let mut principal = Principal::user(OWN_USER, &self.account);
        principal.partition = self.partition.clone();
        principal.path = path.to_owned();
        principal
    }

    pub fn arn(&self, resource: &str) -> String {
        self.arn_of(&[resource])
    }

    /// An IAM ARN whose resource part is these pieces, put together without `format!`: the
    /// checks build a few of these on every key press of the wizard.
    fn arn_of(&self, resource: &[&str]) -> String {
        let fixed = ["arn:", &self.partition, ":iam::", &self.account, ":"];
        let length = fixed.iter().chain(resource).map(|p| p.len()).sum();
        let mut arn = String::with_capacity(length);
        for piece in fixed.iter().chain(resource) {
            arn.push_str(piece);
        }
        arn
    }

    pub fn own_user_arn(&self) -> String {
        self.arn_of(&["user/", OWN_USER])
    }

    /// The own user's ARN when created with [`EXAMPLE_PATH`].
    pub fn own_user_arn_with_path(&self) -> String {
        self.arn_of(&["user", EXAMPLE_PATH, OWN_USER])
    }

    /// Another user's ARN, without and with a path.
    pub fn other_user_arns(&self) -> [String; 2] {
        [
            self.arn_of(&["user/", OTHER_USER]),
            self.arn_of(&["user", EXAMPLE_PATH, OTHER_USER]),
        ]
    }

    /// A virtual MFA device named after the own user.
    pub fn own_mfa_arn(&self) -> String {
        self.arn_of(&["mfa/", OWN_USER])
    }

    /// The resource an action is asked about for the own user: `*` when it has no resource
    /// types, the own MFA device for `mfa`-scoped actions, the own user otherwise.
    pub fn own_resource_for(&self, resource_type: Option<&str>) -> String {
        match resource_type {
            None => "*".to_owned(),
            Some("mfa" | "sms-mfa") => self.own_mfa_arn(),
            Some("user") => self.own_user_arn(),
            Some("group") => self.arn("group/Admins"),
            Some("role") => self.arn("role/Admin"),
            Some("policy") => self.arn("policy/Admin"),
            Some(other) => self.arn_of(&[other, "/example"]),
        }
    }
}

/// Partition and account of an ARN (`arn:partition:service:region:account:resource`): the
/// second and fifth of its six colon-separated segments.
fn arn_partition_and_account(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("arn:")?;
    let bytes = rest.as_bytes();
    // Positions of the next four colons: after partition, service, region and account.
    let mut colons = [0usize; 4];
    let mut found = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b':' {
            colons[found] = i;
            found += 1;
            if found == colons.len() {
                let [partition_end, _, region_end, account_end] = colons;
                return Some((&rest[..partition_end], &rest[region_end + 1..account_end]));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::document::parse;

    #[test]
    fn partition_and_account_come_from_the_policy() {
        let policy = parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser",
               "Resource":["*","arn:aws-cn:iam::*:user/x","arn:aws:iam::210987654321:user/y"]}]}"#,
        )
        .expect("valid");
        let subject = Subject::for_policy(&policy);
        assert_eq!(subject.partition, "aws-cn");
        assert_eq!(subject.account, "210987654321");
        assert_eq!(
            subject.own_user_arn(),
            "arn:aws-cn:iam::210987654321:user/alice"
        );
        assert_eq!(subject.principal("/").arn(), subject.own_user_arn());
        assert_eq!(
            subject.principal(EXAMPLE_PATH).arn(),
            subject.own_user_arn_with_path()
        );
    }
}
