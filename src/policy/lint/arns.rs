//! Checks on the ARNs of `Resource`/`NotResource` (IAM User Guide, `reference_identifiers` and
//! `reference_policies_elements_resource`): the `arn:` prefix and six parts, the partition, the
//! service, IAM/STS ARNs with a region, the account, and IAM/STS resource types. Parts with a
//! wildcard or a policy variable are not judged: they may stand for anything.

use crate::policy::model::document::Statement;

use super::rules;
use super::service_actions;
use super::suggest::closest;
use super::{Place, Report, resource_key};

const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// The resource types of IAM and STS ARNs, as the Service Authorization Reference's ARN
/// formats spell them (the part before the first `/`), plus `assumed-role` under `sts`, the
/// form role sessions take in practice.
const IAM_RESOURCE_TYPES: [&str; 17] = [
    "access-report",
    "assumed-role",
    "contextProvider",
    "delegation-request",
    "federated-user",
    "group",
    "instance-profile",
    "mfa",
    "oidc-provider",
    "policy",
    "role",
    "role-template",
    "root",
    "saml-provider",
    "server-certificate",
    "sms-mfa",
    "user",
];
const STS_RESOURCE_TYPES: [&str; 3] = ["assumed-role", "federated-user", "self"];

fn free(part: &str) -> bool {
    part.contains(['*', '?']) || part.contains("${")
}

pub fn check(statements: &[Statement], report: &mut Report) {
    for statement in statements {
        let key = resource_key(statement);
        for value in &statement.resource.values {
            if value == "*" {
                continue;
            }
            if let Some((rule, message, fix)) = problem(value) {
                report.push_at(statement, Place::Value(key, value), rule, message, fix);
            }
        }
    }
}

/// The first thing wrong with a resource ARN, if any.
fn problem(value: &str) -> Option<(&'static rules::Rule, String, String)> {
    let Some(parts) = split(value) else {
        if value.starts_with("arn:") && value.ends_with('*') {
            // `arn:aws:iam::*`: the last `*` may stand for the missing parts.
            return None;
        }
        return Some((
            rules::ARN_MALFORMED,
            format!(
                "{value:?} is neither \"*\" nor an ARN (arn:partition:service:region:account:resource)"
            ),
            "write the resource's full ARN, e.g. arn:aws:iam::*:user/${aws:username}".to_owned(),
        ));
    };
    let [_, partition, service, region, account, resource] = parts;
    if !free(partition) && !PARTITIONS.contains(&partition) {
        let fix = match closest(partition, PARTITIONS) {
            Some(near) => format!("did you mean {near}?"),
            None => "use aws (or aws-cn, aws-us-gov...)".to_owned(),
        };
        return Some((
            rules::ARN_INVALID_PARTITION,
            format!("{value:?}: {partition:?} is not an AWS partition, so the ARN matches nothing"),
            fix,
        ));
    }
    if !free(service) && !service_actions::is_arn_service(service) {
        let fix = match service_actions::suggest_arn_service(service) {
            Some(near) => format!("did you mean {near}?"),
            None => "check the service name in the Service Authorization Reference".to_owned(),
        };
        return Some((
            rules::ARN_UNKNOWN_SERVICE,
            format!(
                "{value:?}: no AWS resource has the service {service:?}, so the ARN matches nothing"
            ),
            fix,
        ));
    }
    let iam_or_sts = service == "iam" || service == "sts";
    if iam_or_sts && !region.is_empty() && !free(region) {
        return Some((
            rules::ARN_IAM_WITH_REGION,
            format!(
                "{value:?}: {service} ARNs have no region, so {region:?} makes it match nothing"
            ),
            format!("leave the region empty: arn:{partition}:{service}::{account}:{resource}"),
        ));
    }
    if let Some(message) = account_problem(account, iam_or_sts) {
        return Some((
            rules::ARN_INVALID_ACCOUNT,
            format!("{value:?}: {message}, so the ARN matches no resource"),
            "use the 12-digit account ID, * or ${aws:PrincipalAccount}".to_owned(),
        ));
    }
    if iam_or_sts {
        let resource_type = resource.split('/').next().unwrap_or_default();
        let known: &[&str] = if service == "iam" {
            &IAM_RESOURCE_TYPES
        } else {
            &STS_RESOURCE_TYPES
        };
        if !free(resource_type) && !known.contains(&resource_type) {
            let fix = match closest(resource_type, known.iter().copied()) {
                Some(near) => format!("did you mean {near}?"),
                None => format!("{service} resource types: {}", known.join(", ")),
            };
            return Some((
                rules::ARN_UNKNOWN_RESOURCE_TYPE,
                format!(
                    "{value:?}: {service} has no resource type {resource_type:?}, so the ARN matches nothing"
                ),
                fix,
            ));
        }
    }
    None
}

