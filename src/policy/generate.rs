//! Choices → policy document (product spec §3). Pure and deterministic: the same choices always
//! give byte-identical JSON, with explicit action lists (never wildcards, which would also grant
//! actions AWS adds later) and one statement per concern.

use serde_json::{Map, Value, json};

use super::choices::{Choices, Credential, MfaCheck};
use super::families::{
    self, CONSOLE_INFO, CREATE_VIRTUAL_MFA_DEVICE, DEACTIVATE_MFA_DEVICE, GET_SESSION_TOKEN,
    GET_USER, LIST_VIRTUAL_MFA_DEVICES, MFA_BOOTSTRAP, MFA_ENROLMENT, MFA_SETUP_USER_ACTIONS,
    PASSWORD_BEFORE_MFA, SERVICE_NAME_CONDITION_KEY,
};

/// The policy language version that enables `${aws:username}` (without it the variable is
/// literal text).
pub const POLICY_VERSION: &str = "2012-10-17";

const MFA_KEY: &str = "aws:MultiFactorAuthPresent";

/// Builds the policy document for these choices. Object keys keep insertion order, which is the
/// order IAM's own examples use: `Version, Statement` and `Sid, Effect, Action|NotAction,
/// Resource, Condition`.
pub fn generate(choices: &Choices) -> Value {
    let own_user = own_user_resources(choices);
    let mut statements = Vec::new();

    let mut account_wide: Vec<&str> = choices
        .credentials()
        .flat_map(families::account_actions)
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
        statements.push(allow("AllowViewAccountInfo", account_wide, json!("*")).into());
    }

    statements.push(allow("AllowViewOwnUser", vec![GET_USER], own_user.clone()).into());

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
            let actions = families::user_scoped_actions(credential).to_vec();
            statements.push(allow(sid, actions, own_user.clone()).into());
        }
    }
    if choices.has(Credential::ServiceCredentials) {
        push_service_credentials(choices, &own_user, &mut statements);
    }

    let mfa_setup = choices.has(Credential::MfaDevices) || choices.enforce_mfa;
    if mfa_setup {
        statements.push(
            allow(
                "AllowCreateVirtualMFADevice",
                vec![CREATE_VIRTUAL_MFA_DEVICE],
                json!(arn(choices, "mfa/*")),
            )
            .into(),
        );
        statements.push(
            allow(
                "AllowManageOwnMFADevices",
                MFA_SETUP_USER_ACTIONS.to_vec(),
                own_user.clone(),
            )
            .into(),
        );
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
        statement.insert("Condition".into(), json!({"Bool": {MFA_KEY: "true"}}));
        statements.push(statement.into());
    }

    if choices.enforce_mfa {
        statements.push(deny_without_mfa(choices));
    }
    if choices.keys_cannot_enrol_mfa && mfa_setup {
        statements.push(deny_long_term_keys(choices));
    }

    json!({"Version": POLICY_VERSION, "Statement": statements})
}

fn push_service_credentials(choices: &Choices, own_user: &Value, statements: &mut Vec<Value>) {
    let all = families::user_scoped_actions(Credential::ServiceCredentials);
    let services = choices.restricted_services();
    if services.is_empty() {
        statements.push(
            allow(
                "AllowManageOwnServiceSpecificCredentials",
                all.to_vec(),
                own_user.clone(),
            )
            .into(),
        );
        return;
    }
    // The service-name condition key exists only on CreateServiceSpecificCredential (Service
    // Authorization Reference), so creation gets its own statement.
    let (create, rest): (Vec<&str>, Vec<&str>) = all
        .iter()
        .partition(|a| **a == "iam:CreateServiceSpecificCredential");
    statements.push(
        allow(
            "AllowManageOwnServiceSpecificCredentials",
            rest,
            own_user.clone(),
        )
        .into(),
    );
    let names: Vec<&str> = services.iter().map(|s| s.service_name()).collect();
    let mut statement = allow(
        "AllowCreateOwnServiceSpecificCredentialsForChosenServices",
        create,
        own_user.clone(),
    );
    statement.insert(
        "Condition".into(),
        json!({"StringEquals": {SERVICE_NAME_CONDITION_KEY: one_or_many(names)}}),
    );
    statements.push(statement.into());
}

fn deny_without_mfa(choices: &Choices) -> Value {
    let mut exceptions: Vec<&str> = MFA_BOOTSTRAP.to_vec();
    if choices.password_change_before_mfa && choices.has(Credential::Password) {
        exceptions.extend_from_slice(PASSWORD_BEFORE_MFA);
    }
    let mut statement = Map::new();
    statement.insert("Sid".into(), json!("DenyAllExceptListedIfNoMFA"));
    statement.insert("Effect".into(), json!("Deny"));
    statement.insert("NotAction".into(), json!(sorted(exceptions)));
    statement.insert("Resource".into(), json!("*"));
    statement.insert(
        "Condition".into(),
        json!({choices.mfa_check.operator(): {MFA_KEY: "false"}}),
    );
    Value::Object(statement)
}

/// `Null: true` matches exactly the requests without the MFA key: long-term access keys (IAM
/// User Guide, `aws:MultiFactorAuthPresent`).
fn deny_long_term_keys(choices: &Choices) -> Value {
    let mut statement = Map::new();
    if choices.enforce_mfa && choices.mfa_check == MfaCheck::BoolIfExists {
        // Keys are already blocked outside the bootstrap; close the bootstrap to them as well.
        statement.insert("Sid".into(), json!("DenyLongTermKeysExceptGetSessionToken"));
        statement.insert("Effect".into(), json!("Deny"));
        statement.insert("NotAction".into(), json!(GET_SESSION_TOKEN));
    } else {
        // Keys keep working for scripts (Bool, or no enforcement) but cannot enrol a device.
        statement.insert("Sid".into(), json!("DenyMFAEnrolmentWithLongTermKeys"));
        statement.insert("Effect".into(), json!("Deny"));
        statement.insert("Action".into(), json!(MFA_ENROLMENT));
    }
    statement.insert("Resource".into(), json!("*"));
    statement.insert("Condition".into(), json!({"Null": {MFA_KEY: "true"}}));
    Value::Object(statement)
}

fn own_user_resources(choices: &Choices) -> Value {
    let mut arns = vec![arn(choices, "user/${aws:username}")];
    if choices.user_paths {
        // `user/${aws:username}` does not match users created with an IAM path; AWS's managed
        // policy IAMUserChangePassword (v3, 2025) lists both forms.
        arns.push(arn(choices, "user/*/${aws:username}"));
    }
    one_or_many(arns)
}

fn arn(choices: &Choices, resource: &str) -> String {
    format!(
        "arn:{}:iam::{}:{resource}",
        choices.partition.as_str(),
        choices.account
    )
}

fn allow(sid: &str, actions: Vec<&str>, resource: Value) -> Map<String, Value> {
    let mut statement = Map::new();
    statement.insert("Sid".into(), json!(sid));
    statement.insert("Effect".into(), json!("Allow"));
    statement.insert("Action".into(), one_or_many(sorted(actions)));
    statement.insert("Resource".into(), resource);
    statement
}

fn sorted(mut actions: Vec<&str>) -> Vec<&str> {
    actions.sort_unstable();
    actions.dedup();
    actions
}

fn one_or_many<T: Into<Value>>(mut items: Vec<T>) -> Value {
    if items.len() == 1 {
        items.remove(0).into()
    } else {
        Value::Array(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
