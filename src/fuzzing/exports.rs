//! Every export of a document, and the JSON read back out of it: what a user saves must be the
//! policy they saw. Each reader here undoes exactly the quoting its format's language defines
//! (HCL templates, POSIX single quotes, YAML's printable set), independently of the writer.

use serde_json::Value;

use crate::policy::model::Named;
use crate::policy::model::document;
use crate::policy::output::export::{Format, render};

/// Renders `value` in every format and checks that the embedded JSON reads back as `value`.
pub fn round_trip(value: &Value) {
    for &format in Format::ALL {
        let text = render(value, format);
        assert!(
            text.ends_with('\n'),
            "{} ends with a newline",
            format.name()
        );
        let embedded = match format {
            Format::Json => text.clone(),
            Format::Minified => {
                assert_eq!(text.lines().count(), 1, "minified JSON is one line");
                text.clone()
            }
            Format::Terraform => from_terraform(&text),
            Format::CloudFormation => from_cloudformation(&text),
            Format::AwsCli => from_aws_cli(&text),
        };
        let read = document::parse_json(&embedded)
            .unwrap_or_else(|e| panic!("{} export embeds no JSON: {e}\n{embedded}", format.name()));
        assert!(
            json_equivalent(&read, value),
            "{} export reads back as another document:\n{read}\nnot\n{value}",
            format.name()
        );
    }
}

/// The argument of `jsonencode(...)` with HCL's template escapes undone. An undoubled `${` or
/// `%{` would be a template Terraform interpolates: the export must never contain one.
fn from_terraform(text: &str) -> String {
    const OPEN: &str = "policy = jsonencode(";
    const CLOSE: &str = ")\n}\n";
    let start = text.find(OPEN).expect("a jsonencode call") + OPEN.len();
    let body = text[start..]
        .strip_suffix(CLOSE)
        .unwrap_or_else(|| panic!("Terraform export does not end the resource:\n{text}"));
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest
            .strip_prefix("$${")
            .or_else(|| rest.strip_prefix("%%{"))
        {
            out.push(c);
            out.push('{');
            rest = after;
            continue;
        }
        assert!(
            !rest.starts_with("${") && !rest.starts_with("%{"),
            "Terraform export holds a live template: {}",
            &rest[..rest.len().min(40)]
        );
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The JSON under `PolicyDocument:`, after checking that every character may appear in YAML as
/// it is and that no YAML 1.1 parser would read one as a line break.
fn from_cloudformation(text: &str) -> String {
    if let Some(bad) = text.chars().find(|c| !yaml_safe(*c)) {
        panic!(
            "CloudFormation export holds U+{:04X}, not printable in YAML",
            u32::from(bad)
        );
    }
    const KEY: &str = "      PolicyDocument:\n";
    let start = text.find(KEY).expect("a PolicyDocument") + KEY.len();
    text[start..]
        .lines()
        .map(|line| {
            line.strip_prefix("        ")
                .unwrap_or_else(|| panic!("PolicyDocument line not indented by 8: {line:?}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// YAML 1.2's printable set (`c-printable`), without the characters YAML 1.1 breaks lines at
/// (U+0085, U+2028, U+2029) or that are a byte order mark (U+FEFF).
fn yaml_safe(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// The `--policy-document` argument, unquoted as a POSIX shell reads single-quoted words and
/// `\'` between them; the word must end the line.
fn from_aws_cli(text: &str) -> String {
    const FLAG: &str = "--policy-document ";
    let start = text.find(FLAG).expect("a --policy-document argument") + FLAG.len();
    let line = text[start..]
        .strip_suffix('\n')
        .expect("the command ends with a newline");
    let mut word = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted
                .find('\'')
                .unwrap_or_else(|| panic!("unclosed single quote in: {line}"));
            word.push_str(&quoted[..end]);
            rest = &quoted[end + 1..];
        } else if let Some(after) = rest.strip_prefix("\\'") {
            word.push('\'');
            rest = after;
        } else {
            panic!("the policy document is not one quoted shell word: {rest}");
        }
    }
    word
}

/// Equal JSON, except that floats may differ in their last bits: serde_json's default float
/// parser is not exact, so a printed float can read back one ulp away.
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
