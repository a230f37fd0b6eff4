//! What every sheet of the consolidated workbook shares: the title block,
//! A4 page setup, and safe cell writing (scores as numbers, text clipped to
//! Excel's limits, merges that degrade to a single cell).
//!
//! Depends on `report`, `rules`, `score` and the workbook formats; must not
//! depend on `read`, `check` or `cli`.

use super::Frame;
use super::formats::{FONT, LINE_PT};
use crate::report::BlocInfo;
use crate::rules::Period;
use crate::score::Score;
use rust_xlsxwriter::{ColNum, Format, Formula, Note, RowNum, Worksheet, XlsxError};
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

impl Page {
    /// A page with no table header to repeat or freeze (a sheet that is
    /// only a message, or a guide).
    pub(super) fn plain(landscape: bool) -> Page {
        Page {
            landscape,
            header_rows: None,
            frozen_cols: 0,
        }
    }

    /// A page whose table header is the one row `header`, repeated on
    /// every printed page and frozen, no column frozen.
    pub(super) fn table(landscape: bool, header: RowNum) -> Page {
        Page {
            landscape,
            header_rows: Some((header, header)),
            frozen_cols: 0,
        }
    }
}

/// A4, Nghị định 30/2020 margins, fit to one page wide, page numbers at
/// the top centre (from the second page: see `pages`), header rows
/// repeated and frozen.
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
    ws.set_header(super::pages::PAGE_NUMBER);
    if let Some((first, last)) = page.header_rows {
        ws.set_repeat_rows(first, last)?;
        ws.set_freeze_panes(last + 1, page.frozen_cols)?;
    }
    Ok(())
}

/// The first row under the heading block: where every sheet's table (or
/// its one-line message) starts.
pub(super) const TABLE_TOP: RowNum = 7;

/// Set the widths of a sheet's table columns (in characters) and return
/// them, for [`heading`] and row-height estimates.
pub(super) fn columns(ws: &mut Worksheet, columns: &[(&str, f64)]) -> Result<Vec<f64>, XlsxError> {
    for (col, (_, w)) in columns.iter().enumerate() {
        ws.set_column_width(col as ColNum, *w)?;
    }
    Ok(columns.iter().map(|(_, w)| *w).collect())
}

/// The width of a table's columns together (characters), for a line across
/// them.
pub(super) fn total_width(columns: &[(&str, f64)]) -> f64 {
    columns.iter().map(|(_, w)| w).sum()
}

/// A table's header row: the column names at `row`, in the header format,
/// `height` points high.
pub(super) fn header_row(
    ws: &mut Worksheet,
    row: RowNum,
    columns: &[(&str, f64)],
    format: &Format,
    height: f64,
) -> Result<(), XlsxError> {
    for (col, (name, _)) in columns.iter().enumerate() {
        text(ws, row, col as ColNum, name, format)?;
    }
    ws.set_row_height(row, height)?;
    Ok(())
}

/// A sheet with nothing to list: `message` as one line across the table's
/// columns at `row` (under the heading), and the page set up without a
/// table header.
pub(super) fn only_line(
    ws: &mut Worksheet,
    row: RowNum,
    columns: &[(&str, f64)],
    message: &str,
    format: &Format,
    landscape: bool,
) -> Result<(), XlsxError> {
    let last_col = (columns.len().max(1) - 1) as ColNum;
    line(ws, row, last_col, total_width(columns), message, format)?;
    set_up_page(ws, &Page::plain(landscape))
}

/// Share of the page width given to the left half of the heading and
/// signature blocks (the issuing body; the preparer).
const LEFT_SHARE: f64 = 0.4;

/// The heading block of an administrative document (Nghị định 30/2020,
/// Phụ lục I) over columns of the given widths (characters), rows 0–6:
///
/// ```text
///  KHỐI THI ĐUA …            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
///                                 Độc lập - Tự do - Hạnh phúc
///                                 ‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾
///                            Quảng Ngãi, ngày …… tháng …… năm 2025
///
///                         TITLE (bold capitals)
///                          caption (italic)
/// ```
///
/// Returns [`TABLE_TOP`], the first free row.
pub(super) fn heading(
    ws: &mut Worksheet,
    cx: &Frame,
    title: &str,
    caption: &str,
    widths: &[f64],
) -> Result<RowNum, XlsxError> {
    heading_of(ws, cx, &cx.bloc.name, title, caption, widths)
}

