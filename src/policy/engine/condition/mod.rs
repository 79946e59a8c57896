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
//! - `ForAllValues` "returns true if there are no context keys in the request or if the context
//!   key value resolves to a null dataset, such as an empty string"; `ForAnyValue` is false then
//!   (`reference_policies_condition-single-vs-multi-valued-context-keys`; iam-semantics.md §7.10).
//! - `Null: true` matches exactly when the key has no value.
//! - Policy variables work only in the String and ARN families (§7.1): the others read their
//!   values as written ([`Family::takes_variables`]).
//!
//! Readings where AWS is silent (iam-semantics.md §7, open questions), each chosen so that a
//! Deny never fails open where it can be avoided, and pinned by a test:
//! - A key whose value is a list with no element, or a single empty string, is a *null
//!   dataset*: absent for `Null` (`Null: true` holds), true under `ForAllValues`, false under
//!   `ForAnyValue`. So `[""]` under `ForAllValues` is true. A key with no element at all
//!   (`[]`) is also absent for the plain and `...IfExists` operators.
//!
//! Each family that reads its values (Numeric, Date, Bool and Null, IpAddress, Arn) has one
//! public reader, [`read_value`], shared by the evaluator and lint: a value it cannot read
//! matches nothing here and is a lint error there, so that it never makes a Deny silently
//! inapplicable (§7.8, issue #9 item 4).

mod arn;
mod date;
mod ip;
mod numeric;
mod string;

use std::net::IpAddr;

use crate::policy::engine::pattern::Pattern;

pub use arn::{ArnPattern, lower_case_service_prefix, split_arn};
pub use date::parse_date;
pub use ip::IpNetwork;
pub use numeric::parse_number;
pub use string::equals_ignore_case;

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

impl Family {
    /// Whether `${...}` in this family's values is a policy variable. "You can't use a policy
    /// variable with other operators, such as Numeric, Date, Boolean, Binary, IP Address, or Null
    /// operators" (IAM User Guide, `reference_policies_variables`, "Using variables in
    /// conditions"; iam-semantics.md §7.1): there the text is literal. `Bool` is contested
    /// between two pages; it is treated like the others.
    pub fn takes_variables(self) -> bool {
        matches!(
            self,
            Family::StringEquals
                | Family::StringEqualsIgnoreCase
                | Family::StringLike
                | Family::Arn
        )
    }

    /// What a readable value of this family looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            Family::Numeric(_) => "a number",
            Family::Date(_) => {
                "a W3C ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s]]TZD) or epoch seconds"
            }
            Family::Bool | Family::Null => "true or false",
            Family::IpAddress => "an IPv4 or IPv6 address or CIDR range",
            Family::Arn => "an ARN pattern with six colon-separated components",
            Family::StringEquals
            | Family::StringEqualsIgnoreCase
            | Family::StringLike
            | Family::Binary => "text",
        }
    }
}

/// A policy value prepared for its operator family.
#[derive(Debug, Clone)]
pub enum PolicyValue {
    /// Exact text (StringEquals, StringEqualsIgnoreCase, BinaryEquals).
    Text(String),
    Like(Pattern),
    Number(f64),
    /// Seconds since the Unix epoch.
    Date(f64),
    Bool(bool),
    Network(IpNetwork),
    Arn(ArnPattern),
    /// Matches nothing: a value its family cannot read, or a variable with no value.
    Nothing,
}

/// A condition value its operator family cannot read (a date, number, address, boolean or ARN
/// pattern it does not understand). The message names the value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableValue {
    pub value: String,
    pub expected: &'static str,
}

impl std::fmt::Display for UnreadableValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not {}", self.value, self.expected)
    }
}

/// Reads one condition value, as written in the policy (after variable substitution for the
/// families that take variables), for its operator family. The one reader of each family:
/// the evaluator prepares its values with it and lint reports what it refuses.
pub fn read_value(family: Family, text: &str) -> Result<PolicyValue, UnreadableValue> {
    let unreadable = || UnreadableValue {
        value: text.to_owned(),
        expected: family.expected(),
    };
    match family {
        Family::StringEquals | Family::StringEqualsIgnoreCase | Family::Binary => {
            Ok(PolicyValue::Text(text.to_owned()))
        }
        Family::StringLike => Ok(PolicyValue::Like(Pattern::new(text))),
        Family::Numeric(_) => parse_number(text)
            .map(PolicyValue::Number)
            .ok_or_else(unreadable),
        Family::Date(_) => parse_date(text)
            .map(PolicyValue::Date)
            .ok_or_else(unreadable),
        Family::Bool | Family::Null => parse_bool(text)
            .map(PolicyValue::Bool)
            .ok_or_else(unreadable),
        Family::IpAddress => IpNetwork::parse(text)
            .map(PolicyValue::Network)
            .ok_or_else(unreadable),
        Family::Arn => ArnPattern::new(text)
            .map(PolicyValue::Arn)
            .ok_or_else(unreadable),
    }
}

