//! No subcommand: the interactive wizard, which needs a terminal on both ends.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::{InputError, read_dump_file, read_policy_file};
use crate::policy::model::account::{self, AccountDump, DumpError};
use crate::policy::model::choices::Preset;
use crate::tui::{self, ColorMode, TuiOptions};

use super::Failure;
use super::policy_set::SetArgs;

pub fn run(
    preset: Option<Preset>,
    open: Option<PathBuf>,
    color: ColorMode,
    mouse: bool,
    set: &SetArgs,
) -> Result<ExitCode, Failure> {
    // The wizard reads its keys from standard input, so a policy cannot come from there too;
    // refusing first says so even where no terminal would be at hand.
    if open.as_deref() == Some(std::path::Path::new("-")) {
        return Err(Failure::new(
            "--open - is not supported: the wizard reads keys from standard input; save the policy to a file and open that, or use `iamself-tui explain -`",
        ));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::new(
            "the wizard needs a terminal; use `iamself-tui generate` for scripts",
        ));
    }
    // Unreadable files and bad dumps are reported here, before the screen is taken over.
    let (opened, dump) = match open {
        Some(path) => match read_opened(&path)? {
            Opened::Policy(text) => (Some((path, text)), None),
            Opened::Dump(dump) => (None, Some((path, *dump))),
        },
        None => (None, None),
    };
    if dump.is_some() && (!set.with.is_empty() || set.boundary.is_some()) {
        return Err(Failure::new(
            "--with and --boundary do not apply to an account dump: each user's policies and boundary come from the dump (--scp applies to every user)",
        ));
    }
    let others = set.load()?.others;
    let options = TuiOptions {
        preset: preset.unwrap_or(Preset::Recommended),
        opened,
        color,
        mouse,
        others,
        dump,
    };
    tui::run(options).map_err(Failure::new)?;
    Ok(ExitCode::SUCCESS)
}

/// What `--open` names.
#[derive(Debug)]
enum Opened {
    Policy(String),
    Dump(Box<AccountDump>),
}

/// Reads the file `--open` names: an account dump (up to the dump limit) or a policy (up to the
/// policy limit, whose message a larger file that is not a dump still gets).
fn read_opened(path: &std::path::Path) -> Result<Opened, Failure> {
    match read_policy_file(path) {
        Ok(text) => classify(path, text),
        Err(too_large @ InputError::TooLarge { .. }) => {
            let text = read_dump_file(path)?;
            match classify(path, text)? {
                Opened::Dump(dump) => Ok(Opened::Dump(dump)),
                Opened::Policy(_) => Err(too_large.into()),
            }
        }
        Err(error) => Err(error.into()),
    }
}

/// A dump when the text is one; a dump with an error is refused with the `audit` command's
/// one line; anything else is a policy (whose errors the wizard shows, as before).
fn classify(path: &std::path::Path, text: String) -> Result<Opened, Failure> {
    match account::parse(&text) {
        Ok(dump) => Ok(Opened::Dump(Box::new(dump))),
        Err(error) if is_dump_error(&text, &error) => {
            Err(Failure::new(format!("{}: {error}", path.display())))
        }
        Err(_) => Ok(Opened::Policy(text)),
    }
}

/// Whether a dump parser's error is about a dump (rather than a text that is not one). Malformed
/// JSON counts when the text names a list only dumps have.
fn is_dump_error(text: &str, error: &DumpError) -> bool {
    match error {
        DumpError::NotADump(_) => false,
        DumpError::Json { .. } => [
            "\"UserDetailList\"",
            "\"GroupDetailList\"",
            "\"RoleDetailList\"",
        ]
        .iter()
        .any(|list| text.contains(list)),
        DumpError::Content { .. } | DumpError::Inconsistent(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn kind(text: &str) -> Result<&'static str, String> {
        match classify(Path::new("f.json"), text.to_owned()) {
            Ok(Opened::Policy(_)) => Ok("policy"),
            Ok(Opened::Dump(_)) => Ok("dump"),
            Err(failure) => Err(failure.to_string()),
        }
    }

    #[test]
    fn dumps_and_policies_are_told_apart() {
        assert_eq!(
            kind(r#"{"UserDetailList": [], "Policies": []}"#),
            Ok("dump")
        );
        let policy = r#"{"Version": "2012-10-17", "Statement": []}"#;
        assert_eq!(kind(policy), Ok("policy"));
        // Broken policies and other files open as policies: the wizard shows what is wrong.
        assert_eq!(kind(r#"{"Version": "#), Ok("policy"));
        assert_eq!(kind("[1, 2]"), Ok("policy"));
        assert_eq!(kind(""), Ok("policy"));
    }

    #[test]
    fn a_bad_dump_is_one_line_as_in_audit() {
        let error = kind(r#"{"UserDetailList": 3}"#).unwrap_err();
        assert!(
            error.starts_with("f.json: invalid account dump: "),
            "{error}"
        );
        let error = kind(r#"{"UserDetailList": [{"UserName": "a""#).unwrap_err();
        assert!(
            error.starts_with("f.json: invalid JSON at line 1"),
            "{error}"
        );
        assert!(!error.contains('\n'));
    }
}
