//! Every check lint runs, as one table: a stable id (findings, SARIF rule ids, README), the
//! default severity, a one-line summary and a help text. Findings are pushed with a rule from
//! here, so ids cannot drift between the checks, the outputs and the documentation
//! (`tests/lint_rules_readme.rs` checks that README.md lists every rule).
//!
//! A finding may carry a lower or higher severity than its rule's default where the statement
//! decides (an unknown action is an error in an Allow, a warning in a Deny).

use super::Severity;

/// One check.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable identifier, e.g. `unknown-action`.
    pub id: &'static str,
    /// The usual severity of its findings.
    pub severity: Severity,
    /// What the rule finds, in one line.
    pub summary: &'static str,
    /// Why it matters and how to fix it, in a few sentences.
    pub help: &'static str,
    /// GitHub code scanning's `security-severity` (0.0-10.0) for rules about security, `None`
    /// for correctness rules.
    pub security_severity: Option<&'static str>,
}

impl Rule {
    /// The rule with this id.
    pub fn find(id: &str) -> Option<&'static Rule> {
        RULES.iter().copied().find(|r| r.id == id)
    }
}

/// Declares each rule as a constant and lists them all in [`RULES`], in the order given.
macro_rules! rules {
    ($($name:ident: $id:literal, $severity:ident, $security:expr, $summary:literal, $help:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: &Rule = &Rule {
                id: $id,
                severity: Severity::$severity,
                summary: $summary,
                help: $help,
                security_severity: $security,
            };
        )*
        /// Every rule, in documentation order.
        pub const RULES: &[&Rule] = &[$($name),*];
    };
}

