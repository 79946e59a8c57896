//! JSON text → the dump's records, in one pass over the text.
//!
//! Hand-written serde visitors rather than derived ones, for three reasons: every error names its
//! JSON path (`UserDetailList[3].UserPolicyList[0].PolicyDocument`), which derive cannot do; the
//! quirks of real output (a single object where a list belongs, `null` for an empty list, a
//! document as an object or a percent-encoded string) are accepted where they occur; and no
//! `serde_json::Value` of the whole dump is ever built, so memory stays near the file's size
//! (each policy document becomes a `Value` only while it is turned into a [`Policy`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::percent;
use super::{
    AccountDump, AttachedPolicy, DumpError, Group, InlinePolicy, ManagedPolicy, Role, User,
};
use crate::policy::model::document::{self, ParseError, Policy};

/// A place in the dump, rendered only when an error names it.
#[derive(Clone, Copy)]
enum JsonPath<'a> {
    Root,
    Key(&'a JsonPath<'a>, &'static str),
    Index(&'a JsonPath<'a>, usize),
}

impl<'a> JsonPath<'a> {
    fn key(&'a self, key: &'static str) -> JsonPath<'a> {
        JsonPath::Key(self, key)
    }

    fn index(&'a self, index: usize) -> JsonPath<'a> {
        JsonPath::Index(self, index)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Key(JsonPath::Root, key) => f.write_str(key),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{key}"),
            JsonPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

fn fail<E: de::Error>(path: &JsonPath<'_>, message: impl fmt::Display) -> E {
    E::custom(format_args!("{path}: {message}"))
}

/// Prefixes an error with the path of the value being read, unless it already names a place
/// inside that value (errors are located where they arise, as deep as possible).
fn located<E: de::Error>(path: &JsonPath<'_>, error: E) -> E {
    let prefix = path.to_string();
    let message = error.to_string();
    let message = strip_position(&message);
    if let Some(rest) = message.strip_prefix(prefix.as_str())
        && rest.starts_with(['.', '[', ':'])
    {
        return error;
    }
    E::custom(format_args!("{prefix}: {message}"))
}

/// serde_json ends its messages with ` at line L column C`; the error keeps both as numbers.
fn strip_position(message: &str) -> &str {
    let Some(start) = message.rfind(" at line ") else {
        return message;
    };
    let tail = &message[start + " at line ".len()..];
    let well_formed = tail.split_once(" column ").is_some_and(|(line, column)| {
        !line.is_empty()
            && !column.is_empty()
            && line.bytes().all(|b| b.is_ascii_digit())
            && column.bytes().all(|b| b.is_ascii_digit())
    });
    if well_formed {
        &message[..start]
    } else {
        message
    }
}

/// A value read at a known path.
trait FromJson: Sized {
    fn from_json<'de, D: Deserializer<'de>>(
        deserializer: D,
        path: &JsonPath<'_>,
    ) -> Result<Self, D::Error>;
}

struct At<'p, T> {
    path: &'p JsonPath<'p>,
    marker: PhantomData<fn() -> T>,
}

fn at<'p, T>(path: &'p JsonPath<'p>) -> At<'p, T> {
    At {
        path,
        marker: PhantomData,
    }
}

impl<'de, T: FromJson> DeserializeSeed<'de> for At<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::from_json(deserializer, self.path).map_err(|e| located(self.path, e))
    }
}

/// Reads the value of `key` in the object at `path`.
fn value<'de, A: MapAccess<'de>, T: FromJson>(
    map: &mut A,
    path: &JsonPath<'_>,
    key: &'static str,
) -> Result<T, A::Error> {
    map.next_value_seed(at(&path.key(key)))
}

/// Stores a field's value; a key given twice in one object is an error (serde_json would keep the
/// last silently, hiding half of a hand-merged dump).
fn put<T, E: de::Error>(
    slot: &mut Option<T>,
    value: T,
    path: &JsonPath<'_>,
    key: &'static str,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(fail(&path.key(key), "appears twice in the same object"));
    }
    *slot = Some(value);
    Ok(())
}

fn required<T, E: de::Error>(slot: Option<T>, path: &JsonPath<'_>, key: &str) -> Result<T, E> {
    slot.ok_or_else(|| fail(path, format_args!("missing \"{key}\"")))
}

