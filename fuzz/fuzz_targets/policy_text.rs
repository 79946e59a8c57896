//! Arbitrary bytes as a policy file: parse, lint, analysis, evaluation, inference and every
//! export (the pipeline lives in `iamself_tui::fuzzing`, shared with the regression tests).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| iamself_tui::fuzzing::policy_text(data));
