//! Random but grammatical policies and requests for the evaluator's property tests, drawn from
//! small pools so that statements match requests often. Shared by `evaluator_laws.rs` and
//! `differential_iam_rs.rs`.
//!
//! A generated policy is kept in its own plain form ([`GenPolicy`]) so that a test can look at
//! it independently of the crate's parser, and rendered to JSON for the crate under test.

use iamself_tui::policy::engine::{CompiledPolicy, Mfa, Principal, Request};
use iamself_tui::policy::model::catalog::Catalog;
use iamself_tui::policy::model::document::{self, Policy};
use iamself_tui::policy::output::export;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

pub const ACCOUNT: &str = "123456789012";
pub const USERNAME: &str = "alice";

pub const OWN_USER: &str = "arn:aws:iam::123456789012:user/alice";
pub const OWN_USER_WITH_PATH: &str = "arn:aws:iam::123456789012:user/engineering/alice";
pub const OTHER_USER: &str = "arn:aws:iam::123456789012:user/bob";
pub const OWN_MFA: &str = "arn:aws:iam::123456789012:mfa/alice";
/// Another user whose name differs from the principal's only in case (ARNs are case-sensitive).
pub const SHOUTING_USER: &str = "arn:aws:iam::123456789012:user/ALICE";
/// What `user/${...}` becomes when a variable without value is replaced by empty text: the
/// probe for "a resource with a variable that has no value matches nothing".
pub const NAMELESS_USER: &str = "arn:aws:iam::123456789012:user/";
/// A resource whose account segment a segment-final `*` must cross a colon to cover.
pub const COLON_IN_ACCOUNT: &str = "arn:aws:iam::1234:56789012:user/alice";
/// The own user's ARN with partition and service in upper case.
pub const SHOUTING_SERVICE: &str = "ARN:AWS:IAM::123456789012:user/alice";

/// Catalog actions of the self-management world: user-scoped, mfa-scoped, optional-resource
/// and wildcard-only ones, plus one escalation action.
pub const CATALOG_ACTIONS: &[&str] = &[
    "iam:ChangePassword",
    "iam:GetUser",
    "iam:CreateAccessKey",
    "iam:DeleteAccessKey",
    "iam:ListAccessKeys",
    "iam:UpdateAccessKey",
    "iam:GetAccessKeyLastUsed",
    "iam:CreateVirtualMFADevice",
    "iam:DeleteVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:DeactivateMFADevice",
    "iam:ResyncMFADevice",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ListUsers",
    "iam:GetAccountPasswordPolicy",
    "iam:GetLoginProfile",
    "iam:AttachUserPolicy",
    "sts:GetSessionToken",
];

/// Wildcard patterns and odd spellings an author may write in `Action`/`NotAction`.
pub const ACTION_PATTERNS: &[&str] = &[
    "iam:*",
    "iam:*AccessKey*",
    "iam:List*",
    "*",
    "iam:?etUser",
    "IAM:changepassword",
];

pub const NON_IAM_ACTION: &str = "s3:ListAllMyBuckets";

pub const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:iam::*:user/${aws:username}",
    "arn:aws:iam::*:user/*/${aws:username}",
    "arn:aws:iam::123456789012:user/bob",
    "arn:aws:iam::*:mfa/*",
    "arn:aws:iam::*:user/*",
    "arn:aws:iam::*:user/${aws:PrincipalTag/team}",
    // §7.2 and §7.6: variables before the fifth colon; a mid-segment `*` (stays in its
    // segment) and segment-final ones (cross colons); upper-case partition and service.
    "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}",
    "arn:aws:iam::1234*2:user/*",
    "arn:AWS:IAM::*:user/alice",
];

/// Resources only the laws test draws: iam-rs refuses a policy ARN with fewer than six parts.
const BASIC_ONLY_RESOURCES: &[&str] = &["arn:aws:*:user/alice"];

