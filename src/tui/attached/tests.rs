use super::*;
use crate::policy::model::document;

fn file(path: &str) -> Source {
    let policy = document::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"*"}]}"#,
    )
    .expect("a policy");
    Source::File {
        path: path.to_owned(),
        policy,
    }
}

fn bundled(name: &str) -> Source {
    Source::Managed(managed::find(name).expect("bundled"))
}

#[test]
fn every_bundled_policy_has_a_checkbox_and_the_first_sign_in_choice_comes_first() {
    let rows = Attached::default().rows();
    assert_eq!(rows[0], Row::MustChangePassword);
    for policy in managed::all() {
        assert!(rows.contains(&Row::Managed(policy.name)), "{}", policy.name);
    }
    assert_eq!(rows.iter().filter(|r| matches!(r, Row::File(_))).count(), 0);
    assert_eq!(rows.last(), Some(&Row::AddScpLevel));
}

#[test]
fn must_change_password_is_the_iam_user_change_password_checkbox() {
    let mut attached = Attached::default();
    let policy = managed::find(MUST_CHANGE_PASSWORD_POLICY).expect("bundled");
    assert!(attached.toggle_managed(policy));
    assert_eq!(
        Row::MustChangePassword.value(&attached),
        RowValue::Checked(true)
    );
    assert_eq!(
        Row::Managed(MUST_CHANGE_PASSWORD_POLICY).value(&attached),
        RowValue::Checked(true)
    );
    assert_eq!(
        attached.to_set().identity[0].name,
        "aws:IAMUserChangePassword"
    );
    assert!(!attached.toggle_managed(policy));
    assert!(attached.identity.is_empty());
}

#[test]
fn files_are_listed_after_the_checkboxes_and_removed_by_their_row() {
    let mut attached = Attached::default();
    attached.add(Target::Identity, bundled("PowerUserAccess"));
    let message = attached.add(Target::Identity, file("deny-keys.json"));
    assert_eq!(
        message,
        "Attached deny-keys.json as another identity policy"
    );
    let rows = attached.rows();
    let file_row = rows
        .iter()
        .position(|r| *r == Row::File(1))
        .expect("the file's row");
    assert_eq!(rows[file_row + 1], Row::AddFile);
    assert_eq!(Row::File(1).label(&attached), "deny-keys.json");
    // Adding the same path again reads it again rather than attaching it twice.
    let message = attached.add(Target::Identity, file("deny-keys.json"));
    assert!(message.contains("read again"), "{message}");
    assert_eq!(attached.identity.len(), 2);
    let message = attached.remove(Row::File(1)).expect("removed");
    assert_eq!(message, "Removed deny-keys.json from the set");
    assert_eq!(attached.identity, vec![bundled("PowerUserAccess")]);
    assert_eq!(attached.remove(Row::AddFile), None);
}

#[test]
fn scp_levels_are_renamed_when_one_above_goes() {
    let mut attached = Attached::default();
    attached.add(Target::NewScpLevel, bundled("AdministratorAccess"));
    let message = attached.add(Target::NewScpLevel, file("deny-keys.json"));
    assert_eq!(message, "SCP level 2: deny-keys.json");
    assert_eq!(
        attached.to_set().scp_levels[1][0].name,
        "SCP level 2 deny-keys.json"
    );
    attached.remove(Row::ScpLevel(0)).expect("removed");
    let set = attached.to_set();
    assert_eq!(set.scp_levels.len(), 1);
    assert_eq!(set.scp_levels[0][0].name, "SCP level 1 deny-keys.json");
}

#[test]
fn the_boundary_cycles_through_none_and_the_bundle() {
    let mut attached = Attached::default();
    let mut seen = Vec::new();
    for _ in 0..=managed::all().len() {
        attached.cycle_boundary();
        seen.push(Row::Boundary.value(&attached));
    }
    assert_eq!(
        seen.first(),
        Some(&RowValue::Value("aws:IAMUserChangePassword".to_owned()))
    );
    assert_eq!(seen.last(), Some(&RowValue::Value("none".to_owned())));
    attached.add(Target::Boundary, file("boundary.json"));
    assert_eq!(
        attached.to_set().boundary.map(|b| b.name),
        Some("boundary boundary.json".to_owned())
    );
    attached.cycle_boundary();
    assert_eq!(attached.boundary, None);
}

#[test]
fn the_prompt_takes_a_bundled_name_or_a_path() {
    assert_eq!(
        parse_prompt(" aws:PowerUserAccess "),
        Ok(Typed::Managed(
            managed::find("PowerUserAccess").expect("bundled")
        ))
    );
    assert_eq!(
        parse_prompt("policies/x.json"),
        Ok(Typed::File("policies/x.json".to_owned()))
    );
    let unknown = parse_prompt("aws:PowerUser").expect_err("not bundled");
    assert!(
        unknown.contains("did you mean aws:PowerUserAccess?"),
        "{unknown}"
    );
    let unknown = parse_prompt("aws:Nothing").expect_err("not bundled");
    assert!(!unknown.contains("did you mean"), "{unknown}");
    assert!(unknown.contains("AdministratorAccess"), "{unknown}");
    assert!(parse_prompt("  ").is_err());
    assert!(parse_prompt("-").is_err());
}

#[test]
fn every_row_says_copy_and_save_write_only_the_self_service_policy() {
    let mut attached = Attached::default();
    attached.add(Target::Identity, file("x.json"));
    attached.add(Target::NewScpLevel, file("y.json"));
    for row in attached.rows() {
        assert!(row.explanation().contains(NOT_EXPORTED), "{row:?}");
    }
}
