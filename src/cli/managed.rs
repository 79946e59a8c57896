//! `iamself-tui managed`: the bundled AWS managed policies, usable as `aws:NAME` with `--with`,
//! `--boundary` and `--scp`: one line each, `aws:NAME  version  date  description`.

use std::process::ExitCode;

use crate::policy::model::managed;

use super::{Failure, stdout};

pub fn run() -> Result<ExitCode, Failure> {
    stdout::write(&listing())?;
    Ok(ExitCode::SUCCESS)
}

fn listing() -> String {
    let all = managed::all();
    let width = all.iter().map(|p| p.label().len()).max().unwrap_or(0);
    all.iter()
        .map(|p| {
            format!(
                "{:<width$}  {:<4} {}  {}\n",
                p.label(),
                p.version,
                p.date,
                p.description
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_bundled_policy_with_version_and_date() {
        let text = listing();
        assert_eq!(text.lines().count(), managed::all().len());
        assert!(
            text.lines()
                .any(|l| l.starts_with("aws:PowerUserAccess") && l.contains("v12  2026-02-12")),
            "{text}"
        );
    }
}
