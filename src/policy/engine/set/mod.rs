//! What one IAM user really has: identity policies, an optional permissions boundary and optional
//! SCP levels, evaluated together (policy-sets.md §1; iam-semantics.md 7.11):
//!
//! 1. a matching Deny in any policy of the set → explicit deny;
//! 2. every SCP level, organization root first, needs a matching Allow (Organizations User Guide,
//!    `orgs_manage_policies_scps_evaluation`);
//! 3. the identity policies are one union: some matching Allow (IAM User Guide,
//!    `reference_policies_evaluation-logic`);
//! 4. the boundary needs a matching Allow too (IAM User Guide, `access_policies_boundaries`,
//!    "Evaluating effective permissions with boundaries");
//! 5. otherwise allowed.
//!
//! A policy whose document is unknown (attached, but absent from an account dump) makes every
//! answer it could change unknown: it could hold a Deny, and at its own step an Allow.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::compiled::{CompiledPolicy, Outcome, Prepared};
use super::decision::{Decision, MissingAllow};
use super::request::{Principal, Request};
use crate::policy::model::document::Policy;
use crate::policy::model::managed::ManagedPolicy;

/// Anything that decides requests: one compiled policy, or a compiled set. The reports (truth
/// table, journey) ask through this, so that they work alike for both.
pub trait Evaluator {
    fn evaluate(&self, request: &Request<'_>) -> Decision;
}

impl Evaluator for CompiledPolicy {
    fn evaluate(&self, request: &Request<'_>) -> Decision {
        CompiledPolicy::evaluate(self, request)
    }
}

/// One policy of a set and how a reader knows it: `aws:PowerUserAccess`, `user inline
/// alice-extra`, a file name.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    pub name: String,
    /// `None`: the document is unknown (e.g. an AWS managed policy left out of a filtered dump).
    /// Shared, so that copies of a set (one per key press in the wizard) do not copy documents.
    pub document: Option<Arc<Policy>>,
    /// This policy's compiled forms, shared by its copies (see [`CompileCache`]).
    compiled: CompileCache,
}

impl NamedPolicy {
    pub fn new(name: impl Into<String>, document: Policy) -> NamedPolicy {
        NamedPolicy {
            name: name.into(),
            document: Some(Arc::new(document)),
            compiled: CompileCache::default(),
        }
    }

    /// A bundled AWS managed policy, named `aws:NAME`.
    pub fn bundled(policy: &ManagedPolicy) -> NamedPolicy {
        NamedPolicy::new(policy.label(), policy.policy.clone())
    }

    pub fn unknown(name: impl Into<String>) -> NamedPolicy {
        NamedPolicy {
            name: name.into(),
            document: None,
            compiled: CompileCache::default(),
        }
    }

    /// The document compiled for `principal` at `position` of a set (labelled with the name
    /// when `labelled`), from the cache when this policy was compiled so before.
    fn compile(
        &self,
        document: &Arc<Policy>,
        principal: &Principal,
        position: usize,
        labelled: bool,
    ) -> Arc<CompiledPolicy> {
        let label = labelled.then_some(self.name.as_str());
        self.compiled
            .get_or_compile(document, principal, position, label)
    }
}

impl PartialEq for NamedPolicy {
    fn eq(&self, other: &NamedPolicy) -> bool {
        self.name == other.name && self.document == other.document
    }
}

/// Speed layer (ARCHITECTURE.md, "Speed layers"): the compiled forms of one set member, kept
/// with the member and shared by its copies. The wizard compiles the whole set on every key
/// press, and only its own policy changes: the other members (PowerUserAccess, a boundary, SCPs)
/// come from here, with the action masks they have already filled in. Its simple twin is
/// [`CompiledPolicy::compile_in_set`] called for every member every time; an entry is used
/// only for the same document (the same `Arc`), principal, position and label, which is all
/// that compilation reads. Kept equal by `a_set_compiled_again_answers_as_compiled_afresh`
/// (engine/set/tests.rs) and the `policy_set` fuzz target (which compiles each member alone);
/// justified by `benches/instructions.rs recompute-set` (ARCHITECTURE.md has the figures).
#[derive(Clone, Default)]
struct CompileCache(Arc<Mutex<Vec<CompiledEntry>>>);

struct CompiledEntry {
    document: Arc<Policy>,
    principal: Principal,
    position: usize,
    label: Option<String>,
    compiled: Arc<CompiledPolicy>,
}

/// How many compiled forms a member keeps: a few principals (the wizard's account and path
/// choices change the principal) at one position.
const CACHED_FORMS: usize = 4;

