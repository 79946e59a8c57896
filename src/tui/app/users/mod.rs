//! The users screen of an opened account dump: every user judged once when the file is opened
//! (the audit), then sorted and filtered by name on each key without judging again; Enter opens
//! one user's view (their truth table, journey and checks over their whole set), and `f` starts
//! the generator from what that user has.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::policy::engine::NamedPolicy;
use crate::policy::model::account::AccountDump;
use crate::policy::model::choices::Choices;
use crate::policy::reports::audit::fix::fix_start;
use crate::policy::reports::audit::user_report::{UserReport, user_report};
use crate::policy::reports::audit::{AccountAudit, Answer, UserAudit, audit_account};

use super::super::action::{Action, Pane, ResultsTab};
use super::super::attached::Attached;
use super::super::keys::KeyMode;
use super::super::text_input::TextInput;
use super::super::theme::Theme;
use super::super::user_lines::{ViewLine, view_lines};
use super::super::users_layout;
use super::{App, Mode, Origin, WHEEL_STEP, edit, moved};

/// What the users screen shows.
#[derive(Debug, Clone)]
pub enum UsersScreen {
    /// The table of users.
    List,
    /// The table, with the name filter being typed.
    Filtering,
    /// One user's view.
    User(Box<UserView>),
    /// The generator, started from a user (`u` comes back).
    Generator,
}

/// The column the users are sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    User,
    /// How many credential types the user can manage with MFA.
    Credentials,
    /// One of [`crate::policy::reports::audit::Verdicts::columns`], by position.
    Verdict(usize),
    /// How many policies of the user's set are unknown.
    Unknown,
}

/// Verdict columns of the audit.
pub const VERDICT_COLUMNS: usize = 8;

impl SortKey {
    fn next(self) -> SortKey {
        match self {
            SortKey::User => SortKey::Credentials,
            SortKey::Credentials => SortKey::Verdict(0),
            SortKey::Verdict(i) if i + 1 < VERDICT_COLUMNS => SortKey::Verdict(i + 1),
            SortKey::Verdict(_) => SortKey::Unknown,
            SortKey::Unknown => SortKey::User,
        }
    }

    /// How the order reads, e.g. `worst first`.
    pub fn order_words(self, reversed: bool) -> &'static str {
        match (self, reversed) {
            (SortKey::User, false) => "A→Z",
            (SortKey::User, true) => "Z→A",
            (SortKey::Credentials, false) => "fewest first",
            (SortKey::Credentials, true) => "most first",
            (SortKey::Verdict(_), false) => "worst first",
            (SortKey::Verdict(_), true) => "best first",
            (SortKey::Unknown, false) => "most first",
            (SortKey::Unknown, true) => "fewest first",
        }
    }
}

/// One user's view: the report, built when the user is opened, and where the view is.
#[derive(Debug, Clone)]
pub struct UserView {
    /// Position of the user in the audit (and the dump).
    pub user: usize,
    pub report: UserReport,
    pub tab: ResultsTab,
    pub table_row: usize,
    /// First line of the checks shown.
    pub checks_scroll: usize,
    /// The checks tab's lines, built once.
    pub lines: Vec<ViewLine>,
}

/// The opened dump and the users screen's state.
#[derive(Debug, Clone)]
pub struct Users {
    pub path: PathBuf,
    pub dump: Arc<AccountDump>,
    pub scp_levels: Vec<Vec<NamedPolicy>>,
    /// Every user, judged once.
    pub audit: AccountAudit,
    /// Distinct policies without a document, over every user.
    pub unknown_policies: usize,
    pub sort: SortKey,
    pub reversed: bool,
    pub filter: TextInput,
    /// Positions in `audit.users` on screen, filtered and sorted.
    pub shown: Vec<usize>,
    /// Position in `shown` of the selected user.
    pub selected: usize,
    pub screen: UsersScreen,
    /// Lower-case names, for the filter.
    lower_names: Vec<String>,
}

impl Users {
    /// The selected user's audit.
    pub fn selected_user(&self) -> Option<&UserAudit> {
        self.shown
            .get(self.selected)
            .map(|&index| &self.audit.users[index])
    }

    pub fn filtering(&self) -> bool {
        matches!(self.screen, UsersScreen::Filtering)
    }

    /// Filters and sorts again, keeping the selected user selected when still shown.
    fn refresh(&mut self) {
        let kept = self.shown.get(self.selected).copied();
        let needle = self.filter.text().trim().to_lowercase();
        let mut shown: Vec<usize> = (0..self.audit.users.len())
            .filter(|&i| needle.is_empty() || self.lower_names[i].contains(&needle))
            .collect();
        shown.sort_by(|&a, &b| {
            let (ua, ub) = (&self.audit.users[a], &self.audit.users[b]);
            rank(ua, self.sort)
                .cmp(&rank(ub, self.sort))
                .then_with(|| self.lower_names[a].cmp(&self.lower_names[b]))
        });
        if self.reversed {
            shown.reverse();
        }
        self.selected = kept
            .and_then(|user| shown.iter().position(|&i| i == user))
            .unwrap_or(0);
        self.shown = shown;
    }
}

