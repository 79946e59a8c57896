//! Privilege escalation and credential takeover (iam-semantics.md §6): Allow statements that
//! match, by pattern, an action that lets the user raise their own privileges, or a credential
//! action on somebody else's user. Reported from the statement alone (conditions are not
//! trusted to hold back an escalation, though one that limits the targets is said), unless a
//! Deny of the same policy always blocks it or a condition of the Allow can never hold.

use std::cell::OnceCell;
use std::sync::OnceLock;

use crate::policy::engine::{Mfa, Request, Verdict};
use crate::policy::model::catalog::{Catalog, CatalogAction};
use crate::policy::model::choices::Credential;
use crate::policy::model::credential_actions::{self, PRIVILEGE_ESCALATION};
use crate::policy::model::document::Statement;

use super::action_set::ActionSet;
use super::conditions::never_holds;
use super::evaluator::Evaluators;
use super::pattern::{glob_match, wildcard_match};
use super::rules;
use super::statement_facts::StatementFacts;
use super::{Place, Report, Severity, action_key, short_list};
use crate::policy::engine::condition::{Operator, SetQualifier};
use crate::policy::sample::Subject;

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
    facts: &[StatementFacts<'_>],
    subject: &Subject,
    evaluators: Option<Evaluators<'_, '_>>,
    report: &mut Report,
) {
    // Compiled on first use, for the statements that can decide the actions of the lists.
    let subset = OnceCell::new();
    let blocked = |action: &CatalogAction, resources: &[String]| {
        evaluators.is_some_and(|evaluators| {
            let subset = subset.get_or_init(|| evaluators.for_actions(ActionList::union(), &[]));
            resources.iter().all(|resource| {
                Mfa::ALL.into_iter().all(|mfa| {
                    subset
                        .evaluate(&Request {
                            action: &action.full_name,
                            resource,
                            mfa,
                            context: &[],
                        })
                        .verdict()
                        == Verdict::ExplicitDeny
                })
            })
        })
    };
    let other_users = subject.other_user_arns();
    // An Allow with a condition that can never hold grants nothing (the broken condition has
    // its own finding): it escalates nothing, as the evaluator agrees.
    let may_apply = |f: &&StatementFacts<'_>| !f.statement.conditions.iter().any(never_holds);
    for facts in facts.iter().filter(|f| f.is_allow()).filter(may_apply) {
        let statement = facts.statement;
        let covered = facts.covered();
        let reaches_others = resource_reaches(facts, &other_users);
        let escalations: Vec<&str> = covered_of(facts, covered, ActionList::Escalation)
            .filter(|a| {
                let mut samples = vec![subject.own_resource_for(a.primary_resource_type())];
                if a.accepts("user") {
                    samples.extend(other_users.iter().cloned());
                }
                !blocked(a, &samples)
            })
            .map(|a| a.full_name.as_str())
            .collect();
        let (limited, escalations): (Vec<(&str, String)>, Vec<&str>) = {
            let mut limited = Vec::new();
            let mut open = Vec::new();
            for action in escalations {
                match limit_of(statement, action) {
                    Some(remaining) => limited.push((action, remaining)),
                    None => open.push(action),
                }
            }
            (limited, open)
        };
        if !escalations.is_empty() {
            let whom = if reaches_others {
                "any user, itself included"
            } else {
                "its own user"
            };
            // Rewriting one's own tags escalates only where tag-based conditions grant access:
            // a warning (AWS's own "create access keys" example allows iam:TagUser).
            let tags_only = escalations.iter().all(|a| {
                a.eq_ignore_ascii_case("iam:TagUser") || a.eq_ignore_ascii_case("iam:UntagUser")
            });
            let severity = if tags_only && !reaches_others {
                Severity::Warning
            } else {
                Severity::Error
            };
            report.push_at_as(
                statement,
                place_of(statement, &escalations),
                rules::PRIVILEGE_ESCALATION,
                severity,
                format!(
                    "allows privilege escalation on {whom}: {} ({})",
                    short_list(&escalations, 4),
                    worst_consequence(&escalations)
                ),
                "remove these actions; list only the self-service actions users need by name",
            );
        }
        if !limited.is_empty() {
            let names: Vec<&str> = limited.iter().map(|(a, _)| *a).collect();
            let remaining: Vec<&str> = limited.iter().map(|(_, r)| r.as_str()).collect();
            report.push_at_as(
                statement,
                place_of(statement, &names),
                rules::PRIVILEGE_ESCALATION,
                Severity::Warning,
                format!(
                    "allows {} limited by its conditions; what remains: {}",
                    short_list(&names, 4),
                    remaining.join("; ")
                ),
                "check that what remains grants no more than intended",
            );
        }
        if !reaches_others {
            continue;
        }
        let takeovers: Vec<&str> = covered_of(facts, covered, ActionList::Takeover)
            .filter(|a| !blocked(a, &other_users))
            .map(|a| a.full_name.as_str())
            .collect();
        if !takeovers.is_empty() {
            report.push_at(
                statement,
                place_of(statement, &takeovers),
                rules::CREDENTIALS_OF_OTHER_USERS,
                format!(
                    "allows {} on other users: anyone holding this policy can take over another user's identity",
                    short_list(&takeovers, 4)
                ),
                "scope \"Resource\" to arn:aws:iam::*:user/${aws:username} (and user/*/${aws:username})",
            );
        }
        let others: Vec<&str> = covered_of(facts, covered, ActionList::OtherCredential)
            .filter(|a| !blocked(a, &other_users))
            .map(|a| a.full_name.as_str())
            .collect();
        if !others.is_empty() {
            report.push_at(
                statement,
                place_of(statement, &others),
                rules::MANAGES_OTHER_USERS_CREDENTIALS,
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

/// The catalog-derived lists the check walks, each with its set for a quick "none covered".
#[derive(Clone, Copy)]
enum ActionList {
    Escalation,
    Takeover,
    OtherCredential,
}

struct ResolvedList {
    /// In the order of the names they were resolved from: findings list them that way.
    actions: Vec<&'static CatalogAction>,
    set: ActionSet,
}

impl ActionList {
    /// The actions of every list.
    fn union() -> ActionSet {
        [
            ActionList::Escalation,
            ActionList::Takeover,
            ActionList::OtherCredential,
        ]
        .into_iter()
        .fold(ActionSet::default(), |set, list| {
            set.union(list.resolved().set)
        })
    }

    fn resolved(self) -> &'static ResolvedList {
        static LISTS: OnceLock<[ResolvedList; 3]> = OnceLock::new();
        let lists = LISTS.get_or_init(|| {
            [
                resolve(PRIVILEGE_ESCALATION),
                resolve(&TAKEOVER_ACTIONS),
                resolve(&other_credential_names()),
            ]
        });
        &lists[self as usize]
    }
}

fn resolve(names: &[&str]) -> ResolvedList {
    let actions: Vec<&'static CatalogAction> = names
        .iter()
        .filter_map(|name| Catalog::get().find(name))
        .collect();
    let set = ActionSet::of_names(actions.iter().map(|a| a.full_name.as_str()));
    ResolvedList { actions, set }
}

/// The rest of the credential families' actions and `iam:GetUser`: reading or deleting
/// another user's credentials.
fn other_credential_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Credential::ALL
        .into_iter()
        .flat_map(credential_actions::user_scoped_actions)
        .copied()
        .filter(|name| !TAKEOVER_ACTIONS.contains(name) && !PRIVILEGE_ESCALATION.contains(name))
        .collect();
    names.push(credential_actions::GET_USER);
    names
}

/// Actions of the list that the statement's actions cover and its resources fit, in list order.
fn covered_of<'f>(
    facts: &'f StatementFacts<'_>,
    covered: ActionSet,
    list: ActionList,
) -> impl Iterator<Item = &'static CatalogAction> + 'f {
    let list = list.resolved();
    let any = covered.intersects(&list.set);
    list.actions
        .iter()
        .copied()
        .filter(move |a| any && facts.covers(a) && facts.fits(a))
}

/// Whether the statement's resources include another user's ARN, variables resolved for the
/// own user.
fn resource_reaches(facts: &StatementFacts<'_>, other_users: &[String; 2]) -> bool {
    let mut matched = [false; 2];
    for resource in &facts.resources {
        let answers = resource.matches_other_users.get_or_init(|| {
            let pattern = resource.for_own_user();
            other_users
                .each_ref()
                .map(|arn| wildcard_match(pattern, arn))
        });
        matched[0] |= answers[0];
        matched[1] |= answers[1];
    }
    matched
        .into_iter()
        .any(|m| m != facts.statement.resource.negated)
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

/// The condition keys that limit an escalation action to named targets (Service Authorization
/// Reference: iam:PolicyARN on the Attach*Policy actions, iam:PassedToService on PassRole;
/// IAM User Guide: aws:TagKeys for the tag keys a request may set or remove).
const LIMITING_KEYS: [(&[&str], &str, &str); 3] = [
    (
        &[
            "iam:AttachUserPolicy",
            "iam:AttachGroupPolicy",
            "iam:AttachRolePolicy",
        ],
        "iam:PolicyARN",
        "can attach only",
    ),
    (
        &["iam:PassRole"],
        "iam:PassedToService",
        "can pass roles only to",
    ),
    (
        &["iam:TagUser", "iam:UntagUser"],
        "aws:TagKeys",
        "can change only the tag keys",
    ),
];

/// Managed policies that grant everything, or all of IAM: attaching them is full escalation.
const BROAD_POLICIES: [&str; 3] = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

/// What remains of an escalation action under the statement's conditions, when a condition
/// limits it to listed targets; `None` when nothing limits it.
fn limit_of(statement: &Statement, action: &str) -> Option<String> {
    let (_, key, verb) = LIMITING_KEYS
        .iter()
        .find(|(actions, _, _)| actions.iter().any(|a| a.eq_ignore_ascii_case(action)))?;
    let condition = statement.conditions.iter().find(|c| {
        c.key.eq_ignore_ascii_case(key)
            && Operator::parse(&c.operator).is_some_and(|op| {
                !op.negated
                    && !op.if_exists
                    && match op.set {
                        // aws:TagKeys is multivalued: every key of the request must be listed.
                        SetQualifier::ForAllValues => key.eq_ignore_ascii_case("aws:TagKeys"),
                        SetQualifier::Single => !key.eq_ignore_ascii_case("aws:TagKeys"),
                        SetQualifier::ForAnyValue => false,
                    }
            })
    })?;
    let broad = condition.values.iter().any(|v| {
        v == "*"
            || BROAD_POLICIES
                .iter()
                .any(|p| v.ends_with(&format!("/{p}")) || v.ends_with(&format!("/{p}*")))
    });
    if broad || condition.values.is_empty() {
        return None;
    }
    let short = action.split(':').nth(1).unwrap_or(action);
    Some(format!(
        "{short} {verb} {}",
        short_list(&condition.values, 3)
    ))
}
