//! Budgets of product spec §8 for the policy core: one decision, and choices → policy + truth
//! table + checks + journey.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamself_tui::policy::engine::{CompiledPolicy, Mfa, Request};
use iamself_tui::policy::generate::generate_policy;
use iamself_tui::policy::model::choices::{Choices, Credential};
use iamself_tui::policy::reports::analysis::analyze_choices;
use iamself_tui::policy::sample::principal_for;

fn decisions(c: &mut Criterion) {
    let choices = Choices::default();
    let policy = generate_policy(&choices);
    let principal = principal_for(&choices);
    let compiled = CompiledPolicy::compile(&policy, &principal);
    let own = principal.arn();
    let other = "arn:aws:iam::123456789012:user/bob".to_owned();
    // A mix like the truth table's: own and other user, every MFA context, allowed and denied,
    // user-scoped, wildcard-only and other-service actions.
    let requests: Vec<Request<'_>> = [
        ("iam:ChangePassword", &own),
        ("iam:CreateAccessKey", &other),
        ("iam:ListVirtualMFADevices", &own),
        ("iam:EnableMFADevice", &own),
        ("iam:AttachUserPolicy", &own),
        ("s3:ListAllMyBuckets", &own),
        ("iam:UploadSSHPublicKey", &own),
        ("iam:DeactivateMFADevice", &own),
    ]
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

criterion_group!(benches, decisions, recompute);
criterion_main!(benches);
