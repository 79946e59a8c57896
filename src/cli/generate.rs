//! `iamself-tui generate`: choices from a preset and flags → the policy in one format, on stdout
//! or saved atomically with `-o`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args};

use crate::output::save_atomic;
use crate::policy::generate::generate;
use crate::policy::model::Named;
use crate::policy::model::choices::{
    Account, Attachment, Choices, Credential, CredentialService, MfaCheck, Partition, Preset,
};
use crate::policy::output::export::{self, Format};

use super::{Failure, stdout, values};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Preset the choices start from [default: recommended].
    #[arg(long, value_name = "NAME", value_parser = values::named::<Preset>())]
    pub preset: Option<Preset>,

    #[command(flatten)]
    pub choices: ChoiceFlags,

    /// Output format [default: from the -o file name, else json].
    #[arg(long, value_name = "FORMAT", value_parser = values::named::<Format>())]
    pub format: Option<Format>,

    /// Write to FILE (atomically) instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Where the policy will be attached; warns when it is over that size limit.
    #[arg(long, value_name = "WHERE", value_parser = values::named::<Attachment>())]
    pub attach: Option<Attachment>,
}

/// The wizard's choices as flags. Credential flags select exactly the flagged types; without
/// any, the preset's types stay. Every other flag overrides the preset.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Choices")]
pub struct ChoiceFlags {
    /// Console password.
    #[arg(long)]
    pub password: bool,
    /// Access keys.
    #[arg(long)]
    pub access_keys: bool,
    /// MFA devices (virtual, hardware TOTP, passkeys and security keys).
    #[arg(long)]
    pub mfa_devices: bool,
    /// X.509 signing certificates.
    #[arg(long)]
    pub signing_certificates: bool,
    /// SSH public keys.
    #[arg(long)]
    pub ssh_keys: bool,
    /// Service-specific credentials (CodeCommit Git, Keyspaces, Bedrock API keys).
    #[arg(long)]
    pub service_credentials: bool,
    /// All six credential types.
    #[arg(long)]
    pub all: bool,

    /// Do not deny everything but the MFA bootstrap when signed in without MFA.
    #[arg(long)]
    pub no_enforce_mfa: bool,
    /// Deny everything but the MFA bootstrap when signed in without MFA (strengthens a preset).
    #[arg(long, conflicts_with = "no_enforce_mfa")]
    pub enforce_mfa: bool,
    /// How requests without the MFA key (long-term access keys) are treated.
    #[arg(long, value_name = "CHECK", value_parser = values::named::<MfaCheck>())]
    pub mfa_check: Option<MfaCheck>,
    /// Let long-term access keys enrol an MFA device (AWS's example does; a stolen key could).
    #[arg(long)]
    pub allow_keys_to_enrol_mfa: bool,
    /// Long-term access keys may only call sts:GetSessionToken (strengthens a preset).
    #[arg(long, conflicts_with = "allow_keys_to_enrol_mfa")]
    pub keys_cannot_enrol_mfa: bool,
    /// Allow changing the password before MFA is set up (first sign-in).
    #[arg(long)]
    pub password_change_before_mfa: bool,
    /// No password change before MFA is set up (strengthens a preset).
    #[arg(long, conflicts_with = "password_change_before_mfa")]
    pub no_password_change_before_mfa: bool,
    /// Account ID in the ARNs: 12 digits, or * for any account.
    #[arg(long, value_name = "ID", value_parser = values::account)]
    pub account: Option<Account>,
    /// AWS partition in the ARNs.
    #[arg(long, value_name = "P", value_parser = values::named::<Partition>())]
    pub partition: Option<Partition>,
    /// Do not also match users created with an IAM path (user/*/NAME).
    #[arg(long)]
    pub no_user_paths: bool,
    /// Also match users created with an IAM path (user/*/NAME).
    #[arg(long, conflicts_with = "no_user_paths")]
    pub user_paths: bool,
    /// Allow iam:ListUsers, iam:GetAccountSummary and iam:ListAccountAliases (console pages).
    #[arg(long)]
    pub console_info: bool,
    /// Leave out the console convenience reads.
    #[arg(long, conflicts_with = "console_info")]
    pub no_console_info: bool,
    /// Restrict service-specific credentials to these services.
    #[arg(
        long,
        value_name = "SERVICES",
        value_delimiter = ',',
        action = ArgAction::Append,
        value_parser = values::named::<CredentialService>()
    )]
    pub service_credential_services: Vec<CredentialService>,
}

