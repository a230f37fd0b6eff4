//! The "Nguồn" sheet: every input file looked at — format, Vietnamese
//! character encoding (bảng mã) its text was in, sheet read, unit,
//! criterion rows read and SHA-256 — so the consolidation can be traced
//! back to the files received.
//!
//! Depends on `report`; must not depend on `read`, `check` or `cli`.

use super::Context;
use super::sheet::{self, Page};
use rust_xlsxwriter::{Worksheet, XlsxError};

const COLUMNS: [(&str, f64); 7] = [
    ("Tệp", 34.0),
    ("Định dạng", 9.0),
    ("Bảng mã", 13.0),
    ("Trang tính", 15.0),
    ("Đơn vị", 26.0),
    ("Số dòng tiêu chí đọc được", 10.0),
    ("SHA-256", 34.0),
];

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    const TITLE: &str = "NGUỒN DỮ LIỆU TỔNG HỢP";
    let (_, header) = sheet::table_heading(ws, cx, TITLE, &COLUMNS)?;

    if report.sources.is_empty() {
        return sheet::only_line(
            ws,
            header,
            &COLUMNS,
            "Không có tệp nào được đọc.",
            &f.line,
            true,
        );
    }

    sheet::header_row(ws, header, &COLUMNS, &f.header, 52.0)?;

    for (row, source) in (header + 1..).zip(&report.sources) {
        sheet::text(ws, row, 0, &source.file, &f.text)?;
        sheet::text(ws, row, 1, &source.format, &f.center)?;
        let encoding = encoding_label(source.encoding.as_deref());
        sheet::text(ws, row, 2, &encoding, &f.center)?;
        sheet::text(ws, row, 3, source.sheet.as_deref().unwrap_or(""), &f.text)?;
        let unit = source.unit.as_deref().map_or("", |id| cx.unit_name(id));
        sheet::text(ws, row, 4, unit, &f.text)?;
        sheet::count(ws, row, 5, Some(source.rows_read as u64), &f.center)?;
        let sha = source.sha256.as_deref().unwrap_or("");
        sheet::text(ws, row, 6, sha, &f.text)?;
        let sheet_name = source.sheet.as_deref().unwrap_or("");
        sheet::fit_row(
            ws,
            row,
            &[
                (&source.file, COLUMNS[0].1),
                (&encoding, COLUMNS[2].1),
                (sheet_name, COLUMNS[3].1),
                (unit, COLUMNS[4].1),
                (sha, COLUMNS[6].1),
            ],
        )?;
    }

    sheet::set_up_page(ws, &Page::table(true, header))
}

/// The Vietnamese name of a detected character encoding (`Source.encoding`).
fn encoding_label(code: Option<&str>) -> String {
    let Some(code) = code else {
        return String::new();
    };
    match code {
        "unicode" => "Unicode".into(),
        "tcvn3" => "TCVN3 (ABC)".into(),
        "vni" => "VNI Windows".into(),
        "cp1258" => "Windows-1258".into(),
        "viscii" => "VISCII".into(),
        "vps" => "VPS".into(),
        "viqr" => "VIQR (gõ dấu bằng ký tự)".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn encoding_labels() {
        assert_eq!(super::encoding_label(Some("tcvn3")), "TCVN3 (ABC)");
        assert_eq!(super::encoding_label(Some("unicode")), "Unicode");
        assert_eq!(super::encoding_label(None), "");
    }
}
