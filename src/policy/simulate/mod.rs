//! `simulate`'s engine: requests as JSON Lines (or `--action` × `--resource`), decided one by
//! one and written as JSON Lines with the decision words of `aws iam simulate-custom-policy`.
//!
//! Built for throughput (product spec §8: 10,000 lines in ≤ 5 ms, whole process): the file is
//! read in pieces through one buffer and each line decided as soon as it is read
//! ([`simulate_source`], [`stream`]); lines of the common shape are read without `serde_json`
//! ([`scan`]), strings are borrowed from the input, each (user, account) principal is compiled
//! once, and decisions hand their deciding statements over as a bit set
//! ([`CompiledPolicy::evaluate_visiting`]); the output is held compactly until every line is
//! known to be good ([`held`]). The simple path, [`parse_requests`] then [`decide_all`], gives
//! the same output.

mod account;
mod held;
mod principals;
mod requests;
mod scan;
mod set;
mod stream;

use std::borrow::Cow;
use std::io::Write;

use crate::policy::engine::{CompiledPolicy, Request};
use crate::policy::model::document::Policy;
use crate::text::json_plain_len;
use held::{HeldLines, Matched};
use principals::PrincipalCache;

pub use account::{AccountRequestError, decide_all_in_account};
pub use requests::{SimRequest, from_flags, parse_requests};
pub use set::decide_all_in_set;
pub use stream::{BatchError, simulate_source};

/// Decides one request and holds its output line: one policy's or one set's decider, each
/// keeping the principals it has compiled.
trait Decider {
    fn hold_line(&mut self, request: &SimRequest<'_>, held: &mut HeldLines);

    /// The labels of [`Matched::Statements`] in the lines it held, as JSON strings.
    fn labels(&self) -> &[Vec<u8>];
}

/// Decides every request in order and writes one output line each.
fn decide_and_write(
    decider: &mut impl Decider,
    requests: &[SimRequest<'_>],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut held = HeldLines::default();
    for request in requests {
        decider.hold_line(request, &mut held);
    }
    held.write_to(out, decider.labels())
}

/// One policy compiled per principal, and its statements' labels.
struct Principals<'p> {
    policy: &'p Policy,
    /// The statements' labels as JSON strings (the same for every principal).
    labels: Vec<Vec<u8>>,
    compiled: PrincipalCache<CompiledPolicy>,
}

impl<'p> Principals<'p> {
    fn new(policy: &'p Policy) -> Self {
        Principals {
            policy,
            labels: Vec::new(),
            compiled: PrincipalCache::new(),
        }
    }
}

/// Text as a JSON string, as `serde_json` writes it.
fn json_string(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_json_string(&mut out, text);
    out
}

/// A request's action or resource as the content of a JSON string (without its quotes): a
/// borrowed one needs no escaping (see [`SimRequest`]).
#[expect(
    clippy::ptr_arg,
    reason = "the variant says whether the text needs escaping"
)]
fn json_content<'a>(text: &'a Cow<'_, str>) -> Cow<'a, [u8]> {
    match text {
        Cow::Borrowed(plain) => Cow::Borrowed(plain.as_bytes()),
        Cow::Owned(text) => {
            let mut string = json_string(text);
            string.pop();
            string.remove(0);
            Cow::Owned(string)
        }
    }
}

/// Appends text as a JSON string: copied between quotes when nothing in it needs escaping
/// (the common case), else written by `serde_json`.
pub(crate) fn write_json_string(out: &mut Vec<u8>, text: &str) {
    if json_plain_len(text.as_bytes()) == text.len() {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, text).expect("writing to memory cannot fail");
    }
}

/// Decides every request and writes one JSON line each, in order.
pub fn decide_all(
    policy: &Policy,
    requests: &[SimRequest<'_>],
    out: &mut impl Write,
) -> std::io::Result<()> {
    decide_and_write(&mut Principals::new(policy), requests, out)
}

impl Decider for Principals<'_> {
    fn hold_line(&mut self, request: &SimRequest<'_>, held: &mut HeldLines) {
        let Principals {
            policy,
            labels,
            compiled,
        } = self;
        let compiled = compiled.get(&request.username, &request.account, |principal| {
            let compiled = CompiledPolicy::compile(policy, principal);
            if labels.is_empty() {
                *labels = (0..policy.statements.len())
                    .map(|i| json_string(compiled.label(i)))
                    .collect();
            }
            compiled
        });
        // The deciding statements as a bit set (no allocation for up to 64 statements).
        let mut deciding = Deciding::default();
        let verdict = compiled.evaluate_visiting(
            &Request {
                action: &request.action,
                resource: &request.resource,
                mfa: request.mfa,
                context: &request.context,
            },
            |i| deciding.push(i),
        );
        let written;
        let matched = if deciding.high.is_empty() {
            Matched::Statements(deciding.low)
        } else {
            written = join_labels(deciding.iter().map(|i| labels[i].as_slice()));
            Matched::Written(&written)
        };
        let action = json_content(&request.action);
        let resource = json_content(&request.resource);
        held.push(verdict, request.mfa, &action, &resource, matched);
    }

    fn labels(&self) -> &[Vec<u8>] {
        &self.labels
    }
}

/// JSON strings, comma-separated.
fn join_labels<'l>(labels: impl Iterator<Item = &'l [u8]>) -> Vec<u8> {
    let mut joined = Vec::new();
    for (n, label) in labels.enumerate() {
        if n > 0 {
            joined.push(b',');
        }
        joined.extend_from_slice(label);
    }
    joined
}

