//! The wizard drawn into a `TestBackend` at fixed sizes, compared with committed snapshots
//! (text only: insta does not record colour, so the styles that carry meaning are asserted
//! explicitly below).

use std::path::PathBuf;

use iamself_tui::policy::model::choices::Choices;
use iamself_tui::tui::action::{Action, Pane, PolicyRead, SaveOutcome, Task};
use iamself_tui::tui::app::App;
use iamself_tui::tui::attached::Row;
use iamself_tui::tui::choice_items::index_of;
use iamself_tui::tui::theme::Theme;
use iamself_tui::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn app_at(size: (u16, u16), theme: Theme) -> App {
    App::new(Choices::default(), theme, size)
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (width, height) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| ui::render(app, frame))
        .expect("drawing into memory");
    terminal
}

fn select(app: &mut App, item: &str) {
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Top);
    let index = index_of(item).expect("listed");
    for _ in 0..index {
        app.update(Action::Down);
    }
}

fn toggle(app: &mut App, item: &str) {
    select(app, item);
    app.update(Action::Toggle);
}

fn snapshot(name: &str, app: &App) {
    let (width, height) = app.size;
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), draw(app).backend());
}

fn text_of(buffer: &Buffer) -> String {
    buffer.content().iter().map(|cell| cell.symbol()).collect()
}

#[test]
fn default_screen() {
    for size in SIZES {
        snapshot("default", &app_at(size, Theme::COLOR));
    }
}

#[test]
fn after_toggles() {
    for size in SIZES {
        let mut app = app_at(size, Theme::COLOR);
        toggle(&mut app, "ssh-keys");
        toggle(&mut app, "signing-certificates");
        toggle(&mut app, "console-info");
        toggle(&mut app, "partition");
        app.update(Action::CycleFormat);
        app.update(Action::FocusPane(Pane::Results));
        app.update(Action::Down);
        app.update(Action::Down);
        snapshot("after_toggles", &app);
    }
}

#[test]
fn help_open() {
    for size in SIZES {
        let mut app = app_at(size, Theme::COLOR);
        app.update(Action::Help);
        snapshot("help", &app);
    }
}

#[test]
fn checks_tab() {
    for size in SIZES {
        let mut app = app_at(size, Theme::COLOR);
        app.update(Action::FocusPane(Pane::Results));
        app.update(Action::SwitchTab);
        snapshot("checks", &app);
    }
}

#[test]
fn mono_theme_has_no_colour_at_all() {
    for size in SIZES {
        let mut app = app_at(size, Theme::MONO);
        app.update(Action::FocusPane(Pane::Results));
        app.update(Action::Down);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert_eq!(cell.fg, Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{cell:?}");
        }
        // Still readable: the selection is reversed, and the focused pane is bold.
        assert!(
            buffer
                .content()
                .iter()
                .any(|cell| cell.modifier.contains(Modifier::REVERSED))
        );
        snapshot("mono", &app);
    }
}

#[test]
fn colour_theme_marks_verdicts_by_colour_as_well_as_symbol() {
    let app = app_at((120, 40), Theme::COLOR);
    let terminal = draw(&app);
    let cells = terminal.backend().buffer().content();
    let (mut allowed, mut explicit, mut implicit) = (0, 0, 0);
    for (i, cell) in cells.iter().enumerate() {
        let next = cells.get(i + 1).map_or("", |c| c.symbol());
        match (cell.symbol(), next) {
            ("✓", _) => {
                assert_eq!(Some(cell.fg), Theme::COLOR.allowed.fg);
                allowed += 1;
            }
            ("✗", "D") => {
                assert_eq!(Some(cell.fg), Theme::COLOR.explicit_deny.fg);
                explicit += 1;
            }
            ("✗", _) => {
                assert_eq!(Some(cell.fg), Theme::COLOR.implicit_deny.fg);
                implicit += 1;
            }
            _ => {}
        }
    }
    // The legend alone has one of each; the table adds more.
    assert!(allowed > 1 && explicit > 1 && implicit > 1);
}

