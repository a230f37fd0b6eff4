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
use crate::score::Score;
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};
use std::collections::{BTreeMap, BTreeSet};

/// The sheet's name; the other sheets' formulas refer to its cells by it.
pub(super) const NAME: &str = "Chi tiết";

/// Widths (characters) of the criteria columns and of each score column.
/// Narrow score columns keep a bloc of 10–20 units readable when the sheet
/// is fitted to one A4 page wide.
const LABEL_WIDTH: f64 = 6.0;
const TITLE_WIDTH: f64 = 40.0;
const MAX_WIDTH: f64 = 7.0;
const SCORE_WIDTH: f64 = 8.0;
/// The first unit column.
const FIRST_UNIT_COL: ColNum = 3;
/// Score columns one landscape A4 page holds beside the criteria columns
/// at a still readable size (about 60 %; the sample bloc's 9 units with
/// their reviewed columns fit one page).
const SCORES_PER_PAGE: usize = 18;

/// Where "Chi tiết" puts things: the rows of the criteria and totals and
/// the columns of each unit. "Tổng hợp" refers to these cells in its
/// formulas, so both sheets build the same layout.
pub(super) struct Layout {
    /// Row of each criterion, rules order.
    pub rows: Vec<RowNum>,
    /// "Tổng điểm tự chấm" and "Tổng điểm".
    pub self_total_row: RowNum,
    pub total_row: RowNum,
    /// Columns of the units, rules order: (Tự chấm, Khối chấm).
    pub cols: Vec<(ColNum, Option<ColNum>)>,
    pub last_col: ColNum,
}

impl Layout {
    pub fn new(cx: &Context) -> Result<Layout, XlsxError> {
        let report = cx.report;
        let reviewed = report
            .units
            .iter()
            .any(|u| u.detail.reviewed || u.scores.values().any(|p| p.reviewed.is_some()));
        let per_unit: usize = if reviewed { 2 } else { 1 };
        let mut cols = Vec::with_capacity(report.units.len());
        for u in 0..report.units.len() {
            let first = col(FIRST_UNIT_COL as usize + u * per_unit)?;
            cols.push((first, reviewed.then_some(first + 1)));
        }
        let last_col = col(FIRST_UNIT_COL as usize + report.units.len() * per_unit)?
            .saturating_sub(1)
            .max(FIRST_UNIT_COL - 1);
        let top = sheet::TABLE_TOP;
        let sub = top + 1;
        let rows: Vec<RowNum> = (sub + 1..).take(cx.rules.criteria.len()).collect();
        let self_total_row = sub + 1 + rows.len() as RowNum;
        Ok(Layout {
            rows,
            self_total_row,
            total_row: self_total_row + 1,
            cols,
            last_col,
        })
    }

    /// Column widths (characters), for the heading block.
    fn widths(&self) -> Vec<f64> {
        let mut widths = vec![LABEL_WIDTH, TITLE_WIDTH, MAX_WIDTH];
        widths.resize(self.last_col as usize + 1, SCORE_WIDTH);
        widths
    }

    /// A reference to a cell of "Chi tiết", qualified with the sheet name
    /// when `other_sheet`.
    fn cell(&self, row: RowNum, col: ColNum, other_sheet: bool) -> String {
        let cell = crate::issue::a1(row, u32::from(col));
        if other_sheet {
            format!("'{NAME}'!{cell}")
        } else {
            cell
        }
    }

    /// What criterion `k` of unit `u` counts for in the self-score
    /// (`reviewed` false) or in the total used for ranking (`reviewed`
    /// true: the bloc's score where it gave one, else the unit's): a cell
    /// reference, clamped to 0..max for a leaf whose value as written is out
    /// of range, and its value.
    fn term(&self, cx: &Context, u: usize, k: usize, reviewed: bool, other: bool) -> Term {
        let c = &cx.rules.criteria[k];
        let pair = cx.report.units[u]
            .scores
            .get(&c.code)
            .copied()
            .unwrap_or_default();
        let (self_col, review_col) = self.cols[u];
        let row = self.rows[k];
        let (col, value) = match (reviewed, review_col, pair.reviewed) {
            (true, Some(rc), Some(v)) => (rc, Some(v)),
            _ => (self_col, pair.self_score),
        };
        let cell = self.cell(row, col, other);
        if !c.is_leaf() {
            return Term {
                expr: cell,
                value: value.unwrap_or_default(),
            };
        }
        let max = c.max.unwrap_or_default();
        let counted = value.map_or(Score::ZERO, |v| v.max(Score::ZERO).min(max));
        let expr = if value.is_none_or(|v| v == counted) {
            cell
        } else {
            format!("MIN({},MAX(0,{cell}))", sheet::literal(max))
        };
        Term {
            expr,
            value: counted,
        }
    }