rules! {
    // The text.
    INVALID_JSON: "invalid-json", Error, None,
        "The file is not valid JSON.",
        "IAM refuses the document. The finding gives the line and column where the JSON parser stopped: look for a missing comma, quote or bracket there.";
    INVALID_CHARACTER: "invalid-character", Error, None,
        "A character IAM does not accept in a policy document.",
        "IAM accepts only TAB, LF, CR and U+0020-U+00FF. Typographic quotes and dashes pasted from documents are the usual cause.";
    SIZE_OVER_LIMIT: "size-over-limit", Error, None,
        "The policy is larger than the limit of where it is attached.",
        "IAM counts non-whitespace characters: 2,048 for a user's inline policies, 5,120 for a group's, 10,240 for a role's, 6,144 for a managed policy. Split the policy or attach it elsewhere.";
    SIZE_NEAR_LIMIT: "size-near-limit", Info, None,
        "The policy is close to the size limit of where it is attached.",
        "A few more statements will not fit. Consider a managed policy (6,144 characters).";

    // The grammar.
    INVALID_EFFECT: "invalid-effect", Error, None,
        "Effect is missing or not exactly \"Allow\" or \"Deny\".",
        "Effect is case-sensitive: \"allow\" is refused.";
    CONFLICTING_ELEMENTS: "conflicting-elements", Error, None,
        "A statement has both Action and NotAction, or Resource and NotResource.",
        "Keep one of the two, or split the statement in two.";
    PRINCIPAL_IN_IDENTITY_POLICY: "principal-in-identity-policy", Error, None,
        "Principal or NotPrincipal in an identity-based policy.",
        "An identity policy applies to whoever it is attached to; IAM refuses Principal in it. Principal belongs in resource-based and trust policies.";
    UNKNOWN_ELEMENT: "unknown-element", Error, None,
        "An element the policy grammar does not have.",
        "Element names are case-sensitive: Version, Id, Statement; Sid, Effect, Action, NotAction, Resource, NotResource, Condition.";
    DUPLICATE_SID: "duplicate-sid", Error, None,
        "Two statements have the same Sid.",
        "Sids must be unique within a policy.";
    INVALID_SID: "invalid-sid", Error, None,
        "A Sid with characters other than letters and digits.",
        "IAM accepts only ASCII letters and digits in a Sid of an identity policy.";
    INVALID_VERSION: "invalid-version", Error, None,
        "Version is neither \"2012-10-17\" nor \"2008-10-17\".",
        "Write \"Version\": \"2012-10-17\": only that version has policy variables.";
    EMPTY_STATEMENT_LIST: "empty-statement-list", Error, None,
        "The policy has no statement.",
        "A policy without statements allows nothing.";
    EMPTY_ELEMENT: "empty-element", Error, None,
        "An element with an empty list.",
        "List at least one value, or remove the statement.";
    MISSING_ELEMENT: "missing-element", Error, None,
        "A statement lacks Effect, Action/NotAction or Resource/NotResource.",
        "In an identity policy every statement needs all three.";
    INVALID_ACTION_SYNTAX: "invalid-action-syntax", Error, None,
        "An action that is not written service:ActionName.",
        "IAM refuses the policy. Write for example \"iam:ChangePassword\".";
    INVALID_CONDITION: "invalid-condition", Error, None,
        "A Condition block of the wrong shape.",
        "Write \"Condition\": {\"Operator\": {\"key\": \"value\" or [\"values\"]}}.";
    INVALID_TYPE: "invalid-type", Error, None,
        "An element of the wrong JSON type.",
        "Use the JSON type the policy grammar expects for this element.";
    VARIABLES_WITHOUT_VERSION: "variables-without-version", Error, None,
        "Policy variables in a policy without \"Version\": \"2012-10-17\".",
        "Without that version, ${aws:username} is literal text and the statements using it match nothing. Other findings report what the policy would do once the version is fixed.";
    VERSION_MISSING: "version-missing", Warning, None,
        "The policy has no Version element.",
        "IAM then uses the old policy language, which has no policy variables. Add \"Version\": \"2012-10-17\" as the first element.";
    VERSION_OLD: "version-old", Warning, None,
        "The policy uses \"Version\": \"2008-10-17\".",
        "The old policy language has no policy variables. Use \"2012-10-17\".";

    // Conditions.
    UNKNOWN_CONDITION_OPERATOR: "unknown-condition-operator", Error, None,
        "A condition operator IAM does not know.",
        "IAM refuses the policy. Operator names are case-sensitive, e.g. StringEquals, Bool, BoolIfExists.";
    NULL_IF_EXISTS: "null-if-exists", Error, None,
        "NullIfExists, or Null with a set qualifier.",
        "IfExists can be added to every operator except Null (IAM refuses the policy). Null takes no ForAllValues/ForAnyValue either: it compares no values, and such a condition never holds here. Use Null alone.";
    UNKNOWN_CONDITION_KEY: "unknown-condition-key", Error, Some("5.0"),
        "A global (aws:) or IAM/STS condition key that does not exist.",
        "A key that never appears in a request makes the condition false: an Allow grants nothing and a Deny never applies. Keys of other services are not checked.";
    CONDITION_KEY_NOT_FOR_ACTION: "condition-key-not-for-action", Warning, Some("4.0"),
        "An IAM or STS condition key that the statement's actions do not support.",
        "The key is absent from requests for those actions, so the condition is false for them (true with ...IfExists): the statement does not limit them the way it reads.";
    CONDITION_TYPE_MISMATCH: "condition-type-mismatch", Error, Some("5.0"),
        "An operator that does not fit the key's type (Numeric on a string key, Bool on a date...).",
        "The comparison never holds as intended. Use the operator family of the key's type: String, ARN (or String) for ARNs, Numeric, Date, Bool, IpAddress.";
    INVALID_CONDITION_VALUE: "invalid-condition-value", Error, Some("5.0"),
        "A value its operator cannot read: Bool or Null other than true/false, a bad date, number or CIDR.",
        "IAM cannot compare the value, so the condition is false: a Deny with it never applies. Dates are ISO 8601 (W3C profile) or epoch seconds; addresses are IPv4/IPv6 with an optional /prefix.";
    CONDITION_VALUE_AMBIGUOUS: "condition-value-ambiguous", Warning, None,
        "An IPv6 address without a prefix length in an IpAddress condition.",
        "AWS's docs say a value without a prefix is a /32, which for IPv6 is a whole network; evaluators, this one included, read /128. Write the prefix length.";
    BOOL_BOTH_VALUES: "bool-both-values", Warning, None,
        "A Bool condition that lists both true and false.",
        "The condition then only checks that the key is present; say so with Null instead.";
    IF_EXISTS_ON_ALWAYS_PRESENT_KEY: "if-exists-on-always-present-key", Info, None,
        "...IfExists on a key that every request has.",
        "The key is always present, so IfExists changes nothing. Drop it to say what the condition does.";
    FOR_ALL_VALUES_SINGLE_VALUED: "for-all-values-single-valued", Warning, Some("5.0"),
        "ForAllValues on a single-valued key.",
        "ForAllValues is true when the key is absent, so an Allow with it also matches requests without the key. Use the operator without a set qualifier.";
    FOR_ANY_VALUE_NEGATED: "for-any-value-negated", Warning, Some("5.0"),
        "ForAnyValue with a negated operator.",
        "ForAnyValue:StringNotEquals is true as soon as one value differs, which is almost never what was meant. Use ForAllValues with the negated operator, or a positive operator.";
    MULTIVALUED_KEY_WITHOUT_SET: "multivalued-key-without-set", Warning, None,
        "A multivalued key (aws:TagKeys, aws:CalledVia...) without ForAllValues or ForAnyValue.",
        "Say whether all or any of the request's values must match with ForAllValues: or ForAnyValue:.";
    STRING_EQUALS_WITH_WILDCARD: "string-equals-with-wildcard", Warning, None,
        "StringEquals (or an ARN/string equality) with a * or ? in the value.",
        "Equality operators compare literally: the * only matches a real asterisk. Use StringLike or ArnLike.";
    STRING_LIKE_WITHOUT_WILDCARD: "string-like-without-wildcard", Info, None,
        "StringLike with no * or ? in any value.",
        "StringEquals says the same more plainly.";
    POLICY_VARIABLE_MALFORMED: "policy-variable-malformed", Error, Some("4.0"),
        "A ${ without its closing brace, or an empty ${}.",
        "IAM treats it as literal text, so the value matches nothing.";
    POLICY_VARIABLE_UNKNOWN: "policy-variable-unknown", Error, Some("4.0"),
        "A policy variable naming a condition key that does not exist.",
        "A variable with no value makes its resource match nothing and its condition value match nothing.";
    POLICY_VARIABLE_MULTIVALUED: "policy-variable-multivalued", Error, Some("4.0"),
        "A policy variable naming a multivalued key.",
        "Only single-valued keys can be variables (IAM User Guide, policy variables).";
    POLICY_VARIABLE_NOT_SUBSTITUTED: "policy-variable-not-substituted", Error, Some("4.0"),
        "A policy variable where IAM does not substitute it: in a Numeric, Date, Bool, Binary, IpAddress or Null condition, or in Action.",
        "Variables work only with the string and ARN operators and in Resource: elsewhere ${...} is literal text. (Bool is contested between two AWS pages; it is treated like the others.)";
    POLICY_VARIABLE_IN_ARN_PREFIX: "policy-variable-in-arn-prefix", Info, None,
        "A policy variable before the fifth colon of a Resource ARN.",
        "AWS's policy-variables page says this is unsupported, yet AWS's own managed policies use it and IAM substitutes it. It works today; know that AWS's docs call it unsupported.";

    // The MFA condition.
    DENY_MFA_BOOL: "deny-mfa-bool", Warning, Some("7.0"),
        "Deny with Bool aws:MultiFactorAuthPresent false.",
        "The key is absent for long-term access keys, so they slip past the Deny. Use BoolIfExists (AWS's recommendation).";
    ALLOW_MFA_BOOL_IF_EXISTS: "allow-mfa-bool-if-exists", Warning, Some("6.0"),
        "Allow with BoolIfExists aws:MultiFactorAuthPresent true.",
        "It also allows long-term access keys, without any MFA. Use Bool so that only MFA sessions match.";
    ALLOW_MFA_NULL: "allow-mfa-null", Warning, Some("6.0"),
        "Allow with Null aws:MultiFactorAuthPresent false.",
        "It allows every temporary credential, with or without MFA. Use Bool true.";

    // Resource ARNs.
    ARN_MALFORMED: "arn-malformed", Error, None,
        "A Resource that is neither * nor an ARN of six colon-separated parts starting arn:.",
        "IAM refuses the policy.";
    ARN_INVALID_PARTITION: "arn-invalid-partition", Error, None,
        "An ARN partition that does not exist (aws, aws-cn, aws-us-gov, ...).",
        "The ARN matches no resource.";
    ARN_UNKNOWN_SERVICE: "arn-unknown-service", Error, None,
        "An ARN service that no AWS resource type has.",
        "The ARN matches no resource. The list of services comes from the Service Authorization Reference.";
    ARN_IAM_WITH_REGION: "arn-iam-with-region", Error, None,
        "An IAM or STS ARN with a region.",
        "IAM resources are global: their ARNs have an empty region (arn:aws:iam::123456789012:user/name), so this ARN matches nothing.";
    ARN_INVALID_ACCOUNT: "arn-invalid-account", Error, Some("5.0"),
        "An ARN account that is empty where one is needed, or not a 12-digit number (a placeholder such as account-id).",
        "No account has that ID, so the statement grants nothing (or denies nothing). Use the account ID, * or ${aws:PrincipalAccount}.";
    ARN_UNKNOWN_RESOURCE_TYPE: "arn-unknown-resource-type", Error, None,
        "An IAM or STS ARN whose resource type does not exist (users/ for user/...).",
        "The ARN matches no resource.";

    // Actions and resources.
    UNKNOWN_ACTION: "unknown-action", Error, None,
        "An action that no AWS service has (checked against every service of the Service Authorization Reference).",
        "IAM accepts unknown action names silently, and they grant nothing. Correct the spelling; the finding suggests the closest real action.";
    WILDCARD_MATCHES_NOTHING: "wildcard-matches-nothing", Error, None,
        "An action pattern that matches no action of its service.",
        "It has no effect. Correct the pattern, or list actions by name.";
    ACTION_WILDCARD: "action-wildcard", Warning, Some("5.0"),
        "An Allow with a wildcard action.",
        "It also allows every matching action AWS adds later. List the actions users need by name.";
    ALLOW_NOT_ACTION: "allow-not-action", Warning, Some("7.0"),
        "Allow with NotAction.",
        "It allows every action of every service except the listed ones.";
    ALLOW_NOT_RESOURCE: "allow-not-resource", Warning, Some("6.0"),
        "Allow with NotResource.",
        "It allows the actions on every resource except the listed ones, other users' included.";
    DENY_NOT_ACTION_UNCONDITIONAL: "deny-not-action-unconditional", Warning, None,
        "Deny with NotAction and no Condition.",
        "It always denies every other action, whatever other policies allow.";
    WILDCARD_ONLY_ACTION_SCOPED: "wildcard-only-action-scoped", Error, None,
        "An action without resource-level permissions scoped to an ARN.",
        "Such actions need \"Resource\": \"*\"; scoped to an ARN, the statement grants (or denies) nothing for them.";
    STATEMENT_NEVER_MATCHES: "statement-never-matches", Error, None,
        "No action of the statement applies to any of its resources.",
        "The statement grants (or denies) nothing.";
    RESOURCE_TYPE_MISMATCH: "resource-type-mismatch", Error, None,
        "An action whose resource type none of the statement's resources has.",
        "The statement does not grant (or deny) that action. Move it to a statement with a resource of its type.";

    // Structure.
    REDUNDANT_STATEMENT: "redundant-statement", Warning, None,
        "A statement whose every action and resource another statement of the same effect already covers, with no more conditions.",
        "Remove it, or merge the two: duplicates make a policy harder to review and use up size.";
    REDUNDANT_ACTION: "redundant-action", Info, None,
        "An action already covered by another pattern of the same statement.",
        "Remove it: it changes nothing.";
    ALLOW_OVERRIDDEN_BY_DENY: "allow-overridden-by-deny", Warning, None,
        "An Allow that an unconditional Deny of the same policy always overrides.",
        "An explicit Deny wins over any Allow, so the Allow grants nothing.";

    // Security.
    PRIVILEGE_ESCALATION: "privilege-escalation", Error, Some("9.0"),
        "An Allow of an action that lets the user raise its own privileges (attach policies, pass roles, set passwords, rewrite tags...).",
        "Conditions on the Allow are taken into account where they limit the action (iam:PolicyARN, iam:PassedToService, aws:TagKeys): the finding says what remains.";
    CREDENTIALS_OF_OTHER_USERS: "credentials-of-other-users", Error, Some("9.0"),
        "An Allow of credential-creating actions on other users.",
        "Anyone with the policy can mint access keys or passwords for another user and act as them. Scope Resource to user/${aws:username}.";
    MANAGES_OTHER_USERS_CREDENTIALS: "manages-other-users-credentials", Warning, Some("5.0"),
        "An Allow of reading or deleting other users' credentials.",
        "Scope Resource to user/${aws:username}.";
    MFA_REMOVABLE_WITHOUT_MFA: "mfa-removable-without-mfa", Error, Some("8.0"),
        "iam:DeactivateMFADevice allowed without MFA.",
        "A stolen password or access key can remove the user's MFA. Allow it only with Bool aws:MultiFactorAuthPresent true.";
    MFA_DELETABLE_WITHOUT_MFA: "mfa-deletable-without-mfa", Warning, Some("5.0"),
        "iam:DeleteVirtualMFADevice allowed without MFA.",
        "A device in use must be deactivated (iam:DeactivateMFADevice) before it can be deleted, so this alone does not remove MFA; but AWS advises never to allow it without MFA.";
    MFA_ENROLMENT_BY_LONG_TERM_KEYS: "mfa-enrolment-by-long-term-keys", Error, Some("8.0"),
        "A stolen access key can enrol the thief's own MFA device and then pass the MFA gate.",
        "Deny iam:CreateVirtualMFADevice, iam:EnableMFADevice and iam:ResyncMFADevice when \"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}.";
    PASSWORD_CHANGE_WITHOUT_MFA: "password-change-without-mfa", Info, None,
        "iam:ChangePassword allowed before MFA.",
        "Needed for a first sign-in with a temporary password; AWS notes that whoever has the password can then change it.";
    USER_PATHS_NOT_MATCHED: "user-paths-not-matched", Info, None,
        "Resources name user/${aws:username} only.",
        "Users created with an IAM path (user/engineering/name) are left out; add user/*/${aws:username}.";
    MFA_DEVICE_NAMED_AFTER_USER: "mfa-device-named-after-user", Warning, None,
        "iam:CreateVirtualMFADevice allowed only for a device named mfa/${aws:username}.",
        "Users name their own virtual MFA devices when they enrol, so any other name is refused. Allow mfa/* for iam:CreateVirtualMFADevice.";

    // A user's whole set (`--with`, `--boundary`, `--scp`): policy-sets.md §3.
    SET_REMOVES_SELF_SERVICE: "set-removes-self-service", Warning, Some("4.0"),
        "A boundary or an SCP takes away self-service the identity policies grant.",
        "The permissions boundary and every SCP level must also allow an action (IAM User Guide, access_policies_boundaries; Organizations, SCP evaluation); allow the self-service actions there, or stop granting them.";
    SET_REMOVES_MFA_BOOTSTRAP: "set-removes-mfa-bootstrap", Error, Some("6.0"),
        "A boundary or an SCP takes away the MFA bootstrap.",
        "A new user cannot reach a working MFA device, so MFA-gated self-service never works; allow the bootstrap actions in the boundary and at every SCP level.";
    SET_MFA_GATE_IN_OTHER_POLICY: "set-mfa-gate-in-other-policy", Info, None,
        "The MFA gate for self-service sits in another policy than the grant.",
        "Both work only together: keep them attached to the same users, e.g. through one group.";
    SET_MFA_GATE_PARTIAL: "set-mfa-gate-partial", Warning, Some("6.0"),
        "Self-service is gated by MFA, other policies' grants are not.",
        "Whoever has the password or a key uses those grants without MFA; deny everything except the MFA bootstrap when aws:MultiFactorAuthPresent is not true, in one policy of the set.";
    SET_MFA_ENROLMENT_BY_LONG_TERM_KEYS: "set-mfa-enrolment-by-long-term-keys", Error, Some("8.0"),
        "Over the whole set, a stolen access key can enrol the thief's own MFA device.",
        "Deny iam:CreateVirtualMFADevice, iam:EnableMFADevice and iam:ResyncMFADevice when \"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}.";

    // `diff OLD NEW`.
    NEW_ACCESS: "new-access", Error, Some("7.0"),
        "diff: the new policy allows a request the old one did not.",
        "Review each new access before merging; `diff` exits 1 while there is any (like Access Analyzer's check-no-new-access).";
    LOST_ACCESS: "lost-access", Info, None,
        "diff: the new policy no longer allows a request the old one allowed.",
        "Check that users do not lose something they need.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                rule.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.id
            );
            assert!(
                !rule.summary.is_empty() && !rule.help.is_empty(),
                "{}",
                rule.id
            );
            assert!(
                RULES[i + 1..].iter().all(|other| other.id != rule.id),
                "{} twice",
                rule.id
            );
            assert_eq!(Rule::find(rule.id), Some(*rule));
        }
    }
}
