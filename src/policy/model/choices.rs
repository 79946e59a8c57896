//! The wizard's choices (product spec §2) and its presets: what the administrator decides,
//! independent of how it is asked (TUI checkboxes or CLI flags).

use std::fmt;

use super::named::Named;

/// The six credential types an IAM user can manage for themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Credential {
    Password,
    AccessKeys,
    MfaDevices,
    SigningCertificates,
    SshKeys,
    ServiceCredentials,
}

impl Credential {
    pub const ALL: [Credential; 6] = [
        Credential::Password,
        Credential::AccessKeys,
        Credential::MfaDevices,
        Credential::SigningCertificates,
        Credential::SshKeys,
        Credential::ServiceCredentials,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Credential::Password => "Console password",
            Credential::AccessKeys => "Access keys",
            Credential::MfaDevices => "MFA devices",
            Credential::SigningCertificates => "X.509 signing certificates",
            Credential::SshKeys => "SSH public keys",
            Credential::ServiceCredentials => "Service-specific credentials",
        }
    }

    /// The CLI flag that selects it (without the leading dashes).
    pub fn flag(self) -> &'static str {
        match self {
            Credential::Password => "password",
            Credential::AccessKeys => "access-keys",
            Credential::MfaDevices => "mfa-devices",
            Credential::SigningCertificates => "signing-certificates",
            Credential::SshKeys => "ssh-keys",
            Credential::ServiceCredentials => "service-credentials",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// How the MFA gate treats a request whose `aws:MultiFactorAuthPresent` key is absent
/// (long-term access keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MfaCheck {
    /// `BoolIfExists`: absent key counts as "no MFA", so plain access keys are blocked (AWS's
    /// recommendation).
    BoolIfExists,
    /// `Bool`: absent key is a mismatch, so plain access keys pass the gate (AWS: not recommended).
    Bool,
}

impl Named for MfaCheck {
    const ALL: &'static [MfaCheck] = &[MfaCheck::BoolIfExists, MfaCheck::Bool];

    fn name(self) -> &'static str {
        match self {
            MfaCheck::BoolIfExists => "bool-if-exists",
            MfaCheck::Bool => "bool",
        }
    }

    fn help(self) -> Option<&'static str> {
        Some(match self {
            MfaCheck::BoolIfExists => {
                "Absent key counts as no MFA: plain access keys are blocked (recommended)"
            }
            MfaCheck::Bool => {
                "Absent key passes: scripts with plain access keys keep working (not recommended)"
            }
        })
    }
}

impl MfaCheck {
    pub fn operator(self) -> &'static str {
        match self {
            MfaCheck::BoolIfExists => "BoolIfExists",
            MfaCheck::Bool => "Bool",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Partition {
    Aws,
    AwsCn,
    AwsUsGov,
}

impl Named for Partition {
    const ALL: &'static [Partition] = &[Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

    fn name(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }
}

/// Where the policy will be attached, which decides its size limit (non-whitespace characters,
/// IAM quotas page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attachment {
    Managed,
    User,
    Group,
    Role,
}

impl Named for Attachment {
    const ALL: &'static [Attachment] = &[
        Attachment::Managed,
        Attachment::User,
        Attachment::Group,
        Attachment::Role,
    ];

    fn name(self) -> &'static str {
        match self {
            Attachment::Managed => "managed",
            Attachment::User => "user",
            Attachment::Group => "group",
            Attachment::Role => "role",
        }
    }

    fn help(self) -> Option<&'static str> {
        Some(self.label())
    }
}

impl Attachment {
    pub fn limit(self) -> usize {
        match self {
            Attachment::Managed => 6_144,
            Attachment::User => 2_048,
            Attachment::Group => 5_120,
            Attachment::Role => 10_240,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Attachment::Managed => "managed policy",
            Attachment::User => "inline on a user",
            Attachment::Group => "inline on a group",
            Attachment::Role => "inline on a role",
        }
    }

