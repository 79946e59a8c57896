//! How IAM measures a policy: "IAM does not count white space when calculating the size of a
//! policy" (IAM User Guide, `reference_iam-quotas`). One count serves the size meter, `explain`
//! and lint's size check.
//!
//! Speed layer: [`plain_text_size`] counts plain text eight bytes at a time; its simple twin is
//! the fallback in [`policy_size`], counting the `char`s that are not whitespace. The test
//! `size_counts_characters_and_skips_every_unicode_whitespace` keeps the two equal (every ASCII
//! character, and non-ASCII text). Figure (callgrind, `benches/instructions.rs size` /
//! `size-chars`): 9.0 k instructions per count of the recommended policy's text against 78.9 k.

/// The policy's size as IAM counts it: characters other than whitespace.
pub fn policy_size(text: &str) -> usize {
    match plain_text_size(text) {
        Some(size) => size,
        None => text.chars().filter(|c| !c.is_whitespace()).count(),
    }
}

/// The size of a text made only of TAB, LF, CR and U+0020-U+007F (the characters that need no
/// closer look, neither by the size count nor by lint's character check); `None` for any other
/// text. This runs on every key press of the wizard: the loop is branch-free over short chunks
/// with byte-sized counters, so that the compiler can work on many bytes at once.
pub fn plain_text_size(text: &str) -> Option<usize> {
    let mut size = 0;
    for chunk in text.as_bytes().chunks(128) {
        let mut other = 0u8;
        let mut blanks = 0u8;
        for &b in chunk {
            let tab_lf_cr = (b == b'\t') | (b == b'\n') | (b == b'\r');
            other |= u8::from(((b < 0x20) & !tab_lf_cr) | (b >= 0x80));
            blanks += u8::from(tab_lf_cr | (b == b' '));
        }
        if other != 0 {
            return None;
        }
        size += chunk.len() - usize::from(blanks);
    }
    Some(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_of_aws_example_matches_the_measured_1940() {
        let Some(text) = crate::testing::aws_example("self-manage-credentials-with-mfa.json")
        else {
            return;
        };
        assert_eq!(policy_size(&text), 1940);
    }

    #[test]
    fn size_counts_characters_and_skips_every_unicode_whitespace() {
        for byte in 0u8..128 {
            let c = char::from(byte);
            let expected = usize::from(!c.is_whitespace());
            assert_eq!(policy_size(&c.to_string()), expected, "{byte:#04x}");
        }
        // Non-ASCII: characters, not bytes; NEL and the ideographic space are whitespace.
        assert_eq!(policy_size("é\u{85} \u{3000}x"), 2);
    }
}
