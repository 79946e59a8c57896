//! From an existing policy back to the wizard (`--open`): the choices whose generated policy
//! comes closest to what this one actually *allows*. Every choice is read from the evaluator's
//! answers for a sample user, not from how the policy is written, so a hand-written policy with
//! other Sids, statement splits or wildcards maps onto the same boxes.

use crate::policy::engine::{CompiledPolicy, Mfa, Request, Verdict};
use crate::policy::model::Named;
use crate::policy::model::catalog::Catalog;
use crate::policy::model::choices::{
    Account, Attachment, Choices, Credential, CredentialService, MfaCheck, Partition,
};
use crate::policy::model::credential_actions::{
    self, CONSOLE_INFO, CREATE_SERVICE_SPECIFIC_CREDENTIAL, DEACTIVATE_MFA_DEVICE, GET_USER,
    MFA_BOOTSTRAP, MFA_SETUP_USER_ACTIONS, PASSWORD_BEFORE_MFA, SENTINEL_OTHER_SERVICE,
};
use crate::policy::model::document::Policy;
use crate::policy::reports::truth_table::context_for;
use crate::policy::sample::{EXAMPLE_PATH, Subject};

const LIST_USERS: &str = "iam:ListUsers";

/// A service name no wizard choice covers: if it may issue credentials too, creation is not
/// restricted by service.
const UNLISTED_SERVICE: &str = "example.amazonaws.com";

/// The closest wizard choices. The attachment cannot be read from a policy: it stays `Managed`.
pub fn infer_choices(policy: &Policy) -> Choices {
    let subject = Subject::for_policy(policy);
    let asker = Asker {
        compiled: CompiledPolicy::compile(policy, &subject.principal("/")),
        subject: &subject,
    };
    let mut choices = Choices::default();
    choices.attachment = Attachment::Managed;

    choices.enforce_mfa = asker.blocks_most(Mfa::NotPresent);
    choices.mfa_check = if choices.enforce_mfa && !asker.blocks_most(Mfa::Absent) {
        MfaCheck::Bool
    } else {
        MfaCheck::BoolIfExists
    };

    let mfa_devices = asker.allowed(DEACTIVATE_MFA_DEVICE, Mfa::Present)
        || (!choices.enforce_mfa && asker.most_allowed(MFA_SETUP_USER_ACTIONS, Mfa::Present));
    for credential in Credential::ALL {
        let on = match credential {
            Credential::MfaDevices => mfa_devices,
            other => {
                asker.most_allowed(credential_actions::user_scoped_actions(other), Mfa::Present)
            }
        };
        choices.set(credential, on);
    }

    let enable = credential_actions::MFA_ENROLMENT[1];
    choices.keys_cannot_enrol_mfa =
        asker.allowed(enable, Mfa::Present) && !asker.allowed(enable, Mfa::Absent);
    choices.password_change_before_mfa = choices.enforce_mfa
        && choices.has(Credential::Password)
        && asker.allowed(PASSWORD_BEFORE_MFA[0], Mfa::NotPresent);

    choices.partition = Partition::from_name(&subject.partition).unwrap_or(Partition::Aws);
    choices.account = literal_user_account(policy)
        .and_then(|account| Account::parse(&account).ok())
        .unwrap_or_else(Account::any);
    choices.user_paths = user_with_path_allowed(policy, &subject);
    // `iam:ListUsers` is what the console's Users page needs.
    choices.console_info = asker.allowed(LIST_USERS, Mfa::Present);

    for &service in CredentialService::ALL {
        choices.set_service_restriction(service, false);
    }
    if choices.has(Credential::ServiceCredentials) {
        let permitted: Vec<CredentialService> = CredentialService::ALL
            .iter()
            .copied()
            .filter(|s| asker.may_create_credentials_for(s.service_name()))
            .collect();
        if !asker.may_create_credentials_for(UNLISTED_SERVICE) && !permitted.is_empty() {
            for service in permitted {
                choices.set_service_restriction(service, true);
            }
        }
    }
    choices
}

struct Asker<'a> {
    subject: &'a Subject,
    compiled: CompiledPolicy,
}

impl Asker<'_> {
    fn decide(&self, action: &str, mfa: Mfa, context: &[(String, Vec<String>)]) -> Verdict {
        let resource_type = Catalog::get()
            .find(action)
            .and_then(|a| a.primary_resource_type());
        let resource = self.subject.own_resource_for(resource_type);
        self.compiled
            .evaluate(&Request {
                action,
                resource: &resource,
                mfa,
                context,
            })
            .verdict()
    }

    fn allowed(&self, action: &str, mfa: Mfa) -> bool {
        self.decide(action, mfa, &[]).is_allowed()
    }

    /// At least half of the actions are allowed (a policy may leave out a newer read action,
    /// as AWS's examples do with `iam:GetLoginProfile`).
    fn most_allowed(&self, actions: &[&str], mfa: Mfa) -> bool {
        let allowed = actions.iter().filter(|a| self.allowed(a, mfa)).count();
        !actions.is_empty() && allowed * 2 >= actions.len()
    }

    /// Whether an MFA gate blocks this context: most of what is allowed with MFA (outside the
    /// bootstrap) is not allowed here; with nothing to compare, whether another service's
    /// action is explicitly denied here (a "deny all unless MFA" statement).
    fn blocks_most(&self, context: Mfa) -> bool {
        let with_mfa: Vec<&str> = gate_probes()
            .into_iter()
            .filter(|a| self.allowed(a, Mfa::Present))
            .collect();
        if with_mfa.is_empty() {
            return self.decide(SENTINEL_OTHER_SERVICE, context, &[]) == Verdict::ExplicitDeny;
        }
        let blocked = with_mfa
            .iter()
            .filter(|a| !self.allowed(a, context))
            .count();
        blocked * 2 > with_mfa.len()
    }

    fn may_create_credentials_for(&self, service_name: &str) -> bool {
        let context = context_for(CREATE_SERVICE_SPECIFIC_CREDENTIAL, service_name);
        self.decide(CREATE_SERVICE_SPECIFIC_CREDENTIAL, Mfa::Present, &context)
            .is_allowed()
    }
}

