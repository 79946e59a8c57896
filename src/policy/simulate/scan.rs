//! A fast reader for the common shape of a request line: one flat object whose strings have no
//! escapes, with `action`, `resource`, `username`, `account` and `mfa` and no `context`. It only
//! ever says "this line is exactly these fields" or "not sure": anything else (escapes, a
//! context, an unknown or repeated field, bad JSON) goes to the `serde_json` reader, which
//! gives the same answer for lines this one accepts and the error messages for the rest.
//!
//! It reads from the start of a line to its end (the `\n`, or the end of the text), so that a
//! line of the common shape is looked at once, and its strings eight bytes at a time
//! ([`json_plain_len`]). Speed layer (ARCHITECTURE.md): its simple twin is the `serde_json` reader,
//! kept equal by `accepted_lines_read_as_serde_json_reads_them`.

use crate::text::json_plain_len;

/// The fields of a line as written (before defaults and validation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScannedLine<'a> {
    pub action: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub username: Option<&'a str>,
    pub account: Option<&'a str>,
    pub mfa: Option<bool>,
}

/// The fields of the text's first line and the length of that line with its `\n`, or `None`
/// when the line needs the full reader.
pub fn scan_line(text: &str) -> Option<(ScannedLine<'_>, usize)> {
    let bytes = text.as_bytes();
    let mut fields = ScannedLine::default();
    // One bit per key, in the order of `key`.
    let mut seen = 0u8;
    let mut at = after(bytes, 0, b'{')?;
    loop {
        // Compact JSON has the key right there; else whitespace comes first.
        let (slot, length) = match key(bytes.get(at..)?) {
            Some(found) => found,
            None => {
                at = skip_space(bytes, at);
                key(bytes.get(at..)?)?
            }
        };
        if seen & 1 << slot != 0 {
            return None;
        }
        seen |= 1 << slot;
        at = after(bytes, at + length, b':')?;
        at = skip_space_if_any(bytes, at);
        if *bytes.get(at)? == b'"' {
            // A string without escapes or control characters, up to its closing quote.
            let start = at + 1;
            let end = start + json_plain_len(bytes.get(start..)?);
            if *bytes.get(end)? != b'"' {
                return None;
            }
            // Next to the ASCII quotes: character boundaries.
            let value = text.get(start..end)?;
            match slot {
                0 => fields.action = Some(value),
                1 => fields.resource = Some(value),
                2 => fields.username = Some(value),
                3 => fields.account = Some(value),
                _ => return None,
            }
            at = end + 1;
        } else {
            let (literal, length) = literal(bytes.get(at..)?)?;
            match (slot, literal) {
                // A `null` user name or account is left out.
                (2..=4, Literal::Null) => {}
                (4, Literal::True) => fields.mfa = Some(true),
                (4, Literal::False) => fields.mfa = Some(false),
                _ => return None,
            }
            at += length;
        }
        at = skip_space_if_any(bytes, at);
        match *bytes.get(at)? {
            b',' => at += 1,
            b'}' => break,
            _ => return None,
        }
    }
    at = skip_space(bytes, at + 1);
    let length = match bytes.get(at) {
        None => at,
        Some(b'\n') => at + 1,
        Some(_) => return None,
    };
    // `action` and `resource` are required.
    (seen & 0b11 == 0b11).then_some((fields, length))
}

/// The position after `byte`, expected at `at` after any whitespace: compact JSON has it
/// right there, which is tested first.
#[inline(always)]
fn after(bytes: &[u8], at: usize, byte: u8) -> Option<usize> {
    if *bytes.get(at)? == byte {
        return Some(at + 1);
    }
    let at = skip_space(bytes, at);
    (*bytes.get(at)? == byte).then_some(at + 1)
}

/// [`skip_space`] where compact JSON has no whitespace: one test when there is none.
#[inline(always)]
fn skip_space_if_any(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b' ' | b'\t' | b'\r') => skip_space(bytes, at + 1),
        _ => at,
    }
}

/// JSON whitespace, within the line.
#[inline(always)]
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// One of the five keys, with its quotes, at the start of `rest`: its slot (action, resource,
/// username, account, mfa) and length. Any other key (or a known one written with escapes) is
/// left to the full reader. The first eight bytes are compared as one word (no call to
/// `memcmp`).
#[inline(always)]
fn key(rest: &[u8]) -> Option<(u32, usize)> {
    let word = u64::from_le_bytes(*rest.first_chunk::<8>()?);
    let then = |at: usize, tail: &[u8]| rest.get(at..at + tail.len()) == Some(tail);
    if word == u64::from_le_bytes(*b"\"action\"") {
        Some((0, 8))
    } else if word == u64::from_le_bytes(*b"\"resourc") && then(8, b"e\"") {
        Some((1, 10))
    } else if word == u64::from_le_bytes(*b"\"usernam") && then(8, b"e\"") {
        Some((2, 10))
    } else if word == u64::from_le_bytes(*b"\"account") && then(8, b"\"") {
        Some((3, 9))
    } else if word & 0xff_ffff_ffff == u64::from_le_bytes(*b"\"mfa\"\0\0\0") {
        Some((4, 5))
    } else {
        None
    }
}

