//! Support for the tests: AWS's reference documents in `../shared/reference/` (the IAM and STS
//! catalogs, AWS's example and managed policies), which sit beside the repository in CI and in
//! the workspace. A test that needs them must not pass silently without them: outside CI it says
//! it was skipped and why; under `CI=true` their absence is a failure.

use std::path::PathBuf;

pub mod tmpfs;

pub use tmpfs::SmallTmpfs;

use crate::policy::engine::{NamedPolicy, PolicySet};
use crate::policy::model::document::Policy;
use crate::policy::model::managed;

/// The set of product spec §8's `simulate` budget: `policy` (as `policy.json`) with
/// PowerUserAccess and IAMUserChangePassword, AdministratorAccess as the boundary and as the one
/// SCP level.
pub fn five_policy_set(policy: Policy) -> PolicySet {
    let aws = |name: &str| NamedPolicy::bundled(managed::find(name).expect("bundled"));
    PolicySet {
        identity: vec![
            NamedPolicy::new("policy.json", policy),
            aws("PowerUserAccess"),
            aws("IAMUserChangePassword"),
        ],
        boundary: Some(aws("AdministratorAccess")),
        scp_levels: vec![vec![aws("AdministratorAccess")]],
    }
}

/// The reference folder, or `None` (after saying so) when it is absent outside CI.
pub fn reference_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none_or(|value| value.is_empty()),
        "CI is set but the shared reference folder is missing: {}",
        dir.display()
    );
    eprintln!(
        "skipped: the shared reference folder is not at {}",
        dir.display()
    );
    None
}

/// The text of a file under the reference folder, e.g. `aws-examples/managed-IAMFullAccess.json`.
/// A missing file inside a present folder is a failure, not a skip.
pub fn reference_text(relative: &str) -> Option<String> {
    let path = reference_dir()?.join(relative);
    Some(
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display())),
    )
}

/// One of AWS's example policies, by file name.
pub fn aws_example(name: &str) -> Option<String> {
    reference_text(&format!("aws-examples/{name}"))
}
