//! The truth table: for each action of interest, the decision for the own user with MFA,
//! without MFA and with long-term access keys, and for another user (with MFA).

use super::choices::Credential;
use super::evaluate::{CompiledPolicy, Decision};

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
    /// One decision per [`Column::ALL`] entry.
    pub cells: [Decision; 4],
}

impl Row {
    pub fn cell(&self, column: Column) -> &Decision {
        &self.cells[column as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthTable {
    pub rows: Vec<Row>,
}

impl TruthTable {
    /// Builds the table for these actions (duplicates dropped, order kept).
    pub fn build(policy: &CompiledPolicy, actions: &[(String, RowKind)]) -> TruthTable {
        let _ = (policy, actions);
        todo!("truth table")
    }
}
