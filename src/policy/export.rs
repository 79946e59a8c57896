//! Policy document → text: pretty JSON (4 spaces, like AWS's examples), minified JSON, and the
//! size IAM counts against its quotas.

use serde::Serialize;
use serde_json::Value;

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

/// The policy's size as IAM counts it: "IAM does not count white space when calculating the size
/// of a policy" (IAM User Guide, `reference_iam-quotas`).
pub fn policy_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_of_aws_example_matches_the_measured_1940() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/reference/aws-examples/self-manage-credentials-with-mfa.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            return; // the shared reference folder is optional outside CI
        };
        assert_eq!(policy_size(&text), 1940);
    }

    #[test]
    fn pretty_uses_four_spaces() {
        let text = to_pretty_json(&serde_json::json!({"Version": "2012-10-17"}));
        assert_eq!(text, "{\n    \"Version\": \"2012-10-17\"\n}\n");
    }
}