/// Indices of deciding statements, in order: a bit set for the first 64, a list beyond.
#[derive(Default)]
struct Deciding {
    low: u64,
    high: Vec<usize>,
}

impl Deciding {
    fn push(&mut self, i: usize) {
        if i < 64 {
            self.low |= 1 << i;
        } else {
            self.high.push(i);
        }
    }

    /// In increasing order, as the evaluator visits them.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        // From the lowest bit set up, clearing each one taken.
        let mut low = self.low;
        std::iter::from_fn(move || {
            (low != 0).then(|| {
                let i = low.trailing_zeros() as usize;
                low &= low - 1;
                i
            })
        })
        .chain(self.high.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::engine::{Mfa, Principal};
    use crate::policy::generate::generate_policy;
    use crate::policy::model::choices::Choices;

    /// Request lines of every shape: defaults, other users and accounts, a context, escapes.
    pub(super) fn lines(count: usize) -> String {
        (0..count)
            .map(|i| {
                let user = if i % 5 == 0 { "bob" } else { "alice" };
                let extra = match i % 7 {
                    0 => r#","context":{"aws:PrincipalTag/team":"ops"}"#,
                    1 => r#","username":"carol""#,
                    2 => r#","account":"210987654321""#,
                    3 => r#","username":"\u0061lice""#,
                    _ => "",
                };
                format!(
                    "{{\"action\":\"iam:{}\",\"resource\":\"arn:aws:iam::123456789012:user/{user}\",\"mfa\":{}{extra}}}\n",
                    ["ChangePassword", "CreateAccessKey", "ListUsers", "GetUser"][i % 4],
                    ["true", "false", "null"][i % 3]
                )
            })
            .collect()
    }

    /// Beyond 64 statements the deciding ones are held as written labels, not as a bit set.
    #[test]
    fn labels_of_statements_beyond_the_64th_are_written_in_order() {
        let statements: Vec<String> = (0..70)
            .map(|i| {
                let (effect, action) = match i {
                    3 | 66 => ("Allow", "iam:GetUser"),
                    68 => ("Allow", "iam:Get*"),
                    _ => ("Deny", "s3:GetObject"),
                };
                format!(
                    r#"{{"Sid":"S{i}","Effect":"{effect}","Action":"{action}","Resource":"*"}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let policy = crate::policy::model::document::parse(&text).expect("policy");
        let (actions, resources) = (["iam:GetUser".to_owned()], ["*".to_owned()]);
        let requests = from_flags(&actions, &resources, Mfa::Present);
        let mut out = Vec::new();
        decide_all(&policy, &requests, &mut out).expect("memory");
        let line: serde_json::Value = serde_json::from_slice(&out).expect("one JSON line");
        assert_eq!(line["decision"], "allowed");
        assert_eq!(line["matched"], serde_json::json!(["S3", "S66", "S68"]));
    }

    #[test]
    fn streamed_labels_equal_those_of_evaluate() {
        let policy = generate_policy(&Choices::default());
        let text = lines(200);
        let requests = parse_requests(&text).expect("valid");
        let mut out = Vec::new();
        decide_all(&policy, &requests, &mut out).expect("memory");
        let principal = Principal::user("alice", "123456789012");
        let compiled = CompiledPolicy::compile(&policy, &principal);
        for (request, line) in requests.iter().zip(String::from_utf8(out).unwrap().lines()) {
            if request.username != "alice" || request.account != "123456789012" {
                continue;
            }
            let decision = compiled.evaluate(&Request {
                action: &request.action,
                resource: &request.resource,
                mfa: request.mfa,
                context: &request.context,
            });
            let written: serde_json::Value = serde_json::from_str(line).unwrap();
            let labels: Vec<&str> = decision.labels().collect();
            assert_eq!(written["matched"], serde_json::json!(labels), "{line}");
            assert_eq!(written["decision"], decision.verdict().as_str(), "{line}");
        }
    }

    #[test]
    fn strings_needing_escapes_are_written_as_serde_json_writes_them() {
        for text in [
            "plain",
            "quo\"te",
            "back\\slash",
            "tab\t",
            "é ✓",
            "\u{7f}",
            "",
        ] {
            let mut out = Vec::new();
            write_json_string(&mut out, text);
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }

    /// Borrowed actions and resources are copied as they are: the readers borrow only strings
    /// written without escapes, and `--action`/`--resource` values that need escaping are owned.
    #[test]
    fn requests_needing_escapes_are_written_as_valid_json_from_every_source() {
        let policy = generate_policy(&Choices::default());
        let odd = ["quo\"te", "back\\slash", "tab\t", "new\nline", "é ✓ \u{7f}"];
        let actions: Vec<String> = odd.iter().map(|s| format!("iam:{s}")).collect();
        let resources: Vec<String> = odd.iter().map(|s| (*s).to_owned()).collect();
        let from_flags = from_flags(&actions, &resources, Mfa::Present);
        let lines: String = odd
            .iter()
            .map(|s| {
                let line = serde_json::json!({"action": format!("iam:{s}"), "resource": s});
                format!("{line}\n")
            })
            .collect();
        let from_lines = parse_requests(&lines).expect("valid");
        for requests in [&from_flags[..], &from_lines[..]] {
            let mut out = Vec::new();
            decide_all(&policy, requests, &mut out).expect("memory");
            let text = String::from_utf8(out).expect("UTF-8");
            for (line, request) in text.lines().zip(requests) {
                let read: serde_json::Value = serde_json::from_str(line).expect(line);
                assert_eq!(read["action"], *request.action, "{line}");
                assert_eq!(read["resource"], *request.resource, "{line}");
            }
        }
    }
}
