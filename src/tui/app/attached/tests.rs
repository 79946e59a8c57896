//! State-machine tests for the "Also attached" choices: no terminal, no files (the event loop's
//! reading is stood in for by the `PolicyRead` action it sends back).

use crate::policy::engine::Verdict;
use crate::policy::model::choices::Choices;
use crate::policy::model::managed;
use crate::policy::reports::truth_table::Column;
use crate::tui::action::{Action, Pane, PolicyRead, Task};
use crate::tui::app::{App, Mode, StatusKind};
use crate::tui::attached::{Attached, Row, Source, Target};
use crate::tui::choice_items::ITEMS;
use crate::tui::theme::Theme;

const DENY_KEYS: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "NoNewKeys", "Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}
    ]
}"#;

fn app() -> App {
    App::new(Choices::default(), Theme::COLOR, (120, 40))
}

/// Selects an "Also attached" row with Down presses, as a user would.
fn select(app: &mut App, row: Row) {
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Top);
    for _ in 0..app.choice_count() {
        if app.selected_attached() == Some(row) {
            return;
        }
        app.update(Action::Down);
    }
    assert_eq!(app.selected_attached(), Some(row));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(app.update(Action::Input(c)), None);
    }
}

fn status(app: &App) -> (&str, Option<StatusKind>) {
    app.status
        .as_ref()
        .map_or(("", None), |s| (s.text.as_str(), Some(s.kind)))
}

/// The decision in `column` of the truth table row for `action`.
fn verdict(app: &App, action: &str, column: Column) -> Option<Verdict> {
    let analysis = app.analysis.as_ref().ok()?;
    let row = analysis.table.rows.iter().find(|r| r.action == action)?;
    Some(row.cell(column).verdict())
}

/// Attaches `path` with `a`, the prompt, and the event loop's answer `text`.
fn attach_file(app: &mut App, path: &str, text: Result<&str, &str>) {
    assert_eq!(app.update(Action::AddPolicy), None);
    assert!(matches!(app.mode, Mode::Attach { .. }));
    type_text(app, path);
    let task = app.update(Action::Submit);
    let Some(Task::ReadPolicy { path: read, target }) = task else {
        panic!("expected a read, got {task:?}");
    };
    assert_eq!(read, path);
    assert_eq!(app.mode, Mode::Main);
    app.update(Action::PolicyRead(PolicyRead {
        path: read,
        target,
        text: text.map(str::to_owned).map_err(str::to_owned),
    }));
}

#[test]
fn ticking_a_managed_policy_changes_the_table_at_once() {
    let mut app = app();
    assert_eq!(
        verdict(&app, "s3:ListAllMyBuckets", Column::Mfa),
        Some(Verdict::ImplicitDeny)
    );
    select(&mut app, Row::Managed("PowerUserAccess"));
    assert_eq!(app.update(Action::Toggle), None);
    assert_eq!(app.others.len(), 1);
    assert_eq!(app.others.identity[0].name, "aws:PowerUserAccess");
    assert_eq!(
        verdict(&app, "s3:ListAllMyBuckets", Column::Mfa),
        Some(Verdict::Allowed)
    );
    // The MFA gate of this policy covers what PowerUserAccess grants.
    assert_eq!(
        verdict(&app, "s3:ListAllMyBuckets", Column::NoMfa),
        Some(Verdict::ExplicitDeny)
    );
    assert_eq!(status(&app).0, "Attached aws:PowerUserAccess");
    // The generated policy is what copy and save write: unchanged by the set.
    let generated = App::new(Choices::default(), Theme::COLOR, (120, 40));
    assert_eq!(app.export(app.format), generated.export(generated.format));
    // And untick.
    app.update(Action::Toggle);
    assert!(app.others.is_empty());
    assert_eq!(
        verdict(&app, "s3:ListAllMyBuckets", Column::Mfa),
        Some(Verdict::ImplicitDeny)
    );
}

#[test]
fn decisions_name_the_policy_once_the_set_has_several() {
    let mut app = app();
    select(&mut app, Row::Managed("IAMUserSSHKeys"));
    app.update(Action::Toggle);
    let analysis = app.analysis.as_ref().expect("valid");
    let row = analysis
        .table
        .rows
        .iter()
        .find(|r| r.action == "iam:UploadSSHPublicKey")
        .expect("row");
    let labels: Vec<&str> = row.cell(Column::Mfa).labels().collect();
    assert!(
        labels.contains(&"this policy / AllowManageOwnSSHPublicKeys"),
        "{labels:?}"
    );
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("aws:IAMUserSSHKeys / ")),
        "{labels:?}"
    );
}

