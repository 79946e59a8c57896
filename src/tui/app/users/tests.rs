//! State-machine tests for the users screen: every transition of the list, the filter, a user's
//! view and the generator started from it.

use std::path::PathBuf;

use crate::policy::model::account;
use crate::policy::model::choices::{Choices, Credential};
use crate::policy::reports::audit::Answer;
use crate::tui::action::{Action, ResultsTab, Task};
use crate::tui::app::{App, Mode, SortKey, UsersScreen};
use crate::tui::keys::KeyMode;
use crate::tui::theme::Theme;

/// alice (self-service with MFA), bob (also AdministratorAccess), carol (self-service without
/// MFA), dave (PowerUserAccess missing from the dump), erin (a boundary without IAM).
const SMALL_ACCOUNT: &str = include_str!("../../../../tests/fixtures/small-account.json");

fn app() -> App {
    let dump = account::parse(SMALL_ACCOUNT).expect("the fixture is a dump");
    App::open_dump(
        PathBuf::from("small-account.json"),
        dump,
        Vec::new(),
        Choices::default(),
        Theme::COLOR,
        (100, 30),
    )
}

fn shown_names(app: &App) -> Vec<&str> {
    let users = app.users.as_deref().expect("a dump is open");
    users
        .shown
        .iter()
        .map(|&i| users.audit.users[i].user.as_str())
        .collect()
}

fn selected_name(app: &App) -> &str {
    let users = app.users.as_deref().expect("a dump is open");
    &users.selected_user().expect("a user is selected").user
}

fn screen(app: &App) -> &UsersScreen {
    &app.users.as_deref().expect("a dump is open").screen
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(app.update(Action::Input(c)), None);
    }
}

#[test]
fn a_dump_opens_on_the_users_list_with_every_user_judged_once() {
    let app = app();
    assert!(app.users_active());
    assert_eq!(app.key_mode(), KeyMode::Users);
    assert_eq!(shown_names(&app), ["alice", "bob", "carol", "dave", "erin"]);
    let users = app.users.as_deref().unwrap();
    assert_eq!(users.audit.users.len(), 5);
    assert!(users.audit.complete);
    // PowerUserAccess, attached to Developers, is not in the dump.
    assert_eq!(users.unknown_policies, 1);
    assert_eq!(users.sort, SortKey::User);
    assert_eq!(selected_name(&app), "alice");
}

#[test]
fn moving_selects_users_within_the_list() {
    let mut app = app();
    app.update(Action::Down);
    assert_eq!(selected_name(&app), "bob");
    app.update(Action::Bottom);
    assert_eq!(selected_name(&app), "erin");
    app.update(Action::Down);
    assert_eq!(selected_name(&app), "erin");
    app.update(Action::Top);
    assert_eq!(selected_name(&app), "alice");
    app.update(Action::PageDown);
    assert_eq!(selected_name(&app), "erin");
    app.update(Action::Scroll {
        up: true,
        column: 5,
        row: 5,
    });
    assert_eq!(selected_name(&app), "bob");
}

#[test]
fn sorting_cycles_through_every_column_and_puts_bad_answers_first() {
    let mut app = app();
    let mut seen = vec![SortKey::User];
    for _ in 0..10 {
        app.update(Action::NextSort);
        seen.push(app.users.as_deref().unwrap().sort);
    }
    assert_eq!(seen[1], SortKey::Credentials);
    assert_eq!(seen[2], SortKey::Verdict(0));
    assert_eq!(seen[9], SortKey::Verdict(7));
    assert_eq!(seen[10], SortKey::Unknown);
    app.update(Action::NextSort);
    assert_eq!(app.users.as_deref().unwrap().sort, SortKey::User);

    // MFA console: carol's is the bad answer (no MFA gate), then the others by name.
    app.update(Action::NextSort);
    app.update(Action::NextSort);
    assert_eq!(app.users.as_deref().unwrap().sort, SortKey::Verdict(0));
    assert_eq!(shown_names(&app)[0], "carol");
    // Reversed: the best answers first, carol last.
    app.update(Action::ReverseSort);
    assert_eq!(shown_names(&app).last(), Some(&"carol"));
    // A new column starts in its natural order again.
    app.update(Action::NextSort);
    assert!(!app.users.as_deref().unwrap().reversed);
}

#[test]
fn sorting_keeps_the_selected_user_selected() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(selected_name(&app), "carol");
    app.update(Action::ReverseSort);
    assert_eq!(shown_names(&app), ["erin", "dave", "carol", "bob", "alice"]);
    assert_eq!(selected_name(&app), "carol");
}

#[test]
fn sorting_by_unknown_puts_the_user_with_unknown_policies_first() {
    let mut app = app();
    while app.users.as_deref().unwrap().sort != SortKey::Unknown {
        app.update(Action::NextSort);
    }
    assert_eq!(shown_names(&app)[0], "dave");
}

