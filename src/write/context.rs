//! What the sheet writers read: the [`Frame`] of every document (rules,
//! bloc, formats: the heading and the signatures) and, for the sheets of a
//! report, the [`Context`] around it.
//!
//! Depends on `report`, `rules` and the formats.

use super::formats::Formats;
use crate::report::{BlocInfo, Report};
use crate::rules::Rules;

/// What every document's heading and signature block read (khung văn
/// bản): the rules, the bloc and the formats. A blank template has only
/// this; a sheet of a report has a [`Context`].
pub(super) struct Frame<'a> {
    pub rules: &'a Rules,
    pub bloc: &'a BlocInfo,
    pub formats: &'a Formats,
}

/// What each sheet writer of a report reads: the frame and the report
/// (`cx.rules`, `cx.formats` and `cx.bloc` reach the frame's).
pub(super) struct Context<'a> {
    frame: Frame<'a>,
    pub report: &'a Report,
    /// Unit names by id ([`Report::unit_names`]), made when first asked.
    names: std::sync::OnceLock<std::collections::HashMap<&'a str, &'a str>>,
}

impl<'a> std::ops::Deref for Context<'a> {
    type Target = Frame<'a>;
    fn deref(&self) -> &Frame<'a> {
        &self.frame
    }
}

impl<'a> Context<'a> {
    pub fn new(rules: &'a Rules, report: &'a Report, formats: &'a Formats) -> Context<'a> {
        Context {
            frame: Frame {
                rules,
                bloc: &report.bloc,
                formats,
            },
            report,
            names: std::sync::OnceLock::new(),
        }
    }

    /// The name of unit `id`, or the id when the report does not know it.
    pub fn unit_name(&self, id: &'a str) -> &'a str {
        self.names
            .get_or_init(|| self.report.unit_names())
            .get(id)
            .copied()
            .unwrap_or(id)
    }
}
