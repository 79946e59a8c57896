//! Which IAM actions each credential type needs, and the MFA bootstrap set: the data the
//! generator writes and the truth table asks about. Action names are checked against the
//! catalog in tests.

use crate::policy::model::choices::Credential;

/// Actions scoped to the user's own ARN (`user/${aws:username}`), per credential type.
pub fn user_scoped_actions(credential: Credential) -> &'static [&'static str] {
    match credential {
        Credential::Password => &["iam:ChangePassword", "iam:GetLoginProfile"],
        Credential::AccessKeys => &[
            "iam:CreateAccessKey",
            "iam:DeleteAccessKey",
            "iam:GetAccessKeyLastUsed",
            "iam:ListAccessKeys",
            "iam:UpdateAccessKey",
        ],
        Credential::MfaDevices => MFA_SETUP_USER_ACTIONS,
        Credential::SigningCertificates => &[
            "iam:DeleteSigningCertificate",
            "iam:ListSigningCertificates",
            "iam:UpdateSigningCertificate",
            "iam:UploadSigningCertificate",
        ],
        Credential::SshKeys => &[
            "iam:DeleteSSHPublicKey",
            "iam:GetSSHPublicKey",
            "iam:ListSSHPublicKeys",
            "iam:UpdateSSHPublicKey",
            "iam:UploadSSHPublicKey",
        ],
        Credential::ServiceCredentials => &[
            "iam:CreateServiceSpecificCredential",
            "iam:DeleteServiceSpecificCredential",
            "iam:ListServiceSpecificCredentials",
            "iam:ResetServiceSpecificCredential",
            "iam:UpdateServiceSpecificCredential",
        ],
    }
}

/// Actions with no resource-level permissions (`"Resource": "*"` only), per credential type.
pub fn account_actions(credential: Credential) -> &'static [&'static str] {
    match credential {
        Credential::Password => &["iam:GetAccountPasswordPolicy"],
        Credential::MfaDevices => &["iam:ListVirtualMFADevices"],
        _ => &[],
    }
}

/// Every action a credential type is about, for truth-table rows.
pub fn all_actions(credential: Credential) -> Vec<&'static str> {
    let mut actions: Vec<&'static str> = account_actions(credential)
        .iter()
        .chain(user_scoped_actions(credential))
        .copied()
        .collect();
    if credential == Credential::MfaDevices {
        actions.push(CREATE_VIRTUAL_MFA_DEVICE);
        actions.push(DEACTIVATE_MFA_DEVICE);
    }
    actions
}

/// Viewing one's own user: needed by every credential page of the console.
pub const GET_USER: &str = "iam:GetUser";

/// Scoped to `mfa/*`: since Nov 2022 users name their virtual devices freely.
pub const CREATE_VIRTUAL_MFA_DEVICE: &str = "iam:CreateVirtualMFADevice";

/// Must only ever be allowed with MFA (IAM User Guide, mfa-only self-manage example).
pub const DEACTIVATE_MFA_DEVICE: &str = "iam:DeactivateMFADevice";

/// Setting up and using one's own MFA device, scoped to the own user.
pub const MFA_SETUP_USER_ACTIONS: &[&str] = &[
    "iam:EnableMFADevice",
    "iam:GetMFADevice",
    "iam:ListMFADevices",
    "iam:ResyncMFADevice",
];

/// Listing virtual devices has no resource-level permission.
pub const LIST_VIRTUAL_MFA_DEVICES: &str = "iam:ListVirtualMFADevices";

/// The MFA bootstrap: what a user signed in without MFA may still do, so that they can set up
/// MFA (IAM User Guide, `DenyAllExceptListedIfNoMFA` in the self-manage examples).
pub const MFA_BOOTSTRAP: &[&str] = &[
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
];

/// What the first-sign-in password change adds to the bootstrap (AWS: possible, not
/// recommended).
pub const PASSWORD_BEFORE_MFA: &[&str] = &["iam:ChangePassword", "iam:GetAccountPasswordPolicy"];

/// What a stolen long-term access key would use to register the thief's own MFA device.
pub const MFA_ENROLMENT: &[&str] = &[
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:ResyncMFADevice",
];

