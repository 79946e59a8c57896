//! Where the generator starts for a dump's user: the choices inferred from the self-service
//! policies the user has, and the rest of the set kept around the policy being written, so that
//! every answer shows what replacing those policies with the generated one would give.

use crate::policy::engine::{CompiledPolicy, Mfa, PolicySet, Request};
use crate::policy::model::Named;
use crate::policy::model::choices::{Account, Choices, Partition, Preset};
use crate::policy::model::credential_actions::{SENTINEL_ESCALATION, SENTINEL_OTHER_SERVICE};
use crate::policy::model::document::Policy;
use crate::policy::reports::analysis::MUST_CHANGE_PASSWORD_POLICY;
use crate::policy::reports::infer::infer_choices;
use crate::policy::sample::Subject;

/// Asked about another user: a self-service policy never lets anyone create their keys.
const CREATE_ACCESS_KEY: &str = "iam:CreateAccessKey";

/// The generator's starting point for one user.
#[derive(Debug, Clone)]
pub struct FixStart {
    pub choices: Choices,
    /// The user's set without the self-service policies: what the generated policy joins.
    pub others: PolicySet,
    /// The names (set labels) of the policies the generated one stands in for; empty when the
    /// user has none and the choices are the recommended ones.
    pub replaced: Vec<String>,
}

/// Splits `set` into the self-service policies (replaced by the generated one, their choices
/// inferred from them taken together) and the others (kept). `account` and `partition` come
/// from the dump.
pub fn fix_start(set: &PolicySet, account: Option<&str>, partition: &str) -> FixStart {
    let mut others = set.clone();
    others.identity.clear();
    let mut replaced = Vec::new();
    let mut merged: Option<Policy> = None;
    for named in &set.identity {
        match named
            .document
            .as_ref()
            .filter(|d| is_self_service(&named.name, d))
        {
            Some(document) => {
                replaced.push(named.name.clone());
                merge(&mut merged, document);
            }
            None => others.identity.push(named.clone()),
        }
    }
    let mut choices = match &merged {
        Some(policy) => infer_choices(policy),
        None => Preset::Recommended.choices(),
    };
    if let Some(account) = account.and_then(|a| Account::parse(a).ok()) {
        choices.account = account;
    }
    if let Some(partition) = Partition::from_name(partition) {
        choices.partition = partition;
    }
    FixStart {
        choices,
        others,
        replaced,
    }
}

/// A self-service policy lets the user manage some of their own credentials, or gates them
/// behind MFA, without reaching other users, raising privileges or other services. The policy
/// AWS attaches for "must create a new password at next sign-in" stays: the first sign-in
/// depends on it.
fn is_self_service(name: &str, policy: &Policy) -> bool {
    // Labels name managed policies by ARN and version: `... arn:aws:iam::aws:policy/NAME@v1`.
    let marker = format!(":aws:policy/{MUST_CHANGE_PASSWORD_POLICY}");
    let change_password = name.find(&marker).is_some_and(|at| {
        let rest = &name[at + marker.len()..];
        rest.is_empty() || rest.starts_with('@')
    });
    if change_password {
        return false;
    }
    let inferred = infer_choices(policy);
    if inferred.credentials().next().is_none() && !inferred.enforce_mfa {
        return false;
    }
    let subject = Subject::for_policy(policy);
    let compiled = CompiledPolicy::compile(policy, &subject.principal("/"));
    let allowed = |action: &str, resource: &str| {
        compiled
            .evaluate(&Request {
                action,
                resource,
                mfa: Mfa::Present,
                context: &[],
            })
            .verdict()
            .is_allowed()
    };
    let own = subject.own_user_arn();
    let [other, _] = subject.other_user_arns();
    !allowed(SENTINEL_ESCALATION, &own)
        && !allowed(CREATE_ACCESS_KEY, &other)
        && !allowed(SENTINEL_OTHER_SERVICE, "*")
}

/// Adds `policy`'s statements to `merged`. The merged version is 2012-10-17 when any part has
/// it: self-service policies rely on `${aws:username}`.
fn merge(merged: &mut Option<Policy>, policy: &Policy) {
    match merged {
        None => *merged = Some(policy.clone()),
        Some(all) => {
            if all.version.is_none() {
                all.version.clone_from(&policy.version);
            }
            all.statements.extend(policy.statements.iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::engine::NamedPolicy;
    use crate::policy::model::choices::Credential;
    use crate::policy::model::document::parse;

    fn names(policies: &[NamedPolicy]) -> Vec<&str> {
        policies.iter().map(|p| p.name.as_str()).collect()
    }

    fn policy(text: &str) -> Policy {
        parse(text).expect("a policy")
    }

    const SELF_MANAGE_KEYS: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "OwnKeys", "Effect": "Allow",
         "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys",
                    "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed", "iam:TagUser"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"}]}"#;
    const ADMIN: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

    #[test]
    fn self_service_policies_are_replaced_and_the_others_kept() {
        let set = PolicySet {
            identity: vec![
                NamedPolicy::new("group Dev / inline keys", policy(SELF_MANAGE_KEYS)),
                NamedPolicy::new("user managed arn:aws:iam::aws:policy/Admin", policy(ADMIN)),
                NamedPolicy::unknown("user managed arn:aws:iam::aws:policy/PowerUserAccess"),
            ],
            boundary: None,
            scp_levels: Vec::new(),
        };
        let start = fix_start(&set, Some("210987654321"), "aws");
        assert_eq!(start.replaced, ["group Dev / inline keys"]);
        assert_eq!(
            names(&start.others.identity),
            [
                "user managed arn:aws:iam::aws:policy/Admin",
                "user managed arn:aws:iam::aws:policy/PowerUserAccess"
            ]
        );
        assert!(start.choices.has(Credential::AccessKeys));
        assert!(!start.choices.has(Credential::SshKeys));
        assert_eq!(start.choices.account.as_str(), "210987654321");
    }

    #[test]
    fn without_self_service_the_recommended_choices_start() {
        let set = PolicySet::single("user inline admin", policy(ADMIN));
        let start = fix_start(&set, None, "aws");
        assert!(start.replaced.is_empty());
        assert_eq!(start.others.identity.len(), 1);
        let recommended = Preset::Recommended.choices();
        assert_eq!(
            start.choices.credentials().collect::<Vec<_>>(),
            recommended.credentials().collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_must_change_password_policy_is_kept() {
        let change_password = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "iam:ChangePassword",
             "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Effect": "Allow", "Action": "iam:GetAccountPasswordPolicy", "Resource": "*"}]}"#;
        let name = "user managed arn:aws:iam::aws:policy/IAMUserChangePassword@v1";
        let set = PolicySet::single(name, policy(change_password));
        let start = fix_start(&set, None, "aws");
        assert!(start.replaced.is_empty());
        assert_eq!(names(&start.others.identity), [name]);
    }
}
