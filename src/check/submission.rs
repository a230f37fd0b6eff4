//! What checking one file gives (bài nộp đã kiểm tra): the [`Submission`]
//! — its unit, the values of every criterion row read ([`Entry`]), the
//! issues — and the sums consolidation reads from it.
//!
//! Depends on `issue`, `score` and the entries vector; never on `read`.

use super::Entries;
use super::table;
use crate::issue::{Address, Issue};
use crate::score::Score;

/// One file checked against the rules.
#[derive(Clone, Debug, Default)]
pub struct Submission {
    /// The file as named in reports.
    pub file: String,
    /// The sheet the table was read from.
    pub sheet: Option<String>,
    /// The unit id, when identified.
    pub unit: Option<String>,
    /// Matched criteria by index into `rules.criteria`.
    pub entries: Entries,
    /// Disqualifier lines answered "yes".
    pub disqualified_by: Vec<usize>,
    pub issues: Vec<Issue>,
    /// Criterion rows read from the table.
    pub rows_read: usize,
    /// Whether a scoring table was found at all.
    pub table_found: bool,
    /// The text encoding most converted cells of the table's sheet were in
    /// ("unicode" when nothing was converted).
    pub encoding: Option<String>,
    /// A digest of every cell's value after decoding (sheet names and
    /// values, not formatting): two files with the same digest hold the
    /// same table, whatever program saved them.
    pub content: String,
}

/// The values of one criterion row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// The sheet the row is on (the table's sheet, or a sheet of its own
    /// for bonus and deduction lines kept apart).
    pub sheet: std::sync::Arc<str>,
    /// Zero-based sheet row.
    pub row: u32,
    /// Self-score as submitted (deductions as positive amounts).
    pub self_value: Option<Score>,
    /// What the self-score counts for: clamped to 0..max; 0 when missing.
    pub self_counted: Score,
    /// Bloc-reviewed score as written, if the column is filled.
    pub reviewed_value: Option<Score>,
    pub reviewed_counted: Option<Score>,
    /// A1 address of the self-score cell (or of the answer, on a
    /// disqualifier line).
    pub self_cell: Address,
    /// A1 address of the reviewed cell, where the sheet has that column.
    pub reviewed_cell: Option<Address>,
    /// The leaves scored together on this row (two criteria on one row, a
    /// parent scored as a whole), the first holding the value; empty for a
    /// row of its own.
    pub group: Vec<usize>,
    /// What the unit wrote beside the score: notes, evidence, other columns.
    pub notes: Vec<table::Note>,
    /// On a criterion scored against the bloc: the figure read (số liệu),
    /// `None` when missing or unusable (reported).
    pub figure: Option<Score>,
    /// A1 address of the cell the figure is read from.
    pub figure_cell: Option<Address>,
}

impl Submission {
    /// The self-score counted for a leaf (0 when missing).
    pub fn self_counted(&self, crit: usize) -> Score {
        self.entries
            .get(&crit)
            .map(|e| e.self_counted)
            .unwrap_or_default()
    }

    /// The score counted for the total: reviewed where given, else self.
    pub fn final_counted(&self, crit: usize) -> Score {
        self.entries
            .get(&crit)
            .map(|e| e.reviewed_counted.unwrap_or(e.self_counted))
            .unwrap_or_default()
    }

    /// Whether the bloc filled any reviewed score.
    pub fn has_review(&self) -> bool {
        self.entries.values().any(|e| e.reviewed_value.is_some())
    }
}
