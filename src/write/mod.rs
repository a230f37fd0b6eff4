//! Workbooks thidua writes (ghi bảng tính), all printed on A4 in Times New
//! Roman:
//! - the consolidated workbook (bảng tổng hợp kết quả chấm điểm thi đua):
//!   a [`Report`] as six sheets — "Tổng hợp", "Chi tiết", "Đề nghị khen
//!   thưởng", "Kiểm tra", "Ghi chú, minh chứng", "Nguồn" (this file and one
//!   file per sheet);
//! - the feedback workbooks for units (phiếu phản hồi, `feedback`);
//! - blank scoring templates (bảng tự chấm mẫu, `template`);
//! - a Unicode copy of a submitted workbook (`copy`).
//!
//! Depends on `rules`, `report`, `score`, `issue`, `text` and the `read`
//! grid types only; never on `check` or `cli`. The xlsx library is an implementation detail:
//! none of its types appear in this module's public API.
//!
//! Every sheet is laid out as an administrative document (Nghị định
//! 30/2020): the bloc and the Quốc hiệu / Tiêu ngữ heading, place and date,
//! title; "Tổng hợp" and "Đề nghị khen thưởng" end with the signatures.
//! Section subtotals and totals are formulas (over "Chi tiết") with their
//! results stored, so viewers that do not recalculate show the same numbers.
//!
//! The output is deterministic: the same report gives the same cells, and
//! the document's creation date is pinned to 1 January of the report year.

mod awards;
mod copy;
mod detail;
mod error;
mod feedback;
mod formats;
mod issues;
mod notes;
mod pages;
mod sheet;
mod sources;
mod summary;
mod template;

pub use copy::write_unicode_copy;
pub use error::WriteError;
pub use feedback::{Feedback, feedback_workbooks, feedback_zip, write_feedback};
pub use template::{template_bytes, template_name};

use crate::report::{BlocInfo, Report};
use crate::rules::{Period, Rules};
use formats::{DEFAULT_COL_PX, DEFAULT_ROW_PX, Formats};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Sheet names, in workbook order.
const SUMMARY: &str = "Tổng hợp";
const DETAIL: &str = "Chi tiết";
const AWARDS: &str = "Đề nghị khen thưởng";
const ISSUES: &str = "Kiểm tra";
const NOTES: &str = "Ghi chú, minh chứng";
const SOURCES: &str = "Nguồn";

/// What every document's heading and signature block read (khung văn
/// bản): the rules, the bloc and the formats. A blank template has only
/// this; a sheet of a report has a [`Context`].
struct Frame<'a> {
    rules: &'a Rules,
    bloc: &'a BlocInfo,
    formats: &'a Formats,
}

/// What each sheet writer of a report reads: the frame and the report
/// (`cx.rules`, `cx.formats` and `cx.bloc` reach the frame's).
struct Context<'a> {
    frame: Frame<'a>,
    report: &'a Report,
    /// Unit names by id ([`Report::unit_names`]), made when first asked.
    names: std::sync::OnceLock<std::collections::HashMap<&'a str, &'a str>>,
}

impl<'a> std::ops::Deref for Context<'a> {
    type Target = Frame<'a>;
    fn deref(&self) -> &Frame<'a> {
        &self.frame
    }
}

impl<'a> Context<'a> {
    fn new(rules: &'a Rules, report: &'a Report, formats: &'a Formats) -> Context<'a> {
        Context {
            frame: Frame {
                rules,
                bloc: &report.bloc,
                formats,
            },
            report,
            names: std::sync::OnceLock::new(),
        }
    }

    /// The name of unit `id`, or the id when the report does not know it.
    fn unit_name(&self, id: &'a str) -> &'a str {
        self.names
            .get_or_init(|| self.report.unit_names())
            .get(id)
            .copied()
            .unwrap_or(id)
    }
}

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

/// A new workbook in the house style (Times New Roman, default sizes),
/// with its document properties.
fn workbook(formats: &Formats, bloc: &BlocInfo, title: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // Quick: the worksheets are deflated again when the first page is
    // left unnumbered (`pages`), the other parts are small.
    workbook.set_zip_compression_level(1);
    workbook.set_default_format(&formats.default, DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    workbook.set_properties(&properties(bloc, title));
    Ok(workbook)
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
    let mut workbook = workbook(&formats, &report.bloc, &title)?;
    let cx = Context::new(rules, report, &formats);

    type Fill = fn(&mut Worksheet, &Context) -> Result<(), XlsxError>;
    // (name, writer, whether its rows go to a temporary file as they are
    // written: the sheets whose rows grow with units × criteria).
    let sheets: [(&str, Fill, bool); 6] = [
        (SUMMARY, summary::write, false),
        (DETAIL, detail::write, false),
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
    workbook.save_to_buffer()
}

fn add(
    workbook: &mut Workbook,
    name: &str,
    fill: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet();
    ws.set_name(name)?;
    fill(ws)
}

/// Title, subject and a creation date pinned to 1 January of the report
/// year, so that the same report gives the same document.
fn properties(bloc: &BlocInfo, title: &str) -> DocProperties {
    let subject = format!("{}, {} năm {}", bloc.name, bloc.period.label(), bloc.year);
    let created = u16::try_from(bloc.year)
        .ok()
        .and_then(|year| ExcelDateTime::from_ymd(year, 1, 1).ok())
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok());
    let properties = DocProperties::new()
        .set_title(title)
        .set_subject(subject)
        .set_author("thidua")
        .set_company(bloc.name.as_str())
        .set_category("Thi đua, khen thưởng")
        .set_keywords("thi đua, khen thưởng, chấm điểm, tổng hợp");
    match created {
        Some(date) => properties.set_creation_datetime(&date),
        None => properties,
    }
}
