//! The invariants of product spec §3, checked for every combination of choices.

use super::*;
use crate::policy::engine::{CompiledPolicy, Mfa, Principal, Request};
use crate::policy::model::catalog::Catalog;
use crate::policy::model::choices::{Account, Choices, Partition, Preset};
use crate::policy::model::credential_actions::{
    MFA_BOOTSTRAP, PASSWORD_BEFORE_MFA, PRIVILEGE_ESCALATION,
};
use crate::policy::model::document::{self, Effect};
use crate::policy::reports::truth_table::{asked_service, context_for, resource_for};
use crate::policy::sample::{OTHER_USER, principal_for};

struct Subject {
    choices: Choices,
    policy: document::Policy,
    compiled: CompiledPolicy,
    principal: Principal,
}

impl Subject {
    fn new(choices: Choices) -> Subject {
        let (policy, errors) = document::from_value(&generate(&choices));
        assert!(errors.is_empty(), "{choices:?}: {errors:?}");
        let policy = policy.expect("object");
        let principal = principal_for(&choices);
        let compiled = CompiledPolicy::compile(&policy, &principal);
        Subject {
            choices,
            policy,
            compiled,
            principal,
        }
    }

    fn allowed(&self, action: &str, user: &str, mfa: Mfa) -> bool {
        let resource = resource_for(action, &self.principal, user);
        self.allowed_on(action, &resource, mfa)
    }

    fn allowed_on(&self, action: &str, resource: &str, mfa: Mfa) -> bool {
        self.compiled
            .evaluate(&Request {
                action,
                resource,
                mfa,
                context: &[],
            })
            .verdict()
            .is_allowed()
    }
}

/// Every IAM action of the catalog that takes a user resource, plus the bootstrap.
fn user_actions() -> Vec<&'static str> {
    Catalog::get()
        .actions()
        .iter()
        .filter(|a| a.accepts("user"))
        .map(|a| a.full_name.as_str())
        .collect()
}

/// All boolean and enumerated choices (credentials × MFA/scope flags × service restriction),
/// one representative per distinct generated policy (many combinations generate the same
/// document, e.g. a service restriction without service-specific credentials); account and
/// partition are covered separately, since they only change ARN text.
fn every_combination() -> impl Iterator<Item = Choices> {
    static DISTINCT: std::sync::OnceLock<Vec<Choices>> = std::sync::OnceLock::new();
    DISTINCT
        .get_or_init(|| {
            let mut seen = std::collections::HashSet::new();
            Choices::all_combinations()
                .filter(|c| c.account == Account::any() && c.partition == Partition::Aws)
                .filter(|c| seen.insert(generate(c).to_string()))
                .collect()
        })
        .iter()
        .cloned()
}

#[test]
fn the_combination_space_is_complete() {
    let all = Choices::all_combinations()
        .filter(|c| c.account == Account::any() && c.partition == Partition::Aws)
        .count();
    assert_eq!(all, 64 * 64 * 8);
    let distinct = every_combination().count();
    assert!(distinct > 1000 && distinct < all, "{distinct}");
}

/// policy-sets.md §1 with nothing but this policy: a set of one answers exactly as the policy
/// alone, deciding statements and labels included, for every truth-table question.
#[test]
fn a_set_of_one_generated_policy_answers_every_table_question_as_the_policy_alone() {
    use crate::policy::engine::PolicySet;
    use crate::policy::reports::analysis::analyze_choices;
    use crate::policy::reports::truth_table::Column;
    for choices in every_combination() {
        let analysis = analyze_choices(&choices);
        let principal = principal_for(&choices);
        let set = PolicySet::single("policy.json", analysis.policy.clone()).compile(&principal);
        for row in &analysis.table.rows {
            for column in Column::ALL {
                let resource = match column {
                    Column::OtherUser => &row.other_resource,
                    _ => &row.own_resource,
                };
                let mfa = match column {
                    Column::NoMfa => Mfa::NotPresent,
                    Column::LongTermKeys => Mfa::Absent,
                    Column::Mfa | Column::OtherUser => Mfa::Present,
                };
                let decision = set.evaluate(&Request {
                    action: &row.action,
                    resource,
                    mfa,
                    context: &row.context,
                });
                assert_eq!(&decision, row.cell(column), "{choices:?} {}", row.action);
            }
        }
    }
}

#[test]
fn nothing_is_allowed_on_another_users_arn_in_any_mfa_context() {
    let actions = user_actions();
    for choices in every_combination() {
        let s = Subject::new(choices);
        for action in &actions {
            for mfa in Mfa::ALL {
                assert!(
                    !s.allowed(action, OTHER_USER, mfa),
                    "{action} {mfa:?} {:?}",
                    s.choices
                );
            }
        }
    }
}

