//! `simulate` over 10,000 requests in-process (product spec §8): parse the JSON Lines, decide,
//! write the output lines; the simple path and the command's (each line decided as read); and
//! the floor alone (reading the JSON Lines into requests, deciding nothing).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamself_tui::input::WholeText;
use iamself_tui::policy::engine::PolicySet;
use iamself_tui::policy::generate::generate_policy;
use iamself_tui::policy::model::choices::Choices;
use iamself_tui::policy::simulate::{
    decide_all, decide_all_in_set, parse_requests, simulate_source,
};
use iamself_tui::testing::five_policy_set;

/// 10,000 requests mixing actions, own and other users and the three MFA contexts.
pub fn requests_text() -> String {
    let actions = [
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        "iam:ListVirtualMFADevices",
        "iam:EnableMFADevice",
        "iam:AttachUserPolicy",
        "iam:UploadSSHPublicKey",
        "iam:DeactivateMFADevice",
        "s3:ListAllMyBuckets",
    ];
    let mfa = ["true", "false", "null"];
    (0..10_000)
        .map(|i| {
            let user = if i % 5 == 0 { "bob" } else { "alice" };
            format!(
                "{{\"action\":\"{}\",\"resource\":\"arn:aws:iam::123456789012:user/{user}\",\"username\":\"alice\",\"account\":\"123456789012\",\"mfa\":{}}}\n",
                actions[i % actions.len()],
                mfa[i % 3]
            )
        })
        .collect()
}

fn simulate(c: &mut Criterion) {
    let policy = generate_policy(&Choices::default());
    let text = requests_text();
    let mut out = Vec::with_capacity(2 << 20);
    c.bench_function("simulate 10,000 requests in-process", |b| {
        b.iter(|| {
            out.clear();
            let requests = parse_requests(black_box(&text)).expect("valid requests");
            decide_all(&policy, &requests, &mut out).expect("writes to memory");
            black_box(out.len())
        })
    });
}

fn simulate_as_read(c: &mut Criterion) {
    let set = PolicySet::single("policy.json", generate_policy(&Choices::default()));
    let text = requests_text();
    let mut out = Vec::with_capacity(2 << 20);
    c.bench_function(
        "simulate 10,000 requests in-process, decided as read",
        |b| {
            b.iter(|| {
                out.clear();
                let mut source = WholeText::new(text.as_str().into());
                simulate_source(&set, black_box(&mut source), &mut out).expect("valid");
                black_box(out.len())
            })
        },
    );
}

/// The floor: the JSON Lines read into requests, with the `serde_json` reader every line would
/// need without the fast one (`Value`), and with the crate's reader.
fn floor(c: &mut Criterion) {
    let text = requests_text();
    c.bench_function("floor: 10,000 lines into serde_json Values", |b| {
        b.iter(|| {
            let values: Vec<serde_json::Value> = black_box(&text)
                .lines()
                .map(|line| serde_json::from_str(line).expect("valid"))
                .collect();
            black_box(values.len())
        })
    });
    c.bench_function("floor: 10,000 lines into requests", |b| {
        b.iter(|| black_box(parse_requests(black_box(&text)).expect("valid").len()))
    });
}

/// Product spec §8: the same batch against a 5-policy set (this policy, PowerUserAccess,
/// IAMUserChangePassword, a boundary, one SCP level): at most twice the single policy's time.
fn simulate_set(c: &mut Criterion) {
    let set = five_policy_set(generate_policy(&Choices::default()));
    let text = requests_text();
    let mut out = Vec::with_capacity(2 << 20);
    c.bench_function(
        "simulate 10,000 requests in-process, set of 5 policies",
        |b| {
            b.iter(|| {
                out.clear();
                let requests = parse_requests(black_box(&text)).expect("valid requests");
                decide_all_in_set(&set, &requests, &mut out).expect("writes to memory");
                black_box(out.len())
            })
        },
    );
}

criterion_group!(benches, simulate, simulate_as_read, floor, simulate_set);
criterion_main!(benches);
