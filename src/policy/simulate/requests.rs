//! The requests of `simulate`: JSON Lines parsed and validated up front, or the cartesian product
//! of `--action` × `--resource`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use super::scan;
use crate::policy::engine::Mfa;
use crate::policy::sample::{EXAMPLE_ACCOUNT, OWN_USER};
use crate::text::same_bytes;

/// One request, borrowing from the input text where it has no escapes.
///
/// A borrowed `action` or `resource` needs no escaping in JSON (the output line copies it
/// between quotes): the readers borrow only strings written without escapes, which JSON forbids
/// to hold a quote, a backslash or a control character, and [`from_flags`] owns any that would
/// need one.
#[derive(Debug, Clone, PartialEq)]
pub struct SimRequest<'a> {
    pub action: Cow<'a, str>,
    pub resource: Cow<'a, str>,
    pub username: Cow<'a, str>,
    pub account: Cow<'a, str>,
    pub mfa: Mfa,
    pub context: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    action: Cow<'a, str>,
    #[serde(borrow)]
    resource: Cow<'a, str>,
    #[serde(borrow, default)]
    username: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    account: Option<Cow<'a, str>>,
    /// Missing or `null`: the key is absent (long-term access keys).
    #[serde(default)]
    mfa: Option<bool>,
    #[serde(default)]
    context: Option<serde_json::Map<String, Value>>,
}

/// Every non-blank line, in order; the first bad line fails the whole batch with its number.
pub fn parse_requests(text: &str) -> Result<Vec<SimRequest<'_>>, String> {
    // About one request per 100 bytes; the vector grows if the lines are shorter.
    let mut requests = Vec::with_capacity(text.len() / 100 + 1);
    for_each_request(text, |request| requests.push(request))
        .map_err(|(n, e)| format!("line {n}: {e}"))?;
    Ok(requests)
}

/// Reads every non-blank line in order and hands each request on as soon as it is read; stops
/// at the first bad line, with its number (counted from 1 in `text`) and message. Lines end at
/// `\n` or `\r\n`, as [`str::lines`] cuts them. Returns the number of lines, blank ones too.
pub(super) fn for_each_request<'a>(
    text: &'a str,
    mut each: impl FnMut(SimRequest<'a>),
) -> Result<usize, (usize, String)> {
    let mut checked = CheckedPrincipal::default();
    let mut rest = text;
    let mut number = 0;
    while !rest.is_empty() {
        number += 1;
        // The common shape is read, up to its line's end, in one pass.
        if let Some((fields, length)) = scan::scan_line(rest) {
            each(finish_scanned(fields, &mut checked).map_err(|e| (number, e))?);
            rest = &rest[length..];
            continue;
        }
        let (line, length) = match rest.find('\n') {
            Some(end) => {
                let line = &rest[..end];
                (line.strip_suffix('\r').unwrap_or(line), end + 1)
            }
            None => (rest, rest.len()),
        };
        rest = &rest[length..];
        if line.trim().is_empty() {
            continue;
        }
        each(read_with_serde(line).map_err(|e| (number, e))?);
    }
    Ok(number)
}

/// The last user name and account checked, so that a batch asking for one principal checks it
/// once.
#[derive(Default)]
struct CheckedPrincipal<'a> {
    username: Option<&'a str>,
    account: Option<(&'a str, Cow<'a, str>)>,
}

/// A line of any shape (escapes, a context, errors to report).
fn read_with_serde(line: &str) -> Result<SimRequest<'_>, String> {
    let parsed: Line<'_> = serde_json::from_str(line).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => format!("{} (column {})", &message[..i], e.column()),
            None => message,
        };
        crate::text::escape_controls(&message)
    })?;
    finish(
        parsed.action,
        parsed.resource,
        parsed.username,
        parsed.account,
        parsed.mfa,
        parsed.context,
        &mut CheckedPrincipal::default(),
    )
}

fn finish_scanned<'a>(
    fields: scan::ScannedLine<'a>,
    checked: &mut CheckedPrincipal<'a>,
) -> Result<SimRequest<'a>, String> {
    let borrowed = |text: Option<&'a str>| text.map(Cow::Borrowed);
    finish(
        borrowed(fields.action).unwrap_or_default(),
        borrowed(fields.resource).unwrap_or_default(),
        borrowed(fields.username),
        borrowed(fields.account),
        fields.mfa,
        None,
        checked,
    )
}

