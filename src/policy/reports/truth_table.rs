//! The truth table: for each action of interest, the decision for the own user with MFA,
//! without MFA and with long-term access keys, and for another user (with MFA).

use crate::policy::engine::{Decision, Evaluator, Mfa, Principal, Request};
use crate::policy::model::catalog::{Catalog, CatalogAction};
use crate::policy::model::choices::{Choices, Credential, CredentialService};
use crate::policy::model::credential_actions::{
    self, CREATE_SERVICE_SPECIFIC_CREDENTIAL, SERVICE_NAME_CONDITION_KEY,
};
use crate::policy::model::document::Policy;

/// The table's columns, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Own user, signed in with MFA (`aws:MultiFactorAuthPresent` = true).
    Mfa,
    /// Own user, signed in without MFA (= false).
    NoMfa,
    /// Own user, long-term access keys (key absent).
    LongTermKeys,
    /// Another user's resource, with MFA.
    OtherUser,
}

impl Column {
    pub const ALL: [Column; 4] = [
        Column::Mfa,
        Column::NoMfa,
        Column::LongTermKeys,
        Column::OtherUser,
    ];

    pub fn header(self) -> &'static str {
        match self {
            Column::Mfa => "MFA",
            Column::NoMfa => "no MFA",
            Column::LongTermKeys => "keys",
            Column::OtherUser => "other",
        }
    }
}

/// Why an action is in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// One of the actions of a credential type.
    Credential(Credential),
    /// Viewing one's own user, account-wide reads, console convenience.
    Common,
    /// The MFA bootstrap (what is allowed before MFA) and `sts:GetSessionToken`.
    Bootstrap,
    /// Must always be denied: a privilege-escalation action and another service's action.
    Sentinel,
    /// Granted by the other policies of the user's set (one action per service they name), to
    /// show whether the MFA gate covers them too.
    OtherPolicies,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `iam:ChangePassword`.
    pub action: String,
    pub kind: RowKind,
    /// The resource asked about for the own user (`*` for wildcard-only actions).
    pub own_resource: String,
    /// The resource asked about in the `other` column.
    pub other_resource: String,
    /// The request context every cell of the row was asked with (see [`context_for`]).
    pub context: Vec<(String, Vec<String>)>,
    /// One decision per [`Column::ALL`] entry.
    pub cells: [Decision; 4],
}

impl Row {
    pub fn cell(&self, column: Column) -> &Decision {
        &self.cells[column as usize]
    }

