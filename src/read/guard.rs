//! Checks made before calamine opens a file, on the size fields it trusts
//! to reserve memory: a damaged or hostile file claiming billions of cells
//! would otherwise make the allocation fail, which aborts the whole
//! program (a panic can be caught, an aborted allocation cannot). The
//! counts an .xlsx declares are taken out by `package` instead.
//!
//! Depends on this module's byte readers (`ole`, `biff`'s records,
//! `ods_content`); never on calamine.

use super::biff::Records;
use super::error::ReadError;
use super::ods_content;
use super::ole::{self, u16_at, u32_at};
use super::sniff::Format;
use super::sparse::MAX_SHEET_CELLS;

/// The most sheets a workbook may have: a unit's workbook has a handful.
pub const MAX_SHEETS: usize = 1_000;

/// Refuse an .ods whose tables' used areas would make calamine expand
/// more cells than a sheet may hold (`tables` is our own scan of the
/// content).
pub fn check_ods(tables: &[ods_content::Table]) -> Result<(), ReadError> {
    match tables
        .iter()
        .map(|t| t.used_cells.max(t.stored_cells))
        .max()
    {
        Some(cells) if cells > MAX_SHEET_CELLS => Err(ReadError::TooManyCells { cells }),
        _ => Ok(()),
    }
}

/// calamine reserves room for every cell of a sheet's DIMENSIONS record,
/// then allocates the bounding box of the cell records' positions. Both
/// are checked for every sheet, walking the records from each sheet's
/// offset exactly as calamine does. Gives the workbook stream checked,
/// for our own reading of it.
pub fn check_xls(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let stream =
        ole::workbook_stream(bytes).ok_or_else(|| xls_corrupt("workbook stream unreadable"))?;
    // BOUNDSHEET records of the workbook globals give each sheet's offset.
    let mut offsets: Vec<usize> = Records::new(&stream, 0)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, _)| *typ == 0x0085)
        .filter_map(|(_, data)| u32_at(data, 0))
        .map(|offset| offset as usize)
        .collect();
    // calamine reads every sheet from its offset: thousands of sheets
    // (at the same offset, in a hostile file) take hours.
    if offsets.len() > MAX_SHEETS {
        return Err(ReadError::TooManySheets {
            sheets: offsets.len(),
        });
    }
    offsets.sort_unstable();
    offsets.dedup();
    for offset in offsets {
        // An offset past the end makes calamine fail, not allocate.
        let Some(sheet) = stream.get(offset..) else {
            continue;
        };
        let cells = xls_sheet_cells(sheet)?;
        if cells > MAX_SHEET_CELLS {
            return Err(ReadError::TooManyCells { cells });
        }
    }
    Ok(stream)
}

fn xls_corrupt(detail: &str) -> ReadError {
    ReadError::Corrupt {
        format: Format::Xls.as_str(),
        detail: detail.to_string(),
    }
}

/// The most cells calamine will allocate for one sheet substream: its
/// DIMENSIONS record or the bounding box of its cell records. Nested
/// substreams (embedded charts) are skipped, as calamine skips them.
fn xls_sheet_cells(sheet: &[u8]) -> Result<u64, ReadError> {
    let mut declared = 0;
    let mut used: Option<((u16, u16), (u16, u16))> = None;
    let mut extend = |row: Option<u16>, col: Option<u16>| {
        if let (Some(row), Some(col)) = (row, col) {
            used = Some(match used {
                None => ((row, col), (row, col)),
                Some((first, last)) => (
                    (first.0.min(row), first.1.min(col)),
                    (last.0.max(row), last.1.max(col)),
                ),
            });
        }
    };
    let mut seen_bof = false;
    let mut depth = 0u32;
    // Where calamine puts a String record (a formula's text value): at the
    // last Formula record's cell, (0, 0) before any.
    let mut formula_at = (0u16, 0u16);
    for (typ, data) in Records::new(sheet, 0) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let cells = dimension_cells(data)
                    .ok_or_else(|| xls_corrupt("inconsistent DIMENSIONS record"))?;
                declared = declared.max(cells);
            }
            // Number, Label, RString, BoolErr, RK, LabelSst.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                extend(u16_at(data, 0), u16_at(data, 2));
            }
            // Formula.
            0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    formula_at = (row, col);
                }
                extend(u16_at(data, 0), u16_at(data, 2));
            }
            // String.
            0x0207 => extend(Some(formula_at.0), Some(formula_at.1)),
            // MulRk: row, first column, ..., last column.
            0x00BD => {
                extend(u16_at(data, 0), u16_at(data, 2));
                extend(
                    u16_at(data, 0),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                );
            }
            _ => {}
        }
    }
    let used = used.map_or(0, |(first, last)| {
        (u64::from(last.0 - first.0) + 1) * (u64::from(last.1 - first.1) + 1)
    });
    Ok(declared.max(used))
}