/// Object keys, borrowed from the text when they have no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// Visits the fields of an object: `$map` a `MapAccess`, each arm `"Key" => expression`; other
/// keys are skipped.
macro_rules! for_each_field {
    ($map:ident, { $($key:literal => $action:expr,)* }) => {
        while let Some(key) = $map.next_key_seed(KeySeed)? {
            match key.as_ref() {
                $($key => $action,)*
                _ => {
                    $map.next_value::<IgnoredAny>()?;
                }
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Scalars and lists

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

impl FromJson for String {
    fn from_json<'de, D: Deserializer<'de>>(d: D, _: &JsonPath<'_>) -> Result<Self, D::Error> {
        d.deserialize_string(StringVisitor)
    }
}

impl FromJson for bool {
    fn from_json<'de, D: Deserializer<'de>>(d: D, _: &JsonPath<'_>) -> Result<Self, D::Error> {
        bool::deserialize(d)
    }
}

/// `null` reads as absent.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D, path: &JsonPath<'_>) -> Result<Self, D::Error> {
        d.deserialize_option(OptionVisitor::<T> {
            path,
            marker: PhantomData,
        })
    }
}

struct OptionVisitor<'p, T> {
    path: &'p JsonPath<'p>,
    marker: PhantomData<fn() -> T>,
}

impl<'de, T: FromJson> Visitor<'de> for OptionVisitor<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::from_json(d, self.path).map(Some)
    }
}

/// A JSON array; `null` reads as empty. With `single_object`, an object reads as a list of one
/// (AWS's own example output of `get-account-authorization-details` prints
/// `AttachedManagedPolicies` that way).
struct ListVisitor<'p, T> {
    path: &'p JsonPath<'p>,
    single_object: bool,
    marker: PhantomData<fn() -> T>,
}

impl<'de, T: FromJson> Visitor<'de> for ListVisitor<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.single_object {
            f.write_str("an array (or a single object)")
        } else {
            f.write_str("an array")
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            let path = self.path.index(items.len());
            match seq.next_element_seed(at::<T>(&path))? {
                Some(item) => items.push(item),
                None => return Ok(items),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        if !self.single_object {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        T::from_json(MapAccessDeserializer::new(map), self.path).map(|item| vec![item])
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D, path: &JsonPath<'_>) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor::<T> {
            path,
            single_object: false,
            marker: PhantomData,
        })
    }
}

/// A list that may also be given as its only element.
struct OneOrMany<T>(Vec<T>);

impl<T: FromJson> FromJson for OneOrMany<T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D, path: &JsonPath<'_>) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor::<T> {
            path,
            single_object: true,
            marker: PhantomData,
        })
        .map(OneOrMany)
    }
}