#[test]
fn account_and_partition_never_open_another_user() {
    let actions = user_actions();
    for choices in Choices::all_combinations().filter(|c| c.credentials().count() == 6) {
        let s = Subject::new(choices);
        for action in &actions {
            assert!(
                !s.allowed(action, OTHER_USER, Mfa::Present),
                "{action} {:?}",
                s.choices
            );
        }
        // The own user is reachable in the chosen partition and account.
        assert!(
            s.allowed("iam:GetUser", crate::policy::sample::OWN_USER, Mfa::Present),
            "{:?}",
            s.choices
        );
    }
}

#[test]
fn mfa_devices_can_never_be_deactivated_without_mfa() {
    for choices in every_combination() {
        let s = Subject::new(choices);
        for mfa in [Mfa::NotPresent, Mfa::Absent] {
            for action in ["iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"] {
                assert!(
                    !s.allowed(action, "alice", mfa),
                    "{action} {mfa:?} {:?}",
                    s.choices
                );
            }
        }
        // The statement that grants it carries `Bool true` itself, enforcement or not.
        for statement in &s.policy.statements {
            if statement
                .action
                .values
                .iter()
                .any(|a| a == "iam:DeactivateMFADevice")
            {
                let c = &statement.conditions;
                assert!(
                    c.iter().any(|c| c.operator == "Bool"
                        && c.key == "aws:MultiFactorAuthPresent"
                        && c.values == ["true"]),
                    "{:?}",
                    s.choices
                );
            }
        }
    }
}

#[test]
fn with_enforcement_nothing_outside_the_bootstrap_is_allowed_without_mfa() {
    let actions: Vec<&str> = Catalog::get()
        .actions()
        .iter()
        .map(|a| a.full_name.as_str())
        .collect();
    for choices in every_combination().filter(|c| c.enforce_mfa) {
        let s = Subject::new(choices);
        let mut contexts = vec![Mfa::NotPresent];
        if s.choices.mfa_check == MfaCheck::BoolIfExists {
            contexts.push(Mfa::Absent);
        }
        for action in actions.iter().chain(&["s3:ListAllMyBuckets"]) {
            // sts:GetCallerIdentity, like sts:GetSessionToken, is not controlled by policy
            // (iam-semantics.md §7.9).
            let exempt = MFA_BOOTSTRAP.contains(action)
                || *action == "sts:GetCallerIdentity"
                || (s.choices.password_change_before_mfa && PASSWORD_BEFORE_MFA.contains(action));
            for mfa in &contexts {
                if !exempt {
                    assert!(
                        !s.allowed(action, "alice", *mfa),
                        "{action} {mfa:?} {:?}",
                        s.choices
                    );
                }
            }
        }
    }
}

#[test]
fn with_enforcement_the_bootstrap_reaches_a_working_mfa_device() {
    for choices in every_combination().filter(|c| c.enforce_mfa) {
        let s = Subject::new(choices);
        for action in [
            "iam:GetUser",
            "iam:ListMFADevices",
            "iam:ListVirtualMFADevices",
            "iam:CreateVirtualMFADevice",
            "iam:EnableMFADevice",
        ] {
            assert!(
                s.allowed(action, "alice", Mfa::NotPresent),
                "{action} {:?}",
                s.choices
            );
        }
    }
}

#[test]
fn a_service_restriction_refuses_other_services() {
    for choices in every_combination().filter(|c| c.has(Credential::ServiceCredentials)) {
        let s = Subject::new(choices);
        let restricted = s.choices.restricted_services();
        for service in crate::policy::model::choices::CredentialService::ALL {
            let context = vec![(
                credential_actions::SERVICE_NAME_CONDITION_KEY.to_owned(),
                vec![service.service_name().to_owned()],
            )];
            let resource = s.principal.arn();
            let request = Request {
                action: "iam:CreateServiceSpecificCredential",
                resource: &resource,
                mfa: Mfa::Present,
                context: &context,
            };
            let expected = restricted.is_empty() || restricted.contains(service);
            assert_eq!(
                s.compiled.evaluate(&request).verdict().is_allowed(),
                expected,
                "{service:?} {:?}",
                s.choices
            );
        }
    }
}

#[test]
fn keys_cannot_enrol_mfa_closes_the_bootstrap_to_long_term_keys() {
    for choices in every_combination().filter(|c| c.keys_cannot_enrol_mfa) {
        let s = Subject::new(choices);
        for action in [
            "iam:CreateVirtualMFADevice",
            "iam:EnableMFADevice",
            "iam:ResyncMFADevice",
        ] {
            assert!(
                !s.allowed(action, "alice", Mfa::Absent),
                "{action} {:?}",
                s.choices
            );
        }
    }
}

#[test]
fn no_privilege_escalation_action_is_ever_allowed() {
    for choices in every_combination() {
        let s = Subject::new(choices);
        for action in PRIVILEGE_ESCALATION {
            for mfa in Mfa::ALL {
                for resource in [
                    "*",
                    &s.principal.arn(),
                    "arn:aws:iam::123456789012:group/admins",
                ] {
                    assert!(
                        !s.allowed_on(action, resource, mfa),
                        "{action} {mfa:?} {:?}",
                        s.choices
                    );
                }
            }
        }
    }
}

