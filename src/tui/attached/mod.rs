//! The "Also attached" part of the choices: the rest of the user's set as the wizard edits it
//! (bundled AWS managed policies ticked, policy files added by path, a permissions boundary,
//! SCP levels from the organization root down), and the rows the choices pane lists for it.
//!
//! The static choices are a table ([`super::choice_items::ITEMS`]); these rows depend on what
//! is attached, so they are listed from the state instead. Nothing here reads files: the
//! wizard's event loop reads them and hands the text back (see [`super::app`]).

use std::sync::Arc;

use crate::policy::engine::{NamedPolicy, PolicySet};
use crate::policy::model::document::Policy;
use crate::policy::model::managed::{self, ManagedPolicy};
use crate::policy::reports::analysis::MUST_CHANGE_PASSWORD_POLICY;

/// Where an attached policy comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A bundled AWS managed policy (`aws:NAME`).
    Managed(&'static ManagedPolicy),
    /// A policy file, named by its path as typed, and its document as read.
    File { path: String, policy: Policy },
    /// A policy the set names without a document (an account dump's policy missing from the
    /// dump): kept, so that every answer it could change stays unknown.
    Unknown { name: String },
}

impl Source {
    /// `aws:NAME`, or the path as typed.
    pub fn label(&self) -> String {
        match self {
            Source::Managed(policy) => policy.label(),
            Source::File { path, .. } => path.clone(),
            Source::Unknown { name } => name.clone(),
        }
    }

    /// The document; `None` for an unknown policy.
    fn policy(&self) -> Option<&Policy> {
        match self {
            Source::Managed(managed) => Some(&managed.policy),
            Source::File { policy, .. } => Some(policy),
            Source::Unknown { .. } => None,
        }
    }

    fn is_managed(&self, name: &str) -> bool {
        matches!(self, Source::Managed(m) if m.name == name)
    }

    fn is_file(&self, wanted: &str) -> bool {
        matches!(self, Source::File { path, .. } if path == wanted)
    }
}

/// Where a policy being added goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Another identity policy of the user (user or group, inline or managed).
    Identity,
    /// The permissions boundary (replacing the one set, if any).
    Boundary,
    /// A new SCP level below the last one (the first is the organization root).
    NewScpLevel,
}

impl Target {
    /// What the prompt asks for.
    pub fn prompt(self) -> &'static str {
        match self {
            Target::Identity => "Attach policy (file or aws:NAME): ",
            Target::Boundary => "Boundary (file or aws:NAME): ",
            Target::NewScpLevel => "New SCP level (file or aws:NAME): ",
        }
    }
}

/// The rest of the user's set, as the wizard shows and edits it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attached {
    /// Identity policies besides the one being written, in the order attached.
    pub identity: Vec<Source>,
    pub boundary: Option<Source>,
    /// Organization root first; each level holds one policy or more.
    pub scp_levels: Vec<Vec<Source>>,
}

/// One line of the "Also attached" section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// AWS's "User must create a new password at next sign-in": it attaches
    /// IAMUserChangePassword.
    MustChangePassword,
    /// A bundled AWS managed policy's checkbox.
    Managed(&'static str),
    /// An added policy file: index into [`Attached::identity`].
    File(usize),
    /// Opens the prompt for another identity policy.
    AddFile,
    Boundary,
    /// Index into [`Attached::scp_levels`].
    ScpLevel(usize),
    /// Opens the prompt for a new SCP level.
    AddScpLevel,
}

/// What a row shows after its label (the choices pane draws it like a choice's value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowValue {
    Checked(bool),
    Value(String),
    /// An action to start, drawn as `+ label`.
    Action,
}

/// Said under every row: the set only changes the answers.
const NOT_EXPORTED: &str = "Copy (c) and save (s) write only the self-service policy.";

