//! A Unicode copy of a submitted workbook (bản sao Unicode), for
//! `thidua convert`: every sheet with its values, formulas without a saved
//! value, merged ranges, column widths, hidden columns and the number
//! formats of numeric cells; text already converted by the caller; every
//! cell in Times New Roman.
//!
//! Depends on the `read` grid types only; the xlsx library stays inside
//! `write`.

use super::WriteError;
use super::formats::{FONT, SIZE};
use crate::read::{Cell, Column, Value, Workbook};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Workbook as XlsxBook, Worksheet, XlsxError,
};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Write `workbook` to `path` as .xlsx.
pub fn write_unicode_copy(workbook: &Workbook, path: &Path) -> Result<(), WriteError> {
    let bytes = build(workbook).map_err(WriteError::build)?;
    std::fs::write(path, bytes).map_err(|e| WriteError::io(path, e))
}

fn build(workbook: &Workbook) -> Result<Vec<u8>, XlsxError> {
    let format = Format::new().set_font_name(FONT).set_font_size(SIZE);
    let mut book = XlsxBook::new();
    book.set_default_format(&format, 21, 72)?;
    let mut props = DocProperties::new().set_author("thidua");
    if let Ok(date) = ExcelDateTime::from_ymd(2000, 1, 1) {
        props = props.set_creation_datetime(&date);
    }
    book.set_properties(&props);
    let mut used = BTreeSet::new();
    // One format per number format code, built once.
    let mut numeric: HashMap<&str, Format> = HashMap::new();
    for sheet in &workbook.sheets {
        let ws = book.add_worksheet();
        ws.set_name(unique_name(&sheet.name, &mut used))?;
        for column in &sheet.columns {
            set_columns(ws, column)?;
        }
        for merge in &sheet.merges {
            let (r0, c0) = merge.first;
            let (r1, c1) = merge.last;
            if (r0, c0) != (r1, c1) && c1 <= u32::from(u16::MAX) {
                ws.merge_range(r0, c0 as u16, r1, c1 as u16, "", &format)?;
            }
        }
        let (r_end, c_end) = sheet.end();
        for r in sheet.origin.0..r_end {
            for c in sheet.origin.1..c_end.min(u32::from(u16::MAX)) {
                let cell = sheet.get(r, c);
                let cell_format = match cell.number_format.as_deref() {
                    Some(code) => numeric
                        .entry(code)
                        .or_insert_with(|| format.clone().set_num_format(code)),
                    None => &format,
                };
                write_cell(ws, r, c as u16, cell, cell_format)?;
            }
        }
    }
    book.save_to_buffer()
}

/// Width and visibility of a range of columns. The grid's width, like a
/// file's `<col width>`, counts the cell padding in digit widths; the
/// writer wants the width Excel shows and stores `pixels / digit` with
/// `pixels = shown × digit + padding`, or below 1 character
/// `shown × (digit + padding)`. With the default column of 72 pixels set
/// in `build`, rust_xlsxwriter's digit is 8 pixels and its padding 5.
fn set_columns(ws: &mut Worksheet, column: &Column) -> Result<(), XlsxError> {
    const DIGIT: f64 = 8.0;
    const PADDING: f64 = 5.0;
    let last = column.last.min(u32::from(u16::MAX)) as u16;
    let first = (column.first.min(u32::from(last))) as u16;
    if let Some(width) = column.width {
        let pixels = width * DIGIT;
        let shown = if pixels >= DIGIT + PADDING {
            (pixels - PADDING) / DIGIT
        } else {
            pixels / (DIGIT + PADDING)
        };
        ws.set_column_range_width(first, last, shown)?;
    }
    if column.hidden {
        ws.set_column_range_hidden(first, last)?;
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    match &cell.value {
        Value::Empty => {}
        Value::Text(t) | Value::Date(t) | Value::Error(t) => {
            let t: String = t.chars().take(32_000).collect();
            ws.write_string_with_format(row, col, t, format)?;
        }
        Value::Number(n) => {
            ws.write_number_with_format(row, col, *n, format)?;
        }
        Value::Bool(b) => {
            ws.write_boolean_with_format(row, col, *b, format)?;
        }
        Value::FormulaWithoutValue(f) => {
            ws.write_formula_with_format(row, col, f.as_str(), format)?;
        }
    }
    Ok(())
}

/// Excel sheet names: at most 31 characters, none of []:*?/\ and unique
/// (case-insensitively).
fn unique_name(name: &str, used: &mut BTreeSet<String>) -> String {
    let base: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect::<String>()
        .trim_matches('\'')
        .chars()
        .take(31)
        .collect();
    let base = if base.trim().is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        candidate = base
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_valid_and_unique() {
        let mut used = BTreeSet::new();
        assert_eq!(unique_name("Tự chấm", &mut used), "Tự chấm");
        assert_eq!(unique_name("TỰ CHẤM", &mut used), "TỰ CHẤM (2)");
        assert_eq!(unique_name("a/b:c", &mut used), "a-b-c");
        let long = "Bảng tự chấm điểm thi đua năm 2025 của đơn vị";
        assert_eq!(unique_name(long, &mut used).chars().count(), 31);
        assert_eq!(unique_name("", &mut used), "Sheet");
    }
}
