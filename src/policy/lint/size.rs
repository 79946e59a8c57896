//! The policy's size against the attachment limits (non-whitespace characters, IAM quotas page).

use crate::policy::model::Named;
use crate::policy::model::choices::Attachment;
use crate::policy::size::policy_size;

use super::rules;
use super::{Report, Severity};

/// Above this share of the chosen limit the size is worth a note: the next edit may not fit.
const NEAR_LIMIT_PERCENT: usize = 90;

pub fn check(text: &str, attachment: Option<Attachment>, report: &mut Report) {
    check_size(policy_size(text), attachment, report);
}

/// Like [`check`], for a size already counted.
pub fn check_size(size: usize, attachment: Option<Attachment>, report: &mut Report) {
    match attachment {
        Some(attachment) => {
            let limit = attachment.limit();
            if size > limit {
                report.push(
                    rules::SIZE_OVER_LIMIT,
                    None,
                    None,
                    format!(
                        "{size} characters (without whitespace) exceed the {limit} allowed for {}",
                        attachment.with_article()
                    ),
                    fix_for(attachment, size),
                );
            } else if size * 100 > limit * NEAR_LIMIT_PERCENT {
                report.push(
                    rules::SIZE_NEAR_LIMIT,
                    None,
                    None,
                    format!(
                        "{size} of {limit} characters allowed for {}: little room left",
                        attachment.with_article()
                    ),
                    fix_for(attachment, size),
                );
            }
        }
        None => {
            for &attachment in Attachment::ALL {
                let limit = attachment.limit();
                if size > limit {
                    report.push_as(
                        rules::SIZE_OVER_LIMIT,
                        Severity::Info,
                        None,
                        None,
                        format!(
                            "{size} characters (without whitespace) exceed the {limit} allowed {}",
                            attachment_phrase(attachment)
                        ),
                        fix_for(attachment, size),
                    );
                }
            }
        }
    }
}

fn attachment_phrase(attachment: Attachment) -> String {
    match attachment {
        Attachment::Managed => "for a managed policy".to_owned(),
        other => format!("{} (all its inline policies together)", other.label()),
    }
}

/// Suggests the smallest attachment the policy fits, else splitting it.
fn fix_for(attachment: Attachment, size: usize) -> String {
    let mut fitting: Vec<Attachment> = Attachment::ALL
        .iter()
        .copied()
        .filter(|a| *a != attachment && a.limit() >= size)
        .collect();
    fitting.sort_by_key(|a| a.limit());
    match fitting.first() {
        Some(fits) => format!(
            "attach it {} ({} characters), or remove statements you do not need",
            fits.attach_phrase(),
            fits.limit()
        ),
        None => "split it into several managed policies".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str, attachment: Option<Attachment>) -> Vec<super::super::Finding> {
        let mut report = Report::default();
        check(text, attachment, &mut report);
        report.findings
    }

    #[test]
    fn whitespace_does_not_count() {
        let text = format!("{}{}", "a".repeat(2048), " \n\t".repeat(100));
        assert!(
            findings(&text, Some(Attachment::User))
                .iter()
                .all(|f| f.severity != Severity::Error)
        );
        let over = "a".repeat(2049);
        let found = findings(&over, Some(Attachment::User));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].id(), found[0].severity),
            ("size-over-limit", Severity::Error)
        );
        assert!(
            found[0].fix.contains("inline on a group"),
            "{}",
            found[0].fix
        );
    }

    #[test]
    fn without_attachment_every_exceeded_limit_is_an_info() {
        let found = findings(&"a".repeat(5500), None);
        let limits: Vec<bool> = found.iter().map(|f| f.severity == Severity::Info).collect();
        assert_eq!(limits, [true, true], "user and group limits: {found:?}");
        assert!(findings(&"a".repeat(11000), None).len() == 4);
    }

    #[test]
    fn near_the_limit_is_an_info() {
        let found = findings(&"a".repeat(2000), Some(Attachment::User));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].id(), found[0].severity),
            ("size-near-limit", Severity::Info)
        );
    }
}
