//! The condition keys lint knows: the global `aws:` keys (`assets/global_condition_keys.tsv`,
//! written from the IAM User Guide's "AWS global condition context keys") and the IAM and STS
//! service keys with the actions they apply to (`assets/service_condition_keys.tsv`, generated
//! from the Service Authorization Reference). Keys of other services are not checked.
//!
//! Parsed once, on the first question; a lookup is a scan of about eighty short names.

use std::sync::OnceLock;

use super::suggest::closest;

const GLOBAL_KEYS: &str = include_str!("../../../assets/global_condition_keys.tsv");
const SERVICE_KEYS: &str = include_str!("../../../assets/service_condition_keys.tsv");

/// The data type of a key, which decides the operators that make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    String,
    Arn,
    Bool,
    Date,
    Numeric,
    IpAddress,
    /// `aws:EpochTime`: "works with date operators or numeric operators".
    DateOrNumeric,
}

impl KeyType {
    fn parse(text: &str) -> Option<KeyType> {
        Some(match text {
            "String" => KeyType::String,
            "ARN" => KeyType::Arn,
            "Bool" => KeyType::Bool,
            "Date" => KeyType::Date,
            "Numeric" => KeyType::Numeric,
            "IPAddress" => KeyType::IpAddress,
            "Date|Numeric" => KeyType::DateOrNumeric,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Arn => "ARN",
            KeyType::Bool => "Bool",
            KeyType::Date => "Date",
            KeyType::Numeric => "Numeric",
            KeyType::IpAddress => "IPAddress",
            KeyType::DateOrNumeric => "Date",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionKey {
    /// As the source spells it, e.g. `aws:PrincipalTag/${TagKey}`.
    pub name: &'static str,
    /// For a key with a `${...}` part: the text before it (`aws:PrincipalTag/`), which must be
    /// followed by at least one character.
    template_prefix: Option<&'static str>,
    pub key_type: KeyType,
    pub multivalued: bool,
    /// In every request an identity policy applies to: `...IfExists` changes nothing.
    pub always_present: bool,
    /// For a service key: the actions (names without the prefix) it applies to.
    actions: Option<Vec<&'static str>>,
}

impl ConditionKey {
    /// Whether a key as written in a policy is this key (case-insensitive).
    fn matches(&self, written: &str) -> bool {
        match self.template_prefix {
            None => written.eq_ignore_ascii_case(self.name),
            Some(prefix) => {
                written.len() > prefix.len()
                    && written.is_char_boundary(prefix.len())
                    && written[..prefix.len()].eq_ignore_ascii_case(prefix)
            }
        }
    }

    /// The service prefix of a service key (`iam`), `None` for a global key.
    pub fn service(&self) -> Option<&'static str> {
        self.actions.as_ref()?;
        self.name.split(':').next()
    }

    /// Whether a service key applies to this action of its service (name without prefix, any
    /// case). Global keys apply to every action.
    pub fn applies_to(&self, action_name: &str) -> bool {
        self.actions
            .as_ref()
            .is_none_or(|actions| actions.iter().any(|a| a.eq_ignore_ascii_case(action_name)))
    }

    /// The actions a service key applies to.
    pub fn actions(&self) -> &[&'static str] {
        self.actions.as_deref().unwrap_or_default()
    }
}

fn parse_global(line: &'static str) -> ConditionKey {
    let fields: Vec<&'static str> = line.split('\t').collect();
    let [name, key_type, values, presence] = fields[..] else {
        panic!("assets/global_condition_keys.tsv: a line needs 4 fields: {line:?}");
    };
    ConditionKey {
        name,
        template_prefix: template_prefix(name),
        key_type: KeyType::parse(key_type).expect("assets/global_condition_keys.tsv: type"),
        multivalued: values == "multi",
        always_present: presence == "always",
        actions: None,
    }
}

fn parse_service(line: &'static str) -> ConditionKey {
    let fields: Vec<&'static str> = line.split('\t').collect();
    let [name, key_type, values, actions] = fields[..] else {
        panic!("assets/service_condition_keys.tsv: a line needs 4 fields: {line:?}");
    };
    ConditionKey {
        name,
        template_prefix: template_prefix(name),
        key_type: KeyType::parse(key_type).expect("assets/service_condition_keys.tsv: type"),
        multivalued: values == "multi",
        always_present: false,
        actions: Some(if actions == "-" {
            Vec::new()
        } else {
            actions.split(',').collect()
        }),
    }
}

fn template_prefix(name: &'static str) -> Option<&'static str> {
    name.find("${").map(|i| &name[..i])
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
}

/// Every key lint knows: the global keys, then the IAM and STS keys.
pub fn all() -> &'static [ConditionKey] {
    static KEYS: OnceLock<Vec<ConditionKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        data_lines(GLOBAL_KEYS)
            .map(parse_global)
            .chain(data_lines(SERVICE_KEYS).map(parse_service))
            .collect()
    })
}

/// The known key a policy's key is (case-insensitive; tag keys and other `${...}` parts match
/// any non-empty text).
pub fn find(written: &str) -> Option<&'static ConditionKey> {
    all().iter().find(|k| k.matches(written))
}

/// Whether lint can judge keys of this prefix: `aws:` always, and the services whose keys the
/// catalog has in full.
pub fn checks_prefix(written: &str) -> bool {
    let prefix = written.split(':').next().unwrap_or_default();
    ["aws", "iam", "sts"]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(prefix))
}

