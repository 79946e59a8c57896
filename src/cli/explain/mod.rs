//! `iamself-tui explain FILE`: what a policy allows (truth table), whether a real user and an
//! attacker get what they should (journey), and the findings, as text, JSON or Markdown.

mod account;
mod json;
mod markdown;
mod report;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::policy_set::SetArgs;
use crate::input::read_policy_file;
use crate::policy::model::Named;
use crate::policy::model::choices::Attachment;
use crate::policy::reports::analysis::{self, first_sign_in};
use crate::policy::reports::journey::Journey;
use crate::policy::reports::truth_table::{RowKind, TruthTable, asked_service};
use crate::policy::sample::{self, OTHER_USER, OWN_USER};

use super::failure::policy_error;
use super::{Failure, stdout, values};
use report::Report;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["file", "authorization_details"])))]
pub struct ExplainArgs {
    /// The policy file (`-` for standard input).
    pub file: Option<PathBuf>,

    /// An account dump (`aws iam get-account-authorization-details`): explain one user's whole
    /// set instead of a policy file (with --user; --scp applies, --with and --boundary do not).
    #[arg(long, value_name = "DUMP", conflicts_with_all = ["file", "username", "account"], requires = "user")]
    pub authorization_details: Option<PathBuf>,

    /// The dump's user to explain.
    #[arg(long, value_name = "NAME", requires = "authorization_details")]
    pub user: Option<String>,

    #[arg(long, value_parser = values::named::<ExplainFormat>(), default_value = "text")]
    pub format: ExplainFormat,

    /// The IAM user asked about [default: alice].
    #[arg(long, value_name = "U", value_parser = values::username)]
    pub username: Option<String>,

    /// The user's 12-digit account [default: the policy's, else 123456789012].
    #[arg(long, value_name = "ID", value_parser = values::account_id)]
    pub account: Option<String>,

    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainFormat {
    Text,
    Json,
    Markdown,
}

impl Named for ExplainFormat {
    const ALL: &'static [ExplainFormat] = &[
        ExplainFormat::Text,
        ExplainFormat::Json,
        ExplainFormat::Markdown,
    ];

    fn name(self) -> &'static str {
        match self {
            ExplainFormat::Text => "text",
            ExplainFormat::Json => "json",
            ExplainFormat::Markdown => "markdown",
        }
    }
}

pub fn run(args: ExplainArgs) -> Result<ExitCode, Failure> {
    if let (Some(dump), Some(user)) = (&args.authorization_details, &args.user) {
        if !args.set.with.is_empty() || args.set.boundary.is_some() {
            return Err(Failure::new(
                "with --authorization-details the dump gives the user's policies and boundary; only --scp applies",
            ));
        }
        let scp_levels = args.set.load()?.others.scp_levels;
        return account::run(dump, user, &scp_levels, args.format);
    }
    let Some(file) = &args.file else {
        return Err(Failure::new(
            "give a policy FILE, or --authorization-details DUMP --user NAME",
        ));
    };
    let text = read_policy_file(file)?;
    let loaded = args.set.load()?;
    let name = file.display().to_string();
    let analysis = analysis::analyze_text_in(&text, Attachment::Managed, &name, &loaded.others)
        .map_err(|e| policy_error(file, &e))?;

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
        let compiled = analysis.set.compile(&principal);
        let rows: Vec<(String, RowKind)> = analysis
            .table
            .rows
            .iter()
            .map(|row| (row.action.clone(), row.kind))
            .collect();
        let service = asked_service(&analysis.choices);
        let table = TruthTable::build(&compiled, &principal, other_user, &rows, service);
        let journey = Journey::walk_first_sign_in(
            &compiled,
            &principal,
            other_user,
            &analysis.choices,
            Some(&table),
            first_sign_in(&analysis.set),
        );
        (table, journey)
    } else {
        (analysis.table.clone(), analysis.journey.clone())
    };

    let report = Report {
        file,
        set: &analysis.set,
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
