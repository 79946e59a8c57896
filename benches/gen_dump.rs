//! Writes a realistic `aws iam get-account-authorization-details` dump, the same for the same
//! seed, for the `audit` benchmark (`benches/audit.sh`) and for trying the audit by hand:
//!
//! ```text
//! cargo bench --bench gen_dump -- --users 10000 --seed 7 --out /tmp/account.json
//! ```
//!
//! Options: `--users N` (10,000), `--seed S` (1), `--form cli|api|mixed` (`mixed`: documents
//! decoded as the AWS CLI prints them, or percent-encoded as the raw API returns them, chosen per
//! document), `--without-aws-policies` (leave AWS managed policies out, as `--filter` without
//! `AWSManagedPolicy` does), `--out FILE` (standard output).
//!
//! The account: users at nested paths in 1–3 of 30 groups, with 2–6 managed policies attached
//! directly, a third with a permissions boundary, a quarter with an inline policy, tags; groups
//! with managed and inline policies; customer managed policies with several versions; AWS managed
//! policies (PowerUserAccess, IAMUserChangePassword...) as AWS publishes them; service roles.

use std::io::{self, BufWriter, Write};

use iamself_tui::policy::model::account::percent;
use serde::Serialize;
use serde_json::{Value, json};

const ACCOUNT: &str = "123456789012";

/// splitmix64: small, fast and the same everywhere, which is all a fixture needs.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.next() % denominator < numerator
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.between(0, items.len() - 1)]
    }

    /// `count` distinct indexes below `len`.
    fn distinct(&mut self, count: usize, len: usize) -> Vec<usize> {
        let mut chosen = Vec::with_capacity(count);
        while chosen.len() < count.min(len) {
            let index = self.between(0, len - 1);
            if !chosen.contains(&index) {
                chosen.push(index);
            }
        }
        chosen
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Cli,
    Api,
    Mixed,
}

struct Options {
    users: usize,
    seed: u64,
    form: Form,
    with_aws_policies: bool,
    out: Option<String>,
}

fn options() -> Options {
    let mut options = Options {
        users: 10_000,
        seed: 1,
        form: Form::Mixed,
        with_aws_policies: true,
        out: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--users" => options.users = number(&value("--users")),
            "--seed" => options.seed = number(&value("--seed")) as u64,
            "--form" => {
                options.form = match value("--form").as_str() {
                    "cli" => Form::Cli,
                    "api" => Form::Api,
                    "mixed" => Form::Mixed,
                    other => fail(&format!("--form: cli, api or mixed, not {other:?}")),
                }
            }
            "--without-aws-policies" => options.with_aws_policies = false,
            "--out" => options.out = Some(value("--out")),
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            other => fail(&format!("unknown option {other:?}")),
        }
    }
    options
}

fn number(text: &str) -> usize {
    text.parse()
        .unwrap_or_else(|_| fail(&format!("not a number: {text:?}")))
}

fn fail(message: &str) -> ! {
    eprintln!("gen_dump: {message}");
    std::process::exit(2)
}

/// A document in the form the dump uses.
fn document(value: &Value, form: Form, random: &mut Random) -> Value {
    let encoded = match form {
        Form::Cli => false,
        Form::Api => true,
        Form::Mixed => random.chance(1, 3),
    };
    if encoded {
        Value::String(percent::encode(&value.to_string()))
    } else {
        value.clone()
    }
}

// AWS managed policies, as AWS publishes them (IAM console, "AWS managed policies").

fn power_user_access() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["account:GetAccountInformation", "account:GetPrimaryEmail",
            "account:ListRegions", "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole",
            "iam:ListRoles", "organizations:DescribeOrganization"], "Resource": "*"}
    ]})
}

fn iam_user_change_password() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:ChangePassword"], "Resource": ["arn:aws:iam::*:user/${aws:username}"]},
        {"Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy"], "Resource": "*"}
    ]})
}

fn iam_read_only_access() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails",
            "iam:Get*", "iam:List*", "iam:SimulateCustomPolicy", "iam:SimulatePrincipalPolicy"], "Resource": "*"}
    ]})
}

fn administrator_access() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
}

fn iam_user_ssh_keys() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys",
            "iam:UpdateSSHPublicKey", "iam:UploadSSHPublicKey"], "Resource": "arn:aws:iam::*:user/${aws:username}"}
    ]})
}

// Customer managed policies, as administrators write them.