/// The known key closest to a misspelt one of a checked prefix: a tag key such as
/// `aws:PrincipalTags/team` is compared by its fixed part.
pub fn suggestion(written: &str) -> Option<String> {
    let (head, tail) = match written.find('/') {
        Some(i) => (&written[..=i], &written[i + 1..]),
        None => (written, ""),
    };
    let names = all().iter().map(|k| k.template_prefix.unwrap_or(k.name));
    let near = closest(head, names)?;
    Some(if near.ends_with('/') {
        format!("{near}{}", if tail.is_empty() { "tag-key" } else { tail })
    } else {
        near.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_ignoring_case_and_tag_keys() {
        let mfa = find("aws:multifactorauthpresent").expect("known");
        assert_eq!(mfa.key_type, KeyType::Bool);
        assert!(!mfa.multivalued && !mfa.always_present && mfa.service().is_none());
        let tag = find("aws:PrincipalTag/team").expect("known");
        assert_eq!(tag.name, "aws:PrincipalTag/${TagKey}");
        assert!(find("aws:PrincipalTag/").is_none());
        assert!(find("aws:TagKeys").expect("known").multivalued);
        assert!(find("aws:CurrentTime").expect("known").always_present);
        assert!(find("aws:MultiFactorAuthPresents").is_none());
    }

    #[test]
    fn service_keys_know_their_actions() {
        let policy_arn = find("iam:PolicyARN").expect("known");
        assert_eq!(policy_arn.key_type, KeyType::Arn);
        assert_eq!(policy_arn.service(), Some("iam"));
        assert!(policy_arn.applies_to("AttachUserPolicy"));
        assert!(policy_arn.applies_to("attachuserpolicy"));
        assert!(!policy_arn.applies_to("PassRole"));
        assert!(
            find("iam:PassedToService")
                .expect("known")
                .applies_to("PassRole")
        );
        assert!(find("iam:ResourceTag/team").is_some());
    }

    #[test]
    fn suggests_the_key_meant() {
        assert_eq!(
            suggestion("aws:MultiFactorAuthPresnt").as_deref(),
            Some("aws:MultiFactorAuthPresent")
        );
        assert_eq!(
            suggestion("aws:PrincipleTag/team").as_deref(),
            Some("aws:PrincipalTag/team")
        );
        assert_eq!(
            suggestion("iam:PassedToServices").as_deref(),
            Some("iam:PassedToService")
        );
        assert!(checks_prefix("AWS:x") && checks_prefix("sts:x") && !checks_prefix("s3:x"));
    }

    /// The reference file, or `None` (with a note) when `../shared` is absent outside CI.
    fn reference(service: &str) -> Option<serde_json::Value> {
        let path =
            crate::testing::reference_dir()?.join(format!("{service}-service-reference.json"));
        let text = std::fs::read_to_string(&path).expect("reference file");
        Some(serde_json::from_str(&text).expect("reference JSON"))
    }

    /// Every `iam:`/`sts:` key of the Service Authorization Reference is in the catalog with
    /// its type, and applies exactly to the actions that list it (on the action, on one of its
    /// resource-type rows, or on a resource type it takes).
    #[test]
    fn iam_and_sts_keys_agree_with_the_service_authorization_reference() {
        for service in ["iam", "sts"] {
            let Some(reference) = reference(service) else {
                return;
            };
            let texts = |value: &serde_json::Value| -> Vec<String> {
                value
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let resource_keys: Vec<(String, Vec<String>)> = reference["resource_types"]
                .as_array()
                .expect("resource types")
                .iter()
                .map(|r| {
                    (
                        r["name"].as_str().unwrap_or("").to_owned(),
                        texts(&r["condition_keys"]),
                    )
                })
                .collect();
            let mut checked = 0;
            for key in reference["condition_keys"].as_array().expect("keys") {
                let name = key["name"].as_str().expect("name");
                if !name
                    .to_ascii_lowercase()
                    .starts_with(&format!("{service}:"))
                {
                    continue;
                }
                let known = all()
                    .iter()
                    .find(|k| k.name == name)
                    .unwrap_or_else(|| panic!("{name} is missing"));
                let (expected_type, multivalued) = match key["type"].as_str().expect("type") {
                    "ArrayOfString" => (KeyType::String, true),
                    "ArrayOfARN" => (KeyType::Arn, true),
                    other => (KeyType::parse(other).expect(other), false),
                };
                assert_eq!(
                    (known.key_type, known.multivalued),
                    (expected_type, multivalued),
                    "{name}"
                );
                for action in reference["actions"].as_array().expect("actions") {
                    let action_name = action["name"].as_str().expect("action name");
                    let mut keys = texts(&action["condition_keys"]);
                    for resource in action["resource_types"].as_array().expect("rows") {
                        keys.extend(texts(&resource["condition_keys"]));
                        let resource_name = resource["name"].as_str().unwrap_or("");
                        if let Some((_, more)) =
                            resource_keys.iter().find(|(n, _)| n == resource_name)
                        {
                            keys.extend(more.iter().cloned());
                        }
                    }
                    assert_eq!(
                        known.applies_to(action_name),
                        keys.iter().any(|k| k == name),
                        "{name} on {service}:{action_name}"
                    );
                }
                checked += 1;
            }
            let in_catalog = all()
                .iter()
                .filter(|k| k.service() == Some(service))
                .count();
            assert_eq!(
                checked, in_catalog,
                "{service}: keys in the catalog but not in the reference"
            );
        }
    }
}
