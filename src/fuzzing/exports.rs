//! Every export of a document, and the JSON read back out of it: what a user saves must be the
//! policy they saw.

use serde_json::Value;

use crate::policy::document;
use crate::policy::export::{to_minified_json, to_pretty_json};

/// Renders `value` in every format and checks that the embedded JSON reads back as `value`.
pub fn round_trip(value: &Value) {
    let pretty = to_pretty_json(value);
    assert!(pretty.ends_with('\n'), "pretty JSON ends with a newline");
    same_json(&read_back(&pretty, "pretty JSON"), value, "pretty JSON");

    let minified = to_minified_json(value);
    assert!(!minified.contains('\n'), "minified JSON is one line");
    same_json(
        &read_back(&minified, "minified JSON"),
        value,
        "minified JSON",
    );
}

fn read_back(text: &str, format: &str) -> Value {
    document::parse_json(text)
        .unwrap_or_else(|e| panic!("{format} export is not JSON: {e}\n{text}"))
}

/// Equal JSON, except that floats may differ in their last bits: serde_json's default float
/// parser is not exact, so a printed float can read back one ulp away.
fn same_json(actual: &Value, expected: &Value, format: &str) {
    assert!(
        json_equivalent(actual, expected),
        "{format} export reads back as another document:\n{actual}\nnot\n{expected}"
    );
}

fn json_equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => x == y || (x - y).abs() <= x.abs().max(y.abs()) * 1e-15,
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equivalent(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && json_equivalent(vx, vy))
        }
        _ => a == b,
    }
}
