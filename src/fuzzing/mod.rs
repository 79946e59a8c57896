//! Fuzzing pipelines, shared by the fuzz targets under `fuzz/` and by
//! `tests/fuzz_regressions.rs`, so every input a fuzzer found worth keeping is replayed by a plain
//! `cargo test` on the stable toolchain.
//!
//! Each pipeline feeds one input through everything the product does with such an input and
//! panics when a property that must hold for *every* input breaks. To a fuzzer that panic is the
//! crash it reports; the product itself never calls these functions.

mod account_dump;
mod choices_input;
mod exports;
mod invariants;
mod policy_set;
mod simulate_lines;

pub use account_dump::account_dump;
pub use choices_input::choices_from_bytes;
pub use policy_set::policy_set;
pub use simulate_lines::simulate_lines;

use crate::policy::engine::{
    CompiledPolicy, Decision, Mfa, PolicySet, Principal, Request, Verdict,
};
use crate::policy::lint;
use crate::policy::model::Named;
use crate::policy::model::choices::Attachment;
use crate::policy::model::credential_actions;
use crate::policy::model::document::{self, ParseError, Policy};
use crate::policy::reports::analysis;
use crate::policy::sample::{EXAMPLE_ACCOUNT, OTHER_USER, OWN_USER};

/// Target `policy_text`: arbitrary bytes as a policy file, through parsing, lint, analysis for
/// every attachment, evaluation, inference and every export.
pub fn policy_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let json = document::parse_json(text);
    let parsed = document::parse(text);
    match (&json, &parsed) {
        (Err(json_error), Err(ParseError::Json(parse_error))) => {
            assert_eq!(json_error, parse_error, "parse and parse_json disagree");
        }
        (Err(_), _) => panic!("parse accepted what parse_json refused: {parsed:?}"),
        (Ok(_), Err(ParseError::Json(error))) => {
            panic!("parse_json accepted what parse calls invalid JSON: {error}")
        }
        (Ok(_), _) => {}
    }
    if let Err(error) = &parsed {
        invariants::one_line(&error.to_string(), "parse error");
    }

    let findings = lint::lint(text, None);
    invariants::findings(text, &findings, &parsed);
    if let Err(error) = &json {
        assert!(
            findings
                .iter()
                .any(|f| f.id() == "invalid-json" && f.line == Some(error.line)),
            "invalid JSON without an invalid-json finding at line {}: {findings:#?}",
            error.line
        );
    }

    let mut first_analysis: Option<analysis::Analysis> = None;
    for &attachment in Attachment::ALL {
        match analysis::analyze_text(text, attachment) {
            Ok(analysis) => {
                assert!(parsed.is_ok(), "analyze_text accepted what parse refused");
                invariants::analysis_of_text(&analysis, text, attachment, &parsed);
                // Only the size check depends on the attachment.
                if let Some(first) = &first_analysis {
                    assert_eq!(first.table, analysis.table, "table depends on attachment");
                    assert_eq!(
                        first.journey, analysis.journey,
                        "journey depends on attachment"
                    );
                } else {
                    first_analysis = Some(analysis);
                }
            }
            Err(error) => assert_eq!(
                parsed.as_ref().err(),
                Some(&error),
                "analyze_text and parse disagree"
            ),
        }
    }

    if let Ok(value) = &json {
        exports::round_trip(value);
    }
    if let Ok(policy) = &parsed {
        evaluate_sample_requests(policy);
        let inferred = crate::policy::reports::infer::infer_choices(policy);
        generated_policy(&inferred);
    }
}

/// Target `choices`: arbitrary bytes as a sequence of wizard edits, then the generated policy and
/// the product spec §3 invariants.
pub fn choices(data: &[u8]) {
    generated_policy(&choices_from_bytes(data));
}

/// Analyses the policy generated for `choices`, checks the §3 invariants on it, reopens it as a
/// text (as `--open` does) and exports it in every format.
fn generated_policy(choices: &crate::policy::model::choices::Choices) {
    let generated = analysis::analyze_choices(choices);
    invariants::generated(&generated);
    let reopened = analysis::analyze_text(&generated.pretty, choices.attachment)
        .unwrap_or_else(|e| panic!("a generated policy does not reopen: {e}"));
    assert_eq!(
        reopened.choices,
        crate::policy::reports::infer::observable(choices),
        "reopening a generated policy infers other choices"
    );
    for row in &generated.table.rows {
        let again = reopened.table.row(&row.action);
        assert_eq!(
            again.map(|r| &r.cells),
            Some(&row.cells),
            "reopened truth table answers {} differently",
            row.action
        );
    }
    exports::round_trip(&generated.document());
}

