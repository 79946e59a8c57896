//! The output of a batch, held until every line is known to be good, in a compact form: per
//! request its decision, MFA context, action and resource as JSON strings, and its deciding
//! statements as a bit set of the policy's statements; the output lines are written from it in
//! the end, through one small buffer.
//!
//! Why not the output lines themselves: on the 2-core machine of the budget a page of memory
//! touched for the first time costs about 1.7 µs, and 10,000 output lines are 1.7 MB (some 410
//! pages); held this way they take 0.7 MB. Speed layer (ARCHITECTURE.md): its simple twin is
//! writing each line at once, as `write_line_directly` in the tests does, kept equal by
//! `held_lines_are_written_as_direct_lines`.

use std::io::{self, Write};

use crate::policy::engine::{Mfa, Verdict};

/// Bytes of output gathered before each write.
const WRITE_BYTES: usize = 64 * 1024;

/// A request's deciding statements.
pub(super) enum Matched<'a> {
    /// Bit `i` set: statement `i` of the policy, labelled by the labels [`HeldLines::write_to`]
    /// is given.
    Statements(u64),
    /// The labels as JSON strings, comma-separated (a set's labels, or a policy's beyond its
    /// 64th statement).
    Written(&'a [u8]),
}

/// Output lines in their compact form.
#[derive(Default)]
pub(super) struct HeldLines {
    bytes: Vec<u8>,
}

// The first byte of a held line: the verdict and the MFA context (their positions here, as
// `push` numbers them) and the form of `Matched`.
const VERDICTS: [Verdict; 4] = [
    Verdict::Allowed,
    Verdict::ExplicitDeny,
    Verdict::ImplicitDeny,
    Verdict::Unknown,
];
const MFAS: [Mfa; 3] = [Mfa::Present, Mfa::NotPresent, Mfa::Absent];
const VERDICT_BITS: u8 = 0b11;
const MFA_SHIFT: u8 = 2;
const MFA_BITS: u8 = 0b11 << MFA_SHIFT;
const WRITTEN_MATCH: u8 = 1 << 4;

impl HeldLines {
    /// Room for the output of about `input_bytes` bytes of input lines.
    pub(super) fn with_capacity_for(input_bytes: usize) -> Self {
        // A held line is about half as long as its input line.
        HeldLines {
            bytes: Vec::with_capacity(input_bytes / 2),
        }
    }

    /// Holds one output line. `action` and `resource` are the contents of JSON strings (escaped,
    /// without their quotes).
    pub(super) fn push(
        &mut self,
        verdict: Verdict,
        mfa: Mfa,
        action: &[u8],
        resource: &[u8],
        matched: Matched<'_>,
    ) {
        let verdict = match verdict {
            Verdict::Allowed => 0,
            Verdict::ExplicitDeny => 1,
            Verdict::ImplicitDeny => 2,
            Verdict::Unknown => 3,
        };
        let mfa = match mfa {
            Mfa::Present => 0,
            Mfa::NotPresent => 1,
            Mfa::Absent => 2,
        };
        let form = match matched {
            Matched::Statements(_) => 0,
            Matched::Written(_) => WRITTEN_MATCH,
        };
        self.bytes.push(verdict | mfa << MFA_SHIFT | form);
        self.push_text(action);
        self.push_text(resource);
        match matched {
            Matched::Statements(bits) => self.push_number(bits),
            Matched::Written(labels) => self.push_text(labels),
        }
    }

    fn push_text(&mut self, text: &[u8]) {
        self.push_number(text.len() as u64);
        self.bytes.extend_from_slice(text);
    }

    /// Seven bits a byte, lowest first; the high bit says another byte follows.
    fn push_number(&mut self, mut number: u64) {
        while number >= 0x80 {
            self.bytes.push(number as u8 | 0x80);
            number >>= 7;
        }
        self.bytes.push(number as u8);
    }

    /// Writes every held line as its output line; `labels`: the policy's statements' labels as
    /// JSON strings, for [`Matched::Statements`].
    pub(super) fn write_to(&self, out: &mut impl Write, labels: &[Vec<u8>]) -> io::Result<()> {
        let mut buffer = Vec::with_capacity(WRITE_BYTES + 1024);
        // What stands between the resource and the labels, for each first byte.
        let middles: Vec<Vec<u8>> = (0..=VERDICT_BITS | MFA_BITS).map(middle).collect();
        let mut reader = Reader {
            bytes: &self.bytes,
            at: 0,
        };
        while reader.at < self.bytes.len() {
            let head = reader.byte();
            let action = reader.text();
            let resource = reader.text();
            buffer.extend_from_slice(b"{\"action\":\"");
            buffer.extend_from_slice(action);
            buffer.extend_from_slice(b"\",\"resource\":\"");
            buffer.extend_from_slice(resource);
            buffer.extend_from_slice(&middles[usize::from(head & (VERDICT_BITS | MFA_BITS))]);
            if head & WRITTEN_MATCH != 0 {
                buffer.extend_from_slice(reader.text());
            } else {
                let mut bits = reader.number();
                let mut first = true;
                // From the lowest bit set up, clearing each one taken.
                while bits != 0 {
                    if !first {
                        buffer.push(b',');
                    }
                    first = false;
                    buffer.extend_from_slice(&labels[bits.trailing_zeros() as usize]);
                    bits &= bits - 1;
                }
            }
            buffer.extend_from_slice(b"]}\n");
            if buffer.len() >= WRITE_BYTES {
                out.write_all(&buffer)?;
                buffer.clear();
            }
        }
        out.write_all(&buffer)
    }
}

