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
use std::sync::Arc;

use super::compiled::{CompiledPolicy, Prepared};
use super::decision::{Decision, MissingAllow};
use super::request::{Principal, Request};
use crate::policy::model::document::Policy;

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
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPolicy {
    pub name: String,
    /// `None`: the document is unknown (e.g. an AWS managed policy left out of a filtered dump).
    pub document: Option<Policy>,
}

impl NamedPolicy {
    pub fn new(name: impl Into<String>, document: Policy) -> NamedPolicy {
        NamedPolicy {
            name: name.into(),
            document: Some(document),
        }
    }

    pub fn unknown(name: impl Into<String>) -> NamedPolicy {
        NamedPolicy {
            name: name.into(),
            document: None,
        }
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
    fn missing_allow(self) -> MissingAllow {
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
                Some(policy) => Member::Known(CompiledPolicy::compile_in_set(
                    policy,
                    principal,
                    position,
                    labelled.then_some(named.name.as_str()),
                )),
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
    Known(CompiledPolicy),
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
                match policy.evaluate_prepared(request, &prepared) {
                    Decision::NotControlledByPolicy => return Decision::NotControlledByPolicy,
                    Decision::ExplicitDeny(by) => denies.extend(by),
                    Decision::Allowed(by) => {
                        allowed = true;
                        // The grant is the identity policies' Allow; a boundary or an SCP only
                        // lets it through.
                        if step.role == Role::Identity {
                            grants.extend(by);
                        }
                    }
                    Decision::ImplicitDeny(_) | Decision::Unknown(_) => {}
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
