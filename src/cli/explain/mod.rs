//! `iamself-tui explain FILE`: what a policy allows (truth table), whether a real user and an
//! attacker get what they should (journey), and the findings, as text, JSON or Markdown.

mod json;
mod markdown;
mod report;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::input::read_policy_file;
use crate::policy::engine::CompiledPolicy;
use crate::policy::model::choices::Attachment;
use crate::policy::reports::analysis;
use crate::policy::reports::journey::Journey;
use crate::policy::reports::truth_table::{RowKind, TruthTable, asked_service};
use crate::policy::sample::{self, OTHER_USER, OWN_USER};

use super::failure::policy_error;
use super::{Failure, stdout, values};
use report::Report;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The policy file (`-` for standard input).
    pub file: PathBuf,

    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,

    /// The IAM user asked about [default: alice].
    #[arg(long, value_name = "U", value_parser = values::username)]
    pub username: Option<String>,

    /// The user's 12-digit account [default: the policy's, else 123456789012].
    #[arg(long, value_name = "ID", value_parser = values::account_id)]
    pub account: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(args: ExplainArgs) -> Result<ExitCode, Failure> {
    let text = read_policy_file(&args.file)?;
    let analysis = analysis::analyze_text(&text, Attachment::Managed)
        .map_err(|e| policy_error(&args.file, &e))?;

    let mut principal = sample::principal_for(&analysis.choices);
    if let Some(username) = &args.username {
        principal.username.clone_from(username);
    }
    if let Some(account) = &args.account {
        principal.account.clone_from(account);
    }
    let other_user = if principal.username == OTHER_USER {
        OWN_USER
    } else {
        OTHER_USER
    };
    let asked_differently = args.username.is_some() || args.account.is_some();
    // The analysis asks as its default user; another principal needs its own table and journey.
    let (table, journey) = if asked_differently {
        let compiled = CompiledPolicy::compile(&analysis.policy, &principal);
        let rows: Vec<(String, RowKind)> = analysis
            .table
            .rows
            .iter()
            .map(|row| (row.action.clone(), row.kind))
            .collect();
        let service = asked_service(&analysis.choices);
        let table = TruthTable::build(&compiled, &principal, other_user, &rows, service);
        let journey = Journey::walk(
            &compiled,
            &principal,
            other_user,
            &analysis.choices,
            Some(&table),
        );
        (table, journey)
    } else {
        (analysis.table.clone(), analysis.journey.clone())
    };

    let report = Report {
        file: &args.file,
        username: &principal.username,
        other_username: other_user,
        account: &principal.account,
        size: analysis.size,
        attachment: analysis.attachment,
        table: &table,
        journey: &journey,
        findings: &analysis.findings,
    };
    let rendered = match args.format {
        ExplainFormat::Text => text::render(&report),
        ExplainFormat::Json => json::render(&report),
        ExplainFormat::Markdown => markdown::render(&report),
    };
    stdout::write(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