/// Every action a statement may name.
pub fn statement_actions() -> Vec<&'static str> {
    let mut all = CATALOG_ACTIONS.to_vec();
    all.extend_from_slice(ACTION_PATTERNS);
    all.push(NON_IAM_ACTION);
    all
}

/// Every action a request may ask about.
pub fn request_actions() -> Vec<&'static str> {
    let mut all = CATALOG_ACTIONS.to_vec();
    all.push(NON_IAM_ACTION);
    all
}

/// A condition value as JSON may spell it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CondValue {
    Text(&'static str),
    Bool(bool),
    Number(i64),
}

impl CondValue {
    /// The value as IAM reads it: every scalar is compared as text.
    pub fn text(self) -> String {
        match self {
            CondValue::Text(t) => t.to_owned(),
            CondValue::Bool(b) => b.to_string(),
            CondValue::Number(n) => n.to_string(),
        }
    }

    fn json(self) -> Value {
        match self {
            CondValue::Text(t) => Value::from(t),
            CondValue::Bool(b) => Value::from(b),
            CondValue::Number(n) => Value::from(n),
        }
    }
}

#[derive(Debug)]
struct ConditionTemplate {
    operator: &'static str,
    key: &'static str,
    values: &'static [CondValue],
}

const MFA_BOOLS: &[CondValue] = &[
    CondValue::Bool(true),
    CondValue::Bool(false),
    CondValue::Text("true"),
    CondValue::Text("false"),
];
const USERNAMES: &[CondValue] = &[
    CondValue::Text("alice"),
    CondValue::Text("bob"),
    CondValue::Text("${aws:username}"),
];
const REGIONS: &[CondValue] = &[CondValue::Text("eu-west-1"), CondValue::Text("us-east-1")];

/// The conditions of the brief's pool, which the naive reference model knows.
const BASIC_CONDITIONS: &[ConditionTemplate] = &[
    ConditionTemplate {
        operator: "Bool",
        key: "aws:MultiFactorAuthPresent",
        values: MFA_BOOLS,
    },
    ConditionTemplate {
        operator: "BoolIfExists",
        key: "aws:MultiFactorAuthPresent",
        values: MFA_BOOLS,
    },
    ConditionTemplate {
        operator: "Null",
        key: "aws:MultiFactorAuthPresent",
        values: MFA_BOOLS,
    },
    ConditionTemplate {
        operator: "StringEquals",
        key: "aws:username",
        values: USERNAMES,
    },
    ConditionTemplate {
        operator: "StringNotEquals",
        key: "aws:username",
        values: USERNAMES,
    },
    ConditionTemplate {
        operator: "StringLike",
        key: "aws:username",
        values: &[CondValue::Text("al*"), CondValue::Text("b?b")],
    },
    ConditionTemplate {
        operator: "StringEquals",
        key: "aws:RequestedRegion",
        values: REGIONS,
    },
    ConditionTemplate {
        operator: "StringNotEquals",
        key: "aws:RequestedRegion",
        values: REGIONS,
    },
    ConditionTemplate {
        operator: "StringLike",
        key: "aws:RequestedRegion",
        values: &[CondValue::Text("eu-*"), CondValue::Text("us-*")],
    },
    ConditionTemplate {
        operator: "NumericLessThan",
        key: "aws:MultiFactorAuthAge",
        // §7.1: a variable in a Numeric value is literal text.
        values: &[
            CondValue::Text("3600"),
            CondValue::Number(3600),
            CondValue::Text("${aws:MultiFactorAuthAge}"),
        ],
    },
    // §7.4: a principal key given in the request context; §7.5: non-ASCII text.
    ConditionTemplate {
        operator: "StringEquals",
        key: "aws:PrincipalTag/team",
        values: &[
            CondValue::Text("ops"),
            CondValue::Text("${aws:PrincipalTag/team}"),
        ],
    },
    ConditionTemplate {
        operator: "StringEqualsIgnoreCase",
        key: "aws:PrincipalTag/team",
        values: &[CondValue::Text("ÉQUIPE-Ω"), CondValue::Text("OPS")],
    },
];

