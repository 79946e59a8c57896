//! A generated [`Policy`] as JSON: a `serde_json` value for the export formats, and the pretty
//! text the wizard previews, written straight from the model.
//!
//! Exact only for documents whose values are all strings and that follow the generator's one
//! rule of form: a list of one value is written as that value alone (`"Resource": "*"`), a
//! longer list as an array. A parsed policy may use other forms, so it keeps its own text.
//!
//! Speed-only twin of [`to_pretty_json`](super::export::to_pretty_json) over [`to_value`]: the
//! recompute on every key press spent about a third of its instructions building and printing
//! the `serde_json` tree when this was written. Figure now (callgrind,
//! `benches/instructions.rs pretty` / `pretty-serde`): 51.6 k instructions per preview text of
//! the recommended policy against 161.8 k through `serde_json`, 110 k of a 1.22 M recompute.
//! The tests `text_is_what_serde_json_writes_for_the_value` (below) and
//! `the_model_text_is_serde_json_text_and_parses_back_to_the_model` (`generate/tests.rs`, every
//! distinct generated policy) keep the two byte for byte equal.

use serde_json::{Map, Value};

use crate::policy::model::document::{Condition, Matcher, Policy, Statement};

/// The document as a JSON value, keys in the order of IAM's examples.
pub fn to_value(policy: &Policy) -> Value {
    let mut document = Map::new();
    if let Some(version) = &policy.version {
        document.insert("Version".into(), version.as_str().into());
    }
    if let Some(id) = &policy.id {
        document.insert("Id".into(), id.as_str().into());
    }
    let statements = policy.statements.iter().map(statement_value).collect();
    document.insert("Statement".into(), Value::Array(statements));
    Value::Object(document)
}

fn statement_value(statement: &Statement) -> Value {
    let mut object = Map::new();
    if let Some(sid) = &statement.sid {
        object.insert("Sid".into(), sid.as_str().into());
    }
    object.insert("Effect".into(), statement.effect.as_str().into());
    let (name, values) = element(&statement.action, ACTION);
    object.insert(name.into(), one_or_many(values));
    let (name, values) = element(&statement.resource, RESOURCE);
    object.insert(name.into(), one_or_many(values));
    if !statement.conditions.is_empty() {
        let mut block = Map::new();
        for (operator, entries) in by_operator(&statement.conditions) {
            let keys = entries
                .iter()
                .map(|c| (c.key.clone(), one_or_many(&c.values)))
                .collect();
            block.insert(operator.to_owned(), Value::Object(keys));
        }
        object.insert("Condition".into(), Value::Object(block));
    }
    Value::Object(object)
}

fn one_or_many(values: &[String]) -> Value {
    match values {
        [one] => one.as_str().into(),
        many => many.iter().map(|v| Value::from(v.as_str())).collect(),
    }
}

/// Pretty JSON with 4-space indentation and a trailing newline, byte for byte what
/// [`to_pretty_json`](crate::policy::output::export::to_pretty_json) writes for [`to_value`]'s result.
pub fn to_pretty(policy: &Policy) -> String {
    let mut out = Writer(String::with_capacity(4096));
    out.open('{');
    let mut fields = Fields::new(1);
    if let Some(version) = &policy.version {
        fields.key(&mut out, "Version");
        out.string(version);
    }
    if let Some(id) = &policy.id {
        fields.key(&mut out, "Id");
        out.string(id);
    }
    fields.key(&mut out, "Statement");
    if policy.statements.is_empty() {
        out.0.push_str("[]");
    } else {
        out.open('[');
        for (i, statement) in policy.statements.iter().enumerate() {
            out.item(2, i);
            write_statement(&mut out, statement);
        }
        out.close(1, ']');
    }
    out.close(0, '}');
    out.0.push('\n');
    out.0
}

fn write_statement(out: &mut Writer, statement: &Statement) {
    out.open('{');
    let mut fields = Fields::new(3);
    if let Some(sid) = &statement.sid {
        fields.key(out, "Sid");
        out.string(sid);
    }
    fields.key(out, "Effect");
    out.string(statement.effect.as_str());
    let (name, values) = element(&statement.action, ACTION);
    fields.key(out, name);
    out.one_or_many(values, 3);
    let (name, values) = element(&statement.resource, RESOURCE);
    fields.key(out, name);
    out.one_or_many(values, 3);
    if !statement.conditions.is_empty() {
        fields.key(out, "Condition");
        out.open('{');
        let mut operators = Fields::new(4);
        for (operator, entries) in by_operator(&statement.conditions) {
            operators.key(out, operator);
            out.open('{');
            let mut keys = Fields::new(5);
            for entry in entries {
                keys.key(out, &entry.key);
                out.one_or_many(&entry.values, 5);
            }
            out.close(4, '}');
        }
        out.close(3, '}');
    }
    out.close(2, '}');
}

/// `Action` or `NotAction` (`Resource` or `NotResource`), and the values.
fn element<'m>(matcher: &'m Matcher, names: [&'static str; 2]) -> (&'static str, &'m [String]) {
    (names[usize::from(matcher.negated)], &matcher.values)
}

const ACTION: [&str; 2] = ["Action", "NotAction"];
const RESOURCE: [&str; 2] = ["Resource", "NotResource"];

