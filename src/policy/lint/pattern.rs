//! Pattern reasoning for checks that look at what a statement *could* match, independent of any
//! request: action patterns against the catalog (IAM action matching: case-insensitive, `*` any
//! run, `?` one character) and resource patterns against the ARN shape of a resource type.
//!
//! Everything here runs on every key press of the wizard, so matching works on the pattern text
//! as written (no compiled form, no allocation) and text is copied only where a variable must
//! be replaced.
//!
//! Speed layer: [`glob_match`] is the allocation-free twin of the evaluator's compiled
//! [`Pattern`](crate::policy::engine::pattern::Pattern), part of the work that took one lint
//! run from 1.19 M to 0.30 M instructions (callgrind). The test
//! `wildcard_match_agrees_with_the_evaluators_pattern` keeps the two equal.

use std::borrow::Cow;

#[cfg(test)]
use crate::policy::model::catalog::Catalog;
use crate::policy::model::catalog::CatalogAction;

/// Wildcard match of `pattern` against `text` with the evaluator's rules: `*` any run, `?` one
/// character; action names ignore case, ARNs do not.
pub fn glob_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if ignore_case {
        wildcard_match_with(pattern, text, |p, t| p.eq_ignore_ascii_case(&t))
    } else {
        wildcard_match(pattern, text)
    }
}

/// Case-sensitive wildcard match (ARNs), same answers as [`crate::policy::engine::pattern::Pattern`].
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    wildcard_match_with(pattern, text, |p, t| p == t)
}

/// Iterative glob over the pattern text with single-point backtracking to the last `*`, as the
/// evaluator's matcher does: `?` and `*` step over whole UTF-8 characters.
pub fn wildcard_match_with(pattern: &str, text: &str, eq: impl Fn(u8, u8) -> bool) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    if !fixed_ends_agree(pattern, text, &eq) {
        return false;
    }
    let (mut p, mut t) = (0, 0);
    // (pattern position after the last `*`, text position it is tried at)
    let mut backtrack: Option<(usize, usize)> = None;
    loop {
        match pattern.get(p) {
            // A final `*` takes whatever text is left.
            Some(b'*') if p + 1 == pattern.len() => return true,
            Some(b'*') => {
                p += 1;
                backtrack = Some((p, t));
                continue;
            }
            Some(b'?') if t < text.len() => {
                t += utf8_width(text[t]);
                p += 1;
                continue;
            }
            Some(&c) if c != b'?' && t < text.len() && eq(c, text[t]) => {
                p += 1;
                t += 1;
                continue;
            }
            None if t == text.len() => return true,
            _ => {}
        }
        match backtrack {
            Some((after_star, start)) if start < text.len() => {
                let next = start + utf8_width(text[start]);
                backtrack = Some((after_star, next));
                p = after_star;
                t = next;
            }
            _ => return false,
        }
    }
}

/// Quick necessary condition for a match: the text starts with the pattern's text before its
/// first wildcard and, when the pattern has a `*` and no `?` after its last `*`, ends with the
/// text after that `*`. Most ARN comparisons fail here without any backtracking.
fn fixed_ends_agree(pattern: &[u8], text: &[u8], eq: &impl Fn(u8, u8) -> bool) -> bool {
    let head = pattern
        .iter()
        .position(|&b| b == b'*' || b == b'?')
        .unwrap_or(pattern.len());
    if head > text.len() || !pattern[..head].iter().zip(text).all(|(&p, &t)| eq(p, t)) {
        return false;
    }
    let Some(last_star) = pattern.iter().rposition(|&b| b == b'*') else {
        return true;
    };
    let tail = &pattern[last_star + 1..];
    if tail.contains(&b'?') {
        return true;
    }
    head + tail.len() <= text.len()
        && tail
            .iter()
            .zip(&text[text.len() - tail.len()..])
            .all(|(&p, &t)| eq(p, t))
}

