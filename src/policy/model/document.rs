//! The policy document as written: JSON text → [`Policy`], keeping every element the author
//! wrote so that lint can speak about it and the evaluator can compile it.
//!
//! This is the external form (like cedar's `est`): strings are kept verbatim, variables are not
//! resolved and operators are not interpreted; `compile` turns it into the matcher form.
//! Grammar facts follow the IAM JSON policy grammar (IAM User Guide,
//! `reference_policies_grammar`), and the element pages it links to.

use std::fmt;

use serde_json::Value;

pub use crate::input::MAX_POLICY_BYTES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// `Action` or `NotAction`, `Resource` or `NotResource`: the values and whether they are negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    pub negated: bool,
    pub values: Vec<String>,
}

/// One `operator: { key: values }` entry of a `Condition` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// As written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// As written, e.g. `aws:MultiFactorAuthPresent` (key names are case-insensitive).
    pub key: String,
    /// Strings, booleans and numbers, all as their text (`true`, `42`).
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Position in the `Statement` array (0-based).
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub action: Matcher,
    pub resource: Matcher,
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// How findings and decisions name the statement: its Sid, else `#index` (1-based).
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => sid.clone(),
            _ => format!("#{}", self.index + 1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `None` when the document has no `Version` element.
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

impl Policy {
    /// Policy variables are substituted only with `"Version": "2012-10-17"`; otherwise they are
    /// literal text (IAM User Guide, `reference_policies_variables`).
    pub fn variables_enabled(&self) -> bool {
        self.version.as_deref() == Some("2012-10-17")
    }
}

/// Malformed JSON, with the 1-based position serde_json reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid JSON at line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A violation of the policy grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// Statement index (0-based) when the problem is inside a statement.
    pub statement: Option<usize>,
    /// The statement's Sid when it has one.
    pub sid: Option<String>,
    pub message: String,
}

impl GrammarError {
    fn top(message: impl Into<String>) -> Self {
        GrammarError {
            statement: None,
            sid: None,
            message: message.into(),
        }
    }

