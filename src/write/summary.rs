//! The "Tổng hợp" sheet (bảng tổng hợp kết quả chấm điểm, xếp hạng): one row
//! per unit in ranking order with self and bloc-reviewed totals, bonus,
//! deduction, total, rank, proposed award and a note (missing, unusable,
//! disqualified, tied), under the heading block and over the signatures.
//! With past years (`--history`), one more column per past year (the
//! latest three): the unit's rank and award that year.
//! Totals, bonus and deduction are formulas over "Chi tiết" with their
//! results stored.
//!
//! Depends on `report` and `score` through the sheet helpers; must not
//! depend on `read`, `check` or `cli`.

use super::Context;
use super::detail::{self, Layout, Term};
use super::sheet::{self, Page};
use crate::report::{PastYear, Report, Status, UnitResult};
use crate::rules::{Kind, Period};
use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

/// Column headers and widths (characters).
const COLUMNS: [(&str, f64); 10] = [
    ("STT", 5.0),
    ("Đơn vị", 32.0),
    ("Tự chấm", 9.0),
    ("Khối chấm", 9.0),
    ("Điểm thưởng", 9.0),
    ("Điểm trừ", 8.0),
    ("Tổng điểm", 9.0),
    ("Xếp hạng", 8.0),
    ("Đề nghị khen thưởng", 24.0),
    ("Ghi chú", 26.0),
];
/// At most this many past years get a column, the latest ones.
pub const PAST_YEARS: usize = 3;
/// The width of a past year's column (characters).
const PAST_WIDTH: f64 = 22.0;

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let layout = Layout::new(cx)?;
    let title = format!(
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA {}",
        sheet::period_title(&report.bloc)
    );
    let years = past_years(report);
    let labels: Vec<String> = years.iter().map(|y| format!("Năm {y}")).collect();
    let mut columns: Vec<(&str, f64)> = COLUMNS.to_vec();
    columns.extend(labels.iter().map(|l| (l.as_str(), PAST_WIDTH)));
    let last_col = columns.len() as ColNum - 1;
    let (widths, header) = sheet::table_heading(ws, cx, &title, &columns)?;
    sheet::header_row(ws, header, &columns, &f.header, 36.0)?;

    let mut row = header + 1;
    // The units' positions in ranking order (as `Report::ranked`, a stable
    // sort), each unit's position kept for its cells in "Chi tiết".
    let mut order: Vec<usize> = (0..report.units.len()).collect();
    order.sort_by_key(|&k| report.units[k].rank.unwrap_or(u32::MAX));
    for (i, u) in order.into_iter().enumerate() {
        let unit = &report.units[u];
        let scored = unit.status == Status::Ok;
        let reference = |ranking: bool| {
            scored.then(|| Term {
                expr: layout.total_ref(u, ranking),
                value: if ranking {
                    unit.total.unwrap_or_default()
                } else {
                    unit.self_total.unwrap_or_default()
                },
            })
        };
        let mut cells = sheet::Row::new(row);
        cells.count(ws, 0, Some(i as u64 + 1), &f.center)?;
        cells.text(ws, 1, &unit.name, &f.text)?;
        let number = &f.number;
        detail::computed(ws, &mut cells, 2, unit.self_total, reference(false), number)?;
        let reviewed = if unit.detail.reviewed {
            unit.total
        } else {
            None
        };
        detail::computed(ws, &mut cells, 3, reviewed, reference(true), number)?;
        let bonus = scored.then(|| layout.capped(cx, u, Kind::Bonus));
        detail::computed(ws, &mut cells, 4, unit.detail.bonus, bonus, number)?;
        let deduction = scored.then(|| layout.capped(cx, u, Kind::Deduction));
        detail::computed(ws, &mut cells, 5, unit.detail.deduction, deduction, number)?;
        let total = reference(true);
        detail::computed(ws, &mut cells, 6, unit.total, total, &f.number_bold)?;
        cells.count(ws, 7, unit.rank.map(u64::from), &f.center_bold)?;
        let award = unit.award.as_deref().unwrap_or("");
        cells.text(ws, 8, award, &f.text)?;
        let remark = remark(unit);
        cells.text(ws, 9, &remark, &f.text)?;
        let past: Vec<String> = years.iter().map(|&y| past_cell(unit, y)).collect();
        for (c, text) in past.iter().enumerate() {
            cells.text(ws, COLUMNS.len() as ColNum + c as ColNum, text, &f.text)?;
        }
        cells.finish(ws)?;
        sheet::fit_row(
            ws,
            row,
            &[
                (&unit.name, COLUMNS[1].1),
                (award, COLUMNS[8].1),
                (&remark, COLUMNS[9].1),
            ],
        )?;
        let past_fit: Vec<(&str, f64)> = past.iter().map(|t| (t.as_str(), PAST_WIDTH)).collect();
        sheet::fit_row(ws, row, &past_fit)?;
        row += 1;
    }

    let width: f64 = widths.iter().sum();
    let mut explanation = String::from(
        "Tổng điểm là điểm khối chấm nếu khối đã chấm, nếu không là điểm tự chấm \
         (đã cộng điểm thưởng và trừ điểm trừ). Các đơn vị bằng điểm được xếp cùng hạng.",
    );
    if report.bloc.period == Period::HalfYear {
        explanation.push_str(" Kỳ sơ kết 6 tháng không xét đề nghị khen thưởng.");
    }
    sheet::line(ws, row + 1, last_col, width, &explanation, &f.line_italic)?;
    sheet::signatures(ws, cx, row + 3, &widths)?;

    sheet::set_up_page(ws, &Page::table(true, header))
}

/// The past years that get a column: the latest [`PAST_YEARS`] any unit
/// has, oldest first; none without history.
fn past_years(report: &Report) -> Vec<i32> {
    report.past_columns(PAST_YEARS)
}

/// A unit's cell for a past year: "Hạng 2 — Cờ thi đua …", "Hạng 5",
/// "Chưa xếp hạng"; empty when that year's report did not have the unit.
fn past_cell(unit: &UnitResult, year: i32) -> String {
    unit.detail
        .history
        .iter()
        .flatten()
        .find(|p: &&PastYear| p.year == year)
        .map(PastYear::label)
        .unwrap_or_default()
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