impl CompileCache {
    fn get_or_compile(
        &self,
        document: &Arc<Policy>,
        principal: &Principal,
        position: usize,
        label: Option<&str>,
    ) -> Arc<CompiledPolicy> {
        // A poisoned lock only means another thread panicked while compiling: compile afresh.
        let Ok(mut entries) = self.0.lock() else {
            return Arc::new(CompiledPolicy::compile_in_set(
                document, principal, position, label,
            ));
        };
        let hit = entries.iter().find(|e| {
            Arc::ptr_eq(&e.document, document)
                && e.position == position
                && e.label.as_deref() == label
                && e.principal == *principal
        });
        if let Some(entry) = hit {
            return Arc::clone(&entry.compiled);
        }
        let compiled = Arc::new(CompiledPolicy::compile_in_set(
            document, principal, position, label,
        ));
        if entries.len() == CACHED_FORMS {
            entries.remove(0);
        }
        entries.push(CompiledEntry {
            document: Arc::clone(document),
            principal: principal.clone(),
            position,
            label: label.map(str::to_owned),
            compiled: Arc::clone(&compiled),
        });
        compiled
    }
}

impl std::fmt::Debug for CompileCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let forms = self.0.lock().map_or(0, |entries| entries.len());
        write!(f, "CompileCache({forms} forms)")
    }
}

/// Where a policy sits in a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Identity,
    Boundary,
    /// SCP level, 1 = organization root.
    ScpLevel(usize),
}

impl Role {
    /// The step that denies implicitly when no policy of this role allows.
    pub fn missing_allow(self) -> MissingAllow {
        match self {
            Role::Identity => MissingAllow::Identity,
            Role::Boundary => MissingAllow::Boundary,
            Role::ScpLevel(level) => MissingAllow::ScpLevel(level),
        }
    }
}

/// The policies that govern one IAM user's requests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySet {
    /// User inline and attached, and each group's inline and attached (default versions only).
    pub identity: Vec<NamedPolicy>,
    pub boundary: Option<NamedPolicy>,
    /// SCP levels from the organization root down to the account; each level a list of SCPs.
    pub scp_levels: Vec<Vec<NamedPolicy>>,
}

impl PolicySet {
    /// A set of one identity policy: answers exactly as the policy alone, labels included.
    pub fn single(name: impl Into<String>, policy: Policy) -> PolicySet {
        PolicySet {
            identity: vec![NamedPolicy::new(name, policy)],
            ..PolicySet::default()
        }
    }

    /// Every policy with its role, in position order: identity policies, the boundary, then
    /// the SCPs level by level. [`StatementRef::policy`](super::StatementRef) is this position.
    pub fn members(&self) -> impl Iterator<Item = (Role, &NamedPolicy)> {
        let identity = self.identity.iter().map(|p| (Role::Identity, p));
        let boundary = self.boundary.iter().map(|p| (Role::Boundary, p));
        let scps = self
            .scp_levels
            .iter()
            .enumerate()
            .flat_map(|(i, level)| level.iter().map(move |p| (Role::ScpLevel(i + 1), p)));
        identity.chain(boundary).chain(scps)
    }

