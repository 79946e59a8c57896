//! The choices pane's items (product spec §2) as one table, like the key table: each entry says
//! where the item goes, what it is called and means, what it currently shows, when it has an
//! effect, and how ticking or cycling it changes the choices. Adding a choice is adding an entry.

use crate::policy::model::Named;
use crate::policy::model::choices::{
    Attachment, Choices, Credential, CredentialService, MfaCheck, Partition,
};
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
    /// Only the attachment changed, which decides the size limit and nothing else.
    Attachment,
    /// Only the export format changed.
    Format,
    /// The item is a text field: start editing it.
    StartEditing,
}

/// One selectable line of the choices pane.
#[derive(Debug, Clone, Copy)]
pub struct ItemSpec {
    /// Names the item in code and tests (the command line's flag where there is one).
    pub key: &'static str,
    pub step: Step,
    /// Short enough for the 30-column choices pane.
    pub label: &'static str,
    /// One line (it may wrap) saying what the item means.
    pub explanation: &'static str,
    /// Drawn indented under the item before it.
    pub sub_item: bool,
    pub value: fn(&Choices, Format) -> Value,
    /// Ticks, unticks or cycles the item. The account is edited as text instead: the caller
    /// opens a prompt when this returns [`Toggled::StartEditing`].
    pub toggle: fn(&mut Choices, &mut Format) -> Toggled,
    /// Why the item has no effect with these choices; `None` when it has one.
    pub disabled: fn(&Choices) -> Option<&'static str>,
}

impl PartialEq for ItemSpec {
    fn eq(&self, other: &ItemSpec) -> bool {
        self.key == other.key
    }
}

impl Eq for ItemSpec {}

impl ItemSpec {
    pub fn value(&self, choices: &Choices, format: Format) -> Value {
        (self.value)(choices, format)
    }

    pub fn toggle(&self, choices: &mut Choices, format: &mut Format) -> Toggled {
        (self.toggle)(choices, format)
    }

    pub fn is_active(&self, choices: &Choices) -> bool {
        self.disabled_because(choices).is_none()
    }

    /// Why the item cannot apply with these choices (it is drawn dimmed and does not toggle).
    pub fn disabled_because(&self, choices: &Choices) -> Option<&'static str> {
        (self.disabled)(choices)
    }
}

fn always(_: &Choices) -> Option<&'static str> {
    None
}

/// A credential type's checkbox.
macro_rules! credential {
    ($key:literal, $credential:expr, $label:literal, $explanation:literal) => {
        ItemSpec {
            key: $key,
            step: Step::Credentials,
            label: $label,
            explanation: $explanation,
            sub_item: false,
            value: |choices, _| Value::Checked(choices.has($credential)),
            toggle: |choices, _| {
                choices.toggle($credential);
                Toggled::Choices
            },
            disabled: always,
        }
    };
}

/// Restricting service-specific credentials to one service.
macro_rules! restrict_service {
    ($key:literal, $service:expr, $label:literal) => {
        ItemSpec {
            key: $key,
            step: Step::Credentials,
            label: $label,
            explanation: "Only for the ticked services (iam:ServiceSpecificCredentialServiceName); none ticked = unrestricted.",
            sub_item: true,
            value: |choices, _| Value::Checked(choices.restricts_service($service)),
            toggle: |choices, _| {
                let on = choices.restricts_service($service);
                choices.set_service_restriction($service, !on);
                Toggled::Choices
            },
            disabled: |choices| {
                (!choices.has(Credential::ServiceCredentials))
                    .then_some("applies only with Service credentials ticked")
            },
        }
    };
}

/// A boolean field of [`Choices`].
macro_rules! flag {
    ($key:literal, $step:expr, $field:ident, $label:literal, $explanation:literal) => {
        ItemSpec {
            key: $key,
            step: $step,
            label: $label,
            explanation: $explanation,
            sub_item: false,
            value: |choices, _| Value::Checked(choices.$field),
            toggle: |choices, _| {
                choices.$field = !choices.$field;
                Toggled::Choices
            },
            disabled: always,
        }
    };
}

