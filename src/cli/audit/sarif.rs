//! The audit as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
//! dashboards: one result per finding, located in the dump by the user and the policy (each
//! result and the log around them are written by [`crate::cli::findings`]).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::json;

use crate::cli::findings;
use crate::policy::reports::audit::AccountAudit;

pub fn render(result: &AccountAudit, file: &Path, sink: &mut dyn Write) -> io::Result<()> {
    let uri = file.display().to_string();
    let mut rules: BTreeMap<&'static str, &str> = BTreeMap::new();
    let mut results = Vec::new();
    for user in &result.users {
        for finding in &user.findings {
            rules.entry(finding.id).or_insert(finding.fix.as_str());
            results.push(findings::audit_sarif_result(user, finding, &uri));
        }
    }
    let report = findings::audit_sarif_log(
        rules.into_iter().map(|(id, fix)| (id, fix.to_owned())),
        results,
        json!({"account": result.account, "complete": result.complete}),
    );
    serde_json::to_writer_pretty(&mut *sink, &report).map_err(io::Error::other)?;
    sink.write_all(b"\n")
}
