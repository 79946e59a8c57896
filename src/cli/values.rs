//! Clap value parsers for the library's own types, so that help, completions and error messages
//! list the accepted values.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::policy::model::Named;
use crate::policy::model::choices::Account;
use crate::policy::sample;

/// Any [`Named`] value: help and completions list every name with its help line.
pub fn named<T: Named + Send + Sync>() -> impl TypedValueParser<Value = T> {
    named_with_help(T::help)
}

/// [`named`] with help lines of the command's own: one set of values can mean something
/// different to each command (`--format sarif` of `lint` and of `diff`).
pub fn named_with_help<T: Named + Send + Sync>(
    help: fn(T) -> Option<&'static str>,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::ALL.iter().map(|&value| {
        let possible = PossibleValue::new(value.name());
        match help(value) {
            Some(help) => possible.help(help),
            None => possible,
        }
    }))
    .try_map(|name| T::from_name(&name).ok_or_else(|| format!("unknown value {name:?}")))
}

/// `*` or 12 digits (generate); the message is the library's.
pub fn account(text: &str) -> Result<Account, String> {
    Account::parse(text)
}

/// A concrete 12-digit account, for a principal (`explain --account`).
pub fn account_id(text: &str) -> Result<String, String> {
    sample::account_id(text)
}

/// An IAM user name (`explain --username`).
pub fn username(text: &str) -> Result<String, String> {
    sample::username(text)
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