#[test]
fn too_small_says_how_much_room_is_needed() {
    for size in [(39, 9), (60, 5), (20, 20)] {
        let app = app_at(size, Theme::COLOR);
        let terminal = draw(&app);
        let text = text_of(terminal.backend().buffer());
        assert!(text.contains("40×10"), "{size:?}: {text}");
    }
    snapshot("too_small", &app_at((39, 9), Theme::COLOR));
}

#[test]
fn compact_layout_shows_the_focused_pane() {
    let mut app = app_at((60, 16), Theme::COLOR);
    snapshot("compact_choices", &app);
    app.update(Action::NextPane);
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("2 Policy"));
    assert!(!text.contains("1 Choices"));
}

#[test]
fn narrow_tall_terminal_stacks_the_panes() {
    let app = app_at((60, 40), Theme::COLOR);
    let text = text_of(draw(&app).backend().buffer());
    for title in ["1 Choices", "2 Policy", "Truth table"] {
        assert!(text.contains(title), "{title} missing");
    }
    snapshot("stacked", &app);
}

#[test]
fn save_prompt_and_overwrite_question() {
    let mut app = app_at((80, 24), Theme::COLOR);
    app.update(Action::Save);
    snapshot("save_prompt", &app);
    app.update(Action::Submit);
    app.update(Action::Saved(SaveOutcome::Exists(PathBuf::from(
        "self-manage-credentials.json",
    ))));
    snapshot("overwrite_question", &app);
}

#[test]
fn account_field_refuses_bad_input_in_place() {
    let mut app = app_at((80, 24), Theme::COLOR);
    toggle(&mut app, "account");
    for c in "12ab".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    snapshot("account_refused", &app);
}

#[test]
fn opened_file_with_a_syntax_error() {
    let broken = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\"Effect\": \"Allow\",}\n    ]\n}\n";
    let app = App::open(
        PathBuf::from("broken.json"),
        broken.to_owned(),
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    );
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("line 4"), "{text}");
    snapshot("opened_broken", &app);
    // The checks carry lint's finding for it.
    let mut app = app;
    app.update(Action::SwitchTab);
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("invalid-json"), "{text}");
    snapshot("opened_broken_checks", &app);
}

/// A status longer than the footer wraps onto lines of its own above the key hints, so a full
/// error (here a save into a full disk, with a long path) stays readable at 80 columns.
#[test]
fn a_long_status_wraps_above_the_key_hints() {
    let mut app = app_at((80, 24), Theme::COLOR);
    let why = "/home/administrator/policies/production/self-manage-credentials.json: \
               no space left on device (nothing was written; the previous file, if any, is unchanged)";
    app.update(Action::Saved(SaveOutcome::Failed(why.to_owned())));
    let status = app.status.as_ref().expect("a status").text.clone();
    let text = text_of(draw(&app).backend().buffer());
    for word in status.split_whitespace() {
        assert!(text.contains(word), "{word:?} cut from the screen:\n{text}");
    }
    snapshot("long_status", &app);
}

/// Moves the selection to an "Also attached" row with Down presses.
fn select_attached(app: &mut App, row: Row) {
    app.update(Action::FocusPane(Pane::Choices));
    app.update(Action::Top);
    while app.selected_attached() != Some(row) {
        assert!(
            app.selected_item + 1 < app.choice_count(),
            "{row:?} not listed"
        );
        app.update(Action::Down);
    }
}

/// `a`, the path typed, and the event loop's answer.
fn attach_file(app: &mut App, path: &str, text: &str) {
    app.update(Action::AddPolicy);
    for c in path.chars() {
        app.update(Action::Input(c));
    }
    let Some(Task::ReadPolicy { path, target }) = app.update(Action::Submit) else {
        panic!("expected a read");
    };
    app.update(Action::PolicyRead(PolicyRead {
        path,
        target,
        text: Ok(text.to_owned()),
    }));
}

