//! Pattern reasoning for checks that look at what a statement *could* match, independent of any
//! request: action patterns against the catalog (IAM action matching: case-insensitive, `*` any
//! run, `?` one character) and resource patterns against the ARN shape of a resource type.

use crate::policy::catalog::{Catalog, CatalogAction};
use crate::policy::document::Statement;
use crate::policy::pattern::Pattern;

/// Wildcard match of `pattern` against `text` with the evaluator's matcher: `*` any run, `?` one
/// character; action names ignore case, ARNs do not.
pub fn glob_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if ignore_case {
        Pattern::new(pattern)
            .to_ascii_lowercase()
            .matches_ignore_case(text)
    } else {
        Pattern::new(pattern).matches(text)
    }
}

pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Catalog actions an action pattern matches (empty for services the catalog does not cover).
pub fn expand_action(pattern: &str) -> Vec<&'static CatalogAction> {
    let catalog = Catalog::get();
    if !has_wildcard(pattern) {
        return catalog.find(pattern).into_iter().collect();
    }
    let pattern = Pattern::new(pattern).to_ascii_lowercase();
    catalog
        .actions()
        .iter()
        .filter(|a| pattern.matches(&a.lower_name))
        .collect()
}

/// A statement's `Action`/`NotAction` and `Resource`/`NotResource`, compiled once so that many
/// actions can be asked about cheaply.
pub struct StatementPatterns {
    actions_negated: bool,
    actions: Vec<Pattern>,
    resources_negated: bool,
    resources: Vec<ResourcePattern>,
}

impl StatementPatterns {
    pub fn new(statement: &Statement) -> StatementPatterns {
        StatementPatterns {
            actions_negated: statement.action.negated,
            actions: statement
                .action
                .values
                .iter()
                .map(|v| Pattern::new(v).to_ascii_lowercase())
                .collect(),
            resources_negated: statement.resource.negated,
            resources: statement
                .resource
                .values
                .iter()
                .map(|r| ResourcePattern::new(r))
                .collect(),
        }
    }

    /// Whether `Action` lists (or `NotAction` leaves out) this action name.
    pub fn covers(&self, action: &str) -> bool {
        self.actions.iter().any(|p| p.matches_ignore_case(action)) != self.actions_negated
    }

    /// Whether a resource of this action could match (a `NotResource` always could).
    pub fn fits(&self, action: &CatalogAction) -> bool {
        self.resources_negated || self.resources.iter().any(|r| r.fits(action))
    }
}

