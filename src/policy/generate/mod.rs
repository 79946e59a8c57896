//! Choices → policy document (product spec §3). Pure and deterministic: the same choices always
//! give byte-identical JSON, with explicit action lists (never wildcards, which would also grant
//! actions AWS adds later) and one statement per concern.
//!
//! The generator builds the document model directly (no JSON tree in between: this runs on
//! every key press in the wizard); [`generated_json`](crate::policy::output::generated_json) writes it as text.

use serde_json::Value;

use crate::policy::model::Named;
use crate::policy::model::choices::{Choices, Credential, MfaCheck};
use crate::policy::model::credential_actions::{
    self, CONSOLE_INFO, CREATE_SERVICE_SPECIFIC_CREDENTIAL, CREATE_VIRTUAL_MFA_DEVICE,
    DEACTIVATE_MFA_DEVICE, GET_SESSION_TOKEN, GET_USER, LIST_VIRTUAL_MFA_DEVICES, MFA_BOOTSTRAP,
    MFA_ENROLMENT, MFA_SETUP_USER_ACTIONS, PASSWORD_BEFORE_MFA, SERVICE_NAME_CONDITION_KEY,
};
use crate::policy::model::document::{Condition, Effect, Matcher, Policy, Statement};
use crate::policy::output::generated_json;

/// The policy language version that enables `${aws:username}` (without it the variable is
/// literal text).
pub const POLICY_VERSION: &str = "2012-10-17";

const MFA_KEY: &str = credential_actions::MFA_PRESENT_KEY;

/// The policy document for these choices as JSON (for the export formats). Object keys are in
/// the order IAM's own examples use: `Version, Statement` and `Sid, Effect, Action|NotAction,
/// Resource, Condition`.
pub fn generate(choices: &Choices) -> Value {
    generated_json::to_value(&generate_policy(choices))
}

/// The policy document for these choices, as the model the evaluator and lint read.
pub fn generate_policy(choices: &Choices) -> Policy {
    let own_user = own_user_resources(choices);
    let mut statements = Vec::with_capacity(12);

    let mut account_wide: Vec<&str> = choices
        .credentials()
        .flat_map(credential_actions::account_actions)
        .copied()
        .collect();
    if choices.enforce_mfa && !choices.has(Credential::MfaDevices) {
        account_wide.push(LIST_VIRTUAL_MFA_DEVICES);
    }
    if choices.console_info {
        account_wide.extend_from_slice(CONSOLE_INFO);
    }
    if !account_wide.is_empty() {
        // Actions without resource-level permissions only match `"Resource": "*"` (Service
        // Authorization Reference), so they need a statement of their own.
        statements.push(allow(
            "AllowViewAccountInfo",
            account_wide,
            vec!["*".to_owned()],
        ));
    }

    statements.push(allow("AllowViewOwnUser", vec![GET_USER], own_user.clone()));

    let sids = [
        (Credential::Password, "AllowManageOwnPassword"),
        (Credential::AccessKeys, "AllowManageOwnAccessKeys"),
        (
            Credential::SigningCertificates,
            "AllowManageOwnSigningCertificates",
        ),
        (Credential::SshKeys, "AllowManageOwnSSHPublicKeys"),
    ];
    for (credential, sid) in sids {
        if choices.has(credential) {
            let actions = credential_actions::user_scoped_actions(credential).to_vec();
            statements.push(allow(sid, actions, own_user.clone()));
        }
    }
    if choices.has(Credential::ServiceCredentials) {
        push_service_credentials(choices, &own_user, &mut statements);
    }

    let mfa_setup = choices.has(Credential::MfaDevices) || choices.enforce_mfa;
    if mfa_setup {
        statements.push(allow(
            "AllowCreateVirtualMFADevice",
            vec![CREATE_VIRTUAL_MFA_DEVICE],
            vec![arn(choices, "mfa/*")],
        ));
        statements.push(allow(
            "AllowManageOwnMFADevices",
            MFA_SETUP_USER_ACTIONS.to_vec(),
            own_user.clone(),
        ));
    }
    if choices.has(Credential::MfaDevices) {
        // Never without MFA, whatever else is chosen (IAM User Guide, self-manage MFA example:
        // "Users that are not authenticated using MFA should never be allowed to delete their
        // MFA device").
        let mut statement = allow(
            "AllowDeactivateOwnMFADeviceOnlyWithMFA",
            vec![DEACTIVATE_MFA_DEVICE],
            own_user.clone(),
        );
        statement.conditions = vec![condition("Bool", MFA_KEY, vec!["true"])];
        statements.push(statement);
    }

    if choices.enforce_mfa {
        statements.push(deny_without_mfa(choices));
    }
    if choices.keys_cannot_enrol_mfa && mfa_setup {
        statements.push(deny_long_term_keys(choices));
    }

    for (index, statement) in statements.iter_mut().enumerate() {
        statement.index = index;
    }
    Policy {
        version: Some(POLICY_VERSION.to_owned()),
        id: None,
        statements,
    }
}

