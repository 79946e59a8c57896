//! Arbitrary bytes as an account dump (`aws iam get-account-authorization-details`): parse,
//! resolve every user's whole set (the pipeline lives in `iamself_tui::fuzzing`, shared with the
//! regression tests).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| iamself_tui::fuzzing::account_dump(data));