const DENY_KEYS: &str = r#"{"Version": "2012-10-17", "Statement": [
    {"Sid": "NoNewKeys", "Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]}"#;

/// The "Also attached" section with a managed policy ticked, a file, a boundary and an SCP
/// level; the truth table's detail line names the deciding policy.
#[test]
fn also_attached_policies() {
    for size in SIZES {
        let mut app = app_at(size, Theme::COLOR);
        select_attached(&mut app, Row::Managed("PowerUserAccess"));
        app.update(Action::Toggle);
        select_attached(&mut app, Row::MustChangePassword);
        app.update(Action::Toggle);
        select_attached(&mut app, Row::AddFile);
        attach_file(&mut app, "policies/deny-keys.json", DENY_KEYS);
        select_attached(&mut app, Row::AddScpLevel);
        app.update(Action::AddPolicy);
        for c in "aws:AdministratorAccess".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::Submit);
        // The section's last row: the whole section in view.
        select_attached(&mut app, Row::AddScpLevel);
        let text = text_of(draw(&app).backend().buffer());
        assert!(text.contains("deny-keys.json"), "{text}");
        assert!(text.contains("SCP 1: aws:Administrator"), "{text}");
        snapshot("also_attached", &app);

        // The truth table on CreateAccessKey: denied by the file, named.
        app.update(Action::FocusPane(Pane::Results));
        let analysis = app.analysis.as_ref().expect("valid");
        let row = analysis
            .table
            .rows
            .iter()
            .position(|r| r.action == "iam:CreateAccessKey")
            .expect("row");
        for _ in 0..row {
            app.update(Action::Down);
        }
        let text = text_of(draw(&app).backend().buffer());
        assert!(
            text.contains("policies/deny-keys.json / NoNewKeys"),
            "{text}"
        );
        snapshot("also_attached_table", &app);
    }
}

/// The prompt, and an unknown `aws:NAME` refused with the known names while it stays open.
#[test]
fn attach_prompt_refuses_an_unknown_bundled_name() {
    let mut app = app_at((80, 24), Theme::COLOR);
    app.update(Action::AddPolicy);
    for c in "aws:PowerUser".chars() {
        app.update(Action::Input(c));
    }
    snapshot("attach_prompt", &app);
    app.update(Action::Submit);
    let text = text_of(draw(&app).backend().buffer());
    assert!(
        text.contains("Attach policy (file or aws:NAME): aws:PowerUser"),
        "{text}"
    );
    assert!(text.contains("did you mean aws:PowerUserAccess?"), "{text}");
    snapshot("attach_prompt_unknown", &app);
}

/// A broken file: the status names it and says why; the set and the screen stay as they were.
#[test]
fn attaching_a_broken_file_changes_nothing_but_the_status() {
    let mut app = app_at((80, 24), Theme::COLOR);
    select_attached(&mut app, Row::AddFile);
    attach_file(&mut app, "broken.json", "{\"Version\": \"2012-10-17\",");
    assert!(app.others.is_empty());
    let text = text_of(draw(&app).backend().buffer());
    assert!(
        text.contains("Nothing attached: broken.json is not a usable"),
        "{text}"
    );
    assert!(text.contains("no findings"), "{text}");
    snapshot("attach_broken", &app);
}

/// "Must change password" with MFA enforced: the Checks tab shows the first-sign-in deadlock.
#[test]
fn must_change_password_shows_the_deadlock_in_the_checks() {
    let mut app = app_at((80, 24), Theme::COLOR);
    select_attached(&mut app, Row::MustChangePassword);
    app.update(Action::Toggle);
    app.update(Action::FocusPane(Pane::Results));
    app.update(Action::SwitchTab);
    let text = text_of(draw(&app).backend().buffer());
    assert!(
        text.contains("must change the temporary password"),
        "{text}"
    );
    snapshot("must_change_password_checks", &app);
}

