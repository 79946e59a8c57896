//! Policy document → text: pretty JSON (4 spaces, like AWS's examples), minified JSON, the
//! deployment formats (Terraform, CloudFormation, an AWS CLI command), and the size IAM counts
//! against its quotas.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::policy::model::Named;

/// Pretty JSON with 4-space indentation and a trailing newline.
pub fn to_pretty_json(policy: &Value) -> String {
    let mut out = Vec::with_capacity(4096);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    policy
        .serialize(&mut serializer)
        .expect("serializing a JSON value into memory cannot fail");
    let mut text = String::from_utf8(out).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

/// Compact JSON on one line, without a trailing newline.
pub fn to_minified_json(policy: &Value) -> String {
    policy.to_string()
}

/// The name the deployment formats give the managed policy.
pub const POLICY_NAME: &str = "self-manage-credentials";

const POLICY_DESCRIPTION: &str = "Lets IAM users manage their own credentials";

/// What `generate --format` and the wizard's save dialog can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Pretty JSON, 4 spaces.
    Json,
    /// JSON on one line.
    Minified,
    /// An `aws_iam_policy` resource with `policy = jsonencode({...})`.
    Terraform,
    /// A YAML template with one `AWS::IAM::ManagedPolicy`.
    CloudFormation,
    /// A shell script running `aws iam create-policy`.
    AwsCli,
}

impl Named for Format {
    const ALL: &'static [Format] = &[
        Format::Json,
        Format::Minified,
        Format::Terraform,
        Format::CloudFormation,
        Format::AwsCli,
    ];

    /// The name on the command line (`--format NAME`).
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Minified => "minified",
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
            Format::AwsCli => "aws-cli",
        }
    }
}

impl Format {
    /// The file name ending a saved file gets, with the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => ".json",
            Format::Minified => ".min.json",
            Format::Terraform => ".tf",
            Format::CloudFormation => ".yaml",
            Format::AwsCli => ".sh",
        }
    }

    /// The format a file name asks for: `.min.json` minified, `.json` pretty, `.tf`, `.yaml` or
    /// `.yml`, `.sh`; `None` for anything else.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".min.json") {
            Some(Format::Minified)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".tf") {
            Some(Format::Terraform)
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Some(Format::CloudFormation)
        } else if name.ends_with(".sh") {
            Some(Format::AwsCli)
        } else {
            None
        }
    }
}

/// The policy as text in this format, ending with a newline.
pub fn render(policy: &Value, format: Format) -> String {
    match format {
        Format::Json => to_pretty_json(policy),
        Format::Minified => {
            let mut text = to_minified_json(policy);
            text.push('\n');
            text
        }
        Format::Terraform => to_terraform(policy),
        Format::CloudFormation => to_cloudformation(policy),
        Format::AwsCli => to_aws_cli(policy),
    }
}

fn to_terraform(policy: &Value) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("resource \"aws_iam_policy\" \"self_manage_credentials\" {\n");
    let _ = writeln!(out, "  name        = \"{POLICY_NAME}\"");
    let _ = writeln!(out, "  description = \"{POLICY_DESCRIPTION}\"");
    out.push_str("  policy = jsonencode(");
    write_hcl(&mut out, policy, 1);
    out.push_str(")\n}\n");
    out
}

/// Writes a JSON value as an HCL expression. JSON's object and array syntax is HCL syntax
/// already; only string contents differ: `${` and `%{` start templates, so they are doubled, and
/// HCL knows fewer backslash escapes than JSON, so every other control character is `\uNNNN`.
fn write_hcl(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                indent(out, depth + 1);
                write_hcl_string(out, key);
                out.push_str(" : ");
                write_hcl(out, item, depth + 1);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_hcl(out, item, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push(']');
        }
        Value::String(text) => write_hcl_string(out, text),
        other => out.push_str(&other.to_string()),
    }
}