    /// The attachment as a sentence names it: `a managed policy`, `an inline policy on a user`.
    pub fn with_article(self) -> &'static str {
        match self {
            Attachment::Managed => "a managed policy",
            Attachment::User => "an inline policy on a user",
            Attachment::Group => "an inline policy on a group",
            Attachment::Role => "an inline policy on a role",
        }
    }

    /// How "attach it ..." goes on: `as a managed policy`, `inline on a user`.
    pub fn attach_phrase(self) -> &'static str {
        match self {
            Attachment::Managed => "as a managed policy",
            Attachment::User => "inline on a user",
            Attachment::Group => "inline on a group",
            Attachment::Role => "inline on a role",
        }
    }
}

/// Services that issue service-specific credentials, named as
/// `iam:ServiceSpecificCredentialServiceName` expects them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialService {
    CodeCommit,
    Keyspaces,
    Bedrock,
}

impl Named for CredentialService {
    const ALL: &'static [CredentialService] = &[
        CredentialService::CodeCommit,
        CredentialService::Keyspaces,
        CredentialService::Bedrock,
    ];

    /// The short name used on the command line.
    fn name(self) -> &'static str {
        match self {
            CredentialService::CodeCommit => "codecommit",
            CredentialService::Keyspaces => "cassandra",
            CredentialService::Bedrock => "bedrock",
        }
    }

    fn help(self) -> Option<&'static str> {
        Some(self.label())
    }

    /// The short name or the service principal (`codecommit.amazonaws.com`).
    fn from_name(text: &str) -> Option<CredentialService> {
        CredentialService::ALL
            .iter()
            .copied()
            .find(|s| s.name() == text || s.service_name() == text)
    }
}

