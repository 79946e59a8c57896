//! `simulate` against a user's whole set (`--with`, `--boundary`, `--scp`): the same line format,
//! each `matched` label naming its policy (`policy / Sid`). A set of one identity policy takes
//! the single-policy path, so its output is exactly the policy's.

use std::collections::HashMap;
use std::io::Write;

use super::{Decider, Principals, SimRequest, decide_into, write_json_string, write_request_head};
use crate::policy::engine::{CompiledSet, PolicySet, Principal, Request};
use crate::policy::model::document::Policy;

/// The one identity policy of a set that holds nothing else.
fn alone(set: &PolicySet) -> Option<&Policy> {
    match (&set.identity[..], &set.boundary, set.scp_levels.is_empty()) {
        ([only], None, true) => only.document.as_deref(),
        _ => None,
    }
}

/// Decides every request against the set and writes one JSON line each, in order.
pub fn decide_all_in_set(
    set: &PolicySet,
    requests: &[SimRequest<'_>],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut buffer = Vec::with_capacity(requests.len() * 160);
    decide_into(&mut SetDecider::new(set), requests, &mut buffer);
    out.write_all(&buffer)
}

/// A set's decider; a set of one identity policy decides as that policy alone.
pub(super) enum SetDecider<'s> {
    Alone(Principals<'s>),
    Set {
        set: &'s PolicySet,
        compiled: HashMap<(String, String), CompiledSet>,
    },
}

impl<'s> SetDecider<'s> {
    pub(super) fn new(set: &'s PolicySet) -> SetDecider<'s> {
        match alone(set) {
            Some(policy) => SetDecider::Alone(Principals::new(policy)),
            None => SetDecider::Set {
                set,
                compiled: HashMap::new(),
            },
        }
    }
}

impl Decider for SetDecider<'_> {
    fn write_line(&mut self, request: &SimRequest<'_>, out: &mut Vec<u8>) {
        let (set, compiled) = match self {
            SetDecider::Alone(principals) => return principals.write_line(request, out),
            SetDecider::Set { set, compiled } => (set, compiled),
        };
        let key = (request.username.to_string(), request.account.to_string());
        let policies = compiled
            .entry(key)
            .or_insert_with(|| set.compile(&Principal::user(&request.username, &request.account)));
        let decision = policies.evaluate(&Request {
            action: &request.action,
            resource: &request.resource,
            mfa: request.mfa,
            context: &request.context,
        });
        write_request_head(out, request);
        out.extend_from_slice(b",\"decision\":\"");
        out.extend_from_slice(decision.verdict().as_str().as_bytes());
        out.extend_from_slice(b"\",\"matched\":[");
        for (n, label) in decision.labels().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_json_string(out, label);
        }
        out.extend_from_slice(b"]}\n");
    }
}
