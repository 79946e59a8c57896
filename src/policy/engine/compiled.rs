//! The evaluator: one identity-based policy, one IAM user as principal, AWS's documented logic
//! (IAM User Guide, `reference_policies_evaluation-logic`): an explicit deny beats an allow,
//! an allow beats the default implicit deny. Every decision names the statements that made it.
//!
//! # Performance layers
//!
//! Each layer below has a simple equivalent, and a test keeps the two equal. The naive model
//! in `tests/evaluator_laws.rs` (`verdict_equals_the_naive_reference_model`) uses none of them
//! and checks them all together. Figures (callgrind, `benches/instructions.rs`): one decision
//! of the 24 mixed requests costs about 1,110 instructions (`decision`); the recompute fell
//! from 3.26 M instructions in the first version, which matched the document as written on
//! every request, to 1.47 M once policies were compiled once per principal and lint shared its
//! matches (README, Performance), and is 1.06 M now.
//!
//! | layer | simple equivalent | test that keeps them equal |
//! | --- | --- | --- |
//! | action masks: per catalog action, one bit per statement whose Action/NotAction covers it, filled on first use; only the mask's statements of each effect are visited ([`CompiledPolicy::visit_matching`]) | match every statement's action patterns ([`CompiledStatement::covers_action`], used beyond 64 statements) | `action_masks_agree_with_matching_each_statement`, `policies_with_more_than_64_statements_are_evaluated_in_full` |
//! | actions pre-lowered | compare ignoring ASCII case | `action_names_match_case_insensitively` |
//! | resource patterns compiled once per distinct text, with fast shapes (exact, `prefix*suffix`) | the general automaton of [`super::resource`] | `fast_shapes_agree_with_the_general_automaton` |
//! | principal-resolved variables: the principal's own keys substituted at compile time | substitute at every request ([`CompiledPolicy::resolve_with_request`]) | `verdict_equals_the_naive_reference_model` |
//! | request-key variables pre-resolved for requests that lack those keys (default or no value) | substitute at every request | `request_key_variables_resolve_alike_with_and_without_the_key` |
//! | denies tried first; deciding statements streamed to a visitor ([`CompiledPolicy::evaluate_visiting`]) instead of collected | [`CompiledPolicy::evaluate`] | `visiting_names_the_statements_of_evaluate` |

use std::sync::{Arc, OnceLock};

use super::decision::{Decision, MissingAllow, StatementRef, Verdict};
use super::request::{Principal, Request};
use crate::policy::engine::condition::{
    self, ArnPattern, Family, Operator, PolicyValue, RequestValues,
};
use crate::policy::engine::pattern::{Pattern, Piece};
use crate::policy::engine::resource::ResourcePattern;
use crate::policy::engine::variables::{Segment, parse_template};
use crate::policy::model::catalog::Catalog;
use crate::policy::model::document::{Effect, Policy, Statement};

/// [`MFA_PRESENT_KEY`](crate::policy::model::credential_actions::MFA_PRESENT_KEY) lower-cased,
/// as condition keys are compared.
const MFA_KEY: &str = "aws:multifactorauthpresent";

/// Statements beyond this count are matched without action masks (one `u64` bit each).
const MASKED_STATEMENTS: usize = 64;

/// Actions outside the catalog whose masks a compiled policy keeps.
const OTHER_MASKS: usize = 8;

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
    /// Empty for policies with more than [`MASKED_STATEMENTS`] statements.
    action_masks: Vec<OnceLock<u64>>,
    /// The masks of actions outside the catalog, by lower-cased name, filled as they are asked
    /// (a batch asks about a few of them many times).
    other_masks: Vec<OnceLock<(Box<str>, u64)>>,
    /// Bit `i` set when statement `i` is a Deny (policies of up to [`MASKED_STATEMENTS`]
    /// statements): with an action mask, the statements to try are its bits of one effect.
    deny_statements: u64,
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

impl CompiledStatement {
    /// Whether the Action/NotAction element covers the action. NotAction matches everything
    /// except what it lists (IAM User Guide, `reference_policies_elements_notaction`).
    fn covers_action(&self, action: &str) -> bool {
        self.actions.iter().any(|p| p.matches_ignore_case(action)) != self.actions_negated
    }
}

