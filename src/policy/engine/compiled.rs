//! The evaluator: one identity-based policy, one IAM user as principal, AWS's documented logic
//! (IAM User Guide, `reference_policies_evaluation-logic`): an explicit deny beats an allow,
//! an allow beats the default implicit deny. Every decision names the statements that made it.
//!
//! Evaluation runs on the compiled form ([`CompiledPolicy`]): actions pre-lowered, ARNs
//! pre-split, the principal's variables resolved once, so that a decision allocates nothing.

use std::sync::OnceLock;

use std::sync::Arc;

use super::decision::{Decision, MissingAllow, StatementRef};
use super::request::{Principal, Request};
use crate::policy::engine::condition::{self, ArnPattern, Operator, PolicyValue, RequestValues};
use crate::policy::engine::pattern::{Pattern, Piece};
use crate::policy::engine::variables::{Segment, parse_template};
use crate::policy::model::catalog::Catalog;
use crate::policy::model::document::{Effect, Policy, Statement};

const MFA_KEY: &str = "aws:multifactorauthpresent";
const GET_SESSION_TOKEN: &str = "sts:GetSessionToken";

/// A policy compiled for one principal, ready to answer requests.
#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    statements: Vec<CompiledStatement>,
    /// Position of this policy in its set (0 alone).
    position: usize,
    labels: Vec<Arc<str>>,
    /// Lower-cased condition key → value, for the principal's own keys.
    principal_keys: Vec<(String, String)>,
    /// Per catalog action (by [`Catalog::position`]): bit `i` set when statement `i`'s
    /// Action/NotAction element covers it. Filled on first use, so that the truth table's four
    /// questions per action (and `simulate`'s repeated actions) match action patterns once.
    /// Empty for policies with more than 64 statements.
    action_masks: Vec<OnceLock<u64>>,
}

#[derive(Debug, Clone)]
struct CompiledStatement {
    effect: Effect,
    actions_negated: bool,
    /// Lower-cased: action names are case-insensitive.
    actions: Vec<Pattern>,
    resources_negated: bool,
    resources: Vec<ResourceMatcher>,
    conditions: Vec<CompiledCondition>,
}

#[derive(Debug, Clone)]
enum ResourceMatcher {
    Static(Arc<ArnPattern>),
    /// Mentions a request key (not the principal's): resolved per request.
    Dynamic(Vec<Segment>),
    /// "If a variable that has no value ... is used as part of the Resource or NotResource
    /// element ..., the resource that includes a policy variable with no value will not match
    /// any resource" (IAM User Guide, `reference_policies_variables`).
    Never,
}

#[derive(Debug, Clone)]
enum ConditionKey {
    Mfa,
    Principal(usize),
    /// Lower-cased: condition key names are case-insensitive.
    Request(String),
}

#[derive(Debug, Clone)]
enum ConditionValues {
    Static(Vec<PolicyValue>),
    Dynamic(Vec<Vec<Segment>>),
}

#[derive(Debug, Clone)]
struct CompiledCondition {
    /// `None`: an operator IAM does not know; such a condition never holds.
    operator: Option<Operator>,
    key: ConditionKey,
    values: ConditionValues,
}

impl CompiledPolicy {
    pub fn compile(policy: &Policy, principal: &Principal) -> CompiledPolicy {
        CompiledPolicy::compile_in_set(policy, principal, 0, None)
    }

