//! The JSON report inside a consolidated workbook (báo cáo JSON nhúng trong
//! bảng tổng hợp): `thidua consolidate` writes exactly what `--json` writes
//! into a very hidden sheet, in pieces a cell can hold; this room gives the
//! pieces to the writer and joins them back from a workbook read.
//!
//! Layout of the sheet [`REPORT_SHEET`]: A1 holds [`MARKER`], A2 the number
//! of pieces, A3… the pieces in order. Pieces end at line breaks (the JSON
//! is pretty-printed), so a program that trims a cell's spaces loses none
//! inside a string.
//!
//! Part of `read`; knows nothing of the report's fields.

use super::grid::{Value, Workbook};

/// The very hidden sheet's name.
pub const REPORT_SHEET: &str = "thidua-report";
/// The first cell's text: what the sheet holds and in which layout.
pub const MARKER: &str = "thidua-report-json-v1";
/// Longest piece, in UTF-16 units (a cell holds 32,767).
const PIECE: usize = 30_000;

/// The JSON text cut into pieces of at most [`PIECE`] UTF-16 units, at line
/// breaks where a line is shorter than that.
pub fn pieces(json: &str) -> Vec<&str> {
    // Byte by byte (the report is megabytes): a character starts at every
    // byte that is not a continuation byte and takes one UTF-16 unit, two
    // from a four-byte sequence on.
    let bytes = json.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut units = 0;
    let mut last_break = None;
    for (at, &b) in bytes.iter().enumerate() {
        if b & 0xC0 == 0x80 {
            continue;
        }
        let width = if b >= 0xF0 { 2 } else { 1 };
        if units + width > PIECE {
            let end = last_break.filter(|&e| e > start).unwrap_or(at);
            out.push(&json[start..end]);
            units = json[end..at].encode_utf16().count();
            start = end;
            last_break = None;
        }
        units += width;
        if b == b'\n' {
            last_break = Some(at + 1);
        }
    }
    if start < json.len() {
        out.push(&json[start..]);
    }
    out
}

/// What a workbook holds of an embedded report.
#[derive(Debug, PartialEq, Eq)]
pub enum Embedded {
    /// No sheet [`REPORT_SHEET`] with the marker: not a thidua workbook.
    None,
    /// The sheet is there but its pieces are not all there (damaged or
    /// edited): why, in English for the record.
    Damaged(String),
    /// The JSON text, joined.
    Report(String),
}

/// The JSON report embedded in `workbook`, joined from its pieces.
pub fn embedded_report(workbook: &Workbook) -> Embedded {
    let Some(sheet) = workbook.sheets.iter().find(|s| s.name == REPORT_SHEET) else {
        return Embedded::None;
    };
    let text = |row: u32| match &sheet.get(row, 0).value {
        Value::Text(t) => Some(t.as_str()),
        _ => None,
    };
    if text(0).map(str::trim) != Some(MARKER) {
        return Embedded::None;
    }
    let count = match &sheet.get(1, 0).value {
        Value::Number(n) if *n >= 1.0 && n.fract() == 0.0 && *n < 10_000.0 => *n as u32,
        Value::Text(t) => match t.trim().parse::<u32>() {
            Ok(n) if (1..10_000).contains(&n) => n,
            _ => return Embedded::Damaged("piece count unreadable".into()),
        },
        _ => return Embedded::Damaged("piece count unreadable".into()),
    };
    let mut json = String::new();
    for row in 2..2 + count {
        match text(row) {
            Some(t) => json.push_str(t),
            None => return Embedded::Damaged(format!("piece {} missing", row - 1)),
        }
    }
    Embedded::Report(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Cell, Sheet};

    fn sheet_of(json: &str) -> Workbook {
        let parts = pieces(json);
        let mut rows = vec![
            vec![Cell::text(MARKER)],
            vec![Cell::number(parts.len() as f64)],
        ];
        rows.extend(parts.iter().map(|p| vec![Cell::text(p)]));
        Workbook {
            sheets: vec![Sheet::from_rows(REPORT_SHEET, rows)],
        }
    }

    #[test]
    fn pieces_join_back_and_fit_a_cell() {
        let mut json = String::from("{\n");
        for i in 0..5_000 {
            json.push_str(&format!("  \"đơn vị {i}\": \"Sở Y tế – ủy ban\",\n"));
        }
        json.push_str(&"ư".repeat(70_000));
        json.push_str("\n}\n");
        let parts = pieces(&json);
        assert!(parts.len() > 3);
        assert!(parts.iter().all(|p| p.encode_utf16().count() <= PIECE));
        // Pieces end at line breaks while lines are short.
        assert!(parts[0].ends_with('\n'));
        assert_eq!(parts.concat(), json);
        assert_eq!(embedded_report(&sheet_of(&json)), Embedded::Report(json));
    }

    /// The cut counted character by character, as a cell counts it.
    fn pieces_by_chars(json: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let (mut start, mut units, mut last_break) = (0, 0, None);
        for (at, c) in json.char_indices() {
            if units + c.len_utf16() > PIECE {
                let end = last_break.filter(|&b| b > start).unwrap_or(at);
                out.push(&json[start..end]);
                units = json[end..at].encode_utf16().count();
                start = end;
                last_break = None;
            }
            units += c.len_utf16();
            if c == '\n' {
                last_break = Some(at + 1);
            }
        }
        if start < json.len() {
            out.push(&json[start..]);
        }
        out
    }

    #[test]
    fn pieces_cut_as_characters_count_with_four_byte_characters() {
        let mut json = String::from("{\n");
        for i in 0..3_000 {
            json.push_str(&format!("  \"{i}\": \"Hội 😀 đồng 𝐀\",\n"));
        }
        json.push_str(&"😀".repeat(20_001));
        json.push_str("\n\"ư\": 1\n");
        json.push_str(&"a".repeat(29_999));
        json.push('😀');
        json.push_str("}\n");
        let parts = pieces(&json);
        assert_eq!(parts, pieces_by_chars(&json));
        assert!(parts.iter().all(|p| p.encode_utf16().count() <= PIECE));
        assert_eq!(parts.concat(), json);
    }

    #[test]
    fn a_missing_piece_is_damage_and_no_sheet_is_none() {
        let mut book = sheet_of("{\n\"a\": 1\n}\n");
        assert!(matches!(embedded_report(&book), Embedded::Report(_)));
        book.sheets[0].cells[2] = Cell::default();
        assert!(matches!(embedded_report(&book), Embedded::Damaged(_)));
        book.sheets[0].name = "Tổng hợp".into();
        assert_eq!(embedded_report(&book), Embedded::None);
        assert_eq!(embedded_report(&Workbook::default()), Embedded::None);
    }
}
