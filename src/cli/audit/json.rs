//! The audit as JSON: `{"account", "complete", "users": [{"user", "arn", "policies",
//! "unknown_policies", "findings", ...verdicts}]}`, every audited user once.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::cli::findings;
use crate::policy::model::choices::Credential;
use crate::policy::reports::audit::{AccountAudit, UserAudit};

/// Written user by user: the whole report as one JSON value would take several times the dump's
/// size in memory. The result is the same pretty JSON as `serde_json::to_string_pretty` gives.
pub fn render(result: &AccountAudit, sink: &mut dyn Write) -> io::Result<()> {
    let head = json!({
        "account": result.account,
        "complete": result.complete,
        "roles_not_audited": result.roles,
        "scp_levels": result.scp_levels,
    });
    let head = serde_json::to_string_pretty(&head).map_err(io::Error::other)?;
    // The head without its closing brace, then the users array.
    let open = head.trim_end().trim_end_matches('}').trim_end();
    sink.write_all(open.as_bytes())?;
    if result.users.is_empty() {
        return sink.write_all(b",\n  \"users\": []\n}\n");
    }
    sink.write_all(b",\n  \"users\": [\n")?;
    for (index, audit) in result.users.iter().enumerate() {
        let text = serde_json::to_string_pretty(&user(audit)).map_err(io::Error::other)?;
        for (line_index, line) in text.lines().enumerate() {
            if line_index > 0 {
                sink.write_all(b"\n")?;
            }
            sink.write_all(b"    ")?;
            sink.write_all(line.as_bytes())?;
        }
        sink.write_all(if index + 1 == result.users.len() {
            b"\n"
        } else {
            b",\n"
        })?;
    }
    sink.write_all(b"  ]\n}\n")
}

fn user(user: &UserAudit) -> Value {
    let mut object = Map::new();
    object.insert("user".to_owned(), json!(user.user));
    object.insert("arn".to_owned(), json!(user.arn));
    object.insert("path".to_owned(), json!(user.path));
    object.insert("policies".to_owned(), json!(user.policies));
    object.insert(
        "unknown_policies".to_owned(),
        user.unknown_policies
            .iter()
            .map(|p| json!(p.arn.as_deref().unwrap_or(&p.label)))
            .collect(),
    );
    let manageable: Map<String, Value> = Credential::ALL
        .into_iter()
        .map(|c| {
            (
                c.flag().to_owned(),
                json!(user.verdicts.self_manageable(c).as_str()),
            )
        })
        .collect();
    object.insert(
        "self_manageable_with_mfa".to_owned(),
        Value::Object(manageable),
    );
    for (_, key, answer, _) in user.verdicts.columns() {
        object.insert(key.to_owned(), json!(answer.as_str()));
    }
    object.insert(
        "findings".to_owned(),
        user.findings.iter().map(findings::audit_json).collect(),
    );
    Value::Object(object)
}