/// Replaces every `${...}` policy variable by `*`: the most it could stand for.
pub fn variables_as_wildcards(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('*');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A `Resource` pattern as it applies to the own user: `${aws:username}` and `${aws:userid}`
/// resolved, any other variable taken as `*` (it may hold anything), or nothing resolved when
/// the policy language has no variables.
pub fn resolve_for_user(pattern: &str, username: &str, userid: &str, variables: bool) -> String {
    if !variables {
        return pattern.to_owned();
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = &rest[start + 2..start + end];
        let key = inner.split(',').next().unwrap_or_default().trim();
        if key.eq_ignore_ascii_case("aws:username") {
            out.push_str(username);
        } else if key.eq_ignore_ascii_case("aws:userid") {
            out.push_str(userid);
        } else {
            out.push('*');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The ARN shape of one resource type: service, and the resource part as a fixed prefix that is
/// followed by a free name (Service Authorization Reference ARN formats).
struct ArnShape {
    service: &'static str,
    prefix: &'static str,
    free_name: bool,
}

fn arn_shape(service: &str, resource_type: &str) -> Option<ArnShape> {
    let shape = |service, prefix, free_name| ArnShape {
        service,
        prefix,
        free_name,
    };
    Some(match (service, resource_type) {
        ("sts", "federated-user") => shape("sts", "federated-user/", true),
        ("sts", "self-session") => shape("sts", "self", false),
        ("sts", "root-user") => shape("iam", "root", false),
        ("sts", "context-provider") => shape("iam", "contextProvider/", true),
        (_, "access-report") => shape("iam", "access-report/", true),
        (_, "assumed-role") => shape("iam", "assumed-role/", true),
        (_, "delegation-request") => shape("iam", "delegation-request/", true),
        (_, "federated-user") => shape("iam", "federated-user/", true),
        (_, "group") => shape("iam", "group/", true),
        (_, "instance-profile") => shape("iam", "instance-profile/", true),
        (_, "mfa") => shape("iam", "mfa/", true),
        (_, "oidc-provider") => shape("iam", "oidc-provider/", true),
        (_, "policy") => shape("iam", "policy/", true),
        (_, "role") => shape("iam", "role/", true),
        (_, "role-template") => shape("iam", "role-template/", true),
        (_, "saml-provider") => shape("iam", "saml-provider/", true),
        (_, "server-certificate") => shape("iam", "server-certificate/", true),
        (_, "sms-mfa") => shape("iam", "sms-mfa/", true),
        (_, "user") => shape("iam", "user/", true),
        _ => return None,
    })
}

/// Whether a glob can match some string that starts with `prefix` (when `free_tail`) or equals
/// `prefix` exactly. Iterative: resource patterns can be long.
fn glob_can_match_prefix(pattern: &str, prefix: &str, free_tail: bool) -> bool {
    if !free_tail {
        return Pattern::new(pattern).matches(prefix);
    }
    let prefix = prefix.as_bytes();
    for (i, &p) in pattern.as_bytes().iter().enumerate() {
        if p == b'*' {
            return true;
        }
        match prefix.get(i) {
            None => return true,
            Some(&c) if p != b'?' && p != c => return false,
            Some(_) => {}
        }
    }
    pattern.len() >= prefix.len()
}

/// A `Resource` pattern prepared for [`ResourcePattern::fits`]: policy variables count as `*`.
pub struct ResourcePattern {
    whole: Pattern,
    everything: bool,
    /// `arn`, service, region and resource part, when the pattern has all six ARN segments.
    segments: Option<(Pattern, Pattern, Pattern, String)>,
}

impl ResourcePattern {
    pub fn new(text: &str) -> ResourcePattern {
        let wild = variables_as_wildcards(text);
        let segments: Vec<&str> = wild.splitn(6, ':').collect();
        let segments = match segments[..] {
            [arn, _partition, service, region, _account, resource] => Some((
                Pattern::new(arn),
                Pattern::new(service),
                Pattern::new(region),
                resource.to_owned(),
            )),
            _ => None,
        };
        ResourcePattern {
            everything: wild.chars().all(|c| c == '*'),
            whole: Pattern::new(&wild),
            segments,
        }
    }

    /// Whether this pattern could ever match a resource of the action: only a `*`-matching
    /// pattern for actions without resource types, an ARN of one of its types otherwise.
    /// Partition and account are not compared (any could be meant).
    pub fn fits(&self, action: &CatalogAction) -> bool {
        if action.wildcard_resource_only() {
            return self.whole.matches("*");
        }
        if self.everything {
            return true;
        }
        let Some((arn, service, region, resource)) = &self.segments else {
            // Fewer than six segments (`arn:*`, `arn:aws:iam::*`): a `*` spans the missing
            // colons, so compare with whole sample ARNs.
            return sample_arns(action).any(|sample| self.whole.matches(&sample));
        };
        if !arn.matches("arn") || !region.matches("") {
            return false;
        }
        action.resource_types.iter().any(|rt| {
            arn_shape(action.service, rt.name).is_some_and(|shape| {
                service.matches(shape.service)
                    && glob_can_match_prefix(resource, shape.prefix, shape.free_name)
            })
        })
    }
}

/// Whether a `Resource` pattern could ever match a resource of this action.
#[cfg(test)]
fn resource_can_fit(action: &CatalogAction, resource_pattern: &str) -> bool {
    ResourcePattern::new(resource_pattern).fits(action)
}

/// One ARN of each of the action's resource types, in each partition.
fn sample_arns(action: &CatalogAction) -> impl Iterator<Item = String> + '_ {
    action.resource_types.iter().flat_map(|rt| {
        let shape = arn_shape(action.service, rt.name);
        ["aws", "aws-cn", "aws-us-gov"]
            .into_iter()
            .filter_map(move |partition| {
                let shape = shape.as_ref()?;
                let name = if shape.free_name { "x" } else { "" };
                Some(format!(
                    "arn:{partition}:{}::123456789012:{}{name}",
                    shape.service, shape.prefix
                ))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(name: &str) -> &'static CatalogAction {
        Catalog::get().find(name).expect(name)
    }

    #[test]
    fn glob_matching_follows_iam_rules() {
        assert!(glob_match("iam:*AccessKey*", "iam:CreateAccessKey", true));
        assert!(glob_match("IAM:list?sers", "iam:ListUsers", true));
        assert!(!glob_match("iam:List?sers", "iam:ListXXsers", true));
        assert!(glob_match("*", "", false));
        assert!(!glob_match("user/alice", "user/Alice", false));
        assert!(glob_match("a*b*c", "aXXbYYbc", false));
        assert!(!glob_match("a*b", "aXXbY", false));
    }

    #[test]
    fn wildcards_expand_against_the_catalog() {
        let names: Vec<&str> = expand_action("iam:*AccessKey*")
            .iter()
            .map(|a| a.full_name.as_str())
            .collect();
        assert!(
            names.contains(&"iam:CreateAccessKey") && names.contains(&"iam:GetAccessKeyLastUsed")
        );
        assert!(expand_action("iam:Request*Sms*").is_empty());
        assert!(expand_action("s3:*").is_empty());
        assert_eq!(expand_action("iam:*").len(), 190);
    }

    #[test]
    fn variables_resolve_for_the_own_user() {
        let arn = "arn:aws:iam::*:user/${aws:username}";
        assert_eq!(
            resolve_for_user(arn, "alice", "AIDA1", true),
            "arn:aws:iam::*:user/alice"
        );
        assert_eq!(resolve_for_user(arn, "alice", "AIDA1", false), arn);
        assert_eq!(
            resolve_for_user(
                "x/${AWS:UserID}/${aws:PrincipalTag/team, 'none'}",
                "a",
                "AIDA1",
                true
            ),
            "x/AIDA1/*"
        );
    }

    #[test]
    fn variables_become_wildcards() {
        assert_eq!(
            variables_as_wildcards("arn:aws:iam::*:user/${aws:username}"),
            "arn:aws:iam::*:user/*"
        );
        assert_eq!(variables_as_wildcards("a${b"), "a${b");
    }

    #[test]
    fn resources_fit_by_arn_shape() {
        let user_action = action("iam:ChangePassword");
        assert!(resource_can_fit(
            user_action,
            "arn:aws:iam::*:user/${aws:username}"
        ));
        assert!(resource_can_fit(user_action, "*"));
        assert!(resource_can_fit(user_action, "arn:aws:iam::*:*"));
        assert!(resource_can_fit(user_action, "arn:*"));
        assert!(!resource_can_fit(user_action, "arn:aws:iam::*:mfa/*"));
        assert!(!resource_can_fit(user_action, "arn:aws:s3:::bucket/*"));
        let create_mfa = action("iam:CreateVirtualMFADevice");
        assert!(resource_can_fit(create_mfa, "arn:aws:iam::*:mfa/*"));
        assert!(!resource_can_fit(
            create_mfa,
            "arn:aws:iam::*:user/${aws:username}"
        ));
        let list_users = action("iam:ListUsers");
        assert!(resource_can_fit(list_users, "*"));
        assert!(!resource_can_fit(list_users, "arn:aws:iam::*:user/*"));
        let add_to_group = action("iam:AddUserToGroup");
        assert!(!resource_can_fit(
            add_to_group,
            "arn:aws:iam::*:user/${aws:username}"
        ));
        assert!(resource_can_fit(add_to_group, "arn:aws:iam::*:*"));
    }
}