/// The opening of a sheet of a report: the table's column widths set and
/// the bloc's [`heading`] over them, captioned with the bloc and period.
/// Returns the widths and [`TABLE_TOP`].
pub(super) fn table_heading(
    ws: &mut Worksheet,
    cx: &Frame,
    title: &str,
    table: &[(&str, f64)],
) -> Result<(Vec<f64>, RowNum), XlsxError> {
    let widths = columns(ws, table)?;
    let top = heading(ws, cx, title, &caption(cx.bloc), &widths)?;
    Ok((widths, top))
}

/// [`heading`] for a document issued by `issuer` (a unit's own sheet)
/// rather than by the bloc.
pub(super) fn heading_of(
    ws: &mut Worksheet,
    cx: &Frame,
    issuer: &str,
    title: &str,
    caption: &str,
    widths: &[f64],
) -> Result<RowNum, XlsxError> {
    heading_parts(
        ws,
        cx.formats,
        issuer,
        &place_and_date(cx),
        title,
        caption,
        widths,
    )
}

/// [`heading_of`] from its parts, for a document that is not a bloc's
/// (the province's): the issuer, the "place, date" line, the title and
/// the caption.
pub(super) fn heading_parts(
    ws: &mut Worksheet,
    f: &super::formats::Formats,
    issuer: &str,
    place_date: &str,
    title: &str,
    caption: &str,
    widths: &[f64],
) -> Result<RowNum, XlsxError> {
    let last_col = last_col_of(widths);
    let (split, left_width) = split(widths);
    let issuer = issuer.to_uppercase();
    // The heights before the cells: a low-memory sheet writes a row out
    // when the next one begins, and a height set after that is lost.
    // Bold 13 pt capitals are about 1.3 digit widths a character.
    let issuer_lines = (height_for(&issuer, left_width / 1.3) / LINE_PT).floor();
    let first_two = (issuer_lines * 19.0 + 4.0).max(40.0);
    for (row, height) in [
        (0, 19.0),
        (1, first_two - 19.0),
        (2, 21.0),
        (3, 10.0),
        (4, 24.0),
        (5, 20.0),
        (6, 10.0),
    ] {
        ws.set_row_height(row, height)?;
    }
    if split > 0 {
        ws.merge_range(0, 0, 1, split - 1, &clip(&issuer), &f.issuer)?;
    }
    let right = split.min(last_col);
    merge(
        ws,
        0,
        right,
        last_col,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.nation,
    )?;
    merge(
        ws,
        1,
        right,
        last_col,
        "Độc lập - Tự do - Hạnh phúc",
        &f.motto,
    )?;
    merge(ws, 2, right, last_col, place_date, &f.place_date)?;
    merge(ws, 4, 0, last_col, title, &f.title)?;
    merge(ws, 5, 0, last_col, caption, &f.caption)?;
    Ok(TABLE_TOP)
}

/// The signature block at the foot of a document, from `row`: the preparer
/// on the left, the head of the bloc on the right with the head unit's
/// name. Returns the first row after it (with room to sign).
pub(super) fn signatures(
    ws: &mut Worksheet,
    cx: &Frame,
    row: RowNum,
    widths: &[f64],
) -> Result<RowNum, XlsxError> {
    let head = cx
        .rules
        .head()
        .map(|u| u.name.to_uppercase())
        .unwrap_or_default();
    signatures_of(ws, cx, row, widths, "TRƯỞNG KHỐI", &head)
}

/// [`signatures`] with another signer on the right (`title`, and the
/// body's name in capitals, or "" for none).
pub(super) fn signatures_of(
    ws: &mut Worksheet,
    cx: &Frame,
    row: RowNum,
    widths: &[f64],
    title: &str,
    head: &str,
) -> Result<RowNum, XlsxError> {
    let signer = Signer {
        title,
        body: head,
        note: "(Ký, ghi rõ họ tên, đóng dấu)",
    };
    signature_block(ws, cx, row, widths, "NGƯỜI LẬP BIỂU", &signer)
}

/// Who signs on the right of a signature block: the title, the body's name
/// in capitals ("" for none) and the note under them.
pub(super) struct Signer<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub note: &'a str,
}