#[test]
fn must_change_password_shows_the_first_sign_in_deadlock() {
    let mut app = app();
    // Stage 1 of the journey: the first console sign-in, before MFA exists.
    let first_sign_in_ok = |app: &App| {
        let journey = &app.analysis.as_ref().expect("valid").journey;
        journey.unexpected().all(|step| step.stage != 1)
    };
    let journey_ok = |app: &App| {
        let journey = &app.analysis.as_ref().expect("valid").journey;
        journey.unexpected().count() == 0
    };
    assert!(journey_ok(&app));
    select(&mut app, Row::MustChangePassword);
    app.update(Action::Toggle);
    assert_eq!(app.others.identity[0].name, "aws:IAMUserChangePassword");
    // Enforce MFA denies ChangePassword without MFA, whatever IAMUserChangePassword allows.
    assert!(!first_sign_in_ok(&app));
    assert_eq!(
        verdict(&app, "iam:ChangePassword", Column::NoMfa),
        Some(Verdict::ExplicitDeny)
    );
    // The choice that lets a temporary password be changed before MFA resolves it.
    let index = crate::tui::choice_items::index_of("password-change-before-mfa").expect("item");
    app.update(Action::Top);
    for _ in 0..index {
        app.update(Action::Down);
    }
    app.update(Action::Toggle);
    assert!(first_sign_in_ok(&app));
}

#[test]
fn a_file_is_attached_by_path_and_removed_by_its_row() {
    let mut app = app();
    select(&mut app, Row::AddFile);
    attach_file(&mut app, "deny-keys.json", Ok(DENY_KEYS));
    assert_eq!(
        status(&app),
        (
            "Attached deny-keys.json as another identity policy",
            Some(StatusKind::Info)
        )
    );
    assert_eq!(
        verdict(&app, "iam:CreateAccessKey", Column::Mfa),
        Some(Verdict::ExplicitDeny)
    );
    let analysis = app.analysis.as_ref().expect("valid");
    let row = analysis
        .table
        .rows
        .iter()
        .find(|r| r.action == "iam:CreateAccessKey")
        .expect("row");
    assert_eq!(
        row.cell(Column::Mfa).labels().collect::<Vec<_>>(),
        ["deny-keys.json / NoNewKeys"]
    );
    // The new file's row is selected, so x takes it away again.
    assert_eq!(app.selected_attached(), Some(Row::File(0)));
    assert_eq!(app.update(Action::RemovePolicy), None);
    assert!(app.others.is_empty());
    assert_eq!(
        verdict(&app, "iam:CreateAccessKey", Column::Mfa),
        Some(Verdict::Allowed)
    );
    assert_eq!(status(&app).0, "Removed deny-keys.json from the set");
    // The selection stays within the shorter list.
    assert!(app.selected_item < app.choice_count());
}