/// The AWS-docs preset: findings with lines, and steps decided by named statements.
fn aws_docs_at(size: (u16, u16), theme: Theme) -> App {
    App::new(
        iamself_tui::policy::model::choices::Preset::AwsDocs.choices(),
        theme,
        size,
    )
}

/// Enter on a finding scrolls the preview to its line and marks it (reverse video, so the mark
/// reads without colour); the cursor and the position stay in the checks.
#[test]
fn enter_on_a_finding_shows_its_line_in_the_preview() {
    for size in SIZES {
        let mut app = aws_docs_at(size, Theme::MONO);
        app.update(Action::SwitchTab);
        app.update(Action::Down);
        app.update(Action::Toggle);
        let mark = app.preview_mark.expect("a line marked");
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let preview = app.areas().and_then(|a| a.preview).expect("preview shown");
        let row = preview.y + 1 + u16::try_from(mark - app.preview_scroll).expect("small");
        let cell = &buffer[(preview.x + 5, row)];
        assert!(
            cell.modifier.contains(Modifier::REVERSED),
            "marked line {mark} not reversed"
        );
        snapshot("checks_enter_finding", &app);
    }
}

/// `G` selects the last step and shows it on the bottom row: no blank space below it.
#[test]
fn the_last_step_ends_on_the_bottom_row() {
    let mut app = aws_docs_at((80, 24), Theme::COLOR);
    app.update(Action::SwitchTab);
    app.update(Action::Bottom);
    let terminal = draw(&app);
    let text = text_of(terminal.backend().buffer());
    let entries = app.check_entries().len();
    assert!(text.contains(&format!(" {entries}/{entries} ")), "{text}");
    let results = app.areas().and_then(|a| a.results).expect("shown");
    let buffer = terminal.backend().buffer();
    let bottom_row: String = (results.x + 1..results.right() - 1)
        .map(|x| buffer[(x, results.bottom() - 2)].symbol().to_owned())
        .collect();
    assert!(!bottom_row.trim().is_empty(), "blank bottom row:\n{text}");
    snapshot("checks_bottom", &app);
}

/// A policy written on one line is laid out in the preview (its title says so); tabs in a file
/// shown as written are drawn as `→` to the next tab stop.
#[test]
fn an_opened_minified_policy_is_laid_out_and_tabs_show() {
    let value = iamself_tui::policy::generate::generate(
        &iamself_tui::policy::model::choices::Preset::AwsDocs.choices(),
    );
    let minified = serde_json::to_string(&value).expect("serializes");
    let app = App::open(
        PathBuf::from("aws-docs.min.json"),
        minified,
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    );
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("Opened aws-docs.min.json"), "{text}");
    assert!(text.contains(" laid out · 1-6 / 124 "), "{text}");
    snapshot("opened_minified", &app);

    let mut app = app;
    app.update(Action::SwitchTab);
    snapshot("opened_minified_checks", &app);

    let tabbed = "{\n\t\"Version\":\t\"2012-10-17\",\n\t\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:GetUser\", \"Resource\": \"*\"}]\n}\n";
    let app = App::open(
        PathBuf::from("tabs.json"),
        tabbed.to_owned(),
        Choices::default(),
        Theme::COLOR,
        (80, 24),
    );
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("→   \"Version\":→ \"2012-10-17\","), "{text}");
    snapshot("opened_tabs", &app);
}

/// At 80x24 the selected row's resource is on screen whole, for every row of the table: the
/// ARN has a line of its own under the deciding statements.
#[test]
fn the_asked_resource_is_never_cut_at_80x24() {
    let mut app = app_at((80, 24), Theme::COLOR);
    app.update(Action::FocusPane(Pane::Results));
    let rows = app.analysis.as_ref().expect("valid").table.rows.clone();
    for row in &rows {
        let text = text_of(draw(&app).backend().buffer());
        assert!(
            text.contains(row.own_resource.as_str()),
            "{}: {} cut:\n{text}",
            row.action,
            row.own_resource
        );
        app.update(Action::Down);
    }
}
