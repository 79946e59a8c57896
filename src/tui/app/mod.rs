//! The wizard's state and its only mutator, [`App::update`]: an [`Action`] in, at most one
//! [`Task`] out. No I/O happens here (copy and save are tasks the event loop carries out and
//! answers with another action), so every behaviour is testable without a terminal.
//!
//! Each mode has its own handler, which returns the mode that follows: a path that forgets to
//! say where it goes does not compile. The state never asks the renderer anything: sizes come
//! from [`layout`], content lengths are measured when the analysis is set.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;

use crate::policy::engine::PolicySet;
use crate::policy::lint::{Finding, lint};
use crate::policy::model::Named;
use crate::policy::model::choices::{Account, Choices};
use crate::policy::model::document::ParseError;
use crate::policy::reports::analysis::{
    Analysis, THIS_POLICY, analyze_choices, analyze_choices_in, analyze_text_in,
};

use crate::policy::output::export::{Format, POLICY_NAME, render};

use super::action::{Action, CopyOutcome, Pane, ResultsTab, SaveOutcome, Task};
use super::attached::{Attached, Target};
use super::checks_model::{CheckLine, check_lines};
use super::choice_items::{ITEMS, ItemSpec, Toggled, next};
use super::help_model;
use super::highlight::Highlighted;
use super::keys::KeyMode;
use super::layout::{self, Areas};
use super::text::{file_name, thousands};
use super::text_input::TextInput;
use super::theme::Theme;
pub use opened::{Inference, OpenedFile};

/// The file name the save prompt starts with in the default format (product spec §7).
pub const DEFAULT_FILE_NAME: &str = "self-manage-credentials.json";
/// Lines (or rows) one mouse wheel notch moves.
const WHEEL_STEP: usize = 3;
/// Ticks (about a second each) an information message stays; errors stay until Esc.
pub const STATUS_TICKS: u8 = 4;

/// Where the policy on screen comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Generated from the choices.
    Generated,
    /// A file opened with `--open`, shown as written until a choice changes.
    Opened { path: PathBuf, text: String },
}

/// An opened text that is not a usable policy: why, and everything lint finds in it (with
/// lines and columns), so the checks can still show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    pub error: ParseError,
    pub findings: Vec<Finding>,
}

/// What has the keyboard besides the panes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Main,
    Help {
        scroll: usize,
    },
    /// Editing the account ID in the choices pane.
    EditAccount(TextInput),
    /// The save prompt: the file name.
    SaveAs(TextInput),
    /// The file exists: overwrite it?
    ConfirmOverwrite {
        path: PathBuf,
    },
    /// The prompt for a policy to attach to the set: a file path or `aws:NAME`.
    Attach {
        input: TextInput,
        target: Target,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

/// The message at the right of the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
    /// Ticks since it was shown.
    pub age: u8,
}

/// Everything on screen. Read it freely; change it only through [`App::update`].
#[derive(Debug, Clone)]
pub struct App {
    pub choices: Choices,
    pub format: Format,
    pub origin: Origin,
    /// The analysis of the policy on screen; `Err` only for an opened file that is not a policy.
    pub analysis: Result<Analysis, Unusable>,
    /// Tokens of [`App::preview_text`], computed once per change rather than once per frame.
    pub highlighted: Highlighted,
    /// The Checks tab's lines, listed once per change of the analysis.
    pub checks: Vec<CheckLine>,
    pub theme: Theme,
    pub focus: Pane,
    pub results_tab: ResultsTab,
    /// Index into [`ITEMS`].
    pub selected_item: usize,
    /// First preview line shown.
    pub preview_scroll: usize,
    /// Selected truth table row.
    pub table_row: usize,
    /// Selected entry of the Checks tab (a finding or a journey step), an index into
    /// [`App::check_entries`].
    pub checks_selected: usize,
    /// Preview line (0-based) marked by Enter on a finding or a journey step; cleared when the
    /// text changes.
    pub preview_mark: Option<usize>,
    /// The file opened with `--open`, kept while the generated policy is shown.
    pub opened: Option<OpenedFile>,
    pub mode: Mode,
    pub status: Option<Status>,
    /// Terminal size (columns, rows), for page sizes and mouse hits.
    pub size: (u16, u16),
    /// The rest of the user's set: other identity policies, boundary, SCP levels, as
    /// evaluated; always `attached.to_set()`.
    pub others: PolicySet,
    /// The rest of the user's set as the "Also attached" choices show and edit it.
    pub attached: Attached,
    /// The opened account dump and its users screen (`--open account.json`).
    pub users: Option<Box<Users>>,
}

