//! Replays the fuzzers' kept inputs (crashes found and fixed, and inputs that reach deep paths)
//! through the same pipelines as the fuzz targets under `fuzz/`, so plain `cargo test` on the
//! stable toolchain keeps them fixed. Inputs: `tests/fuzz_inputs/<target>/`, one file each.
//!
//! `cargo test --test fuzz_regressions -- --ignored write_seed_corpus` writes the fuzzers' seed
//! corpus (`fuzz/corpus/<target>/`): AWS's example policies, every preset's policy, edit
//! sequences for every preset, the kept `simulate` request files, account dumps and policy sets.

use std::fs;
use std::path::{Path, PathBuf};

use iamself_tui::fuzzing;
use iamself_tui::policy::model::Named;
use iamself_tui::policy::model::choices::Preset;
use iamself_tui::policy::reports::analysis::analyze_choices;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_inputs")
        .join(target);
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            let path = entry.expect("readable folder entry").path();
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, bytes)
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", folder.display());
    inputs
}

fn replay(target: &str, pipeline: fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        let outcome = std::panic::catch_unwind(|| pipeline(&bytes));
        assert!(outcome.is_ok(), "{} fails again", path.display());
    }
}

#[test]
fn policy_text_inputs_pass() {
    replay("policy_text", fuzzing::policy_text);
}

#[test]
fn choices_inputs_pass() {
    replay("choices", fuzzing::choices);
}

#[test]
fn simulate_lines_inputs_pass() {
    replay("simulate_lines", fuzzing::simulate_lines);
}

#[test]
fn account_dump_inputs_pass() {
    replay("account_dump", fuzzing::account_dump);
}

#[test]
fn policy_set_inputs_pass() {
    replay("policy_set", fuzzing::policy_set);
}

#[test]
fn every_preset_passes_both_pipelines() {
    for (index, preset) in Preset::ALL.iter().copied().enumerate() {
        fuzzing::policy_text(analyze_choices(&preset.choices()).pretty.as_bytes());
        fuzzing::choices(&[u8::try_from(index).expect("few presets")]);
    }
}

/// Not a check: writes the seed corpus for the fuzzers (see the module comment).
#[test]
#[ignore = "writes fuzz/corpus; run by hand before fuzzing"]
fn write_seed_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy_dir = root.join("fuzz/corpus/policy_text");
    let choices_dir = root.join("fuzz/corpus/choices");
    let simulate_dir = root.join("fuzz/corpus/simulate_lines");
    let dump_dir = root.join("fuzz/corpus/account_dump");
    let set_dir = root.join("fuzz/corpus/policy_set");
    for dir in [
        &policy_dir,
        &choices_dir,
        &simulate_dir,
        &dump_dir,
        &set_dir,
    ] {
        fs::create_dir_all(dir).expect("corpus folder");
    }
    let examples = root.join("../shared/reference/aws-examples");
    if let Ok(entries) = fs::read_dir(&examples) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_name().expect("a file name");
                fs::copy(&path, policy_dir.join(name)).expect("copy example");
            }
        }
    }
    for (index, preset) in Preset::ALL.iter().copied().enumerate() {
        let text = analyze_choices(&preset.choices()).pretty;
        fs::write(
            policy_dir.join(format!("preset-{}.json", preset.name())),
            text,
        )
        .expect("write preset");
        let index = u8::try_from(index).expect("few presets");
        fs::write(
            choices_dir.join(format!("preset-{}", preset.name())),
            [index],
        )
        .expect("write preset edits");
    }
    // Edits through every setter: credentials, flags, services, scope, account text and digits.
    let mut every_setter = vec![0u8];
    for operation in 0u8..12 {
        every_setter.extend([operation, 0x81]);
    }
    every_setter.extend([12, 12]);
    every_setter.extend(b" 12345678901");
    every_setter.extend([13, 0]);
    every_setter.extend(b"210987654321");
    fs::write(choices_dir.join("every-setter"), every_setter).expect("write edits");
    for entry in fs::read_dir(root.join("tests/fuzz_inputs/simulate_lines")).expect("inputs") {
        let path = entry.expect("folder entry").path();
        let name = path.file_name().expect("a file name");
        fs::copy(&path, simulate_dir.join(name)).expect("copy requests");
    }
    for entry in fs::read_dir(root.join("tests/fuzz_inputs/account_dump")).expect("inputs") {
        let path = entry.expect("folder entry").path();
        let name = path.file_name().expect("a file name");
        fs::copy(&path, dump_dir.join(name)).expect("copy dump");
    }
    for entry in fs::read_dir(root.join("tests/fuzz_inputs/policy_set")).expect("inputs") {
        let path = entry.expect("folder entry").path();
        let name = path.file_name().expect("a file name");
        fs::copy(&path, set_dir.join(name)).expect("copy set");
    }
    // Every preset's policy beside each bundled managed policy, under a boundary of another.
    for (index, preset) in Preset::ALL.iter().copied().enumerate() {
        let text = analyze_choices(&preset.choices()).pretty;
        let managed = iamself_tui::policy::model::managed::all();
        let with = managed[index % managed.len()].label();
        let boundary = managed[(index + 1) % managed.len()].label();
        let mut input = vec![0b101, 0];
        input.extend(text.as_bytes());
        input.push(0);
        input.extend(with.as_bytes());
        input.push(0);
        input.extend(boundary.as_bytes());
        fs::write(set_dir.join(format!("preset-{}", preset.name())), input).expect("write set");
    }
}
