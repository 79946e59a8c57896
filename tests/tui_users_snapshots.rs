//! The users screen of an account dump drawn into a `TestBackend` at fixed sizes, compared with
//! committed snapshots (text only; the styles that carry meaning are asserted below). The
//! fixture: alice (self-service with MFA), bob (also AdministratorAccess), carol (self-service
//! without MFA), dave (PowerUserAccess missing from the dump), erin (a boundary without IAM).

use std::path::PathBuf;

use iamself_tui::policy::model::account;
use iamself_tui::policy::model::choices::Choices;
use iamself_tui::tui::action::Action;
use iamself_tui::tui::app::App;
use iamself_tui::tui::theme::Theme;
use iamself_tui::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).expect("fixture")
}

fn app_of(file: &str, size: (u16, u16), theme: Theme) -> App {
    let dump = account::parse(&fixture(file)).expect("a dump");
    App::open_dump(
        PathBuf::from(file),
        dump,
        Vec::new(),
        Choices::default(),
        theme,
        size,
    )
}

fn app_at(size: (u16, u16), theme: Theme) -> App {
    app_of("fixtures/small-account.json", size, theme)
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (width, height) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| ui::render(app, frame))
        .expect("drawing into memory");
    terminal
}

fn snapshot(name: &str, app: &App) {
    let (width, height) = app.size;
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), draw(app).backend());
}

fn text_of(buffer: &Buffer) -> String {
    buffer.content().iter().map(|cell| cell.symbol()).collect()
}

#[test]
fn users_list() {
    for size in SIZES {
        snapshot("users", &app_at(size, Theme::COLOR));
    }
    // Wide enough for the audit's own column headers.
    let app = app_at((150, 20), Theme::COLOR);
    let text = text_of(draw(&app).backend().buffer());
    for header in ["MFA console", "keys enrol MFA", "first password", "unknown"] {
        assert!(text.contains(header), "{header} missing");
    }
    snapshot("users", &app);
}

#[test]
fn users_sorted_and_filtered() {
    let mut app = app_at((80, 24), Theme::COLOR);
    // Sorted by the MFA console verdict: carol's bad answer first.
    app.update(Action::NextSort);
    app.update(Action::NextSort);
    snapshot("users_sorted", &app);
    app.update(Action::FilterUsers);
    for c in "r".chars() {
        app.update(Action::Input(c));
    }
    snapshot("users_filtering", &app);
}

#[test]
fn a_truncated_dump_says_so_in_the_title() {
    let app = app_of(
        "fuzz_inputs/account_dump/truncated-page-filtered.json",
        (80, 24),
        Theme::COLOR,
    );
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("INCOMPLETE"), "{text}");
    assert!(text.contains("2 unknown policies"), "{text}");
    snapshot("users_truncated", &app);
}

#[test]
fn user_view() {
    for size in SIZES {
        let mut app = app_at(size, Theme::COLOR);
        // dave: PowerUserAccess is unknown.
        for _ in 0..3 {
            app.update(Action::Down);
        }
        app.update(Action::OpenUser);
        let text = text_of(draw(&app).backend().buffer());
        assert!(text.contains("dave"), "{text}");
        assert!(text.contains('?'), "unknown answers are shown as ?: {text}");
        snapshot("user_view", &app);
        app.update(Action::SwitchTab);
        snapshot("user_view_checks", &app);
    }
}

#[test]
fn user_view_names_the_deciding_policy() {
    let mut app = app_at((120, 40), Theme::COLOR);
    // carol, ChangePassword: allowed by her inline policy.
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::OpenUser);
    for _ in 0..2 {
        app.update(Action::Down);
    }
    let text = text_of(draw(&app).backend().buffer());
    assert!(text.contains("iam:ChangePassword:"), "{text}");
    assert!(
        text.contains("allowed by user inline own-credentials"),
        "{text}"
    );
}

#[test]
fn mono_users_screen_has_no_colour_and_reads_the_same() {
    let colour = app_at((80, 24), Theme::COLOR);
    let mono = app_at((80, 24), Theme::MONO);
    let mono_terminal = draw(&mono);
    for cell in mono_terminal.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
    }
    assert_eq!(
        text_of(draw(&colour).backend().buffer()),
        text_of(mono_terminal.backend().buffer())
    );
}

#[test]
fn bad_answers_are_marked_by_colour_as_well_as_by_the_bang() {
    let app = app_at((80, 24), Theme::COLOR);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let cells = buffer.content();
    let mut bangs = 0;
    for (i, cell) in cells.iter().enumerate() {
        if cell.symbol() == "!" && i >= 2 && cells[i - 1].symbol() == "o" {
            assert_eq!(Some(cell.fg), Theme::COLOR.error.fg, "{cell:?}");
            bangs += 1;
        }
    }
    assert!(bangs > 0);
}
