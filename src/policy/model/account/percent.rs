//! RFC 3986 percent-decoding of policy documents as the IAM API returns them
//! (`GetAccountAuthorizationDetails`: "The policy document is URL-encoded compliant with RFC 3986").
//!
//! Only `%XX` is decoded. A `+` stays a `+`: it is not a space in RFC 3986 (that is the HTML form
//! encoding), and IAM names and ARNs may contain `+=,.@-`.

use std::borrow::Cow;

/// Why a percent-encoded text cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentError {
    /// A `%` not followed by two hexadecimal digits, at this byte offset of the encoded text.
    BadEscape { offset: usize },
    /// The decoded bytes are not UTF-8; the offset is in the decoded bytes.
    NotUtf8 { offset: usize },
}

impl std::fmt::Display for PercentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PercentError::BadEscape { offset } => write!(
                f,
                "invalid percent-encoding at offset {offset}: '%' must be followed by two hexadecimal digits"
            ),
            PercentError::NotUtf8 { offset } => write!(
                f,
                "the percent-decoded document is not UTF-8 (invalid byte at offset {offset})"
            ),
        }
    }
}

/// Decodes every `%XX`; text without a `%` is returned as is, without a copy.
pub fn decode(text: &str) -> Result<Cow<'_, str>, PercentError> {
    let Some(first) = text.find('%') else {
        return Ok(Cow::Borrowed(text));
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%' {
            let high = bytes.get(i + 1).copied().and_then(hex_value);
            let low = bytes.get(i + 2).copied().and_then(hex_value);
            let (Some(high), Some(low)) = (high, low) else {
                return Err(PercentError::BadEscape { offset: i });
            };
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|e| PercentError::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        })
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Encodes every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`), as the IAM API
/// does; used by tests and the benchmark's dump generator.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
            out.push(char::from(HEX_DIGITS[usize::from(byte & 0xF)]));
        }
    }
    out
}

const HEX_DIGITS: [u8; 16] = *b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_stays_plus_and_only_percent_escapes_are_decoded() {
        assert_eq!(
            decode("%7B%22a%22%3A%22x+y%2Bz%22%7D").unwrap(),
            r#"{"a":"x+y+z"}"#
        );
    }

    #[test]
    fn text_without_escapes_is_borrowed() {
        assert!(matches!(decode("abc+def"), Ok(Cow::Borrowed("abc+def"))));
    }

    #[test]
    fn lower_case_hex_and_multibyte_utf8_decode() {
        assert_eq!(decode("caf%c3%a9").unwrap(), "café");
    }

    #[test]
    fn a_bad_escape_names_its_offset() {
        assert_eq!(decode("ab%4"), Err(PercentError::BadEscape { offset: 2 }));
        assert_eq!(decode("%zz"), Err(PercentError::BadEscape { offset: 0 }));
        assert_eq!(decode("%"), Err(PercentError::BadEscape { offset: 0 }));
    }

    #[test]
    fn decoded_bytes_must_be_utf8() {
        assert_eq!(decode("ok%FF"), Err(PercentError::NotUtf8 { offset: 2 }));
    }

    #[test]
    fn encode_then_decode_is_the_identity() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Resource":"arn:aws:iam::*:user/a+b=c,d.e@f-g ~é"}}"#;
        let encoded = encode(text);
        assert!(!encoded.contains(['{', '"', '+', ' ']), "{encoded}");
        assert_eq!(decode(&encoded).unwrap(), text);
    }
}