/// `null`, `true` or `false` at the start of `rest` (their first four bytes compared as one
/// word), and its length.
#[inline(always)]
fn literal(rest: &[u8]) -> Option<(Literal, usize)> {
    let word = u32::from_le_bytes(*rest.first_chunk::<4>()?);
    if word == u32::from_le_bytes(*b"null") {
        Some((Literal::Null, 4))
    } else if word == u32::from_le_bytes(*b"true") {
        Some((Literal::True, 4))
    } else if word == u32::from_le_bytes(*b"fals") && rest.get(4) == Some(&b'e') {
        Some((Literal::False, 5))
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Literal {
    Null,
    True,
    False,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Option<ScannedLine<'_>> {
        scan_line(line).map(|(fields, _)| fields)
    }

    #[test]
    fn the_common_shape_is_read_without_serde() {
        let line = r#" { "action":"iam:GetUser" ,"resource":"*","username":"bob","account":null,"mfa":false} "#;
        assert_eq!(
            scan_line(line),
            Some((
                ScannedLine {
                    action: Some("iam:GetUser"),
                    resource: Some("*"),
                    username: Some("bob"),
                    account: None,
                    mfa: Some(false),
                },
                line.len()
            ))
        );
    }

    #[test]
    fn a_line_ends_at_its_newline() {
        let first = "{\"action\":\"a:b\",\"resource\":\"*\"} \r\n";
        let text = format!("{first}{{\"action\":\"c:d\",\"resource\":\"*\"}}\n");
        let (line, length) = scan_line(&text).expect("common shape");
        assert_eq!((line.action, length), (Some("a:b"), first.len()));
        let (line, length) = scan_line(&text[first.len()..]).expect("common shape");
        assert_eq!(
            (line.action, length),
            (Some("c:d"), text.len() - first.len())
        );
        // An object spread over several lines is several bad lines, as the full reader says.
        assert_eq!(scan_line("{\"action\":\"a:b\",\n\"resource\":\"*\"}"), None);
        assert_eq!(scan_line("{\"action\":\"a:b\n\",\"resource\":\"*\"}"), None);
    }

    #[test]
    fn anything_unusual_goes_to_the_full_reader() {
        for line in [
            r#"{"action":"a\"b","resource":"*"}"#,
            r#"{"action":"a","resource":"*","context":{}}"#,
            r#"{"action":"a","resource":"*","action":"b"}"#,
            r#"{"action":"a","resource":"*","extra":1}"#,
            r#"{"action":"a"}"#,
            r#"{"action":"a","resource":"*"} x"#,
            r#"{"action":"a","resource":"*",}"#,
            r#"{"action":"a","resource":"*","mfa":"true"}"#,
            r#"{"action":"a","resource":"*","mfa":truex}"#,
            "{\"action\":\"a\u{1}\",\"resource\":\"*\"}",
            r#"{"action":null,"resource":"*"}"#,
            r#"{"action":"a","resource":"*"#,
            "{}",
            "[1]",
            "",
        ] {
            assert_eq!(fields(line), None, "{line}");
        }
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Serde {
        action: String,
        resource: String,
        #[serde(default)]
        username: Option<String>,
        #[serde(default)]
        account: Option<String>,
        #[serde(default)]
        mfa: Option<bool>,
    }

    /// A JSON value: mostly a plain string, sometimes one with an escape or a control
    /// character, a literal, a number or an object.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            8 => "[a-z0-9:/*\u{e9}\u{7f} -]{0,16}".prop_map(|s| format!("\"{s}\"")),
            1 => r#""[a-z]{0,3}(\\n|\\"|\\u0041|\x01|\n)[a-z]{0,3}""#,
            1 => "(null|true|false|1|\\{\\}|\"x)",
        ]
    }

    proptest::proptest! {
        // About one generated line in five is of the common shape.
        // Failures found are kept beside this file (scan.proptest-regressions).
        #![proptest_config(proptest::test_runner::Config {
            cases: 1024,
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
            )),
            ..proptest::test_runner::Config::default()
        })]

        /// Whatever this reader accepts, `serde_json` reads alike, and the line's length is
        /// the first line's. Lines: the five known members in any order, sometimes another
        /// one, with any JSON whitespace, then the end of the line or more.
        #[test]
        fn accepted_lines_read_as_serde_json_reads_them(
            action in value(),
            resource in value(),
            optional in proptest::collection::vec(proptest::option::of(value()), 3),
            other in proptest::option::weighted(
                0.1,
                r#""(action|context|act\\u0069on|extra)":(\{\}|1|"x")"#,
            ),
            spaces in proptest::collection::vec(
                proptest::prop_oneof![19 => "[ \t\r]{0,2}", 1 => "[ \n]{1,2}"],
                7,
            ),
            rotation in 0..6usize,
            end in proptest::prop_oneof![
                4 => "[ \t\r]{0,2}(\n|\n\\{|)",
                1 => "[ \t\r]{0,2}(x|,|\\})",
            ],
        ) {
            let mut members = vec![format!("\"action\":{action}"), format!("\"resource\":{resource}")];
            for (key, value) in ["username", "account", "mfa"].iter().zip(&optional) {
                if let Some(value) = value {
                    members.push(format!("\"{key}\"{}:{value}", spaces[0]));
                }
            }
            members.extend(other);
            let turn = rotation % members.len();
            members.rotate_left(turn);
            let body: Vec<String> = members
                .iter()
                .zip(spaces.iter().cycle().skip(1))
                .map(|(member, space)| format!("{space}{member}{space}"))
                .collect();
            let text = format!("{}{{{}}}{end}", spaces[6], body.join(","));
            if let Some((line, length)) = scan_line(&text) {
                let first = text.split_inclusive('\n').next().unwrap_or_default();
                proptest::prop_assert_eq!(length, first.len());
                let read: Serde = serde_json::from_str(&text[..length])
                    .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                proptest::prop_assert_eq!(read.action.as_str(), line.action.unwrap_or_default());
                proptest::prop_assert_eq!(read.resource.as_str(), line.resource.unwrap_or_default());
                proptest::prop_assert_eq!(read.username.as_deref(), line.username);
                proptest::prop_assert_eq!(read.account.as_deref(), line.account);
                proptest::prop_assert_eq!(read.mfa, line.mfa);
            }
        }
    }
}
