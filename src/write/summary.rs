//! The "Tổng hợp" sheet: one row per unit in ranking order with self and
//! bloc-reviewed totals, bonus, deduction, total, rank, proposed award and a
//! note (missing, unusable, disqualified, tied).
//!
//! Depends on `report` and `score` through the sheet helpers; must not
//! depend on `read`, `check` or `cli`.

use super::Context;
use super::sheet::{self, Page};
use crate::report::{Status, UnitResult};
use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

/// Column headers and widths (characters).
const COLUMNS: [(&str, f64); 10] = [
    ("STT", 5.0),
    ("Đơn vị", 34.0),
    ("Tự chấm", 10.0),
    ("Khối chấm", 10.0),
    ("Điểm thưởng", 10.0),
    ("Điểm trừ", 9.0),
    ("Tổng điểm", 10.0),
    ("Xếp hạng", 9.0),
    ("Đề nghị khen thưởng", 26.0),
    ("Ghi chú", 28.0),
];
const LAST_COL: ColNum = COLUMNS.len() as ColNum - 1;

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let title = format!(
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {}",
        report.bloc.year
    );
    let header = sheet::title_block(ws, f, report, &title, LAST_COL)?;
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        let col = col as ColNum;
        ws.set_column_width(col, *width)?;
        sheet::text(ws, header, col, name, &f.header)?;
    }
    ws.set_row_height(header, 36)?;

    let mut row = header + 1;
    for (i, unit) in report.ranked().into_iter().enumerate() {
        sheet::count(ws, row, 0, Some(i as u64 + 1), &f.center)?;
        sheet::text(ws, row, 1, &unit.name, &f.text)?;
        sheet::score(ws, row, 2, unit.self_total, &f.number)?;
        let reviewed = if unit.detail.reviewed {
            unit.total
        } else {
            None
        };
        sheet::score(ws, row, 3, reviewed, &f.number)?;
        sheet::score(ws, row, 4, unit.detail.bonus, &f.number)?;
        sheet::score(ws, row, 5, unit.detail.deduction, &f.number)?;
        sheet::score(ws, row, 6, unit.total, &f.number_bold)?;
        sheet::count(ws, row, 7, unit.rank.map(u64::from), &f.center_bold)?;
        sheet::text(ws, row, 8, unit.award.as_deref().unwrap_or(""), &f.text)?;
        let remark = remark(unit);
        sheet::text(ws, row, 9, &remark, &f.text)?;
        let award = unit.award.as_deref().unwrap_or("");
        sheet::fit_row(
            ws,
            row,
            &[
                (&unit.name, COLUMNS[1].1),
                (award, COLUMNS[8].1),
                (&remark, COLUMNS[9].1),
            ],
        )?;
        row += 1;
    }

    let width: f64 = COLUMNS.iter().map(|(_, w)| w).sum();
    let explanation = "Tổng điểm là điểm khối chấm nếu khối đã chấm, nếu không là điểm tự chấm \
                       (đã cộng điểm thưởng và trừ điểm trừ). Các đơn vị bằng điểm được xếp cùng hạng.";
    sheet::line(ws, row + 1, LAST_COL, width, explanation, &f.line_italic)?;

    sheet::set_up_page(
        ws,
        &Page {
            landscape: true,
            header_rows: Some((header, header)),
            frozen_cols: 0,
        },
    )
}

/// The "Ghi chú" of a unit's row.
pub(super) fn remark(unit: &UnitResult) -> String {
    let mut parts: Vec<&str> = Vec::new();
    match unit.status {
        Status::Missing => parts.push("Chưa nộp bảng tự chấm"),
        Status::Rejected => parts.push("Bảng tự chấm không dùng được"),
        Status::Ok if unit.rank.is_none() => parts.push("Chưa xếp hạng"),
        Status::Ok => {}
    }
    if unit.detail.tied {
        parts.push("Bằng điểm");
    }
    if unit.disqualified {
        parts.push("Thuộc trường hợp không xét khen thưởng");
    }
    parts.join(". ")
}