impl Row {
    pub fn label(self, attached: &Attached) -> String {
        match self {
            Row::MustChangePassword => "Must change password".to_owned(),
            Row::Managed(name) => format!("{}{name}", managed::PREFIX),
            Row::File(index) => attached
                .identity
                .get(index)
                .map(Source::label)
                .unwrap_or_default(),
            Row::AddFile => "Add a policy file (a)".to_owned(),
            Row::Boundary => "Boundary".to_owned(),
            Row::ScpLevel(index) => format!("SCP {}", index + 1),
            Row::AddScpLevel => "Add an SCP level".to_owned(),
        }
    }

    pub fn value(self, attached: &Attached) -> RowValue {
        match self {
            Row::MustChangePassword => {
                RowValue::Checked(attached.has_managed(MUST_CHANGE_PASSWORD_POLICY))
            }
            Row::Managed(name) => RowValue::Checked(attached.has_managed(name)),
            Row::File(_) => RowValue::Checked(true),
            Row::AddFile | Row::AddScpLevel => RowValue::Action,
            Row::Boundary => RowValue::Value(
                attached
                    .boundary
                    .as_ref()
                    .map_or_else(|| "none".to_owned(), Source::label),
            ),
            Row::ScpLevel(index) => RowValue::Value(
                attached
                    .scp_levels
                    .get(index)
                    .map(|level| {
                        level
                            .iter()
                            .map(Source::label)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
            ),
        }
    }

    /// The line under the choices while the row is selected.
    pub fn explanation(self) -> String {
        let what = match self {
            Row::MustChangePassword => format!(
                "AWS's \"User must create a new password at next sign-in\": AWS attaches {}{MUST_CHANGE_PASSWORD_POLICY}, and the journey checks the first sign-in with it.",
                managed::PREFIX
            ),
            Row::Managed(name) => {
                let (version, date, description) = managed::find(name).map_or(
                    ("", "", ""),
                    |policy| (policy.version, policy.date, policy.description),
                );
                format!(
                    "Also attached to the user (bundled AWS managed policy {}{name} {version}, {date}): {description}",
                    managed::PREFIX
                )
            }
            Row::File(_) => {
                "A policy file also attached to the user. Space or x removes it; adding the same path again reads it again.".to_owned()
            }
            Row::AddFile => {
                "Another identity policy of the user (user or group, inline or managed): type a file path or aws:NAME.".to_owned()
            }
            Row::Boundary => {
                "The permissions boundary: Space cycles none and the bundled policies, a sets a file, x removes it.".to_owned()
            }
            Row::ScpLevel(_) => {
                "An SCP level (organization root first): every level must allow. x removes it.".to_owned()
            }
            Row::AddScpLevel => {
                "Adds an SCP level below the last (the first is the organization root): a file or aws:NAME.".to_owned()
            }
        };
        format!("{what} {NOT_EXPORTED}")
    }

    /// Where `a` adds a policy with this row selected.
    pub fn add_target(self) -> Target {
        match self {
            Row::Boundary => Target::Boundary,
            Row::ScpLevel(_) | Row::AddScpLevel => Target::NewScpLevel,
            _ => Target::Identity,
        }
    }
}

impl Attached {
    /// The wizard's view of a set given on the command line (`--with`, `--boundary`, `--scp`),
    /// whose members are named as [`Attached::to_set`] names them. A member without a document
    /// (only an account dump has those) cannot be edited here and is left out.
    pub fn from_set(set: &PolicySet) -> Attached {
        let source = |name: &str, document: &Option<Arc<Policy>>| -> Option<Source> {
            if name.starts_with(managed::PREFIX)
                && let Some(policy) = managed::find(name)
            {
                return Some(Source::Managed(policy));
            }
            Some(match document {
                Some(policy) => Source::File {
                    path: name.to_owned(),
                    policy: Policy::clone(policy),
                },
                None => Source::Unknown {
                    name: name.to_owned(),
                },
            })
        };
        let identity = set
            .identity
            .iter()
            .filter_map(|p| source(&p.name, &p.document))
            .collect();
        let boundary = set.boundary.as_ref().and_then(|p| {
            let name = p.name.strip_prefix(BOUNDARY_PREFIX).unwrap_or(&p.name);
            source(name, &p.document)
        });
        let scp_levels = set
            .scp_levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let prefix = scp_prefix(i);
                level
                    .iter()
                    .filter_map(|p| {
                        let name = p.name.strip_prefix(&prefix).unwrap_or(&p.name);
                        source(name, &p.document)
                    })
                    .collect()
            })
            .collect();
        Attached {
            identity,
            boundary,
            scp_levels,
        }
    }

