//! What each statement's `Action` and `Resource` elements match, worked out once per check run
//! and shared by the checks that reason on patterns (`actions`, `escalation`, `semantics`).

use std::cell::OnceCell;

use crate::policy::catalog::{Catalog, CatalogAction};
use crate::policy::document::{Effect, Statement};

use super::action_set::{ActionSet, index_of};
use super::pattern::{ResourcePattern, glob_match, has_wildcard};

/// One `Action`/`NotAction` value, looked up in the catalog once.
pub struct Entry<'s> {
    pub value: &'s str,
    pub kind: EntryKind,
}

pub enum EntryKind {
    /// `"*"`: every action of every service.
    Everything,
    /// A service the catalog does not cover: cannot be checked.
    OtherService,
    Known(&'static CatalogAction),
    Unknown,
    /// An IAM/STS pattern and the catalog actions it matches.
    Wildcard(ActionSet),
}

pub struct StatementFacts<'p> {
    pub statement: &'p Statement,
    pub entries: Vec<Entry<'p>>,
    /// Catalog actions the `Action`/`NotAction` values name or match (before negation).
    listed: ActionSet,
    /// Built on the first question about resources: many statements never get one.
    resources: OnceCell<Vec<ResourcePattern<'p>>>,
}

impl<'p> StatementFacts<'p> {
    pub fn new(statement: &'p Statement) -> StatementFacts<'p> {
        let catalog = Catalog::get();
        let mut listed = ActionSet::default();
        let entries = statement
            .action
            .values
            .iter()
            .map(|value| {
                let kind = if value == "*" {
                    listed = ActionSet::all();
                    EntryKind::Everything
                } else if !catalog.knows_service(value) {
                    // `*:GetUser` names no service the catalog covers, yet matches its actions.
                    listed = listed.union(ActionSet::matching(value));
                    EntryKind::OtherService
                } else if has_wildcard(value) {
                    let matched = ActionSet::matching(value);
                    listed = listed.union(matched);
                    EntryKind::Wildcard(matched)
                } else {
                    match catalog.find(value) {
                        Some(action) => {
                            listed.insert(index_of(action));
                            EntryKind::Known(action)
                        }
                        None => EntryKind::Unknown,
                    }
                };
                Entry { value, kind }
            })
            .collect();
        StatementFacts {
            statement,
            entries,
            listed,
            resources: OnceCell::new(),
        }
    }

    /// The statement's facts, in statement order.
    pub fn for_statements(statements: &'p [Statement]) -> Vec<StatementFacts<'p>> {
        statements.iter().map(StatementFacts::new).collect()
    }

    pub fn is_allow(&self) -> bool {
        self.statement.effect == Effect::Allow
    }

    /// Catalog actions the statement applies to: those `Action` lists, or those `NotAction`
    /// leaves out.
    pub fn covered(&self) -> ActionSet {
        if self.statement.action.negated {
            self.listed.complement()
        } else {
            self.listed
        }
    }

    /// Whether `Action` lists (or `NotAction` leaves out) this catalog action.
    pub fn covers(&self, action: &CatalogAction) -> bool {
        self.listed.contains(index_of(action)) != self.statement.action.negated
    }

    /// Like [`StatementFacts::covers`], for any action name (the catalog's or not).
    pub fn covers_name(&self, name: &str) -> bool {
        match Catalog::get().find(name) {
            Some(action) => self.covers(action),
            None => {
                self.statement
                    .action
                    .values
                    .iter()
                    .any(|pattern| glob_match(pattern, name, true))
                    != self.statement.action.negated
            }
        }
    }

    /// Whether a resource of this action could match (a `NotResource` always could).
    pub fn fits(&self, action: &CatalogAction) -> bool {
        self.statement.resource.negated
            || self
                .resources
                .get_or_init(|| {
                    self.statement
                        .resource
                        .values
                        .iter()
                        .map(|r| ResourcePattern::new(r))
                        .collect()
                })
                .iter()
                .any(|r| r.fits(action))
    }
}

/// Catalog actions at least one statement of this effect applies to (by its actions alone).
pub fn covered_by(facts: &[StatementFacts<'_>], effect: Effect) -> ActionSet {
    facts
        .iter()
        .filter(|f| f.statement.effect == effect)
        .fold(ActionSet::default(), |set, f| set.union(f.covered()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::document::parse;

    #[test]
    fn coverage_follows_action_and_not_action() {
        let policy = parse(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["iam:*AccessKey*","IAM:getuser","s3:*","iam:List?sers"],
                 "Resource":"arn:aws:iam::*:user/${aws:username}"},
                {"Effect":"Deny","NotAction":"iam:GetUser","Resource":"*"}]}"#,
        )
        .expect("valid");
        let facts = StatementFacts::for_statements(&policy.statements);
        let find = |name| Catalog::get().find(name).expect(name);
        assert!(facts[0].covers(find("iam:CreateAccessKey")));
        assert!(facts[0].covers_name("iam:GetUser"));
        assert!(facts[0].covers_name("iam:listusers"));
        assert!(!facts[0].covers_name("iam:ChangePassword"));
        assert!(facts[0].covers_name("s3:PutObject"));
        assert!(!facts[1].covers_name("iam:GetUser"));
        assert!(facts[1].covers_name("iam:ChangePassword"));
        assert!(facts[1].covers_name("ec2:RunInstances"));
        assert!(facts[0].fits(find("iam:CreateAccessKey")));
        assert!(!facts[0].fits(find("iam:ListUsers")));
        assert!(facts[1].fits(find("iam:ListUsers")));
        let allowed = covered_by(&facts, Effect::Allow);
        assert!(allowed.contains(index_of(find("iam:ListUsers"))));
        assert!(!allowed.contains(index_of(find("iam:ChangePassword"))));
    }
}
