//! Whether the wizard's choices reproduce an opened policy and, when none does, which choices
//! come closest and what still differs: the inferred choices' generated policy is compared with
//! the file over every request `diff` asks ([`super::diff`]).

use crate::policy::generate::generate_policy;
use crate::policy::model::Named;
use crate::policy::model::choices::{Choices, Preset};
use crate::policy::model::document::Policy;
use crate::policy::reports::diff::{AccessDiff, Change, diff};
use crate::policy::reports::infer::infer_choices;
use crate::policy::reports::truth_table::Column;

/// The closest choices to a policy and how their generated policy differs from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    pub choices: Choices,
    /// The preset these choices are (account, partition and attachment aside), if any.
    pub preset: Option<Preset>,
    /// `old`: the file, `new`: the generated policy. `new_access` is what only the choices
    /// allow, `lost_access` what only the file allows.
    pub differences: AccessDiff,
}

impl Closest {
    /// True when the generated policy answers every request as the file does.
    pub fn reproduces(&self) -> bool {
        self.differences.new_access.is_empty() && self.differences.lost_access.is_empty()
    }

    /// One sentence for the wizard: `these choices reproduce this policy`, or `no choice set
    /// reproduces this policy; closest: preset aws-docs (the file allows 2 requests it denies,
    /// e.g. iam:ListUsers with MFA)`.
    pub fn summary(&self) -> String {
        let name = match self.preset {
            Some(preset) => format!("preset {}", preset.name()),
            None => "the ticked choices".to_owned(),
        };
        if self.reproduces() {
            return format!("the ticked choices ({name}) reproduce this policy");
        }
        let mut parts = Vec::new();
        if let Some(part) = differing("the file allows", &self.differences.lost_access) {
            parts.push(part);
        }
        // "denies" continues "the file allows ...", or has to say whose it is.
        let denies = if parts.is_empty() {
            "the file denies"
        } else {
            "denies"
        };
        if let Some(part) = differing(denies, &self.differences.new_access) {
            parts.push(part);
        }
        format!(
            "no choice set reproduces this policy; closest: {name} ({})",
            parts.join("; ")
        )
    }
}

/// `the file allows 2 requests they deny, e.g. iam:ListUsers with MFA`.
fn differing(verb: &str, changes: &[Change]) -> Option<String> {
    let first = changes.first()?;
    let count = match changes.len() {
        1 => "1 request".to_owned(),
        n => format!("{n} requests"),
    };
    let other = if verb.ends_with("allows") {
        "they deny"
    } else {
        "they allow"
    };
    Some(format!(
        "{verb} {count} {other}, e.g. {} {}",
        first.action,
        column_words(first.column)
    ))
}

fn column_words(column: Column) -> &'static str {
    match column {
        Column::Mfa => "with MFA",
        Column::NoMfa => "without MFA",
        Column::LongTermKeys => "with long-term keys",
        Column::OtherUser => "on another user",
    }
}

/// The inferred choices for `policy`, the preset they are, and what their policy answers
/// differently.
pub fn closest(policy: &Policy) -> Closest {
    let choices = infer_choices(policy);
    let generated = generate_policy(&choices);
    let differences = diff(
        std::slice::from_ref(policy),
        std::slice::from_ref(&generated),
    );
    let preset = Preset::ALL.iter().copied().find(|preset| {
        let mut candidate = preset.choices();
        candidate.account = choices.account.clone();
        candidate.partition = choices.partition;
        candidate.attachment = choices.attachment;
        candidate == choices
    });
    Closest {
        choices,
        preset,
        differences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::document::parse;

    #[test]
    fn every_preset_reproduces_itself_and_is_named() {
        for preset in Preset::ALL.iter().copied() {
            let policy = generate_policy(&preset.choices());
            let found = closest(&policy);
            assert!(
                found.reproduces(),
                "{}: {:?}",
                preset.name(),
                found.differences
            );
            assert_eq!(found.preset, Some(preset), "{}", preset.name());
            assert!(found.summary().contains("reproduce this policy"));
        }
    }

    #[test]
    fn a_policy_no_choice_makes_says_so_and_what_differs() {
        // Password only, but also s3:ListAllMyBuckets: no choice set allows that.
        let policy = parse(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetAccountPasswordPolicy"],
                 "Resource": "*"},
                {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
        )
        .expect("a policy");
        let found = closest(&policy);
        assert!(!found.reproduces());
        let summary = found.summary();
        assert!(
            summary.starts_with("no choice set reproduces this policy; closest: "),
            "{summary}"
        );
        assert!(summary.contains("the file allows"), "{summary}");
        assert!(summary.contains("e.g. "), "{summary}");
    }

    #[test]
    fn a_policy_that_only_denies_more_says_whose_denial_it_is() {
        // The recommended policy without iam:GetUser: every choice set allows it.
        let mut policy = generate_policy(&Preset::Recommended.choices());
        let statement = policy
            .statements
            .iter()
            .position(|s| s.sid.as_deref() == Some("AllowViewOwnUser"))
            .expect("the statement");
        policy.statements.remove(statement);
        let summary = closest(&policy).summary();
        assert!(summary.contains("(the file denies "), "{summary}");
        assert!(summary.contains("iam:GetUser"), "{summary}");
        assert!(!summary.contains("the file allows"), "{summary}");
    }
}
