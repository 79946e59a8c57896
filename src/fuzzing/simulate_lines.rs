//! Target `simulate_lines`: arbitrary bytes as a `simulate --requests` file, parsed, decided
//! against two generated policies, and the JSON Lines output read back.

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::input::WholeText;
use crate::policy::engine::PolicySet;
use crate::policy::engine::{CompiledPolicy, Mfa, Principal, Request};
use crate::policy::generate::generate;
use crate::policy::model::choices::{Choices, CredentialService, MfaCheck, Preset};
use crate::policy::model::document::{self, Policy};
use crate::policy::simulate::{SimRequest, decide_all, parse_requests, simulate_source};

use super::invariants::one_line;

/// The recommended policy, and one whose creation of service credentials depends on a context
/// key (so request contexts matter) with the lenient `Bool` check.
fn policies() -> &'static [Policy] {
    static POLICIES: OnceLock<Vec<Policy>> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let mut restricted = Preset::NoMfa.choices();
        restricted.enforce_mfa = true;
        restricted.mfa_check = MfaCheck::Bool;
        restricted.set_service_restriction(CredentialService::CodeCommit, true);
        [Choices::default(), restricted]
            .iter()
            .map(|choices| {
                document::from_value(&generate(choices))
                    .0
                    .expect("a generated policy is an object")
            })
            .collect()
    })
}

pub fn simulate_lines(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let requests = match parse_requests(text) {
        Ok(requests) => requests,
        Err(message) => {
            one_line(&message, "simulate error");
            let (streamed, written) = stream(&policies()[0], text);
            let error = streamed.expect_err("the streaming path fails where the simple one does");
            assert_eq!(error.to_string(), message, "the same error either way");
            assert!(written.is_empty(), "nothing written before a bad line");
            let number: Option<usize> = message
                .strip_prefix("line ")
                .and_then(|rest| rest.split(':').next())
                .and_then(|n| n.parse().ok());
            let lines = text.lines().count();
            assert!(
                number.is_some_and(|n| (1..=lines).contains(&n)),
                "error names no line of {lines}: {message}"
            );
            return;
        }
    };
    let requests_written = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(requests.len(), requests_written, "one request per line");
    for request in &requests {
        assert!(
            request.account.len() == 12 && request.account.bytes().all(|b| b.is_ascii_digit()),
            "a request's principal needs a 12-digit account, got {:?}",
            request.account
        );
        let line = as_line(request).to_string();
        let again = parse_requests(&line)
            .unwrap_or_else(|e| panic!("a parsed request does not parse again: {e}"));
        assert_eq!(again.as_slice(), std::slice::from_ref(request));
    }
    for policy in policies() {
        decide_and_read_back(policy, &requests, text);
    }
}

/// The request as a `--requests` line.
fn as_line(request: &SimRequest<'_>) -> Value {
    let context: serde_json::Map<String, Value> = request
        .context
        .iter()
        .map(|(key, values)| (key.clone(), json!(values)))
        .collect();
    json!({
        "action": request.action,
        "resource": request.resource,
        "username": request.username,
        "account": request.account,
        "mfa": request.mfa.as_option(),
        "context": context,
    })
}

/// `simulate --requests` as the command runs it: the text decided line by line as read.
fn stream(
    policy: &Policy,
    text: &str,
) -> (Result<(), crate::policy::simulate::BatchError>, Vec<u8>) {
    let set = PolicySet::single("policy.json", policy.clone());
    let mut out = Vec::new();
    let result = simulate_source(&set, &mut WholeText::new(text.into()), &mut out);
    (result, out)
}

fn decide_and_read_back(policy: &Policy, requests: &[SimRequest<'_>], text: &str) {
    let mut out = Vec::new();
    decide_all(policy, requests, &mut out).expect("writing to memory cannot fail");
    let (streamed, written) = stream(policy, text);
    streamed.expect("the streaming path reads what the simple one reads");
    assert_eq!(
        written, out,
        "the streaming path writes what the simple one writes"
    );
    let out = String::from_utf8(out).expect("simulate writes UTF-8");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), requests.len(), "one output line per request");
    for (line, request) in lines.iter().zip(requests) {
        let read: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("output line is not JSON: {e}: {line}"));
        let principal = Principal::user(&request.username, &request.account);
        let compiled = CompiledPolicy::compile(policy, &principal);
        let decision = compiled.evaluate(&Request {
            action: &request.action,
            resource: &request.resource,
            mfa: request.mfa,
            context: &request.context,
        });
        let expected = json!({
            "action": request.action,
            "resource": request.resource,
            "mfa": request.mfa.as_option(),
            "decision": decision.verdict().as_str(),
            "matched": decision.labels().collect::<Vec<_>>(),
        });
        assert_eq!(read, expected, "simulate output for {request:?}");
        if request.mfa == Mfa::Absent {
            assert_eq!(read["mfa"], Value::Null);
        }
    }
}
