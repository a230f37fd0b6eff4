//! Legacy Vietnamese encodings in a workbook (chuyển mã chữ Việt cũ): every
//! text cell of every sheet is decided column by column — font as the prior,
//! the text as the evidence, the column's majority for short cells — and
//! converted to Unicode before anything else reads it.
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
    // Converted text per cell: (run index, text) pieces in order.
    type Pieces = Vec<(Option<usize>, String)>;
    let mut new_text: BTreeMap<(u32, u32), Pieces> = BTreeMap::new();
    for pieces in by_column.values() {
        let input: Vec<(&str, FontClass)> = pieces
            .iter()
            .map(|p| (p.surface.as_str(), p.font))
            .collect();
        let decision = text::decide(&input);
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