    /// Compiles the policy at `position` of a set; with a `name`, its statements are labelled
    /// `name / Sid` so that a decision over several policies says which one decided.
    pub fn compile_in_set(
        policy: &Policy,
        principal: &Principal,
        position: usize,
        name: Option<&str>,
    ) -> CompiledPolicy {
        let principal_keys = principal_keys(principal);
        let variables = policy.variables_enabled();
        let labels = policy
            .statements
            .iter()
            .map(|s| match name {
                Some(name) => Arc::from(format!("{name} / {}", s.label())),
                None => Arc::from(s.label()),
            })
            .collect();
        let mut compiled = CompiledPolicy {
            statements: Vec::with_capacity(policy.statements.len()),
            position,
            labels,
            principal_keys,
            action_masks: if policy.statements.len() <= 64 {
                (0..Catalog::get().actions().len())
                    .map(|_| OnceLock::new())
                    .collect()
            } else {
                Vec::new()
            },
        };
        // Policies repeat the same ARNs from statement to statement: compile each once.
        let mut resources = std::collections::HashMap::new();
        for statement in &policy.statements {
            let compiled_statement =
                compiled.compile_statement(statement, variables, &mut resources);
            compiled.statements.push(compiled_statement);
        }
        compiled
    }

    fn compile_statement<'p>(
        &self,
        statement: &'p Statement,
        variables: bool,
        resources: &mut std::collections::HashMap<&'p str, ResourceMatcher>,
    ) -> CompiledStatement {
        CompiledStatement {
            effect: statement.effect,
            actions_negated: statement.action.negated,
            actions: statement
                .action
                .values
                .iter()
                .map(|a| Pattern::new(a).to_ascii_lowercase())
                .collect(),
            resources_negated: statement.resource.negated,
            resources: statement
                .resource
                .values
                .iter()
                .map(|r| {
                    resources
                        .entry(r.as_str())
                        .or_insert_with(|| self.compile_resource(r, variables))
                        .clone()
                })
                .collect(),
            conditions: statement
                .conditions
                .iter()
                .map(|c| self.compile_condition(c, variables))
                .collect(),
        }
    }

    fn compile_resource(&self, text: &str, variables: bool) -> ResourceMatcher {
        let segments = parse_template(text, variables);
        match self.resolve_with_principal(&segments) {
            Resolution::Resolved(pieces) => ResourceMatcher::Static(Arc::new(arn_pattern(&pieces))),
            Resolution::NeedsRequest => ResourceMatcher::Dynamic(segments),
            Resolution::Missing => ResourceMatcher::Never,
        }
    }

    fn compile_condition(
        &self,
        condition: &crate::policy::model::document::Condition,
        variables: bool,
    ) -> CompiledCondition {
        let operator = Operator::parse(&condition.operator);
        let lower = condition.key.to_ascii_lowercase();
        let key = if lower == MFA_KEY {
            ConditionKey::Mfa
        } else if let Some(i) = self.principal_keys.iter().position(|(k, _)| *k == lower) {
            ConditionKey::Principal(i)
        } else {
            ConditionKey::Request(lower)
        };
        let templates: Vec<Vec<Segment>> = condition
            .values
            .iter()
            .map(|v| parse_template(v, variables))
            .collect();
        let values = match operator {
            None => ConditionValues::Static(Vec::new()),
            Some(op) => {
                let resolved: Vec<Resolution> = templates
                    .iter()
                    .map(|t| self.resolve_with_principal(t))
                    .collect();
                if resolved
                    .iter()
                    .any(|r| matches!(r, Resolution::NeedsRequest))
                {
                    ConditionValues::Dynamic(templates)
                } else {
                    ConditionValues::Static(
                        resolved.into_iter().map(|r| prepare_value(op, r)).collect(),
                    )
                }
            }
        };
        CompiledCondition {
            operator,
            key,
            values,
        }
    }

    /// Substitutes the principal's variables. Keys the principal does not have are looked up in
    /// the request, unless they are principal keys (`aws:PrincipalTag/...`, ...) that this
    /// principal simply lacks.
    fn resolve_with_principal(&self, segments: &[Segment]) -> Resolution {
        substitute(segments, |key, default| {
            match self.principal_keys.iter().find(|(k, _)| k == key) {
                Some((_, value)) => Lookup::Value(value.clone()),
                None if is_principal_key(key) => {
                    default.map_or(Lookup::Missing, |d| Lookup::Value(d.to_owned()))
                }
                None => Lookup::NeedsRequest,
            }
        })
    }

    /// Substitutes every variable from the principal and the request (the slow path, for
    /// variables naming request keys).
    fn resolve_with_request(
        &self,
        segments: &[Segment],
        request: &Request<'_>,
    ) -> Option<Vec<(bool, String)>> {
        let resolution = substitute(segments, |key, default| {
            self.lookup_text(key, request)
                .or(default)
                .map_or(Lookup::Missing, |value| Lookup::Value(value.to_owned()))
        });
        match resolution {
            Resolution::Resolved(pieces) => Some(pieces),
            _ => None,
        }
    }

    fn lookup_text<'a>(&'a self, key: &str, request: &Request<'a>) -> Option<&'a str> {
        if key == MFA_KEY {
            return request.mfa.context_value();
        }
        if let Some((_, value)) = self.principal_keys.iter().find(|(k, _)| k == key) {
            return Some(value);
        }
        request
            .context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, values)| values.first().map(String::as_str))
    }

    fn lookup<'a>(
        &'a self,
        key: &'a ConditionKey,
        request: &Request<'a>,
    ) -> Option<RequestValues<'a>> {
        match key {
            ConditionKey::Mfa => request.mfa.context_value().map(RequestValues::One),
            ConditionKey::Principal(i) => Some(RequestValues::One(&self.principal_keys[*i].1)),
            ConditionKey::Request(name) => request
                .context
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, values)| RequestValues::Many(values)),
        }
    }

    /// Decides one request: explicit deny > allow > implicit deny (IAM User Guide,
    /// `reference_policies_evaluation-logic`).
    pub fn evaluate(&self, request: &Request<'_>) -> Decision {
        match Prepared::new(request) {
            Some(prepared) => self.evaluate_prepared(request, &prepared),
            None => Decision::NotControlledByPolicy,
        }
    }

    /// [`CompiledPolicy::evaluate`] with the request's catalog lookup and ARN split done once,
    /// by the caller: a set asks each of its policies the same request.
    pub(crate) fn evaluate_prepared(
        &self,
        request: &Request<'_>,
        prepared: &Prepared<'_>,
    ) -> Decision {
        let covering = match prepared.position.and_then(|i| self.action_masks.get(i)) {
            Some(mask) => *mask.get_or_init(|| self.action_mask(request.action)),
            None => self.action_mask(request.action),
        };
        let target = &prepared.target;
        // Denies first: once one matches, no Allow can change the answer.
        let denies: Vec<StatementRef> = self
            .matching(Effect::Deny, covering, request, target)
            .map(|i| self.statement_ref(i))
            .collect();
        if !denies.is_empty() {
            return Decision::ExplicitDeny(denies);
        }
        let allows: Vec<StatementRef> = self
            .matching(Effect::Allow, covering, request, target)
            .map(|i| self.statement_ref(i))
            .collect();
        if allows.is_empty() {
            Decision::ImplicitDeny(MissingAllow::Identity)
        } else {
            Decision::Allowed(allows)
        }
    }

    fn statement_ref(&self, statement: usize) -> StatementRef {
        StatementRef {
            policy: self.position,
            statement,
            label: Arc::clone(&self.labels[statement]),
        }
    }

    /// Statements (up to 64, one bit each; more are all flagged) whose Action/NotAction element
    /// covers the action. NotAction matches everything except what it lists (IAM User Guide,
    /// `reference_policies_elements_notaction`).
    fn action_mask(&self, action: &str) -> u64 {
        if self.statements.len() > 64 {
            return u64::MAX;
        }
        self.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.actions.iter().any(|p| p.matches_ignore_case(action)) != s.actions_negated
            })
            .fold(0, |mask, (i, _)| mask | 1 << i)
    }

    fn matching<'s>(
        &'s self,
        effect: Effect,
        covering: u64,
        request: &'s Request<'_>,
        target: &'s Target<'_>,
    ) -> impl Iterator<Item = usize> + 's {
        self.statements
            .iter()
            .enumerate()
            .filter(move |(i, s)| {
                s.effect == effect
                    && (self.statements.len() > 64 || covering & (1 << i) != 0)
                    && self.statement_applies(s, request, target)
            })
            .map(|(index, _)| index)
    }

    /// Whether a statement whose action element covers the request also matches its resource
    /// and conditions.
    fn statement_applies(
        &self,
        statement: &CompiledStatement,
        request: &Request<'_>,
        target: &Target<'_>,
    ) -> bool {
        if self.statements.len() > 64
            && statement
                .actions
                .iter()
                .any(|p| p.matches_ignore_case(request.action))
                == statement.actions_negated
        {
            return false;
        }
        // NotResource matches every resource except those listed (IAM User Guide,
        // `reference_policies_elements_notresource`).
        let resource_listed = statement
            .resources
            .iter()
            .any(|r| self.resource_matches(r, target, request));
        if resource_listed == statement.resources_negated {
            return false;
        }
        // Conditions are ANDed (IAM User Guide, `reference_policies_multi-value-conditions`).
        statement
            .conditions
            .iter()
            .all(|c| self.condition_holds(c, request))
    }

    fn resource_matches(
        &self,
        matcher: &ResourceMatcher,
        target: &Target<'_>,
        request: &Request<'_>,
    ) -> bool {
        match matcher {
            ResourceMatcher::Static(pattern) => {
                pattern.matches_split(target.resource, target.parts.as_ref())
            }
            ResourceMatcher::Never => false,
            ResourceMatcher::Dynamic(segments) => self
                .resolve_with_request(segments, request)
                .is_some_and(|pieces| arn_pattern(&pieces).matches(target.resource)),
        }
    }

    fn condition_holds(&self, condition: &CompiledCondition, request: &Request<'_>) -> bool {
        let Some(operator) = condition.operator else {
            return false;
        };
        let found = self.lookup(&condition.key, request);
        match &condition.values {
            ConditionValues::Static(values) => condition::holds(operator, found, values),
            ConditionValues::Dynamic(templates) => {
                let values: Vec<PolicyValue> = templates
                    .iter()
                    .map(|t| match self.resolve_with_request(t, request) {
                        Some(pieces) => prepare_value(operator, Resolution::Resolved(pieces)),
                        None => PolicyValue::Nothing,
                    })
                    .collect();
                condition::holds(operator, found, &values)
            }
        }
    }

    /// Sid or `#n` of the statement at this index.
    pub fn label(&self, index: usize) -> &str {
        &self.labels[index]
    }
}

