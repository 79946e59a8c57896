//! iamself-tui: writes the IAM policy that lets AWS users manage their own credentials, and
//! proves what that policy allows before anyone deploys it.
#![forbid(unsafe_code)]

pub mod cli;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod output;
pub mod policy;
#[doc(hidden)]
pub mod testing;
pub mod text;
pub mod tui;