    /// A parent criterion's score as the sum of its children's cells.
    fn parent_sum(&self, cx: &Context, u: usize, k: usize, reviewed: bool) -> Term {
        let c = &cx.rules.criteria[k];
        let children: Vec<usize> = c
            .children
            .iter()
            .copied()
            .filter(|&ch| cx.rules.criteria[ch].kind != Kind::Disqualifier)
            .collect();
        let terms: Vec<Term> = children
            .iter()
            .map(|&ch| self.term(cx, u, ch, reviewed, false))
            .collect();
        let value = terms.iter().fold(Score::ZERO, |acc, t| acc + t.value);
        let plain: Vec<String> = children
            .iter()
            .map(|&ch| {
                let (sc, rc) = self.cols[u];
                let pair = cx.report.units[u]
                    .scores
                    .get(&cx.rules.criteria[ch].code)
                    .copied()
                    .unwrap_or_default();
                let col = match (reviewed, rc, pair.reviewed) {
                    (true, Some(rc), Some(_)) => rc,
                    _ => sc,
                };
                self.cell(self.rows[ch], col, false)
            })
            .collect();
        let contiguous = children
            .windows(2)
            .all(|w| self.rows[w[1]] == self.rows[w[0]] + 1);
        let all_plain = terms.iter().zip(&plain).all(|(t, p)| &t.expr == p);
        let same_col = plain.iter().all(|p| {
            p.trim_end_matches(|ch: char| ch.is_ascii_digit())
                == plain[0].trim_end_matches(|ch: char| ch.is_ascii_digit())
        });
        let expr = if terms.is_empty() {
            "0".to_string()
        } else if all_plain && contiguous && same_col && terms.len() > 1 {
            format!("SUM({}:{})", plain[0], plain[plain.len() - 1])
        } else {
            let list: Vec<&str> = terms.iter().map(|t| t.expr.as_str()).collect();
            format!("SUM({})", list.join(","))
        };
        Term { expr, value }
    }

    /// A unit's grand total over the top-level sections: score sections
    /// added, bonus and deduction capped (as `check::tally` does).
    pub fn total(&self, cx: &Context, u: usize, reviewed: bool, other: bool) -> Term {
        let mut expr = String::new();
        let mut value = Score::ZERO;
        for k in cx.rules.sections() {
            let c = &cx.rules.criteria[k];
            let t = self.term(cx, u, k, reviewed, other);
            let cap = c.max.unwrap_or_default();
            match c.kind {
                Kind::Score => {
                    if !expr.is_empty() {
                        expr.push('+');
                    }
                    expr.push_str(&t.expr);
                    value += t.value;
                }
                Kind::Bonus => {
                    if !expr.is_empty() {
                        expr.push('+');
                    }
                    expr.push_str(&format!("MIN({},{})", sheet::literal(cap), t.expr));
                    value += t.value.min(cap);
                }
                Kind::Deduction => {
                    expr.push_str(&format!("-MIN({},{})", sheet::literal(cap), t.expr));
                    value = value - t.value.min(cap);
                }
                Kind::Disqualifier => {}
            }
        }
        if expr.is_empty() {
            expr.push('0');
        }
        Term { expr, value }
    }

    /// The capped bonus (`kind` Bonus) or deduction (Deduction) counted for
    /// a unit's total, referring to "Chi tiết" from another sheet.
    pub fn capped(&self, cx: &Context, u: usize, kind: Kind) -> Term {
        let mut parts: Vec<String> = Vec::new();
        let mut value = Score::ZERO;
        for k in cx.rules.sections() {
            let c = &cx.rules.criteria[k];
            if c.kind != kind {
                continue;
            }
            let t = self.term(cx, u, k, true, true);
            let cap = c.max.unwrap_or_default();
            parts.push(format!("MIN({},{})", sheet::literal(cap), t.expr));
            value += t.value.min(cap);
        }
        let expr = if parts.is_empty() {
            "0".to_string()
        } else {
            parts.join("+")
        };
        Term { expr, value }
    }

    /// A reference to a unit's self-score total or ranking total in
    /// "Chi tiết", from another sheet.
    pub fn total_ref(&self, u: usize, ranking: bool) -> String {
        let row = if ranking {
            self.total_row
        } else {
            self.self_total_row
        };
        self.cell(row, self.cols[u].0, true)
    }
}

/// A formula term and its value.
pub(super) struct Term {
    pub expr: String,
    pub value: Score,
}