/// Console convenience: account-wide reads without resource-level permissions.
pub const CONSOLE_INFO: &[&str] = &[
    "iam:GetAccountSummary",
    "iam:ListAccountAliases",
    "iam:ListUsers",
];

/// Authentication, not authorization: policies cannot control it (IAM User Guide,
/// `id_credentials_temp_control-access_getsessiontoken`).
pub const GET_SESSION_TOKEN: &str = "sts:GetSessionToken";

/// Actions no policy controls: "You cannot use policies to control authentication operations"
/// (IAM User Guide, `id_credentials_temp_control-access_getsessiontoken`); "No permissions are
/// required to perform this operation ... you can still perform this operation" (STS API
/// Reference, `API_GetCallerIdentity`; iam-semantics.md §7.9).
pub const NOT_CONTROLLED_BY_POLICY: [&str; 2] = [GET_SESSION_TOKEN, "sts:GetCallerIdentity"];

/// The condition key that tells MFA sessions from sessions without MFA and long-term keys.
pub const MFA_PRESENT_KEY: &str = "aws:MultiFactorAuthPresent";

/// The one action with the `iam:ServiceSpecificCredentialServiceName` condition key.
pub const CREATE_SERVICE_SPECIFIC_CREDENTIAL: &str = "iam:CreateServiceSpecificCredential";

/// Services for which `iam:ServiceSpecificCredentialServiceName` restricts creation.
pub const SERVICE_NAME_CONDITION_KEY: &str = "iam:ServiceSpecificCredentialServiceName";

/// Actions that let a user raise their own privileges or take over another identity; never
/// generated, always flagged. Rhino Security Labs' list (as bundled in policy_sentry) plus the
/// self-management ones from iam-semantics.md §6.
pub const PRIVILEGE_ESCALATION: &[&str] = &[
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PassRole",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:TagUser",
    "iam:UntagUser",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "iam:UpdateUser",
];

/// Truth-table sentinel rows: one escalation action, one action of another service.
pub const SENTINEL_ESCALATION: &str = "iam:AttachUserPolicy";
pub const SENTINEL_OTHER_SERVICE: &str = "s3:ListAllMyBuckets";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::catalog::Catalog;

    fn every_named_action() -> Vec<&'static str> {
        let mut names: Vec<&'static str> =
            Credential::ALL.into_iter().flat_map(all_actions).collect();
        for list in [
            MFA_BOOTSTRAP,
            PASSWORD_BEFORE_MFA,
            MFA_ENROLMENT,
            CONSOLE_INFO,
            PRIVILEGE_ESCALATION,
        ] {
            names.extend_from_slice(list);
        }
        names.extend([GET_USER, GET_SESSION_TOKEN, SENTINEL_ESCALATION]);
        names
    }

    #[test]
    fn every_action_named_exists_in_the_catalog() {
        for name in every_named_action() {
            let action = Catalog::get()
                .find(name)
                .unwrap_or_else(|| panic!("{name}"));
            assert_eq!(action.full_name, name, "spelling of {name}");
        }
    }

    #[test]
    fn user_scoped_actions_take_a_user_resource_and_account_actions_take_none() {
        let catalog = Catalog::get();
        for credential in Credential::ALL {
            for name in user_scoped_actions(credential) {
                assert!(catalog.find(name).expect(name).accepts("user"), "{name}");
            }
            for name in account_actions(credential).iter().chain(CONSOLE_INFO) {
                assert!(
                    catalog.find(name).expect(name).wildcard_resource_only(),
                    "{name}"
                );
            }
        }
        assert!(
            catalog
                .find(CREATE_VIRTUAL_MFA_DEVICE)
                .expect("known")
                .accepts("mfa")
        );
    }

    #[test]
    fn no_escalation_action_is_in_a_family_or_the_bootstrap() {
        let generated: Vec<&str> = Credential::ALL
            .into_iter()
            .flat_map(all_actions)
            .chain(MFA_BOOTSTRAP.iter().copied())
            .collect();
        for escalation in PRIVILEGE_ESCALATION {
            assert!(!generated.contains(escalation), "{escalation}");
        }
    }
}