/// The model keeps one entry per operator and key; JSON groups the keys under their operator,
/// in the order the operators first appear.
fn by_operator(conditions: &[Condition]) -> Vec<(&str, Vec<&Condition>)> {
    let mut groups: Vec<(&str, Vec<&Condition>)> = Vec::new();
    for condition in conditions {
        match groups.iter_mut().find(|(op, _)| *op == condition.operator) {
            Some((_, entries)) => entries.push(condition),
            None => groups.push((&condition.operator, vec![condition])),
        }
    }
    groups
}

/// Members of one object: a comma before every key but the first, each on its own line.
struct Fields {
    depth: usize,
    count: usize,
}

impl Fields {
    fn new(depth: usize) -> Fields {
        Fields { depth, count: 0 }
    }

    fn key(&mut self, out: &mut Writer, key: &str) {
        out.item(self.depth, self.count);
        self.count += 1;
        out.string(key);
        out.0.push_str(": ");
    }
}

struct Writer(String);

impl Writer {
    fn open(&mut self, bracket: char) {
        self.0.push(bracket);
    }

    fn close(&mut self, depth: usize, bracket: char) {
        self.0.push('\n');
        self.indent(depth);
        self.0.push(bracket);
    }

    /// Starts the `index`th member of an object or array at `depth`.
    fn item(&mut self, depth: usize, index: usize) {
        if index > 0 {
            self.0.push(',');
        }
        self.0.push('\n');
        self.indent(depth);
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.0.push_str("    ");
        }
    }

    /// A value that sits at `depth`: one string, or an array of them.
    fn one_or_many(&mut self, values: &[String], depth: usize) {
        match values {
            [one] => self.string(one),
            [] => self.0.push_str("[]"),
            many => {
                self.open('[');
                for (i, value) in many.iter().enumerate() {
                    self.item(depth + 1, i);
                    self.string(value);
                }
                self.close(depth, ']');
            }
        }
    }

    /// A JSON string with `serde_json`'s escapes: `\"`, `\\`, the short forms of `\b \f \n \r
    /// \t`, `\u00XX` for other control characters; everything else as it is.
    fn string(&mut self, text: &str) {
        self.0.push('"');
        let mut rest = text;
        // Every byte that needs an escape is ASCII, so the cut falls on a character boundary.
        while let Some(at) = rest
            .bytes()
            .position(|b| b == b'"' || b == b'\\' || b < b' ')
        {
            self.0.push_str(&rest[..at]);
            match rest.as_bytes()[at] {
                b'"' => self.0.push_str("\\\""),
                b'\\' => self.0.push_str("\\\\"),
                b'\x08' => self.0.push_str("\\b"),
                b'\x0c' => self.0.push_str("\\f"),
                b'\n' => self.0.push_str("\\n"),
                b'\r' => self.0.push_str("\\r"),
                b'\t' => self.0.push_str("\\t"),
                other => {
                    use std::fmt::Write as _;
                    let _ = write!(self.0, "\\u{other:04x}");
                }
            }
            rest = &rest[at + 1..];
        }
        self.0.push_str(rest);
        self.0.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::document::Effect;
    use crate::policy::output::export::to_pretty_json;

    fn statement(sid: Option<&str>, values: &[&str], conditions: Vec<Condition>) -> Statement {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        Statement {
            index: 0,
            sid: sid.map(str::to_owned),
            effect: Effect::Deny,
            action: Matcher {
                negated: true,
                values: values.clone(),
            },
            resource: Matcher {
                negated: true,
                values,
            },
            conditions,
        }
    }

    fn condition(operator: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: operator.to_owned(),
            key: key.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn text_is_what_serde_json_writes_for_the_value() {
        let policy = Policy {
            version: Some("2012-10-17".into()),
            id: Some("an \"id\" with \\ and \u{1}\u{8}\u{c}\n\r\t and é".into()),
            statements: vec![
                statement(None, &["a:B"], Vec::new()),
                statement(
                    Some("S"),
                    &["a:B", "c:D"],
                    vec![
                        condition("Bool", "k1", &["true"]),
                        condition("StringLike", "k2", &["x", "y"]),
                        condition("Bool", "k3", &["false"]),
                    ],
                ),
                statement(Some("Empty"), &[], Vec::new()),
            ],
        };
        assert_eq!(to_pretty(&policy), to_pretty_json(&to_value(&policy)));
        let empty = Policy {
            version: None,
            id: None,
            statements: Vec::new(),
        };
        assert_eq!(to_pretty(&empty), to_pretty_json(&to_value(&empty)));
    }

    #[test]
    fn conditions_are_grouped_under_their_operator() {
        let policy = Policy {
            version: None,
            id: None,
            statements: vec![statement(
                None,
                &["a:B"],
                vec![
                    condition("Bool", "k1", &["true"]),
                    condition("Null", "k2", &["true"]),
                    condition("Bool", "k3", &["false"]),
                ],
            )],
        };
        let value = to_value(&policy);
        let block = &value["Statement"][0]["Condition"];
        assert_eq!(block["Bool"]["k1"], "true");
        assert_eq!(block["Bool"]["k3"], "false");
        assert_eq!(block["Null"]["k2"], "true");
        let (parsed, errors) = crate::policy::model::document::from_value(&value);
        assert!(errors.is_empty(), "{errors:?}");
        let mut expected = policy.statements[0].conditions.clone();
        expected.sort_by(|a, b| a.operator.cmp(&b.operator));
        assert_eq!(parsed.expect("object").statements[0].conditions, expected);
    }
}
