//! Checks (product spec §5): grammar, semantics and security findings for a policy text, each with
//! an id, a severity, the statement it concerns and a one-line fix.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable identifier, e.g. `version-missing`, `unknown-action`.
    pub id: &'static str,
    pub severity: Severity,
    /// Sid or `#n` of the statement concerned; `None` for the whole policy.
    pub statement: Option<String>,
    /// Line (1-based) in the text, where known.
    pub line: Option<usize>,
    pub message: String,
    /// One line saying how to fix it.
    pub fix: String,
}

/// Placeholder until the checks land: no findings.
pub fn lint(_text: &str, _attachment: Option<super::choices::Attachment>) -> Vec<Finding> {
    Vec::new()
}
