//! Temporary stand-in for the export formats and the atomic save that branch `cli` provides
//! (`export::Format`, `export::render`, `output::save_atomic`), with the contract's signatures.
//! Removed when that branch is merged.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::policy::export::{to_minified_json, to_pretty_json};

pub const POLICY_NAME: &str = "self-manage-credentials";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Minified,
    Terraform,
    CloudFormation,
    AwsCli,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::Minified,
        Format::Terraform,
        Format::CloudFormation,
        Format::AwsCli,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Minified => "minified",
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
            Format::AwsCli => "aws-cli",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => ".json",
            Format::Minified => ".min.json",
            Format::Terraform => ".tf",
            Format::CloudFormation => ".yaml",
            Format::AwsCli => ".sh",
        }
    }

    pub fn from_extension(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?;
        Format::ALL
            .into_iter()
            .rev()
            .find(|f| name.ends_with(f.extension()))
    }
}

pub fn render(policy: &Value, format: Format) -> String {
    match format {
        Format::Minified => to_minified_json(policy),
        _ => to_pretty_json(policy),
    }
}

#[derive(Debug)]
pub enum SaveError {
    Exists(std::path::PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Exists(_) => f.write_str("the file exists"),
            SaveError::Io(e) => e.fmt(f),
        }
    }
}

pub fn save_atomic(path: &Path, contents: &str, overwrite: bool) -> Result<(), SaveError> {
    if !overwrite && path.exists() {
        return Err(SaveError::Exists(path.to_owned()));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(SaveError::Io)?;
    temp.write_all(contents.as_bytes()).map_err(SaveError::Io)?;
    temp.persist(path).map_err(|e| SaveError::Io(e.error))?;
    Ok(())
}
