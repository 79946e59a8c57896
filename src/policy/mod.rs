//! The policy core: catalog, choices, document model, generator, evaluator, truth table, checks
//! and exports. Knows nothing of terminals; the CLI and the TUI are thin shells over it.

pub mod catalog;
pub mod choices;
pub mod document;
pub mod export;
pub mod families;
pub mod generate;
