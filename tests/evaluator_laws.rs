//! Laws the evaluator must obey for every policy, checked on random grammatical policies
//! (see `support/mod.rs` for the pools they are drawn from), one property per law.
//!
//! The last law compares the evaluator with [`reference`], a deliberately naive and slow model
//! of the documented rules (iam-semantics.md §2–§4), written here without any of the crate's
//! matching code.

#[allow(dead_code)]
mod support;

use std::collections::BTreeSet;

use iamself_tui::policy::engine::{CompiledPolicy, Decision, Verdict};
use iamself_tui::policy::lint;
use iamself_tui::policy::model::Named;
use iamself_tui::policy::model::catalog::Catalog;
use iamself_tui::policy::model::choices::Attachment;
use iamself_tui::policy::model::document::{self, Effect, Matcher};
use iamself_tui::policy::output::export;
use iamself_tui::policy::reports::analysis;
use proptest::prelude::*;
use support::*;

const CASES: u32 = 256;

fn decide(policy: &CompiledPolicy, request: &GenRequest) -> Decision {
    policy.evaluate(&request.request())
}

fn sorted(indices: &[usize]) -> Vec<usize> {
    indices
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Breaks a valid text in one of several ways (truncation, a replaced character, a removed
/// character), to feed the parser and lint text that is almost a policy.
fn damage(text: &str, at: prop::sample::Index, how: u8) -> String {
    let chars: Vec<char> = text.chars().collect();
    let i = at.index(chars.len().max(1)).min(chars.len());
    match how % 4 {
        0 => chars[..i].iter().collect(),
        1 => {
            let mut out = chars.clone();
            if i < out.len() {
                out[i] = '"';
            }
            out.into_iter().collect()
        }
        2 => {
            let mut out = chars.clone();
            if i < out.len() {
                out.remove(i);
            }
            out.into_iter().collect()
        }
        _ => {
            let mut out = chars;
            out.insert(i, '\u{2028}');
            out.into_iter().collect()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn no_panic_from_text_to_decision(
        policy in policy(ANY_VERSION, Pool::Basic),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
        at in any::<prop::sample::Index>(),
        how in any::<u8>(),
    ) {
        let pretty = policy.pretty();
        let minified = export::to_minified_json(&policy.to_json());
        for text in [&pretty, &minified] {
            let parsed = document::parse(text);
            prop_assert!(parsed.is_ok(), "generated policy must parse: {parsed:?}");
            let _ = lint::lint(text, None);
            for &attachment in Attachment::ALL {
                let _ = lint::lint(text, Some(attachment));
            }
        }
        let compiled = policy.compile(&principal);
        for request in &requests {
            let decision = decide(&compiled, request);
            for index in decision.indices() {
                let _ = compiled.label(index);
            }
        }
        let _ = analysis::analyze_text(&pretty, Attachment::Managed);
        let broken = damage(&pretty, at, how);
        if let Ok(parsed) = document::parse(&broken) {
            let compiled = CompiledPolicy::compile(&parsed, &principal.principal());
            for request in &requests {
                let _ = decide(&compiled, request);
            }
        }
        let _ = lint::lint(&broken, None);
    }

    #[test]
    fn adding_a_deny_statement_never_grants_and_keeps_explicit_denies(
        policy in policy(ANY_VERSION, Pool::Basic),
        mut deny in statement(Pool::Basic),
        position in any::<prop::sample::Index>(),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        deny.effect = GenEffect::Deny;
        deny.sid = Some("AddedDeny".to_owned());
        let mut larger = policy.clone();
        let at = position.index(policy.statements.len() + 1);
        larger.statements.insert(at, deny);
        let before = policy.compile(&principal);
        let after = larger.compile(&principal);
        for request in &requests {
            let (was, now) = (decide(&before, request).verdict(), decide(&after, request).verdict());
            if was != Verdict::Allowed {
                prop_assert_ne!(now, Verdict::Allowed, "{:?}", request);
            }
            if was == Verdict::ExplicitDeny {
                prop_assert_eq!(now, Verdict::ExplicitDeny, "{:?}", request);
            }
        }
    }

    #[test]
    fn removing_an_allow_statement_never_grants(
        policy in policy(ANY_VERSION, Pool::Basic),
        which in any::<prop::sample::Index>(),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let allows: Vec<usize> = (0..policy.statements.len())
            .filter(|&i| policy.statements[i].effect == GenEffect::Allow)
            .collect();
        // A policy needs at least one statement; removing the last one leaves no policy.
        if !allows.is_empty() && policy.statements.len() > 1 {
            let removed = allows[which.index(allows.len())];
            let kept: Vec<usize> = (0..policy.statements.len()).filter(|&i| i != removed).collect();
            let before = policy.compile(&principal);
            let after = policy.with_statements(&kept).compile(&principal);
            for request in &requests {
                let (was, now) = (decide(&before, request).verdict(), decide(&after, request).verdict());
                if now == Verdict::Allowed {
                    prop_assert_eq!(was, Verdict::Allowed, "{:?}", request);
                }
                if was == Verdict::ExplicitDeny {
                    prop_assert_eq!(now, Verdict::ExplicitDeny, "{:?}", request);
                }
            }
        }
    }

    #[test]
    fn not_action_is_action_of_every_other_catalog_action(
        policy in policy(ANY_VERSION, Pool::Basic),
        principal in principal(),
        requests in prop::collection::vec(
            request(catalog_names(), ANY_RESOURCE, Pool::Basic),
            1..=16,
        ),
    ) {
        let parsed = policy.parse();
        let mut rewritten = parsed.clone();
        for statement in &mut rewritten.statements {
            if statement.action.negated {
                statement.action = Matcher {
                    negated: false,
                    values: catalog_complement(&statement.action.values),
                };
            }
        }
        let principal = principal.principal();
        let original = CompiledPolicy::compile(&parsed, &principal);
        let complement = CompiledPolicy::compile(&rewritten, &principal);
        for request in &requests {
            prop_assert_eq!(
                decide(&original, request),
                decide(&complement, request),
                "{:?}",
                request
            );
        }
    }

    #[test]
    fn decisions_do_not_depend_on_statement_order(
        (policy, order) in policy(ANY_VERSION, Pool::Basic).prop_flat_map(|p| {
            let n = p.statements.len();
            (Just(p), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let original = policy.compile(&principal);
        let shuffled = policy.with_statements(&order).compile(&principal);
        for request in &requests {
            let a = decide(&original, request);
            let b = decide(&shuffled, request);
            prop_assert_eq!(a.verdict(), b.verdict(), "{:?}", request);
            let b_in_original_indices: Vec<usize> = b.indices().map(|j| order[j]).collect();
            prop_assert_eq!(sorted(&a.indices().collect::<Vec<_>>()), sorted(&b_in_original_indices), "{:?}", request);
        }
    }

    #[test]
    fn minified_and_pretty_forms_decide_alike(
        policy in policy(ANY_VERSION, Pool::Basic),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let value = policy.to_json();
        let principal = principal.principal();
        let compile = |text: String| {
            document::parse(&text).map(|p| CompiledPolicy::compile(&p, &principal))
        };
        let pretty = compile(export::to_pretty_json(&value));
        let minified = compile(export::to_minified_json(&value));
        prop_assert!(pretty.is_ok() && minified.is_ok());
        let (pretty, minified) = (pretty.unwrap(), minified.unwrap());
        for request in &requests {
            prop_assert_eq!(decide(&pretty, request), decide(&minified, request), "{:?}", request);
        }
    }

    #[test]
    fn decisions_name_exactly_the_matching_statements_of_the_deciding_effect(
        policy in policy(ANY_VERSION, Pool::Basic),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let compiled = policy.compile(&principal);
        let parsed = policy.parse();
        // Each statement on its own: does it match the request?
        let alone: Vec<CompiledPolicy> = (0..policy.statements.len())
            .map(|i| policy.with_statements(&[i]).compile(&principal))
            .collect();
        for request in &requests {
            let decision = decide(&compiled, request);
            if decision.is_not_controlled_by_policy() {
                prop_assert!(decision.statements().is_empty());
                continue;
            }
            let matching = |effect: Effect| -> Vec<usize> {
                (0..alone.len())
                    .filter(|&i| parsed.statements[i].effect == effect)
                    .filter(|&i| decide(&alone[i], request).verdict() != Verdict::ImplicitDeny)
                    .collect()
            };
            match decision.verdict() {
                Verdict::Allowed => {
                    prop_assert!(!decision.statements().is_empty(), "{:?}", request);
                    prop_assert_eq!(sorted(&decision.indices().collect::<Vec<_>>()), matching(Effect::Allow));
                }
                Verdict::ExplicitDeny => {
                    prop_assert!(!decision.statements().is_empty(), "{:?}", request);
                    prop_assert_eq!(sorted(&decision.indices().collect::<Vec<_>>()), matching(Effect::Deny));
                }
                Verdict::ImplicitDeny => {
                    prop_assert!(decision.statements().is_empty(), "{:?}", request);
                    prop_assert!(matching(Effect::Allow).is_empty());
                    prop_assert!(matching(Effect::Deny).is_empty());
                }
                Verdict::Unknown => prop_assert!(false, "one known policy answered unknown"),
            }
            for i in decision.indices() {
                prop_assert!(!compiled.label(i).is_empty());
            }
        }
    }

    #[test]
    fn verdict_equals_the_naive_reference_model(
        policy in policy(ANY_VERSION, Pool::Basic),
        principal in principal(),
        requests in requests(request_actions(), ANY_RESOURCE, Pool::Basic),
    ) {
        let compiled = policy.compile(&principal);
        for request in &requests {
            let ours = decide(&compiled, request);
            let (verdict, statements) = reference::decide(&policy, &principal, request);
            prop_assert_eq!(ours.verdict(), verdict, "{:?}\n{}", request, policy.pretty());
            prop_assert_eq!(ours.indices().collect::<Vec<_>>(), statements, "{:?}", request);
        }
    }
}

/// Every catalog action's full name (`iam:ChangePassword`, ...), for the NotAction law.
fn catalog_names() -> Vec<&'static str> {
    Catalog::get()
        .actions()
        .iter()
        .map(|a| a.full_name.as_str())
        .collect()
}

/// The catalog actions that no pattern of a NotAction list matches.
fn catalog_complement(patterns: &[String]) -> Vec<String> {
    catalog_names()
        .into_iter()
        .filter(|name| !patterns.iter().any(|p| reference::action_matches(p, name)))
        .map(str::to_owned)
        .collect()
}

#[test]
fn sanity_the_catalog_complement_of_iam_star_is_the_sts_actions() {
    let rest = catalog_complement(&["iam:*".to_owned()]);
    assert!(!rest.is_empty());
    assert!(rest.iter().all(|a| a.starts_with("sts:")), "{rest:?}");
}

/// The documented rules, written out as plainly as possible for the subset the generator
/// produces. No shared code with the crate: its own glob, its own variable substitution, its own
/// condition operators.
mod reference {
    use super::support::{
        ACCOUNT, CondValue, GenCondition, GenEffect, GenPolicy, GenPrincipal, GenRequest,
        GenStatement, USERNAME, wildcard_resource_only,
    };
    use iamself_tui::policy::engine::{Mfa, Verdict};

    /// A pattern character: `*`/`?` from the policy text are wildcards; text that came from a
    /// variable's value is literal.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum P {
        Star,
        One,
        Char(char),
    }

    fn glob(pattern: &[P], text: &[char]) -> bool {
        match pattern.first() {
            None => text.is_empty(),
            Some(P::Star) => {
                glob(&pattern[1..], text) || (!text.is_empty() && glob(pattern, &text[1..]))
            }
            Some(P::One) => !text.is_empty() && glob(&pattern[1..], &text[1..]),
            Some(P::Char(c)) => text.first() == Some(c) && glob(&pattern[1..], &text[1..]),
        }
    }

    fn wild(text: &str) -> Vec<P> {
        text.chars()
            .map(|c| match c {
                '*' => P::Star,
                '?' => P::One,
                c => P::Char(c),
            })
            .collect()
    }

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    /// Action names are case-insensitive.
    pub fn action_matches(pattern: &str, action: &str) -> bool {
        glob(
            &wild(&pattern.to_ascii_lowercase()),
            &chars(&action.to_ascii_lowercase()),
        )
    }

    /// The value of a variable: the principal's own keys, else the request's key when it has
    /// exactly one value (§7.3, §7.4); `None` when it has none.
    fn variable(key: &str, principal: &GenPrincipal, request: &GenRequest) -> Option<String> {
        let key = key.trim().to_ascii_lowercase();
        match key.as_str() {
            "aws:username" => return Some(USERNAME.to_owned()),
            "aws:principalaccount" => return Some(ACCOUNT.to_owned()),
            "aws:principaltag/team" if principal.team_tag.is_some() => {
                return principal.team_tag.map(str::to_owned);
            }
            _ => {}
        }
        match request.context_value(&key) {
            Some([one]) => Some(one.clone()),
            _ => None,
        }
    }

    /// Substitutes `${...}` (only with Version 2012-10-17); `None` when a variable has no value.
    fn substitute(
        text: &str,
        version: Option<&str>,
        principal: &GenPrincipal,
        request: &GenRequest,
    ) -> Option<Vec<P>> {
        if version != Some("2012-10-17") {
            return Some(wild(text));
        }
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let end = start + rest[start..].find('}')?;
            out.extend(wild(&rest[..start]));
            let value = variable(&rest[start + 2..end], principal, request)?;
            out.extend(value.chars().map(P::Char));
            rest = &rest[end + 1..];
        }
        out.extend(wild(rest));
        Some(out)
    }

    /// A resource glob (§7.6): a `*` followed (after any further stars) by `:` or the end of
    /// the pattern may cross colons; any other `*` may not.
    fn resource_glob(pattern: &[P], text: &[char]) -> bool {
        match pattern.first() {
            None => text.is_empty(),
            Some(P::Star) => {
                let rest: &[P] = {
                    let stars = pattern.iter().take_while(|p| **p == P::Star).count();
                    &pattern[stars..]
                };
                let crosses = rest.first().is_none_or(|p| *p == P::Char(':'));
                resource_glob(rest, text)
                    || (!text.is_empty()
                        && (crosses || text[0] != ':')
                        && resource_glob(pattern, &text[1..]))
            }
            Some(P::One) => !text.is_empty() && resource_glob(&pattern[1..], &text[1..]),
            Some(P::Char(c)) => text.first() == Some(c) && resource_glob(&pattern[1..], &text[1..]),
        }
    }

    /// Lower-cases ASCII letters before the third colon: `arn`, partition and service compare
    /// ignoring case.
    fn fold_service<T>(
        items: Vec<T>,
        char_of: impl Fn(&T) -> Option<char>,
        lower: impl Fn(T) -> T,
    ) -> Vec<T> {
        let mut colons = 0;
        items
            .into_iter()
            .map(|item| {
                let c = char_of(&item);
                let item = if colons < 3 { lower(item) } else { item };
                if c == Some(':') {
                    colons += 1;
                }
                item
            })
            .collect()
    }

    /// Resource ARNs are case-sensitive, but for partition and service.
    fn resource_matches(pattern: &[P], resource: &str) -> bool {
        let pattern = fold_service(
            pattern.to_vec(),
            |p| match p {
                P::Char(c) => Some(*c),
                _ => None,
            },
            |p| match p {
                P::Char(c) => P::Char(c.to_ascii_lowercase()),
                other => other,
            },
        );
        let target = fold_service(chars(resource), |c| Some(*c), |c| c.to_ascii_lowercase());
        resource_glob(&pattern, &target)
    }

    fn request_values(
        key: &str,
        principal: &GenPrincipal,
        request: &GenRequest,
    ) -> Option<Vec<String>> {
        match key.to_ascii_lowercase().as_str() {
            "aws:multifactorauthpresent" => match request.mfa {
                Mfa::Present => Some(vec!["true".to_owned()]),
                Mfa::NotPresent => Some(vec!["false".to_owned()]),
                Mfa::Absent => None,
            },
            "aws:username" => Some(vec![USERNAME.to_owned()]),
            "aws:principaltag/team" if principal.team_tag.is_some() => {
                principal.team_tag.map(|t| vec![t.to_owned()])
            }
            _ => request.context_value(key).map(<[String]>::to_vec),
        }
    }

    fn truth(text: &str) -> Option<bool> {
        match text.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    fn condition_holds(
        condition: &GenCondition,
        version: Option<&str>,
        principal: &GenPrincipal,
        request: &GenRequest,
    ) -> bool {
        let found = request_values(&condition.key, principal, request);
        let texts: Vec<String> = condition
            .values
            .iter()
            .map(|v: &CondValue| v.text())
            .collect();
        if condition.operator == "Null" {
            // Null: true ⇔ the key is absent. Values are ORed.
            return texts.iter().any(|t| truth(t) == Some(found.is_none()));
        }
        let (base, if_exists) = match condition.operator.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (condition.operator, false),
        };
        let negated = base.contains("Not");
        let Some(found) = found else {
            // A missing key is a mismatch, except for ...IfExists (true) and negated
            // operators (which match a missing key).
            return if_exists || negated;
        };
        // A value whose variable has no value is null: it equals nothing. Only the string
        // operators substitute (§7.1).
        let takes_variables = base.starts_with("String");
        let values: Vec<Option<Vec<P>>> = texts
            .iter()
            .map(|t| {
                if takes_variables {
                    substitute(t, version, principal, request)
                } else {
                    Some(wild(t))
                }
            })
            .collect();
        let literal = |p: &[P]| -> Option<String> {
            p.iter()
                .map(|x| match x {
                    P::Char(c) => Some(*c),
                    P::Star => Some('*'),
                    P::One => Some('?'),
                })
                .collect()
        };
        let one_matches = |value: &Option<Vec<P>>, actual: &str| -> bool {
            let Some(pattern) = value else { return false };
            match base {
                "Bool" => literal(pattern)
                    .and_then(|t| truth(&t))
                    .is_some_and(|b| truth(actual) == Some(b)),
                "StringEquals" | "StringNotEquals" => literal(pattern).as_deref() == Some(actual),
                "StringEqualsIgnoreCase" => {
                    literal(pattern).map(|t| t.to_lowercase()) == Some(actual.to_lowercase())
                }
                "StringLike" => glob(pattern, &chars(actual)),
                "NumericLessThan" => {
                    let policy: Option<f64> = literal(pattern).and_then(|t| t.parse().ok());
                    let actual: Option<f64> = actual.parse().ok();
                    matches!((actual, policy), (Some(a), Some(p)) if a < p)
                }
                other => panic!("the model does not know {other}"),
            }
        };
        let any = found
            .iter()
            .any(|actual| values.iter().any(|v| one_matches(v, actual)));
        if negated { !any } else { any }
    }

    fn statement_applies(
        statement: &GenStatement,
        version: Option<&str>,
        principal: &GenPrincipal,
        request: &GenRequest,
        resource: &str,
    ) -> bool {
        let action_listed = statement
            .action
            .values
            .iter()
            .any(|p| action_matches(p, request.action));
        if action_listed == statement.action.negated {
            return false;
        }
        let resource_listed = statement.resource.values.iter().any(|r| {
            substitute(r, version, principal, request)
                .is_some_and(|p| resource_matches(&p, resource))
        });
        if resource_listed == statement.resource.negated {
            return false;
        }
        statement
            .conditions
            .iter()
            .all(|c| condition_holds(c, version, principal, request))
    }

    /// Deny if any Deny matches, else Allow if any Allow matches, else implicit deny; with the
    /// matching statements of the deciding effect.
    pub fn decide(
        policy: &GenPolicy,
        principal: &GenPrincipal,
        request: &GenRequest,
    ) -> (Verdict, Vec<usize>) {
        if ["sts:GetSessionToken", "sts:GetCallerIdentity"]
            .iter()
            .any(|a| request.action.eq_ignore_ascii_case(a))
        {
            return (Verdict::Allowed, Vec::new());
        }
        let resource = if wildcard_resource_only(request.action) {
            "*"
        } else {
            request.resource
        };
        let matching = |effect: GenEffect| -> Vec<usize> {
            (0..policy.statements.len())
                .filter(|&i| {
                    let s = &policy.statements[i];
                    s.effect == effect
                        && statement_applies(s, policy.version, principal, request, resource)
                })
                .collect()
        };
        let denies = matching(GenEffect::Deny);
        if !denies.is_empty() {
            return (Verdict::ExplicitDeny, denies);
        }
        let allows = matching(GenEffect::Allow);
        if allows.is_empty() {
            (Verdict::ImplicitDeny, allows)
        } else {
            (Verdict::Allowed, allows)
        }
    }
}
