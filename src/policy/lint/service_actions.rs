//! Every action of every AWS service, by name (`assets/service_actions.txt`, generated from the
//! Service Authorization Reference by `assets/gen/service_actions.py`), and the service names
//! that appear in resource ARNs (`assets/arn_services.txt`).
//!
//! The IAM/STS detail (access levels, resource types) stays in [`crate::policy::model::catalog`]; this
//! only answers "does this action exist" for the other services. It is read lazily: the index
//! of service lines is built on the first question, and a service's names are scanned only when
//! an action of that service is asked about (the wizard's own policies name only IAM and STS
//! actions, which never get here).

use std::sync::OnceLock;

use super::pattern::glob_match;
use super::suggest::closest;

const SERVICE_ACTIONS: &str = include_str!("../../../assets/service_actions.txt");
const ARN_SERVICES: &str = include_str!("../../../assets/arn_services.txt");

/// One service prefix and its action names (the rest of its line, space-separated).
#[derive(Debug, Clone, Copy)]
pub struct Service {
    pub prefix: &'static str,
    names: &'static str,
}

impl Service {
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        self.names.split(' ').filter(|n| !n.is_empty())
    }

    /// The action's name as AWS spells it, ignoring case.
    pub fn action(self, name: &str) -> Option<&'static str> {
        self.names().find(|n| n.eq_ignore_ascii_case(name))
    }

    /// Whether a pattern of the name part (`Get*`) matches at least one action.
    pub fn matches_any(self, pattern: &str) -> bool {
        self.names().any(|n| glob_match(pattern, n, true))
    }
}

/// What the catalog says about an `Action` value without wildcards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionName {
    /// A real action; its name as AWS spells it.
    Known(&'static str),
    /// The service exists, the action does not.
    UnknownAction,
    /// No service has this prefix.
    UnknownService,
    /// Not `service:name`.
    Malformed,
}

/// Service lines sorted by prefix (the file is sorted; prefixes are lower case).
fn services() -> &'static [Service] {
    static SERVICES: OnceLock<Vec<Service>> = OnceLock::new();
    SERVICES.get_or_init(|| {
        let mut services: Vec<Service> = SERVICE_ACTIONS
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let (prefix, names) = line.split_once(' ').unwrap_or((line, ""));
                Service { prefix, names }
            })
            .collect();
        services.sort_by(|a, b| a.prefix.cmp(b.prefix));
        services
    })
}

/// The service with this prefix, ignoring case.
pub fn service(prefix: &str) -> Option<Service> {
    let list = services();
    if prefix.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = prefix.to_ascii_lowercase();
        let index = list.binary_search_by(|s| s.prefix.cmp(&lower)).ok()?;
        return Some(list[index]);
    }
    let index = list.binary_search_by(|s| s.prefix.cmp(prefix)).ok()?;
    Some(list[index])
}

/// Looks an action (`s3:GetObject`, any case) up.
pub fn lookup(full_name: &str) -> ActionName {
    let Some((prefix, name)) = full_name.split_once(':') else {
        return ActionName::Malformed;
    };
    match service(prefix) {
        None => ActionName::UnknownService,
        Some(service) => service
            .action(name)
            .map_or(ActionName::UnknownAction, ActionName::Known),
    }
}

/// The real action the author most likely meant: the closest name in the same service, or, for
/// an unknown service, the same name in the closest service that has it.
pub fn suggestion(full_name: &str) -> Option<String> {
    let (prefix, name) = full_name.split_once(':')?;
    match service(prefix) {
        Some(service) => closest(name, service.names()).map(|n| format!("{}:{n}", service.prefix)),
        None => {
            let near = closest(prefix, services().iter().map(|s| s.prefix))?;
            let service = self::service(near)?;
            let action = service
                .action(name)
                .or_else(|| closest(name, service.names()))?;
            Some(format!("{near}:{action}"))
        }
    }
}

/// The closest known service prefix to a misspelt one.
pub fn suggest_service(prefix: &str) -> Option<&'static str> {
    closest(prefix, services().iter().map(|s| s.prefix))
}

fn arn_services() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = ARN_SERVICES
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .collect();
        names.sort_unstable();
        names
    })
}

/// Whether some resource type's ARN has this service segment (case-sensitive: ARNs are), or
/// some service has it as its action prefix.
pub fn is_arn_service(name: &str) -> bool {
    arn_services().binary_search(&name).is_ok()
        || services().binary_search_by(|s| s.prefix.cmp(name)).is_ok()
}

/// The closest ARN service segment to a misspelt one.
pub fn suggest_arn_service(name: &str) -> Option<&'static str> {
    closest(name, arn_services().iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::catalog::Catalog;

    #[test]
    fn knows_actions_of_every_service_ignoring_case() {
        assert_eq!(lookup("s3:GetObject"), ActionName::Known("GetObject"));
        assert_eq!(lookup("S3:getobject"), ActionName::Known("GetObject"));
        assert_eq!(
            lookup("ec2:RunInstances"),
            ActionName::Known("RunInstances")
        );
        assert_eq!(lookup("s3:GetObjet"), ActionName::UnknownAction);
        assert_eq!(lookup("iamm:ChangePassword"), ActionName::UnknownService);
        assert_eq!(lookup("GetObject"), ActionName::Malformed);
    }

    #[test]
    fn suggests_the_action_meant() {
        assert_eq!(suggestion("s3:GetObjet").as_deref(), Some("s3:GetObject"));
        assert_eq!(
            suggestion("iamm:ChangePassword").as_deref(),
            Some("iam:ChangePassword")
        );
        assert_eq!(suggestion("s3:NothingLikeAnyAction"), None);
        assert_eq!(suggest_service("ec3"), Some("ec2"));
    }

    #[test]
    fn agrees_with_the_iam_and_sts_catalog() {
        let catalog = Catalog::get();
        for prefix in ["iam", "sts"] {
            let names: Vec<&str> = service(prefix).expect(prefix).names().collect();
            let in_catalog = catalog
                .actions()
                .iter()
                .filter(|a| a.service == prefix)
                .count();
            assert_eq!(names.len(), in_catalog, "{prefix}");
            for name in names {
                assert!(
                    catalog.find(&format!("{prefix}:{name}")).is_some(),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn knows_arn_services() {
        for name in ["s3", "iam", "ec2", "kms", "sts", "execute-api"] {
            assert!(is_arn_service(name), "{name}");
        }
        assert!(!is_arn_service("s4"));
        assert_eq!(suggest_arn_service("s4"), Some("s3"));
        assert!(!is_arn_service("IAM"));
    }

    #[test]
    fn wildcards_match_names_of_the_service() {
        let s3 = service("s3").expect("s3");
        assert!(s3.matches_any("Get*"));
        assert!(s3.matches_any("get*"));
        assert!(!s3.matches_any("Fly*"));
    }
}
