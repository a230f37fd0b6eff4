//! What every sheet of the consolidated workbook shares: the title block,
//! A4 page setup, and safe cell writing (scores as numbers, text clipped to
//! Excel's limits, merges that degrade to a single cell).
//!
//! Depends on `report`, `rules`, `score` and the workbook formats; must not
//! depend on `read`, `check` or `cli`.

use super::formats::{FONT, Formats, LINE_PT};
use crate::report::Report;
use crate::score::Score;
use rust_xlsxwriter::{ColNum, Format, Note, RowNum, Worksheet, XlsxError};
use std::borrow::Cow;

/// Excel's paper size code for A4.
const A4: u8 = 9;
/// Longest text put in a cell, in UTF-16 units (Excel allows 32 767; notes
/// a little less).
const MAX_TEXT: usize = 32_000;

/// How a sheet is printed.
pub(super) struct Page {
    pub landscape: bool,
    /// Table header rows, repeated on every printed page; panes freeze below.
    pub header_rows: Option<(RowNum, RowNum)>,
    /// Columns frozen at the left (criteria in "Chi tiết").
    pub frozen_cols: ColNum,
}

/// A4, Nghị định 30/2020 margins, fit to one page wide, page numbers in the
/// footer, header rows repeated and frozen.
pub(super) fn set_up_page(ws: &mut Worksheet, page: &Page) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    if page.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    // Inches: left 30 mm, right 15 mm, top and bottom 20 mm.
    ws.set_margins(1.18, 0.59, 0.79, 0.79, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer(format!("&C&\"{FONT},Regular\"&11Trang &P/&N"));
    if let Some((first, last)) = page.header_rows {
        ws.set_repeat_rows(first, last)?;
        ws.set_freeze_panes(last + 1, page.frozen_cols)?;
    }
    Ok(())
}

/// Title, bloc name and period over columns `0..=last_col`, rows 0–2.
/// Returns the first free row (after one blank row).
pub(super) fn title_block(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report,
    title: &str,
    last_col: ColNum,
) -> Result<RowNum, XlsxError> {
    merge(ws, 0, 0, last_col, title, &f.title)?;
    ws.set_row_height(0, 24)?;
    merge(ws, 1, 0, last_col, &report.bloc.name, &f.subtitle)?;
    ws.set_row_height(1, 20)?;
    let period = format!("Kỳ chấm điểm: {}", report.bloc.period.label());
    merge(ws, 2, 0, last_col, &period, &f.caption)?;
    ws.set_row_height(2, 20)?;
    Ok(4)
}

/// Text across `first_col..=last_col` of one row; a plain cell when the
/// range is a single column (Excel refuses one-cell merges).
pub(super) fn merge(
    ws: &mut Worksheet,
    row: RowNum,
    first_col: ColNum,
    last_col: ColNum,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last_col > first_col {
        ws.merge_range(row, first_col, row, last_col, &clip(text), format)?;
    } else {
        ws.write_string_with_format(row, first_col, clip(text), format)?;
    }
    Ok(())
}

/// A wrapped line of text across `0..=last_col`, with a row height that
/// fits it (Excel does not grow merged rows by itself). `width` is the
/// merged width in characters.
pub(super) fn line(
    ws: &mut Worksheet,
    row: RowNum,
    last_col: ColNum,
    width: f64,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    merge(ws, row, 0, last_col, text, format)?;
    ws.set_row_height(row, height_for(text, width))?;
    Ok(())
}

/// Set a table row's height to fit the longest of its wrapped texts, given
/// as (text, column width in characters). Neither Excel nor LibreOffice
/// reliably grows rows of a generated file by itself.
pub(super) fn fit_row(
    ws: &mut Worksheet,
    row: RowNum,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let height = cells
        .iter()
        .map(|(text, width)| height_for(text, *width))
        .fold(height_for("", 1.0), f64::max);
    ws.set_row_height(row, height)?;
    Ok(())
}

/// Row height in points for `text` wrapped in `width` characters.
pub(super) fn height_for(text: &str, width: f64) -> f64 {
    // Times New Roman averages a little under one digit width per character,
    // but words do not break, and the cell has padding: count one character
    // per unit of width, less one.
    let per_line = (width - 1.0).max(1.0);
    let lines: f64 = text
        .split('\n')
        .map(|part| (part.chars().count() as f64 / per_line).ceil().max(1.0))
        .sum();
    lines.clamp(1.0, 40.0) * LINE_PT + 3.0
}

/// A text cell.
pub(super) fn text(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, clip(value), format)?;
    Ok(())
}

/// A score as a numeric cell, or a bordered blank cell when there is none.
pub(super) fn score(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: Option<Score>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(s) => ws.write_number_with_format(row, col, s.to_f64(), format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// A whole number (rank, STT, row count) as a numeric cell, or blank.
pub(super) fn count(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: Option<u64>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        // Counts here are far below 2^53, so the conversion is exact.
        Some(n) => ws.write_number_with_format(row, col, n as f64, format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// A cell note (ghi chú ô) sized to its text, in the workbook font.
pub(super) fn note(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    message: &str,
) -> Result<(), XlsxError> {
    let lines = height_for(message, 40.0) / LINE_PT;
    let height = (lines * 18.0 + 12.0).clamp(60.0, 600.0) as u32;
    let note = Note::new(clip(message))
        .add_author_prefix(false)
        .set_author("thidua")
        .set_font_name(FONT)
        .set_font_size(11)
        .set_width(320)
        .set_height(height);
    ws.insert_note(row, col, &note)?;
    Ok(())
}

/// Text no longer than Excel accepts in a cell; longer text is cut at a
/// character boundary and ends with "…".
pub(super) fn clip(value: &str) -> Cow<'_, str> {
    let mut units = 0;
    for (i, c) in value.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT {
            return Cow::Owned(format!("{}…", &value[..i]));
        }
    }
    Cow::Borrowed(value)
}

/// A unit's name from its id: the report's name, else the id itself.
pub(super) fn unit_name<'a>(report: &'a Report, id: &'a str) -> &'a str {
    report
        .units
        .iter()
        .find(|u| u.id == id)
        .map_or(id, |u| u.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text() {
        assert_eq!(clip("Sở Y tế"), "Sở Y tế");
        let long = "ệ".repeat(40_000);
        let cut = clip(&long);
        assert_eq!(cut.chars().count(), MAX_TEXT + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn heights_grow_with_text() {
        assert_eq!(height_for("ngắn", 50.0), LINE_PT + 3.0);
        assert!(height_for(&"chữ ".repeat(60), 50.0) > 3.0 * LINE_PT);
        assert!(height_for("a\nb", 50.0) > 2.0 * LINE_PT);
    }
}
