//! The consolidated workbook (bảng tổng hợp kết quả chấm điểm thi đua): a
//! [`Report`] as six sheets — "Tổng hợp", "Chi tiết", "Đề nghị khen
//! thưởng", "Kiểm tra", "Ghi chú, minh chứng", "Nguồn" — each written by
//! its own room, filled on threads, then saved with the first page of
//! every sheet left unnumbered; and a seventh, very hidden sheet
//! ("thidua-report", never shown nor printed) holding the JSON report
//! exactly as `--json` writes it (báo cáo nhúng), in pieces a cell can
//! hold (`read::pieces`), so that a reader of the workbook (`thidua
//! province`, `--history`) re-guesses nothing.
//!
//! Depends on `report`, `rules` and the other rooms of `write`.

use super::book::workbook;
use super::formats::Formats;
use super::{Context, WriteError, awards, detail, issues, notes, pages, sources, summary};
use crate::report::Report;
use crate::rules::{Period, Rules};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::path::Path;

/// Sheet names, in workbook order.
const SUMMARY: &str = "Tổng hợp";
const AWARDS: &str = "Đề nghị khen thưởng";
const ISSUES: &str = "Kiểm tra";
const NOTES: &str = "Ghi chú, minh chứng";
const SOURCES: &str = "Nguồn";

/// Write the consolidated workbook for `report` to `path` (replacing it).
///
/// The workbook is built in memory first, so a failure never leaves a
/// half-written file behind.
pub fn write_consolidated(rules: &Rules, report: &Report, path: &Path) -> Result<(), WriteError> {
    let bytes = consolidated_bytes(rules, report)?;
    std::fs::write(path, bytes).map_err(|e| WriteError::io(path, e))
}

/// The consolidated workbook for `report` as the bytes of an .xlsx file
/// (for a download).
pub fn consolidated_bytes(rules: &Rules, report: &Report) -> Result<Vec<u8>, WriteError> {
    pages::first_page_unnumbered(build(rules, report).map_err(WriteError::build)?)
}

/// The workbook as the bytes of an .xlsx file.
fn build(rules: &Rules, report: &Report) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let title = match report.bloc.period {
        Period::Annual => format!(
            "Bảng tổng hợp kết quả chấm điểm thi đua năm {} – {}",
            report.bloc.year, report.bloc.name
        ),
        Period::HalfYear => format!(
            "Bảng tổng hợp kết quả chấm điểm thi đua sơ kết 6 tháng đầu năm {} – {}",
            report.bloc.year, report.bloc.name
        ),
    };
    let json = crate::vote::report_json(report, None)
        .map_err(|e| XlsxError::ParameterError(format!("JSON report: {e}")))?;
    let mut workbook = workbook(&formats, &report.bloc, &title)?;
    let cx = Context::new(rules, report, &formats);

    type Fill = fn(&mut Worksheet, &Context) -> Result<(), XlsxError>;
    // (name, writer, whether its rows go to a temporary file as they are
    // written: the sheets whose rows grow with units × criteria).
    let sheets: [(&str, Fill, bool); 6] = [
        (SUMMARY, summary::write, false),
        (detail::NAME, detail::write, false),
        (AWARDS, awards::write, false),
        (ISSUES, issues::write, true),
        (NOTES, notes::write, true),
        (SOURCES, sources::write, false),
    ];
    for (_, _, low_memory) in &sheets {
        if *low_memory {
            workbook.add_worksheet_with_low_memory()?;
        } else {
            workbook.add_worksheet();
        }
    }
    // The other sheets keep their strings and formats to themselves until
    // the workbook is saved, so they are filled at once, each on its own
    // thread; the sheets writing through a temporary file share the
    // workbook's tables as they go, so they are filled one after the other
    // on this thread, always in the same order (the same input gives the
    // same bytes).
    let filled: Vec<Result<(), XlsxError>> = std::thread::scope(|scope| {
        let cx = &cx;
        let mut running = Vec::new();
        let mut in_turn = Vec::new();
        for (ws, (name, fill, low_memory)) in workbook.worksheets_mut().iter_mut().zip(sheets) {
            if low_memory {
                in_turn.push((ws, name, fill));
            } else {
                running.push(scope.spawn(move || {
                    ws.set_name(name)?;
                    fill(ws, cx)
                }));
            }
        }
        let mut filled: Vec<Result<(), XlsxError>> = in_turn
            .into_iter()
            .map(|(ws, name, fill)| {
                ws.set_name(name)?;
                fill(ws, cx)
            })
            .collect();
        filled.extend(
            running
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        filled
    });
    for result in filled {
        result?;
    }
    embed(&mut workbook, &json)?;
    workbook.save_to_buffer()
}

/// The JSON report in the very hidden last sheet (`read::embedded_report`
/// reads it back): the marker, the number of pieces, the pieces.
fn embed(workbook: &mut rust_xlsxwriter::Workbook, json: &str) -> Result<(), XlsxError> {
    let pieces = crate::read::pieces(json);
    let ws = workbook.add_worksheet();
    ws.set_name(crate::read::REPORT_SHEET)?;
    ws.write_string(0, 0, crate::read::REPORT_MARKER)?;
    ws.write_number(1, 0, pieces.len() as f64)?;
    for (row, piece) in (2..).zip(pieces) {
        ws.write_string(row, 0, piece)?;
    }
    ws.set_very_hidden(true);
    Ok(())
}
