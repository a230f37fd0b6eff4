//! Turning the cells a reader found, in any order, into a dense [`Sheet`]:
//! the bounding box of the cells with a value or a formula, formulas
//! without a saved value marked as such, and a guard against absurd sizes.
//!
//! Format-independent; depends only on the grid types.

use super::grid::{Cell, Column, Merge, Sheet, Value};

/// A sheet whose bounding box has more cells than this is kept by name
/// only, with no cells: a scoring table has a few thousand. (Two million
/// cells are about 200 MB once read.)
pub const MAX_SHEET_CELLS: u64 = 2_000_000;

/// The cells of one sheet as found in the file.
#[derive(Debug, Default)]
pub struct SparseSheet {
    pub name: String,
    /// (row, column, cell); cells with an empty value may carry a font and
    /// do not widen the sheet.
    pub cells: Vec<(u32, u32, Cell)>,
    /// (row, column, formula) of every formula cell.
    pub formulas: Vec<(u32, u32, String)>,
    pub merges: Vec<Merge>,
    pub columns: Vec<Column>,
    /// The reader found more than [`MAX_SHEET_CELLS`] cells and stopped:
    /// the sheet is kept by name only.
    pub oversized: bool,
}

impl SparseSheet {
    pub fn new(name: &str) -> SparseSheet {
        SparseSheet {
            name: name.to_string(),
            ..SparseSheet::default()
        }
    }

    /// The dense sheet. A formula cell whose value is empty becomes
    /// [`Value::FormulaWithoutValue`].
    pub fn build(self) -> Sheet {
        let mut sheet = Sheet {
            name: self.name,
            merges: self.merges,
            columns: self.columns,
            ..Sheet::default()
        };
        if self.oversized {
            sheet.oversized = true;
            return sheet;
        }
        let used = self
            .cells
            .iter()
            .filter(|(_, _, cell)| cell.value != Value::Empty)
            .map(|(row, col, _)| (*row, *col))
            .chain(self.formulas.iter().map(|(row, col, _)| (*row, *col)));
        let Some((first, last)) = bounding_box(used) else {
            return sheet;
        };
        let height = last.0 - first.0 + 1;
        let width = last.1 - first.1 + 1;
        if u64::from(height) * u64::from(width) > MAX_SHEET_CELLS {
            sheet.oversized = true;
            return sheet;
        }
        sheet.origin = first;
        sheet.height = height;
        sheet.width = width;
        sheet.cells = vec![Cell::default(); height as usize * width as usize];
        for (row, col, cell) in self.cells {
            if let Some(slot) = slot(&mut sheet, row, col) {
                *slot = cell;
            }
        }
        for (row, col, formula) in self.formulas {
            if let Some(slot) = slot(&mut sheet, row, col)
                && slot.value == Value::Empty
            {
                slot.value = Value::FormulaWithoutValue(with_equals(formula));
            }
        }
        sheet
    }
}

/// First and last (row, column) of the positions, inclusive.
fn bounding_box(positions: impl Iterator<Item = (u32, u32)>) -> Option<((u32, u32), (u32, u32))> {
    positions.fold(None, |acc, (row, col)| match acc {
        None => Some(((row, col), (row, col))),
        Some((first, last)) => Some((
            (first.0.min(row), first.1.min(col)),
            (last.0.max(row), last.1.max(col)),
        )),
    })
}

/// The cell of the dense grid at an absolute position, if inside it.
fn slot(sheet: &mut Sheet, row: u32, col: u32) -> Option<&mut Cell> {
    let (r0, c0) = sheet.origin;
    let r = row.checked_sub(r0).filter(|r| *r < sheet.height)?;
    let c = col.checked_sub(c0).filter(|c| *c < sheet.width)?;
    sheet
        .cells
        .get_mut(r as usize * sheet.width as usize + c as usize)
}

/// Formulas as users type them: "=SUM(C4:C5)". OpenDocument's "of:="
/// namespace prefix is dropped.
fn with_equals(formula: String) -> String {
    let bare = formula.strip_prefix("of:").unwrap_or(&formula);
    if bare.starts_with('=') {
        bare.to_string()
    } else {
        format!("={bare}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_without_value_widens_the_grid() {
        let mut sparse = SparseSheet::new("S");
        sparse.cells.push((1, 1, Cell::number(1.0)));
        sparse.cells.push((2, 2, Cell::number(2.0)));
        sparse.formulas.push((2, 2, "B2*2".to_string()));
        sparse.formulas.push((5, 4, "SUM(B2:C3)".to_string()));
        let sheet = sparse.build();
        assert_eq!((sheet.origin, sheet.height, sheet.width), ((1, 1), 5, 4));
        assert_eq!(sheet.get(2, 2).value, Value::Number(2.0));
        assert_eq!(
            sheet.get(5, 4).value,
            Value::FormulaWithoutValue("=SUM(B2:C3)".into())
        );
    }

    #[test]
    fn fonts_of_empty_cells_do_not_widen() {
        let mut sparse = SparseSheet::new("S");
        sparse.cells.push((0, 0, Cell::text("a")));
        sparse
            .cells
            .push((9, 9, Cell::with_font(Value::Empty, Some("Arial".into()))));
        let sheet = sparse.build();
        assert_eq!((sheet.height, sheet.width), (1, 1));
    }

    #[test]
    fn absurd_sizes_are_not_allocated() {
        let mut sparse = SparseSheet::new("Huge");
        sparse.cells.push((0, 0, Cell::text("a")));
        sparse.cells.push((1_048_575, 16_383, Cell::text("z")));
        let sheet = sparse.build();
        assert_eq!(sheet.name, "Huge");
        assert!(sheet.oversized);
        assert!(sheet.cells.is_empty());
        assert_eq!((sheet.height, sheet.width), (0, 0));
    }

    #[test]
    fn opendocument_formulas() {
        assert_eq!(with_equals("of:=SUM([.A1:.A2])".into()), "=SUM([.A1:.A2])");
        assert_eq!(with_equals("=A1".into()), "=A1");
    }
}
