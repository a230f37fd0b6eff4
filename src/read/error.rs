//! Why a submitted file could not be read ([`ReadError`]): the issue code,
//! a label of what the file turned out to be, and the parameters of the
//! finding, whose message (what is wrong, what to do) is the catalogue's.
//!
//! Depends on `issue` only; never on calamine, whose errors arrive here
//! already turned into text.

use crate::issue::{Code, Issue, Params};
use std::fmt;
use std::io;

/// The largest file read, in bytes (64 MiB). A scoring table is a few
/// hundred KB; anything bigger is not one and is refused before reading.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Everything that can stop a file from being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The file could not be read from disk: `cause` is "not-found",
    /// "permission", "directory" or "other", with the system's `error`.
    Io {
        cause: &'static str,
        error: Option<String>,
    },
    /// The file has no bytes at all.
    Empty,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: u64 },
    /// The file is something else than a spreadsheet; `what` is a short
    /// label such as "html", "pdf", "docx", "zip", "text", "unknown".
    NotASpreadsheet { what: &'static str },
    /// A sheet's used area is larger than [`super::MAX_SHEET_CELLS`]
    /// (found before reading, from the sizes the file declares).
    TooManyCells { cells: u64 },
    /// A part of a zip package inflates to more than `limit` bytes (the
    /// part's or the package's limit).
    PartTooLarge { part: String, limit: u64 },
    /// A part of a zip package inflates to hundreds of times its
    /// compressed size: a zip bomb, or millions of empty cells.
    Inflates { part: String },
    /// The workbook has more sheets than [`super::guard::MAX_SHEETS`].
    TooManySheets { sheets: usize },
    /// An .ods asks for more repeated spaces (`<text:s text:c>`) than any
    /// table holds: `count`, in one run or in all together.
    TooManySpaces { count: u64 },
    /// The process reading the file stopped without an answer: it ran out
    /// of its memory budget (`limit_mb`), or the file crashed it.
    ReaderDied { limit_mb: u64 },
    /// Reading the file took longer than `seconds`.
    TooSlow { seconds: u64 },
    /// An error reported by a worker process, as it described it.
    Reported {
        code: Code,
        detected: String,
        params: Params,
    },
    /// The workbook is protected by a password (encrypted).
    Encrypted,
    /// The file has a spreadsheet's signature but its content is damaged
    /// or truncated. `format` is the label of what it looked like ("xlsx",
    /// "xls", "ods", "zip", "ole"); `detail` is technical, for experts.
    Corrupt {
        format: &'static str,
        detail: String,
    },
}

impl ReadError {
    /// An I/O failure.
    pub fn io(error: &io::Error) -> ReadError {
        let cause = match error.kind() {
            io::ErrorKind::NotFound => "not-found",
            io::ErrorKind::PermissionDenied => "permission",
            io::ErrorKind::IsADirectory => "directory",
            _ => {
                return ReadError::Io {
                    cause: "other",
                    error: Some(error.to_string()),
                };
            }
        };
        ReadError::Io { cause, error: None }
    }

    /// The issue code for this error.
    pub fn code(&self) -> Code {
        match self {
            ReadError::Reported { code, .. } => *code,
            ReadError::NotASpreadsheet { .. } => Code::NotASpreadsheet,
            ReadError::Encrypted => Code::EncryptedFile,
            ReadError::Io { .. }
            | ReadError::Empty
            | ReadError::TooLarge { .. }
            | ReadError::TooManyCells { .. }
            | ReadError::PartTooLarge { .. }
            | ReadError::Inflates { .. }
            | ReadError::TooManySheets { .. }
            | ReadError::TooManySpaces { .. }
            | ReadError::ReaderDied { .. }
            | ReadError::TooSlow { .. }
            | ReadError::Corrupt { .. } => Code::UnreadableFile,
        }
    }

