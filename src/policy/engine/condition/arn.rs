//! ARN condition operators (`ArnEquals`, `ArnLike` and their negations): "each of the six
//! colon-delimited components" is checked separately (IAM User Guide,
//! `reference_policies_elements_condition_operators`, ARN condition operators;
//! iam-semantics.md §7.7). A pattern with fewer than six components is not a glob over the whole
//! ARN: it matches nothing (and lint reports it as unreadable), and a `*` never crosses a colon
//! between components. The sixth component keeps any further colons (`log-group:g`).
//!
//! Partition and service are compared ignoring ASCII case: AWS's ARNs write them in lower case,
//! and where AWS is silent the reading that never lets a Deny fail open is the wider one
//! (iam-semantics.md §7, open question).

use std::borrow::Cow;

use crate::policy::engine::pattern::{Pattern, Piece};

/// An ARN pattern matched component by component.
#[derive(Debug, Clone)]
pub struct ArnPattern {
    /// `arn`, partition and service lower-cased (matched ignoring ASCII case), then region,
    /// account and resource.
    components: Box<[Pattern; 6]>,
}

/// How many leading components compare ignoring ASCII case: `arn`, partition, service.
const CASELESS_COMPONENTS: usize = 3;

impl ArnPattern {
    /// From text whose `*` and `?` are wildcards; `None` when it has fewer than six components.
    pub fn new(text: &str) -> Option<ArnPattern> {
        ArnPattern::from_pieces(&[(false, text)])
    }

    /// From pieces of text (`true`: literal text from a variable's value, whose `*`/`?` are not
    /// wildcards), split on `:` across pieces.
    pub fn from_pieces(pieces: &[(bool, &str)]) -> Option<ArnPattern> {
        let components = split_pieces(pieces)?;
        let mut patterns = components.iter().enumerate().map(|(i, component)| {
            let pattern = Pattern::from_pieces(component.iter().map(|(literal, text)| {
                if *literal {
                    Piece::Literal(text)
                } else {
                    Piece::Wild(text)
                }
            }));
            if i < CASELESS_COMPONENTS {
                pattern.to_ascii_lowercase()
            } else {
                pattern
            }
        });
        let components: [Pattern; 6] = std::array::from_fn(|_| patterns.next().expect("six"));
        components[0]
            .matches_ignore_case("arn")
            .then(|| ArnPattern {
                components: Box::new(components),
            })
    }

    pub fn matches(&self, arn: &str) -> bool {
        let Some(parts) = split_arn(arn) else {
            return false;
        };
        self.components
            .iter()
            .zip(parts)
            .enumerate()
            .all(|(i, (p, s))| {
                if i < CASELESS_COMPONENTS {
                    p.matches_ignore_case(s)
                } else {
                    p.matches(s)
                }
            })
    }
}

/// The pieces of each of the six components, or `None` for fewer than five colons.
fn split_pieces<'a>(pieces: &[(bool, &'a str)]) -> Option<Vec<Vec<(bool, &'a str)>>> {
    let mut components: Vec<Vec<(bool, &str)>> = vec![Vec::new()];
    for (literal, text) in pieces {
        let mut rest: &str = text;
        while components.len() < 6 {
            match rest.find(':') {
                Some(i) => {
                    components
                        .last_mut()
                        .expect("never empty")
                        .push((*literal, &rest[..i]));
                    components.push(Vec::new());
                    rest = &rest[i + 1..];
                }
                None => break,
            }
        }
        components
            .last_mut()
            .expect("never empty")
            .push((*literal, rest));
    }
    (components.len() == 6).then_some(components)
}

/// Splits an ARN into its six components (the last keeps any further `:`), `None` when it is
/// not `arn:` followed by five more colons (`arn` compared ignoring ASCII case).
pub fn split_arn(arn: &str) -> Option<[&str; 6]> {
    if !arn.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("arn:")) {
        return None;
    }
    // Byte scan rather than `splitn`: this runs once per decision.
    let bytes = arn.as_bytes();
    let mut cuts = [0usize; 5];
    let mut found = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b':' {
            cuts[found] = i;
            found += 1;
            if found == 5 {
                break;
            }
        }
    }
    if found < 5 {
        return None;
    }
    Some([
        &arn[..cuts[0]],
        &arn[cuts[0] + 1..cuts[1]],
        &arn[cuts[1] + 1..cuts[2]],
        &arn[cuts[2] + 1..cuts[3]],
        &arn[cuts[3] + 1..cuts[4]],
        &arn[cuts[4] + 1..],
    ])
}