impl CredentialService {
    /// The service principal written into the condition.
    pub fn service_name(self) -> &'static str {
        match self {
            CredentialService::CodeCommit => "codecommit.amazonaws.com",
            CredentialService::Keyspaces => "cassandra.amazonaws.com",
            CredentialService::Bedrock => "bedrock.amazonaws.com",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CredentialService::CodeCommit => "CodeCommit Git",
            CredentialService::Keyspaces => "Keyspaces (Cassandra)",
            CredentialService::Bedrock => "Bedrock API keys",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A 12-digit AWS account ID, or `*` for any account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Account(String);

impl Account {
    pub fn any() -> Account {
        Account("*".to_owned())
    }

    /// Accepts `*` or exactly 12 ASCII digits.
    pub fn parse(text: &str) -> Result<Account, String> {
        let text = text.trim();
        if text == "*" || (text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())) {
            Ok(Account(text.to_owned()))
        } else {
            Err(format!(
                "invalid account ID {text:?}: expected 12 digits (e.g. 123456789012) or *"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything the administrator decides. `Default` is the `recommended` preset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Choices {
    credentials: u8,
    /// Deny everything but the MFA bootstrap unless signed in with MFA.
    pub enforce_mfa: bool,
    pub mfa_check: MfaCheck,
    /// Long-term access keys may call nothing but `sts:GetSessionToken`, so a stolen key cannot
    /// enrol the thief's own MFA device through the bootstrap exception.
    pub keys_cannot_enrol_mfa: bool,
    /// Let a user change the temporary password before MFA exists (AWS notes the risk).
    pub password_change_before_mfa: bool,
    pub account: Account,
    pub partition: Partition,
    /// Also match users created with an IAM path (`user/*/${aws:username}`).
    pub user_paths: bool,
    /// `iam:ListUsers`, `iam:GetAccountSummary`, `iam:ListAccountAliases`.
    pub console_info: bool,
    /// Empty set = every service may issue service-specific credentials.
    service_restriction: u8,
    pub attachment: Attachment,
}

impl Default for Choices {
    fn default() -> Self {
        Preset::Recommended.choices()
    }
}

impl Choices {
    pub fn has(&self, credential: Credential) -> bool {
        self.credentials & credential.bit() != 0
    }

    pub fn set(&mut self, credential: Credential, on: bool) {
        if on {
            self.credentials |= credential.bit();
        } else {
            self.credentials &= !credential.bit();
        }
    }

    pub fn toggle(&mut self, credential: Credential) {
        self.set(credential, !self.has(credential));
    }

    pub fn credentials(&self) -> impl Iterator<Item = Credential> + '_ {
        Credential::ALL.into_iter().filter(|c| self.has(*c))
    }

    pub fn set_only(&mut self, credentials: &[Credential]) {
        self.credentials = 0;
        for c in credentials {
            self.set(*c, true);
        }
    }

    /// Services service-specific credentials are restricted to; empty means unrestricted.
    pub fn restricted_services(&self) -> Vec<CredentialService> {
        CredentialService::ALL
            .iter()
            .copied()
            .filter(|s| self.service_restriction & s.bit() != 0)
            .collect()
    }

    pub fn restricts_service(&self, service: CredentialService) -> bool {
        self.service_restriction & service.bit() != 0
    }

    pub fn set_service_restriction(&mut self, service: CredentialService, on: bool) {
        if on {
            self.service_restriction |= service.bit();
        } else {
            self.service_restriction &= !service.bit();
        }
    }

    /// Every combination of the boolean and enumerated choices, for exhaustive tests of the
    /// generator's invariants. The account is `*` or one fixed ID; everything else is covered.
    /// Bit `i` of the two-state flags is [`TWO_STATE_CHOICES`]`[i]`.
    pub fn all_combinations() -> impl Iterator<Item = Choices> {
        let accounts = [Account::any(), Account("123456789012".to_owned())];
        (0u32..(1 << Credential::ALL.len())).flat_map(move |credentials| {
            let accounts = accounts.clone();
            (0u32..(1 << TWO_STATE_CHOICES.len())).flat_map(move |flags| {
                let accounts = accounts.clone();
                (0u8..(1 << CredentialService::ALL.len())).flat_map(move |services| {
                    let accounts = accounts.clone();
                    accounts.into_iter().flat_map(move |account| {
                        Partition::ALL.iter().copied().map(move |partition| {
                            let mut choices = Choices {
                                credentials: credentials as u8,
                                enforce_mfa: false,
                                mfa_check: MfaCheck::BoolIfExists,
                                keys_cannot_enrol_mfa: false,
                                password_change_before_mfa: false,
                                account: account.clone(),
                                partition,
                                user_paths: false,
                                console_info: false,
                                service_restriction: services,
                                attachment: Attachment::Managed,
                            };
                            for (bit, choice) in TWO_STATE_CHOICES.iter().enumerate() {
                                (choice.set)(&mut choices, flags & (1 << bit) != 0);
                            }
                            choices
                        })
                    })
                })
            })
        })
    }
}

/// A choice with two states. [`TWO_STATE_CHOICES`] is the one list of them: the exhaustive
/// tests' bits ([`Choices::all_combinations`]) and the fuzz input's edits are numbered from it,
/// and tests check that the wizard has an item and `generate` a pair of flags for each key.
#[derive(Debug, Clone, Copy)]
pub struct TwoStateChoice {
    /// The wizard's item key, which is also the `generate` flag that turns it on.
    pub key: &'static str,
    pub get: fn(&Choices) -> bool,
    pub set: fn(&mut Choices, bool),
}

/// Every two-state choice, in the order of their bits. The MFA check counts as one: `on` is
/// `Bool`, `off` the default `BoolIfExists`.
pub const TWO_STATE_CHOICES: &[TwoStateChoice] = &[
    TwoStateChoice {
        key: "enforce-mfa",
        get: |c| c.enforce_mfa,
        set: |c, on| c.enforce_mfa = on,
    },
    TwoStateChoice {
        key: "mfa-check",
        get: |c| c.mfa_check == MfaCheck::Bool,
        set: |c, on| {
            c.mfa_check = if on {
                MfaCheck::Bool
            } else {
                MfaCheck::BoolIfExists
            }
        },
    },
    TwoStateChoice {
        key: "keys-cannot-enrol-mfa",
        get: |c| c.keys_cannot_enrol_mfa,
        set: |c, on| c.keys_cannot_enrol_mfa = on,
    },
    TwoStateChoice {
        key: "password-change-before-mfa",
        get: |c| c.password_change_before_mfa,
        set: |c, on| c.password_change_before_mfa = on,
    },
    TwoStateChoice {
        key: "user-paths",
        get: |c| c.user_paths,
        set: |c, on| c.user_paths = on,
    },
    TwoStateChoice {
        key: "console-info",
        get: |c| c.console_info,
        set: |c, on| c.console_info = on,
    },
];

/// Named starting points (`iamself-tui presets`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    Recommended,
    AwsDocs,
    MfaOnly,
    PasswordOnly,
    NoMfa,
}

impl Named for Preset {
    const ALL: &'static [Preset] = &[
        Preset::Recommended,
        Preset::AwsDocs,
        Preset::MfaOnly,
        Preset::PasswordOnly,
        Preset::NoMfa,
    ];

    fn name(self) -> &'static str {
        match self {
            Preset::Recommended => "recommended",
            Preset::AwsDocs => "aws-docs",
            Preset::MfaOnly => "mfa-only",
            Preset::PasswordOnly => "password-only",
            Preset::NoMfa => "no-mfa",
        }
    }

    fn help(self) -> Option<&'static str> {
        Some(self.summary())
    }
}

impl Preset {
    pub fn summary(self) -> &'static str {
        match self {
            Preset::Recommended => {
                "all six credential types, MFA enforced with BoolIfExists, access keys cannot enrol MFA, IAM paths matched"
            }
            Preset::AwsDocs => {
                "behaves like AWS's \"self-manage credentials with MFA\" example (including its MFA enrolment hole)"
            }
            Preset::MfaOnly => {
                "MFA devices only, MFA enforced: users can set up and manage their own MFA"
            }
            Preset::PasswordOnly => "console password only, no MFA enforcement",
            Preset::NoMfa => "all six credential types, no MFA enforcement",
        }
    }