    /// How many policies the set holds.
    pub fn len(&self) -> usize {
        self.identity.len()
            + usize::from(self.boundary.is_some())
            + self.scp_levels.iter().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The name of the policy at a position (see [`PolicySet::members`]).
    pub fn name(&self, position: usize) -> Option<&str> {
        self.members()
            .nth(position)
            .map(|(_, policy)| policy.name.as_str())
    }

    /// Compiles every policy for this principal, once. With more than one policy, statements
    /// are labelled `name / Sid` so that every decision says which policy decided.
    pub fn compile(&self, principal: &Principal) -> CompiledSet {
        let labelled = self.len() > 1;
        let mut members = Vec::with_capacity(self.len());
        let mut steps: Vec<Step> = Vec::new();
        let mut unknown = Vec::new();
        for (position, (role, named)) in self.members().enumerate() {
            let name: Arc<str> = Arc::from(named.name.as_str());
            let member = match &named.document {
                Some(policy) => Member::Known(named.compile(policy, principal, position, labelled)),
                None => {
                    unknown.push(Arc::clone(&name));
                    Member::Unknown(name)
                }
            };
            members.push(member);
            match steps.last_mut() {
                Some(step) if step.role == role => step.members.end = position + 1,
                _ => steps.push(Step {
                    role,
                    members: position..position + 1,
                }),
            }
        }
        // An empty step still has to allow: no identity policy at all denies everything, and
        // an SCP level without policies (AWS never leaves one empty) lets nothing through.
        if self.identity.is_empty() {
            steps.insert(
                0,
                Step {
                    role: Role::Identity,
                    members: 0..0,
                },
            );
        }
        for (i, level) in self.scp_levels.iter().enumerate() {
            if level.is_empty() {
                steps.push(Step {
                    role: Role::ScpLevel(i + 1),
                    members: 0..0,
                });
            }
        }
        // The order in which implicit denies are named: SCP levels (root first), identity,
        // boundary (policy-sets.md §1).
        steps.sort_by_key(|step| match step.role {
            Role::ScpLevel(level) => (0, level),
            Role::Identity => (1, 0),
            Role::Boundary => (2, 0),
        });
        CompiledSet {
            members,
            steps,
            unknown,
        }
    }
}

#[derive(Debug, Clone)]
enum Member {
    Known(Arc<CompiledPolicy>),
    Unknown(Arc<str>),
}

/// The policies of one role (or one SCP level), by position range.
#[derive(Debug, Clone)]
struct Step {
    role: Role,
    members: Range<usize>,
}

/// A [`PolicySet`] compiled for one principal.
#[derive(Debug, Clone)]
pub struct CompiledSet {
    members: Vec<Member>,
    steps: Vec<Step>,
    /// Names of the policies without a document, in position order.
    unknown: Vec<Arc<str>>,
}

impl CompiledSet {
    /// Decides one request over the whole set (see the module comment for the order).
    pub fn evaluate(&self, request: &Request<'_>) -> Decision {
        self.evaluate_steps(request, &self.steps)
    }

    /// Decides one request as the identity policies alone would, as if there were no boundary
    /// and no SCP: what the set's checks compare the whole set with ("granted, but taken away
    /// by ..."), without compiling the identity policies a second time.
    pub fn evaluate_identity(&self, request: &Request<'_>) -> Decision {
        let identity = self.steps.iter().position(|s| s.role == Role::Identity);
        let steps = identity.map_or(&[][..], |i| &self.steps[i..=i]);
        self.evaluate_steps(request, steps)
    }

    fn evaluate_steps(&self, request: &Request<'_>, steps: &[Step]) -> Decision {
        let Some(prepared) = Prepared::new(request) else {
            return Decision::NotControlledByPolicy;
        };
        let mut denies = Vec::new();
        // The identity policies' Allows, and scratch space for the other members' statements.
        let mut grants = Vec::new();
        let mut first_missing: Option<MissingAllow> = None;
        let mut any_unknown = false;
        for step in steps {
            let mut allowed = false;
            let mut has_unknown = false;
            for member in &self.members[step.members.clone()] {
                let Member::Known(policy) = member else {
                    has_unknown = true;
                    continue;
                };
                let start = grants.len();
                match policy.decide_into(request, &prepared, &mut grants) {
                    Outcome::NotControlledByPolicy => return Decision::NotControlledByPolicy,
                    Outcome::Denied => denies.extend(grants.drain(start..)),
                    Outcome::Allowed => {
                        allowed = true;
                        // The grant is the identity policies' Allow; a boundary or an SCP only
                        // lets it through.
                        if step.role != Role::Identity {
                            grants.truncate(start);
                        }
                    }
                    Outcome::NoAllow => {}
                }
            }
            any_unknown |= has_unknown;
            if !allowed && !has_unknown && first_missing.is_none() {
                first_missing = Some(step.role.missing_allow());
            }
        }
        if !denies.is_empty() {
            return Decision::ExplicitDeny(denies);
        }
        if let Some(step) = first_missing {
            // Denied whatever the unknown documents hold: nothing of theirs sits at this step.
            return Decision::ImplicitDeny(step);
        }
        if any_unknown {
            let mut positions: Vec<usize> =
                steps.iter().flat_map(|step| step.members.clone()).collect();
            positions.sort_unstable();
            let unknown = positions
                .into_iter()
                .filter_map(|i| match &self.members[i] {
                    Member::Unknown(name) => Some(Arc::clone(name)),
                    Member::Known(_) => None,
                })
                .collect();
            return Decision::Unknown(unknown);
        }
        Decision::Allowed(grants)
    }

    /// The policies without a known document.
    pub fn unknown_policies(&self) -> &[Arc<str>] {
        &self.unknown
    }
}

impl Evaluator for CompiledSet {
    fn evaluate(&self, request: &Request<'_>) -> Decision {
        CompiledSet::evaluate(self, request)
    }
}

#[cfg(test)]
mod tests;