fn account_problem(account: &str, required: bool) -> Option<String> {
    if account.is_empty() {
        return required.then(|| "the account is empty".to_owned());
    }
    let twelve_digits = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if twelve_digits || account == "aws" || free(account) {
        return None;
    }
    Some(format!("{account:?} is not an account ID (12 digits)"))
}

/// The six parts of an ARN, split at its first five colons that are not inside a `${...}`;
/// `None` when it does not start with `arn:` or has fewer parts.
fn split(value: &str) -> Option<[&str; 6]> {
    if !value.starts_with("arn:") {
        return None;
    }
    let bytes = value.as_bytes();
    let mut cuts = [0usize; 5];
    let mut found = 0;
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                cuts[found] = i;
                found += 1;
                if found == cuts.len() {
                    break;
                }
            }
            _ => {}
        }
    }
    if found < cuts.len() {
        return None;
    }
    Some([
        &value[..cuts[0]],
        &value[cuts[0] + 1..cuts[1]],
        &value[cuts[1] + 1..cuts[2]],
        &value[cuts[2] + 1..cuts[3]],
        &value[cuts[3] + 1..cuts[4]],
        &value[cuts[4] + 1..],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(value: &str) -> Option<&'static str> {
        problem(value).map(|(rule, _, _)| rule.id)
    }

    #[test]
    fn judges_each_part() {
        assert_eq!(id("arn:aws:iam::*:user/${aws:username}"), None);
        assert_eq!(id("arn:aws:iam::123456789012:user/*/${aws:username}"), None);
        assert_eq!(id("arn:aws:s3:::bucket/*"), None);
        assert_eq!(id("arn:*:kms:*:${aws:PrincipalAccount}:key/*"), None);
        assert_eq!(id("arn:aws:iam::aws:policy/AdministratorAccess"), None);
        assert_eq!(id("arn:aws:sts::123456789012:assumed-role/r/s"), None);
        assert_eq!(id("arn:aws:iam::*"), None);
        assert_eq!(id("user/alice"), Some("arn-malformed"));
        assert_eq!(id("arn:aws:iam:user/alice"), Some("arn-malformed"));
        assert_eq!(
            id("arn:amazon:iam::*:user/x"),
            Some("arn-invalid-partition")
        );
        assert_eq!(id("arn:aws:iamm::*:user/x"), Some("arn-unknown-service"));
        assert_eq!(
            id("arn:aws:iam:us-east-1:*:user/x"),
            Some("arn-iam-with-region")
        );
        assert_eq!(
            id("arn:aws:iam::account-id:user/x"),
            Some("arn-invalid-account")
        );
        assert_eq!(
            id("arn:aws:iam::ACCOUNT-ID:user/x"),
            Some("arn-invalid-account")
        );
        assert_eq!(id("arn:aws:iam:::user/x"), Some("arn-invalid-account"));
        assert_eq!(
            id("arn:aws:iam::*:users/x"),
            Some("arn-unknown-resource-type")
        );
    }
}