/// What every policy of a set needs to know about a request, worked out once.
pub(crate) struct Prepared<'a> {
    /// The action's position in the catalog.
    position: Option<usize>,
    target: Target<'a>,
}

impl<'a> Prepared<'a> {
    /// `None` for `sts:GetSessionToken`: "You cannot use policies to control authentication
    /// operations" (IAM User Guide, `id_credentials_temp_control-access_getsessiontoken`).
    pub(crate) fn new(request: &Request<'a>) -> Option<Prepared<'a>> {
        if request.action.eq_ignore_ascii_case(GET_SESSION_TOKEN) {
            return None;
        }
        let catalog = Catalog::get();
        let position = catalog.position(request.action);
        // Actions without resource types are evaluated against `*` (Service Authorization
        // Reference: "you must specify all resources ("*")").
        let resource = match position {
            Some(i) if catalog.actions()[i].wildcard_resource_only() => "*",
            _ => request.resource,
        };
        Some(Prepared {
            position,
            target: Target {
                resource,
                parts: condition::split_arn(resource),
            },
        })
    }
}

/// The resource a request is about, split into ARN segments once.
struct Target<'a> {
    resource: &'a str,
    parts: Option<[&'a str; 6]>,
}

/// A variable's value, or why it has none.
enum Lookup {
    Value(String),
    Missing,
    NeedsRequest,
}

/// Replaces each variable by `value_of(key, default)`; text stays wildcard-capable, substituted
/// values and escapes become literal pieces.
fn substitute(segments: &[Segment], value_of: impl Fn(&str, Option<&str>) -> Lookup) -> Resolution {
    let mut pieces = Vec::with_capacity(segments.len());
    for segment in segments {
        match segment {
            Segment::Text(text) => pieces.push((false, text.clone())),
            Segment::Escaped(c) => pieces.push((true, c.to_string())),
            Segment::Variable { key, default } => match value_of(key, default.as_deref()) {
                Lookup::Value(value) => pieces.push((true, value)),
                Lookup::Missing => return Resolution::Missing,
                Lookup::NeedsRequest => return Resolution::NeedsRequest,
            },
        }
    }
    Resolution::Resolved(pieces)
}

enum Resolution {
    /// Pieces of text; `true` marks literal text whose `*`/`?` are not wildcards.
    Resolved(Vec<(bool, String)>),
    NeedsRequest,
    Missing,
}

fn prepare_value(operator: Operator, resolution: Resolution) -> PolicyValue {
    let Resolution::Resolved(pieces) = resolution else {
        // "When policy variables reference a condition context key that has no value ..., the
        // value is effectively null" (IAM User Guide, `reference_policies_variables`).
        return PolicyValue::Nothing;
    };
    let text: String = pieces.iter().map(|(_, t)| t.as_str()).collect();
    match operator.family {
        condition::Family::Arn => PolicyValue::Arn(arn_pattern(&pieces)),
        family => PolicyValue::prepare(family, &text, || {
            Pattern::from_pieces(pieces.iter().map(|(literal, t)| piece(*literal, t)))
        }),
    }
}

fn piece(literal: bool, text: &str) -> Piece<'_> {
    if literal {
        Piece::Literal(text)
    } else {
        Piece::Wild(text)
    }
}