impl PolicyValue {
    /// [`read_value`], with an unreadable value matching nothing.
    pub fn read_or_nothing(family: Family, text: &str) -> PolicyValue {
        read_value(family, text).unwrap_or(PolicyValue::Nothing)
    }

    /// Whether one request value matches this policy value.
    pub fn matches(&self, family: Family, request: &str) -> bool {
        match (self, family) {
            (PolicyValue::Text(expected), Family::StringEqualsIgnoreCase) => {
                equals_ignore_case(expected, request)
            }
            (PolicyValue::Text(expected), _) => expected == request,
            (PolicyValue::Like(pattern), _) => pattern.matches(request),
            (PolicyValue::Number(expected), Family::Numeric(cmp)) => parse_number(request)
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

    /// A list with no element: the key carries no value at all.
    fn is_empty(self) -> bool {
        matches!(self, RequestValues::Many([]))
    }

    /// No element, or a single empty string: "a null dataset, such as an empty string".
    fn is_null_dataset(self) -> bool {
        match self {
            RequestValues::One(v) => v.is_empty(),
            RequestValues::Many(vs) => matches!(vs, [] | [_]) && vs.iter().all(String::is_empty),
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
        let absent = request.is_none_or(RequestValues::is_null_dataset);
        return values
            .iter()
            .any(|v| matches!(v, PolicyValue::Bool(b) if *b == absent));
    }
    let request = request.filter(|r| !r.is_empty());
    match operator.set {
        SetQualifier::ForAllValues if request.is_none_or(RequestValues::is_null_dataset) => {
            return true;
        }
        SetQualifier::ForAnyValue if request.is_none_or(RequestValues::is_null_dataset) => {
            return operator.if_exists && request.is_none();
        }
        _ => {}
    }
    let Some(request) = request else {
        return operator.if_exists || operator.negated;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn op(text: &str) -> Operator {
        Operator::parse(text).expect(text)
    }

    fn prepare(family: Family, values: &[&str]) -> Vec<PolicyValue> {
        values
            .iter()
            .map(|v| PolicyValue::read_or_nothing(family, v))
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
    fn rule_7_10_for_all_values_on_an_empty_string_is_true() {
        for op in ["ForAllValues:StringEquals", "ForAllValues:StringNotLike"] {
            assert!(check(op, Some(&[""]), &["a"]), "{op}");
            assert!(check(op, Some(&[]), &["a"]), "{op}");
        }
        assert!(!check("ForAnyValue:StringEquals", Some(&[""]), &[""]));
        assert!(!check(
            "ForAllValues:StringEquals",
            Some(&["", "x"]),
            &["a"]
        ));
    }

    #[test]
    fn open_question_null_reads_an_empty_string_and_an_empty_list_as_no_value() {
        for request in [&[][..], &[""][..]] {
            assert!(check("Null", Some(request), &["true"]), "{request:?}");
            assert!(!check("Null", Some(request), &["false"]), "{request:?}");
        }
        assert!(check("Null", Some(&["", ""]), &["false"]));
    }

    #[test]
    fn a_key_with_an_empty_list_is_absent_for_plain_and_if_exists_operators() {
        assert!(check("StringEqualsIfExists", Some(&[]), &["a"]));
        assert!(!check("StringEquals", Some(&[]), &["a"]));
        assert!(check("StringNotEquals", Some(&[]), &["a"]));
    }

    #[test]
    fn read_value_names_the_value_it_cannot_read() {
        let error = read_value(Family::Date(Comparison::Less), "2026-13-01").unwrap_err();
        assert_eq!(error.value, "2026-13-01");
        assert!(
            error.to_string().starts_with("\"2026-13-01\" is not a W3C"),
            "{error}"
        );
        assert!(read_value(Family::Bool, "yes").is_err());
        assert!(read_value(Family::Numeric(Comparison::Equal), "${aws:x}").is_err());
        assert!(read_value(Family::IpAddress, "10.0.0.0/8").is_ok());
        assert!(read_value(Family::Arn, "arn:aws:iam::*").is_err());
        assert!(read_value(Family::StringLike, "${anything}").is_ok());
    }

    #[test]
    fn rule_7_1_only_string_and_arn_families_take_variables() {
        let takes: Vec<bool> = [
            "StringEquals",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "ArnLike",
            "NumericEquals",
            "DateLessThan",
            "Bool",
            "BinaryEquals",
            "IpAddress",
            "Null",
        ]
        .iter()
        .map(|o| op(o).family.takes_variables())
        .collect();
        assert_eq!(
            takes,
            [
                true, true, true, true, false, false, false, false, false, false
            ]
        );
    }
}
