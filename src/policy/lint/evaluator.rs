//! The evaluator's answers for the checks, compiled only for the statements that can decide the
//! actions asked about. A statement whose `Action`/`NotAction` does not cover an action never
//! takes part in a decision about it (IAM evaluation logic: the request must match the action
//! first), so leaving it out changes no verdict and no deciding statement. The checks ask about
//! a handful of actions, on every key press of the wizard, while most statements of a policy
//! are about others: compiling only what can answer is most of the saving.
//!
//! Speed layer. Simple twin: the whole policy compiled ([`CompiledPolicy::compile`]), which
//! [`Evaluators::for_actions`] falls back to past three quarters of the statements. The test
//! `a_subset_decides_as_the_whole_policy` keeps the two equal (verdicts and deciding
//! statements). Figure (callgrind, `benches/instructions.rs`): small on the benchmarked
//! policies. With the whole policy compiled every time, one recompute of the recommended policy
//! took 1.233 M instructions instead of 1.221 M (1%), and within the set of 8 policies 2.680 M
//! instead of 2.670 M (0.4%); the saving grows with statements about other actions.

use crate::policy::engine::{CompiledPolicy, Decision, Principal, Request};
use crate::policy::model::document::Policy;

use super::action_set::ActionSet;
use super::statement_facts::StatementFacts;

/// What a subset is compiled from: the policy, its statements' facts and the sample user.
#[derive(Clone, Copy)]
pub struct Evaluators<'a, 'p> {
    policy: &'a Policy,
    facts: &'a [StatementFacts<'p>],
    principal: &'a Principal,
}

impl<'a, 'p> Evaluators<'a, 'p> {
    pub fn new(
        policy: &'a Policy,
        facts: &'a [StatementFacts<'p>],
        principal: &'a Principal,
    ) -> Evaluators<'a, 'p> {
        Evaluators {
            policy,
            facts,
            principal,
        }
    }

    /// An evaluator that answers exactly as the whole policy's would for requests about these
    /// catalog actions and these other action names.
    pub fn for_actions(&self, actions: ActionSet, other_names: &[&str]) -> Subset {
        let kept: Vec<usize> = self
            .facts
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.covered().intersects(&actions) || other_names.iter().any(|n| f.covers_name(n))
            })
            .map(|(position, _)| position)
            .collect();
        // Copying a statement costs about a third of compiling it: past three quarters of
        // the statements, compiling them all is cheaper than copying the ones needed.
        if kept.len() * 4 >= self.policy.statements.len() * 3 {
            return Subset {
                compiled: CompiledPolicy::compile(self.policy, self.principal),
                positions: None,
            };
        }
        let policy = Policy {
            version: self.policy.version.clone(),
            id: self.policy.id.clone(),
            statements: kept
                .iter()
                .map(|&position| self.policy.statements[position].clone())
                .collect(),
        };
        Subset {
            compiled: CompiledPolicy::compile(&policy, self.principal),
            positions: Some(kept),
        }
    }
}

/// A policy compiled for some of its statements.
pub struct Subset {
    compiled: CompiledPolicy,
    /// Position in the whole policy of each compiled statement (`None`: all of them).
    positions: Option<Vec<usize>>,
}

impl Subset {
    /// The whole policy's decision: deciding statements are given by their position in it.
    pub fn evaluate(&self, request: &Request<'_>) -> Decision {
        let mut decision = self.compiled.evaluate(request);
        if let Some(positions) = &self.positions {
            for statement in decision.statements_mut() {
                statement.statement = positions[statement.statement];
            }
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::engine::Mfa;
    use crate::policy::model::catalog::Catalog;
    use crate::policy::model::document::parse;
    use crate::policy::sample::Subject;

    #[test]
    fn a_subset_decides_as_the_whole_policy() {
        let policy = parse(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
                {"Sid":"Keys","Effect":"Allow","Action":["iam:*AccessKey*","iam:ChangePassword"],
                 "Resource":"arn:aws:iam::*:user/${aws:username}"},
                {"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"},
                {"Effect":"Deny","NotAction":"iam:ChangePassword","Resource":"*",
                 "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},
                {"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"},
                {"Effect":"Allow","Action":"iam:ListGroups","Resource":"*"},
                {"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}"#,
        )
        .expect("valid");
        let subject = Subject::for_policy(&policy);
        let principal = subject.principal("/");
        let facts = StatementFacts::for_statements(&policy.statements, true, &principal.userid);
        let whole = CompiledPolicy::compile(&policy, &principal);
        let asked = ["iam:CreateAccessKey", "iam:ChangePassword", "iam:GetUser"];
        let subset = Evaluators::new(&policy, &facts, &principal)
            .for_actions(ActionSet::of_names(asked), &[]);
        assert_eq!(subset.positions.as_deref(), Some(&[0, 1, 3, 4][..]));
        for action in asked.into_iter().chain(["sts:GetSessionToken"]) {
            let resource = match Catalog::get().find(action) {
                Some(a) => subject.own_resource_for(a.primary_resource_type()),
                None => "*".to_owned(),
            };
            for mfa in Mfa::ALL {
                let request = Request {
                    action,
                    resource: &resource,
                    mfa,
                    context: &[],
                };
                assert_eq!(
                    subset.evaluate(&request),
                    whole.evaluate(&request),
                    "{action} {mfa:?}"
                );
            }
        }
        let everything =
            Evaluators::new(&policy, &facts, &principal).for_actions(ActionSet::all(), &[]);
        assert!(everything.positions.is_none());
        // Six of seven statements: compiling them all is cheaper than copying six.
        let most =
            ActionSet::of_names(asked.into_iter().chain(["iam:ListUsers", "iam:ListGroups"]));
        let most = Evaluators::new(&policy, &facts, &principal).for_actions(most, &[]);
        assert!(most.positions.is_none());
    }
}