/// The cells calamine will reserve for a DIMENSIONS record, read as it
/// reads them; None when its arithmetic would wrap around. Records of an
/// unexpected length count 0: calamine rejects them itself.
fn dimension_cells(data: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| {
        data.get(at..at + 2)
            .and_then(|b| b.try_into().ok())
            .map(u16::from_le_bytes)
    };
    let u32_at = |at: usize| {
        data.get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    };
    let (first_row, end_row, first_col, end_col) = match data.len() {
        10 => (
            u32::from(u16_at(0)?),
            u32::from(u16_at(2)?),
            u32::from(u16_at(4)?),
            u32::from(u16_at(6)?),
        ),
        14 | 16 => (
            u32_at(0)?,
            u32_at(4)?,
            u32::from(u16_at(8)?),
            u32::from(u16_at(10)?),
        ),
        _ => return Some(0),
    };
    let first_col = if first_col > 0xFF || end_col < first_col {
        0
    } else {
        first_col
    };
    if end_row == 0 || end_col == 0 {
        return Some(1);
    }
    let rows = u64::from((end_row - 1).checked_sub(first_row)?) + 1;
    let cols = u64::from((end_col - 1).checked_sub(first_col)?) + 1;
    Some(rows * cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dimensions(first_row: u32, end_row: u32, first_col: u16, end_col: u16) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend_from_slice(&first_row.to_le_bytes());
        data.extend_from_slice(&end_row.to_le_bytes());
        data.extend_from_slice(&first_col.to_le_bytes());
        data.extend_from_slice(&end_col.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        data
    }

    #[test]
    fn dimensions_as_calamine_reads_them() {
        assert_eq!(dimension_cells(&dimensions(0, 10, 0, 4)), Some(40));
        assert_eq!(dimension_cells(&dimensions(0, 0, 0, 0)), Some(1));
        assert_eq!(
            dimension_cells(&dimensions(0, 65_536, 0, 256)),
            Some(65_536 * 256)
        );
        // A first row after the last: calamine's subtraction would wrap.
        assert_eq!(dimension_cells(&dimensions(20, 10, 0, 4)), None);
        assert_eq!(dimension_cells(&[1, 2, 3]), Some(0));
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn sheet_cells_from_cell_positions() {
        let number = |row: u16, col: u16| {
            let mut data = row.to_le_bytes().to_vec();
            data.extend_from_slice(&col.to_le_bytes());
            data.extend_from_slice(&[0; 10]);
            record(0x0203, &data)
        };
        let chart_cell = [
            record(0x0809, &[0; 16]),
            number(60_000, 60_000),
            record(0x000A, &[]),
        ]
        .concat();
        let sheet = [
            record(0x0809, &[0; 16]),
            number(2, 1),
            chart_cell,
            number(11, 3),
            record(0x000A, &[]),
            number(65_535, 65_535), // after the sheet's EOF
        ]
        .concat();
        assert_eq!(xls_sheet_cells(&sheet).ok(), Some(10 * 3));
        // A column number far beyond the 256 of .xls: 1.9 billion cells.
        let damaged = [
            record(0x0809, &[0; 16]),
            number(0, 0),
            number(29_000, 65_000),
        ]
        .concat();
        assert_eq!(xls_sheet_cells(&damaged).ok(), Some(29_001 * 65_001));
        // A String record (a formula's text) is a cell where the last
        // Formula record was, (0, 0) before any: one far cell and a
        // String record make calamine allocate the box between them.
        let far_and_string = [
            record(0x0809, &[0; 16]),
            number(28_810, 65_535),
            record(0x0207, &[1, 0, 0, b'a']),
        ]
        .concat();
        assert_eq!(xls_sheet_cells(&far_and_string).ok(), Some(28_811 * 65_536));
        let mut formula = 7u16.to_le_bytes().to_vec();
        formula.extend_from_slice(&5u16.to_le_bytes());
        formula.extend_from_slice(&[0; 18]);
        let after_formula = [
            record(0x0809, &[0; 16]),
            number(6, 4),
            record(0x0006, &formula),
            record(0x0207, &[1, 0, 0, b'a']),
        ]
        .concat();
        assert_eq!(xls_sheet_cells(&after_formula).ok(), Some(2 * 2));
    }
}
