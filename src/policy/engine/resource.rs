//! Patterns of the `Resource` and `NotResource` elements (IAM User Guide,
//! `reference_policies_elements_resource`, "Using wildcards in resource ARNs";
//! iam-semantics.md §7.6): `*` matches any run of characters and `?` any one character, but
//! a `*` that is not the last character of a colon-delimited segment stays inside its segment,
//! while "if the `*` wildcard is the last character of a resource ARN segment, it can expand to
//! match beyond the colon boundaries". So `arn:aws:logs:us-east-1:*:log-stream:s1` covers
//! `arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s1`, and `user/*/alice` does not
//! cover `user/a:b/alice`.
//!
//! The `arn`, partition and service segments compare ignoring ASCII case (the pattern's are
//! lower-cased here; the request's by [`super::condition::lower_case_service_prefix`]): AWS's
//! ARNs write them in lower case, and the wider reading never lets a Deny fail open
//! (iam-semantics.md §7, open question).

use crate::text::same_bytes;

/// A compiled resource pattern. Matching allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePattern {
    shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: any one character.
    AnyChar,
    /// A segment-final `*`: any run of characters, colons included.
    AnyRun,
    /// A `*` followed by more of its segment: any run of characters other than `:`.
    SegmentRun,
}

/// Fast paths for the common shapes; [`Shape::General`] is the reference for all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `*`: matches everything.
    Everything,
    /// No wildcard: plain comparison.
    Exact(String),
    /// One segment-final `*` between literal texts (`arn:aws:iam::*:user/alice`).
    PrefixSuffix(String, String),
    /// The literal text before the first wildcard and after the last one, checked first, and the
    /// tokens between them for the automaton.
    General {
        prefix: String,
        suffix: String,
        middle: Box<[Token]>,
    },
}

/// Segments at the start of an ARN that compare ignoring ASCII case: `arn`, partition, service.
const CASELESS_SEGMENTS: usize = 3;

impl ResourcePattern {
    /// From pieces of text: `(true, text)` is literal (a variable's value, an escape), whose
    /// `*` and `?` are not wildcards; `(false, text)` is policy text whose `*` and `?` are.
    pub fn from_pieces(pieces: &[(bool, &str)]) -> ResourcePattern {
        // Characters with a flag saying whether they are wildcards.
        let mut chars: Vec<(char, bool)> = Vec::new();
        let mut colons = 0;
        for (literal, text) in pieces {
            for c in text.chars() {
                let c = if colons < CASELESS_SEGMENTS {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                colons += usize::from(c == ':');
                chars.push((c, !literal && (c == '*' || c == '?')));
            }
        }
        let mut tokens: Vec<Token> = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let (c, wild) = chars[i];
            if wild && c == '*' {
                // A run of stars is one star; it is segment-final when the run ends the text or
                // is followed by a colon.
                let mut end = i;
                while end < chars.len() && chars[end] == ('*', true) {
                    end += 1;
                }
                let final_in_segment = chars.get(end).is_none_or(|(next, _)| *next == ':');
                tokens.push(if final_in_segment {
                    Token::AnyRun
                } else {
                    Token::SegmentRun
                });
                i = end;
                continue;
            }
            tokens.push(if wild { Token::AnyChar } else { Token::Char(c) });
            i += 1;
        }
        ResourcePattern {
            shape: shape(tokens),
        }
    }

    /// From policy text in which `*` and `?` are wildcards.
    pub fn new(text: &str) -> ResourcePattern {
        ResourcePattern::from_pieces(&[(false, text)])
    }

    /// Whether the resource matches; `resource` must have gone through
    /// [`super::condition::lower_case_service_prefix`].
    pub fn matches(&self, resource: &str) -> bool {
        match &self.shape {
            Shape::Everything => true,
            Shape::Exact(text) => same_bytes(text.as_bytes(), resource.as_bytes()),
            Shape::PrefixSuffix(prefix, suffix) => has_ends(resource, prefix, suffix),
            Shape::General {
                prefix,
                suffix,
                middle,
            } => {
                has_ends(resource, prefix, suffix)
                    && matches_general(
                        middle,
                        &resource[prefix.len()..resource.len() - suffix.len()],
                    )
            }
        }
    }
}

