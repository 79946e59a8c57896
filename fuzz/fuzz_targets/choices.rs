//! Arbitrary bytes as a sequence of wizard edits: the generated policy, its analysis, the
//! product spec §3 invariants, reopening it, and every export (pipeline in
//! `iamself_tui::fuzzing`, shared with the regression tests).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| iamself_tui::fuzzing::choices(data));
