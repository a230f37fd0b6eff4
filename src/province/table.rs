//! A bloc's results table on a sheet (bảng kết quả của khối): the header
//! row found by its labels — Tên đơn vị, Tổng điểm, Xếp hạng, Hình thức đề
//! nghị khen thưởng, Ghi chú, in any order and column, on one row or two
//! (a group label over them) — and the unit rows under it. Reads both a
//! hand-made bloc summary (bảng tổng hợp tự lập) and the visible "Tổng
//! hợp" of a thidua workbook. Labels are compared through `text::fold`.
//!
//! Part of `province`; depends on `read` (grid types), `score`, `text`;
//! never on `check` (a summary is no scoring sheet) or `write`.

use crate::read::{Sheet, Value};
use crate::score::Score;
use crate::text;

/// Header rows looked for in the first this many rows.
const HEADER_SEARCH: u32 = 40;

/// The columns of a results table (zero-based).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Columns {
    name: Option<u32>,
    total: Option<u32>,
    rank: Option<u32>,
    award: Option<u32>,
    remark: Option<u32>,
}

/// A unit's row as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Zero-based row.
    pub row: u32,
    pub name: String,
    pub total: Option<Score>,
    /// The total cell is a formula whose result was not saved (a program
    /// that does not calculate saved the file): its value is unknown.
    pub total_unknown: bool,
    pub rank: Option<u32>,
    pub award: Option<String>,
    /// The remark says the unit is not to be awarded ("không xét").
    pub disqualified: bool,
    /// A1 of the name, total, rank and award cells.
    pub name_cell: String,
    pub total_cell: Option<String>,
    pub rank_cell: Option<String>,
    pub award_cell: Option<String>,
}

/// A results table found on a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The first header row (zero-based).
    pub header: u32,
    pub rows: Vec<Row>,
}

/// What a header label is, by its folded words.
fn role(label: &str) -> Option<&'static str> {
    let f = text::fold(label);
    let f = f.trim();
    let starts = |p: &[&str]| p.iter().any(|x| f == *x || f.starts_with(&format!("{x} ")));
    if starts(&["ghi chu"]) {
        Some("remark")
    } else if starts(&[
        "ten don vi",
        "don vi",
        "ten tap the",
        "tap the",
        "ten co quan",
        "co quan",
        "ten co quan don vi",
    ]) {
        Some("name")
    } else if starts(&["tong diem", "tong so diem", "diem tong", "tong cong diem"]) {
        Some("total")
    } else if starts(&["xep hang", "thu hang", "hang", "xep thu"]) {
        Some("rank")
    } else if starts(&[
        "hinh thuc",
        "de nghi",
        "suy ton",
        "danh hieu de nghi",
        "khen thuong de nghi",
    ]) {
        Some("award")
    } else {
        None
    }
}

fn cell_text(sheet: &Sheet, row: u32, col: u32) -> Option<String> {
    match &sheet.get(row, col).value {
        Value::Text(t) if !t.trim().is_empty() => Some(text::clean(t)),
        _ => None,
    }
}

/// The columns a header made of `rows` gives (a lower row's label wins
/// over the one above it).
fn columns_of(sheet: &Sheet, rows: &[u32]) -> Columns {
    let mut cols = Columns::default();
    let (_, end_col) = sheet.end();
    for col in 0..end_col {
        let label = rows.iter().rev().find_map(|&r| cell_text(sheet, r, col));
        let Some(label) = label else { continue };
        let slot = match role(&label) {
            Some("name") => &mut cols.name,
            Some("total") => &mut cols.total,
            Some("rank") => &mut cols.rank,
            Some("award") => &mut cols.award,
            Some("remark") => &mut cols.remark,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(col);
        }
    }
    cols
}

fn usable(c: &Columns) -> bool {
    c.name.is_some() && c.award.is_some() && (c.total.is_some() || c.rank.is_some())
}

/// The results table of `sheet`, if it has one.
pub fn find(sheet: &Sheet) -> Option<Table> {
    let (end_row, _) = sheet.end();
    let last = end_row.min(HEADER_SEARCH);
    for r in 0..last {
        let one = columns_of(sheet, &[r]);
        let (cols, first_data) = if usable(&one) {
            (one, r + 1)
        } else if one == Columns::default() {
            continue;
        } else {
            let two = columns_of(sheet, &[r, r + 1]);
            if !usable(&two) {
                continue;
            }
            (two, r + 2)
        };
        let rows = rows(sheet, &cols, first_data);
        return Some(Table { header: r, rows });
    }
    None
}

/// A number in a cell: a numeric cell, or text typed as a number.
fn number(sheet: &Sheet, row: u32, col: u32) -> Option<Score> {
    match &sheet.get(row, col).value {
        Value::Number(n) => Score::from_f64(*n),
        Value::Text(t) => Score::parse(t),
        _ => None,
    }
}

fn rank_of(sheet: &Sheet, row: u32, col: u32) -> Option<u32> {
    let n = number(sheet, row, col)?;
    let m = n.milli();
    (m > 0 && m % 1000 == 0)
        .then(|| u32::try_from(m / 1000).ok())
        .flatten()
}

/// An award cell's text, or None for a blank, a dash or "không".
fn award_of(sheet: &Sheet, row: u32, col: u32) -> Option<String> {
    let t = cell_text(sheet, row, col)?;
    let f = text::fold(&t);
    let f = f.trim();
    (text::has_letters(&t) && !matches!(f, "khong" | "khong de nghi" | "x"))
        .then(|| t.trim().to_string())
}