/// The text of an output line from the end of its resource to its first label, for a held
/// line's first byte (its verdict and MFA context).
fn middle(head: u8) -> Vec<u8> {
    let mut text = Vec::new();
    text.extend_from_slice(
        match MFAS.get(usize::from(head >> MFA_SHIFT & 0b11)) {
            Some(Mfa::Present) => "\",\"mfa\":true",
            Some(Mfa::NotPresent) => "\",\"mfa\":false",
            Some(Mfa::Absent) | None => "\",\"mfa\":null",
        }
        .as_bytes(),
    );
    text.extend_from_slice(b",\"decision\":\"");
    text.extend_from_slice(
        VERDICTS[usize::from(head & VERDICT_BITS)]
            .as_str()
            .as_bytes(),
    );
    text.extend_from_slice(b"\",\"matched\":[");
    text
}

/// Reads held lines back, in the order [`HeldLines::push`] wrote them.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> u8 {
        self.at += 1;
        self.bytes[self.at - 1]
    }

    fn number(&mut self) -> u64 {
        let mut number = 0;
        let mut shift = 0;
        loop {
            let byte = self.byte();
            number |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return number;
            }
            shift += 7;
        }
    }

    fn text(&mut self) -> &'a [u8] {
        let length = self.number() as usize;
        self.at += length;
        &self.bytes[self.at - length..self.at]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The simple twin: the output line written at once.
    fn write_line_directly(
        out: &mut Vec<u8>,
        verdict: Verdict,
        mfa: Mfa,
        action: &[u8],
        resource: &[u8],
        labels: &[&[u8]],
    ) {
        out.extend_from_slice(b"{\"action\":\"");
        out.extend_from_slice(action);
        out.extend_from_slice(b"\",\"resource\":\"");
        out.extend_from_slice(resource);
        out.push(b'"');
        out.extend_from_slice(match mfa {
            Mfa::Present => b",\"mfa\":true",
            Mfa::NotPresent => b",\"mfa\":false",
            Mfa::Absent => b",\"mfa\":null",
        });
        out.extend_from_slice(b",\"decision\":\"");
        out.extend_from_slice(verdict.as_str().as_bytes());
        out.extend_from_slice(b"\",\"matched\":[");
        out.extend_from_slice(&labels.join(&b","[..]));
        out.extend_from_slice(b"]}\n");
    }

    #[test]
    fn held_lines_are_written_as_direct_lines() {
        let labels: Vec<Vec<u8>> = (0..64).map(|i| format!("\"S{i}\"").into_bytes()).collect();
        let long = "é".repeat(200);
        let mut held = HeldLines::default();
        let mut expected = Vec::new();
        // Enough lines to cross the write buffer several times.
        for n in 0..3000u64 {
            let verdict = [
                Verdict::Allowed,
                Verdict::ExplicitDeny,
                Verdict::ImplicitDeny,
            ][n as usize % 3];
            let mfa = [Mfa::Present, Mfa::NotPresent, Mfa::Absent][n as usize % 3 / 2];
            let action = format!("iam:Action{n}");
            let resource = if n % 7 == 0 { long.as_str() } else { "*" };
            let bits = match n % 5 {
                0 => 0,
                1 => 1 << 63,
                2 => u64::MAX,
                _ => n.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            };
            let written = b"\"a / S1\",\"b / S2\"";
            let chosen: Vec<&[u8]> = (0..64)
                .filter(|i| bits & 1 << i != 0)
                .map(|i| labels[i].as_slice())
                .collect();
            let (matched, expected_labels) = if n % 11 == 0 {
                (Matched::Written(written), vec![&written[..]])
            } else {
                (Matched::Statements(bits), chosen)
            };
            let (action, resource) = (action.as_bytes(), resource.as_bytes());
            held.push(verdict, mfa, action, resource, matched);
            write_line_directly(
                &mut expected,
                verdict,
                mfa,
                action,
                resource,
                &expected_labels,
            );
        }
        let mut out = Vec::new();
        held.write_to(&mut out, &labels).expect("memory");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn nothing_held_writes_nothing() {
        let mut out = Vec::new();
        HeldLines::default()
            .write_to(&mut out, &[])
            .expect("memory");
        assert!(out.is_empty());
    }

    #[test]
    fn every_verdict_and_mfa_context_is_read_back_as_held() {
        for verdict in VERDICTS {
            for mfa in MFAS {
                let mut held = HeldLines::default();
                held.push(verdict, mfa, b"a:b", b"*", Matched::Statements(0));
                let mut out = Vec::new();
                held.write_to(&mut out, &[]).expect("memory");
                let mut expected = Vec::new();
                write_line_directly(&mut expected, verdict, mfa, b"a:b", b"*", &[]);
                assert_eq!(out, expected, "{verdict:?} {mfa:?}");
            }
        }
    }
}
