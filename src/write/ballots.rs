//! The ballot workbook (phiếu bầu, phiếu suy tôn) for the year-end meeting:
//! one sheet per award ("Phiếu 1", "Phiếu 2" …) listing its candidates in
//! rank order with their totals, ties marked, and a tick column ("Đồng ý")
//! where the voter types x; instructions above the table; A4 portrait with
//! the Nghị định 30 heading and a print area over the visible columns.
//!
//! The sheet is protected without a password, only the tick cells open. A
//! hidden column after the print area carries what the count (`thidua
//! tally`, `vote::count`) needs to recognise the ballot: the award's number
//! and its places ("phieu-bau:3/3") on the header row and each candidate's unit id on its row.
//!
//! The secretary's count sheet (`count_sheet`) is written from the same
//! lists with this writer's pieces: the input cell's look, the candidate
//! row and the protected, A4 finish.
//!
//! Depends on `vote` (the candidate lists), `rules`, `report`; must not
//! depend on `read`, `check` or `cli`.

use super::book::{add, workbook};
use super::context::Frame;
use super::formats::Formats;
use super::sheet::{self, Page};
use crate::report::{BlocInfo, Report};
use crate::rules::{Period, Rules};
use crate::vote::{BALLOT_KEY, Candidate, KEY_COL, Slate, TICK_COL, slates};
use rust_xlsxwriter::{ColNum, Color, Format, RowNum, Workbook, Worksheet, XlsxError};

pub(super) const COLUMNS: [(&str, f64); 6] = [
    ("STT", 6.0),
    ("Tên đơn vị", 40.0),
    ("Tổng điểm", 10.0),
    ("Xếp hạng", 9.0),
    ("Ghi chú", 13.0),
    ("Đồng ý (x)", 10.0),
];
pub(super) const LAST_COL: ColNum = COLUMNS.len() as ColNum - 1;

/// Light yellow: the cells a voter fills (as in the blank templates).
const INPUT_FILL: u32 = 0xFFF8D6;

/// The ballot workbook as bytes.
pub fn ballots_bytes(rules: &Rules, report: &Report) -> Result<Vec<u8>, super::WriteError> {
    let bloc = &report.bloc;
    let title = format!("Phiếu bầu suy tôn năm {} – {}", bloc.year, bloc.name);
    vote_book(rules, report, &title, |book, cx, lists| {
        if lists.is_empty() {
            add(book, "Phiếu bầu", |ws| {
                nothing(ws, cx, "PHIẾU BẦU SUY TÔN")
            })?;
        }
        for (i, slate) in lists.iter().enumerate() {
            add(book, &format!("Phiếu {}", i + 1), |ws| {
                ballot(ws, cx, slate)
            })?;
        }
        Ok(())
    })
}

/// Write the ballot workbook to `path`.
pub fn write_ballots(
    rules: &Rules,
    report: &Report,
    path: &std::path::Path,
) -> Result<(), super::WriteError> {
    let bytes = ballots_bytes(rules, report)?;
    std::fs::write(path, bytes).map_err(|e| super::WriteError::io(path, e))
}

/// A workbook of the vote (the ballots, the count sheet) as bytes, titled
/// `title`: `sheets` adds its sheets given the frame and the awards'
/// candidate lists (none for a half-year review).
pub(super) fn vote_book(
    rules: &Rules,
    report: &Report,
    title: &str,
    sheets: impl FnOnce(&mut Workbook, &Frame, &[Slate]) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, super::WriteError> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let formats = Formats::new();
        let bloc: &BlocInfo = &report.bloc;
        let mut book = workbook(&formats, bloc, title)?;
        let cx = Frame {
            rules,
            bloc,
            formats: &formats,
        };
        let lists = if bloc.period == Period::Annual {
            slates(rules, report)
        } else {
            Vec::new()
        };
        sheets(&mut book, &cx, &lists)?;
        book.save_to_buffer()
    };
    let xlsx = build().map_err(super::WriteError::build)?;
    super::pages::first_page_unnumbered(xlsx)
}

/// A sheet titled `title` saying there is nothing to vote on.
pub(super) fn nothing(ws: &mut Worksheet, cx: &Frame, title: &str) -> Result<(), XlsxError> {
    let (_, top) = sheet::table_heading(ws, cx, title, &COLUMNS)?;
    let text = if cx.bloc.period == Period::HalfYear {
        "Kỳ sơ kết 6 tháng không xét đề nghị khen thưởng nên không bỏ phiếu suy tôn."
    } else {
        "Quy định của khối không có hình thức khen thưởng nào để bỏ phiếu."
    };
    sheet::only_line(ws, top, &COLUMNS, text, &cx.formats.line, false)
}

