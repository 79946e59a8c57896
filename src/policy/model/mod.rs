//! The data layer: what the policy core reasons about, with no evaluation in it.

pub mod account;
pub mod catalog;
pub mod choices;
pub mod credential_actions;
pub mod document;
pub mod managed;
pub mod named;

pub use named::Named;