#[derive(Debug, Clone)]
enum ResourceMatcher {
    Static(Arc<ResourcePattern>),
    /// Mentions a request key (not the principal's): resolved per request.
    Dynamic(Arc<DynamicResource>),
    /// "If a variable that has no value ... is used as part of the Resource or NotResource
    /// element ..., the resource that includes a policy variable with no value will not match
    /// any resource" (IAM User Guide, `reference_policies_variables`).
    Never,
}

#[derive(Debug)]
struct DynamicResource {
    segments: Vec<Segment>,
    keys: RequestKeys,
    /// The matcher for requests that carry none of `keys` (`Static` or `Never`).
    without_keys: ResourceMatcher,
}

/// The request keys a text's variables name.
#[derive(Debug, Clone)]
struct RequestKeys {
    /// Lower-cased context keys.
    context: Vec<String>,
    /// Whether `${aws:MultiFactorAuthPresent}` is among them (always in a request, present
    /// or not).
    mfa: bool,
}

impl RequestKeys {
    fn of(segments: &[Segment], principal_keys: &[(String, String)]) -> RequestKeys {
        let mut keys = RequestKeys {
            context: Vec::new(),
            mfa: false,
        };
        for segment in segments {
            if let Segment::Variable { key, .. } = segment {
                if key == MFA_KEY {
                    keys.mfa = true;
                } else if !principal_keys.iter().any(|(k, _)| k == key) {
                    keys.context.push(key.clone());
                }
            }
        }
        keys
    }

    fn in_request(&self, request: &Request<'_>) -> bool {
        self.mfa
            || request.context.iter().any(|(name, _)| {
                self.context
                    .iter()
                    .any(|key| name.eq_ignore_ascii_case(key))
            })
    }
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
    Dynamic {
        templates: Vec<Vec<Segment>>,
        keys: RequestKeys,
        /// The values for requests that carry none of `keys`.
        without_keys: Vec<PolicyValue>,
    },
}

#[derive(Debug, Clone)]
struct CompiledCondition {
    /// `None`: an operator IAM does not know; such a condition never holds.
    operator: Option<Operator>,
    key: ConditionKey,
    values: ConditionValues,
}

