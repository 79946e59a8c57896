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
//! same within the set of 8 policies of `engine`'s set bench), `wizard-attach` (the wizard's
//! state machine ticking a bundled managed policy in the "Also attached" choices, so that the
//! set goes between 7 and 8 policies: the set rebuilt, then everything recomputed). Without
//! arguments (as `cargo bench` runs it) it does one round of each, so that it stays cheap.

mod common;

use std::hint::black_box;

use iamself_tui::policy::engine::{Mfa, Request};
use iamself_tui::policy::model::choices::{Choices, Credential};
use iamself_tui::policy::reports::analysis::{analyze_choices, analyze_choices_in};
use iamself_tui::tui::action::Action;
use iamself_tui::tui::app::App;
use iamself_tui::tui::attached::Row;
use iamself_tui::tui::choice_items::ITEMS;
use iamself_tui::tui::theme::Theme;

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

fn wizard_attach(rounds: usize) {
    let mut others = common::seven_others();
    others
        .identity
        .retain(|p| p.name != "aws:IAMReadOnlyAccess");
    let mut app = App::new(Choices::default(), Theme::MONO, (120, 40));
    app.set_others(others);
    let row = app
        .attached
        .rows()
        .iter()
        .position(|r| *r == Row::Managed("IAMReadOnlyAccess"))
        .expect("a checkbox");
    app.selected_item = ITEMS.len() + row;
    for _ in 0..rounds {
        black_box(app.update(Action::Toggle));
    }
    black_box(&app);
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let workload = args.next();
    let rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    match workload.as_deref() {
        Some("decision") => decisions(rounds),
        Some("recompute") => recompute(rounds),
        Some("recompute-set") => recompute_in_set(rounds),
        Some("wizard-attach") => wizard_attach(rounds),
        _ => {
            decisions(1);
            recompute(1);
            recompute_in_set(1);
            wizard_attach(1);
        }
    }
}
