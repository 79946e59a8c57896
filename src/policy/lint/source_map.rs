//! Where things are in the policy text: a small JSON scanner that keeps the line of every value,
//! so findings can point at the statement, element or string they are about.
//!
//! serde_json's `Value` forgets positions; this scanner runs only on text serde_json has already
//! accepted, and gives up quietly (no lines) on anything it does not understand.

use std::borrow::Cow;

/// A JSON value with the 1-based line where it starts. Strings borrow from the text unless an
/// escape had to be decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'t> {
    pub line: usize,
    pub kind: Kind<'t>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'t> {
    /// Members in text order; each key with the line the key is on.
    Object(Vec<Member<'t>>),
    Array(Vec<Node<'t>>),
    String(Cow<'t, str>),
    /// Numbers, booleans and null.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member<'t> {
    pub key: Cow<'t, str>,
    pub key_line: usize,
    pub value: Node<'t>,
}

impl<'t> Node<'t> {
    /// The member's value (the last one when a key repeats, as serde_json keeps it).
    pub fn get(&self, key: &str) -> Option<&Node<'t>> {
        self.member(key).map(|m| &m.value)
    }

    pub fn member(&self, key: &str) -> Option<&Member<'t>> {
        match &self.kind {
            Kind::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }

    pub fn members(&self) -> &[Member<'t>] {
        match &self.kind {
            Kind::Object(members) => members,
            _ => &[],
        }
    }

    /// Line of a string equal to `text`: this node itself or an element of this array.
    pub fn string_line(&self, text: &str) -> Option<usize> {
        match &self.kind {
            Kind::String(s) if s == text => Some(self.line),
            Kind::Array(items) => items.iter().find_map(|item| match &item.kind {
                Kind::String(s) if s == text => Some(item.line),
                _ => None,
            }),
            _ => None,
        }
    }
}

/// Line lookups for a policy document. The text is scanned on the first lookup only: a clean
/// policy (the wizard's usual case) never pays for it.
#[derive(Debug, Clone, Default)]
pub struct SourceMap<'t> {
    text: &'t str,
    root: std::sync::OnceLock<Option<Node<'t>>>,
}

impl<'t> SourceMap<'t> {
    pub fn new(text: &'t str) -> SourceMap<'t> {
        SourceMap {
            text,
            root: std::sync::OnceLock::new(),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    fn root(&self) -> Option<&Node<'t>> {
        self.root
            .get_or_init(|| {
                let mut scanner = Scanner {
                    text: self.text,
                    bytes: self.text.as_bytes(),
                    pos: 0,
                    line: 1,
                };
                scanner.value(0)
            })
            .as_ref()
    }

    /// Line of a top-level key (`Version`, `Statement`...).
    pub fn top_key_line(&self, key: &str) -> Option<usize> {
        self.root()?.member(key).map(|m| m.key_line)
    }

    /// The statement at this index: an element of the `Statement` array, or the single
    /// statement object.
    pub fn statement(&self, index: usize) -> Option<&Node<'t>> {
        let statements = self.root()?.get("Statement")?;
        match &statements.kind {
            Kind::Array(items) => items.get(index),
            Kind::Object(_) if index == 0 => Some(statements),
            _ => None,
        }
    }

    pub fn statement_line(&self, index: usize) -> Option<usize> {
        self.statement(index).map(|n| n.line)
    }

    /// Line of a key inside a statement (`Resource`, `Condition`...), else the statement's line.
    pub fn element_line(&self, index: usize, key: &str) -> Option<usize> {
        let statement = self.statement(index)?;
        statement
            .member(key)
            .map(|m| m.key_line)
            .or(Some(statement.line))
    }

    /// Line of one string value of a statement element (`Action`, `Resource`...), falling back
    /// to the element's line, then the statement's.
    pub fn value_line(&self, index: usize, key: &str, value: &str) -> Option<usize> {
        let statement = self.statement(index)?;
        match statement.member(key) {
            Some(member) => member.value.string_line(value).or(Some(member.key_line)),
            None => Some(statement.line),
        }
    }

    /// Line of a condition key under an operator, falling back to the `Condition` element.
    pub fn condition_line(&self, index: usize, operator: &str, key: &str) -> Option<usize> {
        let found = self
            .statement(index)
            .and_then(|s| s.get("Condition"))
            .and_then(|c| c.get(operator))
            .and_then(|o| o.member(key))
            .map(|m| m.key_line);
        found.or_else(|| self.element_line(index, "Condition"))
    }

    /// Line of the first key, at the top level or inside the statement, whose quoted name
    /// appears in `message`: the best guess at what a grammar message is about.
    pub fn line_for_message(&self, statement: Option<usize>, message: &str) -> Option<usize> {
        let node = match statement {
            Some(index) => self.statement(index)?,
            None => self.root()?,
        };
        node.members()
            .iter()
            .find(|m| message.contains(&format!("\"{}\"", m.key)))
            .map(|m| m.key_line)
            .or(Some(node.line))
    }
}

/// Recursive-descent scanner over JSON bytes. serde_json rejects nesting deeper than 128, and
/// the scanner stops at the same depth, so recursion stays shallow.
struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    line: usize,
}

const MAX_DEPTH: usize = 128;

impl<'t> Scanner<'t> {
    fn skip_whitespace(&mut self) {
        let rest = &self.bytes[self.pos.min(self.bytes.len())..];
        let mut skipped = 0;
        for &b in rest {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            skipped += 1;
        }
        self.pos += skipped;
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, expected: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek()? == expected).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Node<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        let line = self.line;
        let kind = match self.peek()? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Kind::String(self.string()?),
            _ => {
                self.scalar();
                Kind::Other
            }
        };
        Some(Node { line, kind })
    }

    fn object(&mut self, depth: usize) -> Option<Kind<'t>> {
        self.pos += 1;
        let mut members = Vec::with_capacity(4);
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(Kind::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_line = self.line;
            let key = self.string()?;
            self.eat(b':')?;
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_line,
                value,
            });
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(Kind::Object(members));
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Kind<'t>> {
        self.pos += 1;
        let mut items = Vec::with_capacity(4);
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(Kind::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(Kind::Array(items));
                }
                _ => return None,
            }
        }
    }

    fn scalar(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                return;
            }
            self.pos += 1;
        }
    }

    /// A string literal, escapes decoded. Raw newlines cannot occur inside valid JSON strings.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        let plain = self.bytes[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\')?;
        self.pos = start + plain;
        if self.bytes[self.pos] == b'"' {
            // No escape: the text between the quotes, as written.
            self.pos += 1;
            return self.text.get(start..start + plain).map(Cow::Borrowed);
        }
        let mut out: Vec<u8> = self.bytes[start..self.pos].to_vec();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'"' => return String::from_utf8(out).ok().map(Cow::Owned),
                b'\\' => {
                    let escaped = self.peek()?;
                    self.pos += 1;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    let mut buffer = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        let value = u32::from_str_radix(text, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            // A surrogate pair: `\uD83D\uDE00`.
            if self.bytes.get(self.pos..self.pos + 2)? != b"\\u" {
                return Some(char::REPLACEMENT_CHARACTER);
            }
            self.pos += 2;
            let second = self.hex4()?;
            let combined =
                0x10000 + ((first - 0xD800) << 10) + (second.wrapping_sub(0xDC00) & 0x3FF);
            return Some(char::from_u32(combined).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        Some(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "One",
            "Effect": "Allow",
            "Action": [
                "iam:GetUser",
                "iam:List\u0055sers"
            ],
            "Resource": "*"
        },
        {"Effect": "Deny", "NotAction": "sts:GetSessionToken", "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
    ]
}"#;

    #[test]
    fn lines_of_statements_elements_and_values() {
        let map = SourceMap::new(TEXT);
        assert_eq!(map.top_key_line("Version"), Some(2));
        assert_eq!(map.statement_line(0), Some(4));
        assert_eq!(map.statement_line(1), Some(13));
        assert_eq!(map.statement_line(2), None);
        assert_eq!(map.value_line(0, "Action", "iam:GetUser"), Some(8));
        assert_eq!(map.value_line(0, "Action", "iam:ListUsers"), Some(9));
        assert_eq!(map.value_line(0, "Action", "iam:Nothing"), Some(7));
        assert_eq!(map.element_line(0, "Resource"), Some(11));
        assert_eq!(
            map.condition_line(1, "BoolIfExists", "aws:MultiFactorAuthPresent"),
            Some(14)
        );
    }

    #[test]
    fn single_statement_object_is_statement_zero() {
        let map = SourceMap::new("{\"Statement\":\n{\"Effect\":\"Allow\"}}");
        assert_eq!(map.statement_line(0), Some(2));
        assert_eq!(map.statement_line(1), None);
    }

    #[test]
    fn grammar_messages_point_at_the_key_they_quote() {
        let map = SourceMap::new("{\n\"Statement\": [{\n\"Effect\": \"Allow\",\n\"Foo\": 1}]}");
        assert_eq!(
            map.line_for_message(Some(0), "unknown element \"Foo\""),
            Some(4)
        );
        assert_eq!(
            map.line_for_message(Some(0), "missing \"Resource\""),
            Some(2)
        );
    }

    #[test]
    fn broken_text_gives_no_lines_and_no_panic() {
        for text in ["", "{", "[1,", "{\"a\" 1}", "\"\\u12", "{\"Statement\": [}"] {
            let map = SourceMap::new(text);
            assert_eq!(map.statement_line(0), None, "{text:?}");
        }
    }
}
