//! The analysis against AWS's own example policy: the `aws-docs` preset answers the same for
//! every action the example names, and the journey shows the example's MFA enrolment hole.

use super::*;
use crate::policy::engine::{Mfa, Request};
use crate::policy::model::Named;
use crate::policy::model::choices::Preset;
use crate::policy::reports::truth_table::resource_for;
use crate::policy::sample::OWN_USER;

fn aws_example() -> Option<String> {
    crate::testing::aws_example("self-manage-credentials-with-mfa.json")
}

fn enrol_step(journey: &Journey) -> &crate::policy::reports::journey::JourneyStep {
    journey
        .steps
        .iter()
        .find(|s| s.stage == 4 && s.mfa == Mfa::Absent && s.action == "iam:EnableMFADevice")
        .expect("the journey has the stolen-key enrolment step")
}

#[test]
fn aws_docs_preset_answers_like_aws_example_for_every_action_it_names() {
    let Some(text) = aws_example() else { return };
    let example = analyze_text(&text, Attachment::Managed).expect("AWS's example parses");
    let ours = analyze_choices(&Preset::AwsDocs.choices());
    let principal = principal_for(&ours.choices);
    let mut named: Vec<&str> = example
        .policy
        .statements
        .iter()
        .flat_map(|s| s.action.values.iter().map(String::as_str))
        .collect();
    named.sort_unstable();
    named.dedup();
    assert_eq!(named.len(), 28, "{named:?}");
    let (example_compiled, ours_compiled) = (example.compiled(), ours.compiled());
    for action in named {
        for user in [OWN_USER, OTHER_USER] {
            let resource = resource_for(action, &principal, user);
            for mfa in Mfa::ALL {
                let request = Request {
                    action,
                    resource: &resource,
                    mfa,
                    context: &[],
                };
                let theirs = example_compiled.evaluate(&request).verdict().is_allowed();
                let mine = ours_compiled.evaluate(&request).verdict().is_allowed();
                assert_eq!(mine, theirs, "{action} on {user} with {mfa:?}");
            }
        }
    }
}

#[test]
fn journey_shows_the_stolen_key_enrolment_hole_in_aws_example() {
    let Some(text) = aws_example() else { return };
    let example = analyze_text(&text, Attachment::Managed).expect("AWS's example parses");
    let step = enrol_step(&example.journey);
    assert!(
        step.decision.verdict().is_allowed(),
        "AWS's example lets a stolen key enrol"
    );
    assert!(!step.as_expected());
}

#[test]
fn journey_of_recommended_is_as_expected_and_closes_the_hole() {
    let analysis = analyze_choices(&Choices::default());
    let step = enrol_step(&analysis.journey);
    assert!(!step.decision.verdict().is_allowed());
    assert_eq!(
        step.decision.labels().collect::<Vec<_>>(),
        ["DenyLongTermKeysExceptGetSessionToken"]
    );
    let unexpected: Vec<_> = analysis.journey.unexpected().collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    for stage in 1..=5 {
        assert!(
            analysis.journey.steps.iter().any(|s| s.stage == stage),
            "stage {stage}"
        );
    }
}

#[test]
fn journey_is_as_expected_for_every_preset_that_enforces_mfa() {
    for preset in [Preset::Recommended, Preset::MfaOnly] {
        let analysis = analyze_choices(&preset.choices());
        let unexpected: Vec<_> = analysis.journey.unexpected().collect();
        assert!(unexpected.is_empty(), "{preset:?}: {unexpected:#?}");
    }
}

#[test]
fn truth_table_rows_cover_families_bootstrap_and_sentinels() {
    let analysis = analyze_choices(&Choices::default());
    let table = &analysis.table;
    for action in [
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        "sts:GetSessionToken",
        "iam:AttachUserPolicy",
        "s3:ListAllMyBuckets",
    ] {
        assert!(table.row(action).is_some(), "{action}");
    }
    let change = table.row("iam:ChangePassword").expect("row");
    let verdicts: Vec<_> = change.cells.iter().map(|d| d.verdict()).collect();
    use crate::policy::engine::Verdict::*;
    assert_eq!(
        verdicts,
        [Allowed, ExplicitDeny, ExplicitDeny, ImplicitDeny]
    );
    let token = table.row("sts:GetSessionToken").expect("row");
    assert!(
        token
            .cells
            .iter()
            .all(|d| d.verdict() == Allowed && d.is_not_controlled_by_policy())
    );
    let sentinel = table.row("iam:AttachUserPolicy").expect("row");
    assert!(sentinel.cells.iter().all(|d| !d.verdict().is_allowed()));
}

#[test]
fn opened_policy_keeps_its_text_and_reports_json_errors_with_position() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:GetUser\", \"Resource\": \"*\"}]}";
    let analysis = analyze_text(text, Attachment::User).expect("valid");
    assert_eq!(analysis.pretty, text);
    assert_eq!(analysis.limit(), 2048);
    match analyze_text("{\n  \"Version\": 1,\n", Attachment::Managed) {
        Err(ParseError::Json(e)) => assert_eq!(e.line, 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn journey_answers_taken_from_the_table_equal_fresh_evaluations() {
    for &preset in Preset::ALL {
        let analysis = analyze_choices(&preset.choices());
        let principal = principal_for(&analysis.choices);
        let fresh = Journey::walk(
            &analysis.compiled(),
            &principal,
            OTHER_USER,
            &analysis.choices,
            None,
        );
        assert_eq!(fresh, analysis.journey, "{preset:?}");
    }
}

#[test]
fn with_attachment_equals_analysing_again_against_the_new_limit() {
    let generated = analyze_choices(&Preset::Recommended.choices());
    for &attachment in Attachment::ALL {
        let again = analyze_text(&generated.pretty, attachment).expect("parses");
        let opened = analyze_text(&generated.pretty, Attachment::Managed).expect("parses");
        let moved = opened.with_attachment(attachment);
        assert_eq!(moved.attachment, attachment);
        assert_eq!(moved.choices, again.choices);
        assert_eq!(moved.findings, again.findings, "{attachment:?}");
        assert_eq!(moved.size, again.size);
    }
    // The user-inline limit (2,048) is below the recommended policy's size: a size finding.
    let user = analyze_text(&generated.pretty, Attachment::Managed)
        .expect("parses")
        .with_attachment(Attachment::User);
    assert!(
        user.findings
            .iter()
            .any(|f| f.severity == crate::policy::lint::Severity::Error)
    );
}
