//! The answer to one request, and what made it. A decision names its reasons itself (the deciding
//! statements with their labels, or the step that left the request without an Allow), so that
//! every front end can show them without going back to the compiled policy.

use std::sync::Arc;

/// The three outcomes IAM distinguishes (IAM User Guide, `reference_policies_evaluation-logic`),
/// in the words of `aws iam simulate-custom-policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Verdict {
    /// The decision words of `aws iam simulate-custom-policy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::ExplicitDeny => "explicitDeny",
            Verdict::ImplicitDeny => "implicitDeny",
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

/// Which evaluation step found no Allow, for an implicit deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingAllow {
    /// No identity-based policy has a matching Allow.
    Identity,
}

impl MissingAllow {
    pub fn describe(self) -> &'static str {
        match self {
            MissingAllow::Identity => "no Allow statement matches",
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
}

impl Decision {
    pub fn verdict(&self) -> Verdict {
        match self {
            Decision::Allowed(_) | Decision::NotControlledByPolicy => Verdict::Allowed,
            Decision::ExplicitDeny(_) => Verdict::ExplicitDeny,
            Decision::ImplicitDeny(_) => Verdict::ImplicitDeny,
        }
    }

    /// The statements that decided: every matching Deny for an explicit deny, every matching
    /// Allow for an allow, none otherwise.
    pub fn statements(&self) -> &[StatementRef] {
        match self {
            Decision::Allowed(by) | Decision::ExplicitDeny(by) => by,
            Decision::ImplicitDeny(_) | Decision::NotControlledByPolicy => &[],
        }
    }

    /// The deciding statements, to renumber them when a decision over part of a policy stands
    /// for the whole policy.
    pub(crate) fn statements_mut(&mut self) -> &mut [StatementRef] {
        match self {
            Decision::Allowed(by) | Decision::ExplicitDeny(by) => by,
            Decision::ImplicitDeny(_) | Decision::NotControlledByPolicy => &mut [],
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

    pub fn is_not_controlled_by_policy(&self) -> bool {
        matches!(self, Decision::NotControlledByPolicy)
    }
}
