//! Legacy Vietnamese encodings in a workbook (chuyển mã chữ Việt cũ): every
//! text cell of every sheet is decided column by column — font as the prior,
//! the text as the evidence, the column's majority for short cells, the
//! sheet's for a column whose text decides nothing — and converted to
//! Unicode before anything else reads it.
//!
//! Depends on `read` grids and the pure `text` functions.

use crate::issue::a1;
use crate::read::{Cell, Sheet, Value, Workbook};
use crate::text::{self, Encoding, FontClass};
use std::collections::BTreeMap;

/// What was converted on one sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SheetReport {
    /// Converted cells per encoding, and how each was decided (basis label → count).
    pub converted: BTreeMap<&'static str, (usize, BTreeMap<&'static str, usize>)>,
    /// Cells whose evidence conflicts (A1).
    pub uncertain: Vec<String>,
}

impl SheetReport {
    /// The encoding most cells were converted from, if any.
    pub fn main_encoding(&self) -> Option<&'static str> {
        self.converted
            .iter()
            .max_by_key(|(_, (n, _))| *n)
            .map(|(e, _)| *e)
    }

    pub fn converted_cells(&self) -> usize {
        self.converted.values().map(|(n, _)| n).sum()
    }
}

/// One piece of text to decide: a whole cell, or one run of a rich-text cell.
struct Piece {
    row: u32,
    col: u32,
    run: Option<usize>,
    surface: String,
    font: FontClass,
}

/// Convert every text cell of the workbook to Unicode; one report per sheet.
pub fn convert(workbook: &Workbook) -> (Workbook, Vec<SheetReport>) {
    let mut out = workbook.clone();
    let reports = out.sheets.iter_mut().map(convert_sheet).collect();
    (out, reports)
}

fn font_of(font: &Option<String>) -> FontClass {
    font.as_deref()
        .map(text::font_class)
        .unwrap_or(FontClass::Other)
}

fn convert_sheet(sheet: &mut Sheet) -> SheetReport {
    let mut by_column: BTreeMap<u32, Vec<Piece>> = BTreeMap::new();
    let (end_row, end_col) = sheet.end();
    for r in sheet.origin.0..end_row {
        for c in sheet.origin.1..end_col {
            let cell = sheet.get(r, c);
            let Value::Text(t) = &cell.value else {
                continue;
            };
            match &cell.runs {
                Some(runs) => {
                    for (k, run) in runs.iter().enumerate() {
                        let font = run.font.as_ref().or(cell.font.as_ref()).cloned();
                        by_column.entry(c).or_default().push(Piece {
                            row: r,
                            col: c,
                            run: Some(k),
                            surface: run.text.clone(),
                            font: font_of(&font),
                        });
                    }
                }
                None => by_column.entry(c).or_default().push(Piece {
                    row: r,
                    col: c,
                    run: None,
                    surface: t.clone(),
                    font: font_of(&cell.font),
                }),
            }
        }
    }
    let mut report = SheetReport::default();
    // The sheet as a whole votes first: a column whose text decides nothing
    // (a header alone in its column) follows it.
    let all: Vec<(&str, FontClass)> = by_column
        .values()
        .flatten()
        .map(|p| (p.surface.as_str(), p.font))
        .collect();
    let sheet_votes = text::Votes::of(&all);
    // Converted text per cell: (run index, text) pieces in order.
    type Pieces = Vec<(Option<usize>, String)>;
    let mut new_text: BTreeMap<(u32, u32), Pieces> = BTreeMap::new();
    for pieces in by_column.values() {
        let input: Vec<(&str, FontClass)> = pieces
            .iter()
            .map(|p| (p.surface.as_str(), p.font))
            .collect();
        let decision = text::decide_within(&input, Some(&sheet_votes));
        for (p, choice) in pieces.iter().zip(&decision.cells) {
            let mut converted = choice.apply(&p.surface);
            if p.run.is_some() {
                // Conversion trims each piece; a run keeps the spaces at its
                // edges so that the joined cell text keeps its words apart.
                converted = keep_edges(&p.surface, converted);
            }
            if choice.encoding != Encoding::Unicode {
                let entry = report
                    .converted
                    .entry(choice.encoding.as_str())
                    .or_default();
                entry.0 += 1;
                *entry.1.entry(choice.basis.label()).or_default() += 1;
            }
            if choice.uncertain {
                let cell = a1(p.row, p.col);
                if report.uncertain.last() != Some(&cell) {
                    report.uncertain.push(cell);
                }
            }
            new_text
                .entry((p.row, p.col))
                .or_default()
                .push((p.run, converted));
        }
    }
    for ((r, c), parts) in new_text {
        let Some(cell) = cell_mut(sheet, r, c) else {
            continue;
        };
        let joined: String = parts.iter().map(|(_, t)| t.as_str()).collect();
        if let Some(runs) = &mut cell.runs {
            for (k, t) in parts {
                if let Some(run) = k.and_then(|k| runs.get_mut(k)) {
                    run.text = t;
                }
            }
        }
        cell.value = Value::Text(joined);
    }
    report
}

