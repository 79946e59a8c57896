//! The `aws-docs` preset against AWS's own example.

use std::fs;

use serde_json::Value;

use iamself_tui::policy::model::catalog::Catalog;

use super::support::*;

/// The reviewer's check (product spec §2): `generate --preset aws-docs` decides every action AWS's
/// "self-manage credentials with MFA" example names exactly as the example does, with MFA true,
/// false and absent, for the own user and another user.
#[test]
fn aws_docs_preset_decides_like_the_aws_example() {
    let Some(reference) = iamself_tui::testing::reference_dir() else {
        return;
    };
    let example_path = reference.join("aws-examples/self-manage-credentials-with-mfa.json");
    let example_text = fs::read_to_string(&example_path).unwrap();
    let example: Value = serde_json::from_str(&example_text).unwrap();
    let mut actions: Vec<String> = Vec::new();
    for statement in example["Statement"].as_array().unwrap() {
        for key in ["Action", "NotAction"] {
            for action in statement[key].as_array().into_iter().flatten() {
                let action = action.as_str().unwrap().to_owned();
                if !actions.contains(&action) {
                    actions.push(action);
                }
            }
        }
    }
    assert!(actions.len() >= 25, "{actions:?}");

    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("aws-docs.json");
    assert_success(&run(&[
        "generate",
        "--preset",
        "aws-docs",
        "-o",
        path_str(&generated),
    ]));

    let catalog = Catalog::get();
    let mut requests = String::new();
    for action in &actions {
        let wildcard = catalog
            .find(action)
            .is_none_or(|a| a.wildcard_resource_only());
        let (own, other) = if wildcard {
            ("*".to_owned(), "*".to_owned())
        } else if action == "iam:CreateVirtualMFADevice" {
            (
                "arn:aws:iam::123456789012:mfa/alice".to_owned(),
                "arn:aws:iam::123456789012:mfa/bob".to_owned(),
            )
        } else {
            (
                "arn:aws:iam::123456789012:user/alice".to_owned(),
                "arn:aws:iam::123456789012:user/bob".to_owned(),
            )
        };
        for resource in [&own, &other] {
            for mfa in ["true", "false", "null"] {
                requests.push_str(&format!(
                    "{{\"action\":\"{action}\",\"resource\":\"{resource}\",\"mfa\":{mfa}}}\n"
                ));
            }
        }
    }
    let ours = simulate_lines(&generated, &requests);
    let theirs = simulate_lines(&example_path, &requests);
    assert_eq!(ours.len(), actions.len() * 6);
    for (ours, theirs) in ours.iter().zip(&theirs) {
        assert_eq!(
            ours["decision"], theirs["decision"],
            "{} on {} with mfa {}",
            ours["action"], ours["resource"], ours["mfa"]
        );
    }
    // The comparison can fail: both sides allow some and deny some.
    let allowed = ours.iter().filter(|l| l["decision"] == "allowed").count();
    assert!(allowed > 0 && allowed < ours.len());
}