#[test]
fn the_filter_follows_each_key_and_enter_keeps_it() {
    let mut app = app();
    app.update(Action::FilterUsers);
    assert_eq!(app.key_mode(), KeyMode::Editing);
    type_text(&mut app, "R");
    // Case-insensitive: carol and erin.
    assert_eq!(shown_names(&app), ["carol", "erin"]);
    type_text(&mut app, "i");
    assert_eq!(shown_names(&app), ["erin"]);
    app.update(Action::Backspace);
    assert_eq!(shown_names(&app), ["carol", "erin"]);
    app.update(Action::Submit);
    assert_eq!(app.key_mode(), KeyMode::Users);
    assert_eq!(shown_names(&app), ["carol", "erin"]);
    // Esc on the list clears the filter and keeps the selection.
    app.update(Action::Down);
    assert_eq!(selected_name(&app), "erin");
    app.update(Action::Close);
    assert_eq!(shown_names(&app).len(), 5);
    assert_eq!(selected_name(&app), "erin");
}

#[test]
fn escape_while_typing_clears_the_filter() {
    let mut app = app();
    app.update(Action::FilterUsers);
    app.update(Action::Paste("dav".to_owned()));
    assert_eq!(shown_names(&app), ["dave"]);
    app.update(Action::Close);
    assert_eq!(app.key_mode(), KeyMode::Users);
    assert_eq!(shown_names(&app).len(), 5);
    assert_eq!(selected_name(&app), "dave");
}

#[test]
fn a_filter_matching_nobody_opens_nothing() {
    let mut app = app();
    app.update(Action::FilterUsers);
    type_text(&mut app, "zz");
    app.update(Action::Submit);
    assert!(shown_names(&app).is_empty());
    assert_eq!(app.update(Action::OpenUser), None);
    assert!(matches!(screen(&app), UsersScreen::List));
    assert_eq!(app.update(Action::Down), None);
}

#[test]
fn enter_opens_the_user_and_escape_comes_back_with_the_selection_kept() {
    let mut app = app();
    app.update(Action::Bottom);
    app.update(Action::Up);
    assert_eq!(selected_name(&app), "dave");
    app.update(Action::OpenUser);
    assert_eq!(app.key_mode(), KeyMode::UserView);
    let UsersScreen::User(view) = screen(&app) else {
        panic!("not a user's view");
    };
    assert_eq!(view.report.audit.user, "dave");
    assert_eq!(view.tab, ResultsTab::TruthTable);
    // dave's PowerUserAccess has no document: the table says unknown, never denied.
    assert!(
        view.report
            .table
            .rows
            .iter()
            .any(|row| row.cells.iter().any(|c| c.verdict().as_str() == "unknown"))
    );
    assert!(!view.lines.is_empty());

    app.update(Action::Down);
    app.update(Action::SwitchTab);
    app.update(Action::PageDown);
    let UsersScreen::User(view) = screen(&app) else {
        panic!("not a user's view");
    };
    assert_eq!((view.tab, view.table_row), (ResultsTab::Checks, 1));
    assert!(view.checks_scroll > 0);
    app.update(Action::SwitchTab);
    let UsersScreen::User(view) = screen(&app) else {
        panic!("not a user's view");
    };
    assert_eq!(view.tab, ResultsTab::TruthTable);

    app.update(Action::Close);
    assert_eq!(app.key_mode(), KeyMode::Users);
    assert_eq!(selected_name(&app), "dave");
}

#[test]
fn help_opens_over_the_users_screen_and_closes_back_to_it() {
    let mut app = app();
    app.update(Action::Help);
    assert!(matches!(app.mode, Mode::Help { .. }));
    assert_eq!(app.key_mode(), KeyMode::Help);
    app.update(Action::Close);
    assert_eq!(app.key_mode(), KeyMode::Users);

    app.update(Action::OpenUser);
    app.update(Action::Help);
    app.update(Action::Help);
    assert_eq!(app.key_mode(), KeyMode::UserView);
}

#[test]
fn quit_works_on_every_users_screen() {
    let mut app = app();
    assert_eq!(app.update(Action::Quit), Some(Task::Quit));
    app.update(Action::OpenUser);
    assert_eq!(app.update(Action::Quit), Some(Task::Quit));
}

#[test]
fn main_screen_actions_do_nothing_on_the_users_screen() {
    let mut app = app();
    for action in [
        Action::Copy,
        Action::Save,
        Action::CycleFormat,
        Action::Toggle,
    ] {
        assert_eq!(app.update(action), None);
        assert!(matches!(screen(&app), UsersScreen::List));
        assert_eq!(app.mode, Mode::Main);
    }
}

