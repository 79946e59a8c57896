//! Reading the `${...}` variables inside a string the way IAM does, for the checks that judge
//! them. Condition values themselves are read by the engine's own reader
//! (`engine::condition::read_value`), so lint and the evaluator never disagree.

/// One `${...}` in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variable<'a> {
    /// `${key}` or `${key, 'default'}`: the key, trimmed.
    Key(&'a str),
    /// `${*}`, `${?}` or `${$}`: the character itself.
    Escape,
    /// `${}`, or a `${` never closed.
    Malformed(&'a str),
}

/// The variables of a string, in order, with their byte offset.
pub fn variables(text: &str) -> Vec<(usize, Variable<'_>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("${").map(|i| from + i) {
        let inner_start = start + 2;
        match text[inner_start..].find('}') {
            None => {
                found.push((start, Variable::Malformed(&text[start..])));
                break;
            }
            Some(length) => {
                let inner = &text[inner_start..inner_start + length];
                let key = inner.split_once(',').map_or(inner, |(key, _)| key).trim();
                let variable = match key {
                    "" => Variable::Malformed(&text[start..inner_start + length + 1]),
                    "*" | "?" | "$" => Variable::Escape,
                    _ => Variable::Key(key),
                };
                found.push((start, variable));
                from = inner_start + length + 1;
            }
        }
    }
    found
}

/// Whether a string has a `*` or `?` that is a wildcard: not inside `${...}` (where `${*}` is
/// the literal character).
pub fn has_wildcard_outside_variables(text: &str) -> bool {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b'*' | b'?' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_found_with_their_form() {
        assert_eq!(
            variables("a/${aws:username}/${aws:PrincipalTag/team, 'x'}/${*}/${}/${aws:x"),
            vec![
                (2, Variable::Key("aws:username")),
                (18, Variable::Key("aws:PrincipalTag/team")),
                (48, Variable::Escape),
                (53, Variable::Malformed("${}")),
                (57, Variable::Malformed("${aws:x")),
            ]
        );
        assert!(has_wildcard_outside_variables("a*"));
        assert!(!has_wildcard_outside_variables("a${*}b${aws:username}"));
    }
}
