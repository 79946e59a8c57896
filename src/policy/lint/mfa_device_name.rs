//! A virtual MFA device the policy lets users create only under their own user name
//! (`mfa/${aws:username}`). Users name their virtual MFA devices themselves when they enrol
//! (IAM User Guide, "Assign a virtual MFA device in the AWS Management Console": the device
//! name is typed by the user), and the device's ARN is `...:mfa/NAME`, so such a policy refuses
//! enrolment for every other name. The truth table asks about a device named after the user and
//! would look fine; this finding says what it cannot show.

use crate::policy::model::document::{Effect, Policy, Statement};

use super::rules::MFA_DEVICE_NAMED_AFTER_USER;
use super::{Place, Report};

const CREATE_DEVICE: &str = "iam:createvirtualmfadevice";
const DEVICE_NAMED_AFTER_USER: &str = "mfa/${aws:username}";

/// `*` and `?` wildcards, case-insensitive, as IAM matches action names.
fn glob(pattern: &str, text: &str) -> bool {
    fn matches(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some(b'*'), _) => matches(&p[1..], t) || (!t.is_empty() && matches(p, &t[1..])),
            (Some(b'?'), Some(_)) => matches(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => matches(&p[1..], &t[1..]),
            _ => false,
        }
    }
    matches(pattern.as_bytes(), text.as_bytes())
}

fn allows_creating_devices(statement: &Statement) -> bool {
    statement.effect == Effect::Allow
        && !statement.action.negated
        && statement
            .action
            .values
            .iter()
            .any(|a| glob(a, CREATE_DEVICE))
}

/// The resource value naming the device after the user, when no other value lets any name in.
fn only_named_after_user(statement: &Statement) -> Option<&str> {
    if statement.resource.negated {
        return None;
    }
    let resources = &statement.resource.values;
    let named = resources
        .iter()
        .find(|r| r.to_ascii_lowercase().ends_with(DEVICE_NAMED_AFTER_USER))?;
    let any_name = resources.iter().any(|r| {
        let r = r.to_ascii_lowercase();
        r == "*"
            || (r.contains("mfa/") && !r.ends_with(DEVICE_NAMED_AFTER_USER) && r.ends_with('*'))
    });
    (!any_name).then_some(named.as_str())
}

pub fn check(policy: &Policy, report: &mut Report) {
    // Another statement may allow the creation for any name.
    let any_name_elsewhere = policy
        .statements
        .iter()
        .filter(|s| allows_creating_devices(s))
        .any(|s| only_named_after_user(s).is_none() && !s.resource.negated);
    if any_name_elsewhere {
        return;
    }
    for statement in policy
        .statements
        .iter()
        .filter(|s| allows_creating_devices(s))
    {
        if let Some(resource) = only_named_after_user(statement) {
            report.push_at(
                statement,
                Place::Value("Resource", resource),
                MFA_DEVICE_NAMED_AFTER_USER,
                "iam:CreateVirtualMFADevice is allowed only for a device named after the user (mfa/${aws:username}); users name their own virtual MFA devices, so enrolment fails for most names",
                "allow any device name: arn:aws:iam::ACCOUNT:mfa/* for iam:CreateVirtualMFADevice (the device is not the user's resource)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::lint::lint;

    fn policy(resources: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Create","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:EnableMFADevice"],"Resource":[{resources}]}}]}}"#
        )
    }

    fn has_finding(text: &str) -> bool {
        lint(text, None)
            .iter()
            .any(|f| f.id() == "mfa-device-named-after-user")
    }

    #[test]
    fn a_device_named_after_the_user_only_is_reported() {
        let text =
            policy(r#""arn:aws:iam::*:mfa/${aws:username}","arn:aws:iam::*:user/${aws:username}""#);
        assert!(has_finding(&text));
    }

    #[test]
    fn any_device_name_is_fine() {
        for resources in [
            r#""arn:aws:iam::*:mfa/*","arn:aws:iam::*:user/${aws:username}""#,
            r#""arn:aws:iam::*:mfa/${aws:username}","arn:aws:iam::*:mfa/*""#,
            r#""*""#,
        ] {
            assert!(!has_finding(&policy(resources)), "{resources}");
        }
    }
}
