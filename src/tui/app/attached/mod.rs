//! The "Also attached" part of the choices in the state machine: ticking bundled managed
//! policies, the prompt that attaches a file or `aws:NAME`, the file's text coming back from the
//! event loop, and taking policies away. Every change is applied to a copy of the set first and
//! takes effect whole, so a file that cannot be used leaves the set as it was.

use crate::policy::model::document;
use crate::policy::model::managed;
use crate::policy::reports::analysis::{MUST_CHANGE_PASSWORD_POLICY, analyze_choices_in};
use crate::tui::action::{Action, Pane, PolicyRead, Task};
use crate::tui::attached::{Attached, Row, Source, Target, Typed, parse_prompt};
use crate::tui::choice_items::ITEMS;
use crate::tui::text_input::TextInput;

use super::{App, Mode, Origin, StatusKind, edit};

impl App {
    /// The "Also attached" row selected, when the selection is below the static choices.
    pub fn selected_attached(&self) -> Option<Row> {
        let index = self.selected_item.checked_sub(ITEMS.len())?;
        self.attached.rows().get(index).copied()
    }

    /// Selectable lines of the choices pane: the static choices and the "Also attached" rows.
    pub fn choice_count(&self) -> usize {
        ITEMS.len() + self.attached.rows().len()
    }

    /// Answers within `attached` from now on: the set is replaced whole, then everything is
    /// analysed again (the generated policy, or the opened file).
    pub(super) fn set_attached(&mut self, attached: Attached) {
        self.others = attached.to_set();
        self.attached = attached;
        self.selected_item = self.selected_item.min(self.choice_count() - 1);
        match self.origin {
            Origin::Generated => {
                self.set_analysis(Ok(analyze_choices_in(&self.choices, &self.others)));
            }
            Origin::Opened { .. } => self.analyze_opened(),
        }
    }

    /// Space or Enter on an "Also attached" row.
    pub(super) fn toggle_attached(&mut self, row: Row) -> Mode {
        let mut attached = self.attached.clone();
        let message = match row {
            Row::MustChangePassword | Row::Managed(_) => {
                let name = match row {
                    Row::Managed(name) => name,
                    _ => MUST_CHANGE_PASSWORD_POLICY,
                };
                let Some(policy) = managed::find(name) else {
                    return Mode::Main;
                };
                if attached.toggle_managed(policy) {
                    format!("Attached {}", policy.label())
                } else {
                    format!("Removed {} from the set", policy.label())
                }
            }
            Row::File(_) => return self.remove_attached(row),
            Row::AddFile | Row::AddScpLevel => return adding(row.add_target()),
            Row::Boundary => {
                attached.cycle_boundary();
                format!(
                    "Boundary: {}",
                    attached
                        .boundary
                        .as_ref()
                        .map_or_else(|| "none".to_owned(), Source::label)
                )
            }
            Row::ScpLevel(index) => {
                self.set_info(format!(
                    "SCP level {}: x removes it; a adds a level below the last",
                    index + 1
                ));
                return Mode::Main;
            }
        };
        self.set_attached(attached);
        self.set_info(message);
        Mode::Main
    }

    /// `a`: the prompt, for the selected row's part of the set (boundary, a new SCP level, or
    /// another identity policy).
    pub(super) fn start_attaching(&mut self) -> Mode {
        let target = match (self.focus, self.selected_attached()) {
            (Pane::Choices, Some(row)) => row.add_target(),
            _ => Target::Identity,
        };
        adding(target)
    }

    /// `x`: takes the selected attached policy, boundary or SCP level away.
    pub(super) fn remove_attached(&mut self, row: Row) -> Mode {
        let mut attached = self.attached.clone();
        match attached.remove(row) {
            Some(message) => {
                self.set_attached(attached);
                self.set_info(message);
            }
            None => self.set_info(NOTHING_TO_REMOVE.to_owned()),
        }
        Mode::Main
    }

    /// `x` wherever the selection is.
    pub(super) fn remove_selected(&mut self) -> Mode {
        match (self.focus, self.selected_attached()) {
            (Pane::Choices, Some(row)) => self.remove_attached(row),
            _ => {
                self.set_info(NOTHING_TO_REMOVE.to_owned());
                Mode::Main
            }
        }
    }

    pub(super) fn update_attach_prompt(
        &mut self,
        mut input: TextInput,
        target: Target,
        action: Action,
    ) -> (Mode, Option<Task>) {
        if edit(&mut input, &action) {
            // Why the last text was refused no longer applies once it changes.
            if self
                .status
                .as_ref()
                .is_some_and(|s| s.kind == StatusKind::Error)
            {
                self.status = None;
            }
            return (Mode::Attach { input, target }, None);
        }
        match action {
            Action::Submit => match parse_prompt(input.text()) {
                Err(why) => {
                    self.set_error(why);
                    (Mode::Attach { input, target }, None)
                }
                Ok(Typed::Managed(policy)) => {
                    self.attach(target, Source::Managed(policy));
                    (Mode::Main, None)
                }
                Ok(Typed::File(path)) => (Mode::Main, Some(Task::ReadPolicy { path, target })),
            },
            Action::Close => {
                self.set_info("Nothing attached".to_owned());
                (Mode::Main, None)
            }
            _ => (Mode::Attach { input, target }, None),
        }
    }

    /// Attaches `source` where `target` says, and selects the row that shows it, so that the
    /// user sees what was added.
    fn attach(&mut self, target: Target, source: Source) {
        let label = source.label();
        let mut attached = self.attached.clone();
        let message = attached.add(target, source);
        self.set_attached(attached);
        if let Some(row) = self.attached.row_of(target, &label)
            && let Some(index) = self.attached.rows().iter().position(|r| *r == row)
        {
            self.selected_item = ITEMS.len() + index;
        }
        self.set_info(message);
    }

    /// A file read for the set: attached when it is a policy; otherwise the set stays as it
    /// was and the status says which file and why.
    pub(super) fn policy_read(&mut self, read: PolicyRead) {
        let text = match read.text {
            Ok(text) => text,
            Err(why) => {
                self.set_error(format!("Nothing attached: {why}"));
                return;
            }
        };
        match document::parse(&text) {
            Ok(policy) => {
                let source = Source::File {
                    path: read.path,
                    policy,
                };
                self.attach(read.target, source);
            }
            Err(error) => self.set_error(format!(
                "Nothing attached: {} is not a usable policy: {error}",
                read.path
            )),
        }
    }
}

const NOTHING_TO_REMOVE: &str = "Nothing to remove here: select an attached policy, the boundary or an SCP level in the choices";

fn adding(target: Target) -> Mode {
    Mode::Attach {
        input: TextInput::new(""),
        target,
    }
}

#[cfg(test)]
mod tests;
