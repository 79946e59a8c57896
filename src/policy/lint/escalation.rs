//! Privilege escalation and credential takeover (iam-semantics.md §6): Allow statements that
//! match, by pattern, an action that lets the user raise their own privileges, or a credential
//! action on somebody else's user. Reported from the statement alone (conditions are not
//! trusted to hold back an escalation), unless a Deny of the same policy always blocks it.

use std::sync::OnceLock;

use crate::policy::catalog::{Catalog, CatalogAction};
use crate::policy::choices::Credential;
use crate::policy::document::{Effect, Policy, Statement};
use crate::policy::evaluate::{CompiledPolicy, Mfa, Request, Verdict};
use crate::policy::families::{self, PRIVILEGE_ESCALATION};

use super::pattern::{StatementPatterns, glob_match, resolve_for_user};
use super::subject::{OWN_USER, Subject};
use super::{Place, Report, Severity, action_key, short_list};

/// Self-service credential actions that, on another user, hand the caller a way to act as that
/// user or to strip their MFA. (`CreateLoginProfile`/`UpdateLoginProfile` are escalation
/// actions and reported as such.)
const TAKEOVER_ACTIONS: [&str; 11] = [
    "iam:CreateAccessKey",
    "iam:UpdateAccessKey",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateServiceSpecificCredential",
    "iam:UploadSSHPublicKey",
    "iam:UpdateSSHPublicKey",
    "iam:UploadSigningCertificate",
    "iam:UpdateSigningCertificate",
    "iam:EnableMFADevice",
    "iam:DeactivateMFADevice",
];

pub fn check(
    policy: &Policy,
    subject: &Subject,
    compiled: Option<&CompiledPolicy>,
    report: &mut Report,
) {
    let principal = subject.principal("/");
    let blocked = |action: &CatalogAction, resources: &[String]| {
        compiled.is_some_and(|compiled| {
            resources.iter().all(|resource| {
                Mfa::ALL.into_iter().all(|mfa| {
                    compiled
                        .evaluate(&Request {
                            action: &action.full_name,
                            resource,
                            mfa,
                            context: &[],
                        })
                        .verdict
                        == Verdict::ExplicitDeny
                })
            })
        })
    };
    let other_users = subject.other_user_arns();
    for statement in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let patterns = StatementPatterns::new(statement);
        let reaches_others = resource_reaches(statement, policy, &principal.userid, &other_users);
        let escalations: Vec<&str> = covered(&patterns, escalation_actions())
            .into_iter()
            .filter(|a| {
                let mut samples = vec![subject.own_resource_for(a.primary_resource_type())];
                if a.accepts("user") {
                    samples.extend(other_users.iter().cloned());
                }
                !blocked(a, &samples)
            })
            .map(|a| a.full_name.as_str())
            .collect();
        if !escalations.is_empty() {
            let whom = if reaches_others {
                "any user, itself included"
            } else {
                "its own user"
            };
            report.push_at(
                statement,
                place_of(statement, &escalations),
                "privilege-escalation",
                Severity::Error,
                format!(
                    "allows privilege escalation on {whom}: {} ({})",
                    short_list(&escalations, 4),
                    worst_consequence(&escalations)
                ),
                "remove these actions; list only the self-service actions users need by name",
            );
        }
        if !reaches_others {
            continue;
        }
        let takeovers: Vec<&str> = covered(&patterns, takeover_actions())
            .into_iter()
            .filter(|a| !blocked(a, &other_users))
            .map(|a| a.full_name.as_str())
            .collect();
        if !takeovers.is_empty() {
            report.push_at(
                statement,
                place_of(statement, &takeovers),
                "credentials-of-other-users",
                Severity::Error,
                format!(
                    "allows {} on other users: anyone holding this policy can take over another user's identity",
                    short_list(&takeovers, 4)
                ),
                "scope \"Resource\" to arn:aws:iam::*:user/${aws:username} (and user/*/${aws:username})",
            );
        }
        let others: Vec<&str> = other_credential_actions()
            .iter()
            .filter(|a| patterns.covers(&a.full_name) && patterns.fits(a))
            .filter(|a| !blocked(a, &other_users))
            .map(|a| a.full_name.as_str())
            .collect();
        if !others.is_empty() {
            report.push_at(
                statement,
                place_of(statement, &others),
                "manages-other-users-credentials",
                Severity::Warning,
                format!(
                    "allows {} on other users' credentials, not only the user's own",
                    short_list(&others, 4)
                ),
                "scope \"Resource\" to arn:aws:iam::*:user/${aws:username} (and user/*/${aws:username})",
            );
        }
    }
}