/// Further operators both this crate and iam-rs implement, for the differential test: the
/// other string, numeric, date, IP, ARN families and the set qualifiers.
const WIDE_EXTRA_CONDITIONS: &[ConditionTemplate] = &[
    ConditionTemplate {
        operator: "StringEqualsIgnoreCase",
        key: "aws:username",
        values: &[CondValue::Text("ALICE"), CondValue::Text("Bob")],
    },
    ConditionTemplate {
        operator: "StringNotLike",
        key: "aws:RequestedRegion",
        values: &[CondValue::Text("eu-*"), CondValue::Text("*-east-?")],
    },
    ConditionTemplate {
        operator: "StringEqualsIfExists",
        key: "aws:RequestedRegion",
        values: REGIONS,
    },
    ConditionTemplate {
        operator: "NumericGreaterThanEquals",
        key: "aws:MultiFactorAuthAge",
        values: &[CondValue::Text("3600"), CondValue::Number(120)],
    },
    ConditionTemplate {
        operator: "NumericNotEquals",
        key: "aws:MultiFactorAuthAge",
        values: &[CondValue::Text("120")],
    },
    ConditionTemplate {
        operator: "IpAddress",
        key: "aws:SourceIp",
        values: &[
            CondValue::Text("203.0.113.0/24"),
            CondValue::Text("2001:db8::/32"),
        ],
    },
    ConditionTemplate {
        operator: "NotIpAddress",
        key: "aws:SourceIp",
        values: &[CondValue::Text("203.0.113.0/24")],
    },
    ConditionTemplate {
        operator: "DateLessThan",
        key: "aws:CurrentTime",
        values: &[
            CondValue::Text("2026-01-01T00:00:00Z"),
            CondValue::Text("2027-01-01T00:00:00Z"),
        ],
    },
    ConditionTemplate {
        operator: "DateGreaterThan",
        key: "aws:CurrentTime",
        values: &[CondValue::Text("2026-01-01T00:00:00Z")],
    },
    ConditionTemplate {
        operator: "ForAnyValue:StringEquals",
        key: "aws:TagKeys",
        values: &[CondValue::Text("team"), CondValue::Text("cost")],
    },
    ConditionTemplate {
        operator: "ForAllValues:StringLike",
        key: "aws:TagKeys",
        values: &[CondValue::Text("t*"), CondValue::Text("o*")],
    },
    ConditionTemplate {
        operator: "StringNotEquals",
        key: "aws:TagKeys",
        values: &[CondValue::Text("team")],
    },
    ConditionTemplate {
        operator: "ForAnyValue:StringNotEquals",
        key: "aws:TagKeys",
        values: &[CondValue::Text("team"), CondValue::Text("owner")],
    },
    ConditionTemplate {
        operator: "DateEquals",
        key: "aws:CurrentTime",
        values: &[
            CondValue::Text("2026-11-22T12:00:00Z"),
            CondValue::Text("1795348800"),
        ],
    },
    ConditionTemplate {
        operator: "ArnEquals",
        key: "aws:PrincipalArn",
        values: &[
            CondValue::Text("arn:aws:iam::123456789012:user/alice"),
            CondValue::Text("arn:aws:iam::*:user/alice"),
        ],
    },
    ConditionTemplate {
        operator: "ArnLike",
        key: "aws:PrincipalArn",
        values: &[
            CondValue::Text("arn:aws:iam::*:user/alice"),
            CondValue::Text("arn:aws:iam::*:user/b*"),
        ],
    },
];

/// Which conditions statements may carry, and which context keys requests may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// The brief's pool: MFA flag, user name, region, MFA age.
    Basic,
    /// The basic pool and [`WIDE_EXTRA_CONDITIONS`], with source IP, time and tag keys in the
    /// request context.
    Wide,
}

