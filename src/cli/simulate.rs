//! `iamself-tui simulate`: decides requests against a policy and prints one JSON line per request,
//! with the decision words of `aws iam simulate-custom-policy`.
//!
//! The requests file is read once and every line validated before anything is printed; the
//! reading, deciding and writing is `policy::simulate` (on every core for a large file), shared
//! with the benchmarks.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgGroup, Args};

use crate::input::{FilePieces, read_policy_file, read_text_file};
use crate::policy::engine::Mfa;
use crate::policy::model::document;
use crate::policy::simulate::{self as engine, BatchError};

use super::failure::policy_error;
use super::policy_set::SetArgs;
use super::{Failure, values};
use crate::policy::reports::analysis;

/// Largest requests file read: far beyond any real batch, small enough to stay in memory.
const MAX_REQUESTS_BYTES: usize = 512 * 1024 * 1024;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").required(true).args(["requests", "action"])))]
#[command(group(ArgGroup::new("policies").required(true).args(["policy", "authorization_details"])))]
pub struct SimulateArgs {
    /// The policy to evaluate.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// An account dump (`aws iam get-account-authorization-details`): each request line's
    /// `username` picks the user, whose whole set, path and tags decide it.
    #[arg(
        long,
        value_name = "DUMP",
        requires = "requests",
        conflicts_with = "policy"
    )]
    pub authorization_details: Option<PathBuf>,

    /// JSON Lines file of requests (`-` for standard input).
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["action", "resource", "mfa"])]
    pub requests: Option<PathBuf>,

    /// Actions to decide (each against every --resource).
    #[arg(long, value_name = "A", num_args = 1.., requires = "resource")]
    pub action: Vec<String>,

    /// Resource ARNs to decide against.
    #[arg(long, value_name = "ARN", num_args = 1.., requires = "action")]
    pub resource: Vec<String>,

    /// The value of aws:MultiFactorAuthPresent; `absent` is long-term access keys.
    #[arg(long, value_name = "MFA", value_parser = values::named::<Mfa>(), default_value = "true")]
    pub mfa: Mfa,

    #[command(flatten)]
    pub set: SetArgs,
}

pub fn run(args: SimulateArgs) -> Result<ExitCode, Failure> {
    if let Some(dump_path) = &args.authorization_details {
        return run_in_account(dump_path, &args);
    }
    let Some(policy_path) = &args.policy else {
        return Err(Failure::new(
            "give --policy FILE or --authorization-details DUMP",
        ));
    };
    let policy_text = read_policy_file(policy_path)?;
    let policy = document::parse(&policy_text).map_err(|e| policy_error(policy_path, &e))?;
    let set = analysis::whole_set(
        &policy_path.display().to_string(),
        &policy,
        &args.set.load()?.others,
    );
    let mut stdout = std::io::stdout().lock();
    match &args.requests {
        Some(path) => {
            let mut source = FilePieces::open(path, MAX_REQUESTS_BYTES, "a requests file")?;
            engine::simulate_source(&set, &mut source, &mut stdout)
                .and_then(|()| stdout.flush().map_err(BatchError::Output))
                .map_err(|error| match error {
                    BatchError::Input(error) => Failure::from(error),
                    BatchError::Output(error) => Failure::from_stdout(error),
                    error => Failure::new(format!("{}: {error}", path.display())),
                })?;
        }
        None => {
            let requests = engine::from_flags(&args.action, &args.resource, args.mfa);
            engine::decide_all_in_set(&set, &requests, &mut stdout)
                .and_then(|()| stdout.flush())
                .map_err(Failure::from_stdout)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--authorization-details DUMP --requests R`: the requests are read and checked against the
/// dump before anything is printed.
fn run_in_account(dump_path: &Path, args: &SimulateArgs) -> Result<ExitCode, Failure> {
    if !args.set.with.is_empty() || args.set.boundary.is_some() {
        return Err(Failure::new(
            "with --authorization-details the dump gives each user's policies and boundary; only --scp applies",
        ));
    }
    let scp_levels = args.set.load()?.others.scp_levels;
    let dump = super::audit::read_dump(dump_path)?;
    let Some(requests_path) = &args.requests else {
        return Err(Failure::new(
            "--authorization-details needs --requests (each line's username picks the user)",
        ));
    };
    let requests_text = read_text_file(requests_path, MAX_REQUESTS_BYTES, "a requests file")?;
    let requests = engine::parse_requests(&requests_text)
        .map_err(|e| Failure::new(format!("{}: {e}", requests_path.display())))?;
    let lines: Vec<usize> = requests_text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, _)| n + 1)
        .collect();
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout);
    engine::decide_all_in_account(&dump, &scp_levels, &requests, &lines, &mut out)
        .map_err(|e| Failure::new(format!("{}: {e}", requests_path.display())))?
        .and_then(|()| out.flush())
        .map_err(Failure::from_stdout)?;
    Ok(ExitCode::SUCCESS)
}
