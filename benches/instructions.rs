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
//!
//! Speed layers against their simple twins, on the recommended policy: `pretty` /
//! `pretty-serde` (the preview text written from the model, or through a `serde_json` tree) and
//! `size` / `size-chars` (the size count for plain text, or counting non-whitespace `char`s).

mod common;

use std::hint::black_box;

use iamself_tui::policy::engine::{Mfa, Request};
use iamself_tui::policy::generate::generate_policy;
use iamself_tui::policy::model::choices::{Choices, Credential};
use iamself_tui::policy::output::export::to_pretty_json;
use iamself_tui::policy::output::generated_json;
use iamself_tui::policy::reports::analysis::{analyze_choices, analyze_choices_in};
use iamself_tui::policy::size::policy_size;
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

fn pretty(rounds: usize, through_serde: bool) {
    let policy = generate_policy(&Choices::default());
    for _ in 0..rounds {
        let policy = black_box(&policy);
        let text = if through_serde {
            to_pretty_json(&generated_json::to_value(policy))
        } else {
            generated_json::to_pretty(policy)
        };
        black_box(text);
    }
}

fn size(rounds: usize, by_chars: bool) {
    let text = generated_json::to_pretty(&generate_policy(&Choices::default()));
    for _ in 0..rounds {
        let text = black_box(text.as_str());
        let size = if by_chars {
            text.chars().filter(|c| !c.is_whitespace()).count()
        } else {
            policy_size(text)
        };
        black_box(size);
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
        Some("wizard-attach") => wizard_attach(rounds),
        Some("pretty") => pretty(rounds, false),
        Some("pretty-serde") => pretty(rounds, true),
        Some("size") => size(rounds, false),
        Some("size-chars") => size(rounds, true),
        _ => {
            decisions(1);
            recompute(1);
            recompute_in_set(1);
            wizard_attach(1);
            pretty(1, false);
            pretty(1, true);
            size(1, false);
            size(1, true);
        }
    }
}