    /// `Sid` or `#index` or `policy`, as findings name places.
    pub fn place(&self) -> String {
        match (&self.sid, self.statement) {
            (Some(sid), _) if !sid.is_empty() => crate::text::escape_controls(sid),
            (_, Some(i)) => format!("#{}", i + 1),
            _ => "policy".to_owned(),
        }
    }
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.statement {
            Some(_) => write!(f, "statement {}: {}", self.place(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why a text is not a usable policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Json(JsonError),
    Grammar(Vec<GrammarError>),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Json(e) => e.fmt(f),
            ParseError::Grammar(errors) => {
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                match errors.len() {
                    0 | 1 => write!(f, "not a valid IAM policy: {first}"),
                    2 => write!(
                        f,
                        "not a valid IAM policy: {first} (and 1 more problem; run `iamself-tui lint`)"
                    ),
                    n => write!(
                        f,
                        "not a valid IAM policy: {first} (and {} more problems; run `iamself-tui lint`)",
                        n - 1
                    ),
                }
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses JSON text, reporting line and column on failure.
pub fn parse_json(text: &str) -> Result<Value, JsonError> {
    serde_json::from_str(text).map_err(|e| JsonError {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Parses a policy document; any grammar problem makes it unusable.
pub fn parse(text: &str) -> Result<Policy, ParseError> {
    let value = parse_json(text).map_err(ParseError::Json)?;
    let (policy, errors) = from_value(&value);
    match policy {
        Some(policy) if errors.is_empty() => Ok(policy),
        _ => Err(ParseError::Grammar(errors)),
    }
}

const TOP_LEVEL_KEYS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Reads a JSON value as a policy. Returns the policy as far as it could be understood (every
/// well-formed statement) and every grammar error found; a policy is usable only when the error
/// list is empty.
pub fn from_value(value: &Value) -> (Option<Policy>, Vec<GrammarError>) {
    let mut errors = Vec::new();
    let Some(object) = value.as_object() else {
        errors.push(GrammarError::top(
            "the policy must be a JSON object with \"Version\" and \"Statement\"",
        ));
        return (None, errors);
    };
    for key in object.keys() {
        if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
            errors.push(GrammarError::top(format!(
                "unknown top-level element {key:?} (allowed: Version, Id, Statement)"
            )));
        }
    }
    let version = match object.get("Version") {
        None => None,
        Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => Some(v.clone()),
        Some(Value::String(v)) => {
            errors.push(GrammarError::top(format!(
                "\"Version\" must be \"2012-10-17\" (or the old \"2008-10-17\"), not {v:?}"
            )));
            None
        }
        Some(_) => {
            errors.push(GrammarError::top("\"Version\" must be a string"));
            None
        }
    };
    let id = match object.get("Id") {
        None => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(_) => {
            errors.push(GrammarError::top("\"Id\" must be a string"));
            None
        }
    };
    let raw_statements: Vec<&Value> = match object.get("Statement") {
        None => {
            errors.push(GrammarError::top("the policy has no \"Statement\" element"));
            Vec::new()
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        Some(_) => {
            errors.push(GrammarError::top(
                "\"Statement\" must be a statement object or an array of them",
            ));
            Vec::new()
        }
    };
    if matches!(object.get("Statement"), Some(Value::Array(items)) if items.is_empty()) {
        errors.push(GrammarError::top("\"Statement\" is empty"));
    }
    let mut statements = Vec::new();
    for (index, raw) in raw_statements.into_iter().enumerate() {
        if let Some(statement) = statement_from_value(index, raw, &mut errors) {
            statements.push(statement);
        }
    }
    check_unique_sids(&statements, &mut errors);
    let policy = Policy {
        version,
        id,
        statements,
    };
    (Some(policy), errors)
}

fn statement_from_value(
    index: usize,
    raw: &Value,
    errors: &mut Vec<GrammarError>,
) -> Option<Statement> {
    let sid = raw
        .get("Sid")
        .and_then(Value::as_str)
        .map(ToOwned::to_owned);
    let mut fail = |message: String| {
        errors.push(GrammarError {
            statement: Some(index),
            sid: sid.clone(),
            message,
        })
    };
    let Some(object) = raw.as_object() else {
        fail("a statement must be a JSON object".to_owned());
        return None;
    };
    let mut broken = false;
    for key in object.keys() {
        if !STATEMENT_KEYS.contains(&key.as_str()) {
            fail(format!(
                "unknown element {key:?} (allowed: Sid, Effect, Action/NotAction, Resource/NotResource, Condition)"
            ));
            broken = true;
        }
    }
    if object.contains_key("Principal") || object.contains_key("NotPrincipal") {
        fail("an identity-based policy cannot have \"Principal\" or \"NotPrincipal\"".to_owned());
        broken = true;
    }
    match object.get("Sid") {
        None => {}
        Some(Value::String(s)) if s.chars().all(|c| c.is_ascii_alphanumeric()) => {}
        Some(Value::String(s)) => {
            fail(format!(
                "invalid Sid {s:?}: IAM accepts only letters A-Z, a-z and digits 0-9"
            ));
            broken = true;
        }
        Some(_) => {
            fail("\"Sid\" must be a string".to_owned());
            broken = true;
        }
    }
    let effect = match object.get("Effect") {
        Some(Value::String(e)) if e == "Allow" => Some(Effect::Allow),
        Some(Value::String(e)) if e == "Deny" => Some(Effect::Deny),
        Some(Value::String(e)) => {
            fail(format!(
                "\"Effect\" must be \"Allow\" or \"Deny\", not {e:?}"
            ));
            None
        }
        Some(_) => {
            fail("\"Effect\" must be the string \"Allow\" or \"Deny\"".to_owned());
            None
        }
        None => {
            fail("missing \"Effect\"".to_owned());
            None
        }
    };
    let action = pair(object, "Action", "NotAction", &mut fail);
    let resource = pair(object, "Resource", "NotResource", &mut fail);
    if let Some(action) = &action {
        for value in &action.values {
            if let Some(problem) = action_syntax_problem(value) {
                fail(problem);
                broken = true;
            }
        }
    }
    let conditions = match object.get("Condition") {
        None => Some(Vec::new()),
        Some(value) => conditions_from_value(value, &mut fail),
    };
    if broken {
        return None;
    }
    Some(Statement {
        index,
        sid,
        effect: effect?,
        action: action?,
        resource: resource?,
        conditions: conditions?,
    })
}

fn pair(
    object: &serde_json::Map<String, Value>,
    plain: &str,
    negated: &str,
    fail: &mut impl FnMut(String),
) -> Option<Matcher> {
    match (object.get(plain), object.get(negated)) {
        (Some(_), Some(_)) => {
            fail(format!(
                "\"{plain}\" and \"{negated}\" cannot both be present"
            ));
            None
        }
        (None, None) => {
            fail(format!("missing \"{plain}\" (or \"{negated}\")"));
            None
        }
        (Some(value), None) => string_list(value, plain, fail).map(|values| Matcher {
            negated: false,
            values,
        }),
        (None, Some(value)) => string_list(value, negated, fail).map(|values| Matcher {
            negated: true,
            values,
        }),
    }
}

fn string_list(value: &Value, element: &str, fail: &mut impl FnMut(String)) -> Option<Vec<String>> {
    let values = match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => values.push(s.clone()),
                    _ => {
                        fail(format!("\"{element}\" must contain only strings"));
                        return None;
                    }
                }
            }
            values
        }
        _ => {
            fail(format!(
                "\"{element}\" must be a string or an array of strings"
            ));
            return None;
        }
    };
    if values.is_empty() {
        fail(format!("\"{element}\" is empty"));
        return None;
    }
    Some(values)
}

/// `*` or `service:action-pattern`; the service prefix has no wildcard.
fn action_syntax_problem(value: &str) -> Option<String> {
    if value == "*" {
        return None;
    }
    let Some((service, name)) = value.split_once(':') else {
        return Some(format!(
            "action {value:?} must look like \"service:ActionName\" (e.g. \"iam:ChangePassword\")"
        ));
    };
    let service_ok = !service.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '*' || c == '?' || c == '-' || c == '_');
    if service_ok && name_ok {
        None
    } else {
        Some(format!(
            "action {value:?} is not a valid action name or pattern"
        ))
    }
}

fn conditions_from_value(value: &Value, fail: &mut impl FnMut(String)) -> Option<Vec<Condition>> {
    let Some(operators) = value.as_object() else {
        fail("\"Condition\" must be an object of operators".to_owned());
        return None;
    };
    let mut conditions = Vec::new();
    for (operator, keys) in operators {
        let Some(keys) = keys.as_object() else {
            fail(format!(
                "condition operator {operator:?} must map condition keys to values"
            ));
            return None;
        };
        for (key, raw_values) in keys {
            let values = match raw_values {
                Value::Array(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for item in items {
                        values.push(scalar_text(item, operator, key, fail)?);
                    }
                    values
                }
                scalar => vec![scalar_text(scalar, operator, key, fail)?],
            };
            conditions.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values,
            });
        }
    }
    Some(conditions)
}

fn scalar_text(
    value: &Value,
    operator: &str,
    key: &str,
    fail: &mut impl FnMut(String),
) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => {
            fail(format!(
                "condition {operator} {key}: values must be strings, numbers or booleans"
            ));
            None
        }
    }
}

