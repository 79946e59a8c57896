//! A fast reader for the common shape of a request line: one flat object whose strings have no
//! escapes, with `action`, `resource`, `username`, `account` and `mfa` and no `context`. It only
//! ever says "this line is exactly these fields" or "not sure": anything else (escapes, a
//! context, an unknown or repeated field, bad JSON) goes to the `serde_json` reader, which
//! gives the same answer for lines this one accepts and the error messages for the rest.

/// The fields of a line as written (before defaults and validation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScannedLine<'a> {
    pub action: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub username: Option<&'a str>,
    pub account: Option<&'a str>,
    pub mfa: Option<bool>,
}

/// The line's fields, or `None` when the line needs the full reader.
pub fn scan_line(line: &str) -> Option<ScannedLine<'_>> {
    let mut cursor = Cursor { text: line, at: 0 };
    let mut fields = ScannedLine::default();
    let mut seen = [false; 5];
    cursor.skip_space();
    cursor.expect(b'{')?;
    cursor.skip_space();
    if cursor.peek()? == b'}' {
        return None;
    }
    loop {
        let key = cursor.string()?;
        cursor.skip_space();
        cursor.expect(b':')?;
        cursor.skip_space();
        let slot = match key {
            "action" => 0,
            "resource" => 1,
            "username" => 2,
            "account" => 3,
            "mfa" => 4,
            _ => return None,
        };
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
    (cursor.at == line.len() && fields.action.is_some() && fields.resource.is_some())
        .then_some(fields)
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

    /// JSON whitespace.
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string without escapes or control characters.
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let bytes = self.text.as_bytes();
        loop {
            match *bytes.get(self.at)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        // The quotes are ASCII, so these are character boundaries.
        Some(&self.text[start..self.at - 1])
    }

    fn literal(&mut self, word: &str) -> bool {
        let matched = self.text.as_bytes()[self.at..].starts_with(word.as_bytes());
        if matched {
            self.at += word.len();
        }
        matched
    }

    fn string_or_null(&mut self) -> Option<Option<&'a str>> {
        if self.literal("null") {
            return Some(None);
        }
        self.string().map(Some)
    }

    fn bool_or_null(&mut self) -> Option<Option<bool>> {
        if self.literal("null") {
            Some(None)
        } else if self.literal("true") {
            Some(Some(true))
        } else if self.literal("false") {
            Some(Some(false))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_shape_is_read_without_serde() {
        let line = r#" { "action":"iam:GetUser" ,"resource":"*","username":"bob","account":null,"mfa":false} "#;
        assert_eq!(
            scan_line(line),
            Some(ScannedLine {
                action: Some("iam:GetUser"),
                resource: Some("*"),
                username: Some("bob"),
                account: None,
                mfa: Some(false),
            })
        );
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
            "{}",
            "[1]",
            "",
        ] {
            assert_eq!(scan_line(line), None, "{line}");
        }
    }
}
