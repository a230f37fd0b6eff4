//! Findings (`Issue` — lỗi, cảnh báo) about submissions: a stable kebab-case
//! code, a severity, the position and the parameters as data, and a
//! Vietnamese message rendered from the code's entry in the catalogue.
//!
//! The codes are a contract with users (README, JSON report): never rename
//! one. This module depends on nothing else in the crate.

mod catalogue;
mod params;
mod template;

pub use catalogue::{Code, Entry};
pub use params::{Params, Value};
pub use template::Lang;

use serde::Serialize;
use std::fmt;

/// How serious a finding is (mức độ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Lỗi: the unit must correct its submission.
    Error,
    /// Cảnh báo: to be looked at; the submission is still used as read.
    Warning,
    /// Thông tin: what the tool did, for the record.
    Info,
}

impl Severity {
    /// The Vietnamese word shown to officers.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Thông tin",
        }
    }
}

impl Code {
    /// The stable kebab-case code.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// The usual severity of this code.
    pub fn severity(self) -> Severity {
        self.entry().severity
    }

    /// A short Vietnamese title, for the README and the workbook legend.
    pub fn title(self) -> &'static str {
        self.entry().title
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A finding with its position. Fields are data; `message` is the
/// Vietnamese sentence shown to people (what was found, what was expected,
/// what to do), rendered from the catalogue with `params`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub code: Code,
    /// The unit id (mã đơn vị) when known.
    pub unit: Option<String>,
    /// The file as given on the command line or found in a folder.
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// A1 address of the cell.
    pub cell: Option<String>,
    /// The criterion code (mã tiêu chí) from the rules file.
    pub criterion: Option<String>,
    /// Shared by clones: the findings of one tie carry one message.
    pub message: std::sync::Arc<str>,
    /// The values the message names, as data (numbers as numbers).
    pub params: Params,
}

impl Issue {
    /// A finding with the code's usual severity and no position yet, its
    /// message rendered from the catalogue with `params`.
    pub fn new(code: Code, params: Params) -> Issue {
        Issue {
            severity: code.severity(),
            code,
            unit: None,
            file: None,
            sheet: None,
            cell: None,
            criterion: None,
            message: render(code, &params, Lang::Vi).into(),
            params,
        }
    }

    /// The message in English, from the catalogue's English template.
    pub fn message_en(&self) -> String {
        render(self.code, &self.params, Lang::En)
    }

    pub fn severity(mut self, severity: Severity) -> Issue {
        self.severity = severity;
        self
    }

    pub fn unit(mut self, unit: impl Into<String>) -> Issue {
        self.unit = Some(unit.into());
        self
    }

    pub fn file(mut self, file: impl Into<String>) -> Issue {
        self.file = Some(file.into());
        self
    }

    pub fn sheet(mut self, sheet: impl Into<String>) -> Issue {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn cell(mut self, cell: impl Into<String>) -> Issue {
        self.cell = Some(cell.into());
        self
    }

    pub fn criterion(mut self, code: impl Into<String>) -> Issue {
        self.criterion = Some(code.into());
        self
    }

    /// Order for reports: by unit, file, sheet, then position, then code.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.unit.as_deref().unwrap_or("\u{10FFFF}"),
            self.file.as_deref().unwrap_or(""),
            self.sheet.as_deref().unwrap_or(""),
            self.cell.as_ref().map(|c| cell_order(c)),
            self.code,
            self.criterion.as_deref().unwrap_or(""),
            &*self.message,
        )
    }
}

/// The message of `code` with `params`, in `lang`.
pub fn render(code: Code, params: &Params, lang: Lang) -> String {
    let entry = code.entry();
    let (text, partials) = match lang {
        Lang::Vi => (entry.vi, catalogue::PARTIALS_VI),
        Lang::En => (entry.en, catalogue::PARTIALS_EN),
    };
    let mut out = String::with_capacity(text.len());
    template::render(text, params, lang, partials, &mut out);
    out
}

/// (row, column) of an A1 address, so that "A10" sorts after "B2".
fn cell_order(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let row = a1[letters.len()..].parse().unwrap_or(0);
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    (row, col)
}

/// Where a cell is on its sheet (địa chỉ ô): zero-based row and column,
/// shown as an A1 address. Kept as two numbers, not as text, by what is
/// read from every criterion row (eight bytes, nothing on the heap).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address {
    pub row: u32,
    pub col: u32,
}

impl Address {
    pub const fn new(row: u32, col: u32) -> Address {
        Address { row, col }
    }

    /// The A1 address ("D12").
    pub fn a1(self) -> String {
        a1(self.row, self.col)
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.a1())
    }
}

impl From<Address> for String {
    fn from(at: Address) -> String {
        at.a1()
    }
}

/// The A1 address of a zero-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    // Built by hand: `format!` costs several times as much, and addresses
    // are made for every finding and formula.
    let mut letters = [0u8; 7];
    let mut start = letters.len();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        start -= 1;
        letters[start] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    let mut digits = [0u8; 10];
    let mut first = digits.len();
    let mut r = u64::from(row) + 1;
    loop {
        first -= 1;
        digits[first] = b'0' + (r % 10) as u8;
        r /= 10;
        if r == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(letters.len() - start + digits.len() - first);
    out.extend(
        letters[start..]
            .iter()
            .chain(&digits[first..])
            .map(|&b| char::from(b)),
    );
    out
}

/// The zero-based (row, column) of a plain A1 reference ("AB12"): one to
/// three letters, then a row number of at most seven digits, nothing else
/// (no "$", no sheet name, no range).
pub fn parse_a1(reference: &[u8]) -> Option<(u32, u32)> {
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let digits = &reference[letters..];
    if !(1..=3).contains(&letters) || digits.is_empty() || digits.len() > 7 {
        return None;
    }
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = reference[..letters].iter().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = digits
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    Some((row.checked_sub(1)?, col - 1))
}

/// Sort issues into report order.
pub fn sort(issues: &mut [Issue]) {
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references_parse_back() {
        for (row, col) in [(0, 0), (11, 27), (1_048_575, 16_383)] {
            assert_eq!(parse_a1(a1(row, col).as_bytes()), Some((row, col)));
        }
        assert_eq!(parse_a1(b"ab12"), Some((11, 27)));
        for bad in [
            &b"A0"[..],
            b"12",
            b"A",
            b"ABCD1",
            b"$A$1",
            b"A1:B2",
            b"A+5",
            b"A12345678",
            b"",
        ] {
            assert_eq!(parse_a1(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(4, 701), "ZZ5");
        assert_eq!(a1(4, 702), "AAA5");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(u32::MAX, 0), "A4294967296");
        // The same addresses as the workbook writer's, which the
        // consolidated workbook's formulas used to be built with.
        for (row, col) in [
            (0, 0),
            (7, 3),
            (99, 25),
            (12_345, 26),
            (3, 702),
            (9, 16_383),
        ] {
            let theirs = rust_xlsxwriter::utility::row_col_to_cell(row, col as u16);
            assert_eq!(a1(row, col), theirs);
        }
    }

    #[test]
    fn codes_are_kebab_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{s}"
            );
            assert!(seen.insert(s), "duplicate {s}");
        }
    }

    #[test]
    fn cells_sort_by_row_then_column() {
        let mut issues = vec![
            Issue::new(Code::ScoreMissing, Params::new()).cell("A10"),
            Issue::new(Code::ScoreMissing, Params::new()).cell("B2"),
        ];
        sort(&mut issues);
        assert_eq!(issues[0].cell.as_deref(), Some("B2"));
    }
}
