//! Checking one submission against the bloc's rules (kiểm tra bảng tự chấm):
//! find the table, identify the unit, map rows to criteria, read and check
//! every value. Produces a [`Submission`] with its issues; nothing is
//! dropped or changed silently.
//!
//! Takes a [`Decoded`] workbook (the `decode` stage has turned legacy text
//! into Unicode). Depends on `decode`, `read` grids, `rules`, `text`,
//! `score`, `issue`; never on calamine, the writer or the CLI.
//!
//! Rooms: `workbook` (one file, start to end), `submission` (what it
//! gives), `context` (where findings point), `table` (finding the table),
//! `labels`, `mapping` (rows to criteria), `rows`, `values`, `sums`,
//! `titles`, `figures` (the figures of criteria scored against the bloc),
//! `unit` (whose file), `tally` (sums over the criteria tree),
//! `entries`; `test_cells` (cell shorthands for the unit tests).

mod context;
mod entries;
mod figures;
mod labels;
pub mod mapping;
mod rows;
mod submission;
mod sums;
pub mod table;
pub mod tally;
#[cfg(test)]
mod test_cells;
mod titles;
pub mod unit;
mod values;
mod workbook;

use context::{Ctx, quoted};
pub use entries::Entries;
pub use submission::{Entry, Submission};
pub use workbook::{check_workbook, unit_of_file_name};
