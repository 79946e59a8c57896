//! What each statement's `Action` and `Resource` elements match, worked out once per check run
//! and shared by the checks that reason on patterns (`actions`, `escalation`, `semantics`).
//!
//! Speed layer. Simple twin: each check matching the statement's patterns itself
//! ([`glob_match`] on the action values, [`ResourcePattern`] built for every question). The
//! tests `coverage_follows_action_and_not_action` and
//! `shape_of_agrees_with_the_catalog_and_has_wildcard` here, and the check tests of
//! `lint/tests.rs`, keep them equal. Figures (callgrind,
//! `benches/instructions.rs recompute`, recommended policy): the action sets of
//! [`super::action_set`] are 1.22 M instructions per recompute against 7.23 M; the cached
//! resource answers ([`ResourceFacts::fits`] once per kind of action) save 73 k (1.294 M
//! without the cache).

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::rc::Rc;
use std::sync::OnceLock;

use crate::policy::model::catalog::{Catalog, CatalogAction};
use crate::policy::model::document::{Effect, Statement};

use super::action_set::{ActionSet, index_of};
#[cfg(doc)]
use super::pattern::has_wildcard;
use super::pattern::{ResourcePattern, glob_match, resolve_for_user};
use crate::policy::sample::OWN_USER;

/// One `Action`/`NotAction` value, looked up in the catalog once.
pub struct Entry<'s> {
    pub value: &'s str,
    pub kind: EntryKind,
    /// The value has a `*` or `?`.
    pub wildcard: bool,
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
    /// The `Resource`/`NotResource` values, shared with every statement that repeats them.
    pub resources: Vec<Rc<ResourceFacts<'p>>>,
}

impl<'p> StatementFacts<'p> {
    fn new(statement: &'p Statement, resources: Vec<Rc<ResourceFacts<'p>>>) -> StatementFacts<'p> {
        let catalog = Catalog::get();
        let mut listed = ActionSet::default();
        let entries = statement
            .action
            .values
            .iter()
            .map(|value| {
                let (catalog_service, wildcard) = shape_of(value);
                let kind = if value == "*" {
                    listed = ActionSet::all();
                    EntryKind::Everything
                } else if !catalog_service {
                    // `*:GetUser` names no service the catalog covers, yet matches its actions.
                    if wildcard {
                        listed = listed.union(ActionSet::matching(value));
                    }
                    EntryKind::OtherService
                } else if wildcard {
                    let matched = ActionSet::matching(value);
                    listed = listed.union(matched);
                    EntryKind::Wildcard(matched)
                } else {
                    match Catalog::get().position(value) {
                        Some(index) => {
                            listed.insert(index);
                            EntryKind::Known(&catalog.actions()[index])
                        }
                        None => EntryKind::Unknown,
                    }
                };
                Entry {
                    value,
                    kind,
                    wildcard,
                }
            })
            .collect();
        StatementFacts {
            statement,
            entries,
            listed,
            resources,
        }
    }

    /// The statements' facts, in statement order. `userid` is the own user's, for
    /// [`ResourceFacts::for_own_user`].
    pub fn for_statements(
        statements: &'p [Statement],
        variables: bool,
        userid: &'p str,
    ) -> Vec<StatementFacts<'p>> {
        // Policies repeat the same few resources from statement to statement.
        let mut distinct: Vec<Rc<ResourceFacts<'p>>> = Vec::new();
        statements
            .iter()
            .map(|statement| {
                let resources = statement
                    .resource
                    .values
                    .iter()
                    .map(|text| {
                        if let Some(known) = distinct.iter().find(|r| r.text == text) {
                            return Rc::clone(known);
                        }
                        let facts = Rc::new(ResourceFacts::new(text, variables, userid));
                        distinct.push(Rc::clone(&facts));
                        facts
                    })
                    .collect();
                StatementFacts::new(statement, resources)
            })
            .collect()
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
        match Catalog::get().position(name) {
            Some(index) => self.listed.contains(index) != self.statement.action.negated,
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
        self.statement.resource.negated || self.resources.iter().any(|r| r.fits(action))
    }
}

/// One `Resource`/`NotResource` value, and what the checks asked about it so far.
pub struct ResourceFacts<'p> {
    pub text: &'p str,
    /// Built on the first question about fitting: many resources never get one.
    pattern: OnceCell<ResourcePattern<'p>>,
    /// Answers of [`ResourceFacts::fits`] by the action's [`fit_class`]: known, and fits.
    fit_known: Cell<u64>,
    fit_answers: Cell<u64>,
    for_own_user: OnceCell<Cow<'p, str>>,
    /// Whether the pattern, as it applies to the own user, matches the other user's ARNs
    /// (without and with a path): asked by the escalation checks of every statement.
    pub matches_other_users: OnceCell<[bool; 2]>,
    /// Whether it names the own user without a path, and whether it matches the own user
    /// created with a path: asked by the user-path check.
    pub names_own_user_without_path: OnceCell<bool>,
    pub matches_own_user_with_path: OnceCell<bool>,
    variables: bool,
    /// Own user's unique ID, for `${aws:userid}`.
    userid: &'p str,
}

