//! Workloads shared by the benchmarks.

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
