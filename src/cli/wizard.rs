//! No subcommand: the interactive wizard, which needs a terminal on both ends.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::read_policy_file;
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
    // Unreadable files are reported here, before the screen is taken over.
    let opened = match open {
        Some(path) => {
            let text = read_policy_file(&path)?;
            Some((path, text))
        }
        None => None,
    };
    let others = set.load()?.others;
    let options = TuiOptions {
        preset: preset.unwrap_or(Preset::Recommended),
        opened,
        color,
        mouse,
        others,
    };
    tui::run(options).map_err(Failure::new)?;
    Ok(ExitCode::SUCCESS)
}