/// Self-service actions outside the MFA bootstrap and the optional password exception: what an
/// MFA gate is there to protect. Removing MFA is left out: it is gated in every generated
/// policy, enforcement or not.
fn gate_probes() -> Vec<&'static str> {
    let mut probes: Vec<&'static str> = Credential::ALL
        .into_iter()
        .flat_map(credential_actions::all_actions)
        .chain(CONSOLE_INFO.iter().copied())
        .filter(|a| {
            *a != DEACTIVATE_MFA_DEVICE
                && !MFA_BOOTSTRAP.contains(a)
                && !PASSWORD_BEFORE_MFA.contains(a)
        })
        .collect();
    probes.sort_unstable();
    probes.dedup();
    probes
}

/// The 12-digit account of the first user ARN that names one.
fn literal_user_account(policy: &Policy) -> Option<String> {
    policy
        .statements
        .iter()
        .flat_map(|s| s.resource.values.iter())
        .find_map(|arn| {
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            match parts[..] {
                ["arn", _, "iam", _, account, resource]
                    if resource.starts_with("user/")
                        && account.len() == 12
                        && account.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Some(account.to_owned())
                }
                _ => None,
            }
        })
}

/// Whether the same user created with an IAM path may still view itself.
fn user_with_path_allowed(policy: &Policy, subject: &Subject) -> bool {
    let compiled = CompiledPolicy::compile(policy, &subject.principal(EXAMPLE_PATH));
    let resource = subject.own_user_arn_with_path();
    compiled
        .evaluate(&Request {
            action: GET_USER,
            resource: &resource,
            mfa: Mfa::Present,
            context: &[],
        })
        .verdict()
        .is_allowed()
}

/// The choices as far as the generated policy shows them: a choice that changes nothing in the
/// policy reads back as inference's default for it (its attachment is kept).
pub fn observable(choices: &Choices) -> Choices {
    let mut expected = choices.clone();
    if !expected.enforce_mfa {
        expected.mfa_check = MfaCheck::BoolIfExists;
    }
    if !(expected.enforce_mfa || expected.has(Credential::MfaDevices)) {
        expected.keys_cannot_enrol_mfa = false;
    }
    if !(expected.enforce_mfa && expected.has(Credential::Password)) {
        expected.password_change_before_mfa = false;
    }
    if !expected.has(Credential::ServiceCredentials) {
        for &service in CredentialService::ALL {
            expected.set_service_restriction(service, false);
        }
    }
    expected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::generate::generate;
    use crate::policy::model::choices::Preset;
    use crate::policy::model::document::parse;
    use crate::policy::output::export::to_pretty_json;

    fn round_trip(choices: &Choices) -> Choices {
        let text = to_pretty_json(&generate(choices));
        infer_choices(&parse(&text).expect("generated policies parse"))
    }

    /// What inference can give back: the observable choices, with the attachment (which a
    /// policy does not show) at its default.
    fn observable(choices: &Choices) -> Choices {
        let mut expected = super::observable(choices);
        expected.attachment = Attachment::Managed;
        expected
    }

    #[test]
    fn every_preset_round_trips() {
        for &preset in Preset::ALL {
            let choices = preset.choices();
            assert_eq!(round_trip(&choices), choices, "{}", preset.name());
        }
    }

    #[test]
    fn sampled_combinations_round_trip() {
        // 97 is prime, so the sample varies every field of the enumeration.
        for choices in Choices::all_combinations().step_by(97) {
            assert_eq!(round_trip(&choices), observable(&choices), "{choices:?}");
        }
    }

    #[test]
    fn every_credential_and_flag_combination_round_trips() {
        let scope_default = Choices::all_combinations().filter(|c| {
            c.account.as_str() == "*"
                && c.partition == Partition::Aws
                && c.restricted_services().is_empty()
        });
        for choices in scope_default.step_by(3) {
            assert_eq!(round_trip(&choices), observable(&choices), "{choices:?}");
        }
    }

    #[test]
    fn scope_is_read_from_the_arns() {
        let mut choices = Preset::Recommended.choices();
        choices.account = Account::parse("210987654321").expect("valid");
        choices.partition = Partition::AwsUsGov;
        choices.set_service_restriction(CredentialService::Bedrock, true);
        assert_eq!(round_trip(&choices), choices);
    }

    #[test]
    fn aws_example_infers_the_aws_docs_choices() {
        let Some(text) = crate::testing::aws_example("self-manage-credentials-with-mfa.json")
        else {
            return;
        };
        let policy = parse(&text).expect("AWS's example parses");
        assert_eq!(infer_choices(&policy), Preset::AwsDocs.choices());
    }

    #[test]
    fn a_hand_written_policy_maps_onto_boxes() {
        let policy = parse(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:GetUser"],
                 "Resource": "arn:aws-cn:iam::111122223333:user/${aws:username}"},
                {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}
            ]}"#,
        )
        .expect("valid");
        let choices = infer_choices(&policy);
        assert_eq!(
            choices.credentials().collect::<Vec<_>>(),
            [Credential::AccessKeys]
        );
        assert!(!choices.enforce_mfa && !choices.user_paths && choices.console_info);
        assert_eq!(choices.partition, Partition::AwsCn);
        assert_eq!(choices.account.as_str(), "111122223333");
    }
}
