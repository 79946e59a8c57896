//! `simulate`'s engine: requests as JSON Lines (or `--action` × `--resource`), decided one by
//! one and written as JSON Lines with the decision words of `aws iam simulate-custom-policy`.
//!
//! Built for throughput (product spec §8: 10,000 lines in ≤ 5 ms, whole process): the file is
//! read in pieces through one buffer and each line decided as soon as it is read
//! ([`simulate_source`], [`stream`]); lines of the common shape are read without `serde_json`
//! ([`scan`]), strings are borrowed from the input, each (user, account) principal is compiled
//! once with its labels already JSON-encoded, and decisions stream their deciding statements
//! straight into the output buffer ([`CompiledPolicy::evaluate_visiting`]). The simple path,
//! [`parse_requests`] then [`decide_all`], gives the same output.

mod account;
mod requests;
mod scan;
mod set;
mod stream;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use crate::policy::engine::{CompiledPolicy, Mfa, Principal, Request};
use crate::policy::model::document::Policy;
use crate::text::json_plain_len;

pub use account::{AccountRequestError, decide_all_in_account};
pub use requests::{SimRequest, from_flags, parse_requests};
pub use set::decide_all_in_set;
pub use stream::{BatchError, simulate_source};

/// Writes the output line of one request: one policy's or one set's decider, each keeping the
/// principals it has compiled.
trait Decider {
    fn write_line(&mut self, request: &SimRequest<'_>, out: &mut Vec<u8>);
}

/// Decides every request in order, one output line each.
fn decide_into(decider: &mut impl Decider, requests: &[SimRequest<'_>], out: &mut Vec<u8>) {
    for request in requests {
        decider.write_line(request, out);
    }
}

/// Compiled policies per (user name, account); most batches use one or two principals.
struct Principals<'p> {
    policy: &'p Policy,
    compiled: Vec<Compiled>,
    index: HashMap<String, usize>,
    key: String,
    /// The position of the last principal asked for.
    last: Option<usize>,
}

struct Compiled {
    username: String,
    account: String,
    policy: CompiledPolicy,
    /// The statements' labels as JSON strings.
    labels: Vec<Vec<u8>>,
}

impl<'p> Principals<'p> {
    fn new(policy: &'p Policy) -> Self {
        Principals {
            policy,
            compiled: Vec::new(),
            index: HashMap::new(),
            key: String::new(),
            last: None,
        }
    }

    /// The compiled policy and its statements' labels as JSON strings.
    fn get(&mut self, username: &str, account: &str) -> (&CompiledPolicy, &[Vec<u8>]) {
        let same_as_last = self.last.filter(|&at| {
            let last = &self.compiled[at];
            last.username == username && last.account == account
        });
        if let Some(at) = same_as_last {
            let last = &self.compiled[at];
            return (&last.policy, &last.labels);
        }
        // The lookup key is built in a reused buffer: no allocation per request.
        self.key.clear();
        self.key.push_str(username);
        self.key.push('\n');
        self.key.push_str(account);
        let at = match self.index.get(self.key.as_str()) {
            Some(at) => *at,
            None => {
                let principal = Principal::user(username, account);
                let policy = CompiledPolicy::compile(self.policy, &principal);
                let labels = (0..self.policy.statements.len())
                    .map(|i| json_string(policy.label(i)))
                    .collect();
                self.compiled.push(Compiled {
                    username: username.to_owned(),
                    account: account.to_owned(),
                    policy,
                    labels,
                });
                let at = self.compiled.len() - 1;
                self.index.insert(self.key.clone(), at);
                at
            }
        };
        self.last = Some(at);
        let compiled = &self.compiled[at];
        (&compiled.policy, &compiled.labels)
    }
}

/// Text as a JSON string, as `serde_json` writes it.
fn json_string(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_json_string(&mut out, text);
    out
}

/// The start of an output line: the request's action, resource and MFA context.
pub(crate) fn write_request_head(out: &mut Vec<u8>, request: &SimRequest<'_>) {
    out.extend_from_slice(b"{\"action\":");
    write_json_text(out, &request.action);
    out.extend_from_slice(b",\"resource\":");
    write_json_text(out, &request.resource);
    out.extend_from_slice(match request.mfa {
        Mfa::Present => b",\"mfa\":true",
        Mfa::NotPresent => b",\"mfa\":false",
        Mfa::Absent => b",\"mfa\":null",
    });
}

/// A request's action or resource as a JSON string: a borrowed one needs no escaping (see
/// [`SimRequest`]).
#[expect(
    clippy::ptr_arg,
    reason = "the variant says whether the text needs escaping"
)]
fn write_json_text(out: &mut Vec<u8>, text: &Cow<'_, str>) {
    match text {
        Cow::Borrowed(plain) => {
            out.push(b'"');
            out.extend_from_slice(plain.as_bytes());
            out.push(b'"');
        }
        Cow::Owned(text) => write_json_string(out, text),
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
    let mut buffer = Vec::with_capacity(requests.len() * 128);
    decide_into(&mut Principals::new(policy), requests, &mut buffer);
    out.write_all(&buffer)
}

impl Decider for Principals<'_> {
    fn write_line(&mut self, request: &SimRequest<'_>, out: &mut Vec<u8>) {
        let (compiled, labels) = self.get(&request.username, &request.account);
        write_request_head(out, request);
        // The deciding labels go after the verdict, which is known only at the end: gather
        // their indices first (no allocation for up to 64 statements).
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
        out.extend_from_slice(b",\"decision\":\"");
        out.extend_from_slice(verdict.as_str().as_bytes());
        out.extend_from_slice(b"\",\"matched\":[");
        for (n, i) in deciding.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&labels[i]);
        }
        out.extend_from_slice(b"]}\n");
    }
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
