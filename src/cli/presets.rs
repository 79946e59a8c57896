//! `iamself-tui presets`: one line per preset, `name  summary`.

use std::process::ExitCode;

use crate::policy::model::Named;
use crate::policy::model::choices::Preset;

use super::{Failure, stdout};

pub fn run() -> Result<ExitCode, Failure> {
    stdout::write(&listing())?;
    Ok(ExitCode::SUCCESS)
}

fn listing() -> String {
    let width = Preset::ALL
        .iter()
        .map(|p| p.name().len())
        .max()
        .unwrap_or(0);
    Preset::ALL
        .iter()
        .map(|p| format!("{:<width$}  {}\n", p.name(), p.summary()))
        .collect()
}
