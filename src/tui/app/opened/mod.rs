//! A file opened with `--open`: shown laid out when it was written on one line (`w` switches to
//! the file as written, and findings' lines follow what is shown), with the closest choices
//! ticked and an honest word on how close they are; kept while a change of choice shows the
//! generated policy, so that `o` returns to it as it was opened.

use std::path::PathBuf;

use crate::policy::model::choices::Choices;
use crate::policy::reports::closest::closest;
use crate::tui::keys::{FileView, View};
use crate::tui::reindent::{is_minified, reindent};
use crate::tui::text::file_name;
use crate::tui::theme::Theme;

use super::{App, Origin, Status, StatusKind};

/// The opened file, as it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedFile {
    pub path: PathBuf,
    /// The file as written.
    pub text: String,
    /// The file laid out one member per line; `None` when it is not JSON.
    pub laid_out: Option<String>,
    /// The choices ticked on opening: the closest to the file, or the defaults when the file is
    /// not a policy.
    pub choices: Choices,
    /// `None` when the file is not a policy (nothing could be inferred).
    pub inference: Option<Inference>,
}

impl OpenedFile {
    /// The form shown on opening: laid out when the file is one line of JSON.
    fn first_shown(&self) -> &str {
        match &self.laid_out {
            Some(laid_out) if is_minified(&self.text) => laid_out,
            _ => &self.text,
        }
    }
}

/// How close the ticked choices come to the opened policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    pub reproduces: bool,
    /// `the ticked choices (preset aws-docs) reproduce this policy`, or `no choice set
    /// reproduces this policy; closest: ...`.
    pub summary: String,
}

impl App {
    /// The wizard inspecting `text`, read from `path`. The choices start as the closest match to
    /// what the policy allows, or as `fallback` when the text is not a policy (and then say
    /// so); the size is checked against `fallback`'s attachment.
    pub fn open(
        path: PathBuf,
        text: String,
        fallback: Choices,
        theme: Theme,
        size: (u16, u16),
    ) -> App {
        let mut app = App::new(fallback.clone(), theme, size);
        let name = file_name(&path);
        let laid_out = serde_json::from_str::<serde::de::IgnoredAny>(&text)
            .is_ok()
            .then(|| reindent(&text));
        let mut file = OpenedFile {
            path: path.clone(),
            text,
            laid_out,
            choices: fallback.clone(),
            inference: None,
        };
        app.origin = Origin::Opened {
            path,
            text: file.first_shown().to_owned(),
        };
        app.analyze_opened();
        if let Ok(analysis) = &app.analysis {
            let found = closest(&analysis.policy);
            file.choices = found.choices.clone();
            file.choices.attachment = fallback.attachment;
            file.inference = Some(Inference {
                reproduces: found.reproduces(),
                summary: found.summary(),
            });
        }
        app.choices = file.choices.clone();
        let (text, kind) = match (&app.analysis, &file.inference) {
            (Ok(_), Some(inference)) => (
                format!("Opened {name}: {}", inference.summary),
                StatusKind::Info,
            ),
            (Ok(_), None) => (format!("Opened {name}"), StatusKind::Info),
            (Err(unusable), _) => (
                format!(
                    "{name}: {}. The ticked choices are the defaults, not read from the file.",
                    unusable.error
                ),
                StatusKind::Error,
            ),
        };
        app.status = Some(Status { text, kind, age: 0 });
        app.opened = Some(file);
        app.checks = app.list_checks();
        app
    }

    /// What the footer's hints depend on.
    pub fn view(&self) -> View {
        let file = match (&self.origin, &self.opened) {
            (Origin::Opened { text, .. }, Some(file)) if *text != file.text => FileView::LaidOut,
            (Origin::Opened { .. }, Some(file))
                if file.laid_out.as_ref().is_some_and(|l| *l != file.text) =>
            {
                FileView::AsWritten
            }
            (Origin::Generated, Some(_)) => FileView::Left,
            _ => FileView::None,
        };
        View {
            focus: self.focus,
            tab: self.results_tab,
            file,
        }
    }

    /// True while the opened file is shown laid out rather than as written.
    pub fn shows_laid_out(&self) -> bool {
        self.view().file == FileView::LaidOut
    }

    /// `w`: the opened file as written, or laid out one member per line.
    pub(super) fn toggle_layout(&mut self) {
        let Some(file) = &self.opened else {
            self.set_info("w: only for a file opened with --open".to_owned());
            return;
        };
        let name = file_name(&file.path);
        let Origin::Opened { text, .. } = &self.origin else {
            self.set_info(format!(
                "The generated policy is shown: o returns to {name}"
            ));
            return;
        };
        let Some(laid_out) = &file.laid_out else {
            self.set_info(format!("{name} is not JSON: it is shown as written only"));
            return;
        };
        if *laid_out == file.text {
            self.set_info(format!("{name} is written one member per line already"));
            return;
        }
        let (next, message) = if text == laid_out {
            (file.text.clone(), format!("{name} as written"))
        } else {
            (
                laid_out.clone(),
                format!("{name} laid out one member per line (the file is unchanged)"),
            )
        };
        let path = file.path.clone();
        self.origin = Origin::Opened { path, text: next };
        self.preview_scroll = 0;
        self.analyze_opened();
        self.set_info(format!("{message}; lines in the checks follow"));
    }

    /// `o`: back to the opened file and the choices ticked on opening (the attachment stays).
    pub(super) fn back_to_file(&mut self) {
        let Some(file) = self.opened.clone() else {
            self.set_info("No file opened (iamself-tui --open FILE)".to_owned());
            return;
        };
        let name = file_name(&file.path);
        if matches!(self.origin, Origin::Opened { .. }) {
            self.set_info(format!("{name} is already shown"));
            return;
        }
        let attachment = self.choices.attachment;
        self.choices = file.choices.clone();
        self.choices.attachment = attachment;
        self.origin = Origin::Opened {
            path: file.path.clone(),
            text: file.first_shown().to_owned(),
        };
        self.preview_scroll = 0;
        self.analyze_opened();
        let ticked = match &file.inference {
            Some(_) => "the closest choices are ticked again",
            None => "the ticked choices are the defaults, not read from the file",
        };
        self.set_info(format!("Back to {name}; {ticked}"));
    }
}

#[cfg(test)]
mod tests;