/// Width of the UTF-8 character starting with this byte.
fn utf8_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Replaces every `${...}` policy variable by `*`: the most it could stand for.
pub fn variables_as_wildcards(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains("${") {
        return Cow::Borrowed(pattern);
    }
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
    Cow::Owned(out)
}

/// A `Resource` pattern as it applies to the own user: `${aws:username}` and `${aws:userid}`
/// resolved, any other variable taken as `*` (it may hold anything), or nothing resolved when
/// the policy language has no variables.
pub fn resolve_for_user<'a>(
    pattern: &'a str,
    username: &str,
    userid: &str,
    variables: bool,
) -> Cow<'a, str> {
    if !variables || !pattern.contains("${") {
        return Cow::Borrowed(pattern);
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
    Cow::Owned(out)
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
        return wildcard_match(pattern, prefix);
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
pub struct ResourcePattern<'a> {
    wild: Cow<'a, str>,
    everything: bool,
    /// Byte ranges of the `arn`, service, region and resource segments of `wild`, when it has
    /// all six ARN segments.
    segments: Option<[std::ops::Range<usize>; 4]>,
}

impl<'a> ResourcePattern<'a> {
    pub fn new(text: &'a str) -> ResourcePattern<'a> {
        let wild = variables_as_wildcards(text);
        let segments = six_segments(&wild);
        ResourcePattern {
            everything: wild.bytes().all(|b| b == b'*'),
            wild,
            segments,
        }
    }

    /// Whether this pattern could ever match a resource of the action: only a `*`-matching
    /// pattern for actions without resource types, an ARN of one of its types otherwise.
    /// Partition and account are not compared (any could be meant).
    pub fn fits(&self, action: &CatalogAction) -> bool {
        if action.wildcard_resource_only() {
            return wildcard_match(&self.wild, "*");
        }
        if self.everything {
            return true;
        }
        let Some([arn, service, region, resource]) = &self.segments else {
            // Fewer than six segments (`arn:*`, `arn:aws:iam::*`): a `*` spans the missing
            // colons, so compare with whole sample ARNs.
            return sample_arns(action).any(|sample| wildcard_match(&self.wild, &sample));
        };
        let segment = |range: &std::ops::Range<usize>| &self.wild[range.clone()];
        if !wildcard_match(segment(arn), "arn") || !wildcard_match(segment(region), "") {
            return false;
        }
        let (service, resource) = (segment(service), segment(resource));
        action.resource_types.iter().any(|rt| {
            arn_shape(action.service, rt.name).is_some_and(|shape| {
                wildcard_match(service, shape.service)
                    && glob_can_match_prefix(resource, shape.prefix, shape.free_name)
            })
        })
    }
}

/// Ranges of segments 0, 2, 3 and 5 when `text` splits into six at its first five colons.
fn six_segments(text: &str) -> Option<[std::ops::Range<usize>; 4]> {
    let mut colons = text.match_indices(':').map(|(i, _)| i);
    let mut next = || colons.next();
    let (c1, c2, c3, c4, c5) = (next()?, next()?, next()?, next()?, next()?);
    Some([0..c1, c2 + 1..c3, c3 + 1..c4, c5 + 1..text.len()])
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
    fn wildcard_match_agrees_with_the_evaluators_pattern() {
        use crate::policy::engine::pattern::Pattern;
        // Every pattern and text over a small alphabet (with a two-byte character), up to
        // length 4 for patterns and 5 for texts.
        let alphabet = ["a", "b", "*", "?", "é"];
        let words = |max: usize, letters: &[&str]| {
            let mut all = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..max {
                last = last
                    .iter()
                    .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        };
        let texts = words(5, &["a", "b", "é"]);
        for pattern in words(4, &alphabet) {
            let compiled = Pattern::new(&pattern);
            for text in &texts {
                assert_eq!(
                    wildcard_match(&pattern, text),
                    compiled.matches(text),
                    "{pattern:?} {text:?}"
                );
            }
        }
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
