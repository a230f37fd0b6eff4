//! The "Đề nghị khen thưởng" sheet: the units proposed for each award
//! (STT | Tên tập thể | Hình thức khen thưởng | Tổng điểm | Xếp hạng),
//! grouped by award in the rules' order, then notes on ties at an award's
//! cut-off and on units that cannot be proposed. A half-year review has no
//! proposals and says so.
//!
//! Depends on `rules`, `report`, `issue` and `score`; must not depend on
//! `read`, `check` or `cli`.

use super::Context;
use super::sheet::{self, Page};
use crate::issue::Code;
use crate::report::UnitResult;
use crate::rules::Period;
use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

const COLUMNS: [(&str, f64); 5] = [
    ("STT", 6.0),
    ("Tên tập thể", 40.0),
    ("Hình thức khen thưởng", 34.0),
    ("Tổng điểm", 10.0),
    ("Xếp hạng", 9.0),
];
const LAST_COL: ColNum = COLUMNS.len() as ColNum - 1;

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let width = sheet::total_width(&COLUMNS);
    let title = format!(
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG {}",
        sheet::period_title(&report.bloc)
    );
    let (widths, header) = sheet::table_heading(ws, cx, &title, &COLUMNS)?;

    if report.bloc.period == Period::HalfYear {
        let text = "Kỳ sơ kết 6 tháng không xét đề nghị khen thưởng; danh sách đề nghị khen thưởng chỉ lập khi tổng kết năm.";
        return sheet::only_line(ws, header, &COLUMNS, text, &f.line, false);
    }

    sheet::header_row(ws, header, &COLUMNS, &f.header, 20.0)?;

    let ranked = report.ranked();
    let mut row = header + 1;
    for (g, award) in award_names(cx, &ranked).into_iter().enumerate() {
        sheet::text(ws, row, 0, &sheet::roman(g + 1), &f.group_center)?;
        sheet::merge(ws, row, 1, LAST_COL, award, &f.group)?;
        sheet::fit_row(ws, row, &[(award, width - COLUMNS[0].1)])?;
        row += 1;
        let units: Vec<&UnitResult> = ranked
            .iter()
            .copied()
            .filter(|u| u.award.as_deref() == Some(award))
            .collect();
        if units.is_empty() {
            ws.write_blank(row, 0, &f.center)?;
            sheet::merge(
                ws,
                row,
                1,
                LAST_COL,
                "Không có đơn vị được đề nghị.",
                &f.text,
            )?;
            row += 1;
        }
        for (i, unit) in units.into_iter().enumerate() {
            sheet::count(ws, row, 0, Some(i as u64 + 1), &f.center)?;
            sheet::text(ws, row, 1, &unit.name, &f.text)?;
            sheet::text(ws, row, 2, award, &f.text)?;
            sheet::score(ws, row, 3, unit.total, &f.number)?;
            sheet::count(ws, row, 4, unit.rank.map(u64::from), &f.center)?;
            sheet::fit_row(
                ws,
                row,
                &[(&unit.name, COLUMNS[1].1), (award, COLUMNS[2].1)],
            )?;
            row += 1;
        }
    }
    if row == header + 1 {
        sheet::merge(
            ws,
            row,
            0,
            LAST_COL,
            "Quy định của khối không có hình thức khen thưởng nào.",
            &f.text,
        )?;
        row += 1;
    }

    let notes = notes(cx, &ranked);
    if !notes.is_empty() {
        row += 1;
        sheet::text(ws, row, 0, "Ghi chú:", &f.line_bold)?;
        row += 1;
        for note in notes {
            sheet::line(ws, row, LAST_COL, width, &format!("- {note}"), &f.line)?;
            row += 1;
        }
    }
    sheet::signatures(ws, cx, row + 1, &widths)?;

    sheet::set_up_page(ws, &Page::table(false, header))
}

/// Awards in the rules' order, then any other award a unit holds (kept so
/// that no proposal is dropped).
fn award_names<'a>(cx: &Context<'a>, ranked: &[&'a UnitResult]) -> Vec<&'a str> {
    let mut names: Vec<&str> = cx.rules.awards.iter().map(|a| a.name.as_str()).collect();
    for unit in ranked {
        if let Some(award) = unit.award.as_deref()
            && !names.contains(&award)
        {
            names.push(award);
        }
    }
    names
}

/// Why units cannot be proposed, then ties at an award's cut-off.
fn notes(cx: &Context, ranked: &[&UnitResult]) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for unit in ranked {
        for note in &unit.detail.award_notes {
            notes.push(format!("{}: {}", unit.name, note));
        }
    }
    for issue in cx
        .report
        .issues
        .iter()
        .filter(|i| i.code == Code::TieAtAwardCutoff)
    {
        if !notes.iter().any(|n| **n == *issue.message) {
            notes.push(issue.message.to_string());
        }
    }
    notes
}