fn self_manage_with_mfa() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowViewAccountInfo", "Effect": "Allow",
         "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
        {"Sid": "AllowManageOwnPasswords", "Effect": "Allow",
         "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
         "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow",
         "Action": ["iam:CreateVirtualMFADevice"], "Resource": "arn:aws:iam::*:mfa/*"},
        {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
         "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
         "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
            "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
         "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
    ]})
}

fn self_manage_without_mfa() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser", "iam:*AccessKey*", "iam:*SSHPublicKey*"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Effect": "Allow", "Action": "iam:GetAccountPasswordPolicy", "Resource": "*"}
    ]})
}

fn team_bucket(team: usize, version: usize) -> Value {
    let mut actions = vec!["s3:GetObject", "s3:ListBucket"];
    if version >= 2 {
        actions.push("s3:PutObject");
    }
    if version >= 3 {
        actions.push("s3:DeleteObject");
    }
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "TeamBucket", "Effect": "Allow", "Action": actions,
         "Resource": [format!("arn:aws:s3:::team-{team:02}-data"), format!("arn:aws:s3:::team-{team:02}-data/*")]},
        {"Sid": "TeamTables", "Effect": "Allow", "Action": "dynamodb:*",
         "Resource": format!("arn:aws:dynamodb:*:{ACCOUNT}:table/team-{team:02}-*"),
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": format!("team-{team:02}")}}}
    ]})
}

fn developer_boundary() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Services", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
        {"Sid": "OwnCredentials", "Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:ChangePassword",
            "iam:GetUser", "iam:*MFADevice*", "iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
         "Resource": "*"},
        {"Sid": "NoBoundaryEscape", "Effect": "Deny", "Action": ["iam:DeleteUserPermissionsBoundary",
            "iam:PutUserPermissionsBoundary"], "Resource": "*"}
    ]})
}

fn contractor_boundary() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"}
    ]})
}

fn deny_regions() -> Value {
    json!({"Version": "2012-10-17", "Statement": {"Sid": "DenyOutsideEu", "Effect": "Deny",
        "NotAction": ["iam:*", "sts:*", "support:*"], "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}}})
}

fn user_inline(name: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "OwnPrefix", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": format!("arn:aws:s3:::home-bucket/{name}/*")},
        {"Sid": "OwnSshKeys", "Effect": "Allow", "Action": "iam:UploadSSHPublicKey",
         "Resource": format!("arn:aws:iam::{ACCOUNT}:user/*/{name}")}
    ]})
}

struct Managed {
    name: String,
    arn: String,
    path: &'static str,
    /// Every version, oldest first; the default is `default`.
    versions: Vec<Value>,
    default: usize,
}

fn aws_managed(name: &str, document: Value, versions: usize) -> Managed {
    Managed {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::aws:policy/{name}"),
        path: "/",
        versions: vec![document; versions],
        default: versions - 1,
    }
}

fn customer(name: String, path: &'static str, versions: Vec<Value>, default: usize) -> Managed {
    Managed {
        arn: format!("arn:aws:iam::{ACCOUNT}:policy{path}{name}"),
        name,
        path,
        versions,
        default,
    }
}

fn managed_policies() -> Vec<Managed> {
    let mut policies = vec![
        aws_managed("PowerUserAccess", power_user_access(), 5),
        aws_managed("IAMUserChangePassword", iam_user_change_password(), 2),
        aws_managed("IAMReadOnlyAccess", iam_read_only_access(), 4),
        aws_managed("AdministratorAccess", administrator_access(), 1),
        aws_managed("IAMUserSSHKeys", iam_user_ssh_keys(), 1),
        customer(
            "SelfManageCredentialsWithMFA".to_owned(),
            "/",
            vec![self_manage_without_mfa(), self_manage_with_mfa()],
            1,
        ),
        customer(
            "SelfManageCredentials".to_owned(),
            "/",
            vec![self_manage_without_mfa()],
            0,
        ),
        customer(
            "DeveloperBoundary".to_owned(),
            "/boundaries/",
            vec![contractor_boundary(), developer_boundary()],
            1,
        ),
        customer(
            "ContractorBoundary".to_owned(),
            "/boundaries/",
            vec![contractor_boundary()],
            0,
        ),
        customer("DenyOutsideEu".to_owned(), "/", vec![deny_regions()], 0),
    ];
    for team in 1..=40 {
        let versions: Vec<Value> = (1..=(team % 3) + 1).map(|v| team_bucket(team, v)).collect();
        let default = (team * 7) % versions.len();
        policies.push(customer(
            format!("Team{team:02}Data"),
            "/teams/",
            versions,
            default,
        ));
    }
    policies
}

