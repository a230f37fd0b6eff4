//! The format-independent picture of a workbook: sheets of cells.

use serde::{Deserialize, Serialize};

/// A workbook as read, before any interpretation.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Workbook {
    /// Sheets in workbook order (hidden ones included).
    pub sheets: Vec<Sheet>,
}

/// One sheet: a rectangle of cells starting at `origin` (zero-based row,
/// column); everything outside it is empty.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub origin: (u32, u32),
    pub height: u32,
    pub width: u32,
    /// Row-major, `height × width`.
    pub cells: Vec<Cell>,
    /// Merged ranges, inclusive.
    pub merges: Vec<Merge>,
    /// Column widths and hidden columns the file records, in column order;
    /// columns not listed have the sheet's default width.
    pub columns: Vec<Column>,
    /// The sheet's used area was too large to read (more than
    /// [`super::MAX_SHEET_CELLS`] cells, e.g. a stray value in the last row);
    /// its cells were left out and the grid is empty.
    pub oversized: bool,
}

/// A merged range, zero-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// Columns `first..=last` (zero-based) of a sheet: their width and
/// whether they are hidden.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub first: u32,
    pub last: u32,
    /// Width in widths of the digit 0 as the file stores it: Excel's
    /// `<col width>`, which counts the cell padding too (a column Excel
    /// shows as 8.43 is 9.140625 here). None: the default width.
    pub width: Option<f64>,
    pub hidden: bool,
}

/// One cell: its value and, where the format records it, its font name.
///
/// Fonts are evidence for recognising legacy Vietnamese text (TCVN3, VNI),
/// never a reason to change the text here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Value,
    /// The font the cell's text is drawn in: the cell's own font, or the
    /// first run's font when the text has [`Cell::runs`].
    pub font: Option<String>,
    /// Rich text typed in more than one font: the text in pieces, each
    /// with its font, concatenating to the cell's text. `None` when the
    /// whole text is in one font (then [`Cell::font`] is that font).
    pub runs: Option<Vec<Run>>,
    /// The number format of a numeric cell (Excel format code such as
    /// `0.00` or `#,##0`), when it is not General.
    pub number_format: Option<String>,
}

/// A piece of a rich-text cell in one font.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub text: String,
    pub font: Option<String>,
}

/// A cell's value as stored in the file. Text is raw (not normalised).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel error such as #DIV/0! or #REF!.
    Error(String),
    /// A date or time cell, shown as the file's text form.
    Date(String),
    /// A formula whose computed value was not saved (the file was written
    /// by a program that does not calculate); holds the formula.
    FormulaWithoutValue(String),
}

static EMPTY: Cell = Cell {
    value: Value::Empty,
    font: None,
    runs: None,
    number_format: None,
};

impl Sheet {
    /// The cell at a zero-based absolute position (empty outside the grid).
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        let (r0, c0) = self.origin;
        if row < r0 || col < c0 || row - r0 >= self.height || col - c0 >= self.width {
            return &EMPTY;
        }
        let idx = (row - r0) as usize * self.width as usize + (col - c0) as usize;
        self.cells.get(idx).unwrap_or(&EMPTY)
    }

    /// One past the last row and column that may hold a value.
    pub fn end(&self) -> (u32, u32) {
        (self.origin.0 + self.height, self.origin.1 + self.width)
    }

    /// The merged range whose top-left cell is (row, col), if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| m.first == (row, col))
    }

    /// The merged range covering (row, col), if any.
    pub fn merge_covering(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| {
            (m.first.0..=m.last.0).contains(&row) && (m.first.1..=m.last.1).contains(&col)
        })
    }

    /// Build a sheet from rows of cells starting at A1 (for tests and for
    /// readers that produce dense rows).
    pub fn from_rows(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let height = rows.len();
        let mut cells = Vec::with_capacity(width * height);
        for mut row in rows {
            row.resize(width, Cell::default());
            cells.extend(row);
        }
        Sheet {
            name: name.to_string(),
            origin: (0, 0),
            height: height as u32,
            width: width as u32,
            cells,
            merges: Vec::new(),
            columns: Vec::new(),
            oversized: false,
        }
    }
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell {
            value: Value::Text(s.to_string()),
            font: None,
            runs: None,
            number_format: None,
        }
    }

    pub fn number(n: f64) -> Cell {
        Cell {
            value: Value::Number(n),
            font: None,
            runs: None,
            number_format: None,
        }
    }

    /// A cell with a value in one font.
    pub fn with_font(value: Value, font: Option<String>) -> Cell {
        Cell {
            value,
            font,
            runs: None,
            number_format: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.value {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}
