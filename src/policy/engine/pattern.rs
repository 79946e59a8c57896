//! Wildcard patterns: `*` matches any run of characters (including none), `?` exactly one
//! (IAM User Guide, `reference_policies_elements_action` and `..._resource`). Action names match
//! case-insensitively, ARNs and condition strings case-sensitively.

/// A compiled pattern. Built once per policy; matching allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(Vec<u8>),
    AnyRun,
    AnyChar,
}

/// Fast paths for the common shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// Only `*`s: matches everything.
    Everything,
    /// No wildcard at all: plain comparison.
    Exact(Vec<u8>),
    General(Vec<Token>),
}

/// Pieces a pattern is built from: text whose `*`/`?` are wildcards, or literal text (from an
/// escape or a substituted variable value) whose characters are never wildcards.
pub enum Piece<'a> {
    Wild(&'a str),
    Literal(&'a str),
}

impl Pattern {
    /// A pattern from text in which `*` and `?` are wildcards.
    pub fn new(text: &str) -> Pattern {
        if !text.bytes().any(|b| b == b'*' || b == b'?') {
            return Pattern {
                shape: Shape::Exact(text.as_bytes().to_vec()),
            };
        }
        Pattern::from_pieces([Piece::Wild(text)])
    }

    /// A pattern that matches only this exact text.
    pub fn literal(text: &str) -> Pattern {
        Pattern {
            shape: Shape::Exact(text.as_bytes().to_vec()),
        }
    }

    pub fn from_pieces<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> Pattern {
        let mut tokens: Vec<Token> = Vec::new();
        let push_literal = |tokens: &mut Vec<Token>, bytes: &[u8]| {
            if let Some(Token::Literal(last)) = tokens.last_mut() {
                last.extend_from_slice(bytes);
            } else if !bytes.is_empty() {
                tokens.push(Token::Literal(bytes.to_vec()));
            }
        };
        for piece in pieces {
            match piece {
                Piece::Literal(text) => push_literal(&mut tokens, text.as_bytes()),
                Piece::Wild(text) => {
                    let mut start = 0;
                    for (i, b) in text.bytes().enumerate() {
                        if b == b'*' || b == b'?' {
                            push_literal(&mut tokens, &text.as_bytes()[start..i]);
                            let token = if b == b'*' {
                                Token::AnyRun
                            } else {
                                Token::AnyChar
                            };
                            if !(token == Token::AnyRun && tokens.last() == Some(&Token::AnyRun)) {
                                tokens.push(token);
                            }
                            start = i + 1;
                        }
                    }
                    push_literal(&mut tokens, &text.as_bytes()[start..]);
                }
            }
        }
        let shape = match tokens.as_slice() {
            [] => Shape::Exact(Vec::new()),
            [Token::AnyRun] => Shape::Everything,
            [Token::Literal(_)] => match tokens.pop() {
                Some(Token::Literal(bytes)) => Shape::Exact(bytes),
                _ => unreachable!("one literal token"),
            },
            _ => Shape::General(tokens),
        };
        Pattern { shape }
    }

    /// Lower-cases the literal parts, for matching against `eq_ignore_ascii_case` input.
    pub fn to_ascii_lowercase(mut self) -> Pattern {
        match &mut self.shape {
            Shape::Everything => {}
            Shape::Exact(bytes) => bytes.make_ascii_lowercase(),
            Shape::General(tokens) => {
                for token in tokens {
                    if let Token::Literal(bytes) = token {
                        bytes.make_ascii_lowercase();
                    }
                }
            }
        }
        self
    }

    /// Case-sensitive match.
    pub fn matches(&self, text: &str) -> bool {
        self.matches_with(text.as_bytes(), |a, b| a == b)
    }

    /// ASCII case-insensitive match; the pattern must have been lower-cased
    /// ([`Pattern::to_ascii_lowercase`]).
    pub fn matches_ignore_case(&self, text: &str) -> bool {
        self.matches_with(text.as_bytes(), |p, t| p == t.to_ascii_lowercase())
    }

    fn matches_with(&self, text: &[u8], eq: impl Fn(u8, u8) -> bool + Copy) -> bool {
        match &self.shape {
            Shape::Everything => true,
            Shape::Exact(bytes) => {
                bytes.len() == text.len() && bytes.iter().zip(text).all(|(p, t)| eq(*p, *t))
            }
            Shape::General(tokens) => glob(tokens, text, eq),
        }
    }
}

/// Iterative glob with single-point backtracking to the last `*` (linear in practice, no
/// recursion, no allocation).
fn glob(tokens: &[Token], text: &[u8], eq: impl Fn(u8, u8) -> bool + Copy) -> bool {
    let mut ti = 0; // token index
    let mut pos = 0; // byte position in text
    let mut backtrack: Option<(usize, usize)> = None; // (token after `*`, text position)
    loop {
        if ti == tokens.len() {
            if pos == text.len() {
                return true;
            }
        } else {
            match &tokens[ti] {
                Token::AnyRun => {
                    backtrack = Some((ti + 1, pos));
                    ti += 1;
                    continue;
                }
                Token::AnyChar => {
                    if pos < text.len() {
                        pos += utf8_width(text[pos]);
                        ti += 1;
                        continue;
                    }
                }
                Token::Literal(bytes) => {
                    if text.len() - pos >= bytes.len()
                        && bytes.iter().zip(&text[pos..]).all(|(p, t)| eq(*p, *t))
                    {
                        pos += bytes.len();
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        match backtrack {
            Some((next_token, start)) if start < text.len() => {
                let advanced = start + utf8_width(text[start]);
                backtrack = Some((next_token, advanced));
                ti = next_token;
                pos = advanced;
            }
            _ => return false,
        }
    }
}

/// Width of the UTF-8 character starting with this byte, so `?` and `*` step over whole
/// characters.
fn utf8_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_run_and_question_mark_one_character() {
        let p = Pattern::new("arn:aws:iam::*:user/a?ice");
        assert!(p.matches("arn:aws:iam::123456789012:user/alice"));
        assert!(!p.matches("arn:aws:iam::123456789012:user/alce"));
        assert!(Pattern::new("a*b*c").matches("aXXbYYbc"));
        assert!(!Pattern::new("a*b*c").matches("aXXbYYb"));
        assert!(Pattern::new("*").matches(""));
        assert!(Pattern::new("x**").matches("x"));
        assert!(Pattern::new("?").matches("é"));
    }

    #[test]
    fn arns_match_case_sensitively_actions_case_insensitively() {
        assert!(!Pattern::new("arn:aws:iam::*:user/Alice").matches("arn:aws:iam::1:user/alice"));
        let action = Pattern::new("IAM:*AccessKey*").to_ascii_lowercase();
        assert!(action.matches_ignore_case("iam:CreateAccessKey"));
        assert!(!action.matches_ignore_case("iam:ChangePassword"));
    }

    #[test]
    fn literal_pieces_are_never_wildcards() {
        let p = Pattern::from_pieces([Piece::Wild("user/"), Piece::Literal("*")]);
        assert!(p.matches("user/*"));
        assert!(!p.matches("user/alice"));
    }
}
