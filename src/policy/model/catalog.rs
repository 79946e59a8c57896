//! The action catalog: every IAM and STS action, its access level and the resource types it
//! accepts, read from `assets/actions.tsv` (facts from the AWS Service Authorization Reference).
//!
//! The generator uses it to know which actions need `"Resource": "*"`, lint uses it to flag
//! unknown actions and wildcards that match nothing, and the truth table uses it to pick the
//! resource each action is asked about.

use std::sync::OnceLock;

const CATALOG_TSV: &str = include_str!("../../../assets/actions.tsv");

/// One resource type an action accepts, e.g. `user*` (required) or `mfa` (optional).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    pub name: &'static str,
    pub required: bool,
}

/// One action of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogAction {
    /// Service prefix, lower case: `iam` or `sts`.
    pub service: &'static str,
    /// Action name as AWS spells it, e.g. `ChangePassword`.
    pub name: &'static str,
    /// `iam:ChangePassword`.
    pub full_name: String,
    /// `iam:changepassword`, for case-insensitive matching (IAM action names are case-insensitive).
    pub lower_name: String,
    /// Access levels as the reference gives them (`Write`, `Permissions management, Write`...).
    pub access_level: &'static str,
    pub resource_types: Vec<ResourceType>,
    /// Index in [`Catalog::actions`], for per-action tables.
    pub position: usize,
}

impl CatalogAction {
    /// The Service Authorization Reference lists no resource type: a policy must use
    /// `"Resource": "*"` for it, and a statement scoped to an ARN never matches it.
    pub fn wildcard_resource_only(&self) -> bool {
        self.resource_types.is_empty()
    }

    /// Whether the action accepts the given resource type (e.g. `user`).
    pub fn accepts(&self, resource_type: &str) -> bool {
        self.resource_types.iter().any(|r| r.name == resource_type)
    }

    /// The resource type the action is usually asked about: the first required one, else the
    /// first optional one, else `None` (wildcard only).
    pub fn primary_resource_type(&self) -> Option<&'static str> {
        self.resource_types
            .iter()
            .find(|r| r.required)
            .or_else(|| self.resource_types.first())
            .map(|r| r.name)
    }
}

/// The whole catalog, parsed once, sorted by lower-case name.
#[derive(Debug)]
pub struct Catalog {
    actions: Vec<CatalogAction>,
}

/// Compares a name, ignoring ASCII case, with a name already in lower case (IAM action names are
/// case-insensitive), without allocating a lower-cased copy.
fn compare_lower_case(name: &str, lower: &str) -> std::cmp::Ordering {
    name.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(lower.bytes())
}

impl Catalog {
    /// The catalog built into the binary.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::parse(CATALOG_TSV))
    }

    fn parse(text: &'static str) -> Catalog {
        let mut actions: Vec<CatalogAction> = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(parse_line)
            .collect();
        actions.sort_by(|a, b| a.lower_name.cmp(&b.lower_name));
        for (index, action) in actions.iter_mut().enumerate() {
            action.position = index;
        }
        Catalog { actions }
    }

    pub fn actions(&self) -> &[CatalogAction] {
        &self.actions
    }

    /// Case-insensitive lookup by full name (`iam:ChangePassword`).
    pub fn find(&self, full_name: &str) -> Option<&CatalogAction> {
        self.position(full_name).map(|i| &self.actions[i])
    }

    /// Index of the action in [`Catalog::actions`] (case-insensitive), for per-action tables.
    pub fn position(&self, full_name: &str) -> Option<usize> {
        self.actions
            .binary_search_by(|action| compare_lower_case(full_name, &action.lower_name).reverse())
            .ok()
    }

    /// Whether the catalog covers the service of this action (`iam:...`, `sts:...`); actions of
    /// other services cannot be checked against it.
    pub fn knows_service(&self, full_name: &str) -> bool {
        let service = full_name.split(':').next().unwrap_or_default();
        service.eq_ignore_ascii_case("iam") || service.eq_ignore_ascii_case("sts")
    }
}

fn parse_line(line: &'static str) -> CatalogAction {
    let mut fields = line.split('\t');
    let mut next = || {
        fields
            .next()
            .expect("assets/actions.tsv: a line has fewer than 4 fields")
    };
    let service = next();
    let name = next();
    let access_level = next();
    let resources = next();
    let resource_types = if resources == "-" {
        Vec::new()
    } else {
        resources
            .split(',')
            .map(|r| match r.strip_suffix('*') {
                Some(name) => ResourceType {
                    name,
                    required: true,
                },
                None => ResourceType {
                    name: r,
                    required: false,
                },
            })
            .collect()
    };
    let full_name = format!("{service}:{name}");
    CatalogAction {
        service,
        name,
        lower_name: full_name.to_ascii_lowercase(),
        full_name,
        access_level,
        resource_types,
        position: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_ignores_case_and_rejects_near_misses() {
        let catalog = Catalog::get();
        for action in catalog.actions() {
            for name in [
                action.full_name.clone(),
                action.lower_name.clone(),
                action.full_name.to_ascii_uppercase(),
            ] {
                assert_eq!(catalog.position(&name), Some(action.position), "{name}");
            }
        }
        for name in [
            "",
            "iam:",
            "iam:ChangePasswor",
            "iam:ChangePassword ",
            "s3:GetObject",
            "IAM_CHANGEPASSWORD",
        ] {
            assert_eq!(catalog.position(name), None, "{name}");
            assert!(catalog.find(name).is_none(), "{name}");
        }
    }

    #[test]
    fn catalog_has_every_iam_and_sts_action() {
        let catalog = Catalog::get();
        let iam = catalog
            .actions()
            .iter()
            .filter(|a| a.service == "iam")
            .count();
        let sts = catalog
            .actions()
            .iter()
            .filter(|a| a.service == "sts")
            .count();
        assert_eq!((iam, sts), (190, 16));
    }

    #[test]
    fn lookup_is_case_insensitive() {
        let action = Catalog::get().find("IAM:changepassword").expect("known");
        assert_eq!(action.full_name, "iam:ChangePassword");
        assert!(
            Catalog::get()
                .find("iam:RequestSmsMfaRegistration")
                .is_none()
        );
    }

    #[test]
    fn wildcard_only_actions_per_service_authorization_reference() {
        let catalog = Catalog::get();
        for name in [
            "iam:ListUsers",
            "iam:GetAccountSummary",
            "iam:ListAccountAliases",
            "iam:GetAccountPasswordPolicy",
            "iam:ListVirtualMFADevices",
            "sts:GetSessionToken",
            "sts:GetCallerIdentity",
        ] {
            assert!(
                catalog.find(name).expect(name).wildcard_resource_only(),
                "{name}"
            );
        }
        let wildcard_only = catalog
            .actions()
            .iter()
            .filter(|a| a.service == "iam" && a.wildcard_resource_only())
            .count();
        assert_eq!(wildcard_only, 47);
        let list_mfa = catalog.find("iam:ListMFADevices").expect("known");
        assert!(!list_mfa.wildcard_resource_only());
        assert_eq!(list_mfa.primary_resource_type(), Some("user"));
        let create = catalog.find("iam:CreateVirtualMFADevice").expect("known");
        assert_eq!(create.primary_resource_type(), Some("mfa"));
    }
}