/// What a decision came to, before its statements are collected.
pub(crate) enum Outcome {
    NotControlledByPolicy,
    Denied,
    Allowed,
    NoAllow,
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
            action_masks: if policy.statements.len() <= MASKED_STATEMENTS {
                (0..Catalog::get().actions().len())
                    .map(|_| OnceLock::new())
                    .collect()
            } else {
                Vec::new()
            },
            other_masks: (0..OTHER_MASKS).map(|_| OnceLock::new()).collect(),
            deny_statements: 0,
        };
        // Policies repeat the same ARNs from statement to statement: compile each once.
        let mut resources = std::collections::HashMap::new();
        for statement in &policy.statements {
            let compiled_statement =
                compiled.compile_statement(statement, variables, &mut resources);
            compiled.statements.push(compiled_statement);
        }
        if compiled.statements.len() <= MASKED_STATEMENTS {
            compiled.deny_statements = compiled
                .statements
                .iter()
                .enumerate()
                .filter(|(_, s)| s.effect == Effect::Deny)
                .fold(0, |bits, (i, _)| bits | 1 << i);
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

    /// Variables are substituted anywhere in the ARN, also before its fifth colon (the
    /// contested iam-semantics.md §7.2: AWS's own managed policies rely on it).
    fn compile_resource(&self, text: &str, variables: bool) -> ResourceMatcher {
        let segments = parse_template(text, variables);
        match self.resolve_with_principal(&segments) {
            Resolution::NeedsRequest => {
                let keys = RequestKeys::of(&segments, &self.principal_keys);
                let without_keys = resource_matcher(self.resolve_without_request(&segments));
                ResourceMatcher::Dynamic(Arc::new(DynamicResource {
                    segments,
                    keys,
                    without_keys,
                }))
            }
            resolution => resource_matcher(resolution),
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
        let Some(op) = operator else {
            return CompiledCondition {
                operator,
                key,
                values: ConditionValues::Static(Vec::new()),
            };
        };
        // §7.1: only the String and ARN families substitute variables.
        let variables = variables && op.family.takes_variables();
        let templates: Vec<Vec<Segment>> = condition
            .values
            .iter()
            .map(|v| parse_template(v, variables))
            .collect();
        let resolved: Vec<Resolution> = templates
            .iter()
            .map(|t| self.resolve_with_principal(t))
            .collect();
        let values = if resolved
            .iter()
            .any(|r| matches!(r, Resolution::NeedsRequest))
        {
            let mut keys = RequestKeys {
                context: Vec::new(),
                mfa: false,
            };
            for template in &templates {
                let more = RequestKeys::of(template, &self.principal_keys);
                keys.context.extend(more.context);
                keys.mfa |= more.mfa;
            }
            let without_keys = templates
                .iter()
                .map(|t| prepare_value(op.family, self.resolve_without_request(t)))
                .collect();
            ConditionValues::Dynamic {
                templates,
                keys,
                without_keys,
            }
        } else {
            ConditionValues::Static(
                resolved
                    .into_iter()
                    .map(|r| prepare_value(op.family, r))
                    .collect(),
            )
        };
        CompiledCondition {
            operator,
            key,
            values,
        }
    }

    /// Substitutes the principal's own keys; any other key (a request key, a principal key
    /// this principal does not define such as an untagged user's `aws:PrincipalTag/team`) is
    /// taken from each request's context (iam-semantics.md §7.4).
    fn resolve_with_principal(&self, segments: &[Segment]) -> Resolution {
        substitute(segments, |key, _| match self.principal_value(key) {
            Some(value) => Lookup::Value(value.to_owned()),
            None => Lookup::NeedsRequest,
        })
    }

    /// Substitutes as for a request whose context carries none of the keys named: the
    /// principal's own keys, else the default, else no value.
    fn resolve_without_request(&self, segments: &[Segment]) -> Resolution {
        substitute(segments, |key, default| {
            match self.principal_value(key).or(default) {
                Some(value) => Lookup::Value(value.to_owned()),
                None => Lookup::Missing,
            }
        })
    }

    /// Substitutes every variable from the principal and the request (the slow path, for
    /// variables naming request keys that the request carries).
    fn resolve_with_request(&self, segments: &[Segment], request: &Request<'_>) -> Resolution {
        substitute(segments, |key, default| {
            match self.variable_value(key, request).or(default) {
                Some(value) => Lookup::Value(value.to_owned()),
                None => Lookup::Missing,
            }
        })
    }

    fn principal_value(&self, key: &str) -> Option<&str> {
        self.principal_keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A key's value as a variable. "You can't use a multivalued condition key as a variable"
    /// (IAM User Guide, `reference_policies_variables`; iam-semantics.md §7.3): a request key
    /// carrying anything but exactly one value gives the variable no value.
    fn variable_value<'a>(&'a self, key: &str, request: &Request<'a>) -> Option<&'a str> {
        if key == MFA_KEY {
            return request.mfa.context_value();
        }
        if let Some(value) = self.principal_value(key) {
            return Some(value);
        }
        request
            .context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, values)| match values.as_slice() {
                [one] => Some(one.as_str()),
                _ => None,
            })
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
        let mut deciding = Vec::new();
        match self.run(request, |i| deciding.push(self.statement_ref(i))) {
            Outcome::NotControlledByPolicy => Decision::NotControlledByPolicy,
            Outcome::Denied => Decision::ExplicitDeny(deciding),
            Outcome::Allowed => Decision::Allowed(deciding),
            Outcome::NoAllow => Decision::ImplicitDeny(MissingAllow::Identity),
        }
    }

    /// Decides one request like [`CompiledPolicy::evaluate`] without building its
    /// [`Decision`]: `deciding` is called with the index of each deciding statement, in order
    /// (for throughput: `simulate` writes their labels straight out).
    pub fn evaluate_visiting(&self, request: &Request<'_>, deciding: impl FnMut(usize)) -> Verdict {
        match self.run(request, deciding) {
            Outcome::NotControlledByPolicy | Outcome::Allowed => Verdict::Allowed,
            Outcome::Denied => Verdict::ExplicitDeny,
            Outcome::NoAllow => Verdict::ImplicitDeny,
        }
    }

    fn run(&self, request: &Request<'_>, deciding: impl FnMut(usize)) -> Outcome {
        match Prepared::new(request) {
            Some(prepared) => self.run_prepared(request, &prepared, deciding),
            None => Outcome::NotControlledByPolicy,
        }
    }

    /// [`CompiledPolicy::evaluate`] for a set, which asks each of its policies the same
    /// request: the catalog lookup and resource were worked out once by the caller, and the
    /// deciding statements are appended to `deciding` (one list for the whole set, not one per
    /// policy). Returns what the policy came to.
    pub(crate) fn decide_into(
        &self,
        request: &Request<'_>,
        prepared: &Prepared<'_>,
        deciding: &mut Vec<StatementRef>,
    ) -> Outcome {
        self.run_prepared(request, prepared, |i| deciding.push(self.statement_ref(i)))
    }

    fn run_prepared(
        &self,
        request: &Request<'_>,
        prepared: &Prepared<'_>,
        mut deciding: impl FnMut(usize),
    ) -> Outcome {
        let position = prepared.position;
        let resource = &prepared.resource;
        let mask = match position.and_then(|i| self.action_masks.get(i)) {
            Some(mask) => *mask.get_or_init(|| self.action_mask(request.action)),
            None => self.other_action_mask(request.action),
        };
        // Denies first: once one matches, no Allow can change the answer.
        if self.visit_matching(Effect::Deny, mask, request, resource, &mut deciding) {
            Outcome::Denied
        } else if self.visit_matching(Effect::Allow, mask, request, resource, &mut deciding) {
            Outcome::Allowed
        } else {
            Outcome::NoAllow
        }
    }

    fn statement_ref(&self, statement: usize) -> StatementRef {
        StatementRef {
            policy: self.position,
            statement,
            label: Arc::clone(&self.labels[statement]),
        }
    }

    /// [`CompiledPolicy::action_mask`] of an action outside the catalog, kept for the first
    /// [`OTHER_MASKS`] such actions asked about.
    fn other_action_mask(&self, action: &str) -> u64 {
        for slot in &self.other_masks {
            match slot.get() {
                Some((name, mask)) if name.eq_ignore_ascii_case(action) => return *mask,
                Some(_) => {}
                None => {
                    let mask = self.action_mask(action);
                    // Another thread may have taken the slot meanwhile: the mask is right
                    // either way.
                    let _ = slot.set((action.to_ascii_lowercase().into(), mask));
                    return mask;
                }
            }
        }
        self.action_mask(action)
    }

    /// One bit per statement (up to [`MASKED_STATEMENTS`]) whose Action/NotAction element
    /// covers the action; 0 for larger policies, whose statements
    /// [`CompiledPolicy::visit_matching`] matches one by one.
    fn action_mask(&self, action: &str) -> u64 {
        if self.statements.len() > MASKED_STATEMENTS {
            return 0;
        }
        self.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.covers_action(action))
            .fold(0, |mask, (i, _)| mask | 1 << i)
    }

    /// Calls `visit` with each statement of `effect` that covers the action (mask `mask`) and
    /// applies to the request, in order; says whether there was one. With a mask, only its bits
    /// of that effect are visited.
    fn visit_matching(
        &self,
        effect: Effect,
        mask: u64,
        request: &Request<'_>,
        resource: &str,
        visit: &mut impl FnMut(usize),
    ) -> bool {
        let mut any = false;
        if self.statements.len() > MASKED_STATEMENTS {
            for (i, s) in self.statements.iter().enumerate() {
                if s.effect == effect
                    && s.covers_action(request.action)
                    && self.statement_applies(s, request, resource)
                {
                    any = true;
                    visit(i);
                }
            }
            return any;
        }
        let mut bits = match effect {
            Effect::Deny => mask & self.deny_statements,
            Effect::Allow => mask & !self.deny_statements,
        };
        // From the lowest bit set up, clearing each one taken.
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if self.statement_applies(&self.statements[i], request, resource) {
                any = true;
                visit(i);
            }
        }
        any
    }

    /// Whether a statement whose action element covers the request also matches its resource
    /// and conditions.
    fn statement_applies(
        &self,
        statement: &CompiledStatement,
        request: &Request<'_>,
        resource: &str,
    ) -> bool {
        // NotResource matches every resource except those listed (IAM User Guide,
        // `reference_policies_elements_notresource`).
        let resource_listed = statement
            .resources
            .iter()
            .any(|r| self.resource_matches(r, resource, request));
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
        resource: &str,
        request: &Request<'_>,
    ) -> bool {
        match matcher {
            ResourceMatcher::Static(pattern) => pattern.matches(resource),
            ResourceMatcher::Never => false,
            ResourceMatcher::Dynamic(dynamic) => {
                if !dynamic.keys.in_request(request) {
                    return self.resource_matches(&dynamic.without_keys, resource, request);
                }
                match resource_matcher(self.resolve_with_request(&dynamic.segments, request)) {
                    ResourceMatcher::Static(pattern) => pattern.matches(resource),
                    _ => false,
                }
            }
        }
    }

    fn condition_holds(&self, condition: &CompiledCondition, request: &Request<'_>) -> bool {
        let Some(operator) = condition.operator else {
            return false;
        };
        let found = self.lookup(&condition.key, request);
        match &condition.values {
            ConditionValues::Static(values) => condition::holds(operator, found, values),
            ConditionValues::Dynamic {
                templates,
                keys,
                without_keys,
            } => {
                if !keys.in_request(request) {
                    return condition::holds(operator, found, without_keys);
                }
                let values: Vec<PolicyValue> = templates
                    .iter()
                    .map(|t| prepare_value(operator.family, self.resolve_with_request(t, request)))
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

/// A variable's value, or why it has none.
enum Lookup {
    Value(String),
    Missing,
    NeedsRequest,
}

/// Replaces each variable by `value_of(key, default)`; text stays wildcard-capable, substituted
/// values and escapes become literal pieces. A variable with no value makes the whole text have
/// none, wherever it stands among the others (§7.4: their order changes nothing).
fn substitute(segments: &[Segment], value_of: impl Fn(&str, Option<&str>) -> Lookup) -> Resolution {
    let mut pieces = Vec::with_capacity(segments.len());
    let mut needs_request = false;
    for segment in segments {
        match segment {
            Segment::Text(text) => pieces.push((false, text.clone())),
            Segment::Escaped(c) => pieces.push((true, c.to_string())),
            Segment::Variable { key, default } => match value_of(key, default.as_deref()) {
                Lookup::Value(value) => pieces.push((true, value)),
                Lookup::Missing => return Resolution::Missing,
                Lookup::NeedsRequest => needs_request = true,
            },
        }
    }
    if needs_request {
        Resolution::NeedsRequest
    } else {
        Resolution::Resolved(pieces)
    }
}

enum Resolution {
    /// Pieces of text; `true` marks literal text whose `*`/`?` are not wildcards.
    Resolved(Vec<(bool, String)>),
    NeedsRequest,
    Missing,
}

fn borrowed(pieces: &[(bool, String)]) -> Vec<(bool, &str)> {
    pieces.iter().map(|(l, t)| (*l, t.as_str())).collect()
}

fn resource_matcher(resolution: Resolution) -> ResourceMatcher {
    match resolution {
        Resolution::Resolved(pieces) => {
            ResourceMatcher::Static(Arc::new(ResourcePattern::from_pieces(&borrowed(&pieces))))
        }
        Resolution::Missing | Resolution::NeedsRequest => ResourceMatcher::Never,
    }
}

fn prepare_value(family: Family, resolution: Resolution) -> PolicyValue {
    let Resolution::Resolved(pieces) = resolution else {
        // "When policy variables reference a condition context key that has no value ..., the
        // value is effectively null" (IAM User Guide, `reference_policies_variables`).
        return PolicyValue::Nothing;
    };
    match family {
        Family::Arn => ArnPattern::from_pieces(&borrowed(&pieces))
            .map_or(PolicyValue::Nothing, PolicyValue::Arn),
        Family::StringLike => PolicyValue::Like(Pattern::from_pieces(pieces.iter().map(
            |(literal, text)| {
                if *literal {
                    Piece::Literal(text)
                } else {
                    Piece::Wild(text)
                }
            },
        ))),
        family => {
            let text: String = pieces.iter().map(|(_, t)| t.as_str()).collect();
            PolicyValue::read_or_nothing(family, &text)
        }
    }
}

/// The principal's own keys; every other key, principal keys it does not define included, comes
/// from the request.
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

/// What every policy of a set needs to know about a request, worked out once per request.
pub(crate) struct Prepared<'a> {
    /// The action's position in the catalog.
    position: Option<usize>,
    /// The resource as matched: `*` for actions without resource types, the service prefix
    /// lower-cased.
    resource: std::borrow::Cow<'a, str>,
}

impl<'a> Prepared<'a> {
    /// `None` for the actions no policy controls (`sts:GetSessionToken`, ...).
    pub(crate) fn new(request: &Request<'a>) -> Option<Prepared<'a>> {
        let catalog = Catalog::get();
        let position = catalog.position(request.action);
        if position.is_some_and(|i| catalog.actions()[i].not_controlled_by_policy) {
            return None;
        }
        // Actions without resource types are evaluated against `*` (Service Authorization
        // Reference: "you must specify all resources ("*")").
        let resource = match position {
            Some(i) if catalog.actions()[i].wildcard_resource_only() => "*",
            _ => request.resource,
        };
        Some(Prepared {
            position,
            resource: condition::lower_case_service_prefix(resource),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::document::parse;

    fn compile(statements: &str) -> CompiledPolicy {
        let json = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
        CompiledPolicy::compile(
            &parse(&json).expect("valid policy"),
            &Principal::user("alice", "123456789012"),
        )
    }

    #[test]
    fn action_masks_agree_with_matching_each_statement() {
        let p = compile(
            r#"{"Effect":"Allow","Action":["iam:*AccessKey*","sts:Get*"],"Resource":"*"},
               {"Effect":"Deny","NotAction":"iam:Get*","Resource":"*"},
               {"Effect":"Allow","Action":"IAM:changepassword","Resource":"*"}"#,
        );
        for action in Catalog::get()
            .actions()
            .iter()
            .map(|a| a.full_name.as_str())
        {
            let mask = p.action_mask(action);
            for (i, statement) in p.statements.iter().enumerate() {
                assert_eq!(
                    mask & (1 << i) != 0,
                    statement.covers_action(action),
                    "{action} #{i}"
                );
            }
        }
    }

    /// Actions outside the catalog: their masks are kept for the first few asked about, found
    /// again whatever their case, and those beyond are worked out each time.
    #[test]
    fn masks_of_actions_outside_the_catalog_are_kept_and_found_in_any_case() {
        let p = compile(
            r#"{"Effect":"Allow","Action":["s3:Get*","ec2:*"],"Resource":"*"},
               {"Effect":"Deny","NotAction":"s3:*","Resource":"*"}"#,
        );
        let others: Vec<String> = (0..OTHER_MASKS + 4)
            .map(|i| format!("ec2:Describe{i}"))
            .chain(["s3:GetObject".to_owned(), "s3:PutObject".to_owned()])
            .collect();
        for _ in 0..2 {
            for action in &others {
                for asked in [action.clone(), action.to_uppercase()] {
                    assert_eq!(
                        p.other_action_mask(&asked),
                        p.action_mask(action),
                        "{asked}"
                    );
                }
            }
        }
        let kept: Vec<&str> = p
            .other_masks
            .iter()
            .filter_map(|slot| slot.get())
            .map(|(n, _)| &**n)
            .collect();
        assert_eq!(kept.len(), OTHER_MASKS);
        assert!(
            kept.iter().all(|name| *name == name.to_ascii_lowercase()),
            "{kept:?}"
        );
    }
}