/// Every item, in display order.
pub const ITEMS: &[ItemSpec] = &[
    credential!(
        "password",
        Credential::Password,
        "Console password",
        "Change their own console password and read the account's password policy."
    ),
    credential!(
        "access-keys",
        Credential::AccessKeys,
        "Access keys",
        "Create, rotate, deactivate and delete their own access keys."
    ),
    credential!(
        "mfa-devices",
        Credential::MfaDevices,
        "MFA devices",
        "Add, enable, resync and remove their own MFA devices (virtual, hardware TOTP, passkeys)."
    ),
    credential!(
        "signing-certificates",
        Credential::SigningCertificates,
        "X.509 certificates",
        "Upload, activate and delete their own X.509 signing certificates."
    ),
    credential!(
        "ssh-keys",
        Credential::SshKeys,
        "SSH public keys",
        "Upload, activate and delete their own SSH public keys (CodeCommit over SSH)."
    ),
    credential!(
        "service-credentials",
        Credential::ServiceCredentials,
        "Service credentials",
        "Create and reset service-specific credentials: CodeCommit Git, Keyspaces, Bedrock API keys."
    ),
    restrict_service!(
        "restrict-codecommit",
        CredentialService::CodeCommit,
        "CodeCommit Git"
    ),
    restrict_service!(
        "restrict-keyspaces",
        CredentialService::Keyspaces,
        "Keyspaces"
    ),
    restrict_service!(
        "restrict-bedrock",
        CredentialService::Bedrock,
        "Bedrock API keys"
    ),
    flag!(
        "enforce-mfa",
        Step::Mfa,
        enforce_mfa,
        "Enforce MFA",
        "Deny everything but setting up MFA unless the user signed in with MFA."
    ),
    ItemSpec {
        key: "mfa-check",
        step: Step::Mfa,
        label: "MFA check",
        explanation: "BoolIfExists blocks long-term access keys without an MFA session (AWS's advice); Bool lets plain keys through.",
        sub_item: false,
        value: |choices, _| Value::Cycle(choices.mfa_check.operator()),
        toggle: |choices, _| {
            choices.mfa_check = match choices.mfa_check {
                MfaCheck::BoolIfExists => MfaCheck::Bool,
                MfaCheck::Bool => MfaCheck::BoolIfExists,
            };
            Toggled::Choices
        },
        disabled: |choices| {
            (!choices.enforce_mfa).then_some("applies only while Enforce MFA is ticked")
        },
    },
    flag!(
        "keys-cannot-enrol-mfa",
        Step::Mfa,
        keys_cannot_enrol_mfa,
        "Keys cannot enrol MFA",
        "Long-term access keys may only call sts:GetSessionToken: a stolen key cannot enrol the thief's MFA device."
    ),
    flag!(
        "password-change-before-mfa",
        Step::Mfa,
        password_change_before_mfa,
        "Password before MFA",
        "Let users change a temporary password at first sign-in, before MFA exists (AWS notes the risk)."
    ),
    ItemSpec {
        key: "account",
        step: Step::Scope,
        label: "Account",
        explanation: "* for any account, or the 12-digit ID of the users' account. Enter edits, Enter confirms, Esc cancels.",
        sub_item: false,
        value: |choices, _| Value::Text(choices.account.as_str().to_owned()),
        toggle: |_, _| Toggled::StartEditing,
        disabled: always,
    },
    ItemSpec {
        key: "partition",
        step: Step::Scope,
        label: "Partition",
        explanation: "ARN partition: aws, aws-cn (China) or aws-us-gov (GovCloud).",
        sub_item: false,
        value: |choices, _| Value::Cycle(choices.partition.name()),
        toggle: |choices, _| {
            choices.partition = next(Partition::ALL, choices.partition);
            Toggled::Choices
        },
        disabled: always,
    },
    flag!(
        "user-paths",
        Step::Scope,
        user_paths,
        "Users with IAM paths",
        "Also match users created with an IAM path: user/*/${aws:username}."
    ),
    flag!(
        "console-info",
        Step::Scope,
        console_info,
        "Console info",
        "Console convenience: iam:ListUsers, iam:GetAccountSummary, iam:ListAccountAliases."
    ),
    ItemSpec {
        key: "attachment",
        step: Step::Output,
        label: "Attachment",
        explanation: "Size limit checked: managed policy 6,144; inline on a user 2,048, group 5,120, role 10,240.",
        sub_item: false,
        value: |choices, _| Value::Cycle(choices.attachment.name()),
        toggle: |choices, _| {
            choices.attachment = next(Attachment::ALL, choices.attachment);
            Toggled::Attachment
        },
        disabled: always,
    },
    ItemSpec {
        key: "format",
        step: Step::Output,
        label: "Format",
        explanation: "Format for copy (c) and save (s): json, minified, terraform, cloudformation, aws-cli. Also e.",
        sub_item: false,
        value: |_, format| Value::Cycle(format.name()),
        toggle: |_, format| {
            *format = next(Format::ALL, *format);
            Toggled::Format
        },
        disabled: always,
    },
];

