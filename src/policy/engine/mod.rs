//! The evaluator: one IAM user's requests decided against a compiled policy, or against the
//! user's whole set of policies ([`set`]), by AWS's documented logic. [`request`] and
//! [`decision`] are the vocabulary; [`compiled`] the matcher form of one policy; the rest are the
//! matchers it is built from.

pub mod account_set;
pub mod compiled;
pub mod condition;
pub mod decision;
pub mod pattern;
pub mod request;
pub mod resource;
pub mod set;
pub mod variables;

pub use compiled::CompiledPolicy;
pub use decision::{Decision, MissingAllow, StatementRef, Verdict};
pub use request::{Mfa, Principal, Request};
pub use set::{CompiledSet, Evaluator, NamedPolicy, PolicySet, Role};

#[cfg(test)]
mod tests;