/// A score that the sheet can show as a formula, as a cell of a row: the
/// formula when it gives the report's value, else the value itself (a
/// report whose numbers do not add up is shown as it is, never "corrected"
/// by a formula).
pub(super) fn computed<'f>(
    ws: &mut Worksheet,
    cells: &mut sheet::Row<'f>,
    col: ColNum,
    value: Option<Score>,
    term: Option<Term>,
    format: &'f Format,
) -> Result<(), XlsxError> {
    match (value, term) {
        (Some(v), Some(t)) if t.value == v => cells.formula(ws, col, &t.expr, v, format),
        (value, _) => cells.score(ws, col, value, format),
    }
}

pub(super) fn write(ws: &mut Worksheet, cx: &Context) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let rules = cx.rules;
    let layout = Layout::new(cx)?;
    let last_col = layout.last_col;

    let title = format!(
        "BẢNG ĐIỂM CHI TIẾT THEO TIÊU CHÍ {}",
        sheet::period_title(&report.bloc)
    );
    // The heading block sits over the first printed page's columns.
    let first_page = layout.widths();
    let first_page = &first_page[..first_page
        .len()
        .min(FIRST_UNIT_COL as usize + SCORES_PER_PAGE)];
    let top = sheet::heading(ws, cx, &title, &sheet::caption(&report.bloc), first_page)?;
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
    // Only the header format from here to the rows' end, met above: merges
    // among the deferred cells number no style differently.
    let (mut names, mut kinds) = (sheet::Row::new(top), sheet::Row::new(sub));
    for (u, unit) in report.units.iter().enumerate() {
        let (first, review) = layout.cols[u];
        let last = review.unwrap_or(first);
        if last > first {
            sheet::merge(ws, top, first, last, &unit.name, &f.header)?;
        } else {
            names.text(ws, first, &unit.name, &f.header)?;
        }
        name_height = name_height.max(sheet::height_for(
            &unit.name,
            SCORE_WIDTH * f64::from(last - first + 1) * 0.9,
        ));
        ws.set_column_width(first, SCORE_WIDTH)?;
        kinds.text(ws, first, "Tự chấm", &f.header)?;
        if let Some(rc) = review {
            ws.set_column_width(rc, SCORE_WIDTH)?;
            kinds.text(ws, rc, "Khối chấm", &f.header)?;
        }
    }
    names.finish(ws)?;
    kinds.finish(ws)?;
    ws.set_row_height(top, name_height)?;
    // "Khối chấm" wraps in a narrow column.
    let two_lines = layout.cols.iter().any(|(_, rc)| rc.is_some());
    ws.set_row_height(sub, if two_lines { 34 } else { 20 })?;

    let errors = error_notes(cx);
    let barred = disqualified_by(cx);
    for (k, criterion) in rules.criteria.iter().enumerate() {
        let row = layout.rows[k];
        let section = criterion.depth == 0;
        let (text, number) = if section {
            (&f.text_bold, &f.number_bold)
        } else {
            (&f.text, &f.number)
        };
        let mut cells = sheet::Row::new(row);
        cells.text(ws, 0, &criterion.label, f.label(criterion.depth))?;
        cells.text(ws, 1, &criterion.title, text)?;
        cells.score(ws, 2, criterion.max, number)?;
        sheet::fit_row(ws, row, &[(&criterion.title, TITLE_WIDTH)])?;
        for (u, unit) in report.units.iter().enumerate() {
            let (first, review) = layout.cols[u];
            if criterion.kind == Kind::Disqualifier {
                let mark = if barred.contains(&(u, k)) { "Có" } else { "" };
                let format = if section { &f.center_bold } else { &f.center };
                cells.text(ws, first, mark, format)?;
                if let Some(rc) = review {
                    cells.blank(rc, &f.center);
                }
                continue;
            }
            let pair = unit
                .scores
                .get(&criterion.code)
                .copied()
                .unwrap_or_default();
            let leaf = criterion.is_leaf();
            let self_format = if errors.contains_key(&(u, k)) {
                &f.number_error
            } else {
                number
            };
            let own = (!leaf).then(|| layout.parent_sum(cx, u, k, false));
            computed(ws, &mut cells, first, pair.self_score, own, self_format)?;
            if let Some(messages) = errors.get(&(u, k)) {
                sheet::note(ws, row, first, &messages.join("\n"))?;
            }
            if let Some(rc) = review {
                let bloc = (!leaf).then(|| layout.parent_sum(cx, u, k, true));
                computed(ws, &mut cells, rc, pair.reviewed, bloc, number)?;
            }
        }
        cells.finish(ws)?;
    }

    // Totals: the self-score total, then the total used for ranking
    // (reviewed where the bloc reviewed), one value per unit.
    for (row, label, ranking) in [
        (layout.self_total_row, "Tổng điểm tự chấm", false),
        (layout.total_row, "Tổng điểm", true),
    ] {
        ws.set_row_height(row, 21)?;
        ws.write_blank(row, 0, &f.text_bold)?;
        sheet::text(ws, row, 1, label, &f.text_bold)?;
        ws.write_blank(row, 2, &f.number_bold)?;
        // Every cell from here on has the format just met, so a merge
        // among the row's deferred cells numbers no style differently.
        let mut cells = sheet::Row::new(row);
        for (u, unit) in report.units.iter().enumerate() {
            let (first, review) = layout.cols[u];
            let value = if ranking { unit.total } else { unit.self_total };
            if let Some(rc) = review {
                if ranking {
                    ws.merge_range(row, first, row, rc, "", &f.number_bold)?;
                } else {
                    cells.blank(rc, &f.number_bold);
                }
            }
            let term = layout.total(cx, u, ranking, false);
            computed(ws, &mut cells, first, value, Some(term), &f.number_bold)?;
        }
        cells.finish(ws)?;
    }
    let mut row = layout.total_row + 1;

    if !errors.is_empty() {
        let explanation =
            "Ô nền đỏ là ô có lỗi; nội dung lỗi ở ghi chú của ô và ở trang \"Kiểm tra\".";
        let width: f64 = first_page.iter().sum();
        let line_last = (first_page.len() - 1) as ColNum;
        sheet::line(ws, row + 1, line_last, width, explanation, &f.line_italic)?;
        row += 2;
    }
    measured_figures(ws, cx, &layout, row + 1)?;

    sheet::set_up_page(
        ws,
        &Page {
            landscape: true,
            header_rows: Some((top, sub)),
            frozen_cols: FIRST_UNIT_COL,
        },
    )?;
    // A large bloc's columns would shrink to an unreadable size on one
    // page: beyond SCORES_PER_PAGE score columns, the sheet prints on
    // several pages across, each repeating the criteria columns.
    let scores = usize::from((last_col + 1).saturating_sub(FIRST_UNIT_COL));
    let across = scores.div_ceil(SCORES_PER_PAGE).max(1);
    if across > 1 {
        ws.set_print_fit_to_pages(u16::try_from(across).unwrap_or(u16::MAX), 0);
        ws.set_repeat_columns(0, FIRST_UNIT_COL - 1)?;
    }
    Ok(())
}

