//! The choices pane's items (product spec §2), grouped in steps: what each one is called, what
//! it currently says, what it means, and how ticking or cycling it changes the choices.

use crate::policy::model::choices::{
    Attachment, Choices, Credential, CredentialService, MfaCheck, Partition,
};

use crate::policy::model::Named;
use crate::policy::output::export::Format;

/// The steps the choices are grouped in, shown as headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Credentials,
    Mfa,
    Scope,
    Output,
}

impl Step {
    pub fn title(self) -> &'static str {
        match self {
            Step::Credentials => "Credentials",
            Step::Mfa => "MFA",
            Step::Scope => "Scope",
            Step::Output => "Output",
        }
    }
}

/// One selectable line of the choices pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Credential(Credential),
    /// Restrict service-specific credentials to this service.
    RestrictService(CredentialService),
    EnforceMfa,
    MfaCheck,
    KeysCannotEnrolMfa,
    PasswordChangeBeforeMfa,
    Account,
    Partition,
    UserPaths,
    ConsoleInfo,
    Attachment,
    Format,
}

/// Every item, in display order.
pub const ITEMS: [Item; 19] = [
    Item::Credential(Credential::Password),
    Item::Credential(Credential::AccessKeys),
    Item::Credential(Credential::MfaDevices),
    Item::Credential(Credential::SigningCertificates),
    Item::Credential(Credential::SshKeys),
    Item::Credential(Credential::ServiceCredentials),
    Item::RestrictService(CredentialService::CodeCommit),
    Item::RestrictService(CredentialService::Keyspaces),
    Item::RestrictService(CredentialService::Bedrock),
    Item::EnforceMfa,
    Item::MfaCheck,
    Item::KeysCannotEnrolMfa,
    Item::PasswordChangeBeforeMfa,
    Item::Account,
    Item::Partition,
    Item::UserPaths,
    Item::ConsoleInfo,
    Item::Attachment,
    Item::Format,
];

/// What an item shows after its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A checkbox.
    Checked(bool),
    /// One of a fixed set of values; Space/Enter moves to the next.
    Cycle(&'static str),
    /// Free text, edited in place.
    Text(String),
}

/// What toggling an item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggled {
    /// The choices changed: the policy must be regenerated.
    Choices,
    /// Only the export format changed.
    Format,
    /// The item is a text field: start editing it.
    StartEditing,
}

impl Item {
    pub fn step(self) -> Step {
        match self {
            Item::Credential(_) | Item::RestrictService(_) => Step::Credentials,
            Item::EnforceMfa
            | Item::MfaCheck
            | Item::KeysCannotEnrolMfa
            | Item::PasswordChangeBeforeMfa => Step::Mfa,
            Item::Account | Item::Partition | Item::UserPaths | Item::ConsoleInfo => Step::Scope,
            Item::Attachment | Item::Format => Step::Output,
        }
    }