fn push_service_credentials(
    choices: &Choices,
    own_user: &[String],
    statements: &mut Vec<Statement>,
) {
    let all = credential_actions::user_scoped_actions(Credential::ServiceCredentials);
    let services = choices.restricted_services();
    if services.is_empty() {
        statements.push(allow(
            "AllowManageOwnServiceSpecificCredentials",
            all.to_vec(),
            own_user.to_vec(),
        ));
        return;
    }
    // The service-name condition key exists only on CreateServiceSpecificCredential (Service
    // Authorization Reference), so creation gets its own statement.
    let (create, rest): (Vec<&str>, Vec<&str>) = all
        .iter()
        .partition(|a| **a == CREATE_SERVICE_SPECIFIC_CREDENTIAL);
    statements.push(allow(
        "AllowManageOwnServiceSpecificCredentials",
        rest,
        own_user.to_vec(),
    ));
    let names: Vec<&str> = services.iter().map(|s| s.service_name()).collect();
    let mut statement = allow(
        "AllowCreateOwnServiceSpecificCredentialsForChosenServices",
        create,
        own_user.to_vec(),
    );
    statement.conditions = vec![condition("StringEquals", SERVICE_NAME_CONDITION_KEY, names)];
    statements.push(statement);
}

fn deny_without_mfa(choices: &Choices) -> Statement {
    let mut exceptions: Vec<&str> = MFA_BOOTSTRAP.to_vec();
    if choices.password_change_before_mfa && choices.has(Credential::Password) {
        exceptions.extend_from_slice(PASSWORD_BEFORE_MFA);
    }
    let mut statement = deny(
        "DenyAllExceptListedIfNoMFA",
        Matcher {
            negated: true,
            values: owned(sorted(exceptions)),
        },
    );
    statement.conditions = vec![condition(
        choices.mfa_check.operator(),
        MFA_KEY,
        vec!["false"],
    )];
    statement
}

/// `Null: true` matches exactly the requests without the MFA key: long-term access keys (IAM
/// User Guide, `aws:MultiFactorAuthPresent`).
fn deny_long_term_keys(choices: &Choices) -> Statement {
    let mut statement = if choices.enforce_mfa && choices.mfa_check == MfaCheck::BoolIfExists {
        // Keys are already blocked outside the bootstrap; close the bootstrap to them as well.
        deny(
            "DenyLongTermKeysExceptGetSessionToken",
            Matcher {
                negated: true,
                values: vec![GET_SESSION_TOKEN.to_owned()],
            },
        )
    } else {
        // Keys keep working for scripts (Bool, or no enforcement) but cannot enrol a device.
        deny(
            "DenyMFAEnrolmentWithLongTermKeys",
            Matcher {
                negated: false,
                values: owned(MFA_ENROLMENT.to_vec()),
            },
        )
    };
    statement.conditions = vec![condition("Null", MFA_KEY, vec!["true"])];
    statement
}

fn own_user_resources(choices: &Choices) -> Vec<String> {
    let mut arns = vec![arn(choices, "user/${aws:username}")];
    if choices.user_paths {
        // `user/${aws:username}` does not match users created with an IAM path; AWS's managed
        // policy IAMUserChangePassword (v3, 2025) lists both forms.
        arns.push(arn(choices, "user/*/${aws:username}"));
    }
    arns
}

fn arn(choices: &Choices, resource: &str) -> String {
    format!(
        "arn:{}:iam::{}:{resource}",
        choices.partition.name(),
        choices.account
    )
}

fn allow(sid: &str, actions: Vec<&str>, resources: Vec<String>) -> Statement {
    statement(
        sid,
        Effect::Allow,
        Matcher {
            negated: false,
            values: owned(sorted(actions)),
        },
        resources,
    )
}

fn deny(sid: &str, action: Matcher) -> Statement {
    statement(sid, Effect::Deny, action, vec!["*".to_owned()])
}

fn statement(sid: &str, effect: Effect, action: Matcher, resources: Vec<String>) -> Statement {
    Statement {
        // Numbered once the list is complete.
        index: 0,
        sid: Some(sid.to_owned()),
        effect,
        action,
        resource: Matcher {
            negated: false,
            values: resources,
        },
        conditions: Vec::new(),
    }
}

fn condition(operator: &str, key: &str, values: Vec<&str>) -> Condition {
    Condition {
        operator: operator.to_owned(),
        key: key.to_owned(),
        values: owned(values),
    }
}

fn sorted(mut actions: Vec<&str>) -> Vec<&str> {
    actions.sort_unstable();
    actions.dedup();
    actions
}

fn owned(values: Vec<&str>) -> Vec<String> {
    values.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests;
