//! The AWS managed policies bundled with the program (`assets/managed/`), usable in a set as
//! `aws:NAME`: the ones a self-service user most often also has (IAMUserChangePassword, which
//! AWS attaches for "must change password at next sign-in"; PowerUserAccess of the force-MFA
//! article) and the broad ones an administrator compares against.

use std::sync::OnceLock;

use crate::policy::model::document::{self, Policy};

/// How a bundled policy is named on the command line: `aws:PowerUserAccess`.
pub const PREFIX: &str = "aws:";

/// One bundled AWS managed policy: its default version as AWS publishes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    pub name: &'static str,
    /// The default version, e.g. `v3`.
    pub version: &'static str,
    /// When AWS last edited it (`YYYY-MM-DD`).
    pub date: &'static str,
    pub description: &'static str,
    /// The document, as stored under `assets/managed/`.
    pub text: &'static str,
    pub policy: Policy,
}

impl ManagedPolicy {
    /// `aws:NAME`.
    pub fn label(&self) -> String {
        format!("{PREFIX}{}", self.name)
    }

    /// `arn:aws:iam::aws:policy/NAME`.
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy/{}", self.name)
    }
}

const INDEX: &str = include_str!("../../../assets/managed/index.tsv");

/// The documents, by name, in the order of the index.
const DOCUMENTS: &[(&str, &str)] = &[
    (
        "IAMUserChangePassword",
        include_str!("../../../assets/managed/IAMUserChangePassword.json"),
    ),
    (
        "IAMUserSSHKeys",
        include_str!("../../../assets/managed/IAMUserSSHKeys.json"),
    ),
    (
        "IAMSelfManageServiceSpecificCredentials",
        include_str!("../../../assets/managed/IAMSelfManageServiceSpecificCredentials.json"),
    ),
    (
        "IAMReadOnlyAccess",
        include_str!("../../../assets/managed/IAMReadOnlyAccess.json"),
    ),
    (
        "IAMFullAccess",
        include_str!("../../../assets/managed/IAMFullAccess.json"),
    ),
    (
        "PowerUserAccess",
        include_str!("../../../assets/managed/PowerUserAccess.json"),
    ),
    (
        "AdministratorAccess",
        include_str!("../../../assets/managed/AdministratorAccess.json"),
    ),
];

/// Every bundled policy, in the order of the index.
pub fn all() -> &'static [ManagedPolicy] {
    static ALL: OnceLock<Vec<ManagedPolicy>> = OnceLock::new();
    ALL.get_or_init(|| {
        INDEX
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let mut fields = line.split('\t');
                let mut next = || fields.next().unwrap_or_default();
                let (name, version, date, description) = (next(), next(), next(), next());
                let text = DOCUMENTS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or("", |(_, text)| *text);
                ManagedPolicy {
                    name,
                    version,
                    date,
                    description,
                    text,
                    // The bundled documents are checked by a test: they all parse.
                    policy: document::parse(text).unwrap_or(Policy {
                        version: None,
                        id: None,
                        statements: Vec::new(),
                    }),
                }
            })
            .collect()
    })
}

/// The bundled policy named `NAME` (with or without the `aws:` prefix; exact case, as IAM
/// names are).
pub fn find(name: &str) -> Option<&'static ManagedPolicy> {
    let name = name.strip_prefix(PREFIX).unwrap_or(name);
    all().iter().find(|p| p.name == name)
}

/// Why an `aws:NAME` is not bundled, listing those that are: one line.
pub fn unknown_name_message(name: &str) -> String {
    let known: Vec<String> = all().iter().map(ManagedPolicy::label).collect();
    format!(
        "{name} is not a bundled AWS managed policy; known: {}",
        known.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indexed_policy_has_its_document_and_parses_without_findings() {
        assert_eq!(all().len(), DOCUMENTS.len());
        for managed in all() {
            assert!(!managed.text.is_empty(), "{} has no document", managed.name);
            let policy = document::parse(managed.text).expect(managed.name);
            assert!(!policy.statements.is_empty(), "{}", managed.name);
            assert_eq!(policy, managed.policy);
            assert!(managed.version.starts_with('v'), "{}", managed.name);
            assert_eq!(managed.date.len(), 10, "{}", managed.name);
        }
    }

    /// The bundled copies are AWS's text as kept in the project's reference folder.
    #[test]
    fn bundled_documents_match_the_reference_copies() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/aws-examples");
        if !folder.is_dir() {
            // The reference folder sits beside the repository on the development machine only.
            return;
        }
        for managed in all() {
            let path = folder.join(format!("managed-{}.json", managed.name));
            let reference = std::fs::read_to_string(&path).expect("reference copy");
            let ours = document::parse_json(managed.text).expect("json");
            let theirs = document::parse_json(&reference).expect("json");
            assert_eq!(
                ours,
                theirs,
                "{} differs from {}",
                managed.name,
                path.display()
            );
        }
    }

    #[test]
    fn names_are_found_with_or_without_the_prefix_and_unknown_ones_list_the_known() {
        assert_eq!(
            find("aws:PowerUserAccess").map(|p| p.name),
            Some("PowerUserAccess")
        );
        assert_eq!(find("IAMUserChangePassword").map(|p| p.version), Some("v3"));
        assert!(find("aws:poweruseraccess").is_none());
        let message = unknown_name_message("aws:PowerUser");
        assert!(message.starts_with(
            "aws:PowerUser is not a bundled AWS managed policy; known: aws:IAMUserChangePassword, "
        ));
        assert!(message.contains("aws:AdministratorAccess"));
    }
}
