//! Workloads shared by the benchmarks.

use iamself_tui::policy::engine::{CompiledPolicy, NamedPolicy, PolicySet};
use iamself_tui::policy::generate::generate_policy;
use iamself_tui::policy::model::choices::Choices;
use iamself_tui::policy::model::managed;
use iamself_tui::policy::sample::principal_for;

/// The recommended policy compiled for the sample user, with the ARNs of that user and of
/// another user.
pub fn recommended_policy() -> (CompiledPolicy, String, String) {
    let choices = Choices::default();
    let principal = principal_for(&choices);
    let compiled = CompiledPolicy::compile(&generate_policy(&choices), &principal);
    let other = "arn:aws:iam::123456789012:user/bob".to_owned();
    (compiled, principal.arn(), other)
}

/// A mix like the truth table's: own and other user, allowed and denied, user-scoped,
/// wildcard-only and other-service actions. Each is asked in every MFA context.
pub fn mixed_actions<'a>(own: &'a str, other: &'a str) -> [(&'static str, &'a str); 8] {
    [
        ("iam:ChangePassword", own),
        ("iam:CreateAccessKey", other),
        ("iam:ListVirtualMFADevices", own),
        ("iam:EnableMFADevice", own),
        ("iam:AttachUserPolicy", own),
        ("s3:ListAllMyBuckets", own),
        ("iam:UploadSSHPublicKey", own),
        ("iam:DeactivateMFADevice", own),
    ]
}

fn aws(name: &str) -> NamedPolicy {
    NamedPolicy::bundled(managed::find(name).expect("bundled"))
}

/// Product spec §8: with the wizard's own policy, a set of 8 policies including PowerUserAccess
/// (five more identity policies, a boundary, one SCP level).
pub fn seven_others() -> PolicySet {
    let others = PolicySet {
        identity: vec![
            aws("PowerUserAccess"),
            aws("IAMUserChangePassword"),
            aws("IAMUserSSHKeys"),
            aws("IAMSelfManageServiceSpecificCredentials"),
            aws("IAMReadOnlyAccess"),
        ],
        boundary: Some(aws("AdministratorAccess")),
        scp_levels: vec![vec![aws("AdministratorAccess")]],
    };
    assert_eq!(others.len() + 1, 8);
    others
}
