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

/// How many bytes at the start are neither `"`, `\\` nor a control character (the bytes a JSON
/// string holds as written, without escapes): eight bytes at a time, each word tested for those
/// bytes all at once.
pub fn json_plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte of `word` below `limit` (for limit ≤ 0x80). A byte's borrow can
    // set bits above it, never below: the lowest bit set is exact.
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word;
    let mut at = 0;
    while let Some(chunk) = bytes[at..].first_chunk::<8>() {
        let word = u64::from_le_bytes(*chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let special = (below(word, 0x20) | below(quote, 1) | below(backslash, 1)) & HIGH_BITS;
        if special != 0 {
            // Little-endian: the first byte is the lowest.
            return at + special.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .take_while(|&&b| b >= 0x20 && b != b'"' && b != b'\\')
        .count()
}

/// Whether two byte strings are equal, compared eight bytes at a time (the last word
/// overlapping the one before) without a call to `memcmp`: the resources and names compared on
/// `simulate`'s path are a few dozen bytes, where the call costs more than the comparison.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |bytes: &[u8]| bytes.first_chunk::<8>().map(|w| u64::from_le_bytes(*w));
    let last_word = |bytes: &[u8]| bytes.last_chunk::<8>().map(|w| u64::from_le_bytes(*w));
    if a.len() < 8 {
        return a == b;
    }
    let mut at = 0;
    while at + 8 < a.len() {
        if word(&a[at..]) != word(&b[at..]) {
            return false;
        }
        at += 8;
    }
    last_word(a) == last_word(b)
}

/// Whether a NUL byte is among `bytes`: eight bytes at a time.
pub fn has_nul(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    // A word holds a zero byte exactly when `w - ONES & !w` has a high bit set; four words are
    // or-ed together, so that the loop tests once per 32 bytes.
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGH_BITS;
    let mut quads = bytes.chunks_exact(32);
    let found = quads.by_ref().any(|quad| {
        quad.chunks_exact(8)
            .map(|w| zero(u64::from_le_bytes(w.try_into().expect("eight bytes"))))
            .fold(0, |a, b| a | b)
            != 0
    });
    found || quads.remainder().contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(escape_controls("a\nb\u{1b}[2Jé"), "a\\nb\\u{1b}[2Jé");
        assert_eq!(escape_controls("Plain Sid 1"), "Plain Sid 1");
    }

    /// The word-at-a-time count agrees with looking at each byte, wherever the special byte
    /// stands (every byte value, at every position of the first two words and the tail).
    #[test]
    fn json_plain_len_agrees_with_a_byte_by_byte_count() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                .unwrap_or(bytes.len())
        };
        for length in 0..20 {
            for at in 0..length {
                for byte in 0..=255u8 {
                    for filler in [b'a', 0x7f, 0xe9, 0x21, 0x5c + 1] {
                        let mut bytes = vec![filler; length];
                        bytes[at] = byte;
                        assert_eq!(json_plain_len(&bytes), naive(&bytes), "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn same_bytes_agrees_with_equality_wherever_a_byte_differs() {
        for length in 0..40 {
            let a: Vec<u8> = (0..length as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..length {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a, &b), "{length} {at}");
            }
            assert!(!same_bytes(&a, &a[..length.saturating_sub(1)]) || length == 0);
        }
    }

    #[test]
    fn has_nul_finds_a_nul_byte_wherever_it_stands() {
        for length in 0..80 {
            assert!(!has_nul(&vec![b'a'; length]));
            for at in 0..length {
                for filler in [b'a', 0x01, 0x80, 0xff] {
                    let mut bytes = vec![filler; length];
                    bytes[at] = 0;
                    assert!(has_nul(&bytes), "{length} {at} {filler}");
                }
            }
        }
    }
}
