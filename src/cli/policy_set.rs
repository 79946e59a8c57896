//! `--with`, `--boundary` and `--scp`: the rest of the user's set, on `explain`, `simulate`,
//! `lint` and the wizard. A POLICY is a file or `aws:NAME` (a bundled AWS managed policy).

use std::path::Path;

use clap::Args;

use crate::input::read_policy_file;
use crate::policy::engine::{NamedPolicy, PolicySet};
use crate::policy::model::document;
use crate::policy::model::managed;

use super::Failure;

#[derive(Debug, Clone, Default, Args)]
pub struct SetArgs {
    /// Another identity policy of the same user (user or group, inline or managed): a file or
    /// aws:NAME. Repeatable.
    #[arg(long = "with", value_name = "POLICY")]
    pub with: Vec<String>,

    /// The user's permissions boundary: a file or aws:NAME.
    #[arg(long, value_name = "POLICY")]
    pub boundary: Option<String>,

    /// One SCP level, organization root first: POLICY[,POLICY...]. Repeatable, one flag per
    /// level.
    #[arg(long, value_name = "POLICY[,POLICY...]")]
    pub scp: Vec<String>,
}

/// The rest of a set as loaded, with the text of each member read from a file (positions as
/// [`PolicySet::members`] numbers them; `None` for bundled policies).
#[derive(Debug, Clone, Default)]
pub struct LoadedSet {
    pub others: PolicySet,
    pub texts: Vec<Option<String>>,
}

impl SetArgs {
    pub fn is_empty(&self) -> bool {
        self.with.is_empty() && self.boundary.is_none() && self.scp.is_empty()
    }

    /// Reads every policy named; the first that cannot be used stops with one line naming it.
    pub fn load(&self) -> Result<LoadedSet, Failure> {
        let mut loaded = LoadedSet::default();
        for name in &self.with {
            let (policy, text) = load_policy(name, "")?;
            loaded.others.identity.push(policy);
            loaded.texts.push(text);
        }
        if let Some(name) = &self.boundary {
            let (policy, text) = load_policy(name, "boundary ")?;
            loaded.others.boundary = Some(policy);
            loaded.texts.push(text);
        }
        for (i, level) in self.scp.iter().enumerate() {
            let mut policies = Vec::new();
            for name in level.split(',').map(str::trim) {
                if name.is_empty() {
                    return Err(Failure::new(format!(
                        "--scp {level:?}: an empty policy name in SCP level {}",
                        i + 1
                    )));
                }
                let (policy, text) = load_policy(name, &format!("SCP level {} ", i + 1))?;
                policies.push(policy);
                loaded.texts.push(text);
            }
            loaded.others.scp_levels.push(policies);
        }
        Ok(loaded)
    }
}

/// One POLICY: `aws:NAME` from the bundle, else a file. `role` prefixes the name a decision
/// shows (`boundary `, `SCP level 2 `).
pub fn load_policy(name: &str, role: &str) -> Result<(NamedPolicy, Option<String>), Failure> {
    if name.starts_with(managed::PREFIX) {
        let found =
            managed::find(name).ok_or_else(|| Failure::new(managed::unknown_name_message(name)))?;
        let policy = NamedPolicy::new(format!("{role}{}", found.label()), found.policy.clone());
        return Ok((policy, None));
    }
    let path = Path::new(name);
    let text = read_policy_file(path)?;
    let parsed = document::parse(&text).map_err(|e| {
        Failure::new(format!(
            "{}: not a usable policy for the set: {e}",
            path.display()
        ))
    })?;
    Ok((
        NamedPolicy::new(format!("{role}{name}"), parsed),
        Some(text),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::attached::{Attached, Row, RowValue, Source};

    fn bundled(name: &str) -> Source {
        Source::Managed(managed::find(name).expect("bundled"))
    }

    /// The wizard names the members of a set given on the command line as the command line
    /// does, so that a set survives the round trip through the wizard.
    #[test]
    fn members_are_named_as_the_command_line_names_them() {
        let args = SetArgs {
            with: vec!["aws:PowerUserAccess".to_owned()],
            boundary: Some("aws:IAMFullAccess".to_owned()),
            scp: vec![
                "aws:AdministratorAccess".to_owned(),
                "aws:IAMReadOnlyAccess,aws:PowerUserAccess".to_owned(),
            ],
        };
        let loaded = args.load().expect("bundled names").others;
        let attached = Attached::from_set(&loaded);
        assert_eq!(attached.to_set(), loaded);
        assert_eq!(attached.identity, vec![bundled("PowerUserAccess")]);
        assert_eq!(attached.boundary, Some(bundled("IAMFullAccess")));
        assert_eq!(attached.scp_levels.len(), 2);
        assert_eq!(
            Row::ScpLevel(1).value(&attached),
            RowValue::Value("aws:IAMReadOnlyAccess, aws:PowerUserAccess".to_owned())
        );
    }
}