impl App {
    /// The wizard on the generated policy for `choices`.
    pub fn new(choices: Choices, theme: Theme, size: (u16, u16)) -> App {
        let analysis = analyze_choices(&choices);
        let highlighted = Highlighted::new(&analysis.pretty);
        let checks = check_lines(&analysis.findings, Some(&analysis.journey));
        App {
            choices,
            format: Format::Json,
            origin: Origin::Generated,
            analysis: Ok(analysis),
            highlighted,
            checks,
            theme,
            focus: Pane::Choices,
            results_tab: ResultsTab::TruthTable,
            selected_item: 0,
            preview_scroll: 0,
            table_row: 0,
            checks_selected: 0,
            preview_mark: None,
            opened: None,
            mode: Mode::Main,
            status: None,
            size,
            others: PolicySet::default(),
            attached: Attached::default(),
            users: None,
        }
    }

    /// Answers for the policy within the rest of the user's set from now on.
    /// Members without a document (only an account dump has those) cannot be edited in the
    /// wizard and are left out.
    pub fn set_others(&mut self, others: PolicySet) {
        self.set_attached(Attached::from_set(&others));
    }

    /// The text in the preview: the generated policy, or the opened file as written.
    pub fn preview_text(&self) -> &str {
        match (&self.origin, &self.analysis) {
            (Origin::Opened { text, .. }, _) => text,
            (Origin::Generated, Ok(analysis)) => &analysis.pretty,
            (Origin::Generated, Err(_)) => "",
        }
    }