/// Builds a segment-wise ARN pattern from pieces, splitting on `:` across pieces.
fn arn_pattern(pieces: &[(bool, String)]) -> ArnPattern {
    let mut segments: Vec<Vec<(bool, &str)>> = vec![Vec::new()];
    for (literal, text) in pieces {
        let mut rest = text.as_str();
        while segments.len() < 6 {
            match rest.find(':') {
                Some(i) => {
                    segments
                        .last_mut()
                        .expect("never empty")
                        .push((*literal, &rest[..i]));
                    segments.push(Vec::new());
                    rest = &rest[i + 1..];
                }
                None => break,
            }
        }
        segments
            .last_mut()
            .expect("never empty")
            .push((*literal, rest));
    }
    let is_arn =
        segments.len() == 6 && segments[0].iter().map(|(_, t)| *t).collect::<String>() == "arn";
    let split = is_arn.then(|| {
        let mut patterns = segments
            .iter()
            .map(|s| Pattern::from_pieces(s.iter().map(|(literal, t)| piece(*literal, t))));
        std::array::from_fn(|_| patterns.next().expect("six segments"))
    });
    ArnPattern::from_parts(
        || Pattern::from_pieces(pieces.iter().map(|(literal, t)| piece(*literal, t))),
        split,
    )
}

/// Keys that belong to the principal: when the principal lacks one (an untagged user's
/// `aws:PrincipalTag/team`), it has no value; it is never taken from the request.
fn is_principal_key(key: &str) -> bool {
    key.starts_with("aws:principal") || matches!(key, "aws:username" | "aws:userid")
}

fn principal_keys(principal: &Principal) -> Vec<(String, String)> {
    let mut keys = vec![
        ("aws:username".to_owned(), principal.username.clone()),
        ("aws:userid".to_owned(), principal.userid.clone()),
        ("aws:principalaccount".to_owned(), principal.account.clone()),
        ("aws:principalarn".to_owned(), principal.arn()),
        ("aws:principaltype".to_owned(), "User".to_owned()),
    ];
    for (tag, value) in &principal.tags {
        keys.push((
            format!("aws:principaltag/{}", tag.to_ascii_lowercase()),
            value.clone(),
        ));
    }
    keys
}