impl<'p> ResourceFacts<'p> {
    fn new(text: &'p str, variables: bool, userid: &'p str) -> ResourceFacts<'p> {
        ResourceFacts {
            text,
            pattern: OnceCell::new(),
            fit_known: Cell::new(0),
            fit_answers: Cell::new(0),
            for_own_user: OnceCell::new(),
            matches_other_users: OnceCell::new(),
            names_own_user_without_path: OnceCell::new(),
            matches_own_user_with_path: OnceCell::new(),
            variables,
            userid,
        }
    }

    /// Whether this pattern could ever match a resource of the action
    /// ([`ResourcePattern::fits`]). The answer depends only on the action's service and resource
    /// types, so it is worked out once per kind of action.
    pub fn fits(&self, action: &CatalogAction) -> bool {
        let class = fit_class(action);
        let bit = 1u64.checked_shl(class as u32).unwrap_or(0);
        if self.fit_known.get() & bit != 0 {
            return self.fit_answers.get() & bit != 0;
        }
        let fits = self
            .pattern
            .get_or_init(|| ResourcePattern::new(self.text))
            .fits(action);
        self.fit_known.set(self.fit_known.get() | bit);
        if fits {
            self.fit_answers.set(self.fit_answers.get() | bit);
        }
        fits
    }

    /// The pattern as it applies to the own user ([`resolve_for_user`]).
    pub fn for_own_user(&self) -> &str {
        self.for_own_user
            .get_or_init(|| resolve_for_user(self.text, OWN_USER, self.userid, self.variables))
    }
}

/// Whether an action value's service is one the catalog covers ([`Catalog::knows_service`]),
/// and whether the value has a wildcard ([`has_wildcard`]), in one look at its bytes.
fn shape_of(value: &str) -> (bool, bool) {
    let bytes = value.as_bytes();
    let service = &bytes[..bytes.iter().position(|&b| b == b':').unwrap_or(bytes.len())];
    let catalog_service =
        service.eq_ignore_ascii_case(b"iam") || service.eq_ignore_ascii_case(b"sts");
    let wildcard = bytes.iter().any(|&b| b == b'*' || b == b'?');
    (catalog_service, wildcard)
}

/// Catalog actions that [`ResourcePattern::fits`] treats alike: same service, same resource
/// types. Numbered in catalog order.
fn fit_class(action: &CatalogAction) -> usize {
    static CLASSES: OnceLock<Vec<usize>> = OnceLock::new();
    let classes = CLASSES.get_or_init(|| {
        let actions = Catalog::get().actions();
        let key = |a: &CatalogAction| {
            (
                a.service,
                a.resource_types.iter().map(|r| r.name).collect::<Vec<_>>(),
            )
        };
        let mut keys = Vec::new();
        actions
            .iter()
            .map(|a| {
                let k = key(a);
                keys.iter()
                    .position(|known| *known == k)
                    .unwrap_or_else(|| {
                        keys.push(k);
                        keys.len() - 1
                    })
            })
            .collect()
    });
    classes.get(index_of(action)).copied().unwrap_or(usize::MAX)
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
    use crate::policy::lint::pattern::has_wildcard;

    #[test]
    fn shape_of_agrees_with_the_catalog_and_has_wildcard() {
        for value in [
            "iam:GetUser",
            "IAM:Get*",
            "sts:?",
            "s3:*",
            "iam",
            "iamx:Get",
            "*",
            "",
            ":",
            "Sts:A:B",
        ] {
            assert_eq!(
                shape_of(value),
                (Catalog::get().knows_service(value), has_wildcard(value)),
                "{value:?}"
            );
        }
    }
    use crate::policy::model::document::parse;

    #[test]
    fn coverage_follows_action_and_not_action() {
        let policy = parse(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["iam:*AccessKey*","IAM:getuser","s3:*","iam:List?sers"],
                 "Resource":"arn:aws:iam::*:user/${aws:username}"},
                {"Effect":"Deny","NotAction":"iam:GetUser","Resource":"*"}]}"#,
        )
        .expect("valid");
        let facts = StatementFacts::for_statements(&policy.statements, true, "AIDAALICE");
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
