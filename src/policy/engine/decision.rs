//! The answer to one request, and what made it. A decision names its reasons itself (the deciding
//! statements with their labels, or the step that left the request without an Allow), so that
//! every front end can show them without going back to the compiled policy.

use std::borrow::Cow;
use std::sync::Arc;

/// The three outcomes IAM distinguishes (IAM User Guide, `reference_policies_evaluation-logic`),
/// in the words of `aws iam simulate-custom-policy`, and a fourth of ours: unknown, when a policy
/// of the set has no known document and could change the answer (policy-sets.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
    Unknown,
}

impl Verdict {
    /// The decision words of `aws iam simulate-custom-policy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::ExplicitDeny => "explicitDeny",
            Verdict::ImplicitDeny => "implicitDeny",
            Verdict::Unknown => "unknown",
        }
    }

    pub fn is_allowed(self) -> bool {
        self == Verdict::Allowed
    }
}

/// One statement that took part in a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// Position of the policy in the evaluated set (0 for a single policy).
    pub policy: usize,
    /// Index into that policy's statements.
    pub statement: usize,
    /// How the statement is named to a reader: its Sid, or `#n` when it has none.
    pub label: Arc<str>,
}

/// Which evaluation step found no Allow, for an implicit deny (policy-sets.md §1: SCP levels,
/// then the identity policies, then the boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingAllow {
    /// No identity-based policy has a matching Allow.
    Identity,
    /// The permissions boundary has no matching Allow.
    Boundary,
    /// No SCP of this level has a matching Allow; level 1 is the organization root, the last
    /// level the account.
    ScpLevel(usize),
}

impl MissingAllow {
    pub fn describe(self) -> Cow<'static, str> {
        match self {
            MissingAllow::Identity => Cow::Borrowed("no Allow statement matches"),
            MissingAllow::Boundary => Cow::Borrowed("no Allow in the permissions boundary"),
            MissingAllow::ScpLevel(level) => Cow::Owned(format!("no Allow at SCP level {level}")),
        }
    }
}

/// A decision and what made it. Each variant carries only the reasons that can explain it, so
/// that, for example, an explicit deny "not controlled by policy" cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Every matching Allow statement (and no Deny matched).
    Allowed(Vec<StatementRef>),
    /// Every matching Deny statement.
    ExplicitDeny(Vec<StatementRef>),
    /// No Deny matched and the named step found no Allow.
    ImplicitDeny(MissingAllow),
    /// Policy cannot affect the answer at all (`sts:GetSessionToken`, `sts:GetCallerIdentity`):
    /// always allowed.
    NotControlledByPolicy,
    /// A policy of the set has no known document and could change the answer: these policies.
    Unknown(Vec<Arc<str>>),
}

impl Decision {
    pub fn verdict(&self) -> Verdict {
        match self {
            Decision::Allowed(_) | Decision::NotControlledByPolicy => Verdict::Allowed,
            Decision::ExplicitDeny(_) => Verdict::ExplicitDeny,
            Decision::ImplicitDeny(_) => Verdict::ImplicitDeny,
            Decision::Unknown(_) => Verdict::Unknown,
        }
    }

    /// The statements that decided: every matching Deny for an explicit deny, every matching
    /// Allow for an allow, none otherwise.
    pub fn statements(&self) -> &[StatementRef] {
        match self {
            Decision::Allowed(by) | Decision::ExplicitDeny(by) => by,
            Decision::ImplicitDeny(_) | Decision::NotControlledByPolicy | Decision::Unknown(_) => {
                &[]
            }
        }
    }

    /// The deciding statements, to renumber them when a decision over part of a policy stands
    /// for the whole policy.
    pub(crate) fn statements_mut(&mut self) -> &mut [StatementRef] {
        match self {
            Decision::Allowed(by) | Decision::ExplicitDeny(by) => by,
            Decision::ImplicitDeny(_) | Decision::NotControlledByPolicy | Decision::Unknown(_) => {
                &mut []
            }
        }
    }

    /// The deciding statements' indices in their policy, in order.
    pub fn indices(&self) -> impl Iterator<Item = usize> {
        self.statements().iter().map(|s| s.statement)
    }

    /// The deciding statements' labels, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.statements().iter().map(|s| &*s.label)
    }

    /// The step that found no Allow, for an implicit deny.
    pub fn missing_allow(&self) -> Option<MissingAllow> {
        match self {
            Decision::ImplicitDeny(step) => Some(*step),
            _ => None,
        }
    }

    /// The policies without a known document that make the answer unknown.
    pub fn unknown_policies(&self) -> &[Arc<str>] {
        match self {
            Decision::Unknown(names) => names,
            _ => &[],
        }
    }

    pub fn is_not_controlled_by_policy(&self) -> bool {
        matches!(self, Decision::NotControlledByPolicy)
    }
}