    /// The set the reports evaluate, each member named as the command line names it
    /// (`aws:PowerUserAccess`, `boundary aws:IAMFullAccess`, `SCP level 2 deny-keys.json`), so
    /// that every decision says which policy decided.
    pub fn to_set(&self) -> PolicySet {
        let named = |prefix: &str, source: &Source| {
            let name = format!("{prefix}{}", source.label());
            match source.policy() {
                Some(policy) => NamedPolicy::new(name, policy.clone()),
                None => NamedPolicy::unknown(name),
            }
        };
        PolicySet {
            identity: self.identity.iter().map(|s| named("", s)).collect(),
            boundary: self.boundary.as_ref().map(|s| named(BOUNDARY_PREFIX, s)),
            scp_levels: self
                .scp_levels
                .iter()
                .enumerate()
                .map(|(i, level)| level.iter().map(|s| named(&scp_prefix(i), s)).collect())
                .collect(),
        }
    }

    /// The section's rows, in display order.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = vec![Row::MustChangePassword];
        rows.extend(
            managed::all()
                .iter()
                .map(|policy| Row::Managed(policy.name)),
        );
        rows.extend(
            self.identity
                .iter()
                .enumerate()
                .filter(|(_, source)| {
                    matches!(source, Source::File { .. } | Source::Unknown { .. })
                })
                .map(|(index, _)| Row::File(index)),
        );
        rows.push(Row::AddFile);
        rows.push(Row::Boundary);
        rows.extend((0..self.scp_levels.len()).map(Row::ScpLevel));
        rows.push(Row::AddScpLevel);
        rows
    }

    pub fn has_managed(&self, name: &str) -> bool {
        self.identity.iter().any(|source| source.is_managed(name))
    }

    /// Ticks or unticks a bundled policy among the identity policies; true when it is now
    /// attached.
    pub fn toggle_managed(&mut self, policy: &'static ManagedPolicy) -> bool {
        if self.has_managed(policy.name) {
            self.identity
                .retain(|source| !source.is_managed(policy.name));
            false
        } else {
            self.identity.push(Source::Managed(policy));
            true
        }
    }

    /// The boundary after the current one: none, then each bundled policy in turn, then none
    /// again (a boundary file leads back to none).
    pub fn cycle_boundary(&mut self) {
        let all = managed::all();
        let next = match &self.boundary {
            None => all.first(),
            Some(Source::Managed(current)) => all
                .iter()
                .position(|p| p.name == current.name)
                .and_then(|i| all.get(i + 1)),
            Some(Source::File { .. } | Source::Unknown { .. }) => None,
        };
        self.boundary = next.map(Source::Managed);
    }

    /// Adds `source` where `target` says. An identity policy already attached (the same
    /// `aws:NAME` or path) is replaced in place, so adding a file again reads it again.
    /// Returns how the change reads in the status line.
    pub fn add(&mut self, target: Target, source: Source) -> String {
        let label = source.label();
        match target {
            Target::Identity => {
                let same = |s: &Source| match &source {
                    Source::Managed(m) => s.is_managed(m.name),
                    Source::File { path, .. } => s.is_file(path),
                    Source::Unknown { name } => s.label() == *name,
                };
                match self.identity.iter().position(same) {
                    Some(index) => {
                        self.identity[index] = source;
                        format!("{label}: attached already, read again")
                    }
                    None => {
                        self.identity.push(source);
                        format!("Attached {label} as another identity policy")
                    }
                }
            }
            Target::Boundary => {
                self.boundary = Some(source);
                format!("Boundary: {label}")
            }
            Target::NewScpLevel => {
                self.scp_levels.push(vec![source]);
                format!("SCP level {}: {label}", self.scp_levels.len())
            }
        }
    }

    /// The row that shows the policy just added to `target` under `label`.
    pub fn row_of(&self, target: Target, label: &str) -> Option<Row> {
        match target {
            Target::Identity => {
                let index = self.identity.iter().position(|s| s.label() == label)?;
                Some(match &self.identity[index] {
                    Source::Managed(policy) => Row::Managed(policy.name),
                    Source::File { .. } | Source::Unknown { .. } => Row::File(index),
                })
            }
            Target::Boundary => Some(Row::Boundary),
            Target::NewScpLevel => self.scp_levels.len().checked_sub(1).map(Row::ScpLevel),
        }
    }

    /// Takes away what `row` stands for; how that reads in the status line, or `None` when
    /// there is nothing to take away there.
    pub fn remove(&mut self, row: Row) -> Option<String> {
        match row {
            Row::MustChangePassword | Row::Managed(_) => {
                let name = match row {
                    Row::Managed(name) => name,
                    _ => MUST_CHANGE_PASSWORD_POLICY,
                };
                let policy = managed::find(name)?;
                self.has_managed(name).then(|| {
                    self.toggle_managed(policy);
                    format!("Removed {} from the set", policy.label())
                })
            }
            Row::File(index) => (index < self.identity.len()).then(|| {
                let removed = self.identity.remove(index);
                format!("Removed {} from the set", removed.label())
            }),
            Row::Boundary => self
                .boundary
                .take()
                .map(|removed| format!("Boundary removed ({})", removed.label())),
            Row::ScpLevel(index) => (index < self.scp_levels.len()).then(|| {
                self.scp_levels.remove(index);
                format!(
                    "SCP level {} removed; {} left",
                    index + 1,
                    self.scp_levels.len()
                )
            }),
            Row::AddFile | Row::AddScpLevel => None,
        }
    }
}

