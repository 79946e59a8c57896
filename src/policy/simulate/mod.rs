//! `simulate`'s engine: requests as JSON Lines (or `--action` × `--resource`), decided one by
//! one and written as JSON Lines with the decision words of `aws iam simulate-custom-policy`.
//!
//! Built for throughput (10,000 requests well within the process budget): strings are borrowed
//! from the input, each (user, account) principal is compiled once, and output goes through the
//! caller's buffer.

mod account;
mod requests;

use std::collections::HashMap;
use std::io::Write;

use crate::policy::engine::{CompiledPolicy, Decision, Mfa, Principal, Request};
use crate::policy::model::document::Policy;

pub use account::{AccountRequestError, decide_all_in_account};

pub use requests::{SimRequest, from_flags, parse_requests};

/// Compiled policies per (user name, account); most batches use one or two principals.
struct Principals<'p> {
    policy: &'p Policy,
    compiled: Vec<CompiledPolicy>,
    index: HashMap<String, usize>,
    key: String,
}

impl<'p> Principals<'p> {
    fn new(policy: &'p Policy) -> Self {
        Principals {
            policy,
            compiled: Vec::new(),
            index: HashMap::new(),
            key: String::new(),
        }
    }

    fn get(&mut self, username: &str, account: &str) -> &CompiledPolicy {
        // The lookup key is built in a reused buffer: no allocation per request.
        self.key.clear();
        self.key.push_str(username);
        self.key.push('\n');
        self.key.push_str(account);
        let at = match self.index.get(self.key.as_str()) {
            Some(at) => *at,
            None => {
                let principal = Principal::user(username, account);
                self.compiled
                    .push(CompiledPolicy::compile(self.policy, &principal));
                let at = self.compiled.len() - 1;
                self.index.insert(self.key.clone(), at);
                at
            }
        };
        &self.compiled[at]
    }
}

/// Decides every request and writes one JSON line each, in order.
pub fn decide_all(
    policy: &Policy,
    requests: &[SimRequest<'_>],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut principals = Principals::new(policy);
    for request in requests {
        let compiled = principals.get(&request.username, &request.account);
        let decision = compiled.evaluate(&Request {
            action: &request.action,
            resource: &request.resource,
            mfa: request.mfa,
            context: &request.context,
        });
        write_line(out, request, &decision)?;
    }
    Ok(())
}

/// One answer as a JSON line: the request's action, resource and MFA state, the decision words
/// of `aws iam simulate-custom-policy` (or `unknown`), and the deciding statements.
fn write_line(
    out: &mut impl Write,
    request: &SimRequest<'_>,
    decision: &Decision,
) -> std::io::Result<()> {
    out.write_all(b"{\"action\":")?;
    serde_json::to_writer(&mut *out, &*request.action)?;
    out.write_all(b",\"resource\":")?;
    serde_json::to_writer(&mut *out, &*request.resource)?;
    out.write_all(match request.mfa {
        Mfa::Present => b",\"mfa\":true",
        Mfa::NotPresent => b",\"mfa\":false",
        Mfa::Absent => b",\"mfa\":null",
    })?;
    out.write_all(b",\"decision\":\"")?;
    out.write_all(decision.verdict().as_str().as_bytes())?;
    out.write_all(b"\",\"matched\":[")?;
    for (n, label) in decision.labels().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, label)?;
    }
    out.write_all(b"]}\n")?;
    Ok(())
}
