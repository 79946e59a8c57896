//! One user of a dump, everything `explain --authorization-details` and the wizard's user view
//! show: the whole set, the truth table, the journey (against the recommended self-service) and
//! the audit, every answer the set's.

use crate::policy::engine::account_set::{policy_set, principal_of};
use crate::policy::engine::{NamedPolicy, PolicySet, Principal};
use crate::policy::model::account::{AccountDump, User};
use crate::policy::model::choices::{Credential, Preset};
use crate::policy::model::credential_actions;
use crate::policy::reports::journey::Journey;
use crate::policy::reports::truth_table::{
    RowKind, TruthTable, asked_service, named_action_rows, sentinel_rows,
};
use crate::policy::sample::OTHER_USER;

use super::{UserAudit, audit_user};

/// What is known of one user, over their whole set.
#[derive(Debug, Clone)]
pub struct UserReport {
    pub set: PolicySet,
    pub principal: Principal,
    /// The user the `other` column asks about.
    pub other_username: String,
    pub table: TruthTable,
    pub journey: Journey,
    pub audit: UserAudit,
}

/// Builds the report of `user` of `dump` under these SCP levels (root first).
pub fn user_report(dump: &AccountDump, user: &User, scp_levels: &[Vec<NamedPolicy>]) -> UserReport {
    let resolved = dump.user_set(user);
    let set = policy_set(&resolved, scp_levels);
    let principal = principal_of(dump, user);
    let compiled = set.compile(&principal);
    let other = if user.name == OTHER_USER {
        "another-user"
    } else {
        OTHER_USER
    };
    let choices = Preset::Recommended.choices();
    let rows = table_rows(&set);
    let table = TruthTable::build(&compiled, &principal, other, &rows, asked_service(&choices));
    let journey = Journey::walk(&compiled, &principal, other, &choices, Some(&table));
    let audit = audit_user(dump, user, scp_levels);
    UserReport {
        set,
        principal,
        other_username: other.to_owned(),
        table,
        journey,
        audit,
    }
}

/// Every credential type's actions, the common reads and the bootstrap, every catalog action
/// the set names, and the sentinels.
fn table_rows(set: &PolicySet) -> Vec<(String, RowKind)> {
    let mut rows: Vec<(String, RowKind)> =
        vec![(credential_actions::GET_USER.to_owned(), RowKind::Common)];
    for credential in Credential::ALL {
        rows.extend(
            credential_actions::all_actions(credential)
                .into_iter()
                .map(|a| (a.to_owned(), RowKind::Credential(credential))),
        );
    }
    rows.extend(
        credential_actions::CONSOLE_INFO
            .iter()
            .chain(credential_actions::MFA_BOOTSTRAP)
            .map(|a| ((*a).to_owned(), RowKind::Bootstrap)),
    );
    for (_, named) in set.members() {
        rows.extend(named.document.iter().flat_map(|d| named_action_rows(d)));
    }
    rows.extend(sentinel_rows());
    rows
}
