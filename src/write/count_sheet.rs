//! The secretary's count sheet (bảng kiểm phiếu): one workbook, one sheet
//! "Kiểm phiếu", where the counting committee types for each award the
//! ballots returned (số phiếu thu về), the invalid ones (số phiếu không hợp
//! lệ) and each candidate's votes (số phiếu đồng ý) after counting paper
//! ballots; the ballots issued (số phiếu phát ra) are printed from `[vote]`.
//! Candidates in rank order as on the ballot, A4 portrait, Nghị định 30
//! heading, the sheet protected with only the figure cells open.
//!
//! A workbook of its own, written beside the ballots: the ballot workbook
//! is copied to every voter, and a count sheet in each copy would be
//! printed with every ballot and could be typed into by a voter; the count
//! is the committee's paper, kept and handed in once.
//!
//! The hidden key column (as on the ballot) carries what the count
//! (`vote`, `thidua tally`) needs: "kiem-phieu:N/places" on each award's
//! first row, the keys of the typed figures' rows, each candidate's unit id.
//!
//! Depends on `vote` (the candidate lists and keys), `rules`, `report`;
//! must not depend on `read`, `check` or `cli`.

use super::ballots::{COLUMNS, LAST_COL, candidate, finish, input, nothing, vote_book};
use super::book::add;
use super::context::Frame;
use super::sheet::{self, Page};
use crate::report::Report;
use crate::rules::Rules;
use crate::vote::{COUNT_KEY, INVALID_KEY, ISSUED_KEY, KEY_COL, RETURNED_KEY, Slate, TICK_COL};
use rust_xlsxwriter::{Worksheet, XlsxError};

const TITLE: &str = "BẢNG KIỂM PHIẾU SUY TÔN";

/// The count workbook as bytes.
pub fn count_sheet_bytes(rules: &Rules, report: &Report) -> Result<Vec<u8>, super::WriteError> {
    let bloc = &report.bloc;
    let title = format!("Bảng kiểm phiếu suy tôn năm {} – {}", bloc.year, bloc.name);
    vote_book(rules, report, &title, |book, cx, lists| {
        if lists.iter().all(|s| s.candidates.is_empty()) {
            add(book, "Kiểm phiếu", |ws| nothing(ws, cx, TITLE))
        } else {
            add(book, "Kiểm phiếu", |ws| counts(ws, cx, lists))
        }
    })
}

/// Write the count workbook to `path`.
pub fn write_count_sheet(
    rules: &Rules,
    report: &Report,
    path: &std::path::Path,
) -> Result<(), super::WriteError> {
    let bytes = count_sheet_bytes(rules, report)?;
    std::fs::write(path, bytes).map_err(|e| super::WriteError::io(path, e))
}

fn counts(ws: &mut Worksheet, cx: &Frame, lists: &[Slate]) -> Result<(), XlsxError> {
    let f = cx.formats;
    let width = sheet::total_width(&COLUMNS);
    let mut columns = COLUMNS;
    columns[TICK_COL as usize].0 = "Số phiếu đồng ý";
    sheet::columns(ws, &columns)?;
    let widths: Vec<f64> = columns.iter().map(|c| c.1).collect();
    let caption = format!(
        "Kết quả kiểm phiếu đề nghị khen thưởng – {} {}",
        cx.bloc.period.label(),
        cx.bloc.year
    );
    let mut row = sheet::heading(ws, cx, TITLE, &caption, &widths)?;
    for text in [
        "Ban kiểm phiếu ghi vào các ô nền vàng (cột cuối) số phiếu thu về, số phiếu không hợp lệ và số phiếu đồng ý của từng đơn vị. Ghi 0 nếu không có phiếu; ô để trống không được tính là 0.",
        "Hình thức nào kiểm bằng bảng này thì không đưa phiếu bầu của từng người của hình thức đó vào kiểm phiếu nữa, để không tính một phiếu hai lần.",
    ] {
        sheet::line(ws, row, LAST_COL, width, text, &f.line_italic)?;
        row += 1;
    }
    let open = input(f);
    let issued = cx.rules.vote.members(cx.rules.units.len());
    for slate in lists {
        row += 1;
        let number = slate.award_index + 1;
        let title = format!(
            "{number}. {} ({} suất; mỗi phiếu chọn nhiều nhất {} đơn vị)",
            slate.award, slate.places, slate.ticks
        );
        sheet::line(ws, row, LAST_COL, width, &title, &f.line_bold)?;
        if slate.candidates.is_empty() {
            row += 1;
            let text = format!(
                "Không có đơn vị đủ điều kiện đề nghị tặng {}; không bỏ phiếu hình thức này.",
                slate.award
            );
            sheet::line(ws, row, LAST_COL, width, &text, &f.line_italic)?;
            continue;
        }
        ws.write_string(
            row,
            KEY_COL,
            format!("{COUNT_KEY}{number}/{}", slate.places),
        )?;
        for (label, key) in [
            ("Số phiếu phát ra", ISSUED_KEY),
            ("Số phiếu thu về", RETURNED_KEY),
            ("Số phiếu không hợp lệ", INVALID_KEY),
        ] {
            row += 1;
            sheet::merge(ws, row, 0, TICK_COL - 1, label, &f.text)?;
            if key == ISSUED_KEY {
                sheet::count(ws, row, TICK_COL, Some(issued as u64), &f.center)?;
            } else {
                ws.write_blank(row, TICK_COL, &open)?;
            }
            ws.write_string(row, KEY_COL, key)?;
        }
        row += 1;
        sheet::header_row(ws, row, &columns, &f.header, 30.0)?;
        for (i, c) in slate.candidates.iter().enumerate() {
            row += 1;
            candidate(ws, f, row, i, c)?;
            ws.write_blank(row, TICK_COL, &open)?;
        }
        row += 1;
    }
    // Signed by the counting committee, as a biên bản kiểm phiếu is: the
    // figures are theirs, the seal is not needed on them.
    let committee = sheet::Signer {
        title: "TRƯỞNG BAN KIỂM PHIẾU",
        body: "",
        note: "(Ký, ghi rõ họ tên)",
    };
    let row = sheet::signature_block(
        ws,
        cx,
        row + 1,
        &widths,
        "THÀNH VIÊN BAN KIỂM PHIẾU",
        &committee,
    )?;
    finish(ws, row, &Page::plain(false))
}