impl ChoiceFlags {
    fn credentials(&self) -> Vec<Credential> {
        if self.all {
            return Credential::ALL.to_vec();
        }
        let flagged = [
            (self.password, Credential::Password),
            (self.access_keys, Credential::AccessKeys),
            (self.mfa_devices, Credential::MfaDevices),
            (self.signing_certificates, Credential::SigningCertificates),
            (self.ssh_keys, Credential::SshKeys),
            (self.service_credentials, Credential::ServiceCredentials),
        ];
        flagged
            .into_iter()
            .filter_map(|(on, credential)| on.then_some(credential))
            .collect()
    }

    /// The preset's choices with these flags applied.
    pub fn apply(&self, preset: Preset) -> Result<Choices, Failure> {
        let mut choices = preset.choices();
        let credentials = self.credentials();
        if !credentials.is_empty() {
            choices.set_only(&credentials);
        }
        if self.no_enforce_mfa {
            choices.enforce_mfa = false;
        }
        if self.enforce_mfa {
            choices.enforce_mfa = true;
        }
        if self.keys_cannot_enrol_mfa {
            choices.keys_cannot_enrol_mfa = true;
        }
        if self.no_password_change_before_mfa {
            choices.password_change_before_mfa = false;
        }
        if self.user_paths {
            choices.user_paths = true;
        }
        if self.no_console_info {
            choices.console_info = false;
        }
        if let Some(check) = self.mfa_check {
            choices.mfa_check = check;
        }
        if self.allow_keys_to_enrol_mfa {
            choices.keys_cannot_enrol_mfa = false;
        }
        if self.password_change_before_mfa {
            if !choices.has(Credential::Password) {
                return Err(Failure::new(
                    "--password-change-before-mfa needs the console password (add --password)",
                ));
            }
            choices.password_change_before_mfa = true;
        }
        if let Some(account) = &self.account {
            choices.account = account.clone();
        }
        if let Some(partition) = self.partition {
            choices.partition = partition;
        }
        if self.no_user_paths {
            choices.user_paths = false;
        }
        if self.console_info {
            choices.console_info = true;
        }
        if !self.service_credential_services.is_empty() {
            if !choices.has(Credential::ServiceCredentials) {
                return Err(Failure::new(
                    "--service-credential-services needs service-specific credentials (add --service-credentials)",
                ));
            }
            for service in &self.service_credential_services {
                choices.set_service_restriction(*service, true);
            }
        }
        Ok(choices)
    }
}