fn write_hcl_string(out: &mut String, text: &str) {
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// YAML 1.2 is a superset of JSON, so the policy goes in as an indented JSON flow mapping: it
/// reads like the policy IAM shows, and `${aws:username}` stays a plain string (no `!Sub`).
fn to_cloudformation(policy: &Value) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("AWSTemplateFormatVersion: \"2010-09-09\"\n");
    let _ = writeln!(out, "Description: \"{POLICY_DESCRIPTION}\"");
    out.push_str("Resources:\n");
    out.push_str("  SelfManageCredentialsPolicy:\n");
    out.push_str("    Type: \"AWS::IAM::ManagedPolicy\"\n");
    out.push_str("    Properties:\n");
    let _ = writeln!(out, "      ManagedPolicyName: \"{POLICY_NAME}\"");
    let _ = writeln!(out, "      Description: \"{POLICY_DESCRIPTION}\"");
    out.push_str("      PolicyDocument:\n");
    for line in to_pretty_json(policy).lines() {
        out.push_str("        ");
        for c in line.chars() {
            if yaml_needs_escape(c) {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// Characters serde_json writes raw that YAML does not allow raw (DEL, C1 controls, U+FFFE,
/// U+FFFF) or that YAML 1.1 parsers read as line breaks or a byte order mark. They occur only
/// inside JSON strings, where `\uXXXX` means the same in JSON and in YAML.
fn yaml_needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
    )
}

fn to_aws_cli(policy: &Value) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("#!/bin/sh\n");
    out.push_str("aws iam create-policy \\\n");
    let _ = writeln!(out, "    --policy-name {} \\", shell_quote(POLICY_NAME));
    let _ = writeln!(
        out,
        "    --description {} \\",
        shell_quote(POLICY_DESCRIPTION)
    );
    let _ = writeln!(
        out,
        "    --policy-document {}",
        shell_quote(&to_minified_json(policy))
    );
    out
}

/// One POSIX shell word with exactly this text: inside single quotes nothing is special, and a
/// single quote itself is written as `'\''` (close, escaped quote, reopen).
pub fn shell_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_uses_four_spaces() {
        let text = to_pretty_json(&serde_json::json!({"Version": "2012-10-17"}));
        assert_eq!(text, "{\n    \"Version\": \"2012-10-17\"\n}\n");
    }

    fn tricky_policy() -> Value {
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "Quote'Dollar${x}Percent%{y}$${z}",
                "Effect": "Allow",
                "Action": ["iam:GetUser"],
                "Resource": "arn:aws:iam::*:user/${aws:username}",
                "Condition": {"StringEquals": {"aws:x": ["back\\slash \"dq\" \n\t\u{8}\u{1f} é ✓", 1, true, null]}},
                "Empty": {},
                "None": []
            }]
        })
    }

    fn policies() -> Vec<Value> {
        let mut all: Vec<Value> = Preset::ALL
            .iter()
            .map(|p| crate::policy::generate::generate(&p.choices()))
            .collect();
        all.push(tricky_policy());
        all
    }

    use crate::policy::model::choices::Preset;

    fn from_terraform(text: &str) -> Value {
        let start = text.find("jsonencode(").expect("jsonencode call") + "jsonencode(".len();
        let end = text.rfind(")\n}").expect("end of jsonencode");
        let body = text[start..end].replace("$${", "${").replace("%%{", "%{");
        serde_json::from_str(&body).expect("jsonencode argument is JSON apart from escapes")
    }

    fn from_cloudformation(text: &str) -> Value {
        let start = text
            .find("      PolicyDocument:\n")
            .expect("PolicyDocument")
            + 22;
        let body: String = text[start..]
            .lines()
            .map(|line| line.strip_prefix("        ").expect("indented by 8"))
            .collect::<Vec<_>>()
            .join("\n");
        serde_json::from_str(&body).expect("embedded JSON")
    }

    /// Runs the script with `aws` defined as a shell function that prints each argument followed
    /// by a NUL, so the shell itself does the unquoting.
    #[cfg(unix)]
    fn from_aws_cli(text: &str) -> Value {
        let script = format!("aws() {{ printf '%s\\0' \"$@\"; }}\n{text}");
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .output()
            .expect("sh runs");
        assert!(output.status.success());
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let args: Vec<&str> = stdout.split('\0').collect();
        assert_eq!(&args[..2], ["iam", "create-policy"]);
        let at = args
            .iter()
            .position(|a| *a == "--policy-document")
            .expect("--policy-document");
        serde_json::from_str(args[at + 1]).expect("policy document argument")
    }

    #[test]
    fn json_formats_round_trip() {
        for policy in policies() {
            assert_eq!(
                serde_json::from_str::<Value>(&render(&policy, Format::Json)).unwrap(),
                policy
            );
            let minified = render(&policy, Format::Minified);
            assert_eq!(minified.lines().count(), 1);
            assert_eq!(serde_json::from_str::<Value>(&minified).unwrap(), policy);
        }
    }

    #[test]
    fn terraform_round_trips_with_templates_escaped() {
        for policy in policies() {
            let text = render(&policy, Format::Terraform);
            assert!(text.starts_with("resource \"aws_iam_policy\" "));
            assert!(text.contains("  policy = jsonencode({\n"));
            assert!(!text.replace("$${", "").contains("${"), "{text}");
            assert!(!text.replace("%%{", "").contains("%{"), "{text}");
            assert_eq!(from_terraform(&text), policy);
        }
    }

    #[test]
    fn terraform_uses_only_escapes_hcl_knows() {
        let text = render(&tricky_policy(), Format::Terraform);
        assert!(
            text.contains("\\u0008") && text.contains("\\u001f"),
            "{text}"
        );
        assert!(!text.contains("\\b") && !text.contains("\\f"));
    }

    #[test]
    fn cloudformation_round_trips_without_sub() {
        for policy in policies() {
            let text = render(&policy, Format::CloudFormation);
            assert!(text.contains("Type: \"AWS::IAM::ManagedPolicy\""));
            assert!(!text.contains("!Sub"));
            assert_eq!(from_cloudformation(&text), policy);
        }
    }

    #[test]
    fn cloudformation_escapes_what_yaml_does_not_allow_raw() {
        let policy =
            serde_json::json!({"Id": "del\u{7f} nel\u{85} ls\u{2028} bom\u{feff} \u{fffe}"});
        let text = render(&policy, Format::CloudFormation);
        assert!(
            text.contains("del\\u007f nel\\u0085 ls\\u2028 bom\\ufeff \\ufffe"),
            "{text}"
        );
        assert_eq!(from_cloudformation(&text), policy);
    }

    #[cfg(unix)]
    #[test]
    fn aws_cli_round_trips_through_the_shell() {
        for policy in policies() {
            let text = render(&policy, Format::AwsCli);
            assert!(text.starts_with("#!/bin/sh\naws iam create-policy \\\n"));
            assert_eq!(from_aws_cli(&text), policy);
        }
    }

    #[test]
    fn shell_quote_closes_and_reopens_around_single_quotes() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("$HOME `x` \\"), "'$HOME `x` \\'");
    }

    #[test]
    fn format_names_and_extensions_round_trip() {
        for &format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
            let file = format!("policy{}", format.extension());
            assert_eq!(Format::from_extension(Path::new(&file)), Some(format));
        }
        let cases = [
            ("a/b/Policy.JSON", Some(Format::Json)),
            ("x.min.json", Some(Format::Minified)),
            ("main.tf", Some(Format::Terraform)),
            ("stack.yml", Some(Format::CloudFormation)),
            ("stack.yaml", Some(Format::CloudFormation)),
            ("create.sh", Some(Format::AwsCli)),
            ("policy.txt", None),
            ("json", None),
            ("", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Format::from_extension(Path::new(path)), expected, "{path}");
        }
        assert_eq!(Format::from_name("yaml"), None);
    }
}
