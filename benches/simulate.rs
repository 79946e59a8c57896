//! `simulate` over 10,000 requests in-process (product spec §8): parse the JSON Lines, decide,
//! write the output lines.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iamself_tui::policy::generate::generate_policy;
use iamself_tui::policy::model::choices::Choices;
use iamself_tui::policy::simulate::{decide_all, parse_requests};

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

criterion_group!(benches, simulate);
criterion_main!(benches);
