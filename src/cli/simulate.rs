//! `iamself-tui simulate`: decides requests against a policy and prints one JSON line per request,
//! with the decision words of `aws iam simulate-custom-policy`.
//!
//! The requests file is read once and every line validated before anything is printed; the
//! deciding and writing is `policy::simulate`, shared with the benchmarks.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Args};

use crate::input::{read_policy_file, read_text_file};
use crate::policy::engine::Mfa;
use crate::policy::model::document;
use crate::policy::simulate::{self as engine, SimRequest, parse_requests};

use super::failure::policy_error;
use super::{Failure, values};

/// Largest requests file read: far beyond any real batch, small enough to stay in memory.
const MAX_REQUESTS_BYTES: usize = 512 * 1024 * 1024;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").required(true).args(["requests", "action"])))]
pub struct SimulateArgs {
    /// The policy to evaluate.
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,

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
}

pub fn run(args: SimulateArgs) -> Result<ExitCode, Failure> {
    let policy_text = read_policy_file(&args.policy)?;
    let policy = document::parse(&policy_text).map_err(|e| policy_error(&args.policy, &e))?;
    let requests_text;
    let requests: Vec<SimRequest<'_>> = match &args.requests {
        Some(path) => {
            requests_text = read_text_file(path, MAX_REQUESTS_BYTES, "a requests file")?;
            parse_requests(&requests_text)
                .map_err(|e| Failure::new(format!("{}: {e}", path.display())))?
        }
        None => engine::from_flags(&args.action, &args.resource, args.mfa),
    };
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout);
    engine::decide_all(&policy, &requests, &mut out)
        .and_then(|()| out.flush())
        .map_err(Failure::from_stdout)?;
    Ok(ExitCode::SUCCESS)
}
