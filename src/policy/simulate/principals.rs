//! A batch's compiled forms (of a policy, or of a set), one per principal (user name, account),
//! compiled on the principal's first request: most batches name one or two principals.

use std::collections::HashMap;

use crate::policy::engine::Principal;
use crate::text::same_bytes;

pub(super) struct PrincipalCache<T> {
    compiled: Vec<Compiled<T>>,
    /// `user name \n account` → position in `compiled`.
    index: HashMap<String, usize>,
    /// The lookup key, built in a reused buffer: no allocation per request.
    key: String,
    /// The position of the last principal asked for.
    last: Option<usize>,
}

struct Compiled<T> {
    username: String,
    account: String,
    form: T,
}

impl<T> PrincipalCache<T> {
    pub(super) fn new() -> Self {
        PrincipalCache {
            compiled: Vec::new(),
            index: HashMap::new(),
            key: String::new(),
            last: None,
        }
    }

    /// The principal's compiled form; `compile` makes it on the principal's first request.
    pub(super) fn get(
        &mut self,
        username: &str,
        account: &str,
        compile: impl FnOnce(&Principal) -> T,
    ) -> &T {
        let same_as_last = self.last.filter(|&at| {
            let last = &self.compiled[at];
            same_bytes(last.username.as_bytes(), username.as_bytes())
                && same_bytes(last.account.as_bytes(), account.as_bytes())
        });
        if let Some(at) = same_as_last {
            return &self.compiled[at].form;
        }
        self.key.clear();
        self.key.push_str(username);
        self.key.push('\n');
        self.key.push_str(account);
        let at = match self.index.get(self.key.as_str()) {
            Some(at) => *at,
            None => {
                let form = compile(&Principal::user(username, account));
                self.compiled.push(Compiled {
                    username: username.to_owned(),
                    account: account.to_owned(),
                    form,
                });
                let at = self.compiled.len() - 1;
                self.index.insert(self.key.clone(), at);
                at
            }
        };
        self.last = Some(at);
        &self.compiled[at].form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_principal_is_compiled_once_whatever_the_order_of_requests() {
        let mut cache = PrincipalCache::new();
        let mut compiled = Vec::new();
        for (user, account) in [("alice", "1"), ("bob", "1"), ("alice", "1"), ("alice", "2")]
            .into_iter()
            .cycle()
            .take(12)
        {
            let form = cache.get(user, account, |principal| {
                compiled.push(format!("{}@{}", principal.username, principal.account));
                format!("{user}@{account}")
            });
            assert_eq!(*form, format!("{user}@{account}"));
        }
        assert_eq!(compiled, ["alice@1", "bob@1", "alice@2"]);
    }
}
