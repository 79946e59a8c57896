//! The policy core: everything about IAM policies, nothing about terminals. The CLI and the TUI
//! are thin shells over it. Layers, each importing only from those above it in this list:
//!
//! - [`model`]: the data: action catalog, wizard choices, credential action families, the policy
//!   document as written (with its parser);
//! - [`engine`]: the evaluator: requests, decisions, the compiled policy and its matchers;
//! - [`sample`]: the sample users the reports ask about; [`granted`]: sample actions a set's
//!   other policies grant; [`size`]: how IAM counts a policy;
//! - [`output`]: the policy as text (pretty JSON, exports);
//! - [`generate`]: choices → policy document;
//! - [`reports`] and [`lint`]: truth table, journey, inference, checks; [`simulate`]: batches of
//!   requests;
//! - [`reports::analysis`]: one call that builds everything the wizard and `explain` show.

pub mod engine;
pub mod generate;
pub mod granted;
pub mod lint;
pub mod model;
pub mod output;
pub mod reports;
pub mod sample;
pub mod simulate;
pub mod size;