/// Whether `text` starts with `prefix` and ends with `suffix`, the two not overlapping.
fn has_ends(text: &str, prefix: &str, suffix: &str) -> bool {
    let text = text.as_bytes();
    text.len() >= prefix.len() + suffix.len()
        && same_bytes(&text[..prefix.len()], prefix.as_bytes())
        && same_bytes(&text[text.len() - suffix.len()..], suffix.as_bytes())
}

fn shape(tokens: Vec<Token>) -> Shape {
    let literal = |tokens: &[Token]| -> Option<String> {
        tokens
            .iter()
            .map(|t| match t {
                Token::Char(c) => Some(*c),
                _ => None,
            })
            .collect()
    };
    if tokens == [Token::AnyRun] {
        return Shape::Everything;
    }
    if let Some(text) = literal(&tokens) {
        return Shape::Exact(text);
    }
    let runs: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i], Token::Char(_)))
        .collect();
    if let [at] = runs.as_slice()
        && tokens[*at] == Token::AnyRun
        && let (Some(prefix), Some(suffix)) = (literal(&tokens[..*at]), literal(&tokens[at + 1..]))
    {
        return Shape::PrefixSuffix(prefix, suffix);
    }
    // Not all literal: the first and the last wildcard exist and the ends do not overlap.
    let first = runs.first().copied().unwrap_or(0);
    let last = runs.last().map_or(tokens.len(), |at| at + 1);
    Shape::General {
        prefix: literal(&tokens[..first]).unwrap_or_default(),
        suffix: literal(&tokens[last..]).unwrap_or_default(),
        middle: tokens[first..last].into(),
    }
}