/// Records: each a visitor over an object, given its path.
macro_rules! record {
    ($type:ty, $visitor:ident, $what:literal) => {
        struct $visitor<'p> {
            path: &'p JsonPath<'p>,
        }

        impl FromJson for $type {
            fn from_json<'de, D: Deserializer<'de>>(
                d: D,
                path: &JsonPath<'_>,
            ) -> Result<Self, D::Error> {
                d.deserialize_map($visitor { path })
            }
        }

        impl $visitor<'_> {
            fn describe(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($what)
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Policy documents

/// A policy document as found: parsed, or why not (the caller names the path, and decides whether
/// the document matters: a managed policy's non-default versions do not).
struct RawDocument(Result<Policy, String>);

impl FromJson for RawDocument {
    fn from_json<'de, D: Deserializer<'de>>(d: D, _: &JsonPath<'_>) -> Result<Self, D::Error> {
        d.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = RawDocument;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a policy document (a JSON object, or a percent-encoded string)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDocument, E> {
        Ok(RawDocument(document_from_text(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDocument, A::Error> {
        let value = Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(RawDocument(document_from_value(&value)))
    }
}

/// A document given as a string: percent-encoded as the IAM API returns it, or, when it starts
/// with `{` (which an RFC 3986 encoder always escapes), JSON text as some tools write it.
fn document_from_text(text: &str) -> Result<Policy, String> {
    let json_text = if text.trim_start().starts_with('{') {
        Cow::Borrowed(text)
    } else {
        percent::decode(text).map_err(|e| e.to_string())?
    };
    let value = document::parse_json(&json_text).map_err(|e| {
        format!(
            "the decoded document is not JSON: line {}, column {}: {}",
            e.line, e.column, e.message
        )
    })?;
    document_from_value(&value)
}

fn document_from_value(value: &Value) -> Result<Policy, String> {
    match document::from_value(value) {
        (Some(policy), errors) if errors.is_empty() => Ok(policy),
        (_, errors) => Err(ParseError::Grammar(errors).to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// The dump's records

impl FromJson for InlinePolicy {
    fn from_json<'de, D: Deserializer<'de>>(d: D, path: &JsonPath<'_>) -> Result<Self, D::Error> {
        d.deserialize_map(InlinePolicyVisitor { path })
    }
}

struct InlinePolicyVisitor<'p> {
    path: &'p JsonPath<'p>,
}

impl<'de> Visitor<'de> for InlinePolicyVisitor<'_> {
    type Value = InlinePolicy;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an inline policy ({\"PolicyName\", \"PolicyDocument\"})")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InlinePolicy, A::Error> {
        let path = self.path;
        let (mut name, mut document) = (None, None);
        for_each_field!(map, {
            "PolicyName" => put(&mut name, value::<_, String>(&mut map, path, "PolicyName")?, path, "PolicyName")?,
            "PolicyDocument" => put(&mut document, value::<_, RawDocument>(&mut map, path, "PolicyDocument")?, path, "PolicyDocument")?,
        });
        let name = required(name, path, "PolicyName")?;
        let RawDocument(document) = required(document, path, "PolicyDocument")?;
        let document = document.map_err(|message| fail(&path.key("PolicyDocument"), message))?;
        Ok(InlinePolicy { name, document })
    }
}

/// A role's inline policy: only its name is kept; the document is not read.
struct RoleInlineName(String);

record!(RoleInlineName, RoleInlineVisitor, "an inline policy object");

impl<'de> Visitor<'de> for RoleInlineVisitor<'_> {
    type Value = RoleInlineName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RoleInlineName, A::Error> {
        let path = self.path;
        let mut name = None;
        for_each_field!(map, {
            "PolicyName" => put(&mut name, value::<_, String>(&mut map, path, "PolicyName")?, path, "PolicyName")?,
        });
        Ok(RoleInlineName(required(name, path, "PolicyName")?))
    }
}

record!(
    AttachedPolicy,
    AttachedVisitor,
    "an attached policy ({\"PolicyName\", \"PolicyArn\"})"
);

impl<'de> Visitor<'de> for AttachedVisitor<'_> {
    type Value = AttachedPolicy;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttachedPolicy, A::Error> {
        let path = self.path;
        let (mut name, mut arn) = (None, None);
        for_each_field!(map, {
            "PolicyName" => put(&mut name, value::<_, String>(&mut map, path, "PolicyName")?, path, "PolicyName")?,
            "PolicyArn" => put(&mut arn, value::<_, String>(&mut map, path, "PolicyArn")?, path, "PolicyArn")?,
        });
        Ok(AttachedPolicy {
            name: name.unwrap_or_default(),
            arn: required(arn, path, "PolicyArn")?,
        })
    }
}

/// `{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": ...}`: only the ARN counts
/// (the type reads `Policy` in real output although the API reference names another value).
struct Boundary(String);

record!(
    Boundary,
    BoundaryVisitor,
    "a permissions boundary ({\"PermissionsBoundaryArn\"})"
);

impl<'de> Visitor<'de> for BoundaryVisitor<'_> {
    type Value = Boundary;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Boundary, A::Error> {
        let path = self.path;
        let mut arn = None;
        for_each_field!(map, {
            "PermissionsBoundaryArn" => put(&mut arn, value::<_, String>(&mut map, path, "PermissionsBoundaryArn")?, path, "PermissionsBoundaryArn")?,
        });
        Ok(Boundary(required(arn, path, "PermissionsBoundaryArn")?))
    }
}

struct Tag(String, String);

record!(Tag, TagVisitor, "a tag ({\"Key\", \"Value\"})");

impl<'de> Visitor<'de> for TagVisitor<'_> {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tag, A::Error> {
        let path = self.path;
        let (mut key, mut tag_value) = (None, None);
        for_each_field!(map, {
            "Key" => put(&mut key, value::<_, String>(&mut map, path, "Key")?, path, "Key")?,
            "Value" => put(&mut tag_value, value::<_, String>(&mut map, path, "Value")?, path, "Value")?,
        });
        Ok(Tag(
            required(key, path, "Key")?,
            tag_value.unwrap_or_default(),
        ))
    }
}

fn tags(list: Option<Vec<Tag>>) -> Vec<(String, String)> {
    list.unwrap_or_default()
        .into_iter()
        .map(|Tag(key, value)| (key, value))
        .collect()
}

/// The path of a user, group or role: `Path` when given, else read from the ARN
/// (`arn:aws:iam::123456789012:user/division/alice` → `/division/`).
fn path_or_from_arn(path: Option<String>, arn: &str) -> String {
    path.unwrap_or_else(|| {
        let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
        let after_type = resource.split_once('/').map_or("", |(_, rest)| rest);
        match after_type.rfind('/') {
            Some(end) => format!("/{}/", &after_type[..end]),
            None => "/".to_owned(),
        }
    })
}

record!(User, UserVisitor, "a user object");

impl<'de> Visitor<'de> for UserVisitor<'_> {
    type Value = User;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<User, A::Error> {
        let p = self.path;
        let (mut path, mut name, mut id, mut arn) = (None, None, None, None);
        let (mut inline, mut groups, mut attached, mut boundary, mut tag_list) =
            (None, None, None, None, None);
        for_each_field!(map, {
            "Path" => put(&mut path, value(&mut map, p, "Path")?, p, "Path")?,
            "UserName" => put(&mut name, value(&mut map, p, "UserName")?, p, "UserName")?,
            "UserId" => put(&mut id, value(&mut map, p, "UserId")?, p, "UserId")?,
            "Arn" => put(&mut arn, value::<_, String>(&mut map, p, "Arn")?, p, "Arn")?,
            "UserPolicyList" => put(&mut inline, value(&mut map, p, "UserPolicyList")?, p, "UserPolicyList")?,
            "GroupList" => put(&mut groups, value(&mut map, p, "GroupList")?, p, "GroupList")?,
            "AttachedManagedPolicies" => put(&mut attached, value::<_, OneOrMany<AttachedPolicy>>(&mut map, p, "AttachedManagedPolicies")?, p, "AttachedManagedPolicies")?,
            "PermissionsBoundary" => put(&mut boundary, value::<_, Option<Boundary>>(&mut map, p, "PermissionsBoundary")?, p, "PermissionsBoundary")?,
            "Tags" => put(&mut tag_list, value(&mut map, p, "Tags")?, p, "Tags")?,
        });
        let arn = required(arn, p, "Arn")?;
        Ok(User {
            path: path_or_from_arn(path, &arn),
            name: required(name, p, "UserName")?,
            id: id.unwrap_or_default(),
            arn,
            tags: tags(tag_list),
            inline: inline.unwrap_or_default(),
            groups: groups.unwrap_or_default(),
            attached: attached.map(|OneOrMany(list)| list).unwrap_or_default(),
            boundary: boundary.flatten().map(|Boundary(arn)| arn),
        })
    }
}

record!(Group, GroupVisitor, "a group object");

impl<'de> Visitor<'de> for GroupVisitor<'_> {
    type Value = Group;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Group, A::Error> {
        let p = self.path;
        let (mut path, mut name, mut id, mut arn, mut inline, mut attached) =
            (None, None, None, None, None, None);
        for_each_field!(map, {
            "Path" => put(&mut path, value(&mut map, p, "Path")?, p, "Path")?,
            "GroupName" => put(&mut name, value(&mut map, p, "GroupName")?, p, "GroupName")?,
            "GroupId" => put(&mut id, value(&mut map, p, "GroupId")?, p, "GroupId")?,
            "Arn" => put(&mut arn, value::<_, String>(&mut map, p, "Arn")?, p, "Arn")?,
            "GroupPolicyList" => put(&mut inline, value(&mut map, p, "GroupPolicyList")?, p, "GroupPolicyList")?,
            "AttachedManagedPolicies" => put(&mut attached, value::<_, OneOrMany<AttachedPolicy>>(&mut map, p, "AttachedManagedPolicies")?, p, "AttachedManagedPolicies")?,
        });
        let arn = required(arn, p, "Arn")?;
        Ok(Group {
            path: path_or_from_arn(path, &arn),
            name: required(name, p, "GroupName")?,
            id: id.unwrap_or_default(),
            arn,
            inline: inline.unwrap_or_default(),
            attached: attached.map(|OneOrMany(list)| list).unwrap_or_default(),
        })
    }
}

record!(Role, RoleVisitor, "a role object");

impl<'de> Visitor<'de> for RoleVisitor<'_> {
    type Value = Role;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Role, A::Error> {
        let p = self.path;
        let (mut path, mut name, mut id, mut arn) = (None, None, None, None);
        let (mut inline, mut attached, mut boundary, mut tag_list) = (None, None, None, None);
        for_each_field!(map, {
            "Path" => put(&mut path, value(&mut map, p, "Path")?, p, "Path")?,
            "RoleName" => put(&mut name, value(&mut map, p, "RoleName")?, p, "RoleName")?,
            "RoleId" => put(&mut id, value(&mut map, p, "RoleId")?, p, "RoleId")?,
            "Arn" => put(&mut arn, value::<_, String>(&mut map, p, "Arn")?, p, "Arn")?,
            "RolePolicyList" => put(&mut inline, value::<_, Vec<RoleInlineName>>(&mut map, p, "RolePolicyList")?, p, "RolePolicyList")?,
            "AttachedManagedPolicies" => put(&mut attached, value::<_, OneOrMany<AttachedPolicy>>(&mut map, p, "AttachedManagedPolicies")?, p, "AttachedManagedPolicies")?,
            "PermissionsBoundary" => put(&mut boundary, value::<_, Option<Boundary>>(&mut map, p, "PermissionsBoundary")?, p, "PermissionsBoundary")?,
            "Tags" => put(&mut tag_list, value(&mut map, p, "Tags")?, p, "Tags")?,
        });
        let arn = required(arn, p, "Arn")?;
        Ok(Role {
            path: path_or_from_arn(path, &arn),
            name: required(name, p, "RoleName")?,
            id: id.unwrap_or_default(),
            arn,
            inline_policy_names: inline
                .unwrap_or_default()
                .into_iter()
                .map(|RoleInlineName(name)| name)
                .collect(),
            attached: attached.map(|OneOrMany(list)| list).unwrap_or_default(),
            boundary: boundary.flatten().map(|Boundary(arn)| arn),
            tags: tags(tag_list),
        })
    }
}

/// A `PolicyVersionList` entry.
struct PolicyVersion {
    id: Option<String>,
    is_default: bool,
    document: Option<RawDocument>,
}

record!(
    PolicyVersion,
    PolicyVersionVisitor,
    "a policy version object"
);

impl<'de> Visitor<'de> for PolicyVersionVisitor<'_> {
    type Value = PolicyVersion;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyVersion, A::Error> {
        let p = self.path;
        let (mut id, mut is_default, mut document) = (None, None, None);
        for_each_field!(map, {
            "VersionId" => put(&mut id, value(&mut map, p, "VersionId")?, p, "VersionId")?,
            "IsDefaultVersion" => put(&mut is_default, value::<_, Option<bool>>(&mut map, p, "IsDefaultVersion")?, p, "IsDefaultVersion")?,
            "Document" => put(&mut document, value(&mut map, p, "Document")?, p, "Document")?,
        });
        Ok(PolicyVersion {
            id,
            is_default: is_default.flatten().unwrap_or(false),
            document,
        })
    }
}

