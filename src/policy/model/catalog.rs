//! The action catalog: every IAM and STS action, its access level and the resource types it
//! accepts, read from `assets/actions.tsv` (facts from the AWS Service Authorization Reference).
//!
//! The generator uses it to know which actions need `"Resource": "*"`, lint uses it to flag
//! unknown actions and wildcards that match nothing, and the truth table uses it to pick the
//! resource each action is asked about.

use std::sync::OnceLock;

use crate::policy::model::credential_actions::NOT_CONTROLLED_BY_POLICY;
use crate::text::same_bytes;

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
    /// One of [`NOT_CONTROLLED_BY_POLICY`]: a request for it is allowed whatever the policies
    /// say.
    pub not_controlled_by_policy: bool,
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
///
/// Speed layer: [`Catalog::position`] runs in every decision (the per-action statement masks are
/// indexed by it), so it probes an open-addressing table instead of the simple binary search over
/// the sorted names (`compare_lower_case`): under callgrind the binary search took a decision
/// from 1,581 to 2,497 instructions and the whole recompute from 0.91 M to 1.28 M
/// (`benches/instructions.rs`). The test
/// `position_agrees_with_a_binary_search` keeps the two equal.
#[derive(Debug)]
pub struct Catalog {
    actions: Vec<CatalogAction>,
    /// Open-addressing table of name hash → position in `actions`, `u16::MAX` for an empty slot.
    /// At most a quarter full, so probes stay short; a lookup hashes and allocates nothing.
    slots: Vec<u16>,
}

/// A hash that agrees for names equal ignoring ASCII case (action names are case-insensitive):
/// eight bytes at a time, each with its 0x20 bit set, which lower-cases letters and leaves the
/// other characters of action names alike.
fn name_hash(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash = bytes.len() as u64;
    let mix = |hash: u64, word: u64| {
        (hash ^ (word | 0x2020_2020_2020_2020))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29)
    };
    let word_at =
        |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        hash = mix(
            hash,
            u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
        );
    }
    let rest = chunks.remainder().len();
    if rest > 0 {
        let last = if bytes.len() >= 8 {
            // The last eight bytes, overlapping the last whole word: no copy into a buffer.
            word_at(bytes.len() - 8)
        } else {
            let mut word = [0u8; 8];
            word[..rest].copy_from_slice(bytes);
            u64::from_le_bytes(word)
        };
        hash = mix(hash, last);
    }
    hash
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
        let size = (actions.len() * 4).next_power_of_two().max(8);
        let mut slots = vec![u16::MAX; size];
        for (index, action) in actions.iter_mut().enumerate() {
            action.position = index;
            let mut slot = name_hash(&action.lower_name) as usize & (size - 1);
            while slots[slot] != u16::MAX {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = u16::try_from(index).expect("the catalog has fewer than 65,535 actions");
        }
        Catalog { actions, slots }
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
        let mask = self.slots.len() - 1;
        let mut slot = name_hash(full_name) as usize & mask;
        loop {
            // An empty slot holds `u16::MAX`, past the end of `actions`: not found.
            let index = usize::from(self.slots[slot]);
            let action = self.actions.get(index)?;
            // As AWS spells it (the common case, compared as words), else in any case.
            if same_bytes(full_name.as_bytes(), action.full_name.as_bytes())
                || full_name.eq_ignore_ascii_case(&action.lower_name)
            {
                return Some(index);
            }
            slot = (slot + 1) & mask;
        }
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
    let not_controlled_by_policy = NOT_CONTROLLED_BY_POLICY.contains(&full_name.as_str());
    CatalogAction {
        service,
        name,
        lower_name: full_name.to_ascii_lowercase(),
        full_name,
        access_level,
        resource_types,
        position: 0,
        not_controlled_by_policy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compares a name, ignoring ASCII case, with a name already in lower case (IAM action names are
    /// case-insensitive), without allocating a lower-cased copy.
    fn compare_lower_case(name: &str, lower: &str) -> std::cmp::Ordering {
        name.bytes()
            .map(|b| b.to_ascii_lowercase())
            .cmp(lower.bytes())
    }

    #[test]
    fn position_agrees_with_a_binary_search() {
        let catalog = Catalog::get();
        let binary_search = |name: &str| {
            catalog
                .actions()
                .binary_search_by(|action| compare_lower_case(name, &action.lower_name).reverse())
                .ok()
        };
        let names = catalog.actions().iter().flat_map(|action| {
            [
                action.full_name.clone(),
                action.full_name.to_ascii_uppercase(),
                format!("{}x", action.full_name),
                action.full_name[..action.full_name.len() - 1].to_owned(),
            ]
        });
        for name in names.chain(["".to_owned(), "s3:GetObject".to_owned()]) {
            assert_eq!(catalog.position(&name), binary_search(&name), "{name}");
        }
    }

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

    /// `Prepared::new` finds the actions no policy controls through the catalog: each of them
    /// must be in it, and only they carry the flag.
    #[test]
    fn the_actions_no_policy_controls_are_in_the_catalog_and_flagged() {
        let catalog = Catalog::get();
        for name in NOT_CONTROLLED_BY_POLICY {
            let action = catalog.find(name).expect("in the catalog");
            assert!(action.not_controlled_by_policy, "{name}");
        }
        let flagged = catalog
            .actions()
            .iter()
            .filter(|a| a.not_controlled_by_policy)
            .count();
        assert_eq!(flagged, NOT_CONTROLLED_BY_POLICY.len());
    }
}