/// A simulation of the pattern as an automaton: state `i` means "the first `i` tokens have
/// matched"; every state reached is kept (a bit set), so no backtracking is needed and the
/// time is linear in the resource's length times the states alive.
fn matches_general(tokens: &[Token], resource: &str) -> bool {
    let states = tokens.len() + 1;
    let words = states.div_ceil(64);
    let mut small = [0u64; 8];
    let mut large = Vec::new();
    let (current, next) = if words * 2 <= small.len() {
        small[..words * 2].split_at_mut(words)
    } else {
        large.resize(words * 2, 0u64);
        large.split_at_mut(words)
    };
    let add = |set: &mut [u64], state: usize| {
        set[state / 64] |= 1 << (state % 64);
        // A star may match nothing: its state also stands for the one after it.
        if matches!(tokens.get(state), Some(Token::AnyRun | Token::SegmentRun)) {
            let after = state + 1;
            set[after / 64] |= 1 << (after % 64);
        }
    };
    add(current, 0);
    for c in resource.chars() {
        next.fill(0);
        let mut alive = false;
        for (w, word) in current.iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let state = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some(token) = tokens.get(state) else {
                    continue;
                };
                match *token {
                    Token::Char(p) if p == c => add(next, state + 1),
                    Token::AnyChar => add(next, state + 1),
                    Token::AnyRun => add(next, state),
                    Token::SegmentRun if c != ':' => add(next, state),
                    _ => continue,
                }
                alive = true;
            }
        }
        if !alive {
            return false;
        }
        current.copy_from_slice(next);
    }
    current[tokens.len() / 64] & (1 << (tokens.len() % 64)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, resource: &str) -> bool {
        ResourcePattern::new(pattern).matches(resource)
    }

    #[test]
    fn rule_7_6_a_segment_final_star_crosses_colons() {
        assert!(matches(
            "arn:aws:logs:us-east-1:*:log-stream:s1",
            "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s1"
        ));
        assert!(matches(
            "arn:aws:iam::*:user/alice",
            "arn:aws:iam::1:x:user/alice"
        ));
        assert!(matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/k:e:y"));
        assert!(matches("*", "anything:at:all"));
    }

    #[test]
    fn rule_7_6_a_mid_segment_star_stays_inside_its_segment() {
        assert!(matches(
            "arn:aws:iam::*:user/*/alice",
            "arn:aws:iam::1:user/eng/alice"
        ));
        assert!(!matches(
            "arn:aws:iam::*:user/*/alice",
            "arn:aws:iam::1:user/e:g/alice"
        ));
        assert!(!matches(
            "arn:aws:iam::1*2:user/a",
            "arn:aws:iam::1:x:2:user/a"
        ));
        assert!(matches(
            "arn:aws:iam::1*2:user/a",
            "arn:aws:iam::1x2:user/a"
        ));
    }

    #[test]
    fn question_marks_match_one_character_and_stars_may_match_nothing() {
        assert!(matches(
            "arn:aws:iam::1:user/al?ce",
            "arn:aws:iam::1:user/alice"
        ));
        assert!(!matches(
            "arn:aws:iam::1:user/al?ce",
            "arn:aws:iam::1:user/alce"
        ));
        assert!(matches("arn:aws:iam::1:user/a*", "arn:aws:iam::1:user/a"));
        assert!(matches("a*b*c", "aXbYbc"));
        assert!(!matches("a*b*c", "aXbYb"));
    }

    #[test]
    fn literal_pieces_are_never_wildcards() {
        let p = ResourcePattern::from_pieces(&[(false, "arn:aws:iam::1:user/"), (true, "*")]);
        assert!(p.matches("arn:aws:iam::1:user/*"));
        assert!(!p.matches("arn:aws:iam::1:user/alice"));
    }

    #[test]
    fn open_question_partition_and_service_segments_ignore_case() {
        assert!(matches(
            "arn:AWS:IAM::*:user/alice",
            "arn:aws:iam::1:user/alice"
        ));
        assert!(!matches(
            "arn:aws:iam::*:user/Alice",
            "arn:aws:iam::1:user/alice"
        ));
    }

    #[test]
    fn fast_shapes_agree_with_the_general_automaton() {
        for (pattern, resource) in [
            ("arn:aws:iam::*:user/alice", "arn:aws:iam::1:user/alice"),
            ("arn:aws:iam::*:user/alice", "arn:aws:iam::1:user/bob"),
            ("arn:aws:iam::*:user/alice", "arn:aws:iam::user/alice"),
            ("arn:aws:iam::1:user/alice", "arn:aws:iam::1:user/alice"),
            ("*", ""),
        ] {
            let ResourcePattern { shape } = ResourcePattern::new(pattern);
            let tokens = match shape {
                Shape::General { .. } => unreachable!("{pattern} has a fast shape"),
                Shape::Everything => vec![Token::AnyRun],
                Shape::Exact(text) => text.chars().map(Token::Char).collect(),
                Shape::PrefixSuffix(prefix, suffix) => prefix
                    .chars()
                    .map(Token::Char)
                    .chain([Token::AnyRun])
                    .chain(suffix.chars().map(Token::Char))
                    .collect(),
            };
            assert_eq!(
                matches(pattern, resource),
                matches_general(&tokens, resource),
                "{pattern} / {resource}"
            );
        }
    }

    /// The literal ends of a general pattern are checked apart from the automaton, which runs
    /// on what lies between them: the same answers as the automaton over the whole pattern.
    #[test]
    fn literal_ends_checked_first_agree_with_the_whole_automaton() {
        let patterns = [
            "arn:aws:iam::*:user/*/alice",
            "arn:aws:iam::*:user/?lice",
            "?rn:aws:iam::*:user/*",
            "*:user/*/alice",
            "arn:aws:s3:::b*c*",
            "é*ü?:x",
            "a*b*a",
            "**:?",
        ];
        let resources = [
            "arn:aws:iam::1:user/eng/alice",
            "arn:aws:iam::1:user/e:g/alice",
            "arn:aws:iam::1:user/alice",
            "arn:aws:iam::1:user/blice",
            "arn:aws:s3:::bxcyc",
            "arn:aws:s3:::bc",
            "éaaüé:x",
            "éü:x",
            "aba",
            "a",
            "ab",
            "",
            ":",
            "x:y",
        ];
        for pattern in patterns {
            let compiled = ResourcePattern::new(pattern);
            let Shape::General {
                prefix,
                suffix,
                middle,
            } = &compiled.shape
            else {
                panic!("{pattern} is general");
            };
            let whole: Vec<Token> = prefix
                .chars()
                .map(Token::Char)
                .chain(middle.iter().copied())
                .chain(suffix.chars().map(Token::Char))
                .collect();
            for resource in resources {
                assert_eq!(
                    compiled.matches(resource),
                    matches_general(&whole, resource),
                    "{pattern} / {resource}"
                );
            }
        }
    }

    #[test]
    fn long_patterns_use_a_larger_state_set() {
        let long = format!("arn:aws:s3:::{}*x", "a".repeat(600));
        assert!(
            ResourcePattern::new(&long).matches(&format!("arn:aws:s3:::{}yyx", "a".repeat(600)))
        );
        assert!(
            !ResourcePattern::new(&long).matches(&format!("arn:aws:s3:::{}y:x", "a".repeat(600)))
        );
    }
}