/// Defaults and checks, the same whichever reader read the line.
fn finish<'a>(
    action: Cow<'a, str>,
    resource: Cow<'a, str>,
    username: Option<Cow<'a, str>>,
    account: Option<Cow<'a, str>>,
    mfa: Option<bool>,
    context: Option<serde_json::Map<String, Value>>,
    checked: &mut CheckedPrincipal<'a>,
) -> Result<SimRequest<'a>, String> {
    if action.is_empty() {
        return Err("\"action\" is empty".to_owned());
    }
    if resource.is_empty() {
        return Err("\"resource\" is empty".to_owned());
    }
    let username = match username {
        Some(name) => {
            let known = matches!((&name, checked.username), (Cow::Borrowed(n), Some(c)) if same_bytes(n.as_bytes(), c.as_bytes()));
            if !known {
                crate::policy::sample::username(&name)?;
                if let Cow::Borrowed(n) = name {
                    checked.username = Some(n);
                }
            }
            name
        }
        None => Cow::Borrowed(OWN_USER),
    };
    let account = match account {
        Some(Cow::Borrowed(text))
            if checked
                .account
                .as_ref()
                .is_some_and(|(t, _)| same_bytes(t.as_bytes(), text.as_bytes())) =>
        {
            checked
                .account
                .as_ref()
                .map(|(_, id)| id.clone())
                .expect("just matched")
        }
        Some(account) => {
            // The principal gets the validated ID (`account_id` trims surrounding spaces).
            let id = crate::policy::sample::account_id(&account)?;
            let id = if id == account {
                account
            } else {
                Cow::Owned(id)
            };
            if let Cow::Borrowed(text) = id {
                checked.account = Some((text, id.clone()));
            }
            id
        }
        None => Cow::Borrowed(EXAMPLE_ACCOUNT),
    };
    let context = match context {
        Some(map) => context_values(map)?,
        None => Vec::new(),
    };
    Ok(SimRequest {
        action,
        resource,
        username,
        account,
        mfa: Mfa::from_option(mfa),
        context,
    })
}

/// Context values: a string, number or boolean, or an array of those (multivalued keys).
fn context_values(
    map: serde_json::Map<String, Value>,
) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut context = Vec::with_capacity(map.len());
    for (key, value) in map {
        if let Some(message) = principal_field(&key) {
            return Err(message);
        }
        let values = match value {
            Value::Array(items) => items
                .into_iter()
                .map(|item| scalar(&key, item))
                .collect::<Result<Vec<_>, _>>()?,
            other => vec![scalar(&key, other)?],
        };
        context.push((key, values));
    }
    Ok(context)
}

/// Keys a request gives through its own fields, or that follow from them: the context cannot
/// contradict them. Other principal keys (`aws:PrincipalTag/...`, `aws:PrincipalOrgID`, ...)
/// belong in the context (iam-semantics.md §7.4).
fn principal_field(key: &str) -> Option<String> {
    let given_as =
        |name: &str, field: &str| Some(format!("give {name} as \"{field}\", not in \"context\""));
    match key.to_ascii_lowercase().as_str() {
        "aws:multifactorauthpresent" => given_as("aws:MultiFactorAuthPresent", "mfa"),
        "aws:username" => given_as("aws:username", "username"),
        "aws:principalaccount" => given_as("aws:PrincipalAccount", "account"),
        "aws:userid" | "aws:principalarn" | "aws:principaltype" => Some(format!(
            "{key} follows from \"username\" and \"account\"; it cannot be set in \"context\""
        )),
        _ => None,
    }
}

fn scalar(key: &str, value: Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        _ => Err(format!(
            "context key {key:?}: values must be strings, numbers, booleans or arrays of those"
        )),
    }
}

/// `--action A... --resource ARN...`: every action against every resource, as the own user.
pub fn from_flags<'a>(
    actions: &'a [String],
    resources: &'a [String],
    mfa: Mfa,
) -> Vec<SimRequest<'a>> {
    actions
        .iter()
        .flat_map(|action| {
            resources.iter().map(move |resource| SimRequest {
                action: plain_or_owned(action),
                resource: plain_or_owned(resource),
                username: Cow::Borrowed(OWN_USER),
                account: Cow::Borrowed(EXAMPLE_ACCOUNT),
                mfa,
                context: Vec::new(),
            })
        })
        .collect()
}

