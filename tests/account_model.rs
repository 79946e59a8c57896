//! Builds and tests the account-dump model on its own until it is wired into the library's module
//! tree (the `src/policy` layout is being reorganised); removed once `src/policy/model/account`
//! is a module of the library.
#![allow(dead_code, unused_imports)]

mod policy {
    pub use iamself_tui::policy::*;
}

#[path = "../src/policy/model/account/mod.rs"]
mod account;
