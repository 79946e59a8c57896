//! Condition operators (IAM User Guide, `reference_policies_elements_condition_operators`):
//! every family (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, Arn*, Null), the
//! `...IfExists` suffix and the `ForAllValues:` / `ForAnyValue:` set prefixes.
//!
//! Rules, with their sources:
//! - Several values for one key are ORed; several keys or operators are ANDed
//!   (`reference_policies_multi-value-conditions`).
//! - A key absent from the request is a mismatch for the positive operators
//!   (`reference_policies_elements_condition`); the negated operators (`StringNotEquals`, ...)
//!   match it; `...IfExists` makes the condition true when the key is absent
//!   (`reference_policies_elements_condition_operators`, "...IfExists condition operators").
//! - `ForAllValues` is true when the key is absent or empty; `ForAnyValue` is false then
//!   (`reference_policies_condition-single-vs-multi-valued-context-keys`).
//! - `Null: true` matches exactly when the key is absent.

use std::net::IpAddr;

use crate::policy::engine::pattern::Pattern;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Comparison::Equal => ordering == Equal,
            Comparison::Less => ordering == Less,
            Comparison::LessOrEqual => ordering != Greater,
            Comparison::Greater => ordering == Greater,
            Comparison::GreaterOrEqual => ordering != Less,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Comparison),
    Date(Comparison),
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    Single,
    ForAnyValue,
    ForAllValues,
}

/// A parsed operator name such as `ForAnyValue:StringNotLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub family: Family,
    pub negated: bool,
    pub if_exists: bool,
    pub set: SetQualifier,
}