    pub fn choices(self) -> Choices {
        let mut choices = Choices {
            credentials: 0,
            enforce_mfa: true,
            mfa_check: MfaCheck::BoolIfExists,
            keys_cannot_enrol_mfa: true,
            password_change_before_mfa: false,
            account: Account::any(),
            partition: Partition::Aws,
            user_paths: true,
            console_info: false,
            service_restriction: 0,
            attachment: Attachment::Managed,
        };
        match self {
            Preset::Recommended => choices.set_only(&Credential::ALL),
            Preset::AwsDocs => {
                choices.set_only(&Credential::ALL);
                choices.keys_cannot_enrol_mfa = false;
                choices.user_paths = false;
            }
            Preset::MfaOnly => choices.set_only(&[Credential::MfaDevices]),
            Preset::PasswordOnly => {
                choices.set_only(&[Credential::Password]);
                choices.enforce_mfa = false;
                choices.keys_cannot_enrol_mfa = false;
            }
            Preset::NoMfa => {
                choices.set_only(&Credential::ALL);
                choices.enforce_mfa = false;
                choices.keys_cannot_enrol_mfa = false;
            }
        }
        choices
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_accepts_twelve_digits_or_star_only() {
        assert!(Account::parse("123456789012").is_ok());
        assert!(Account::parse("*").is_ok());
        for bad in ["12345678901", "1234567890123", "12345678901a", "", "**"] {
            assert!(Account::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn recommended_is_the_default() {
        let choices = Choices::default();
        assert_eq!(choices.credentials().count(), 6);
        assert!(choices.enforce_mfa && choices.keys_cannot_enrol_mfa && choices.user_paths);
        assert_eq!(choices.mfa_check, MfaCheck::BoolIfExists);
        assert!(!choices.password_change_before_mfa && !choices.console_info);
        assert_eq!(choices.account.as_str(), "*");
    }

    #[test]
    fn all_combinations_are_distinct_and_complete() {
        let all: std::collections::HashSet<Choices> = Choices::all_combinations().collect();
        assert_eq!(all.len(), 64 * 64 * 8 * 2 * 3);
    }
}