struct GroupPlan {
    name: String,
    path: &'static str,
    managed: Vec<usize>,
    inline: Option<Value>,
}

fn groups(policies: &[Managed], random: &mut Random) -> Vec<GroupPlan> {
    let by_name = |name: &str| {
        policies
            .iter()
            .position(|p| p.name == name)
            .expect("a known policy")
    };
    let mut groups = vec![
        GroupPlan {
            name: "SelfService".to_owned(),
            path: "/",
            managed: vec![by_name("SelfManageCredentialsWithMFA")],
            inline: None,
        },
        GroupPlan {
            name: "Developers".to_owned(),
            path: "/",
            managed: vec![by_name("PowerUserAccess"), by_name("IAMUserChangePassword")],
            inline: Some(deny_regions()),
        },
        GroupPlan {
            name: "Admins".to_owned(),
            path: "/",
            managed: vec![by_name("AdministratorAccess")],
            inline: None,
        },
        GroupPlan {
            name: "Auditors".to_owned(),
            path: "/",
            managed: vec![by_name("IAMReadOnlyAccess")],
            inline: None,
        },
        GroupPlan {
            name: "Contractors".to_owned(),
            path: "/external/",
            managed: vec![by_name("SelfManageCredentials"), by_name("DenyOutsideEu")],
            inline: None,
        },
    ];
    for team in 1..=25 {
        let mut managed = vec![by_name(&format!("Team{team:02}Data"))];
        if random.chance(1, 2) {
            managed.push(by_name("IAMUserSSHKeys"));
        }
        groups.push(GroupPlan {
            name: format!("team-{team:02}"),
            path: "/teams/",
            managed,
            inline: random
                .chance(1, 3)
                .then(|| team_bucket((team + 10) % 40 + 1, 1)),
        });
    }
    groups
}

const FIRST: [&str; 16] = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil",
];
const LAST: [&str; 12] = [
    "smith", "jones", "garcia", "miller", "davis", "lopez", "wilson", "moore", "taylor", "lee",
    "white", "harris",
];
const PATHS: [&str; 6] = [
    "/",
    "/",
    "/engineering/",
    "/engineering/platform/",
    "/finance/",
    "/contractors/",
];

fn iam_id(prefix: &str, random: &mut Random) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut id = prefix.to_owned();
    for _ in 0..17 {
        id.push(char::from(*random.pick(ALPHABET)));
    }
    id
}

fn date(random: &mut Random) -> String {
    format!(
        "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        random.between(16, 25),
        random.between(1, 12),
        random.between(1, 28),
        random.between(0, 23),
        random.between(0, 59),
        random.between(0, 59)
    )
}

fn attached(policy: &Managed) -> Value {
    json!({"PolicyName": policy.name, "PolicyArn": policy.arn})
}