/// The unit rows under the header: a name with letters and a total or a
/// rank (numbering rows, notes and signatures have neither).
fn rows(sheet: &Sheet, cols: &Columns, first: u32) -> Vec<Row> {
    let (end_row, _) = sheet.end();
    let Some(name_col) = cols.name else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in first..end_row {
        let Some(name) = cell_text(sheet, row, name_col) else {
            continue;
        };
        if !text::has_letters(&name) {
            continue;
        }
        let total = cols.total.and_then(|c| number(sheet, row, c));
        let total_unknown = cols
            .total
            .is_some_and(|c| matches!(sheet.get(row, c).value, Value::FormulaWithoutValue(_)));
        let rank = cols.rank.and_then(|c| rank_of(sheet, row, c));
        // A total line ("Tổng cộng", "Cộng"), not a unit ("Công ty …"):
        // compared with its tones, through the matching key.
        let key = text::key(&name);
        if key.starts_with(&text::key("Tổng cộng")) || key == text::key("Cộng") {
            continue;
        }
        let award = cols.award.and_then(|c| award_of(sheet, row, c));
        let has_number_cell =
            |c: Option<u32>| c.is_some_and(|c| matches!(sheet.get(row, c).value, Value::Number(_)));
        if total.is_none() && rank.is_none() && !total_unknown && !has_number_cell(cols.total) {
            // A unit without any figure is still a member when the table
            // says so by a remark or an award; notes and signatures are not.
            let remark = cols.remark.and_then(|c| cell_text(sheet, row, c));
            if remark.is_none() && award.is_none() {
                continue;
            }
        }
        let disqualified = cols
            .remark
            .and_then(|c| cell_text(sheet, row, c))
            .is_some_and(|r| text::fold(&r).contains("khong xet"));
        let a1 = |c: u32| crate::issue::a1(row, c);
        out.push(Row {
            row,
            name: name.trim().to_string(),
            total,
            total_unknown,
            rank,
            award,
            disqualified,
            name_cell: a1(name_col),
            total_cell: cols.total.map(a1),
            rank_cell: cols.rank.map(a1),
            award_cell: cols.award.map(a1),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Cell;

    fn t(s: &str) -> Cell {
        Cell::text(s)
    }
    fn n(x: f64) -> Cell {
        Cell::number(x)
    }
    fn e() -> Cell {
        Cell::default()
    }

    #[test]
    fn a_one_row_header_and_its_units() {
        let sheet = Sheet::from_rows(
            "TH",
            vec![
                vec![t("KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ")],
                vec![
                    t("STT"),
                    t("Tên đơn vị"),
                    t("Tổng điểm"),
                    t("Xếp hạng"),
                    t("Hình thức đề nghị khen thưởng"),
                    t("Ghi chú"),
                ],
                vec![t("(1)"), t("(2)"), t("(3)"), t("(4)"), t("(5)"), t("(6)")],
                vec![
                    n(1.0),
                    t("Sở Tài chính"),
                    n(98.5),
                    n(1.0),
                    t("Cờ thi đua của Chính phủ"),
                    e(),
                ],
                vec![
                    n(2.0),
                    t("Sở Xây dựng"),
                    t("95,25"),
                    n(2.0),
                    t("-"),
                    t("Không xét khen thưởng"),
                ],
                vec![
                    n(3.0),
                    t("Công ty Xổ số kiến thiết"),
                    n(90.0),
                    n(3.0),
                    e(),
                    e(),
                ],
                vec![e(), t("Tổng cộng"), n(283.75), e(), e(), e()],
                vec![e(), t("NGƯỜI LẬP BIỂU")],
            ],
        );
        let table = find(&sheet).unwrap();
        assert_eq!(table.header, 1);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[2].name, "Công ty Xổ số kiến thiết");
        let r = &table.rows[1];
        assert_eq!(r.name, "Sở Xây dựng");
        assert_eq!(r.total, Score::parse("95,25"));
        assert_eq!(r.rank, Some(2));
        assert_eq!(r.award, None);
        assert!(r.disqualified);
        assert_eq!(table.rows[0].award_cell.as_deref(), Some("E4"));
    }

    #[test]
    fn a_two_row_header_in_another_order() {
        let sheet = Sheet::from_rows(
            "TH",
            vec![
                vec![
                    e(),
                    t("Tên cơ quan, đơn vị"),
                    t("Kết quả"),
                    e(),
                    t("Đề nghị khen thưởng"),
                ],
                vec![e(), e(), t("Thứ hạng"), t("Tổng số điểm"), e()],
                vec![e(), t("Sở Y tế"), n(1.0), n(97.0), t("Bằng khen")],
            ],
        );
        let table = find(&sheet).unwrap();
        assert_eq!(table.rows.len(), 1);
        let r = &table.rows[0];
        assert_eq!((r.rank, r.total), (Some(1), Score::from_f64(97.0)));
        assert_eq!(r.award.as_deref(), Some("Bằng khen"));
        assert_eq!(r.award_cell.as_deref(), Some("E3"));
    }

    #[test]
    fn no_award_column_is_no_table() {
        let sheet = Sheet::from_rows(
            "TH",
            vec![vec![t("Tên đơn vị"), t("Tổng điểm"), t("Xếp hạng")]],
        );
        assert_eq!(find(&sheet), None);
    }
}
