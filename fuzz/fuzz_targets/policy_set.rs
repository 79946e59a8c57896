//! Arbitrary bytes as a user's whole set (several policy texts, a boundary, SCP levels, bundled
//! and unknown policies): the set evaluation against its layers, the truth table, journey and
//! checks over the set, and the set's lint (pipeline and input layout in
//! `iamself_tui::fuzzing::policy_set`, shared with the regression tests).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| iamself_tui::fuzzing::policy_set(data));
