//! The policy core: catalog, choices, document model, generator, evaluator, truth table, checks
//! and exports. Knows nothing of terminals; the CLI and the TUI are thin shells over it.

pub mod analysis;
pub mod catalog;
pub mod choices;
pub mod condition;
pub mod document;
pub mod evaluate;
pub mod export;
pub mod families;
pub mod generate;
pub mod generated_json;
pub mod infer;
pub mod journey;
pub mod lint;
pub mod pattern;
pub mod simulate;
pub mod truth_table;
pub mod variables;