#[test]
fn fixing_a_user_starts_the_generator_from_what_they_have() {
    let mut app = app();
    app.update(Action::Down);
    assert_eq!(selected_name(&app), "bob");
    app.update(Action::OpenUser);
    app.update(Action::FixUser);
    assert!(!app.users_active());
    assert_eq!(app.key_mode(), KeyMode::Main);
    assert!(matches!(screen(&app), UsersScreen::Generator));
    // The recommended self-service policy of SelfService is replaced by the generated one:
    // every credential type, MFA enforced, in the dump's account.
    for credential in Credential::ALL {
        assert!(app.choices.has(credential), "{credential:?}");
    }
    assert!(app.choices.enforce_mfa);
    assert_eq!(app.choices.account.as_str(), "123456789012");
    // AdministratorAccess stays in the set: the table shows what the fix would give with it.
    let kept: Vec<&str> = app
        .others
        .identity
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        kept,
        ["user managed arn:aws:iam::aws:policy/AdministratorAccess@v1"]
    );
    let analysis = app.analysis.as_ref().expect("a generated policy");
    assert_eq!(analysis.set.len(), 2);
    let status = &app.status.as_ref().expect("a status").text;
    assert!(
        status.contains("Fixing bob: 1 self-service policy replaced"),
        "{status}"
    );

    // u comes back to the users list, bob still selected.
    app.update(Action::ShowUsers);
    assert_eq!(app.key_mode(), KeyMode::Users);
    assert_eq!(selected_name(&app), "bob");
}

#[test]
fn fixing_keeps_the_policy_aws_attaches_for_the_first_password_change() {
    let mut app = app();
    app.update(Action::OpenUser);
    app.update(Action::FixUser);
    let kept: Vec<&str> = app
        .others
        .identity
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        kept,
        ["user managed arn:aws:iam::aws:policy/IAMUserChangePassword@v1"]
    );
}

#[test]
fn fixing_a_user_without_self_service_starts_from_the_recommended_choices() {
    let mut app = app();
    app.update(Action::FilterUsers);
    type_text(&mut app, "dave");
    app.update(Action::Submit);
    app.update(Action::OpenUser);
    app.update(Action::FixUser);
    // dave's group policy is the recommended one: it is replaced; PowerUserAccess is kept,
    // unknown, so the answers it could change stay unknown.
    assert!(app.others.identity.iter().any(|p| p.document.is_none()));
    let analysis = app.analysis.as_ref().expect("a generated policy");
    assert!(analysis.table.rows.iter().any(|row| {
        row.cells
            .iter()
            .any(|c| c.verdict() == crate::policy::engine::Verdict::Unknown)
    }));
}

#[test]
fn u_without_a_dump_says_so() {
    let mut app = App::new(Choices::default(), Theme::COLOR, (100, 30));
    app.update(Action::ShowUsers);
    assert!(!app.users_active());
    let status = &app.status.as_ref().expect("a status").text;
    assert!(status.contains("No account dump is open"), "{status}");
}

#[test]
fn verdict_cells_read_as_in_the_audit() {
    let app = app();
    let users = app.users.as_deref().unwrap();
    let carol = users
        .audit
        .users
        .iter()
        .find(|u| u.user == "carol")
        .unwrap();
    assert_eq!(carol.verdicts.mfa_enforced_console, Answer::No);
    let (text, _) = crate::tui::user_lines::cell(Answer::No, true);
    assert_eq!(text, "no!");
    let (text, _) = crate::tui::user_lines::cell(Answer::Unknown, true);
    assert_eq!(text, "?");
}

#[test]
fn an_empty_or_truncated_dump_opens_and_says_what_it_is() {
    let empty = account::parse(r#"{"UserDetailList": [], "Policies": []}"#).unwrap();
    let mut app = App::open_dump(
        PathBuf::from("empty.json"),
        empty,
        Vec::new(),
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    );
    assert!(shown_names(&app).is_empty());
    for action in [
        Action::OpenUser,
        Action::Down,
        Action::NextSort,
        Action::Bottom,
    ] {
        assert_eq!(app.update(action), None);
    }
    assert!(matches!(screen(&app), UsersScreen::List));

    let truncated = account::parse(
        r#"{"UserDetailList": [{"UserName": "carol", "Arn": "arn:aws:iam::123456789012:user/carol",
            "GroupList": ["Elsewhere"]}], "IsTruncated": true, "Marker": "abc"}"#,
    )
    .unwrap();
    let app = App::open_dump(
        PathBuf::from("page.json"),
        truncated,
        Vec::new(),
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    );
    let users = app.users.as_deref().unwrap();
    assert!(!users.audit.complete);
    assert_eq!(users.unknown_policies, 1);
}
