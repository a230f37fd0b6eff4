//! The "Kiểm tra" sheet: every finding, grouped by unit (a row with the
//! unit's name, then its findings), with severity, code, position and the
//! Vietnamese message; an autofilter on the header.
//!
//! Depends on `report`, `rules` and `issue`; must not depend on `read`,
//! `check` or `cli`.

use super::Context;
use super::sheet::{self, Page};
use crate::issue::{Issue, Severity};
use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

const COLUMNS: [(&str, f64); 8] = [
    ("Mức độ", 11.0),
    ("Mã", 24.0),
    ("Đơn vị", 26.0),
    ("Tệp", 28.0),
    ("Trang tính", 14.0),
    ("Ô", 7.0),
    ("Tiêu chí", 24.0),
    ("Nội dung", 70.0),
];
const LAST_COL: ColNum = COLUMNS.len() as ColNum - 1;

/// The group of findings not tied to any unit.
const NO_UNIT: &str = "Chưa xác định được đơn vị";

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let (_, header) =
        sheet::table_heading(ws, cx, "KẾT QUẢ KIỂM TRA CÁC BẢNG TỰ CHẤM ĐIỂM", &COLUMNS)?;
    let width = sheet::total_width(&COLUMNS);

    if report.issues.is_empty() {
        return sheet::only_line(
            ws,
            header,
            &COLUMNS,
            "Không có lỗi hay cảnh báo nào.",
            &f.line,
            true,
        );
    }

    let counts = format!(
        "Có {} lỗi, {} cảnh báo, {} thông tin.",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    sheet::line(ws, header - 1, LAST_COL, width, &counts, &f.line_italic)?;

    sheet::header_row(ws, header, &COLUMNS, &f.header, 20.0)?;

    let mut row = header + 1;
    for (group, issues) in groups(cx) {
        let mut cells = sheet::Row::new(row);
        cells.text(ws, 0, group, &f.group_first)?;
        for col in 1..LAST_COL {
            cells.blank(col, &f.group_middle);
        }
        cells.blank(LAST_COL, &f.group_last);
        cells.finish(ws)?;
        row += 1;
        for issue in issues {
            let severity = match issue.severity {
                Severity::Error => &f.severity_error,
                Severity::Warning => &f.severity_warning,
                Severity::Info => &f.center,
            };
            let mut cells = sheet::Row::new(row);
            cells.text(ws, 0, issue.severity.label(), severity)?;
            cells.text(ws, 1, issue.code.as_str(), &f.text)?;
            let unit = issue.unit.as_deref().map_or("", |id| cx.unit_name(id));
            cells.text(ws, 2, unit, &f.text)?;
            cells.text(ws, 3, issue.file.as_deref().unwrap_or(""), &f.text)?;
            cells.text(ws, 4, issue.sheet.as_deref().unwrap_or(""), &f.text)?;
            cells.text(ws, 5, issue.cell.as_deref().unwrap_or(""), &f.center)?;
            let criterion = criterion(cx, issue);
            cells.text(ws, 6, &criterion, &f.text)?;
            cells.text(ws, 7, &issue.message, &f.text)?;
            cells.finish(ws)?;
            let file = issue.file.as_deref().unwrap_or("");
            let sheet_name = issue.sheet.as_deref().unwrap_or("");
            sheet::fit_row(
                ws,
                row,
                &[
                    (issue.code.as_str(), width_of(1)),
                    (unit, width_of(2)),
                    (file, width_of(3)),
                    (sheet_name, width_of(4)),
                    (&criterion, width_of(6)),
                    (&issue.message, width_of(7)),
                ],
            )?;
            row += 1;
        }
    }
    ws.autofilter(header, 0, row - 1, LAST_COL)?;

    sheet::set_up_page(ws, &Page::table(true, header))
}

fn width_of(col: usize) -> f64 {
    COLUMNS.get(col).map_or(10.0, |(_, w)| *w)
}

/// Findings by unit: units in rules order, then unit ids the rules do not
/// know, then findings without a unit. Report order within a group.
fn groups<'a>(cx: &Context<'a>) -> Vec<(&'a str, Vec<&'a Issue>)> {
    let report = cx.report;
    let mut by_unit = report.issues_by_unit();
    let mut ids: Vec<&str> = report.units.iter().map(|u| u.id.as_str()).collect();
    let mut known: std::collections::HashSet<&str> = ids.iter().copied().collect();
    for issue in &report.issues {
        if let Some(id) = issue.unit.as_deref()
            && known.insert(id)
        {
            ids.push(id);
        }
    }
    let mut out: Vec<(&str, Vec<&Issue>)> = ids
        .into_iter()
        .map(|id| (cx.unit_name(id), by_unit.remove(id).unwrap_or_default()))
        .filter(|(_, issues)| !issues.is_empty())
        .collect();
    let loose: Vec<&Issue> = report.issues.iter().filter(|i| i.unit.is_none()).collect();
    if !loose.is_empty() {
        out.push((NO_UNIT, loose));
    }
    out
}

/// "I.1. Title" for a criterion the rules know, else the code as given.
fn criterion(cx: &Context, issue: &Issue) -> String {
    let Some(code) = issue.criterion.as_deref() else {
        return String::new();
    };
    match cx
        .rules
        .criterion(code)
        .and_then(|k| cx.rules.criteria.get(k))
    {
        Some(c) => format!("{}. {}", c.code, c.title),
        None => code.to_string(),
    }
}
