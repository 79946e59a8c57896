//! One call from "choices" (or a policy text) to everything the wizard and `explain` show:
//! the document, its text and size, the truth table, the findings and the journey.

use serde_json::Value;

use super::choices::{Attachment, Choices};
use super::document::{ParseError, Policy};
use super::journey::Journey;
use super::lint::Finding;
use super::truth_table::TruthTable;

/// The user the truth table and the journey ask about, and the other user.
pub const OWN_USER: &str = "alice";
pub const OTHER_USER: &str = "bob";
/// Account used for concrete ARNs when the policy allows any account.
pub const EXAMPLE_ACCOUNT: &str = "123456789012";

#[derive(Debug, Clone)]
pub struct Analysis {
    pub document: Value,
    pub policy: Policy,
    /// Pretty JSON (4 spaces), as previewed, copied and saved.
    pub pretty: String,
    /// Non-whitespace characters, as IAM counts them.
    pub size: usize,
    pub attachment: Attachment,
    pub table: TruthTable,
    pub findings: Vec<Finding>,
    pub journey: Journey,
}

/// Generates the policy for these choices and analyses it.
pub fn analyze_choices(choices: &Choices) -> Analysis {
    let _ = choices;
    todo!("analysis")
}

/// Analyses an existing policy text (`--open`, `explain`). Fails on malformed JSON or grammar
/// errors; `lint` reports those as findings instead.
pub fn analyze_text(text: &str, attachment: Attachment) -> Result<Analysis, ParseError> {
    let _ = (text, attachment);
    todo!("analysis")
}
