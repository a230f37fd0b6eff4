//! The "Ghi chú, minh chứng" sheet: what each unit wrote beside its scores —
//! notes, evidence, explanations (ghi chú, minh chứng, tài liệu kiểm chứng,
//! giải trình) and any other column of its table — criterion by criterion,
//! with the file and cell, so that the bloc can review the scores against
//! them. Only the file used for each unit is listed.
//!
//! Depends on `report` and `rules`; must not depend on `read`, `check` or
//! `cli`.

use super::Context;
use super::sheet::{self, Page};
use crate::report::Status;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::path::Path;

const COLUMNS: [(&str, f64); 7] = [
    ("STT", 6.0),
    ("Đơn vị", 24.0),
    ("Tiêu chí", 9.0),
    ("Nội dung tiêu chí", 30.0),
    ("Cột", 16.0),
    ("Đơn vị ghi", 46.0),
    ("Tệp, ô", 24.0),
];

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let (_, header) = sheet::table_heading(ws, cx, "GHI CHÚ, MINH CHỨNG CỦA CÁC ĐƠN VỊ", &COLUMNS)?;
    // Every note of the files used, in rules order of units and criteria.
    let mut lines = Vec::new();
    // The first source of each file name, as a search in order finds it.
    let mut by_file = std::collections::HashMap::new();
    for source in &report.sources {
        by_file.entry(source.file.as_str()).or_insert(source);
    }
    for unit in report.units.iter().filter(|u| u.status == Status::Ok) {
        let Some(file) = unit.file.as_deref() else {
            continue;
        };
        let Some(source) = by_file.get(file) else {
            continue;
        };
        for (k, c) in cx.rules.criteria.iter().enumerate() {
            let Some(row) = source.rows.iter().find(|r| r.criterion == k) else {
                continue;
            };
            for note in &row.notes {
                lines.push((unit, c, note, file));
            }
        }
    }
    if lines.is_empty() {
        return sheet::only_line(
            ws,
            header,
            &COLUMNS,
            "Các bảng tự chấm được dùng không có ghi chú hay minh chứng nào ngoài điểm.",
            &f.line,
            true,
        );
    }
    sheet::header_row(ws, header, &COLUMNS, &f.header, 36.0)?;
    for (k, (row, (unit, c, note, file))) in (header + 1..).zip(&lines).enumerate() {
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
        let place = format!("{name}, ô {}", note.cell);
        let mut cells = sheet::Row::new(row);
        cells.count(ws, 0, Some(k as u64 + 1), &f.center)?;
        cells.text(ws, 1, &unit.name, &f.text)?;
        cells.text(ws, 2, &c.code, &f.center)?;
        cells.text(ws, 3, &c.title, &f.text)?;
        cells.text(ws, 4, &note.column, &f.text)?;
        cells.text(ws, 5, &note.text, &f.text)?;
        cells.text(ws, 6, &place, &f.text)?;
        cells.finish(ws)?;
        sheet::fit_row(
            ws,
            row,
            &[
                (&unit.name, COLUMNS[1].1),
                (&c.title, COLUMNS[3].1),
                (&note.column, COLUMNS[4].1),
                (&note.text, COLUMNS[5].1),
                (&place, COLUMNS[6].1),
            ],
        )?;
    }
    sheet::set_up_page(ws, &Page::table(true, header))
}