fn check_unique_sids(statements: &[Statement], errors: &mut Vec<GrammarError>) {
    let mut seen = std::collections::HashSet::new();
    for statement in statements {
        if let Some(sid) = &statement.sid
            && !sid.is_empty()
            && !seen.insert(sid.as_str())
        {
            errors.push(GrammarError {
                statement: Some(statement.index),
                sid: Some(sid.clone()),
                message: format!("duplicate Sid {sid:?}: Sids must be unique within a policy"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err = parse("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}").unwrap_err();
        match err {
            ParseError::Json(e) => assert_eq!((e.line, e.column), (4, 1)),
            other => panic!("expected a JSON error, got {other:?}"),
        }
    }

    #[test]
    fn single_statement_object_and_scalar_strings_are_accepted() {
        let policy = parse(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}}"#,
        )
        .expect("valid");
        assert_eq!(policy.statements.len(), 1);
        assert_eq!(policy.statements[0].action.values, ["iam:GetUser"]);
        assert_eq!(policy.statements[0].label(), "#1");
    }

    #[test]
    fn a_sid_with_control_characters_is_named_escaped() {
        let value = parse_json(
            r#"{"Version":"2012-10-17","Statement":{"Sid":"a\u001b[31m\nb","Effect":"Allow","Action":"iam:GetUser","Resource":"*"}}"#,
        )
        .expect("JSON");
        let (_, errors) = from_value(&value);
        assert_eq!(errors[0].place(), "a\\u{1b}[31m\\nb");
        let message = ParseError::Grammar(errors).to_string();
        assert!(!message.contains(['\n', '\u{1b}']), "{message}");
    }

    #[test]
    fn grammar_errors_are_collected() {
        let value = parse_json(
            r#"{"Version":"2012-10-17","Statement":[
                {"Sid":"bad sid","Effect":"allow","Action":"iam:GetUser","NotAction":"x:y","Resource":"*"},
                {"Effect":"Allow","Action":"iam:GetUser"},
                {"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Principal":"*","Foo":1}
            ],"Extra":1}"#,
        )
        .expect("json");
        let (_, errors) = from_value(&value);
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let joined = text.join("\n");
        for needle in [
            "unknown top-level element \"Extra\"",
            "invalid Sid \"bad sid\"",
            "\"Effect\" must be \"Allow\" or \"Deny\", not \"allow\"",
            "\"Action\" and \"NotAction\" cannot both be present",
            "statement #2: missing \"Resource\"",
            "cannot have \"Principal\"",
            "unknown element \"Foo\"",
        ] {
            assert!(joined.contains(needle), "missing {needle:?} in\n{joined}");
        }
    }

    #[test]
    fn a_policy_with_several_grammar_errors_names_the_first_and_counts_the_rest() {
        let message = |statement: &str| {
            let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
            parse(&text).expect_err("invalid").to_string()
        };
        let one = message(r#"{"Effect":"Allow","Action":"iam:GetUser"}"#);
        assert!(!one.contains("more problem"), "{one}");
        let two = message(r#"{"Effect":"Allow","Action":"iam:GetUser","Foo":1}"#);
        assert!(
            two.ends_with("(and 1 more problem; run `iamself-tui lint`)"),
            "{two}"
        );
        let three = message(r#"{"Effect":"Allow","Action":"iam:GetUser","Foo":1,"Bar":2}"#);
        assert!(
            three.ends_with("(and 2 more problems; run `iamself-tui lint`)"),
            "{three}"
        );
    }

    #[test]
    fn condition_values_keep_their_text() {
        let policy = parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["sts:GetSessionToken"],"Resource":"*",
                "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":false},"NumericLessThan":{"aws:MultiFactorAuthAge":[3600,"60"]}}}]}"#,
        )
        .expect("valid");
        let statement = &policy.statements[0];
        assert!(statement.action.negated);
        assert_eq!(statement.conditions.len(), 2);
        assert_eq!(statement.conditions[0].values, ["false"]);
        assert_eq!(statement.conditions[1].values, ["3600", "60"]);
    }
}
