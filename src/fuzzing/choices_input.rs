//! Bytes → wizard choices: the first byte picks a preset, then each pair of bytes (operation,
//! argument) is one edit through the public setters, as the TUI and the CLI flags make them.
//! Account edits read text from the input, valid or not, through `Account::parse`.

use crate::policy::model::Named;
use crate::policy::model::choices::{
    Account, Attachment, Choices, Credential, CredentialService, MfaCheck, Partition, Preset,
};

/// Longest account text read by one edit: a bit more than an account ID, to reach near misses.
const MAX_ACCOUNT_TEXT: usize = 16;
const ACCOUNT_DIGITS: usize = 12;

pub fn choices_from_bytes(data: &[u8]) -> Choices {
    let mut bytes = data.iter().copied();
    let mut choices = match bytes.next() {
        Some(byte) => pick(Preset::ALL, byte).choices(),
        None => Choices::default(),
    };
    while let Some(operation) = bytes.next() {
        let argument = bytes.next().unwrap_or(0);
        let on = argument & 0x80 != 0;
        match operation % 15 {
            0 => choices.set(pick(&Credential::ALL, argument), on),
            1 => choices.toggle(pick(&Credential::ALL, argument)),
            2 => {
                let chosen: Vec<Credential> = Credential::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(bit, _)| argument & (1 << bit) != 0)
                    .map(|(_, credential)| credential)
                    .collect();
                choices.set_only(&chosen);
            }
            3 => choices.set_service_restriction(pick(CredentialService::ALL, argument), on),
            4 => choices.enforce_mfa = on,
            5 => choices.mfa_check = [MfaCheck::BoolIfExists, MfaCheck::Bool][usize::from(on)],
            6 => choices.keys_cannot_enrol_mfa = on,
            7 => choices.password_change_before_mfa = on,
            8 => choices.user_paths = on,
            9 => choices.console_info = on,
            10 => choices.partition = pick(Partition::ALL, argument),
            11 => choices.attachment = pick(Attachment::ALL, argument),
            12 => {
                let length = usize::from(argument) % (MAX_ACCOUNT_TEXT + 1);
                let raw: Vec<u8> = bytes.by_ref().take(length).collect();
                apply_text(&mut choices, &String::from_utf8_lossy(&raw));
            }
            13 => {
                let digits: String = bytes
                    .by_ref()
                    .take(ACCOUNT_DIGITS)
                    .map(|b| char::from(b'0' + b % 10))
                    .collect();
                let parsed = Account::parse(&digits);
                assert_eq!(
                    parsed.is_ok(),
                    digits.len() == ACCOUNT_DIGITS,
                    "Account::parse({digits:?}) = {parsed:?}"
                );
                if let Ok(account) = parsed {
                    choices.account = account;
                }
            }
            _ => choices = pick(Preset::ALL, argument).choices(),
        }
    }
    choices
}

/// Text typed where a name is expected: the account field, and the names the CLI parses.
fn apply_text(choices: &mut Choices, text: &str) {
    match Account::parse(text) {
        Ok(account) => {
            let trimmed = text.trim();
            assert_eq!(account.as_str(), trimmed, "Account::parse({text:?})");
            choices.account = account;
        }
        Err(message) => super::invariants::one_line(&message, "account error"),
    }
    let names = [
        Preset::from_name(text).map(Preset::name),
        Attachment::from_name(text).map(Attachment::name),
        Partition::from_name(text).map(Partition::name),
    ];
    for name in names.into_iter().flatten() {
        assert_eq!(name, text, "a name parses only as itself");
    }
    if let Some(service) = CredentialService::from_name(text) {
        assert!(text == service.name() || text == service.service_name());
    }
}

fn pick<T: Copy>(items: &[T], byte: u8) -> T {
    items[usize::from(byte) % items.len()]
}
