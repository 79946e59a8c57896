//! The journey (product spec §5): the steps a real user, and an attacker, take; for each, whether
//! the policy allows it and which statement decided.

use super::evaluate::{Decision, Mfa};

/// One step: who does what, what a correct self-management policy should answer, and what this
/// policy answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JourneyStep {
    /// 1 first sign-in without MFA, 2 signed in with MFA, 3 CLI with long-term keys (and with an
    /// MFA session), 4 attacker with the password only or a stolen key, 5 against another user.
    pub stage: u8,
    /// What the person is trying, e.g. "enable the new virtual MFA device".
    pub description: String,
    pub action: String,
    pub resource: String,
    pub mfa: Mfa,
    /// What a correct policy answers.
    pub should_allow: bool,
    pub decision: Decision,
}

impl JourneyStep {
    pub fn as_expected(&self) -> bool {
        self.decision.verdict.is_allowed() == self.should_allow
    }
}

/// Stage titles, indexed by `stage - 1`.
pub const STAGE_TITLES: [&str; 5] = [
    "First console sign-in, no MFA yet",
    "Signed in again with MFA",
    "CLI with long-term access keys",
    "Attacker with the password only, or a stolen access key",
    "Any of the above against another user",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journey {
    pub steps: Vec<JourneyStep>,
}