/// A signature block from `row`: `left` signs on the left ("(Ký, ghi rõ họ
/// tên)" under it), `right` on the right. Returns the first row after it
/// (with room to sign).
pub(super) fn signature_block(
    ws: &mut Worksheet,
    cx: &Frame,
    row: RowNum,
    widths: &[f64],
    left: &str,
    right: &Signer,
) -> Result<RowNum, XlsxError> {
    signature_parts(ws, cx.formats, row, widths, left, right)
}

/// [`signature_block`] with the formats alone, for a document that is not
/// a bloc's.
pub(super) fn signature_parts(
    ws: &mut Worksheet,
    f: &super::formats::Formats,
    row: RowNum,
    widths: &[f64],
    left: &str,
    right: &Signer,
) -> Result<RowNum, XlsxError> {
    let last_col = last_col_of(widths);
    let (split, _) = split(widths);
    let left_last = split.saturating_sub(1);
    let right_first = split.min(last_col);
    // The heights first (see `heading_parts`).
    let next = row + 1 + RowNum::from(!right.body.is_empty());
    for r in row..=next {
        ws.set_row_height(r, 20)?;
    }
    merge(ws, row, 0, left_last, left, &f.sign_title)?;
    merge(ws, row, right_first, last_col, right.title, &f.sign_title)?;
    merge(
        ws,
        row + 1,
        0,
        left_last,
        "(Ký, ghi rõ họ tên)",
        &f.sign_note,
    )?;
    if !right.body.is_empty() {
        merge(
            ws,
            row + 1,
            right_first,
            last_col,
            right.body,
            &f.sign_title,
        )?;
    }
    merge(ws, next, right_first, last_col, right.note, &f.sign_note)?;
    // Room for signatures and the seal.
    Ok(next + 5)
}

/// The period as titles write it: "NĂM 2025" or "SƠ KẾT 6 THÁNG ĐẦU NĂM
/// 2025".
pub(super) fn period_title(bloc: &BlocInfo) -> String {
    match bloc.period {
        Period::Annual => format!("NĂM {}", bloc.year),
        Period::HalfYear => format!("SƠ KẾT 6 THÁNG ĐẦU NĂM {}", bloc.year),
    }
}

/// The italic line under a title: "Kỳ chấm điểm: tổng kết năm 2025".
pub(super) fn caption(bloc: &BlocInfo) -> String {
    match bloc.period {
        Period::Annual => format!("Kỳ chấm điểm: tổng kết năm {}", bloc.year),
        Period::HalfYear => format!("Kỳ chấm điểm: sơ kết 6 tháng đầu năm {}", bloc.year),
    }
}

/// "Quảng Ngãi, ngày …… tháng …… năm 2025": the day and month left for the
/// officer to write in; the province from the rules, else a blank.
pub(super) fn place_and_date(cx: &Frame) -> String {
    let place = cx
        .rules
        .bloc
        .province
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or("……………");
    format!("{place}, ngày …… tháng …… năm {}", cx.bloc.year)
}

fn last_col_of(widths: &[f64]) -> ColNum {
    (widths.len().max(1) - 1) as ColNum
}

/// The first column of the right half of the heading and signature blocks
/// (the left half takes about [`LEFT_SHARE`] of the width; both halves get
/// at least one column), with the left half's width in characters.
fn split(widths: &[f64]) -> (ColNum, f64) {
    let total: f64 = widths.iter().sum();
    let mut left = 0.0;
    for (i, w) in widths.iter().enumerate() {
        if i > 0 && (left >= total * LEFT_SHARE || i + 1 == widths.len()) {
            return (i as ColNum, left);
        }
        left += w;
    }
    (widths.len() as ColNum, left)
}

/// A formula cell with its computed result stored, so that viewers that do
/// not recalculate show the same number as Excel and LibreOffice. `expr`
/// is written without the leading "=".
pub(super) fn formula(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    expr: &str,
    result: Score,
    format: &Format,
) -> Result<(), XlsxError> {
    let formula = Formula::new(format!("={expr}")).set_result(literal(result));
    ws.write_formula_with_format(row, col, formula, format)?;
    Ok(())
}

