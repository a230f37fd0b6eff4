//! The "Chi tiết" sheet: the criteria tree down the side (STT indented by
//! depth, title, maximum) and each unit's self-score — and bloc-reviewed
//! score when the bloc reviewed any unit — across, ending with the
//! self-score total and the total used for ranking. Cells with an
//! error-level finding are filled and carry the finding as a cell note.
//!
//! Depends on `rules`, `report`, `issue` and `score`; must not depend on
//! `read`, `check` or `cli`.

use super::Context;
use super::sheet::{self, Page};
use crate::issue::{Code, Severity};
use crate::rules::Kind;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};
use std::collections::{BTreeMap, BTreeSet};

/// Widths (characters) of the criteria columns and of each score column.
const LABEL_WIDTH: f64 = 8.0;
const TITLE_WIDTH: f64 = 48.0;
const MAX_WIDTH: f64 = 9.0;
const SCORE_WIDTH: f64 = 11.0;
/// The first unit column.
const FIRST_UNIT_COL: ColNum = 3;

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let rules = cx.rules;
    let reviewed = report
        .units
        .iter()
        .any(|u| u.detail.reviewed || u.scores.values().any(|p| p.reviewed.is_some()));
    let per_unit: ColNum = if reviewed { 2 } else { 1 };
    let unit_col = |u: usize| FIRST_UNIT_COL as usize + u * per_unit as usize;
    let last_col = col(unit_col(report.units.len()))?
        .saturating_sub(1)
        .max(FIRST_UNIT_COL - 1);

    let title = format!("BẢNG ĐIỂM CHI TIẾT THEO TIÊU CHÍ NĂM {}", report.bloc.year);
    let top = sheet::title_block(ws, f, report, &title, last_col)?;
    let sub = top + 1;

    // Header: criteria columns over two rows, unit names over their score columns.
    for (c, (name, width)) in [
        ("STT", LABEL_WIDTH),
        ("Nội dung tiêu chí", TITLE_WIDTH),
        ("Điểm tối đa", MAX_WIDTH),
    ]
    .into_iter()
    .enumerate()
    {
        let c = c as ColNum;
        ws.set_column_width(c, width)?;
        ws.merge_range(top, c, sub, c, name, &f.header)?;
    }
    let mut name_height: f64 = 20.0;
    for (u, unit) in report.units.iter().enumerate() {
        let first = col(unit_col(u))?;
        let last = first + per_unit - 1;
        sheet::merge(ws, top, first, last, &unit.name, &f.header)?;
        name_height = name_height.max(sheet::height_for(
            &unit.name,
            SCORE_WIDTH * f64::from(per_unit) * 0.9,
        ));
        ws.set_column_width(first, SCORE_WIDTH)?;
        sheet::text(ws, sub, first, "Tự chấm", &f.header)?;
        if reviewed {
            ws.set_column_width(first + 1, SCORE_WIDTH)?;
            sheet::text(ws, sub, first + 1, "Khối chấm", &f.header)?;
        }
    }
    ws.set_row_height(top, name_height)?;
    ws.set_row_height(sub, 20)?;

    let errors = error_notes(cx);
    let barred = disqualified_by(cx);
    let mut row: RowNum = sub + 1;
    for (k, criterion) in rules.criteria.iter().enumerate() {
        let section = criterion.depth == 0;
        let (text, number) = if section {
            (&f.text_bold, &f.number_bold)
        } else {
            (&f.text, &f.number)
        };
        sheet::text(ws, row, 0, &criterion.label, f.label(criterion.depth))?;
        sheet::text(ws, row, 1, &criterion.title, text)?;
        sheet::score(ws, row, 2, criterion.max, number)?;
        sheet::fit_row(ws, row, &[(&criterion.title, TITLE_WIDTH)])?;
        for (u, unit) in report.units.iter().enumerate() {
            let first = col(unit_col(u))?;
            if criterion.kind == Kind::Disqualifier {
                let mark = if barred.contains(&(u, k)) { "Có" } else { "" };
                sheet::text(
                    ws,
                    row,
                    first,
                    mark,
                    if section { &f.center_bold } else { &f.center },
                )?;
                if reviewed {
                    ws.write_blank(row, first + 1, &f.center)?;
                }
                continue;
            }
            let pair = unit
                .scores
                .get(&criterion.code)
                .copied()
                .unwrap_or_default();
            match errors.get(&(u, k)) {
                Some(messages) => {
                    sheet::score(ws, row, first, pair.self_score, &f.number_error)?;
                    sheet::note(ws, row, first, &messages.join("\n"))?;
                }
                None => sheet::score(ws, row, first, pair.self_score, number)?,
            }
            if reviewed {
                sheet::score(ws, row, first + 1, pair.reviewed, number)?;
            }
        }
        row += 1;
    }

    // Totals: the self-score total, then the total used for ranking
    // (reviewed where the bloc reviewed), one value per unit.
    for (label, is_total) in [("Tổng điểm tự chấm", false), ("Tổng điểm", true)] {
        ws.write_blank(row, 0, &f.text_bold)?;
        sheet::text(ws, row, 1, label, &f.text_bold)?;
        ws.write_blank(row, 2, &f.number_bold)?;
        for (u, unit) in report.units.iter().enumerate() {
            let first = col(unit_col(u))?;
            if is_total {
                if reviewed {
                    ws.merge_range(row, first, row, first + 1, "", &f.number_bold)?;
                }
                sheet::score(ws, row, first, unit.total, &f.number_bold)?;
            } else {
                sheet::score(ws, row, first, unit.self_total, &f.number_bold)?;
                if reviewed {
                    ws.write_blank(row, first + 1, &f.number_bold)?;
                }
            }
        }
        row += 1;
    }

    if !errors.is_empty() {
        let explanation =
            "Ô nền đỏ là ô có lỗi; nội dung lỗi ở ghi chú của ô và ở trang \"Kiểm tra\".";
        let width =
            LABEL_WIDTH + TITLE_WIDTH + MAX_WIDTH + SCORE_WIDTH * (f64::from(last_col) - 2.0);
        sheet::line(ws, row + 1, last_col, width, explanation, &f.line_italic)?;
    }

    sheet::set_up_page(
        ws,
        &Page {
            landscape: true,
            header_rows: Some((top, sub)),
            frozen_cols: FIRST_UNIT_COL,
        },
    )
}