    /// The static choice selected (while an "Also attached" row is selected, the last one:
    /// see [`App::selected_attached`]).
    pub fn selected(&self) -> &'static ItemSpec {
        &ITEMS[self.selected_item.min(ITEMS.len() - 1)]
    }

    /// The line under the choices: the selected item's explanation (with why it cannot apply,
    /// when it cannot), or the account field's error while it is being edited.
    pub fn explanation(&self) -> String {
        match &self.mode {
            Mode::EditAccount(input) => match &input.error {
                Some(error) => error.clone(),
                None => "12 digits or *. Enter confirms, Esc cancels.".to_owned(),
            },
            _ => {
                if let Some(row) = self.selected_attached() {
                    return row.explanation();
                }
                let item = self.selected();
                match item.disabled_because(&self.choices) {
                    Some(reason) => format!("Off: {reason}. {}", item.explanation),
                    None => item.explanation.to_owned(),
                }
            }
        }
    }

    pub fn key_mode(&self) -> KeyMode {
        match self.mode {
            Mode::Main if self.users_active() => self.users_key_mode(),
            Mode::Main => KeyMode::Main,
            Mode::Help { .. } => KeyMode::Help,
            Mode::EditAccount(_) | Mode::SaveAs(_) | Mode::Attach { .. } => KeyMode::Editing,
            Mode::ConfirmOverwrite { .. } => KeyMode::Confirm,
        }
    }

    /// The policy in `format`, or why there is nothing to export.
    pub fn export(&self, format: Format) -> Result<String, String> {
        match &self.analysis {
            Ok(analysis) => Ok(render(&analysis.document(), format)),
            Err(unusable) => Err(format!(
                "the opened file is not a valid policy ({})",
                unusable.error
            )),
        }
    }

    /// The format a file is saved in: the one its name asks for (`.tf`, `.min.json`, ...),
    /// otherwise the current export format.
    pub fn format_for_path(&self, path: &Path) -> Format {
        Format::from_extension(path).unwrap_or(self.format)
    }

    pub fn update(&mut self, action: Action) -> Option<Task> {
        match action {
            Action::Quit => return Some(Task::Quit),
            Action::Resize(columns, rows) => {
                self.size = (columns, rows);
                self.clamp_scrolling();
                return None;
            }
            Action::Copied(outcome) => {
                self.copied(outcome);
                return None;
            }
            Action::Saved(outcome) => {
                let mode = std::mem::take(&mut self.mode);
                self.mode = self.saved(mode, outcome);
                return None;
            }
            Action::Tick => {
                self.tick();
                return None;
            }
            Action::PolicyRead(read) => {
                self.policy_read(read);
                return None;
            }
            _ => {}
        }
        let (mode, task) = match std::mem::take(&mut self.mode) {
            Mode::Main if self.users_active() => (self.update_users(action), None),
            Mode::Main => self.update_main(action),
            Mode::Help { scroll } => (self.update_help(scroll, &action), None),
            Mode::EditAccount(input) => (self.update_account(input, action), None),
            Mode::SaveAs(input) => self.update_save_as(input, action),
            Mode::ConfirmOverwrite { path } => self.update_confirm(path, action),
            Mode::Attach { input, target } => self.update_attach_prompt(input, target, action),
        };
        self.mode = mode;
        task
    }

    fn update_help(&mut self, scroll: usize, action: &Action) -> Mode {
        if matches!(action, Action::Help | Action::Close) {
            return Mode::Main;
        }
        let page = self.help_page();
        let max = help_model::line_count().saturating_sub(page);
        let scroll = moved(scroll, action, page, max).unwrap_or(scroll);
        Mode::Help { scroll }
    }

    fn update_confirm(&mut self, path: PathBuf, action: Action) -> (Mode, Option<Task>) {
        match action {
            Action::Confirm => (Mode::Main, self.save_task(path, true)),
            Action::Close => {
                self.set_info(format!("Not saved: {} exists", path.display()));
                (Mode::Main, None)
            }
            _ => (Mode::ConfirmOverwrite { path }, None),
        }
    }

    fn update_account(&mut self, mut input: TextInput, action: Action) -> Mode {
        if edit(&mut input, &action) {
            return Mode::EditAccount(input);
        }
        match action {
            Action::Submit => match Account::parse(&account_digits(input.text())) {
                Ok(account) => {
                    if account != self.choices.account {
                        self.choices.account = account;
                        self.status = None;
                        self.show_generated();
                    }
                    Mode::Main
                }
                Err(message) => {
                    // Shown in place of the explanation, under the field.
                    input.error = Some(message);
                    Mode::EditAccount(input)
                }
            },
            Action::Close => {
                self.set_info("Account unchanged".to_owned());
                Mode::Main
            }
            _ => Mode::EditAccount(input),
        }
    }

    fn update_save_as(&mut self, mut input: TextInput, action: Action) -> (Mode, Option<Task>) {
        if edit(&mut input, &action) {
            return (Mode::SaveAs(input), None);
        }
        match action {
            Action::Submit => {
                let name = input.text().trim();
                if name.is_empty() {
                    input.error = Some("type a file name".to_owned());
                    return (Mode::SaveAs(input), None);
                }
                let path = PathBuf::from(name);
                (Mode::Main, self.save_task(path, false))
            }
            Action::Close => {
                self.set_info("Not saved".to_owned());
                (Mode::Main, None)
            }
            _ => (Mode::SaveAs(input), None),
        }
    }

    fn update_main(&mut self, action: Action) -> (Mode, Option<Task>) {
        match action {
            Action::Help => return (Mode::Help { scroll: 0 }, None),
            Action::Close => self.status = None,
            Action::Toggle if self.focus == Pane::Choices => return (self.toggle_selected(), None),
            Action::Toggle
                if self.focus == Pane::Results && self.results_tab == ResultsTab::Checks =>
            {
                self.show_selected_check();
            }
            Action::ToggleLayout => self.toggle_layout(),
            Action::BackToFile => self.back_to_file(),
            Action::Click { column, row } => return (self.click(column, row), None),
            Action::Toggle => {}
            Action::AddPolicy => return (self.start_attaching(), None),
            Action::RemovePolicy => return (self.remove_selected(), None),
            Action::NextPane => {
                (self.focus, self.results_tab) = match (self.focus, self.results_tab) {
                    (Pane::Choices, tab) => (Pane::Preview, tab),
                    (Pane::Preview, _) => (Pane::Results, ResultsTab::TruthTable),
                    (Pane::Results, ResultsTab::TruthTable) => (Pane::Results, ResultsTab::Checks),
                    (Pane::Results, ResultsTab::Checks) => (Pane::Choices, ResultsTab::Checks),
                }
            }
            Action::PreviousPane => {
                (self.focus, self.results_tab) = match (self.focus, self.results_tab) {
                    (Pane::Choices, _) => (Pane::Results, ResultsTab::Checks),
                    (Pane::Preview, tab) => (Pane::Choices, tab),
                    (Pane::Results, ResultsTab::TruthTable) => {
                        (Pane::Preview, ResultsTab::TruthTable)
                    }
                    (Pane::Results, ResultsTab::Checks) => (Pane::Results, ResultsTab::TruthTable),
                }
            }
            Action::FocusPane(pane) => self.focus = pane,
            // From another pane, `t` goes to the checks (what the footer offers there).
            Action::SwitchTab if self.focus != Pane::Results => {
                self.focus = Pane::Results;
                self.results_tab = ResultsTab::Checks;
            }
            Action::ShowUsers => self.show_users(),
            Action::SwitchTab => {
                self.results_tab = match self.results_tab {
                    ResultsTab::TruthTable => ResultsTab::Checks,
                    ResultsTab::Checks => ResultsTab::TruthTable,
                }
            }
            Action::Copy => match self.export(self.format) {
                Ok(text) => return (Mode::Main, Some(Task::Copy(text))),
                Err(why) => self.set_error(format!("Nothing copied: {why}")),
            },
            Action::Save => match self.export(self.format) {
                Err(why) => self.set_error(format!("Nothing to save: {why}")),
                Ok(_) => {
                    let input = TextInput::new(&self.default_file_name());
                    return (Mode::SaveAs(input), None);
                }
            },
            Action::CycleFormat => {
                self.format = next(Format::ALL, self.format);
                self.set_info(format!("Export format: {}", self.format.name()));
            }
            Action::Scroll { up, column, row } => {
                if let Some(pane) = self.pane_at(column, row) {
                    let step = if up { Action::Up } else { Action::Down };
                    for _ in 0..WHEEL_STEP {
                        self.move_in(pane, &step);
                    }
                }
            }
            other => self.move_in(self.focus, &other),
        }
        (Mode::Main, None)
    }

    /// Moves the selection or the scroll position of `pane` (Up, Down, pages, ends).
    fn move_in(&mut self, pane: Pane, action: &Action) {
        let page = self.page(pane);
        match (pane, self.results_tab) {
            (Pane::Choices, _) => {
                let last = self.choice_count() - 1;
                if let Some(index) = moved(self.selected_item, action, page, last) {
                    self.selected_item = index;
                }
            }
            (Pane::Preview, _) => {
                let max = self.preview_max_scroll();
                if let Some(scroll) = moved(self.preview_scroll, action, page, max) {
                    self.preview_scroll = scroll;
                }
            }
            (Pane::Results, ResultsTab::TruthTable) => {
                let last = self.table_len().saturating_sub(1);
                if let Some(row) = moved(self.table_row, action, page, last) {
                    self.table_row = row;
                }
            }
            (Pane::Results, ResultsTab::Checks) => self.move_in_checks(action, page),
        }
    }

    /// Ticks, unticks or cycles the selected item; the mode that follows (editing the account,
    /// or the main screen).
    fn toggle_selected(&mut self) -> Mode {
        if let Some(row) = self.selected_attached() {
            return self.toggle_attached(row);
        }
        let item = self.selected();
        if let Some(reason) = item.disabled_because(&self.choices) {
            self.set_info(format!("{}: {reason}", item.label));
            return Mode::Main;
        }
        match item.toggle(&mut self.choices, &mut self.format) {
            Toggled::Attachment if matches!(self.origin, Origin::Opened { .. }) => {
                self.recheck_opened_size();
            }
            Toggled::Choices | Toggled::Attachment => {
                self.status = None;
                self.show_generated();
            }
            Toggled::Format => {
                self.set_info(format!("Export format: {}", self.format.name()));
            }
            Toggled::StartEditing => {
                let account = self.choices.account.as_str();
                return Mode::EditAccount(TextInput::replaced_by_typing(account));
            }
        }
        Mode::Main
    }

    /// Keeps inspecting the opened file, now against the chosen attachment's size limit.
    fn recheck_opened_size(&mut self) {
        let Origin::Opened { path, .. } = &self.origin else {
            return;
        };
        let name = file_name(path);
        let attachment = self.choices.attachment;
        match &self.analysis {
            Ok(analysis) => {
                let analysis = analysis.clone().with_attachment(attachment);
                self.set_analysis(Ok(analysis));
            }
            Err(_) => self.analyze_opened(),
        }
        self.set_info(format!(
            "{name}: size now checked against the limit for {} ({})",
            attachment.with_article(),
            thousands(attachment.limit())
        ));
    }

    /// Regenerates and analyses the policy for the current choices.
    fn show_generated(&mut self) {
        if let Origin::Opened { path, .. } = &self.origin {
            let text = format!(
                "Now showing the generated policy for these choices ({} is unchanged; o returns to it)",
                path.display()
            );
            self.set_info(text);
            self.origin = Origin::Generated;
        }
        self.set_analysis(Ok(analyze_choices_in(&self.choices, &self.others)));
    }

    fn analyze_opened(&mut self) {
        if let Origin::Opened { text, .. } = &self.origin {
            let attachment = self.choices.attachment;
            let analysis =
                analyze_text_in(text, attachment, THIS_POLICY, &self.others).map_err(|error| {
                    Unusable {
                        error,
                        findings: lint(text, Some(attachment)),
                    }
                });
            self.set_analysis(analysis);
        }
    }

    fn set_analysis(&mut self, analysis: Result<Analysis, Unusable>) {
        let selected_action = self.selected_action().map(str::to_owned);
        self.analysis = analysis;
        self.highlighted = Highlighted::new(self.preview_text());
        self.preview_mark = None;
        self.checks = self.list_checks();
        if let (Some(action), Ok(analysis)) = (selected_action, &self.analysis)
            && let Some(row) = analysis.table.rows.iter().position(|r| r.action == action)
        {
            self.table_row = row;
        }
        self.clamp_scrolling();
    }

    fn selected_action(&self) -> Option<&str> {
        let analysis = self.analysis.as_ref().ok()?;
        analysis
            .table
            .rows
            .get(self.table_row)
            .map(|row| row.action.as_str())
    }

    fn table_len(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| a.table.rows.len())
    }

    fn clamp_scrolling(&mut self) {
        self.preview_scroll = self.preview_scroll.min(self.preview_max_scroll());
        self.table_row = self.table_row.min(self.table_len().saturating_sub(1));
        self.checks_selected = self
            .checks_selected
            .min(self.check_entries().len().saturating_sub(1));
        if let Mode::Help { scroll } = &mut self.mode {
            let max = help_model::line_count().saturating_sub(1);
            *scroll = (*scroll).min(max);
        }
    }

    /// Where everything is on the current screen.
    pub fn areas(&self) -> Option<Areas> {
        let (columns, rows) = self.size;
        let status = self.status.as_ref().map(|status| status.text.as_str());
        layout::areas(
            Rect::new(0, 0, columns, rows),
            self.focus,
            layout::footer_height(status, columns),
        )
    }

    fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        self.areas()?.pane_at(column, row)
    }

    /// Lines or rows one page moves in `pane`: what the pane shows at the current size.
    fn page(&self, pane: Pane) -> usize {
        let (columns, rows) = self.size;
        let pane_area = self
            .areas()
            .and_then(|areas| areas.pane(pane))
            .unwrap_or(Rect::new(0, 0, columns, rows));
        let rows = match (pane, self.results_tab) {
            (Pane::Results, ResultsTab::TruthTable) => layout::table_visible_rows(pane_area),
            _ => usize::from(pane_area.height.saturating_sub(2)),
        };
        rows.max(1)
    }

    fn help_page(&self) -> usize {
        let (columns, rows) = self.size;
        layout::help_visible_lines(Rect::new(0, 0, columns, rows)).max(1)
    }

    /// The largest useful preview scroll: the last lines fill the pane (long lines wrap, so
    /// rows are estimated from their width).
    pub fn preview_max_scroll(&self) -> usize {
        let (columns, rows) = self.size;
        let area = self
            .areas()
            .and_then(|areas| areas.preview)
            .unwrap_or(Rect::new(0, 0, columns, rows));
        self.highlighted.max_scroll(
            usize::from(area.width.saturating_sub(2)),
            usize::from(area.height.saturating_sub(2)),
        )
    }

    /// `self-manage-credentials` with the current export format's extension.
    fn default_file_name(&self) -> String {
        format!("{POLICY_NAME}{}", self.format.extension())
    }

    fn save_task(&mut self, path: PathBuf, overwrite: bool) -> Option<Task> {
        match self.export(self.format_for_path(&path)) {
            Ok(contents) => Some(Task::Save {
                path,
                contents,
                overwrite,
            }),
            Err(why) => {
                self.set_error(format!("Nothing to save: {why}"));
                None
            }
        }
    }

    fn copied(&mut self, outcome: CopyOutcome) {
        let format = self.format.name();
        match outcome {
            CopyOutcome::Clipboard => self.set_info(format!("Copied to the clipboard ({format})")),
            CopyOutcome::TmuxBuffer => {
                self.set_info(format!("Copied to tmux's paste buffer ({format})"));
            }
            CopyOutcome::Osc52 { reason } => {
                // Terminals answer nothing to OSC 52 and may drop it: sent is all that is known.
                self.set_info(format!("Sent via OSC 52, unconfirmed ({format}; {reason})"));
            }
            CopyOutcome::Failed(why) => self.set_error(format!("Nothing copied: {why}")),
        }
    }

    /// Reports a save; a file that exists asks whether to overwrite it, otherwise `mode` goes on.
    fn saved(&mut self, mode: Mode, outcome: SaveOutcome) -> Mode {
        match outcome {
            SaveOutcome::Saved(path) => {
                let format = self.format_for_path(&path).name();
                self.set_info(format!("Saved {} ({format})", path.display()));
            }
            SaveOutcome::Exists(path) => return Mode::ConfirmOverwrite { path },
            SaveOutcome::Failed(why) => self.set_error(format!("Not saved: {why}")),
        }
        mode
    }

    fn set_info(&mut self, text: String) {
        self.status = Some(Status {
            text,
            kind: StatusKind::Info,
            age: 0,
        });
    }

    fn set_error(&mut self, text: String) {
        self.status = Some(Status {
            text,
            kind: StatusKind::Error,
            age: 0,
        });
    }

    /// Information fades after [`STATUS_TICKS`]; an error stays until Esc.
    fn tick(&mut self) {
        if let Some(status) = &mut self.status {
            status.age = status.age.saturating_add(1);
            if status.kind == StatusKind::Info && status.age >= STATUS_TICKS {
                self.status = None;
            }
        }
    }

    /// A click (with `--mouse`) focuses the pane under the pointer; on a choice it selects and
    /// ticks it, on a truth table row it selects the row.
    fn click(&mut self, column: u16, row: u16) -> Mode {
        let Some(areas) = self.areas() else {
            return Mode::Main;
        };
        let Some(pane) = areas.pane_at(column, row) else {
            return Mode::Main;
        };
        self.focus = pane;
        match pane {
            Pane::Choices => {
                let Some(rect) = areas.choices else {
                    return Mode::Main;
                };
                match self.choice_at(rect, row) {
                    Some(index) => {
                        self.selected_item = index;
                        self.toggle_selected()
                    }
                    None => Mode::Main,
                }
            }
            Pane::Results if self.results_tab == ResultsTab::TruthTable => {
                if let Some(index) = areas.results.and_then(|rect| self.table_row_at(rect, row)) {
                    self.table_row = index;
                }
                Mode::Main
            }
            _ => Mode::Main,
        }
    }

    /// The item drawn on screen row `row` of the choices pane `pane`, as the list scrolls to
    /// keep the selection in view (step headers are not items).
    fn choice_at(&self, pane: Rect, row: u16) -> Option<usize> {
        let inner = pane.inner(ratatui::layout::Margin::new(1, 1));
        let list_height = inner
            .height
            .saturating_sub(layout::explanation_height(inner, &self.explanation()));
        let lines = choice_lines(self.attached.rows().len());
        let selected_line = lines
            .iter()
            .position(|line| *line == Some(self.selected_item))?;
        let offset = (selected_line + 1).saturating_sub(usize::from(list_height));
        let clicked = usize::from(row.checked_sub(inner.y)?);
        if clicked >= usize::from(list_height) {
            return None;
        }
        lines.get(offset + clicked).copied().flatten()
    }

    /// The truth table row drawn on screen row `row` of the results pane `pane`.
    fn table_row_at(&self, pane: Rect, row: u16) -> Option<usize> {
        let (offset, visible) =
            layout::rows_in_view(layout::table_visible_rows(pane), self.table_row);
        // Below the top border and the header.
        let clicked = usize::from(row.checked_sub(pane.y + 2)?);
        (clicked < visible)
            .then_some(offset + clicked)
            .filter(|index| *index < self.table_len())
    }
}