/// How the command line names a boundary member (`boundary aws:IAMFullAccess`).
const BOUNDARY_PREFIX: &str = "boundary ";

/// How the command line names a member of SCP level `index + 1`.
fn scp_prefix(index: usize) -> String {
    format!("SCP level {} ", index + 1)
}

/// What was typed at the prompt: a bundled policy, or a file for the event loop to read.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Managed(&'static ManagedPolicy),
    File(String),
}

/// Reads what was typed at the prompt: `aws:NAME` (checked against the bundle at once) or a
/// path (read later, by the event loop). `-` is refused: standard input is the keyboard.
pub fn parse_prompt(text: &str) -> Result<Typed, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("type a file path or aws:NAME".to_owned());
    }
    if text == "-" {
        return Err("- is the keyboard here; type a file path".to_owned());
    }
    // As on the command line, `aws:` always names the bundle.
    if text.starts_with(managed::PREFIX) {
        return managed::find(text)
            .map(Typed::Managed)
            .ok_or_else(|| unknown_bundled(text));
    }
    Ok(Typed::File(text.to_owned()))
}

/// Why `text` names no bundled policy, the likeliest one first: the status line has room for
/// three lines only, at 80 columns not enough for every name in full.
fn unknown_bundled(text: &str) -> String {
    let typed = text
        .strip_prefix(managed::PREFIX)
        .unwrap_or(text)
        .to_lowercase();
    let close = managed::all()
        .iter()
        .find(|p| !typed.is_empty() && p.name.to_lowercase().contains(&typed));
    let hint = close.map_or(String::new(), |p| format!(" did you mean {}?", p.label()));
    let known: Vec<&str> = managed::all().iter().map(|p| p.name).collect();
    format!(
        "{text} is not bundled;{hint} Bundled (as aws:NAME): {}",
        known.join(", ")
    )
}

#[cfg(test)]
mod tests;
