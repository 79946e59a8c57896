//! Clap value parsers for the library's own types, so that help, completions and error messages
//! list the accepted values.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::policy::model::choices::{Account, Attachment, CredentialService, Partition, Preset};
use crate::policy::output::export::Format;
use crate::policy::simulate;

pub fn preset() -> impl TypedValueParser<Value = Preset> {
    PossibleValuesParser::new(
        Preset::ALL.map(|preset| PossibleValue::new(preset.name()).help(preset.summary())),
    )
    .try_map(|name| Preset::parse(&name).ok_or_else(|| format!("unknown preset {name:?}")))
}

pub fn format() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name))
        .try_map(|name| Format::parse(&name).ok_or_else(|| format!("unknown format {name:?}")))
}

pub fn attachment() -> impl TypedValueParser<Value = Attachment> {
    PossibleValuesParser::new(
        Attachment::ALL.map(|a| PossibleValue::new(a.as_str()).help(a.label())),
    )
    .try_map(|name| Attachment::parse(&name).ok_or_else(|| format!("unknown attachment {name:?}")))
}

pub fn partition() -> impl TypedValueParser<Value = Partition> {
    PossibleValuesParser::new(Partition::ALL.map(Partition::as_str)).try_map(|name| {
        Partition::parse(&name).ok_or_else(|| format!("unknown partition {name:?}"))
    })
}

pub fn credential_service() -> impl TypedValueParser<Value = CredentialService> {
    PossibleValuesParser::new(
        CredentialService::ALL.map(|s| PossibleValue::new(s.short_name()).help(s.label())),
    )
    .try_map(|name| {
        CredentialService::parse(&name).ok_or_else(|| format!("unknown service {name:?}"))
    })
}

/// `*` or 12 digits (generate); the message is the library's.
pub fn account(text: &str) -> Result<Account, String> {
    Account::parse(text)
}

/// A concrete 12-digit account, for a principal (`explain --account`).
pub fn account_id(text: &str) -> Result<String, String> {
    simulate::account_id(text)
}

/// An IAM user name (`explain --username`).
pub fn username(text: &str) -> Result<String, String> {
    simulate::username(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_iam_rules() {
        assert!(username("alice").is_ok());
        assert!(username("a.b+c=d,e@f_g-h").is_ok());
        assert!(username("").is_err());
        assert!(username("has space").is_err());
        assert!(username(&"x".repeat(65)).is_err());
    }

    #[test]
    fn principal_account_must_be_concrete() {
        assert_eq!(account_id("123456789012").as_deref(), Ok("123456789012"));
        assert!(account_id("*").is_err());
        assert!(account_id("12").is_err());
    }
}