/// The text with its first three colon-delimited segments (`arn`, partition, service) in ASCII
/// lower case, borrowed when they already are.
pub fn lower_case_service_prefix(text: &str) -> Cow<'_, str> {
    // Nearly every resource starts `arn:aws:` in lower case: then only the service is left to
    // look at.
    if let Some(rest) = text.as_bytes().strip_prefix(b"arn:aws:") {
        let mut service = rest.iter().take_while(|&&b| b != b':');
        if !service.any(u8::is_ascii_uppercase) {
            return Cow::Borrowed(text);
        }
    }
    let mut colons = 0;
    let end = text
        .bytes()
        .position(|b| {
            colons += usize::from(b == b':');
            colons == CASELESS_COMPONENTS
        })
        .unwrap_or(text.len());
    if text.as_bytes()[..end].iter().any(u8::is_ascii_uppercase) {
        let mut owned = text.to_owned();
        owned[..end].make_ascii_lowercase();
        Cow::Owned(owned)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> ArnPattern {
        ArnPattern::new(text).expect(text)
    }

    #[test]
    fn arns_split_into_six_components_the_last_keeping_its_colons() {
        assert_eq!(
            split_arn("arn:aws:iam::1:user/a:b"),
            Some(["arn", "aws", "iam", "", "1", "user/a:b"])
        );
        assert_eq!(split_arn("arn:aws:iam::1"), None);
        assert_eq!(split_arn("*"), None);
        assert_eq!(split_arn("arnx:a:b:c:d:e"), None);
    }

    #[test]
    fn rule_7_7_arn_condition_wildcards_stay_within_their_component() {
        assert!(!pattern("arn:aws:iam::*:user/a*").matches("arn:aws:iam::1:b:user/alice"));
        assert!(
            pattern("arn:aws:iam::*:user/*").matches("arn:aws:iam::123456789012:user/eng/alice")
        );
        assert!(pattern("arn:aws:logs:*:*:log-group:*").matches("arn:aws:logs:r:1:log-group:g"));
    }

    #[test]
    fn rule_7_7_arn_condition_patterns_with_fewer_than_six_components_are_unreadable() {
        for short in ["*", "arn:*", "arn:aws:iam::*", "arn:aws:iam:*", "user/*"] {
            assert!(ArnPattern::new(short).is_none(), "{short}");
        }
    }

    #[test]
    fn open_question_partition_and_service_compare_ignoring_case() {
        assert!(pattern("arn:AWS:IAM::*:user/alice").matches("arn:aws:iam::1:user/alice"));
        assert!(pattern("arn:aws:iam::*:user/alice").matches("ARN:Aws:Iam::1:user/alice"));
        assert!(!pattern("arn:aws:iam::*:user/alice").matches("arn:aws:iam::1:user/Alice"));
        assert_eq!(
            lower_case_service_prefix("ARN:AWS:IAM::1:user/Alice"),
            "arn:aws:iam::1:user/Alice"
        );
        assert!(matches!(
            lower_case_service_prefix("arn:aws:iam::1:user/Alice"),
            Cow::Borrowed(_)
        ));
        // After a lower-case `arn:aws:`, the service alone is looked at.
        for (text, lowered) in [
            ("arn:aws:IAM::1:user/Alice", "arn:aws:iam::1:user/Alice"),
            ("arn:aws:Iam", "arn:aws:iam"),
            ("arn:aws:", "arn:aws:"),
            ("arn:aws:iam:US-EAST-1:1:x", "arn:aws:iam:US-EAST-1:1:x"),
            ("arn:aws-CN:iam::1:x", "arn:aws-cn:iam::1:x"),
        ] {
            assert_eq!(lower_case_service_prefix(text), lowered, "{text}");
        }
    }
}
