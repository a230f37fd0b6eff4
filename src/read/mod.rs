//! Reading submitted files (đọc tệp): decide the format from the first bytes,
//! open the workbook and turn every sheet into a grid of [`Cell`]s with the
//! raw text, numbers, fonts and merged ranges.
//!
//! calamine types stay inside this module. Depends on `issue` and `text`
//! only; knows nothing of rules or criteria.
//!
//! - `inputs`: which files to read;
//! - `open`: a file's bytes to a [`Loaded`] workbook, the one way in;
//! - `sniff`: what a file is ([`Format`]), from its bytes;
//! - `guard`: sizes checked before calamine trusts them;
//! - `calamine`: opening a workbook into sparse sheets;
//! - `ole`: streams of compound files (.xls), little-endian byte readers;
//! - `biff`: cell and run fonts, the code page, number formats and column
//!   widths of .xls files;
//! - `xlsx_runs`: fonts of rich-text runs, and columns, in .xlsx files;
//! - `runs`: cutting a cell's text into runs; the BIFF5 code page 1258 surface;
//! - `package`: a zip package's parts inflated once, within limits;
//! - `xml`: the element tags of package parts, read with quick-xml;
//! - `layout`: column widths and number formats in the grid's units;
//! - `ods_content`: merged ranges, used areas, columns and cell styles of
//!   .ods files;
//! - `ods_styles`: fonts and number formats of .ods cell styles;
//! - `saved`: the date a file was last saved, as recorded inside it;
//! - `sparse`: sparse cells to dense grids;
//! - `embedded`: the JSON report a consolidated workbook carries in a very
//!   hidden sheet;
//! - `error`: why a file could not be read, in Vietnamese.

mod biff;
mod calamine;
mod embedded;
mod error;
mod grid;
mod guard;
mod inputs;
mod layout;
mod ods_content;
mod ods_styles;
mod ole;
mod open;
mod package;
mod runs;
mod saved;
mod sniff;
mod sparse;
mod xlsx_runs;
mod xml;

pub use embedded::{
    Deflater, Embedded, MARKER as REPORT_MARKER, REPORT_SHEET, embedded_report, pieces,
};
pub use error::{MAX_FILE_BYTES, ReadError};
pub use grid::{Cell, Column, Merge, Run, Sheet, Value, Workbook};
pub use inputs::{
    Inputs, collect_inputs, excluded, is_hidden_or_system, is_lock_file, lock_file_message,
};
pub use open::{Loaded, file_bytes, load_bytes, lower_hex, read_file};
pub use saved::iso_from_unix;
pub use sniff::Format;
pub use sparse::MAX_SHEET_CELLS;