/// How many of the policy's own actions and resources are asked about: enough to reach its
/// patterns and conditions, few enough to keep each run fast.
const OWN_SAMPLES: usize = 4;

/// Evaluates a handful of requests, built from fixed actions and resources and from the policy's
/// own, as two principals, with and without the condition values the policy names.
fn evaluate_sample_requests(policy: &Policy) {
    let mut principals = vec![Principal::user(OWN_USER, EXAMPLE_ACCOUNT)];
    let mut tagged = Principal::user("carol", "210987654321");
    tagged.partition = "aws-us-gov".to_owned();
    tagged.path = "/division/team/".to_owned();
    tagged.tags = vec![("team".to_owned(), "blue".to_owned())];
    principals.push(tagged);

    let mut actions: Vec<&str> = vec![
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        credential_actions::DEACTIVATE_MFA_DEVICE,
        credential_actions::SENTINEL_ESCALATION,
        credential_actions::SENTINEL_OTHER_SERVICE,
        credential_actions::GET_SESSION_TOKEN,
    ];
    let own_actions = policy.statements.iter().flat_map(|s| &s.action.values);
    actions.extend(own_actions.take(OWN_SAMPLES).map(String::as_str));

    let own_resources: Vec<&str> = policy
        .statements
        .iter()
        .flat_map(|s| &s.resource.values)
        .take(OWN_SAMPLES)
        .map(String::as_str)
        .collect();
    let condition_context: Vec<(String, Vec<String>)> = policy
        .statements
        .iter()
        .flat_map(|s| &s.conditions)
        .map(|c| (c.key.clone(), c.values.clone()))
        .collect();
    let contexts: [&[(String, Vec<String>)]; 2] = [&[], &condition_context];

    // The same statements in reverse order: IAM's answer does not depend on statement order.
    let mut reversed = policy.clone();
    reversed.statements.reverse();
    let shouted_context: Vec<(String, Vec<String>)> = condition_context
        .iter()
        .map(|(key, values)| (key.to_ascii_uppercase(), values.clone()))
        .collect();

    for principal in &principals {
        let compiled = CompiledPolicy::compile(policy, principal);
        let compiled_reversed = CompiledPolicy::compile(&reversed, principal);
        let alone_in_a_set = PolicySet::single("policy.json", policy.clone()).compile(principal);
        let other = Principal {
            username: OTHER_USER.to_owned(),
            ..principal.clone()
        };
        let mut resources = vec!["*".to_owned(), principal.arn(), other.arn()];
        resources.extend(own_resources.iter().map(|r| (*r).to_owned()));
        each_request(&actions, &resources, contexts, |request| {
            let Request {
                action,
                resource,
                mfa,
                context,
            } = request;
            let decision = compiled.evaluate(&request);
            invariants::decision(&decision, policy, &compiled);
            assert_eq!(
                alone_in_a_set.evaluate(&request),
                decision,
                "a set of this one policy answers {action} on {resource} {mfa:?} \
                     differently"
            );
            let same_verdict = |other: Decision, change: &str| {
                assert_eq!(
                    other.verdict(),
                    decision.verdict(),
                    "{change} changes the answer to {action} on {resource} {mfa:?}"
                );
            };
            same_verdict(
                compiled_reversed.evaluate(&request),
                "reversing the statements",
            );
            let shouted_action = action.to_ascii_uppercase();
            same_verdict(
                compiled.evaluate(&Request {
                    action: &shouted_action,
                    ..request
                }),
                "upper-casing the action",
            );
            if !context.is_empty() {
                same_verdict(
                    compiled.evaluate(&Request {
                        context: &shouted_context,
                        ..request
                    }),
                    "upper-casing the condition key names",
                );
            }
            if action.eq_ignore_ascii_case(credential_actions::GET_SESSION_TOKEN) {
                assert!(
                    decision.verdict() == Verdict::Allowed
                        && decision.is_not_controlled_by_policy(),
                    "sts:GetSessionToken must be always callable: {decision:?}"
                );
            }
        });
    }
}

/// Every combination of these actions, resources, MFA states and contexts, as one request each.
fn each_request<'a>(
    actions: &[&'a str],
    resources: &'a [String],
    contexts: [&'a [(String, Vec<String>)]; 2],
    mut ask: impl FnMut(Request<'a>),
) {
    for &action in actions {
        for resource in resources {
            for mfa in Mfa::ALL {
                for context in contexts {
                    ask(Request {
                        action,
                        resource,
                        mfa,
                        context,
                    });
                }
            }
        }
    }
}