/// What the most dangerous of these escalation actions lets the user do (iam-semantics.md §6).
fn worst_consequence(actions: &[&str]) -> &'static str {
    const CONSEQUENCES: [(&[&str], &str); 8] = [
        (
            &[
                "iam:AttachUserPolicy",
                "iam:PutUserPolicy",
                "iam:AttachGroupPolicy",
                "iam:PutGroupPolicy",
                "iam:AttachRolePolicy",
                "iam:PutRolePolicy",
            ],
            "can attach any policy, AdministratorAccess included",
        ),
        (
            &["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"],
            "can rewrite a managed policy it is attached to",
        ),
        (
            &["iam:AddUserToGroup"],
            "can join any group, an administrators group included",
        ),
        (
            &["iam:PassRole", "iam:UpdateAssumeRolePolicy"],
            "can obtain a role's permissions",
        ),
        (
            &[
                "iam:DeleteUserPermissionsBoundary",
                "iam:PutUserPermissionsBoundary",
            ],
            "can remove or replace its permissions boundary",
        ),
        (
            &["iam:CreateLoginProfile", "iam:UpdateLoginProfile"],
            "can set a console password without knowing the current one",
        ),
        (
            &["iam:TagUser", "iam:UntagUser"],
            "can rewrite its own tags and so defeat tag-based conditions",
        ),
        (&["iam:UpdateUser"], "can rename itself or change its path"),
    ];
    CONSEQUENCES
        .iter()
        .find(|(names, _)| names.iter().any(|n| actions.contains(n)))
        .map_or("raises its own privileges", |(_, consequence)| consequence)
}

fn resolve(names: &[&str]) -> Vec<&'static CatalogAction> {
    names
        .iter()
        .filter_map(|name| Catalog::get().find(name))
        .collect()
}

fn escalation_actions() -> &'static [&'static CatalogAction] {
    static ACTIONS: OnceLock<Vec<&'static CatalogAction>> = OnceLock::new();
    ACTIONS.get_or_init(|| resolve(PRIVILEGE_ESCALATION))
}

fn takeover_actions() -> &'static [&'static CatalogAction] {
    static ACTIONS: OnceLock<Vec<&'static CatalogAction>> = OnceLock::new();
    ACTIONS.get_or_init(|| resolve(&TAKEOVER_ACTIONS))
}

/// The rest of the credential families' actions and `iam:GetUser`: reading or deleting
/// another user's credentials.
fn other_credential_actions() -> &'static [&'static CatalogAction] {
    static ACTIONS: OnceLock<Vec<&'static CatalogAction>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let mut names: Vec<&'static str> = Credential::ALL
            .into_iter()
            .flat_map(families::user_scoped_actions)
            .copied()
            .filter(|name| !TAKEOVER_ACTIONS.contains(name) && !PRIVILEGE_ESCALATION.contains(name))
            .collect();
        names.push(families::GET_USER);
        resolve(&names)
    })
}

/// Catalog actions from `actions` that the statement's actions cover and its resources fit.
fn covered(
    patterns: &StatementPatterns,
    actions: &'static [&'static CatalogAction],
) -> Vec<&'static CatalogAction> {
    actions
        .iter()
        .filter(|a| patterns.covers(&a.full_name) && patterns.fits(a))
        .copied()
        .collect()
}

/// Whether the statement's resources include another user's ARN, variables resolved for the
/// own user.
fn resource_reaches(
    statement: &Statement,
    policy: &Policy,
    userid: &str,
    other_users: &[String],
) -> bool {
    let variables = policy.variables_enabled();
    let matches = |arn: &String| {
        statement.resource.values.iter().any(|pattern| {
            glob_match(
                &resolve_for_user(pattern, OWN_USER, userid, variables),
                arn,
                false,
            )
        })
    };
    other_users
        .iter()
        .any(|arn| matches(arn) != statement.resource.negated)
}

/// The first `Action` value that matches one of the names, else the `NotAction` element.
fn place_of<'a>(statement: &'a Statement, names: &[&str]) -> Place<'a> {
    if statement.action.negated {
        return Place::Element(action_key(statement));
    }
    statement
        .action
        .values
        .iter()
        .find(|v| names.iter().any(|n| glob_match(v, n, true)))
        .map_or(Place::Statement, |v| Place::Value("Action", v))
}