#[test]
fn selected_credential_operations_work_with_mfa_and_unselected_ones_do_not() {
    for choices in every_combination() {
        let s = Subject::new(choices);
        for credential in Credential::ALL {
            let selected = s.choices.has(credential);
            for action in credential_actions::user_scoped_actions(credential) {
                let bootstrap = s.choices.enforce_mfa && MFA_BOOTSTRAP.contains(action);
                let expected = selected || bootstrap;
                let resource = resource_for(action, &s.principal, "alice");
                // Creation under a service restriction needs the service name in the request.
                let context = context_for(action, asked_service(&s.choices));
                let request = Request {
                    action,
                    resource: &resource,
                    mfa: Mfa::Present,
                    context: &context,
                };
                let allowed = s.compiled.evaluate(&request).verdict().is_allowed();
                assert_eq!(allowed, expected, "{action} {:?}", s.choices);
            }
        }
    }
}

/// Product spec §5, journey stage 2: signed in with MFA, every selected credential operation
/// works; the truth table's MFA column says the same (creation of a service-specific credential
/// asked for a service the choices allow).
#[test]
fn the_table_and_the_journey_show_every_selected_operation_working_with_mfa() {
    for choices in every_combination() {
        let analysis = crate::policy::reports::analysis::analyze_choices(&choices);
        for credential in choices.credentials() {
            for action in credential_actions::all_actions(credential) {
                let row = analysis
                    .table
                    .row(action)
                    .expect("a row per selected action");
                let cell = row.cell(crate::policy::reports::truth_table::Column::Mfa);
                assert!(cell.verdict().is_allowed(), "{action} {choices:?}");
            }
        }
        let stage_two: Vec<_> = analysis
            .journey
            .steps
            .iter()
            .filter(|step| step.stage == 2 && !step.as_expected())
            .collect();
        assert!(stage_two.is_empty(), "{stage_two:?} {choices:?}");
    }
}

#[test]
fn every_action_exists_and_wildcard_only_actions_sit_in_star_statements() {
    let catalog = Catalog::get();
    for choices in every_combination() {
        let s = Subject::new(choices);
        for statement in &s.policy.statements {
            for action in &statement.action.values {
                let known = catalog
                    .find(action)
                    .unwrap_or_else(|| panic!("unknown {action}"));
                assert_eq!(&known.full_name, action, "spelling");
                if known.wildcard_resource_only() && statement.effect == Effect::Allow {
                    assert_eq!(statement.resource.values, ["*"], "{action}");
                }
            }
        }
    }
}

/// The model goes straight to text in the wizard and through `serde_json` in the exports: both
/// must give the same bytes, and the text must parse back to the same model, for every
/// generated policy (and every account and partition form).
#[test]
fn the_model_text_is_serde_json_text_and_parses_back_to_the_model() {
    let forms = Choices::all_combinations().filter(|c| {
        c.credentials().count() == Credential::ALL.len() && !c.user_paths && !c.console_info
    });
    for choices in every_combination().chain(forms) {
        let policy = generate_policy(&choices);
        let text = crate::policy::output::generated_json::to_pretty(&policy);
        assert_eq!(
            text,
            export::to_pretty_json(&generate(&choices)),
            "{choices:?}"
        );
        assert_eq!(document::parse(&text), Ok(policy), "{choices:?}");
    }
}

#[test]
fn generation_is_deterministic_with_the_documented_key_order() {
    let text = export::to_pretty_json(&generate(&Choices::default()));
    assert_eq!(text, export::to_pretty_json(&generate(&Choices::default())));
    assert!(text.starts_with("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": ["));
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    for statement in value["Statement"].as_array().expect("array") {
        let keys: Vec<&str> = statement
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let order = [
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "Condition",
        ];
        let positions: Vec<usize> = keys
            .iter()
            .map(|k| order.iter().position(|o| o == k).expect("known key"))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }
    assert!(!text.contains("iam:*"), "never a service wildcard");
}

#[test]
fn presets_differ_as_documented() {
    let aws_docs = generate(&Preset::AwsDocs.choices()).to_string();
    assert!(!aws_docs.contains("DenyLongTermKeys") && !aws_docs.contains("user/*/"));
    let no_mfa = generate(&Preset::NoMfa.choices()).to_string();
    assert!(!no_mfa.contains("DenyAllExceptListedIfNoMFA"));
    let mfa_only = generate(&Preset::MfaOnly.choices()).to_string();
    assert!(!mfa_only.contains("iam:CreateAccessKey") && mfa_only.contains("iam:EnableMFADevice"));
}

use crate::policy::model::choices::{Credential, MfaCheck};
use crate::policy::output::export;
