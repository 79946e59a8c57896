//! A decision over a set, in words, with the policy and statement a finding points at.

use crate::policy::engine::{Decision, MissingAllow, PolicySet};

/// Why a request got its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Because {
    /// e.g. `allowed by group Admins / managed arn:...@v1 / #1`, `no Allow in the boundary`.
    pub text: String,
    /// The deciding policy's name in the set.
    pub policy: Option<String>,
    /// The deciding statement (Sid or `#n`) in that policy.
    pub statement: Option<String>,
}

impl Because {
    pub fn of(decision: &Decision, set: &PolicySet) -> Because {
        match decision {
            Decision::Allowed(by) | Decision::ExplicitDeny(by) => {
                let verb = if matches!(decision, Decision::Allowed(_)) {
                    "allowed by"
                } else {
                    "denied by"
                };
                let Some(first) = by.first() else {
                    return Because::plain(verb.trim_end_matches(" by").to_owned());
                };
                let policy = set.name(first.policy).map(str::to_owned);
                let statement = set
                    .members()
                    .nth(first.policy)
                    .and_then(|(_, named)| named.document.as_ref())
                    .and_then(|document| {
                        document
                            .statements
                            .iter()
                            .find(|s| s.index == first.statement)
                    })
                    .map(|s| s.label());
                let place = match (&policy, &statement) {
                    (Some(policy), Some(statement)) => format!("{policy} / {statement}"),
                    _ => first.label.to_string(),
                };
                let more = match by.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                Because {
                    text: format!("{verb} {place}{more}"),
                    policy,
                    statement,
                }
            }
            Decision::ImplicitDeny(step) => {
                let policy = match step {
                    MissingAllow::Boundary => set.boundary.as_ref().map(|b| b.name.clone()),
                    _ => None,
                };
                Because {
                    text: step.describe().into_owned(),
                    policy,
                    statement: None,
                }
            }
            Decision::Unknown(names) => Because::plain(format!(
                "unknown: depends on {}",
                names
                    .iter()
                    .map(|n| n.as_ref())
                    .collect::<Vec<&str>>()
                    .join(", ")
            )),
            Decision::NotControlledByPolicy => {
                Because::plain("not controlled by any policy".to_owned())
            }
        }
    }

    fn plain(text: String) -> Because {
        Because {
            text,
            policy: None,
            statement: None,
        }
    }
}
