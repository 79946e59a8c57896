//! The engine budgets of product spec §8 as instruction counts, which, unlike wall time, do not
//! change with the load of a shared machine. Run a workload a fixed number of times under
//! callgrind and divide:
//!
//! ```text
//! cargo bench --bench instructions --no-run
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/deps/instructions-<hash> recompute 300
//! ```
//!
//! Workloads: `decision` (the 24 mixed requests of `engine`'s decision bench, per round) and
//! `recompute` (choices changed → policy + truth table + checks + journey), `recompute-set` (the
//! same within the set of 8 policies of `engine`'s set bench). Without arguments
//! (as `cargo bench` runs it) it does one round of each, so that it stays cheap.

mod common;

use std::hint::black_box;

use iamself_tui::policy::engine::{Mfa, Request};
use iamself_tui::policy::model::choices::{Choices, Credential};
use iamself_tui::policy::reports::analysis::{analyze_choices, analyze_choices_in};

fn decisions(rounds: usize) {
    let (compiled, own, other) = common::recommended_policy();
    for _ in 0..rounds {
        for (action, resource) in common::mixed_actions(&own, &other) {
            for mfa in Mfa::ALL {
                let request = Request {
                    action,
                    resource,
                    mfa,
                    context: &[],
                };
                black_box(compiled.evaluate(black_box(&request)));
            }
        }
    }
}

fn recompute(rounds: usize) {
    let mut choices = Choices::default();
    for _ in 0..rounds {
        choices.toggle(Credential::SshKeys);
        black_box(analyze_choices(black_box(&choices)));
    }
}

fn recompute_in_set(rounds: usize) {
    let others = common::seven_others();
    let mut choices = Choices::default();
    for _ in 0..rounds {
        choices.toggle(Credential::SshKeys);
        black_box(analyze_choices_in(black_box(&choices), &others));
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let workload = args.next();
    let rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    match workload.as_deref() {
        Some("decision") => decisions(rounds),
        Some("recompute") => recompute(rounds),
        Some("recompute-set") => recompute_in_set(rounds),
        _ => {
            decisions(1);
            recompute(1);
            recompute_in_set(1);
        }
    }
}