/// Sort rank of a user for a column: smaller comes first (the worst answers first).
fn rank(user: &UserAudit, key: SortKey) -> usize {
    match key {
        SortKey::User => 0,
        SortKey::Credentials => user
            .verdicts
            .self_manageable
            .iter()
            .filter(|a| **a == Answer::Yes)
            .count(),
        SortKey::Verdict(column) => {
            let (_, _, answer, yes_is_good) = user.verdicts.columns()[column];
            match (answer, yes_is_good) {
                (Answer::Unknown, _) => 1,
                (Answer::Yes, false) | (Answer::No, true) => 0,
                _ => 2,
            }
        }
        SortKey::Unknown => usize::MAX - user.unknown_policies.len(),
    }
}

impl App {
    /// The wizard on an account dump: every user judged now, once, under `scp_levels`; the users
    /// screen first. The generator behind it starts from `fallback` until a user is fixed.
    pub fn open_dump(
        path: PathBuf,
        dump: AccountDump,
        scp_levels: Vec<Vec<NamedPolicy>>,
        fallback: Choices,
        theme: Theme,
        size: (u16, u16),
    ) -> App {
        let mut app = App::new(fallback, theme, size);
        let audit = audit_account(&dump, &[], &scp_levels);
        let unknown: HashSet<&str> = audit
            .users
            .iter()
            .flat_map(|u| &u.unknown_policies)
            .map(|p| p.arn.as_deref().unwrap_or(&p.label))
            .collect();
        let unknown_policies = unknown.len();
        let lower_names = audit.users.iter().map(|u| u.user.to_lowercase()).collect();
        let mut users = Users {
            path,
            dump: Arc::new(dump),
            scp_levels,
            audit,
            unknown_policies,
            sort: SortKey::User,
            reversed: false,
            filter: TextInput::new(""),
            shown: Vec::new(),
            selected: 0,
            screen: UsersScreen::List,
            lower_names,
        };
        users.refresh();
        app.users = Some(Box::new(users));
        app
    }

    /// True while the users screen (list, filter or a user's view) has the keyboard.
    pub fn users_active(&self) -> bool {
        self.users
            .as_ref()
            .is_some_and(|users| !matches!(users.screen, UsersScreen::Generator))
    }

    /// The key mode of the users screen.
    pub(super) fn users_key_mode(&self) -> KeyMode {
        match self.users.as_ref().map(|users| &users.screen) {
            Some(UsersScreen::Filtering) => KeyMode::Editing,
            Some(UsersScreen::User(_)) => KeyMode::UserView,
            _ => KeyMode::Users,
        }
    }

    /// `u` on the main screen: back to the users list, when a dump is open.
    pub(super) fn show_users(&mut self) {
        match &mut self.users {
            Some(users) => {
                users.screen = UsersScreen::List;
                self.status = None;
            }
            None => self.set_info(
                "No account dump is open (iamself-tui --open account.json opens one)".to_owned(),
            ),
        }
    }

    /// Handles an action on the users screen; the mode that follows (the help, or the screen).
    /// Each screen's handler returns the screen that follows and that mode.
    pub(super) fn update_users(&mut self, action: Action) -> Mode {
        let Some(mut users) = self.users.take() else {
            return Mode::Main;
        };
        let (screen, mode) = match std::mem::replace(&mut users.screen, UsersScreen::List) {
            UsersScreen::List => self.update_users_list(&mut users, action),
            UsersScreen::Filtering => (update_users_filter(&mut users, &action), Mode::Main),
            UsersScreen::User(view) => self.update_user_view(&users, view, action),
            // The generator has the keyboard then (`users_active` is false): never routed here.
            UsersScreen::Generator => (UsersScreen::Generator, Mode::Main),
        };
        users.screen = screen;
        self.users = Some(users);
        mode
    }

    fn update_users_list(&mut self, users: &mut Users, action: Action) -> (UsersScreen, Mode) {
        match action {
            Action::Help => return (UsersScreen::List, Mode::Help { scroll: 0 }),
            Action::OpenUser => {
                if let Some(&index) = users.shown.get(users.selected) {
                    let view = Box::new(open_user(users, index));
                    return (UsersScreen::User(view), Mode::Main);
                }
            }
            Action::FilterUsers => return (UsersScreen::Filtering, Mode::Main),
            Action::NextSort => {
                users.sort = users.sort.next();
                users.reversed = false;
                users.refresh();
            }
            Action::ReverseSort => {
                users.reversed = !users.reversed;
                users.refresh();
            }
            Action::Close if !users.filter.text().is_empty() => {
                users.filter.clear();
                users.refresh();
            }
            Action::Close => self.status = None,
            Action::Scroll { up, .. } => {
                let step = if up { Action::Up } else { Action::Down };
                for _ in 0..WHEEL_STEP {
                    self.move_in_users(users, &step);
                }
            }
            other => self.move_in_users(users, &other),
        }
        (UsersScreen::List, Mode::Main)
    }