fn ballot(ws: &mut Worksheet, cx: &Frame, slate: &Slate) -> Result<(), XlsxError> {
    let f = cx.formats;
    let width = sheet::total_width(&COLUMNS);
    let caption = format!(
        "Đề nghị tặng {} – {} năm {}",
        slate.award,
        cx.bloc.period.label(),
        cx.bloc.year
    );
    sheet::columns(ws, &COLUMNS)?;
    let widths: Vec<f64> = COLUMNS.iter().map(|c| c.1).collect();
    let mut row = sheet::heading(ws, cx, "PHIẾU BẦU SUY TÔN", &caption, &widths)?;

    let tick = input(f);
    let mut lines = vec![
        format!(
            "Đánh dấu x vào cột \"Đồng ý (x)\" ở dòng đơn vị mà đồng chí đồng ý đề nghị tặng {}; chọn nhiều nhất {} đơn vị. Không đánh dấu là không đồng ý.",
            slate.award, slate.ticks
        ),
        format!(
            "Phiếu đánh dấu quá {} đơn vị, ghi thêm tên đơn vị ngoài danh sách hoặc ghi, đánh dấu ngoài cột \"Đồng ý (x)\" là phiếu không hợp lệ.",
            slate.ticks
        ),
    ];
    if slate.candidates.iter().any(|c| c.tied) {
        lines.push(format!(
            "Các đơn vị ghi \"Bằng điểm\" có cùng tổng điểm và thứ hạng tại ngưỡng chỉ tiêu ({} suất); kết quả bỏ phiếu quyết định đơn vị được đề nghị.",
            slate.places
        ));
    }
    if slate.candidates.is_empty() {
        lines = vec![format!(
            "Không có đơn vị đủ điều kiện đề nghị tặng {}; không bỏ phiếu hình thức này.",
            slate.award
        )];
    }
    for text in &lines {
        sheet::line(ws, row, LAST_COL, width, text, &f.line_italic)?;
        row += 1;
    }
    row += 1;

    let header = row;
    sheet::header_row(ws, header, &COLUMNS, &f.header, 30.0)?;
    ws.write_string(
        header,
        KEY_COL,
        format!("{BALLOT_KEY}{}/{}", slate.award_index + 1, slate.places),
    )?;
    row += 1;
    for (i, c) in slate.candidates.iter().enumerate() {
        candidate(ws, f, row, i, c)?;
        ws.write_blank(row, TICK_COL, &tick)?;
        row += 1;
    }
    row += 1;
    sheet::line(
        ws,
        row,
        LAST_COL,
        width,
        "Phiếu bầu kín, không ghi tên người bỏ phiếu.",
        &f.line_italic,
    )?;
    finish(ws, row, &Page::table(false, header))
}

/// The look of a cell someone fills (a tick, a figure): open on the
/// protected sheet, bold, centred, light yellow.
pub(super) fn input(f: &Formats) -> Format {
    f.center
        .clone()
        .set_unlocked()
        .set_bold()
        .set_background_color(Color::RGB(INPUT_FILL))
}

/// Candidate `i`'s row at `row`: STT, name, total, rank, "Bằng điểm" for a
/// tie, and its unit id in the hidden key column.
pub(super) fn candidate(
    ws: &mut Worksheet,
    f: &Formats,
    row: RowNum,
    i: usize,
    c: &Candidate,
) -> Result<(), XlsxError> {
    sheet::count(ws, row, 0, Some(i as u64 + 1), &f.center)?;
    sheet::text(ws, row, 1, &c.name, &f.text)?;
    sheet::score(ws, row, 2, c.total, &f.number)?;
    sheet::count(ws, row, 3, c.rank.map(u64::from), &f.center)?;
    sheet::text(ws, row, 4, if c.tied { "Bằng điểm" } else { "" }, &f.center)?;
    ws.write_string(row, KEY_COL, &c.unit)?;
    sheet::fit_row(ws, row, &[(&c.name, COLUMNS[1].1)])
}

/// The sheet's end: the key column hidden and locked, the print area over
/// the visible columns down to `last_row`, the sheet protected (no
/// password), A4.
pub(super) fn finish(ws: &mut Worksheet, last_row: RowNum, page: &Page) -> Result<(), XlsxError> {
    ws.set_column_hidden(KEY_COL)?;
    ws.set_print_area(0, 0, last_row, LAST_COL)?;
    let mut locked = Format::new();
    locked = locked.set_locked();
    ws.set_column_format(KEY_COL, &locked)?;
    ws.protect();
    sheet::set_up_page(ws, page)
}

// The tick column is the last printed column; the key column is outside
// the print area.
const _: () = assert!(TICK_COL == LAST_COL && KEY_COL > LAST_COL);