/// A score as a number in a formula ("12.5", "40").
pub(super) fn literal(value: Score) -> String {
    value.to_f64().to_string()
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

/// The cells of one table row, each written without a format and then
/// formatted a run at a time: every run of side-by-side cells sharing a
/// format (the same `&Format`) gets its style with one `set_range_format`.
///
/// rust_xlsxwriter finds a format's style record by hashing the whole
/// [`Format`] on every formatted write, some 3,500 instructions a cell;
/// here it hashes once a run. The workbook is the same: runs are formatted
/// in the order their cells were written, so formats are first met in the
/// same order and style records numbered alike; a blank cell at either end
/// of the row is written as a blank, as before, so the sheet's dimensions
/// are the same. Cells are given in writing order; [`Row::finish`] must
/// come before anything else on the sheet takes a format or another row
/// is written (low-memory sheets write a row out when the next begins).
pub(super) struct Row<'f> {
    row: RowNum,
    /// (column, format, blank) in writing order.
    cells: Vec<(ColNum, &'f Format, bool)>,
}

impl<'f> Row<'f> {
    pub(super) fn new(row: RowNum) -> Row<'f> {
        Row {
            row,
            cells: Vec::new(),
        }
    }

    /// [`text`]: empty text is a formatted blank cell.
    pub(super) fn text(
        &mut self,
        ws: &mut Worksheet,
        col: ColNum,
        value: &str,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        let value = clip(value);
        let blank = value.is_empty();
        if !blank {
            ws.write_string(self.row, col, value)?;
        }
        self.cells.push((col, format, blank));
        Ok(())
    }

    /// [`score`].
    pub(super) fn score(
        &mut self,
        ws: &mut Worksheet,
        col: ColNum,
        value: Option<Score>,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        self.number(ws, col, value.map(Score::to_f64), format)
    }

    /// [`count`].
    pub(super) fn count(
        &mut self,
        ws: &mut Worksheet,
        col: ColNum,
        value: Option<u64>,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        // Counts here are far below 2^53, so the conversion is exact.
        self.number(ws, col, value.map(|n| n as f64), format)
    }

    fn number(
        &mut self,
        ws: &mut Worksheet,
        col: ColNum,
        value: Option<f64>,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        if let Some(n) = value {
            ws.write_number(self.row, col, n)?;
        }
        self.cells.push((col, format, value.is_none()));
        Ok(())
    }

    /// A formatted blank cell.
    pub(super) fn blank(&mut self, col: ColNum, format: &'f Format) {
        self.cells.push((col, format, true));
    }

    /// [`formula`].
    pub(super) fn formula(
        &mut self,
        ws: &mut Worksheet,
        col: ColNum,
        expr: &str,
        result: Score,
        format: &'f Format,
    ) -> Result<(), XlsxError> {
        let formula = Formula::new(format!("={expr}")).set_result(literal(result));
        ws.write_formula(self.row, col, formula)?;
        self.cells.push((col, format, false));
        Ok(())
    }

    /// Format the row's cells, a run at a time.
    pub(super) fn finish(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let row = self.row;
        let (Some(first), Some(last)) = (
            self.cells.iter().map(|c| c.0).min(),
            self.cells.iter().map(|c| c.0).max(),
        ) else {
            return Ok(());
        };
        let mut rest = self.cells.as_slice();
        while let Some(&(start, format, _)) = rest.first() {
            let len = 1 + rest
                .windows(2)
                .take_while(|w| w[1].0 == w[0].0 + 1 && std::ptr::eq(w[1].1, format))
                .count();
            let (run, after) = rest.split_at(len);
            for &(col, _, blank) in run {
                if blank && (col == first || col == last) {
                    ws.write_blank(row, col, format)?;
                }
            }
            ws.set_range_format(row, start, row, run[len - 1].0, format)?;
            rest = after;
        }
        Ok(())
    }
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
    // A character's UTF-8 bytes are at least its UTF-16 units.
    if value.len() <= MAX_TEXT {
        return Cow::Borrowed(value);
    }
    let mut units = 0;
    for (i, c) in value.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT {
            return Cow::Owned(format!("{}…", &value[..i]));
        }
    }
    Cow::Borrowed(value)
}

/// Roman numerals for group rows (I, II, …).
pub(super) fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn roman_numerals() {
        assert_eq!(super::roman(1), "I");
        assert_eq!(super::roman(4), "IV");
        assert_eq!(super::roman(14), "XIV");
        assert_eq!(super::roman(1994), "MCMXCIV");
    }

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