#[test]
fn a_broken_file_leaves_the_set_unchanged_and_says_which_and_why() {
    let mut app = app();
    select(&mut app, Row::Managed("PowerUserAccess"));
    app.update(Action::Toggle);
    let set_before = app.others.clone();
    let attached_before = app.attached.clone();
    let table_before = app.analysis.as_ref().expect("valid").table.clone();

    attach_file(
        &mut app,
        "broken.json",
        Ok("{\"Version\": \"2012-10-17\", \"Statement\": ["),
    );
    let (text, kind) = status(&app);
    assert_eq!(kind, Some(StatusKind::Error));
    assert!(
        text.contains("broken.json") && text.contains("not a usable policy"),
        "{text}"
    );
    assert!(text.contains("line 1"), "{text}");
    assert_eq!(app.others, set_before);
    assert_eq!(app.attached, attached_before);
    assert_eq!(app.analysis.as_ref().expect("valid").table, table_before);

    // Valid JSON that is not a policy, and a file that cannot be read: the same.
    attach_file(
        &mut app,
        "not-policy.json",
        Ok(r#"{"Statement": [{"Effect": "Maybe"}]}"#),
    );
    assert!(
        status(&app).0.contains("not-policy.json"),
        "{}",
        status(&app).0
    );
    attach_file(&mut app, "missing.json", Err("missing.json: no such file"));
    assert_eq!(
        status(&app).0,
        "Nothing attached: missing.json: no such file"
    );
    assert_eq!(app.others, set_before);
    // The error stays until Esc, as errors do.
    app.update(Action::Tick);
    app.update(Action::Tick);
    app.update(Action::Tick);
    app.update(Action::Tick);
    assert!(app.status.is_some());
}

#[test]
fn the_prompt_attaches_a_bundled_name_at_once_and_refuses_an_unknown_one() {
    let mut app = app();
    app.update(Action::AddPolicy);
    type_text(&mut app, "aws:PowerUser");
    assert_eq!(app.update(Action::Submit), None);
    // Still asking, the known names listed.
    assert!(matches!(app.mode, Mode::Attach { .. }));
    let (text, kind) = status(&app);
    assert_eq!(kind, Some(StatusKind::Error));
    assert!(text.contains("aws:PowerUserAccess"), "{text}");
    assert!(app.others.is_empty());
    // Typing clears the complaint; the fixed name is attached without any file read.
    type_text(&mut app, "Access");
    assert_eq!(app.status, None);
    assert_eq!(app.update(Action::Submit), None);
    assert_eq!(app.mode, Mode::Main);
    assert_eq!(app.others.identity[0].name, "aws:PowerUserAccess");
    // The selection shows what was attached.
    assert_eq!(
        app.selected_attached(),
        Some(Row::Managed("PowerUserAccess"))
    );
}

#[test]
fn escape_closes_the_prompt_and_attaches_nothing() {
    let mut app = app();
    app.update(Action::AddPolicy);
    type_text(&mut app, "x.json");
    assert_eq!(app.update(Action::Close), None);
    assert_eq!(app.mode, Mode::Main);
    assert!(app.others.is_empty());
    assert_eq!(status(&app).0, "Nothing attached");
}

#[test]
fn the_boundary_and_scp_levels_come_from_their_rows() {
    let mut app = app();
    select(&mut app, Row::Boundary);
    // Space cycles the bundled policies: IAMUserChangePassword first, which allows nothing of
    // access keys, so the boundary takes them away.
    app.update(Action::Toggle);
    assert_eq!(
        app.others.boundary.as_ref().map(|b| b.name.as_str()),
        Some("boundary aws:IAMUserChangePassword")
    );
    let analysis = app.analysis.as_ref().expect("valid");
    let row = analysis
        .table
        .rows
        .iter()
        .find(|r| r.action == "iam:CreateAccessKey")
        .expect("row");
    assert_eq!(
        row.cell(Column::Mfa).missing_allow(),
        Some(crate::policy::engine::MissingAllow::Boundary)
    );
    // `a` on the boundary sets it from a file; x takes it away.
    attach_file(&mut app, "boundary.json", Ok(DENY_KEYS));
    assert_eq!(
        app.others.boundary.as_ref().map(|b| b.name.as_str()),
        Some("boundary boundary.json")
    );
    app.update(Action::RemovePolicy);
    assert_eq!(app.others.boundary, None);

    select(&mut app, Row::AddScpLevel);
    app.update(Action::Toggle);
    assert!(matches!(
        app.mode,
        Mode::Attach {
            target: Target::NewScpLevel,
            ..
        }
    ));
    type_text(&mut app, "aws:AdministratorAccess");
    app.update(Action::Submit);
    select(&mut app, Row::AddScpLevel);
    attach_file(&mut app, "scp-deny-keys.json", Ok(DENY_KEYS));
    assert_eq!(app.others.scp_levels.len(), 2);
    assert_eq!(
        app.others.scp_levels[1][0].name,
        "SCP level 2 scp-deny-keys.json"
    );
    assert_eq!(
        verdict(&app, "iam:CreateAccessKey", Column::Mfa),
        Some(Verdict::ExplicitDeny)
    );
    select(&mut app, Row::ScpLevel(0));
    app.update(Action::RemovePolicy);
    assert_eq!(app.others.scp_levels.len(), 1);
    assert_eq!(
        app.others.scp_levels[0][0].name,
        "SCP level 1 scp-deny-keys.json"
    );
    assert!(matches!(app.attached.scp_levels[0][0], Source::File { .. }));
}

#[test]
fn remove_elsewhere_says_what_it_removes() {
    let mut app = app();
    app.update(Action::RemovePolicy);
    assert!(status(&app).0.starts_with("Nothing to remove here"));
    select(&mut app, Row::Managed("IAMFullAccess"));
    app.update(Action::RemovePolicy);
    assert!(status(&app).0.starts_with("Nothing to remove here"));
    assert!(app.others.is_empty());
}

#[test]
fn a_set_given_at_start_shows_in_the_section() {
    let mut app = app();
    // As `--with aws:IAMUserChangePassword --boundary aws:PowerUserAccess --scp
    // aws:AdministratorAccess` loads it (the command line names members as `to_set` does).
    let bundled = |name| Source::Managed(managed::find(name).expect("bundled"));
    let others = Attached {
        identity: vec![bundled("IAMUserChangePassword")],
        boundary: Some(bundled("PowerUserAccess")),
        scp_levels: vec![vec![bundled("AdministratorAccess")]],
    }
    .to_set();
    app.set_others(others.clone());
    assert_eq!(app.others, others);
    assert_eq!(
        Row::MustChangePassword.value(&app.attached),
        crate::tui::attached::RowValue::Checked(true)
    );
    assert!(app.attached.rows().contains(&Row::ScpLevel(0)));
    // Every row of the section is reachable from the keyboard, and is the last thing listed.
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Bottom);
    assert_eq!(app.selected_attached(), Some(Row::AddScpLevel));
    assert_eq!(
        app.selected_item,
        ITEMS.len() + app.attached.rows().len() - 1
    );
}

#[test]
fn the_explanation_follows_the_selected_row() {
    let mut app = app();
    select(&mut app, Row::Managed("PowerUserAccess"));
    let text = app.explanation();
    assert!(text.contains("aws:PowerUserAccess v12"), "{text}");
    assert!(
        text.contains("Copy (c) and save (s) write only the self-service policy"),
        "{text}"
    );
}