fn dump(options: &Options) -> Value {
    let mut random = Random(options.seed);
    let policies = managed_policies();
    let groups = groups(&policies, &mut random);
    // Policies users get directly: everything but the boundaries and AdministratorAccess.
    let attachable: Vec<usize> = (0..policies.len())
        .filter(|&i| {
            !policies[i].path.starts_with("/boundaries/")
                && policies[i].name != "AdministratorAccess"
        })
        .collect();
    let boundaries: Vec<usize> = (0..policies.len())
        .filter(|&i| policies[i].path.starts_with("/boundaries/"))
        .collect();

    let mut users = Vec::with_capacity(options.users);
    for index in 0..options.users {
        let name = format!("{}.{}{index}", random.pick(&FIRST), random.pick(&LAST));
        let path = *random.pick(&PATHS);
        let group_count = random.between(1, 3);
        let group_list: Vec<&str> = random
            .distinct(group_count, groups.len())
            .into_iter()
            .map(|g| groups[g].name.as_str())
            .collect();
        let managed_count = random.between(2, 6);
        let managed: Vec<Value> = random
            .distinct(managed_count, attachable.len())
            .into_iter()
            .map(|i| attached(&policies[attachable[i]]))
            .collect();
        let mut user = json!({
            "Path": path,
            "UserName": name,
            "UserId": iam_id("AIDA", &mut random),
            "Arn": format!("arn:aws:iam::{ACCOUNT}:user{path}{name}"),
            "CreateDate": date(&mut random),
            "UserPolicyList": [],
            "GroupList": group_list,
            "AttachedManagedPolicies": managed,
            "Tags": []
        });
        if random.chance(1, 4) {
            user["UserPolicyList"] = json!([{
                "PolicyName": format!("{name}-extra"),
                "PolicyDocument": document(&user_inline(&name), options.form, &mut random)
            }]);
        }
        if random.chance(1, 3) {
            let boundary = &policies[*random.pick(&boundaries)];
            user["PermissionsBoundary"] = json!({
                "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": boundary.arn
            });
        }
        let tag_count = random.between(0, 3);
        let tags: Vec<Value> = (0..tag_count)
            .map(|t| match t {
                0 => json!({"Key": "team", "Value": format!("team-{:02}", random.between(1, 25))}),
                1 => json!({"Key": "cost-center", "Value": format!("{}", random.between(1000, 9999))}),
                _ => json!({"Key": "email", "Value": format!("{name}@example.com")}),
            })
            .collect();
        user["Tags"] = Value::Array(tags);
        users.push(user);
    }

    let group_details: Vec<Value> = groups
        .iter()
        .map(|group| {
            let inline: Vec<Value> = group
                .inline
                .iter()
                .map(|doc| {
                    json!({"PolicyName": format!("{}-inline", group.name),
                           "PolicyDocument": document(doc, options.form, &mut random)})
                })
                .collect();
            json!({
                "Path": group.path,
                "GroupName": group.name,
                "GroupId": iam_id("AGPA", &mut random),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:group{}{}", group.path, group.name),
                "CreateDate": date(&mut random),
                "GroupPolicyList": inline,
                "AttachedManagedPolicies": group.managed.iter().map(|&i| attached(&policies[i])).collect::<Vec<_>>()
            })
        })
        .collect();

    let roles: Vec<Value> = (0..200)
        .map(|index| {
            let service = *random.pick(&["lambda", "ec2", "ecs-tasks", "states"]);
            let name = format!("{service}-role-{index:03}");
            json!({
                "Path": "/service-role/",
                "RoleName": name,
                "RoleId": iam_id("AROA", &mut random),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:role/service-role/{name}"),
                "CreateDate": date(&mut random),
                "AssumeRolePolicyDocument": document(&json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": format!("{service}.amazonaws.com")},
                    "Action": "sts:AssumeRole"}]}), options.form, &mut random),
                "InstanceProfileList": [],
                "RolePolicyList": [],
                "AttachedManagedPolicies": [attached(&policies[attachable[index % attachable.len()]])],
                "Tags": [],
                "RoleLastUsed": {}
            })
        })
        .collect();

    let policy_details: Vec<Value> = policies
        .iter()
        .filter(|p| options.with_aws_policies || !p.arn.contains(":aws:policy/"))
        .map(|policy| {
            let versions: Vec<Value> = policy
                .versions
                .iter()
                .enumerate()
                .rev()
                .map(|(i, doc)| {
                    json!({
                        "Document": document(doc, options.form, &mut random),
                        "VersionId": format!("v{}", i + 1),
                        "IsDefaultVersion": i == policy.default,
                        "CreateDate": date(&mut random)
                    })
                })
                .collect();
            json!({
                "PolicyName": policy.name,
                "PolicyId": iam_id("ANPA", &mut random),
                "Arn": policy.arn,
                "Path": policy.path,
                "DefaultVersionId": format!("v{}", policy.default + 1),
                "AttachmentCount": 1,
                "PermissionsBoundaryUsageCount": 0,
                "IsAttachable": true,
                "CreateDate": date(&mut random),
                "UpdateDate": date(&mut random),
                "PolicyVersionList": versions
            })
        })
        .collect();

    json!({
        "UserDetailList": users,
        "GroupDetailList": group_details,
        "RoleDetailList": roles,
        "Policies": policy_details
    })
}

fn main() {
    let options = options();
    let dump = dump(&options);
    let result = match &options.out {
        Some(path) => std::fs::File::create(path).and_then(|file| write(&dump, file)),
        None => write(&dump, io::stdout().lock()),
    };
    if let Err(error) = result {
        fail(&error.to_string());
    }
}

/// Indented by four spaces, as the AWS CLI prints JSON.
fn write(dump: &Value, out: impl Write) -> io::Result<()> {
    let mut out = BufWriter::new(out);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    dump.serialize(&mut serializer).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}