impl Operator {
    /// `None` for an operator IAM does not know.
    pub fn parse(text: &str) -> Option<Operator> {
        let (set, rest) = if let Some(rest) = strip_prefix_ignore_case(text, "ForAnyValue:") {
            (SetQualifier::ForAnyValue, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(text, "ForAllValues:") {
            (SetQualifier::ForAllValues, rest)
        } else {
            (SetQualifier::Single, text)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        use Comparison::*;
        let (family, negated) = match base {
            "StringEquals" => (Family::StringEquals, false),
            "StringNotEquals" => (Family::StringEquals, true),
            "StringEqualsIgnoreCase" => (Family::StringEqualsIgnoreCase, false),
            "StringNotEqualsIgnoreCase" => (Family::StringEqualsIgnoreCase, true),
            "StringLike" => (Family::StringLike, false),
            "StringNotLike" => (Family::StringLike, true),
            "NumericEquals" => (Family::Numeric(Equal), false),
            "NumericNotEquals" => (Family::Numeric(Equal), true),
            "NumericLessThan" => (Family::Numeric(Less), false),
            "NumericLessThanEquals" => (Family::Numeric(LessOrEqual), false),
            "NumericGreaterThan" => (Family::Numeric(Greater), false),
            "NumericGreaterThanEquals" => (Family::Numeric(GreaterOrEqual), false),
            "DateEquals" => (Family::Date(Equal), false),
            "DateNotEquals" => (Family::Date(Equal), true),
            "DateLessThan" => (Family::Date(Less), false),
            "DateLessThanEquals" => (Family::Date(LessOrEqual), false),
            "DateGreaterThan" => (Family::Date(Greater), false),
            "DateGreaterThanEquals" => (Family::Date(GreaterOrEqual), false),
            "Bool" => (Family::Bool, false),
            "BinaryEquals" => (Family::Binary, false),
            "IpAddress" => (Family::IpAddress, false),
            "NotIpAddress" => (Family::IpAddress, true),
            "ArnEquals" | "ArnLike" => (Family::Arn, false),
            "ArnNotEquals" | "ArnNotLike" => (Family::Arn, true),
            "Null" => (Family::Null, false),
            _ => return None,
        };
        // "You can add IfExists to the end of any condition operator name except the Null
        // condition" (reference_policies_elements_condition_operators).
        if family == Family::Null && (if_exists || set != SetQualifier::Single) {
            return None;
        }
        Some(Operator {
            family,
            negated,
            if_exists,
            set,
        })
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// A policy value prepared for its operator family.
#[derive(Debug, Clone)]
pub enum PolicyValue {
    Text(String),
    Like(Pattern),
    Number(f64),
    /// Seconds since the Unix epoch.
    Date(f64),
    Bool(bool),
    Network(IpNetwork),
    Arn(ArnPattern),
    /// Cannot match anything: unparsable for its family, or a variable with no value.
    Nothing,
}

impl PolicyValue {
    /// Prepares a (variable-resolved) value for a family.
    pub fn prepare(family: Family, text: &str, like_pattern: impl FnOnce() -> Pattern) -> Self {
        match family {
            Family::StringEquals | Family::Binary => PolicyValue::Text(text.to_owned()),
            Family::StringEqualsIgnoreCase => PolicyValue::Text(text.to_lowercase()),
            Family::StringLike => PolicyValue::Like(like_pattern()),
            Family::Numeric(_) => text
                .trim()
                .parse()
                .map_or(PolicyValue::Nothing, PolicyValue::Number),
            Family::Date(_) => parse_date(text).map_or(PolicyValue::Nothing, PolicyValue::Date),
            Family::Bool | Family::Null => {
                parse_bool(text).map_or(PolicyValue::Nothing, PolicyValue::Bool)
            }
            Family::IpAddress => {
                IpNetwork::parse(text).map_or(PolicyValue::Nothing, PolicyValue::Network)
            }
            Family::Arn => PolicyValue::Arn(ArnPattern::new(like_pattern_text(text))),
        }
    }

    /// Whether one request value matches this policy value.
    pub fn matches(&self, family: Family, request: &str) -> bool {
        match (self, family) {
            (PolicyValue::Text(expected), Family::StringEqualsIgnoreCase) => {
                expected.len() == request.len() && *expected == request.to_lowercase()
                    || expected.eq_ignore_ascii_case(request)
            }
            (PolicyValue::Text(expected), _) => expected == request,
            (PolicyValue::Like(pattern), _) => pattern.matches(request),
            (PolicyValue::Number(expected), Family::Numeric(cmp)) => request
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(|n| n.partial_cmp(expected))
                .is_some_and(|o| cmp.holds(o)),
            (PolicyValue::Date(expected), Family::Date(cmp)) => parse_date(request)
                .and_then(|d| d.partial_cmp(expected))
                .is_some_and(|o| cmp.holds(o)),
            (PolicyValue::Bool(expected), _) => parse_bool(request) == Some(*expected),
            (PolicyValue::Network(network), _) => request
                .trim()
                .parse::<IpAddr>()
                .is_ok_and(|ip| network.contains(ip)),
            (PolicyValue::Arn(pattern), _) => pattern.matches(request),
            _ => false,
        }
    }
}

fn like_pattern_text(text: &str) -> &str {
    text
}

/// `true`/`false`, case-insensitively.
fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The request's values for one key, as the evaluator found them.
#[derive(Debug, Clone, Copy)]
pub enum RequestValues<'a> {
    One(&'a str),
    Many(&'a [String]),
}

impl<'a> RequestValues<'a> {
    fn any(self, mut f: impl FnMut(&'a str) -> bool) -> bool {
        match self {
            RequestValues::One(v) => f(v),
            RequestValues::Many(vs) => vs.iter().any(|v| f(v)),
        }
    }

    fn all(self, mut f: impl FnMut(&'a str) -> bool) -> bool {
        match self {
            RequestValues::One(v) => f(v),
            RequestValues::Many(vs) => vs.iter().all(|v| f(v)),
        }
    }
}

/// Evaluates one `operator: { key: values }` entry, given the request's values for the key
/// (`None` when the key is absent) and the prepared policy values.
pub fn holds(
    operator: Operator,
    request: Option<RequestValues<'_>>,
    values: &[PolicyValue],
) -> bool {
    if operator.family == Family::Null {
        let absent = request.is_none_or(|r| match r {
            RequestValues::Many(vs) => vs.is_empty(),
            RequestValues::One(_) => false,
        });
        return values
            .iter()
            .any(|v| matches!(v, PolicyValue::Bool(b) if *b == absent));
    }
    let Some(request) = request else {
        if operator.if_exists {
            return true;
        }
        return match operator.set {
            SetQualifier::ForAllValues => true,
            SetQualifier::ForAnyValue => false,
            SetQualifier::Single => operator.negated,
        };
    };
    let family = operator.family;
    let matches_policy = |r: &str| values.iter().any(|v| v.matches(family, r));
    match (operator.set, operator.negated) {
        (SetQualifier::Single, false) | (SetQualifier::ForAnyValue, false) => {
            request.any(matches_policy)
        }
        (SetQualifier::Single, true) => !request.any(matches_policy),
        (SetQualifier::ForAnyValue, true) => request.any(|r| !matches_policy(r)),
        (SetQualifier::ForAllValues, false) => request.all(matches_policy),
        (SetQualifier::ForAllValues, true) => request.all(|r| !matches_policy(r)),
    }
}

/// An ARN pattern matched segment by segment (`arn:partition:service:region:account:resource`),
/// so that a wildcard never spans the `:` between the first five segments
/// (`reference_policies_elements_resource`: wildcards "within the individual segments").
#[derive(Debug, Clone)]
pub enum ArnPattern {
    /// Not shaped like an ARN (e.g. `*`): matched as one glob.
    Whole(Pattern),
    /// `arn:...` with six segments, each its own glob.
    Segments(Box<[Pattern; 6]>),
}

impl ArnPattern {
    pub fn new(text: &str) -> ArnPattern {
        ArnPattern::from_parts(
            || Pattern::new(text),
            split_arn(text).map(|s| s.map(Pattern::new)),
        )
    }

    /// From the ARN's segments when it has six, else from the whole text. A segmented pattern
    /// starts with the literal `arn` and five `:`, so it can only match text that splits too.
    pub fn from_parts(
        whole: impl FnOnce() -> Pattern,
        segments: Option<[Pattern; 6]>,
    ) -> ArnPattern {
        match segments {
            Some(segments) => ArnPattern::Segments(Box::new(segments)),
            None => ArnPattern::Whole(whole()),
        }
    }

    pub fn matches(&self, arn: &str) -> bool {
        self.matches_split(arn, split_arn(arn).as_ref())
    }

    /// Like [`ArnPattern::matches`], with the ARN already split (once per request).
    pub fn matches_split(&self, arn: &str, parts: Option<&[&str; 6]>) -> bool {
        match (self, parts) {
            (ArnPattern::Whole(pattern), _) => pattern.matches(arn),
            (ArnPattern::Segments(patterns), Some(parts)) => {
                patterns.iter().zip(parts).all(|(p, s)| p.matches(s))
            }
            (ArnPattern::Segments(_), None) => false,
        }
    }
}

/// Splits an ARN into its six segments (the last keeps any further `:`).
pub fn split_arn(arn: &str) -> Option<[&str; 6]> {
    if !arn.starts_with("arn:") {
        return None;
    }
    // Byte scan rather than `splitn`: this runs once per decision.
    let bytes = arn.as_bytes();
    let mut cuts = [0usize; 5];
    let mut found = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b':' {
            cuts[found] = i;
            found += 1;
            if found == 5 {
                break;
            }
        }
    }
    if found < 5 {
        return None;
    }
    Some([
        &arn[..cuts[0]],
        &arn[cuts[0] + 1..cuts[1]],
        &arn[cuts[1] + 1..cuts[2]],
        &arn[cuts[2] + 1..cuts[3]],
        &arn[cuts[3] + 1..cuts[4]],
        &arn[cuts[4] + 1..],
    ])
}

/// An IPv4 or IPv6 network in CIDR notation (a bare address is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNetwork {
    address: IpAddr,
    prefix: u8,
}

impl IpNetwork {
    pub fn parse(text: &str) -> Option<IpNetwork> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNetwork { address, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// ISO 8601 (`2026-11-22`, `2026-11-22T13:00:00Z`, with fractions or `±hh:mm` offsets) or
/// seconds since the epoch, as IAM's date operators accept them.
pub fn parse_date(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(epoch) = text.parse::<f64>() {
        return Some(epoch);
    }
    let (date, time) = match text.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut fields = clock.splitn(3, ':');
        let hour: f64 = fields.next()?.parse().ok()?;
        let minute: f64 = fields.next().map_or(Some(0.0), |m| m.parse().ok())?;
        let second: f64 = fields.next().map_or(Some(0.0), |s| s.parse().ok())?;
        if hour >= 24.0 || minute >= 60.0 || second >= 61.0 {
            return None;
        }
        seconds += hour * 3600.0 + minute * 60.0 + second - offset;
    }
    Some(seconds)
}

/// Splits `13:00:00+02:00` into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, f64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0.0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let sign = if time.as_bytes()[i] == b'-' {
                -1.0
            } else {
                1.0
            };
            let (h, m) = time[i + 1..]
                .split_once(':')
                .unwrap_or((&time[i + 1..], "0"));
            let offset = h.parse::<f64>().ok()? * 3600.0 + m.parse::<f64>().ok()? * 60.0;
            Some((&time[..i], sign * offset))
        }
        None => Some((time, 0.0)),
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(text: &str) -> Operator {
        Operator::parse(text).expect(text)
    }

    fn prepare(family: Family, values: &[&str]) -> Vec<PolicyValue> {
        values
            .iter()
            .map(|v| PolicyValue::prepare(family, v, || Pattern::new(v)))
            .collect()
    }

    fn check(operator: &str, request: Option<&[&str]>, values: &[&str]) -> bool {
        let operator = op(operator);
        let owned: Option<Vec<String>> = request.map(|r| r.iter().map(|s| s.to_string()).collect());
        let request = owned.as_deref().map(RequestValues::Many);
        holds(operator, request, &prepare(operator.family, values))
    }

    #[test]
    fn operator_names_parse_with_prefixes_and_if_exists() {
        let o = op("ForAnyValue:StringNotLikeIfExists");
        assert_eq!(
            (o.family, o.negated, o.if_exists, o.set),
            (Family::StringLike, true, true, SetQualifier::ForAnyValue)
        );
        assert!(
            Operator::parse("NullIfExists").is_none(),
            "Null takes no IfExists"
        );
        assert!(Operator::parse("StringEqualz").is_none());
    }

    #[test]
    fn missing_key_is_a_mismatch_for_positive_operators() {
        assert!(!check("Bool", None, &["false"]));
        assert!(!check("StringEquals", None, &["x"]));
    }

    #[test]
    fn missing_key_makes_if_exists_true() {
        assert!(check("BoolIfExists", None, &["false"]));
        assert!(check("StringEqualsIfExists", None, &["x"]));
    }

    #[test]
    fn missing_key_matches_negated_operators() {
        assert!(check("StringNotEquals", None, &["x"]));
        assert!(check("ArnNotLike", None, &["arn:*"]));
    }

    #[test]
    fn null_true_matches_only_an_absent_key() {
        assert!(check("Null", None, &["true"]));
        assert!(!check("Null", Some(&["false"]), &["true"]));
        assert!(check("Null", Some(&["false"]), &["false"]));
    }

    #[test]
    fn values_of_one_key_are_ored() {
        assert!(check("StringEquals", Some(&["b"]), &["a", "b"]));
        assert!(!check("StringNotEquals", Some(&["b"]), &["a", "b"]));
        assert!(check("StringNotEquals", Some(&["c"]), &["a", "b"]));
    }

    #[test]
    fn set_qualifiers_follow_any_and_all() {
        assert!(check(
            "ForAnyValue:StringEquals",
            Some(&["a", "z"]),
            &["a", "b"]
        ));
        assert!(!check(
            "ForAllValues:StringEquals",
            Some(&["a", "z"]),
            &["a", "b"]
        ));
        assert!(check(
            "ForAllValues:StringEquals",
            Some(&["a", "b"]),
            &["a", "b"]
        ));
        assert!(
            check("ForAllValues:StringEquals", None, &["a"]),
            "absent → true"
        );
        assert!(
            !check("ForAnyValue:StringEquals", None, &["a"]),
            "absent → false"
        );
        assert!(
            check("ForAllValues:StringEquals", Some(&[]), &["a"]),
            "empty → true"
        );
    }

    #[test]
    fn string_families() {
        assert!(check(
            "StringEqualsIgnoreCase",
            Some(&["CodeCommit"]),
            &["codecommit"]
        ));
        assert!(!check(
            "StringEquals",
            Some(&["CodeCommit"]),
            &["codecommit"]
        ));
        assert!(check("StringLike", Some(&["team-a"]), &["team-*"]));
        assert!(check("StringNotLike", Some(&["ops"]), &["team-*"]));
    }

    #[test]
    fn numeric_date_bool_binary_ip_and_arn_families() {
        assert!(check("NumericLessThan", Some(&["3599"]), &["3600"]));
        assert!(!check("NumericLessThan", Some(&["3600"]), &["3600"]));
        assert!(check(
            "NumericGreaterThanEquals",
            Some(&["3600"]),
            &["3600"]
        ));
        assert!(!check("NumericEquals", Some(&["abc"]), &["1"]));
        assert!(check(
            "DateLessThan",
            Some(&["2026-11-22T12:00:00Z"]),
            &["2026-11-22T13:00:00+00:00"]
        ));
        assert!(check(
            "DateEquals",
            Some(&["1763812800"]),
            &["2025-11-22T12:00:00Z"]
        ));
        assert!(check("Bool", Some(&["TRUE"]), &["true"]));
        assert!(check("BinaryEquals", Some(&["QmluYXJ5"]), &["QmluYXJ5"]));
        assert!(check(
            "IpAddress",
            Some(&["203.0.113.7"]),
            &["203.0.113.0/24"]
        ));
        assert!(check(
            "NotIpAddress",
            Some(&["198.51.100.1"]),
            &["203.0.113.0/24"]
        ));
        assert!(check(
            "IpAddress",
            Some(&["2001:db8::1"]),
            &["2001:db8::/32"]
        ));
        assert!(check(
            "ArnLike",
            Some(&["arn:aws:iam::123456789012:user/alice"]),
            &["arn:aws:iam::*:user/*"]
        ));
        assert!(check(
            "ArnEquals",
            Some(&["arn:aws:iam::123456789012:user/alice"]),
            &["arn:aws:iam::*:user/alice"]
        ));
        assert!(!check(
            "ArnLike",
            Some(&["arn:aws:iam::123456789012:user/alice"]),
            &["arn:aws:s3:::*"]
        ));
    }

    #[test]
    fn arns_split_into_six_segments_the_last_keeping_its_colons() {
        assert_eq!(
            split_arn("arn:aws:iam::1:user/a:b"),
            Some(["arn", "aws", "iam", "", "1", "user/a:b"])
        );
        assert_eq!(split_arn("arn:aws:iam::1"), None);
        assert_eq!(split_arn("*"), None);
        assert_eq!(split_arn("arnx:a:b:c:d:e"), None);
    }

    #[test]
    fn arn_wildcards_stay_within_their_segment() {
        let pattern = ArnPattern::new("arn:aws:iam::*:user/a*");
        assert!(!pattern.matches("arn:aws:iam::1:b:user/alice"));
        let pattern = ArnPattern::new("arn:aws:iam::*:user/*");
        assert!(pattern.matches("arn:aws:iam::123456789012:user/eng/alice"));
    }
}