    /// Short enough for the 30-column choices pane.
    pub fn label(self) -> &'static str {
        match self {
            Item::Credential(Credential::Password) => "Console password",
            Item::Credential(Credential::AccessKeys) => "Access keys",
            Item::Credential(Credential::MfaDevices) => "MFA devices",
            Item::Credential(Credential::SigningCertificates) => "X.509 certificates",
            Item::Credential(Credential::SshKeys) => "SSH public keys",
            Item::Credential(Credential::ServiceCredentials) => "Service credentials",
            Item::RestrictService(CredentialService::CodeCommit) => "CodeCommit Git",
            Item::RestrictService(CredentialService::Keyspaces) => "Keyspaces",
            Item::RestrictService(CredentialService::Bedrock) => "Bedrock API keys",
            Item::EnforceMfa => "Enforce MFA",
            Item::MfaCheck => "MFA check",
            Item::KeysCannotEnrolMfa => "Keys cannot enrol MFA",
            Item::PasswordChangeBeforeMfa => "Password before MFA",
            Item::Account => "Account",
            Item::Partition => "Partition",
            Item::UserPaths => "Users with IAM paths",
            Item::ConsoleInfo => "Console info",
            Item::Attachment => "Attachment",
            Item::Format => "Format",
        }
    }

    /// Sub-items are drawn indented under their parent.
    pub fn is_sub_item(self) -> bool {
        matches!(self, Item::RestrictService(_))
    }

    /// False when the item has no effect with these choices (restricting the services of
    /// service-specific credentials that are not selected).
    pub fn is_active(self, choices: &Choices) -> bool {
        match self {
            Item::RestrictService(_) => choices.has(Credential::ServiceCredentials),
            Item::MfaCheck => choices.enforce_mfa,
            _ => true,
        }
    }

    pub fn value(self, choices: &Choices, format: Format) -> Value {
        match self {
            Item::Credential(credential) => Value::Checked(choices.has(credential)),
            Item::RestrictService(service) => Value::Checked(choices.restricts_service(service)),
            Item::EnforceMfa => Value::Checked(choices.enforce_mfa),
            Item::MfaCheck => Value::Cycle(choices.mfa_check.operator()),
            Item::KeysCannotEnrolMfa => Value::Checked(choices.keys_cannot_enrol_mfa),
            Item::PasswordChangeBeforeMfa => Value::Checked(choices.password_change_before_mfa),
            Item::Account => Value::Text(choices.account.as_str().to_owned()),
            Item::Partition => Value::Cycle(choices.partition.name()),
            Item::UserPaths => Value::Checked(choices.user_paths),
            Item::ConsoleInfo => Value::Checked(choices.console_info),
            Item::Attachment => Value::Cycle(choices.attachment.name()),
            Item::Format => Value::Cycle(format.name()),
        }
    }

    /// One line (it may wrap) saying what the item means.
    pub fn explanation(self) -> &'static str {
        match self {
            Item::Credential(Credential::Password) => {
                "Change their own console password and read the account's password policy."
            }
            Item::Credential(Credential::AccessKeys) => {
                "Create, rotate, deactivate and delete their own access keys."
            }
            Item::Credential(Credential::MfaDevices) => {
                "Add, enable, resync and remove their own MFA devices (virtual, hardware TOTP, passkeys)."
            }
            Item::Credential(Credential::SigningCertificates) => {
                "Upload, activate and delete their own X.509 signing certificates."
            }
            Item::Credential(Credential::SshKeys) => {
                "Upload, activate and delete their own SSH public keys (CodeCommit over SSH)."
            }
            Item::Credential(Credential::ServiceCredentials) => {
                "Create and reset service-specific credentials: CodeCommit Git, Keyspaces, Bedrock API keys."
            }
            Item::RestrictService(_) => {
                "Only for the ticked services (iam:ServiceSpecificCredentialServiceName); none ticked = unrestricted."
            }
            Item::EnforceMfa => {
                "Deny everything but setting up MFA unless the user signed in with MFA."
            }
            Item::MfaCheck => {
                "BoolIfExists blocks long-term access keys without an MFA session (AWS's advice); Bool lets plain keys through."
            }
            Item::KeysCannotEnrolMfa => {
                "Long-term access keys may only call sts:GetSessionToken: a stolen key cannot enrol the thief's MFA device."
            }
            Item::PasswordChangeBeforeMfa => {
                "Let users change a temporary password at first sign-in, before MFA exists (AWS notes the risk)."
            }
            Item::Account => {
                "* for any account, or the 12-digit ID of the users' account. Enter edits, Enter confirms, Esc cancels."
            }
            Item::Partition => "ARN partition: aws, aws-cn (China) or aws-us-gov (GovCloud).",
            Item::UserPaths => "Also match users created with an IAM path: user/*/${aws:username}.",
            Item::ConsoleInfo => {
                "Console convenience: iam:ListUsers, iam:GetAccountSummary, iam:ListAccountAliases."
            }
            Item::Attachment => {
                "Size limit checked: managed policy 6,144; inline on a user 2,048, group 5,120, role 10,240."
            }
            Item::Format => {
                "Format for copy (c) and save (s): json, minified, terraform, cloudformation, aws-cli. Also e."
            }
        }
    }

    /// Ticks, unticks or cycles the item. The account is edited as text instead: the caller
    /// opens a prompt when this returns [`Toggled::StartEditing`].
    pub fn toggle(self, choices: &mut Choices, format: &mut Format) -> Toggled {
        match self {
            Item::Credential(credential) => choices.toggle(credential),
            Item::RestrictService(service) => {
                let on = choices.restricts_service(service);
                choices.set_service_restriction(service, !on);
            }
            Item::EnforceMfa => choices.enforce_mfa = !choices.enforce_mfa,
            Item::MfaCheck => {
                choices.mfa_check = match choices.mfa_check {
                    MfaCheck::BoolIfExists => MfaCheck::Bool,
                    MfaCheck::Bool => MfaCheck::BoolIfExists,
                }
            }
            Item::KeysCannotEnrolMfa => {
                choices.keys_cannot_enrol_mfa = !choices.keys_cannot_enrol_mfa;
            }
            Item::PasswordChangeBeforeMfa => {
                choices.password_change_before_mfa = !choices.password_change_before_mfa;
            }
            Item::Account => return Toggled::StartEditing,
            Item::Partition => choices.partition = next(Partition::ALL, choices.partition),
            Item::UserPaths => choices.user_paths = !choices.user_paths,
            Item::ConsoleInfo => choices.console_info = !choices.console_info,
            Item::Attachment => choices.attachment = next(Attachment::ALL, choices.attachment),
            Item::Format => {
                *format = next(Format::ALL, *format);
                return Toggled::Format;
            }
        }
        Toggled::Choices
    }
}

/// The value after `current` in `all`, wrapping around.
pub fn next<T: Copy + PartialEq>(all: &[T], current: T) -> T {
    let position = all.iter().position(|v| *v == current).unwrap_or(0);
    all[(position + 1) % all.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_grouped_by_step_in_order() {
        let steps: Vec<Step> = ITEMS.iter().map(|item| item.step()).collect();
        let mut sorted = steps.clone();
        sorted.sort_by_key(|step| *step as u8);
        assert_eq!(steps, sorted);
    }

    #[test]
    fn every_item_changes_something_when_toggled() {
        for item in ITEMS {
            let mut choices = Choices::default();
            let mut format = Format::Json;
            let toggled = item.toggle(&mut choices, &mut format);
            match toggled {
                Toggled::Choices => assert_ne!(choices, Choices::default(), "{item:?}"),
                Toggled::Format => assert_ne!(format, Format::Json),
                Toggled::StartEditing => assert_eq!(item, Item::Account),
            }
        }
    }

    #[test]
    fn cycles_wrap_around() {
        let mut choices = Choices::default();
        let mut format = Format::Json;
        for _ in 0..Partition::ALL.len() {
            Item::Partition.toggle(&mut choices, &mut format);
        }
        assert_eq!(choices.partition, Partition::Aws);
        for _ in 0..Format::ALL.len() {
            Item::Format.toggle(&mut choices, &mut format);
        }
        assert_eq!(format, Format::Json);
        Item::MfaCheck.toggle(&mut choices, &mut format);
        assert_eq!(choices.mfa_check, MfaCheck::Bool);
    }
}
