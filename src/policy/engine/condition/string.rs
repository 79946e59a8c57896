//! The string family's one subtle comparison: `...IgnoreCase` (IAM User Guide,
//! `reference_policies_elements_condition_operators`, StringEqualsIgnoreCase: "Exact matching,
//! ignoring case"; iam-semantics.md §7.5).

/// Whether two texts are equal ignoring case, character by character: two characters are equal
/// when they are the same, when their upper-case forms are, or when the lower-case forms of those
/// are. Both sides are folded the same way, one character at a time, so a text always equals
/// itself whatever its characters (no comparison of byte lengths of differently folded texts),
/// and a character whose case mapping expands (`ß` → `SS`) is compared by its one-character
/// mapping only.
pub fn equals_ignore_case(a: &str, b: &str) -> bool {
    if a.len() == b.len() && a.eq_ignore_ascii_case(b) {
        return true;
    }
    let (mut left, mut right) = (a.chars(), b.chars());
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(c), Some(d)) if chars_equal_ignore_case(c, d) => {}
            _ => return false,
        }
    }
}

fn chars_equal_ignore_case(c: char, d: char) -> bool {
    if c == d {
        return true;
    }
    let (upper_c, upper_d) = (simple_upper(c), simple_upper(d));
    upper_c == upper_d || simple_lower(upper_c) == simple_lower(upper_d)
}

/// The character's upper-case form when it is one character, else the character itself.
fn simple_upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn simple_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_7_5_ignore_case_texts_always_equal_themselves() {
        for text in ["İstanbul", "ǅ", "ß", "ΣΑΣ", "ﬃ", "a\u{130}b", "Ⱥ", "ⱥ"] {
            assert!(equals_ignore_case(text, text), "{text}");
        }
    }

    #[test]
    fn rule_7_5_ignore_case_folds_non_ascii_letters() {
        assert!(equals_ignore_case("ÉCOLE", "école"));
        assert!(equals_ignore_case("ΣΊΣΥΦΟΣ", "σίσυφοσ"));
        assert!(equals_ignore_case("CodeCommit", "codecommit"));
        assert!(!equals_ignore_case("école", "ecole"));
        assert!(!equals_ignore_case("ab", "abc"));
        assert!(
            !equals_ignore_case("straße", "STRASSE"),
            "one character never equals two"
        );
    }
}