/// The text borrowed when JSON holds it as written, else owned (see [`SimRequest`]).
fn plain_or_owned(text: &str) -> Cow<'_, str> {
    if crate::text::json_plain_len(text.as_bytes()) == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<SimRequest<'_>, String> {
        parse_requests(line).map(|mut requests| requests.remove(0))
    }

    #[test]
    fn defaults_fill_user_account_and_absent_mfa() {
        let requests =
            parse_requests("\n{\"action\":\"iam:GetUser\",\"resource\":\"*\"}\n  \n").unwrap();
        assert_eq!(requests.len(), 1);
        let request = &requests[0];
        assert_eq!(request.username, OWN_USER);
        assert_eq!(request.account, EXAMPLE_ACCOUNT);
        assert_eq!(request.mfa, Mfa::Absent);
        assert!(matches!(request.action, Cow::Borrowed(_)), "no copy");
    }

    #[test]
    fn mfa_true_false_null() {
        let text = "{\"action\":\"a:b\",\"resource\":\"*\",\"mfa\":true}\n{\"action\":\"a:b\",\"resource\":\"*\",\"mfa\":false}\n{\"action\":\"a:b\",\"resource\":\"*\",\"mfa\":null}";
        let mfa: Vec<Mfa> = parse_requests(text)
            .unwrap()
            .iter()
            .map(|r| r.mfa)
            .collect();
        assert_eq!(mfa, [Mfa::Present, Mfa::NotPresent, Mfa::Absent]);
    }

    #[test]
    fn context_accepts_scalars_and_arrays() {
        let line = r#"{"action":"a:b","resource":"*","context":{"aws:SourceIp":"10.0.0.1","n":[1,true,"x"]}}"#;
        let request = parse_line(line).unwrap();
        assert_eq!(
            request.context,
            [
                ("aws:SourceIp".to_owned(), vec!["10.0.0.1".to_owned()]),
                (
                    "n".to_owned(),
                    vec!["1".to_owned(), "true".to_owned(), "x".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn errors_quoting_the_input_stay_one_line() {
        let error = parse_requests(r#"{"act\nion\u001b":"a:b","resource":"*"}"#).unwrap_err();
        assert!(error.contains("act\\nion\\u{1b}"), "{error}");
        assert!(!error.contains(['\n', '\u{1b}']), "{error}");
    }

    #[test]
    fn account_is_used_as_validated() {
        let line = r#"{"action":"a:b","resource":"*","account":" 123456789012 "}"#;
        assert_eq!(parse_line(line).unwrap().account, "123456789012");
    }

    #[test]
    fn bad_lines_name_their_number() {
        let cases = [
            ("{\"resource\":\"*\"}", "line 2: missing field `action`"),
            ("{\"action\":\"a:b\"}", "line 2: missing field `resource`"),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"mfa\":\"yes\"}",
                "line 2: invalid type",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"account\":\"12\"}",
                "line 2: invalid account ID",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"username\":\"a b\"}",
                "line 2: invalid user name",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"extra\":1}",
                "line 2: unknown field `extra`",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"context\":{\"k\":{}}}",
                "line 2: context key \"k\"",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"context\":{\"aws:multifactorauthpresent\":\"true\"}}",
                "line 2: give aws:MultiFactorAuthPresent",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"context\":{\"AWS:Username\":\"bob\"}}",
                "line 2: give aws:username as \"username\"",
            ),
            (
                "{\"action\":\"a:b\",\"resource\":\"*\",\"context\":{\"aws:PrincipalArn\":\"x\"}}",
                "line 2: aws:PrincipalArn follows from",
            ),
            (
                "{\"action\":\"\",\"resource\":\"*\"}",
                "line 2: \"action\" is empty",
            ),
            ("{\"action\":", "line 2: EOF while parsing"),
            ("[1]", "line 2: invalid type"),
        ];
        for (bad, expected) in cases {
            let text = format!("{{\"action\":\"a:b\",\"resource\":\"*\"}}\n{bad}\n");
            let error = parse_requests(&text).unwrap_err();
            assert!(error.starts_with(expected), "{bad}: {error}");
        }
    }

    #[test]
    fn flags_make_the_cartesian_product_in_order() {
        let actions = ["a:x".to_owned(), "a:y".to_owned()];
        let resources = ["r1".to_owned(), "r2".to_owned()];
        let requests = from_flags(&actions, &resources, Mfa::NotPresent);
        let pairs: Vec<(&str, &str)> = requests
            .iter()
            .map(|r| (&*r.action, &*r.resource))
            .collect();
        assert_eq!(
            pairs,
            [("a:x", "r1"), ("a:x", "r2"), ("a:y", "r1"), ("a:y", "r2")]
        );
        assert!(requests.iter().all(|r| r.mfa == Mfa::NotPresent));
    }

    proptest::proptest! {
        /// Any text is either requests or one "line N: ..." message, never a panic.
        #[test]
        fn any_text_parses_or_names_a_line(text in r#"(\PC|\n|[{}":,\[\]]){0,200}"#) {
            if let Err(message) = parse_requests(&text) {
                proptest::prop_assert!(message.starts_with("line "), "{}", message);
            }
        }

        /// Lines with arbitrary field values never panic either.
        #[test]
        fn arbitrary_field_values(
            action in r"\PC{0,12}",
            mfa in proptest::option::of(proptest::bool::ANY),
            key in r"\PC{0,8}",
        ) {
            let line = serde_json::json!({
                "action": action, "resource": "*", "mfa": mfa, "context": {key: [1, "x", true]}
            })
            .to_string();
            let _ = parse_requests(&line);
        }
    }
}