    fn move_in_users(&self, users: &mut Users, action: &Action) {
        let page = users_layout::list_visible_rows(self.size, self.footer_lines()).max(1);
        let last = users.shown.len().saturating_sub(1);
        if let Some(position) = moved(users.selected, action, page, last) {
            users.selected = position;
        }
    }

    fn update_user_view(
        &mut self,
        users: &Users,
        mut view: Box<UserView>,
        action: Action,
    ) -> (UsersScreen, Mode) {
        match action {
            Action::Help => return (UsersScreen::User(view), Mode::Help { scroll: 0 }),
            Action::Close => return (UsersScreen::List, Mode::Main),
            Action::SwitchTab => {
                view.tab = match view.tab {
                    ResultsTab::TruthTable => ResultsTab::Checks,
                    ResultsTab::Checks => ResultsTab::TruthTable,
                };
            }
            Action::FixUser => {
                self.start_fix(users, &view);
                return (UsersScreen::Generator, Mode::Main);
            }
            Action::Scroll { up, .. } => {
                let step = if up { Action::Up } else { Action::Down };
                for _ in 0..WHEEL_STEP {
                    self.move_in_view(&mut view, &step);
                }
            }
            other => self.move_in_view(&mut view, &other),
        }
        (UsersScreen::User(view), Mode::Main)
    }

    fn move_in_view(&self, view: &mut UserView, action: &Action) {
        match view.tab {
            ResultsTab::TruthTable => {
                let page = users_layout::view_table_rows(self.size, self.footer_lines()).max(1);
                let last = view.report.table.rows.len().saturating_sub(1);
                if let Some(row) = moved(view.table_row, action, page, last) {
                    view.table_row = row;
                }
            }
            ResultsTab::Checks => {
                let page = users_layout::view_inner_rows(self.size, self.footer_lines()).max(1);
                let last = view.lines.len().saturating_sub(1);
                if let Some(scroll) = moved(view.checks_scroll, action, page, last) {
                    view.checks_scroll = scroll;
                }
            }
        }
    }

    /// The generator, with the choices inferred from the user's self-service policies and the
    /// rest of their set kept around the generated policy.
    fn start_fix(&mut self, users: &Users, view: &UserView) {
        let start = fix_start(
            &view.report.set,
            users.dump.account.as_deref(),
            &users.dump.partition,
        );
        let name = &users.audit.users[view.user].user;
        self.choices = start.choices;
        self.origin = Origin::Generated;
        self.focus = Pane::Choices;
        // The rest of the set becomes the "Also attached" choices (unknown policies kept as
        // such), and the analysis runs over it.
        self.set_attached(Attached::from_set(&start.others));
        let kept = self.others.len();
        let replaced = match start.replaced.len() {
            0 => "no self-service policy found, recommended choices".to_owned(),
            1 => "1 self-service policy replaced".to_owned(),
            n => format!("{n} self-service policies replaced"),
        };
        self.set_info(format!(
            "Fixing {name}: {replaced}; {kept} other {} kept as the set. u: back to the users",
            if kept == 1 { "policy" } else { "policies" }
        ));
    }

    /// Lines the footer takes now.
    fn footer_lines(&self) -> u16 {
        let status = self.status.as_ref().map(|status| status.text.as_str());
        super::super::layout::footer_height(status, self.size.0)
    }
}

/// Typing the filter: the list follows each key; Enter keeps the filter, Esc clears it. Returns
/// the screen that follows (the filter while typing, the list after Enter or Esc).
fn update_users_filter(users: &mut Users, action: &Action) -> UsersScreen {
    if edit(&mut users.filter, action) {
        users.refresh();
        return UsersScreen::Filtering;
    }
    match action {
        Action::Submit => UsersScreen::List,
        Action::Close => {
            users.filter.clear();
            users.refresh();
            UsersScreen::List
        }
        _ => UsersScreen::Filtering,
    }
}

/// Builds the view of the user at `index` of the audit.
fn open_user(users: &Users, index: usize) -> UserView {
    let user = &users.dump.users[index];
    let report = user_report(&users.dump, user, &users.scp_levels);
    let lines = view_lines(&report);
    UserView {
        user: index,
        report,
        tab: ResultsTab::TruthTable,
        table_row: 0,
        checks_scroll: 0,
        lines,
    }
}

#[cfg(test)]
mod tests;