/// Lint rules a choice of the wizard fixes: (rule id, item key). The Checks tab names the box
/// to tick under such a finding.
pub const FIXED_BY: &[(&str, &str)] = &[
    ("mfa-enrolment-by-long-term-keys", "keys-cannot-enrol-mfa"),
    ("user-paths-not-matched", "user-paths"),
];

/// The item that fixes findings of this lint rule, if a choice does.
pub fn fixed_by(rule_id: &str) -> Option<&'static ItemSpec> {
    FIXED_BY
        .iter()
        .find(|(id, _)| *id == rule_id)
        .and_then(|(_, key)| item(key))
}

/// The item with this key.
pub fn item(key: &str) -> Option<&'static ItemSpec> {
    ITEMS.iter().find(|item| item.key == key)
}

/// The index of the item with this key in [`ITEMS`].
pub fn index_of(key: &str) -> Option<usize> {
    ITEMS.iter().position(|item| item.key == key)
}

/// The value after `current` in `all`, wrapping around.
pub fn next<T: Copy + PartialEq>(all: &[T], current: T) -> T {
    let position = all.iter().position(|v| *v == current).unwrap_or(0);
    all[(position + 1) % all.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::choices::TWO_STATE_CHOICES;

    fn find(key: &str) -> &'static ItemSpec {
        item(key).expect("listed")
    }

    /// Every two-state choice of the model is an item with its key, which shows and flips it.
    #[test]
    fn every_two_state_choice_is_an_item_that_flips_it() {
        for choice in TWO_STATE_CHOICES {
            let item = find(choice.key);
            for on in [false, true] {
                let mut choices = Choices::default();
                (choice.set)(&mut choices, on);
                let mut format = Format::Json;
                if let Value::Checked(shown) = item.value(&choices, format) {
                    assert_eq!(shown, on, "{}", choice.key);
                }
                assert_eq!(item.toggle(&mut choices, &mut format), Toggled::Choices);
                assert_eq!((choice.get)(&choices), !on, "{}", choice.key);
            }
        }
    }

    #[test]
    fn keys_are_unique() {
        for (i, item) in ITEMS.iter().enumerate() {
            assert_eq!(index_of(item.key), Some(i), "{}", item.key);
        }
    }

    #[test]
    fn items_are_grouped_by_step_in_order() {
        let steps: Vec<Step> = ITEMS.iter().map(|item| item.step).collect();
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
                Toggled::Choices | Toggled::Attachment => {
                    assert_ne!(choices, Choices::default(), "{}", item.key);
                }
                Toggled::Format => assert_ne!(format, Format::Json),
                Toggled::StartEditing => assert_eq!(item.key, "account"),
            }
        }
    }

    #[test]
    fn choices_that_cannot_apply_say_why() {
        let mut choices = Choices::default();
        choices.enforce_mfa = false;
        let reason = find("mfa-check").disabled_because(&choices);
        assert!(reason.is_some_and(|r| r.contains("Enforce MFA")));
        choices.toggle(Credential::ServiceCredentials);
        assert!(!choices.has(Credential::ServiceCredentials));
        let reason = find("restrict-bedrock").disabled_because(&choices);
        assert!(reason.is_some_and(|r| r.contains("Service credentials")));
        assert_eq!(find("password").disabled_because(&choices), None);
    }

    #[test]
    fn every_fix_names_an_item_and_a_lint_rule() {
        for (rule, key) in FIXED_BY {
            assert!(item(key).is_some(), "{key}");
            assert!(
                crate::policy::lint::rules::Rule::find(rule).is_some(),
                "{rule}"
            );
        }
        assert_eq!(
            fixed_by("mfa-enrolment-by-long-term-keys").map(|i| i.label),
            Some("Keys cannot enrol MFA")
        );
    }

    #[test]
    fn cycles_wrap_around() {
        let mut choices = Choices::default();
        let mut format = Format::Json;
        for _ in 0..Partition::ALL.len() {
            find("partition").toggle(&mut choices, &mut format);
        }
        assert_eq!(choices.partition, Partition::Aws);
        for _ in 0..Format::ALL.len() {
            find("format").toggle(&mut choices, &mut format);
        }
        assert_eq!(format, Format::Json);
        find("mfa-check").toggle(&mut choices, &mut format);
        assert_eq!(choices.mfa_check, MfaCheck::Bool);
    }
}
