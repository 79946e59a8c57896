//! `simulate` against a user's whole set (`--with`, `--boundary`, `--scp`): the same line format,
//! each `matched` label naming its policy (`policy / Sid`). A set of one identity policy takes
//! the single-policy path, so its output is exactly the policy's.

use std::io::Write;

use super::held::{HeldLines, Matched};
use super::principals::PrincipalCache;
use super::{Decider, Principals, SimRequest, decide_and_write, json_content, write_json_string};
use crate::policy::engine::{CompiledSet, PolicySet, Request};
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
    decide_and_write(&mut SetDecider::new(set), requests, out)
}

/// A set's decider; a set of one identity policy decides as that policy alone.
pub(super) enum SetDecider<'s> {
    Alone(Principals<'s>),
    Set {
        set: &'s PolicySet,
        compiled: PrincipalCache<CompiledSet>,
        /// The deciding statements' labels of the last request, as JSON strings (a buffer
        /// reused from request to request).
        written: Vec<u8>,
    },
}

impl<'s> SetDecider<'s> {
    pub(super) fn new(set: &'s PolicySet) -> SetDecider<'s> {
        match alone(set) {
            Some(policy) => SetDecider::Alone(Principals::new(policy)),
            None => SetDecider::Set {
                set,
                compiled: PrincipalCache::new(),
                written: Vec::new(),
            },
        }
    }
}

impl Decider for SetDecider<'_> {
    fn hold_line(&mut self, request: &SimRequest<'_>, held: &mut HeldLines) {
        let (set, compiled, written) = match self {
            SetDecider::Alone(principals) => return principals.hold_line(request, held),
            SetDecider::Set {
                set,
                compiled,
                written,
            } => (set, compiled, written),
        };
        let policies = compiled.get(&request.username, &request.account, |principal| {
            set.compile(principal)
        });
        let decision = policies.evaluate(&Request {
            action: &request.action,
            resource: &request.resource,
            mfa: request.mfa,
            context: &request.context,
        });
        written.clear();
        for (n, label) in decision.labels().enumerate() {
            if n > 0 {
                written.push(b',');
            }
            write_json_string(written, label);
        }
        let action = json_content(&request.action);
        let resource = json_content(&request.resource);
        held.push(
            decision.verdict(),
            request.mfa,
            &action,
            &resource,
            Matched::Written(written),
        );
    }

    fn labels(&self) -> &[Vec<u8>] {
        match self {
            SetDecider::Alone(principals) => principals.labels(),
            SetDecider::Set { .. } => &[],
        }
    }
}
