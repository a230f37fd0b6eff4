//! Column widths, hidden columns and number formats as each format records
//! them, in the units of the grid: widths in Excel's file character width
//! (see [`Column::width`]), number formats as Excel format codes.
//!
//! - .xlsx: `<cols><col min max width hidden/>` of a sheet part;
//! - .xls: built-in format codes for the XF records' format indexes (the
//!   COLINFO and FORMAT records themselves are read in `biff`);
//! - .ods: lengths (`style:column-width`) turned into character widths.
//!
//! Pure functions over bytes and strings; depends on `xml` and the grid
//! types only.

use super::grid::{Cell, Column, Value};
use super::xml::{Kind, Tags};

/// The last column of a sheet (zero-based), in every format we write.
pub const LAST_COLUMN: u32 = 16_383;

/// The columns of an .xlsx sheet part (`<col>` elements, 1-based `min`
/// and `max`). Elements that set neither a width nor hidden are left out.
pub fn xlsx_columns(sheet: &[u8]) -> Vec<Column> {
    let mut columns = Vec::new();
    for tag in Tags::new(sheet) {
        if tag.local_name() == b"sheetData" {
            // <cols> comes before the cells: nothing to look for after.
            break;
        }
        if tag.local_name() != b"col" || tag.kind == Kind::Close {
            continue;
        }
        let number = |name: &[u8]| -> Option<f64> {
            let text = std::str::from_utf8(tag.attribute(name)?).ok()?;
            text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
        };
        let flag = |name: &[u8]| {
            tag.attribute(name)
                .is_some_and(|v| matches!(v.trim_ascii(), b"1" | b"true"))
        };
        let (Some(min), Some(max)) = (number(b"min"), number(b"max")) else {
            continue;
        };
        if min < 1.0 || max < min {
            continue;
        }
        let width = number(b"width").filter(|w| *w >= 0.0 && *w <= 255.0);
        let hidden = flag(b"hidden");
        // A width Excel writes for every column of a range without
        // customWidth is still the width the columns have; keep it.
        if width.is_none() && !hidden {
            continue;
        }
        columns.push(Column {
            first: (min as u32 - 1).min(LAST_COLUMN),
            last: (max as u32 - 1).min(LAST_COLUMN),
            width,
            hidden,
        });
    }
    columns
}

/// The format code of a built-in number format index (ECMA-376 Part 1,
/// 18.8.30; the same indexes in BIFF XF records). None for General (0),
/// for text (49) and for indexes that are not built in.
pub fn builtin_format(id: u16) -> Option<&'static str> {
    Some(match id {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"$\"#,##0_);(\"$\"#,##0)",
        6 => "\"$\"#,##0_);[Red](\"$\"#,##0)",
        7 => "\"$\"#,##0.00_);(\"$\"#,##0.00)",
        8 => "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0_);(#,##0)",
        38 => "#,##0_);[Red](#,##0)",
        39 => "#,##0.00_);(#,##0.00)",
        40 => "#,##0.00_);[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_(\"$\"* #,##0_);_(\"$\"* (#,##0);_(\"$\"* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_(\"$\"* #,##0.00_);_(\"$\"* (#,##0.00);_(\"$\"* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        _ => return None,
    })
}

/// Keep a number format only where it means something: on a numeric cell,
/// and not General.
pub fn set_number_format(cell: &mut Cell, code: Option<&str>) {
    let Some(code) = code.map(str::trim) else {
        return;
    };
    if matches!(cell.value, Value::Number(_))
        && !code.is_empty()
        && !code.eq_ignore_ascii_case("general")
        && code != "@"
    {
        cell.number_format = Some(code.to_string());
    }
}

/// An OpenDocument length ("2.258cm", "1.1665in", "64pt", "22.58mm",
/// "1.5pc") as an Excel file character width: `width = points / 7`.
///
/// That is LibreOffice's own rule both ways: it saves an Excel width of 12
/// as 1.1665in (84 pt) and reads 1.1665in back as 12; and its default
/// column, 2.258 cm = 64 pt, is 9.14, the file width of Excel's default
/// column (shown as 8.43).
pub fn ods_length_to_width(length: &str) -> Option<f64> {
    let length = length.trim();
    let split = length
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(length.len());
    let (number, unit) = length.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    let points = match unit.trim() {
        "pt" => number,
        "in" => number * 72.0,
        "cm" => number * 72.0 / 2.54,
        "mm" => number * 72.0 / 25.4,
        "pc" => number * 12.0,
        "px" => number * 0.75,
        _ => return None,
    };
    let width = points / 7.0;
    (width.is_finite() && (0.0..=255.0).contains(&width)).then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_cols_before_sheet_data() {
        let xml = br#"<worksheet><sheetFormatPr defaultRowHeight="15"/><cols>
<col min="1" max="1" width="9.140625" customWidth="1"/>
<col min="2" max="2" width="30.7109375" customWidth="1"/>
<col min="3" max="4" width="12" hidden="1" customWidth="1"/>
<col min="5" max="16384" style="3"/>
<col min="0" max="2" width="5"/>
</cols><sheetData><row><c r="A1"/></row></sheetData><cols><col min="9" max="9" width="1"/></cols></worksheet>"#;
        let cols = xlsx_columns(xml);
        assert_eq!(cols.len(), 3);
        assert_eq!(cols[1].first, 1);
        assert_eq!(cols[1].width, Some(30.7109375));
        assert!(cols[2].hidden && (cols[2].first, cols[2].last) == (2, 3));
    }

    #[test]
    fn ods_lengths() {
        let w = ods_length_to_width("2.258cm").unwrap();
        assert!((w - 9.14).abs() < 0.01, "{w}");
        assert!((ods_length_to_width("0.889in").unwrap() - 9.14).abs() < 0.01);
        assert!((ods_length_to_width("1.1665in").unwrap() - 12.0).abs() < 0.01);
        assert!((ods_length_to_width("70pt").unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(ods_length_to_width("12furlongs"), None);
        assert_eq!(ods_length_to_width("-3cm"), None);
        assert_eq!(ods_length_to_width(""), None);
    }

    #[test]
    fn formats_only_on_numbers() {
        let mut text = Cell::text("1");
        set_number_format(&mut text, Some("0.00"));
        assert_eq!(text.number_format, None);
        let mut n = Cell::number(1.0);
        set_number_format(&mut n, Some("General"));
        assert_eq!(n.number_format, None);
        set_number_format(&mut n, builtin_format(4));
        assert_eq!(n.number_format.as_deref(), Some("#,##0.00"));
    }
}
