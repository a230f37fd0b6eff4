//! Reading submitted files (đọc tệp): decide the format from the first bytes,
//! open the workbook and turn every sheet into a grid of [`Cell`]s with the
//! raw text, numbers, fonts and merged ranges.
//!
//! calamine types stay inside this module. Depends on `issue` and `text`
//! only; knows nothing of rules or criteria.

mod grid;

pub use grid::{Cell, Merge, Sheet, Value, Workbook};
