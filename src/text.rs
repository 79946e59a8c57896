//! Small text helpers shared by every layer.

/// The text with its control characters escaped (`\n`, `\u{1b}`...), so that a value taken from
/// the input (an invalid Sid, a field name in a request line) can neither break a one-line message
/// nor send escape sequences to the terminal. Other characters stay as written.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(escape_controls("a\nb\u{1b}[2Jé"), "a\\nb\\u{1b}[2Jé");
        assert_eq!(escape_controls("Plain Sid 1"), "Plain Sid 1");
    }
}