/// Below the table, for the criteria scored against the bloc: one row per
/// criterion with each unit's figure (số liệu) in its score column, and a
/// line saying how the scores were computed from them (the best or the
/// target, the maximum, the rounding). Nothing when the rules have none.
fn measured_figures(
    ws: &mut Worksheet,
    cx: &Context,
    layout: &Layout,
    top: RowNum,
) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    if report.measures.is_empty() {
        return Ok(());
    }
    let last = layout.last_col;
    let width: f64 = layout.widths().iter().sum();
    sheet::line(
        ws,
        top,
        last,
        width,
        "SỐ LIỆU CỦA CÁC TIÊU CHÍ TÍNH ĐIỂM THEO KẾT QUẢ CỦA CẢ KHỐI",
        &f.text_bold,
    )?;
    let mut row = top + 1;
    for c in &cx.rules.criteria {
        let Some(basis) = report.measures.get(&c.code) else {
            continue;
        };
        sheet::text(ws, row, 0, &c.code, &f.center)?;
        let title = match basis.unit.as_deref() {
            Some(u) => format!("Số liệu: {} ({u})", c.title),
            None => format!("Số liệu: {}", c.title),
        };
        sheet::text(ws, row, 1, &title, &f.text)?;
        sheet::score(ws, row, 2, Some(basis.max), &f.number)?;
        sheet::fit_row(ws, row, &[(&title, TITLE_WIDTH)])?;
        for (u, unit) in report.units.iter().enumerate() {
            let (first, review) = layout.cols[u];
            let figure = unit.scores.get(&c.code).and_then(|p| p.figure);
            sheet::score(ws, row, first, figure, &f.number)?;
            if let Some(rc) = review {
                ws.write_blank(row, rc, &f.number)?;
            }
        }
        row += 1;
        let how = format!("Cách tính {}: {}", c.code, basis.formula_vi());
        sheet::line(ws, row, last, width, &how, &f.line_italic)?;
        row += 1;
    }
    Ok(())
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
            notes.entry((u, k)).or_default().push(&*issue.message);
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