/// Further resource spellings for the wide pool: a variable default and a `?` wildcard.
const WIDE_EXTRA_RESOURCES: &[&str] = &[
    "arn:aws:iam::*:user/${aws:PrincipalTag/team, 'alice'}",
    "arn:aws:iam::*:user/al?ce",
];

impl Pool {
    fn resources(self) -> Vec<&'static str> {
        let mut all = RESOURCE_PATTERNS.to_vec();
        match self {
            Pool::Basic => all.extend_from_slice(BASIC_ONLY_RESOURCES),
            Pool::Wide => all.extend_from_slice(WIDE_EXTRA_RESOURCES),
        }
        all
    }

    fn conditions(self) -> Vec<&'static ConditionTemplate> {
        let mut all: Vec<&'static ConditionTemplate> = BASIC_CONDITIONS.iter().collect();
        if self == Pool::Wide {
            all.extend(WIDE_EXTRA_CONDITIONS.iter());
        }
        all
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenCondition {
    pub operator: &'static str,
    /// As written; sometimes lower-cased (condition key names are case-insensitive).
    pub key: String,
    pub values: Vec<CondValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenEffect {
    Allow,
    Deny,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct GenMatcher {
    pub negated: bool,
    pub values: Vec<&'static str>,
    /// Written as an array even when it holds one value.
    pub as_list: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenStatement {
    pub sid: Option<String>,
    pub effect: GenEffect,
    pub action: GenMatcher,
    pub resource: GenMatcher,
    pub conditions: Vec<GenCondition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenPolicy {
    /// `None`: no `Version` element.
    pub version: Option<&'static str>,
    pub statements: Vec<GenStatement>,
}

impl GenMatcher {
    fn json(&self) -> Value {
        if self.values.len() == 1 && !self.as_list {
            Value::from(self.values[0])
        } else {
            Value::from(self.values.clone())
        }
    }
}

impl GenStatement {
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        if let Some(sid) = &self.sid {
            object.insert("Sid".into(), Value::from(sid.as_str()));
        }
        let effect = match self.effect {
            GenEffect::Allow => "Allow",
            GenEffect::Deny => "Deny",
        };
        object.insert("Effect".into(), Value::from(effect));
        let action = if self.action.negated {
            "NotAction"
        } else {
            "Action"
        };
        object.insert(action.into(), self.action.json());
        let resource = if self.resource.negated {
            "NotResource"
        } else {
            "Resource"
        };
        object.insert(resource.into(), self.resource.json());
        if !self.conditions.is_empty() {
            let mut block: Map<String, Value> = Map::new();
            for condition in &self.conditions {
                let entry = block
                    .entry(condition.operator)
                    .or_insert_with(|| Value::Object(Map::new()));
                let values = match condition.values.as_slice() {
                    [one] => one.json(),
                    // Arrays hold strings only (the common spelling, and the one every parser
                    // accepts).
                    many => Value::from(many.iter().map(|v| v.text()).collect::<Vec<_>>()),
                };
                if let Value::Object(keys) = entry {
                    keys.insert(condition.key.clone(), values);
                }
            }
            object.insert("Condition".into(), Value::Object(block));
        }
        Value::Object(object)
    }
}

impl GenPolicy {
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        if let Some(version) = self.version {
            object.insert("Version".into(), Value::from(version));
        }
        let statements: Vec<Value> = self.statements.iter().map(GenStatement::to_json).collect();
        object.insert("Statement".into(), Value::from(statements));
        Value::Object(object)
    }

    pub fn pretty(&self) -> String {
        export::to_pretty_json(&self.to_json())
    }

    /// Parsed by the crate's own parser; generated policies are always grammatical.
    pub fn parse(&self) -> Policy {
        let text = self.pretty();
        document::parse(&text)
            .unwrap_or_else(|e| panic!("a generated policy must parse: {e}\n{text}"))
    }

    pub fn compile(&self, principal: &GenPrincipal) -> CompiledPolicy {
        CompiledPolicy::compile(&self.parse(), &principal.principal())
    }

    /// The policy with only the statements whose indices are given, in that order.
    pub fn with_statements(&self, indices: &[usize]) -> GenPolicy {
        GenPolicy {
            version: self.version,
            statements: indices
                .iter()
                .map(|&i| self.statements[i].clone())
                .collect(),
        }
    }
}

/// The requesting user: `alice`, with or without a `team` tag.
#[derive(Debug, Clone, PartialEq)]
pub struct GenPrincipal {
    pub team_tag: Option<&'static str>,
}

impl GenPrincipal {
    pub fn principal(&self) -> Principal {
        let mut principal = Principal::user(USERNAME, ACCOUNT);
        if let Some(team) = self.team_tag {
            principal.tags.push(("team".to_owned(), team.to_owned()));
        }
        principal
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenRequest {
    pub action: &'static str,
    pub resource: &'static str,
    pub mfa: Mfa,
    /// `aws:RequestedRegion` and `aws:MultiFactorAuthAge` when present.
    pub context: Vec<(String, Vec<String>)>,
}

impl GenRequest {
    pub fn request(&self) -> Request<'_> {
        Request {
            action: self.action,
            resource: self.resource,
            mfa: self.mfa,
            context: &self.context,
        }
    }

    /// The request's value for a context key (not the MFA flag), matched case-insensitively.
    pub fn context_value(&self, key: &str) -> Option<&[String]> {
        self.context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_slice())
    }
}

/// Whether the catalog says the action takes no resource type (evaluated against `*`).
pub fn wildcard_resource_only(action: &str) -> bool {
    Catalog::get()
        .find(action)
        .is_some_and(|a| a.wildcard_resource_only())
}

fn condition(pool: Pool) -> impl Strategy<Value = GenCondition> {
    (select(pool.conditions()), any::<bool>()).prop_flat_map(|(template, lower_key)| {
        let key = if lower_key {
            template.key.to_ascii_lowercase()
        } else {
            template.key.to_owned()
        };
        prop::collection::vec(select(template.values), 1..=2).prop_map(move |values| GenCondition {
            operator: template.operator,
            key: key.clone(),
            values,
        })
    })
}

fn matcher(pool: Vec<&'static str>) -> impl Strategy<Value = GenMatcher> {
    (
        prop::bool::weighted(0.25),
        prop::collection::vec(select(pool), 1..=3),
        any::<bool>(),
    )
        .prop_map(|(negated, values, as_list)| GenMatcher {
            negated,
            values,
            as_list,
        })
}

pub fn effect() -> impl Strategy<Value = GenEffect> {
    prop_oneof![Just(GenEffect::Allow), Just(GenEffect::Deny)]
}

/// One statement; the Sid is left for the policy to assign (Sids must be unique).
pub fn statement(pool: Pool) -> impl Strategy<Value = GenStatement> {
    (
        effect(),
        matcher(statement_actions()),
        matcher(pool.resources()),
        prop::collection::vec(condition(pool), 0..=2),
    )
        .prop_map(|(effect, action, resource, conditions)| {
            let mut unique: Vec<GenCondition> = Vec::new();
            for c in conditions {
                // One JSON object cannot hold the same operator/key pair twice.
                if !unique
                    .iter()
                    .any(|u| u.operator == c.operator && u.key == c.key)
                {
                    unique.push(c);
                }
            }
            GenStatement {
                sid: None,
                effect,
                action,
                resource,
                conditions: unique,
            }
        })
}

/// A policy of 1–6 statements with one of the given `Version` values.
pub fn policy(
    versions: &'static [Option<&'static str>],
    pool: Pool,
) -> impl Strategy<Value = GenPolicy> {
    (
        select(versions),
        prop::collection::vec((statement(pool), any::<bool>()), 1..=6),
    )
        .prop_map(|(version, statements)| GenPolicy {
            version,
            statements: statements
                .into_iter()
                .enumerate()
                .map(|(i, (mut statement, named))| {
                    statement.sid = named.then(|| format!("S{i}"));
                    statement
                })
                .collect(),
        })
}

pub const ANY_VERSION: &[Option<&str>] = &[Some("2012-10-17"), Some("2008-10-17"), None];

pub fn principal() -> impl Strategy<Value = GenPrincipal> {
    select(vec![None, Some("alice"), Some("ops")]).prop_map(|team_tag| GenPrincipal { team_tag })
}

pub fn mfa() -> impl Strategy<Value = Mfa> {
    select(Mfa::ALL.to_vec())
}

fn context(pool: Pool) -> impl Strategy<Value = Vec<(String, Vec<String>)>> {
    let wide = pool == Pool::Wide;
    // Keys outside the basic pool are drawn always and kept only for the wide pool.
    let maybe = move |values: Vec<Vec<&'static str>>| {
        prop::option::of(select(values)).prop_map(move |v| v.filter(|_| wide))
    };
    (
        prop::option::of(select(vec!["eu-west-1", "us-east-1", "ap-south-1"])),
        prop::option::of(select(vec!["120", "7200"])),
        maybe(vec![
            vec!["203.0.113.7"],
            vec!["198.51.100.1"],
            vec!["2001:db8::1"],
        ]),
        maybe(vec![
            vec!["2026-11-22T12:00:00Z"],
            vec!["2025-06-01T08:30:00Z"],
        ]),
        maybe(vec![
            vec![],
            vec!["team"],
            vec!["team", "owner"],
            vec!["cost"],
        ]),
        // §7.3/§7.4: the principal's team tag given in the request, one value or a list.
        prop::option::of(select(vec![
            vec!["ops"],
            vec!["équipe-ω"],
            vec!["ops", "dev"],
            vec![""],
        ])),
    )
        .prop_map(|(region, age, ip, time, tag_keys, team)| {
            let mut context = Vec::new();
            let mut add = |key: &str, values: Vec<&str>| {
                context.push((
                    key.to_owned(),
                    values.into_iter().map(str::to_owned).collect(),
                ));
            };
            if let Some(region) = region {
                add("aws:RequestedRegion", vec![region]);
            }
            if let Some(age) = age {
                add("aws:MultiFactorAuthAge", vec![age]);
            }
            if let Some(ip) = ip {
                add("aws:SourceIp", ip);
            }
            if let Some(time) = time {
                add("aws:CurrentTime", time);
            }
            if let Some(keys) = tag_keys {
                add("aws:TagKeys", keys);
            }
            if let Some(team) = team {
                add("aws:PrincipalTag/team", team);
            }
            context
        })
}

/// A request for one of the given actions on one of the given resources.
pub fn request(
    actions: Vec<&'static str>,
    resources: &'static [&'static str],
    pool: Pool,
) -> impl Strategy<Value = GenRequest> {
    (select(actions), select(resources), mfa(), context(pool)).prop_map(
        |(action, resource, mfa, context)| GenRequest {
            action,
            resource,
            mfa,
            context,
        },
    )
}

pub const ANY_RESOURCE: &[&str] = &[
    OWN_USER,
    OWN_USER_WITH_PATH,
    OTHER_USER,
    OWN_MFA,
    SHOUTING_USER,
    NAMELESS_USER,
    COLON_IN_ACCOUNT,
    SHOUTING_SERVICE,
    "*",
];

/// Several requests to put to one policy.
pub fn requests(
    actions: Vec<&'static str>,
    resources: &'static [&'static str],
    pool: Pool,
) -> impl Strategy<Value = Vec<GenRequest>> {
    prop::collection::vec(request(actions, resources, pool), 1..=12)
}
