//! Product spec §8: key press → frame drawn (update + render into a 120x40 `TestBackend`),
//! budget ≤ 1 ms median. Two kinds of key press: moving (no recomputation) and toggling a choice
//! (the policy, truth table, checks and journey are recomputed).

use criterion::{Criterion, criterion_group, criterion_main};
use iamself_tui::policy::model::choices::Choices;
use iamself_tui::tui::action::{Action, Pane};
use iamself_tui::tui::app::App;
use iamself_tui::tui::choice_items::index_of;
use iamself_tui::tui::theme::Theme;
use iamself_tui::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn key_press_to_frame(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let mut app = App::new(Choices::default(), Theme::COLOR, (120, 40));
    let mut down = true;
    c.bench_function("key press to frame: move in the truth table, 120x40", |b| {
        app.update(Action::FocusPane(Pane::Results));
        b.iter(|| {
            app.update(if down { Action::Down } else { Action::Up });
            down = !down;
            terminal
                .draw(|frame| ui::render(&app, frame))
                .expect("drawing into memory");
        });
    });

    let mut app = App::new(Choices::default(), Theme::COLOR, (120, 40));
    let console_info = index_of("console-info").expect("listed");
    for _ in 0..console_info {
        app.update(Action::Down);
    }
    c.bench_function("key press to frame: toggle a choice, 120x40", |b| {
        b.iter(|| {
            app.update(Action::Toggle);
            terminal
                .draw(|frame| ui::render(&app, frame))
                .expect("drawing into memory");
        });
    });
}

criterion_group!(benches, key_press_to_frame);
criterion_main!(benches);
