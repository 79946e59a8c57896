//! Arbitrary bytes as a `simulate --requests` file: parsed, decided against generated policies,
//! and the JSON Lines output read back (pipeline in `iamself_tui::fuzzing`, shared with the
//! regression tests).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| iamself_tui::fuzzing::simulate_lines(data));
