//! Budgets of product spec §8 for the policy core: one decision, and choices → policy + truth
//! table + checks + journey.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamself_tui::policy::engine::{Mfa, Request};
use iamself_tui::policy::model::choices::{Choices, Credential};
use iamself_tui::policy::reports::analysis::{analyze_choices, analyze_choices_in};

fn decisions(c: &mut Criterion) {
    let (compiled, own, other) = common::recommended_policy();
    let requests: Vec<Request<'_>> = common::mixed_actions(&own, &other)
        .into_iter()
        .flat_map(|(action, resource)| {
            Mfa::ALL.into_iter().map(move |mfa| Request {
                action,
                resource,
                mfa,
                context: &[],
            })
        })
        .collect();
    let mut group = c.benchmark_group("decision");
    group.throughput(criterion::Throughput::Elements(requests.len() as u64));
    group.bench_function("recommended, mixed requests", |b| {
        b.iter(|| {
            for request in &requests {
                black_box(compiled.evaluate(black_box(request)));
            }
        })
    });
    group.finish();
}

fn recompute(c: &mut Criterion) {
    let mut choices = Choices::default();
    c.bench_function(
        "choices changed -> policy + truth table + checks + journey",
        |b| {
            b.iter(|| {
                choices.toggle(Credential::SshKeys);
                black_box(analyze_choices(black_box(&choices)))
            })
        },
    );
}

/// Product spec §8: a set of 8 policies including PowerUserAccess.
fn recompute_in_set(c: &mut Criterion) {
    let others = common::seven_others();
    let mut choices = Choices::default();
    c.bench_function(
        "choices changed -> everything recomputed, set of 8 policies",
        |b| {
            b.iter(|| {
                choices.toggle(Credential::SshKeys);
                black_box(analyze_choices_in(black_box(&choices), &others))
            })
        },
    );
}

criterion_group!(benches, decisions, recompute, recompute_in_set);
criterion_main!(benches);