/// `converted` with the whitespace that `surface` had at its start and end.
fn keep_edges(surface: &str, converted: String) -> String {
    let lead = surface.len() - surface.trim_start().len();
    let trail = surface.len() - surface.trim_end().len();
    if surface.trim().is_empty() {
        return surface.to_string();
    }
    format!(
        "{}{converted}{}",
        &surface[..lead],
        &surface[surface.len() - trail..]
    )
}

fn cell_mut(sheet: &mut Sheet, row: u32, col: u32) -> Option<&mut Cell> {
    let (r0, c0) = sheet.origin;
    if row < r0 || col < c0 || row - r0 >= sheet.height || col - c0 >= sheet.width {
        return None;
    }
    let idx = (row - r0) as usize * sheet.width as usize + (col - c0) as usize;
    sheet.cells.get_mut(idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::encode;

    fn tcvn3(text: &str, font: Option<&str>) -> Cell {
        Cell::with_font(
            Value::Text(encode(text, Encoding::Tcvn3).expect("encodable")),
            font.map(str::to_string),
        )
    }

    /// A sheet typed in TCVN3 whose "Ghi chú" header stands alone in its
    /// column ("Ghi chó" also reads as Unicode).
    fn sheet(font: Option<&str>) -> Sheet {
        let mut rows = vec![vec![
            tcvn3("STT", font),
            tcvn3("Nội dung tiêu chí", font),
            tcvn3("Điểm tự chấm", font),
            tcvn3("Ghi chú", font),
        ]];
        for title in [
            "Hoàn thành các chỉ tiêu được giao",
            "Thực hiện cải cách hành chính",
            "Công tác thi đua, khen thưởng",
            "Xây dựng tổ chức đảng trong sạch",
        ] {
            rows.push(vec![
                Cell::number(1.0),
                tcvn3(title, font),
                Cell::number(5.0),
                Cell::default(),
            ]);
        }
        Sheet::from_rows("Sheet1", rows)
    }

    #[test]
    fn a_lone_header_cell_follows_a_sheet_clearly_in_tcvn3() {
        for font in [Some(".VnTime"), None] {
            let mut s = sheet(font);
            let report = convert_sheet(&mut s);
            assert_eq!(report.uncertain, Vec::<String>::new(), "font {font:?}");
            assert_eq!(
                s.get(0, 3).value,
                Value::Text("Ghi chú".into()),
                "font {font:?}"
            );
            assert_eq!(
                s.get(1, 1).value,
                Value::Text("Hoàn thành các chỉ tiêu được giao".into())
            );
        }
    }

    #[test]
    fn unicode_in_a_unicode_sheet_is_never_converted() {
        let unicode = |t: &str| Cell::text(t);
        let mut s = Sheet::from_rows(
            "Sheet1",
            vec![
                vec![unicode("Nội dung tiêu chí"), unicode("Ghi chó")],
                vec![
                    unicode("Hoàn thành các chỉ tiêu được giao"),
                    Cell::default(),
                ],
                vec![unicode("Thực hiện cải cách hành chính"), Cell::default()],
            ],
        );
        let report = convert_sheet(&mut s);
        assert_eq!(report.converted_cells(), 0);
        assert_eq!(s.get(0, 1).value, Value::Text("Ghi chó".into()));
    }
}
