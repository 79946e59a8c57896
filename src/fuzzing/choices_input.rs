//! Bytes → wizard choices: the first byte picks a preset, then each pair of bytes (operation,
//! argument) is one edit through the public setters, as the TUI and the CLI flags make them.
//! Account edits read text from the input, valid or not, through `Account::parse`.

use crate::policy::model::Named;
use crate::policy::model::choices::{
    Account, Attachment, Choices, Credential, CredentialService, Partition, Preset,
    TWO_STATE_CHOICES,
};

/// Longest account text read by one edit: a bit more than an account ID, to reach near misses.
const MAX_ACCOUNT_TEXT: usize = 16;
const ACCOUNT_DIGITS: usize = 12;

/// Edits 0 to 3 are credentials and service restrictions; then one edit per two-state choice (in
/// [`TWO_STATE_CHOICES`] order, the argument's top bit is the state); then partition, attachment,
/// account text, account digits and a preset.
const FIRST_TWO_STATE: usize = 4;
const AFTER_TWO_STATE: usize = FIRST_TWO_STATE + TWO_STATE_CHOICES.len();
const OPERATIONS: usize = AFTER_TWO_STATE + 5;

pub fn choices_from_bytes(data: &[u8]) -> Choices {
    let mut bytes = data.iter().copied();
    let mut choices = match bytes.next() {
        Some(byte) => pick(Preset::ALL, byte).choices(),
        None => Choices::default(),
    };
    while let Some(operation) = bytes.next() {
        let argument = bytes.next().unwrap_or(0);
        let on = argument & 0x80 != 0;
        let operation = usize::from(operation) % OPERATIONS;
        if let Some(choice) = operation
            .checked_sub(FIRST_TWO_STATE)
            .and_then(|i| TWO_STATE_CHOICES.get(i))
        {
            (choice.set)(&mut choices, on);
            continue;
        }
        match operation {
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
            AFTER_TWO_STATE => choices.partition = pick(Partition::ALL, argument),
            n if n == AFTER_TWO_STATE + 1 => choices.attachment = pick(Attachment::ALL, argument),
            n if n == AFTER_TWO_STATE + 2 => {
                let length = usize::from(argument) % (MAX_ACCOUNT_TEXT + 1);
                let raw: Vec<u8> = bytes.by_ref().take(length).collect();
                apply_text(&mut choices, &String::from_utf8_lossy(&raw));
            }
            n if n == AFTER_TWO_STATE + 3 => {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each two-state choice has its own edit, which sets exactly that choice.
    #[test]
    fn every_two_state_choice_has_an_edit() {
        for (i, choice) in TWO_STATE_CHOICES.iter().enumerate() {
            let operation = u8::try_from(FIRST_TWO_STATE + i).expect("fits a byte");
            for on in [false, true] {
                let preset = Choices::default();
                let edited = choices_from_bytes(&[0, operation, if on { 0x80 } else { 0 }]);
                assert_eq!((choice.get)(&edited), on, "{}", choice.key);
                let mut expected = preset;
                (choice.set)(&mut expected, on);
                assert_eq!(edited, expected, "{}", choice.key);
            }
        }
    }
}