    /// A short label of what the file turned out to be, for the table of
    /// sources: "html", "pdf", "empty", "encrypted", "xlsx", ...
    pub fn detected(&self) -> String {
        match self {
            ReadError::Io { .. } => "io".to_string(),
            ReadError::Empty => "empty".to_string(),
            ReadError::TooLarge { .. }
            | ReadError::TooManyCells { .. }
            | ReadError::PartTooLarge { .. }
            | ReadError::Inflates { .. }
            | ReadError::TooManySheets { .. }
            | ReadError::TooManySpaces { .. }
            | ReadError::ReaderDied { .. }
            | ReadError::TooSlow { .. } => "too-large".to_string(),
            ReadError::Reported { detected, .. } => detected.clone(),
            ReadError::NotASpreadsheet { what } => what.to_string(),
            ReadError::Encrypted => "encrypted".to_string(),
            ReadError::Corrupt { format, .. } => format.to_string(),
        }
    }

    /// What is wrong and what the unit should do, in Vietnamese.
    pub fn message(&self) -> String {
        crate::issue::render(self.code(), &self.params(), crate::issue::Lang::Vi)
    }

    /// The finding for this error (no position yet).
    pub fn issue(&self) -> Issue {
        Issue::new(self.code(), self.params())
    }

    /// The values the message names, as the catalogue's templates take
    /// them (`reason` chooses the sentence of `unreadable-file`).
    pub fn params(&self) -> Params {
        let reason = |r: &'static str| Params::new().text("reason", r);
        match self {
            ReadError::Io { cause, error } => {
                let p = reason("io").text("cause", *cause);
                match error {
                    Some(e) => p.text("error", e.as_str()),
                    None => p,
                }
            }
            ReadError::Empty => reason("empty"),
            ReadError::TooLarge { bytes } => reason("too-large")
                .int("bytes", *bytes)
                .int("limit", MAX_FILE_BYTES),
            ReadError::TooManyCells { cells } => reason("too-many-cells")
                .int("cells", *cells)
                .int("limit", super::MAX_SHEET_CELLS),
            ReadError::PartTooLarge { part, limit } => reason("part-too-large")
                .text("part", part.as_str())
                .int("limit", *limit),
            ReadError::Inflates { part } => reason("inflates")
                .text("part", part.as_str())
                .int("ratio", super::package::MAX_RATIO),
            ReadError::TooManySheets { sheets } => reason("too-many-sheets")
                .int("sheets", *sheets)
                .int("limit", super::guard::MAX_SHEETS),
            ReadError::TooManySpaces { count } => reason("too-many-spaces").int("count", *count),
            ReadError::ReaderDied { limit_mb } => reason("reader-died").int("limit_mb", *limit_mb),
            ReadError::TooSlow { seconds } => reason("too-slow").int("seconds", *seconds),
            ReadError::Reported { params, .. } => params.clone(),
            ReadError::NotASpreadsheet { what } => Params::new().text("format", *what),
            ReadError::Encrypted => Params::new(),
            ReadError::Corrupt { format, detail } => reason("corrupt")
                .text("format", *format)
                .text("detail", detail.as_str()),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ReadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_dots() {
        assert_eq!(crate::text::thousands(0), "0");
        assert_eq!(crate::text::thousands(999), "999");
        assert_eq!(crate::text::thousands(5_000_000), "5.000.000");
        assert_eq!(crate::text::thousands(3_900_125_001), "3.900.125.001");
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(ReadError::Encrypted.code(), Code::EncryptedFile);
        assert_eq!(
            ReadError::NotASpreadsheet { what: "html" }.code(),
            Code::NotASpreadsheet
        );
        assert_eq!(ReadError::TooLarge { bytes: 1 }.detected(), "too-large");
        let corrupt = ReadError::Corrupt {
            format: "xls",
            detail: "x".into(),
        };
        assert_eq!(
            (corrupt.code(), corrupt.detected().as_str()),
            (Code::UnreadableFile, "xls")
        );
        assert!(corrupt.message().contains("Excel (.xls)"));
    }
}
