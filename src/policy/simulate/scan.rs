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
    let mut cursor = Cursor { text, at: 0 };
    let mut fields = ScannedLine::default();
    let mut seen = [false; 5];
    cursor.skip_space();
    cursor.expect(b'{')?;
    cursor.skip_space();
    if cursor.peek()? == b'}' {
        return None;
    }
    loop {
        let slot = cursor.key()?;
        cursor.skip_space();
        cursor.expect(b':')?;
        cursor.skip_space();
        if std::mem::replace(&mut seen[slot], true) {
            return None;
        }
        match slot {
            0 => fields.action = Some(cursor.string()?),
            1 => fields.resource = Some(cursor.string()?),
            2 => fields.username = cursor.string_or_null()?,
            3 => fields.account = cursor.string_or_null()?,
            _ => fields.mfa = cursor.bool_or_null()?,
        }
        cursor.skip_space();
        match cursor.next()? {
            b',' => cursor.skip_space(),
            b'}' => break,
            _ => return None,
        }
    }
    cursor.skip_space();
    let length = match cursor.peek() {
        None => cursor.at,
        Some(b'\n') => cursor.at + 1,
        Some(_) => return None,
    };
    (fields.action.is_some() && fields.resource.is_some()).then_some((fields, length))
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// JSON whitespace, within the line.
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    /// One of the five keys, with its quotes: its slot in `seen`. Any other key (or a known
    /// one written with escapes) is left to the full reader. The key's first eight bytes are
    /// compared as one word (no call to `memcmp`).
    fn key(&mut self) -> Option<usize> {
        let rest = &self.text.as_bytes()[self.at..];
        let word = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let then = |at: usize, tail: &[u8]| rest.get(at..at + tail.len()) == Some(tail);
        let (slot, length) = if word == u64::from_le_bytes(*b"\"action\"") {
            (0, 8)
        } else if word == u64::from_le_bytes(*b"\"resourc") && then(8, b"e\"") {
            (1, 10)
        } else if word == u64::from_le_bytes(*b"\"usernam") && then(8, b"e\"") {
            (2, 10)
        } else if word == u64::from_le_bytes(*b"\"account") && then(8, b"\"") {
            (3, 9)
        } else if word & 0xff_ffff_ffff == u64::from_le_bytes(*b"\"mfa\"\0\0\0") {
            (4, 5)
        } else {
            return None;
        };
        self.at += length;
        Some(slot)
    }

    /// A string without escapes or control characters.
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        self.at += json_plain_len(&self.text.as_bytes()[start..]);
        // Stopped at the closing quote, or at an escape, a control character or the end.
        self.expect(b'"')?;
        // The quotes are ASCII, so these are character boundaries.
        Some(&self.text[start..self.at - 1])
    }

    /// `null`, `true` or `false` (their first four bytes compared as one word).
    fn literal(&mut self) -> Option<Literal> {
        let rest = &self.text.as_bytes()[self.at..];
        let word = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
        let (literal, length) = if word == u32::from_le_bytes(*b"null") {
            (Literal::Null, 4)
        } else if word == u32::from_le_bytes(*b"true") {
            (Literal::True, 4)
        } else if word == u32::from_le_bytes(*b"fals") && rest.get(4) == Some(&b'e') {
            (Literal::False, 5)
        } else {
            return None;
        };
        self.at += length;
        Some(literal)
    }

    fn string_or_null(&mut self) -> Option<Option<&'a str>> {
        match self.peek()? {
            b'"' => self.string().map(Some),
            _ => (self.literal()? == Literal::Null).then_some(None),
        }
    }

    fn bool_or_null(&mut self) -> Option<Option<bool>> {
        match self.literal()? {
            Literal::Null => Some(None),
            Literal::True => Some(Some(true)),
            Literal::False => Some(Some(false)),
        }
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