record!(
    ManagedPolicy,
    ManagedPolicyVisitor,
    "a managed policy object"
);

impl<'de> Visitor<'de> for ManagedPolicyVisitor<'_> {
    type Value = ManagedPolicy;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::describe(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ManagedPolicy, A::Error> {
        let p = self.path;
        let (mut name, mut id, mut arn, mut path, mut default_id, mut versions) =
            (None, None, None, None, None, None);
        for_each_field!(map, {
            "PolicyName" => put(&mut name, value(&mut map, p, "PolicyName")?, p, "PolicyName")?,
            "PolicyId" => put(&mut id, value(&mut map, p, "PolicyId")?, p, "PolicyId")?,
            "Arn" => put(&mut arn, value::<_, String>(&mut map, p, "Arn")?, p, "Arn")?,
            "Path" => put(&mut path, value(&mut map, p, "Path")?, p, "Path")?,
            "DefaultVersionId" => put(&mut default_id, value::<_, Option<String>>(&mut map, p, "DefaultVersionId")?, p, "DefaultVersionId")?,
            "PolicyVersionList" => put(&mut versions, value::<_, Vec<PolicyVersion>>(&mut map, p, "PolicyVersionList")?, p, "PolicyVersionList")?,
        });
        let arn = required(arn, p, "Arn")?;
        let default_id = default_id.flatten();
        let versions = versions.unwrap_or_default();
        let list_path = p.key("PolicyVersionList");
        let marked: Vec<usize> = (0..versions.len())
            .filter(|&i| versions[i].is_default)
            .collect();
        if marked.len() > 1 {
            return Err(fail(
                &list_path,
                format_args!(
                    "{} versions are marked \"IsDefaultVersion\": true; only one is in force",
                    marked.len()
                ),
            ));
        }
        let chosen = marked.first().copied().or_else(|| {
            let wanted = default_id.as_deref()?;
            versions
                .iter()
                .position(|v| v.id.as_deref() == Some(wanted))
        });
        let (default_version, document) = match chosen {
            None => (default_id, None),
            Some(index) => {
                let mut versions = versions;
                let version = versions.swap_remove(index);
                let version_path = list_path.index(index);
                let document_path = version_path.key("Document");
                let RawDocument(document) = required(version.document, &version_path, "Document")?;
                let document = document.map_err(|message| fail(&document_path, message))?;
                (version.id.or(default_id), Some(document))
            }
        };
        Ok(ManagedPolicy {
            name: name.unwrap_or_default(),
            id: id.unwrap_or_default(),
            path: path_or_from_arn(path, &arn),
            arn,
            default_version,
            document,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The top level

/// What the top-level object held, before cross-checks.
pub(super) struct RawDump {
    users: Option<Vec<User>>,
    groups: Option<Vec<Group>>,
    roles: Option<Vec<Role>>,
    policies: Option<Vec<ManagedPolicy>>,
    truncated: Option<bool>,
    marker: Option<String>,
    /// Keys that tell what another kind of file this is (`Statement`, `Records`...).
    telltales: Vec<&'static str>,
}

/// Keys of files that are often mistaken for a dump, and what they mean.
const TELLTALES: [(&str, &str); 8] = [
    (
        "Statement",
        "it is a policy document (it has \"Statement\")",
    ),
    ("Records", "it is a CloudTrail log (it has \"Records\")"),
    (
        "eventName",
        "it is a CloudTrail event (it has \"eventName\")",
    ),
    (
        "Users",
        "it looks like the output of `aws iam list-users` (it has \"Users\")",
    ),
    (
        "User",
        "it looks like the output of `aws iam get-user` (it has \"User\")",
    ),
    (
        "Roles",
        "it looks like the output of `aws iam list-roles` (it has \"Roles\")",
    ),
    (
        "PolicyVersion",
        "it looks like the output of `aws iam get-policy-version`",
    ),
    ("Credentials", "it looks like STS credentials"),
];

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = RawDump;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDump, A::Error> {
        let p = &JsonPath::Root;
        let mut raw = RawDump {
            users: None,
            groups: None,
            roles: None,
            policies: None,
            truncated: None,
            marker: None,
            telltales: Vec::new(),
        };
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key.as_ref() {
                "UserDetailList" => put(
                    &mut raw.users,
                    value::<_, Vec<User>>(&mut map, p, "UserDetailList")?,
                    p,
                    "UserDetailList",
                )?,
                "GroupDetailList" => put(
                    &mut raw.groups,
                    value::<_, Vec<Group>>(&mut map, p, "GroupDetailList")?,
                    p,
                    "GroupDetailList",
                )?,
                "RoleDetailList" => put(
                    &mut raw.roles,
                    value::<_, Vec<Role>>(&mut map, p, "RoleDetailList")?,
                    p,
                    "RoleDetailList",
                )?,
                "Policies" => put(
                    &mut raw.policies,
                    value::<_, Vec<ManagedPolicy>>(&mut map, p, "Policies")?,
                    p,
                    "Policies",
                )?,
                "IsTruncated" => put(
                    &mut raw.truncated,
                    value::<_, Option<bool>>(&mut map, p, "IsTruncated")?.unwrap_or(false),
                    p,
                    "IsTruncated",
                )?,
                "Marker" => put(
                    &mut raw.marker,
                    value::<_, Option<String>>(&mut map, p, "Marker")?.unwrap_or_default(),
                    p,
                    "Marker",
                )?,
                other => {
                    if let Some((key, _)) = TELLTALES.iter().find(|(key, _)| *key == other) {
                        raw.telltales.push(key);
                    }
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}

/// Reads the top-level object.
pub(super) fn raw_dump(text: &str) -> Result<RawDump, DumpError> {
    let first = text.trim_start().chars().next();
    match first {
        None => return Err(DumpError::NotADump("the file is empty".to_owned())),
        Some('{') => {}
        Some(_) => {
            let kind = match serde_json::from_str::<IgnoredAny>(text) {
                Err(error) => return Err(json_error(&error)),
                Ok(_) if first == Some('[') => "a JSON array",
                Ok(_) => "a single JSON value",
            };
            return Err(DumpError::NotADump(format!(
                "the file is {kind}, not an object with \"UserDetailList\", \"GroupDetailList\", \"RoleDetailList\" and \"Policies\""
            )));
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let raw = deserializer
        .deserialize_map(RootVisitor)
        .and_then(|raw| deserializer.end().map(|()| raw))
        .map_err(|e| match serde_json::from_str::<IgnoredAny>(text) {
            // Errors are prefixed with their JSON path as they travel up, which hides that some
            // are malformed JSON; a second look (only on failure) tells them apart.
            Err(syntax) if syntax.classify() != serde_json::error::Category::Data => {
                json_error(&syntax)
            }
            _ => json_error(&e),
        })?;
    if raw.users.is_none() && raw.groups.is_none() && raw.roles.is_none() && raw.policies.is_none()
    {
        let what = raw
            .telltales
            .first()
            .and_then(|key| TELLTALES.iter().find(|(k, _)| k == key))
            .map_or(
                "it has none of \"UserDetailList\", \"GroupDetailList\", \"RoleDetailList\" and \"Policies\"",
                |(_, what)| what,
            );
        return Err(DumpError::NotADump(what.to_owned()));
    }
    Ok(raw)
}

fn json_error(error: &serde_json::Error) -> DumpError {
    let message = strip_position(&error.to_string()).to_owned();
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        serde_json::error::Category::Data => DumpError::Content {
            line,
            column,
            message,
        },
        _ => DumpError::Json {
            line,
            column,
            message,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Cross-checks

/// The parts of an ARN: `arn:partition:service:region:account:resource`.
struct Arn<'a> {
    partition: &'a str,
    service: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn split_arn(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let _region = parts.next()?;
    let account = parts.next()?;
    let resource = parts.next()?;
    Some(Arn {
        partition,
        service,
        account,
        resource,
    })
}

/// The account and partition every user, group and role ARN must share.
struct AccountOf {
    account: Option<(String, String)>,
}

impl AccountOf {
    /// Checks that `arn` is an IAM ARN of `kind` (`user`, `group`, `role`) for `path` + `name`,
    /// in the same account as every ARN before it.
    fn check(
        &mut self,
        place: &str,
        arn: &str,
        kind: &str,
        path: &str,
        name: &str,
    ) -> Result<(), DumpError> {
        let expected_resource = format!("{kind}{path}{name}");
        let parsed = split_arn(arn).filter(|parsed| {
            parsed.service == "iam"
                && parsed.account.len() == 12
                && parsed.account.bytes().all(|b| b.is_ascii_digit())
        });
        let Some(parsed) = parsed else {
            return Err(DumpError::Inconsistent(format!(
                "{place}.Arn: {arn:?} is not an IAM {kind} ARN (arn:aws:iam::<12-digit account>:{kind}/...)"
            )));
        };
        if parsed.resource != expected_resource {
            return Err(DumpError::Inconsistent(format!(
                "{place}.Arn: {arn:?} does not end in {expected_resource:?}, as its Path and name say"
            )));
        }
        match &self.account {
            None => {
                self.account = Some((parsed.account.to_owned(), parsed.partition.to_owned()));
            }
            Some((account, partition)) => {
                if account != parsed.account || partition != parsed.partition {
                    return Err(DumpError::Inconsistent(format!(
                        "{place}.Arn: {arn:?} is in account {} ({}), the rest of the dump in {account} ({partition}); one dump describes one account",
                        parsed.account, parsed.partition
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Checks what no single record can (names unique, groups present, one account) and indexes
/// users, groups and policies.
pub(super) fn assemble(raw: RawDump) -> Result<AccountDump, DumpError> {
    let truncated = raw.truncated.unwrap_or(false);
    let lists_groups = raw.groups.is_some();
    let lists_policies = raw.policies.is_some();
    let users = raw.users.unwrap_or_default();
    let groups = raw.groups.unwrap_or_default();
    let roles = raw.roles.unwrap_or_default();
    let policies = raw.policies.unwrap_or_default();

    let mut account = AccountOf { account: None };
    for (i, user) in users.iter().enumerate() {
        let place = format!("UserDetailList[{i}]");
        account.check(&place, &user.arn, "user", &user.path, &user.name)?;
    }
    for (i, group) in groups.iter().enumerate() {
        let place = format!("GroupDetailList[{i}]");
        account.check(&place, &group.arn, "group", &group.path, &group.name)?;
    }
    for (i, role) in roles.iter().enumerate() {
        let place = format!("RoleDetailList[{i}]");
        account.check(&place, &role.arn, "role", &role.path, &role.name)?;
    }

    let users_by_name = unique_names(
        users.iter().map(|u| u.name.as_str()),
        "UserDetailList",
        "user",
    )?;
    let groups_by_name = unique_names(
        groups.iter().map(|g| g.name.as_str()),
        "GroupDetailList",
        "group",
    )?;
    let mut policies_by_arn = HashMap::with_capacity(policies.len());
    for (i, policy) in policies.iter().enumerate() {
        if let Some(first) = policies_by_arn.insert(policy.arn.clone(), i) {
            return Err(DumpError::Inconsistent(format!(
                "Policies[{i}]: policy {:?} is listed twice (also Policies[{first}])",
                policy.arn
            )));
        }
    }

    // A complete dump that lists groups lists every group its users are in; an absent group is
    // then a damaged file. In a truncated page or a dump filtered without groups, it is unknown.
    if lists_groups && !truncated {
        for (i, user) in users.iter().enumerate() {
            for (j, group) in user.groups.iter().enumerate() {
                if !groups_by_name.contains_key(&group.to_lowercase()) {
                    return Err(DumpError::Inconsistent(format!(
                        "UserDetailList[{i}].GroupList[{j}]: user {:?} is in group {group:?}, which is not in GroupDetailList",
                        user.name
                    )));
                }
            }
        }
    }

    let (account, partition) = match account.account {
        Some((account, partition)) => (Some(account), partition),
        None => account_from_policies(&policies),
    };
    Ok(AccountDump {
        account,
        partition,
        truncated,
        marker: raw.marker.filter(|m| !m.is_empty()),
        users,
        groups,
        roles,
        policies,
        lists_groups,
        lists_policies,
        users_by_name,
        groups_by_name,
        policies_by_arn,
    })
}

/// With no user, group or role, a customer managed policy's ARN still names the account.
fn account_from_policies(policies: &[ManagedPolicy]) -> (Option<String>, String) {
    let customer = policies
        .iter()
        .filter_map(|p| split_arn(&p.arn))
        .find(|arn| arn.account.len() == 12 && arn.account.bytes().all(|b| b.is_ascii_digit()));
    match customer {
        Some(arn) => (Some(arn.account.to_owned()), arn.partition.to_owned()),
        None => {
            let partition = policies
                .iter()
                .find_map(|p| split_arn(&p.arn))
                .map_or("aws", |arn| arn.partition);
            (None, partition.to_owned())
        }
    }
}

/// Names unique regardless of case (IAM names are), indexed by their lower-case form.
fn unique_names<'a>(
    names: impl Iterator<Item = &'a str>,
    list: &str,
    kind: &str,
) -> Result<HashMap<String, usize>, DumpError> {
    let mut index = HashMap::new();
    for (i, name) in names.enumerate() {
        if let Some(first) = index.insert(name.to_lowercase(), i) {
            return Err(DumpError::Inconsistent(format!(
                "{list}[{i}]: {kind} name {name:?} appears twice (also {list}[{first}]); IAM {kind} names are unique regardless of case"
            )));
        }
    }
    Ok(index)
}
