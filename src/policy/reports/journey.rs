//! The journey (product spec §5): the steps a real user, and an attacker, take; for each, whether
//! the policy allows it and which statement decided.

use std::borrow::Cow;

use crate::policy::engine::{Decision, Evaluator, Mfa, Principal, Request};
use crate::policy::model::choices::{Choices, Credential, MfaCheck};
use crate::policy::model::credential_actions::{self, GET_SESSION_TOKEN, GET_USER};
use crate::policy::reports::truth_table::{
    Column, TruthTable, asked_service, context_for, resource_for,
};

/// One step: who does what, what a correct self-management policy should answer, and what this
/// policy answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JourneyStep {
    /// 1 first sign-in without MFA, 2 signed in with MFA, 3 CLI with long-term keys (and with an
    /// MFA session), 4 attacker with the password only or a stolen key, 5 against another user.
    pub stage: u8,
    /// What the person is trying, e.g. "enable the new virtual MFA device".
    pub description: Cow<'static, str>,
    pub action: &'static str,
    pub resource: String,
    pub mfa: Mfa,
    /// What a correct policy answers.
    pub should_allow: bool,
    /// Either answer is defensible (a documented trade-off, e.g. changing the temporary password
    /// before MFA exists): never counted as unexpected.
    pub optional: bool,
    pub decision: Decision,
}

impl JourneyStep {
    /// An unknown answer (a policy of the set has no known document) is never as expected: it
    /// cannot be shown to be right.
    pub fn as_expected(&self) -> bool {
        self.optional || self.decision.verdict().is_allowed() == self.should_allow
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

/// The operation an attacker would most want, per credential type.
fn key_operation(credential: Credential) -> &'static str {
    match credential {
        Credential::Password => "iam:ChangePassword",
        Credential::AccessKeys => "iam:CreateAccessKey",
        Credential::MfaDevices => credential_actions::DEACTIVATE_MFA_DEVICE,
        Credential::SigningCertificates => "iam:UploadSigningCertificate",
        Credential::SshKeys => "iam:UploadSSHPublicKey",
        Credential::ServiceCredentials => credential_actions::CREATE_SERVICE_SPECIFIC_CREDENTIAL,
    }
}

impl Journey {
    /// Walks the journey for the credential types and MFA settings in `choices`, asking
    /// `policy` as `principal`, with `other_user` as the victim of stage 5. `table`, when built
    /// for the same policy, principal and other user, answers the steps it already holds.
    pub fn walk(
        policy: &impl Evaluator,
        principal: &Principal,
        other_user: &str,
        choices: &Choices,
        table: Option<&TruthTable>,
    ) -> Journey {
        Journey::walk_first_sign_in(
            policy,
            principal,
            other_user,
            choices,
            table,
            FirstSignIn::Free,
        )
    }

    /// [`Journey::walk`], with the first sign-in as the administrator set it up: with AWS's
    /// "User must create a new password at next sign-in" (which attaches IAMUserChangePassword,
    /// IAM User Guide `id_credentials_passwords_admin-change-user`), changing the temporary
    /// password before MFA exists is no longer optional: the console asks for it before anything
    /// else, so an MFA gate that blocks it deadlocks the first sign-in.
    pub fn walk_first_sign_in(
        policy: &impl Evaluator,
        principal: &Principal,
        other_user: &str,
        choices: &Choices,
        table: Option<&TruthTable>,
        first_sign_in: FirstSignIn,
    ) -> Journey {
        let mut walker = Walker {
            policy,
            principal,
            other_user,
            table,
            service: asked_service(choices),
            steps: Vec::new(),
        };
        let own = principal.username.as_str();
        let mfa_setup = choices.enforce_mfa || choices.has(Credential::MfaDevices);

        // 1. First sign-in: console credentials without MFA.
        if first_sign_in == FirstSignIn::MustChangePassword {
            for (what, action) in [
                (
                    "must change the temporary password: read the password policy",
                    "iam:GetAccountPasswordPolicy",
                ),
                ("must change the temporary password", "iam:ChangePassword"),
            ] {
                walker
                    .step(1, what, action, own, Mfa::NotPresent)
                    .expecting(true);
            }
        } else if choices.has(Credential::Password) {
            walker
                .step(
                    1,
                    "change the temporary password",
                    "iam:ChangePassword",
                    own,
                    Mfa::NotPresent,
                )
                .expecting(true)
                .optional(choices.enforce_mfa);
        }
        walker
            .step(1, "view their own user", GET_USER, own, Mfa::NotPresent)
            .expecting(true);
        if mfa_setup {
            walker
                .step(
                    1,
                    "list their MFA devices",
                    "iam:ListMFADevices",
                    own,
                    Mfa::NotPresent,
                )
                .expecting(true);
            walker
                .step(
                    1,
                    "create a virtual MFA device",
                    credential_actions::CREATE_VIRTUAL_MFA_DEVICE,
                    own,
                    Mfa::NotPresent,
                )
                .expecting(true);
            walker
                .step(
                    1,
                    "enable the new MFA device",
                    "iam:EnableMFADevice",
                    own,
                    Mfa::NotPresent,
                )
                .expecting(true);
        }

        // 2. Signed in with MFA: every selected credential operation works.
        for credential in choices.credentials() {
            for action in credential_actions::all_actions(credential) {
                let what = format!("{}: {}", credential.label(), action_words(action));
                walker
                    .step(2, what, action, own, Mfa::Present)
                    .expecting(true);
            }
        }

        // 3. CLI: long-term keys get a session token; keys alone only work without enforcement
        // or with the lenient `Bool` check.
        walker
            .step(
                3,
                "get a session token with the MFA code",
                GET_SESSION_TOKEN,
                own,
                Mfa::Absent,
            )
            .expecting(true);
        let keys_pass_gate = !choices.enforce_mfa || choices.mfa_check == MfaCheck::Bool;
        for credential in choices.credentials() {
            let action = key_operation(credential);
            let keys_allowed = keys_pass_gate && credential != Credential::MfaDevices;
            walker
                .step(
                    3,
                    format!("with the keys alone: {}", action_words(action)),
                    action,
                    own,
                    Mfa::Absent,
                )
                .expecting(keys_allowed);
            walker
                .step(
                    3,
                    format!("with the MFA session: {}", action_words(action)),
                    action,
                    own,
                    Mfa::Present,
                )
                .expecting(true);
        }

        // 4. Attackers: the password alone, or a stolen access key alone.
        for (who, mfa) in [
            ("password only", Mfa::NotPresent),
            ("stolen access key", Mfa::Absent),
        ] {
            for credential in choices.credentials() {
                let action = key_operation(credential);
                walker
                    .step(
                        4,
                        format!("{who}: {}", action_words(action)),
                        action,
                        own,
                        mfa,
                    )
                    .expecting(false);
            }
            if mfa_setup {
                walker
                    .step(
                        4,
                        format!("{who}: remove the user's MFA device"),
                        credential_actions::DEACTIVATE_MFA_DEVICE,
                        own,
                        mfa,
                    )
                    .expecting(false);
            }
            if mfa == Mfa::Absent {
                // Enforcement exempts the bootstrap from the MFA gate; if long-term keys reach it, a
                // thief enrols their own device and then passes the gate with it.
                walker
                    .step(
                        4,
                        format!("{who}: enrol the thief's own MFA device"),
                        "iam:EnableMFADevice",
                        own,
                        mfa,
                    )
                    .expecting(false);
            }
        }

        // 5. The same against another user: always denied.
        walker
            .step(5, "view another user", GET_USER, other_user, Mfa::Present)
            .expecting(false);
        for credential in Credential::ALL {
            let action = key_operation(credential);
            walker
                .step(
                    5,
                    format!("another user's: {}", action_words(action)),
                    action,
                    other_user,
                    Mfa::Present,
                )
                .expecting(false);
        }
        walker
            .step(
                5,
                "enable an MFA device on another user",
                "iam:EnableMFADevice",
                other_user,
                Mfa::Present,
            )
            .expecting(false);

        Journey {
            steps: walker.steps,
        }
    }