/// The choices pane's lines: `None` for a step header, else the item's index; the
/// `attached_rows` of the "Also attached" section under their own header.
fn choice_lines(attached_rows: usize) -> Vec<Option<usize>> {
    let mut lines = Vec::with_capacity(ITEMS.len() + attached_rows + 5);
    for (index, item) in ITEMS.iter().enumerate() {
        if index == 0 || ITEMS[index - 1].step != item.step {
            lines.push(None);
        }
        lines.push(Some(index));
    }
    lines.push(None);
    lines.extend((ITEMS.len()..ITEMS.len() + attached_rows).map(Some));
    lines
}

/// An account ID as people write it (`2109-8765-4321`, `2109 8765 4321`): the separators go.
fn account_digits(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect()
}

/// Applies an editing action to a text field; false when `action` is not an edit.
fn edit(input: &mut TextInput, action: &Action) -> bool {
    match action {
        Action::Input(c) => input.insert(*c),
        Action::Paste(text) => input.paste(text),
        Action::ClearInput => input.clear(),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::CursorLeft => input.left(),
        Action::CursorRight => input.right(),
        Action::CursorHome => input.home(),
        Action::CursorEnd => input.end(),
        _ => return false,
    }
    true
}

/// A position after a movement action, within `0..=last`; `None` for other actions.
fn moved(current: usize, action: &Action, page: usize, last: usize) -> Option<usize> {
    let position = match action {
        Action::Up => current.saturating_sub(1),
        Action::Down => current + 1,
        Action::PageUp => current.saturating_sub(page),
        Action::PageDown => current + page,
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    };
    Some(position.min(last))
}

mod attached;
mod checks;
mod opened;
#[cfg(test)]
mod tests;
mod users;

pub use users::{SortKey, UserView, Users, UsersScreen};
