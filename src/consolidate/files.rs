//! The input of consolidation: each file with what reading and checking it
//! gave.

use crate::check::Submission;
use crate::issue::Issue;
use crate::report::Source;

/// One input file and what reading and checking it gave.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub source: Source,
    /// `None` when the file could not be read at all.
    pub submission: Option<Submission>,
    /// Issues from reading (unreadable, not a spreadsheet …).
    pub issues: Vec<Issue>,
}