    /// Steps whose answer is not what a correct policy gives.
    pub fn unexpected(&self) -> impl Iterator<Item = &JourneyStep> {
        self.steps.iter().filter(|s| !s.as_expected())
    }
}

/// How the user's first console sign-in is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirstSignIn {
    /// The user may change the temporary password later (or has none).
    Free,
    /// "User must create a new password at next sign-in".
    MustChangePassword,
}

struct Walker<'a, E> {
    policy: &'a E,
    principal: &'a Principal,
    other_user: &'a str,
    table: Option<&'a TruthTable>,
    /// What a service-specific credential is created for, as in the table.
    service: &'static str,
    steps: Vec<JourneyStep>,
}

struct StepBuilder<'a>(&'a mut JourneyStep);

impl StepBuilder<'_> {
    fn expecting(self, allowed: bool) -> Self {
        self.0.should_allow = allowed;
        self
    }

    fn optional(self, optional: bool) -> Self {
        self.0.optional = optional;
        self
    }
}

impl<E: Evaluator> Walker<'_, E> {
    fn step(
        &mut self,
        stage: u8,
        description: impl Into<Cow<'static, str>>,
        action: &'static str,
        user: &str,
        mfa: Mfa,
    ) -> StepBuilder<'_> {
        let (resource, decision) = match self.table_cell(action, user, mfa) {
            Some((resource, decision)) => (resource.to_owned(), decision.clone()),
            None => {
                let resource = resource_for(action, self.principal, user);
                let decision = self.policy.evaluate(&Request {
                    action,
                    resource: &resource,
                    mfa,
                    context: &context_for(action, self.service),
                });
                (resource, decision)
            }
        };
        self.steps.push(JourneyStep {
            stage,
            description: description.into(),
            action,
            resource,
            mfa,
            should_allow: true,
            optional: false,
            decision,
        });
        StepBuilder(self.steps.last_mut().expect("just pushed"))
    }

    /// The table's cell for this question, when the table asks it: own user in each MFA
    /// context, the other user with MFA.
    fn table_cell(&self, action: &str, user: &str, mfa: Mfa) -> Option<(&str, &Decision)> {
        let row = self.table?.row(action)?;
        let column = if user == self.principal.username {
            match mfa {
                Mfa::Present => Column::Mfa,
                Mfa::NotPresent => Column::NoMfa,
                Mfa::Absent => Column::LongTermKeys,
            }
        } else if user == self.other_user && mfa == Mfa::Present {
            Column::OtherUser
        } else {
            return None;
        };
        let resource = match column {
            Column::OtherUser => &row.other_resource,
            _ => &row.own_resource,
        };
        Some((resource, row.cell(column)))
    }
}

/// `iam:UploadSSHPublicKey` → `UploadSSHPublicKey`.
fn action_words(action: &str) -> &str {
    action.split_once(':').map_or(action, |(_, name)| name)
}