pub fn run(args: GenerateArgs, top_level_preset: Option<Preset>) -> Result<ExitCode, Failure> {
    let preset = args
        .preset
        .or(top_level_preset)
        .unwrap_or(Preset::Recommended);
    let mut choices = args.choices.apply(preset)?;
    if let Some(attachment) = args.attach {
        choices.attachment = attachment;
    }
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => Format::from_extension(path).unwrap_or(Format::Json),
        (None, None) => Format::Json,
    };
    let document = generate(&choices);
    let text = export::render(&document, format);
    warn_when_too_large(&document, choices.attachment);
    match &args.output {
        Some(path) if path.as_os_str() != "-" => save_atomic(path, &text, args.force)?,
        _ => stdout::write(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn warn_when_too_large(document: &serde_json::Value, attachment: Attachment) {
    let size = crate::policy::size::policy_size(&export::to_minified_json(document));
    if size > attachment.limit() {
        eprintln!(
            "iamself-tui: warning: the policy has {size} characters, over the {} limit of {} for a {}",
            attachment.limit(),
            attachment.name(),
            attachment.label()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use crate::policy::model::choices::TWO_STATE_CHOICES;
    use clap::Parser;

    /// The choices `generate` gives for these arguments after the subcommand.
    fn generated(arguments: &[&str]) -> Choices {
        let command = ["iamself-tui", "generate"].iter().chain(arguments);
        let cli = Cli::try_parse_from(command).expect("the flags parse");
        let Some(Command::Generate(args)) = cli.command else {
            panic!("generate");
        };
        let preset = args.preset.unwrap_or(Preset::Recommended);
        args.choices.apply(preset).expect("the flags apply")
    }

    /// Every two-state choice has a flag that turns it on and one that turns it off: `--KEY` and
    /// `--no-KEY`, except where the words say it better.
    #[test]
    fn every_two_state_choice_has_a_pair_of_flags() {
        for choice in TWO_STATE_CHOICES {
            let on_flag = format!("--{}", choice.key);
            let off_flag = format!("--no-{}", choice.key);
            let (on, off): (Vec<&str>, Vec<&str>) = match choice.key {
                "mfa-check" => (vec![&on_flag, "bool"], vec![&on_flag, "bool-if-exists"]),
                "keys-cannot-enrol-mfa" => (vec![&on_flag], vec!["--allow-keys-to-enrol-mfa"]),
                _ => (vec![&on_flag], vec![&off_flag]),
            };
            for preset in Preset::ALL {
                let mut preset_args = vec!["--preset", preset.name()];
                if !preset.choices().has(Credential::Password) {
                    // The password change before MFA needs the password.
                    preset_args.push("--password");
                }
                let with = |flags: &[&str]| {
                    let mut arguments = preset_args.clone();
                    arguments.extend(flags);
                    generated(&arguments)
                };
                assert!((choice.get)(&with(&on)), "{on:?} on {}", preset.name());
                assert!(!(choice.get)(&with(&off)), "{off:?} on {}", preset.name());
            }
        }
    }

    #[test]
    fn no_credential_flag_keeps_the_presets_types() {
        let choices = ChoiceFlags::default().apply(Preset::MfaOnly).unwrap();
        assert_eq!(choices, Preset::MfaOnly.choices());
    }

    #[test]
    fn credential_flags_select_exactly_those_types() {
        let flags = ChoiceFlags {
            password: true,
            ssh_keys: true,
            ..ChoiceFlags::default()
        };
        let choices = flags.apply(Preset::Recommended).unwrap();
        let types: Vec<Credential> = choices.credentials().collect();
        assert_eq!(types, [Credential::Password, Credential::SshKeys]);
        assert!(choices.enforce_mfa, "the rest still comes from the preset");
    }

    #[test]
    fn all_overrides_a_narrow_preset() {
        let flags = ChoiceFlags {
            all: true,
            ..ChoiceFlags::default()
        };
        let choices = flags.apply(Preset::PasswordOnly).unwrap();
        assert_eq!(choices.credentials().count(), 6);
        assert!(!choices.enforce_mfa);
    }

    #[test]
    fn other_flags_override_the_preset() {
        let flags = ChoiceFlags {
            no_enforce_mfa: true,
            mfa_check: Some(MfaCheck::Bool),
            allow_keys_to_enrol_mfa: true,
            password_change_before_mfa: true,
            account: Some(Account::parse("123456789012").unwrap()),
            partition: Some(Partition::AwsCn),
            no_user_paths: true,
            console_info: true,
            service_credential_services: vec![CredentialService::Bedrock],
            ..ChoiceFlags::default()
        };
        let choices = flags.apply(Preset::Recommended).unwrap();
        assert!(!choices.enforce_mfa && !choices.keys_cannot_enrol_mfa && !choices.user_paths);
        assert!(choices.password_change_before_mfa && choices.console_info);
        assert_eq!(choices.mfa_check, MfaCheck::Bool);
        assert_eq!(choices.account.as_str(), "123456789012");
        assert_eq!(choices.partition, Partition::AwsCn);
        assert_eq!(choices.restricted_services(), [CredentialService::Bedrock]);
    }

    #[test]
    fn flags_strengthen_a_preset_as_well_as_weaken_it() {
        let weak = Preset::ALL
            .iter()
            .copied()
            .find(|p| !p.choices().enforce_mfa)
            .expect("a preset without enforcement");
        let flags = ChoiceFlags {
            enforce_mfa: true,
            keys_cannot_enrol_mfa: true,
            user_paths: true,
            no_password_change_before_mfa: true,
            no_console_info: true,
            ..ChoiceFlags::default()
        };
        let choices = flags.apply(weak).unwrap();
        assert!(choices.enforce_mfa && choices.keys_cannot_enrol_mfa && choices.user_paths);
        assert!(!choices.password_change_before_mfa && !choices.console_info);
    }

    #[test]
    fn contradictory_flags_are_refused() {
        let flags = ChoiceFlags {
            ssh_keys: true,
            service_credential_services: vec![CredentialService::CodeCommit],
            ..ChoiceFlags::default()
        };
        assert!(flags.apply(Preset::Recommended).is_err());
        let flags = ChoiceFlags {
            password_change_before_mfa: true,
            ..ChoiceFlags::default()
        };
        assert!(flags.apply(Preset::MfaOnly).is_err());
    }
}
