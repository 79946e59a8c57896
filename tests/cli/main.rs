//! The command line end to end (product spec §6 and §9): every subcommand, every bad input that
//! reaches the CLI, and the exit codes 0 / 1 / 2.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test, with its message

mod audit;
mod aws_docs;
mod bad_input;
mod explain;
mod exports;
mod generate;
mod lint;
mod sets;
mod simulate;
mod small;
mod support;