/// A column index within Excel's limit.
fn col(index: usize) -> Result<ColNum, XlsxError> {
    ColNum::try_from(index)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or(XlsxError::RowColumnLimitError)
}

/// Messages of error-level findings by (unit index, criterion index).
fn error_notes<'a>(cx: &Context<'a>) -> BTreeMap<(usize, usize), Vec<&'a str>> {
    let mut notes: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for issue in cx
        .report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
    {
        if let Some((u, k)) = position(cx, issue.unit.as_deref(), issue.criterion.as_deref()) {
            notes
                .entry((u, k))
                .or_default()
                .push(issue.message.as_str());
        }
    }
    notes
}

/// (unit index, criterion index) of disqualifier lines a unit falls under,
/// from its `disqualified` findings, with the lines' parent sections.
fn disqualified_by(cx: &Context) -> BTreeSet<(usize, usize)> {
    let mut marks = BTreeSet::new();
    for issue in cx
        .report
        .issues
        .iter()
        .filter(|i| i.code == Code::Disqualified)
    {
        let Some((u, mut k)) = position(cx, issue.unit.as_deref(), issue.criterion.as_deref())
        else {
            continue;
        };
        if !cx.report.units.get(u).is_some_and(|r| r.disqualified) {
            continue;
        }
        loop {
            marks.insert((u, k));
            match cx.rules.criteria.get(k).and_then(|c| c.parent) {
                Some(parent) => k = parent,
                None => break,
            }
        }
    }
    marks
}

fn position(cx: &Context, unit: Option<&str>, criterion: Option<&str>) -> Option<(usize, usize)> {
    let u = cx
        .report
        .units
        .iter()
        .position(|r| Some(r.id.as_str()) == unit)?;
    let k = cx.rules.criterion(criterion?)?;
    Some((u, k))
}