    /// `iam:ServiceSpecificCredentialServiceName = codecommit.amazonaws.com`: the context keys
    /// the row was asked with, for display; `None` without any.
    pub fn context_text(&self) -> Option<String> {
        let pairs: Vec<String> = self
            .context
            .iter()
            .map(|(key, values)| format!("{key} = {}", values.join(", ")))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthTable {
    pub rows: Vec<Row>,
}

impl TruthTable {
    /// Builds the table for these actions (duplicates dropped, first kind kept), asking as
    /// `principal` and, for the `other` column, about the user named `other_user` in the same
    /// account. `service` is the service a service-specific credential is created for.
    pub fn build(
        policy: &impl Evaluator,
        principal: &Principal,
        other_user: &str,
        actions: &[(String, RowKind)],
        service: &str,
    ) -> TruthTable {
        let catalog = Catalog::get();
        let mut seen_known = vec![false; catalog.actions().len()];
        let mut seen_unknown: Vec<&str> = Vec::new();
        let mut rows = Vec::with_capacity(actions.len());
        for (action, kind) in actions {
            let known = catalog.position(action);
            let first = match known {
                Some(index) => !std::mem::replace(&mut seen_known[index], true),
                None if seen_unknown.iter().any(|a| a.eq_ignore_ascii_case(action)) => false,
                None => {
                    seen_unknown.push(action);
                    true
                }
            };
            if !first {
                continue;
            }
            let known = known.map(|index| &catalog.actions()[index]);
            let own_resource = resource_of(known, principal, &principal.username);
            let other_resource = resource_of(known, principal, other_user);
            let context = context_for(action, service);
            let ask = |resource: &str, mfa| {
                policy.evaluate(&Request {
                    action,
                    resource,
                    mfa,
                    context: &context,
                })
            };
            let cells = [
                ask(&own_resource, Mfa::Present),
                ask(&own_resource, Mfa::NotPresent),
                ask(&own_resource, Mfa::Absent),
                ask(&other_resource, Mfa::Present),
            ];
            rows.push(Row {
                action: action.clone(),
                kind: *kind,
                own_resource,
                other_resource,
                context,
                cells,
            });
        }
        TruthTable { rows }
    }

    pub fn row(&self, action: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.action.eq_ignore_ascii_case(action))
    }
}

/// The context a question about `action` carries. Creating a service-specific credential names
/// the service it is for (`iam:ServiceSpecificCredentialServiceName`, a key only that action has:
/// Service Authorization Reference), and a policy restricting services allows it only with the
/// key; every other action is asked without context keys.
pub fn context_for(action: &str, service: &str) -> Vec<(String, Vec<String>)> {
    if action.eq_ignore_ascii_case(CREATE_SERVICE_SPECIFIC_CREDENTIAL) {
        vec![(
            SERVICE_NAME_CONDITION_KEY.to_owned(),
            vec![service.to_owned()],
        )]
    } else {
        Vec::new()
    }
}

/// The service the table and the journey create a service-specific credential for: the first
/// the choices restrict creation to, else CodeCommit (AWS's example of such credentials).
pub fn asked_service(choices: &Choices) -> &'static str {
    choices
        .restricted_services()
        .first()
        .copied()
        .unwrap_or(CredentialService::CodeCommit)
        .service_name()
}

/// The resource an action is asked about for `user`: the user's ARN for user-scoped actions, a
/// device named after the user for `mfa`-scoped ones, `*` for actions without resource types or
/// outside the catalog.
pub fn resource_for(action: &str, principal: &Principal, user: &str) -> String {
    resource_of(Catalog::get().find(action), principal, user)
}

/// [`resource_for`] an action already looked up in the catalog (`None`: not in it).
fn resource_of(action: Option<&CatalogAction>, principal: &Principal, user: &str) -> String {
    let Some(resource_type) = action.and_then(CatalogAction::primary_resource_type) else {
        return "*".to_owned();
    };
    // Built in one buffer: this runs for every cell of the table on every key press.
    let mut arn = String::with_capacity(48 + user.len() + principal.path.len());
    for part in [
        "arn:",
        &principal.partition,
        ":iam::",
        &principal.account,
        ":",
    ] {
        arn.push_str(part);
    }
    match resource_type {
        "user" => {
            arn.push_str("user");
            arn.push_str(if user == principal.username {
                &principal.path
            } else {
                "/"
            });
            arn.push_str(user);
        }
        "mfa" => {
            arn.push_str("mfa/");
            arn.push_str(user);
            arn.push_str("-device");
        }
        other => {
            arn.push_str(other);
            arn.push_str("/example");
        }
    }
    arn
}

/// A table row for each catalog action `policy` names (as the catalog spells it).
pub fn named_action_rows(policy: &Policy) -> impl Iterator<Item = (String, RowKind)> + '_ {
    let catalog = Catalog::get();
    policy
        .statements
        .iter()
        .flat_map(|statement| &statement.action.values)
        .filter_map(|action| catalog.find(action))
        .map(|known| (known.full_name.clone(), RowKind::Common))
}

/// The rows that close every table: privilege escalation and another service's action.
pub fn sentinel_rows() -> [(String, RowKind); 2] {
    [
        credential_actions::SENTINEL_ESCALATION,
        credential_actions::SENTINEL_OTHER_SERVICE,
    ]
    .map(|action| (action.to_owned(), RowKind::Sentinel))
}
