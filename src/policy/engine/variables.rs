//! Policy variables (IAM User Guide, `reference_policies_variables`): `${aws:username}`,
//! defaults `${aws:PrincipalTag/team, 'company-wide'}` and the escapes `${*}`, `${?}`, `${$}`.
//!
//! Texts are split once into [`Segment`]s; resolving them against a request never re-parses.

/// A piece of a policy string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text taken as written (wildcards in it keep their meaning).
    Text(String),
    /// A character produced by an escape variable (`${*}`, `${?}`, `${$}`): never a wildcard.
    Escaped(char),
    Variable {
        /// Key name lower-cased: condition key names are case-insensitive.
        key: String,
        default: Option<String>,
    },
}

/// Splits a string into segments. With `variables_enabled` false (no `Version`, or
/// `2008-10-17`) the whole string is literal text: "variables like `${aws:username}` are treated
/// as literal strings" (IAM User Guide, `reference_policies_variables`).
pub fn parse_template(text: &str, variables_enabled: bool) -> Vec<Segment> {
    if !variables_enabled || !text.contains("${") {
        return vec![Segment::Text(text.to_owned())];
    }
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        literal.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + end];
        match parse_variable(inner) {
            Some(segment) => {
                if !literal.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut literal)));
                }
                segments.push(segment);
            }
            None => literal.push_str(&rest[start..=start + end]),
        }
        rest = &rest[start + end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        segments.push(Segment::Text(literal));
    }
    segments
}

fn parse_variable(inner: &str) -> Option<Segment> {
    match inner {
        "*" => return Some(Segment::Escaped('*')),
        "?" => return Some(Segment::Escaped('?')),
        "$" => return Some(Segment::Escaped('$')),
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        Some((key, default)) => {
            let default = default.trim();
            let quoted = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))?;
            (key.trim(), Some(quoted.to_owned()))
        }
        None => (inner.trim(), None),
    };
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":/-_.@+=".contains(c));
    valid.then(|| Segment::Variable {
        key: key.to_ascii_lowercase(),
        default,
    })
}

/// The value of a variable: its key's value, else its default; `None` when neither exists ("the
/// value is effectively null").
pub fn variable_value<'a>(
    key: &str,
    default: Option<&'a str>,
    lookup: &impl Fn(&str) -> Option<&'a str>,
) -> Option<&'a str> {
    lookup(key).or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_literal_text_without_version_2012_10_17() {
        assert_eq!(
            parse_template("user/${aws:username}", false),
            [Segment::Text("user/${aws:username}".into())]
        );
    }

    #[test]
    fn variables_defaults_and_escapes_are_recognised() {
        assert_eq!(
            parse_template("a/${aws:PrincipalTag/team, 'company-wide'}/${*}", true),
            [
                Segment::Text("a/".into()),
                Segment::Variable {
                    key: "aws:principaltag/team".into(),
                    default: Some("company-wide".into())
                },
                Segment::Text("/".into()),
                Segment::Escaped('*'),
            ]
        );
    }

    #[test]
    fn unterminated_or_malformed_variables_stay_literal() {
        assert_eq!(
            parse_template("x${aws:username", true),
            [Segment::Text("x${aws:username".into())]
        );
        assert_eq!(
            parse_template("x${bad key}", true),
            [Segment::Text("x${bad key}".into())]
        );
    }
}
