//! The consolidated workbook (bảng tổng hợp kết quả chấm điểm thi đua):
//! renders a [`Report`] as an .xlsx file with five sheets — "Tổng hợp",
//! "Chi tiết", "Đề nghị khen thưởng", "Kiểm tra", "Nguồn" — printed on A4 in
//! Times New Roman — the feedback workbooks for units (phiếu phản hồi, in
//! `feedback`), and, in `copy`, a Unicode copy of a submitted workbook.
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
mod pages;
mod sheet;
mod sources;
mod summary;
mod template;

pub use copy::write_unicode_copy;
pub use error::WriteError;

use crate::report::Report;
use crate::rules::{Period, Rules, Unit};
use formats::{DEFAULT_COL_PX, DEFAULT_ROW_PX, Formats};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Sheet names, in workbook order.
const SUMMARY: &str = "Tổng hợp";
const DETAIL: &str = "Chi tiết";
const AWARDS: &str = "Đề nghị khen thưởng";
const ISSUES: &str = "Kiểm tra";
const SOURCES: &str = "Nguồn";

/// What each sheet writer reads.
struct Context<'a> {
    rules: &'a Rules,
    report: &'a Report,
    formats: &'a Formats,
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

/// A blank scoring template (bảng tự chấm mẫu) for `unit`, or for any unit
/// (the name left to type), as the bytes of an .xlsx file.
pub fn template_bytes(rules: &Rules, unit: Option<&Unit>) -> Result<Vec<u8>, WriteError> {
    pages::first_page_unnumbered(build_template(rules, unit).map_err(WriteError::build)?)
}

/// The template's file name: "Bảng tự chấm 2025 - SYT - Sở Y tế.xlsx", or
/// "Bảng tự chấm 2025 - mẫu chung.xlsx"; safe on Windows.
pub fn template_name(rules: &Rules, unit: Option<&Unit>) -> String {
    let who = match unit {
        Some(u) => format!("{} - {}", u.id, u.name),
        None => "mẫu chung".to_string(),
    };
    let name = format!("Bảng tự chấm {} - {who}", rules.bloc.year);
    format!("{}.xlsx", feedback::safe_file_stem(&name))
}

fn build_template(rules: &Rules, unit: Option<&Unit>) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_default_format(&formats.default, DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    let report = Report {
        bloc: crate::report::BlocInfo {
            name: rules.bloc.name.clone(),
            year: rules.bloc.year,
            period: rules.bloc.period,
        },
        units: Vec::new(),
        issues: Vec::new(),
        sources: Vec::new(),
        files: Vec::new(),
    };
    let who = unit.map_or_else(|| "mẫu chung".to_string(), |u| u.name.clone());
    let title = format!("Bảng tự chấm điểm thi đua năm {} – {who}", rules.bloc.year);
    workbook.set_properties(&properties(&report, &title));
    let cx = Context {
        rules,
        report: &report,
        formats: &formats,
    };
    add(&mut workbook, template::SHEET, |ws| {
        template::write(ws, &cx, unit)
    })?;
    add(&mut workbook, template::GUIDE, |ws| {
        template::guide(ws, &cx, unit)
    })?;
    workbook.save_to_buffer()
}

/// A feedback workbook (phiếu phản hồi) for one submitted file.
#[derive(Clone, Debug)]
pub struct Feedback {
    /// The submitted file, as named in the report.
    pub file: String,
    /// The phiếu's file name: Windows-safe, distinct within one run.
    pub name: String,
    /// The .xlsx file's bytes.
    pub bytes: Vec<u8>,
}

/// One phiếu phản hồi per file of the report (unreadable files included),
/// in report order.
pub fn feedback_workbooks(rules: &Rules, report: &Report) -> Result<Vec<Feedback>, WriteError> {
    let mut out: Vec<Feedback> = Vec::new();
    for (i, source) in report.sources.iter().enumerate() {
        let subject = feedback::Subject {
            source,
            scores: report.files.get(i).filter(|s| s.file == source.file),
        };
        let bytes = build_feedback(rules, report, &subject).map_err(WriteError::build)?;
        let bytes = pages::first_page_unnumbered(bytes)?;
        let name = distinct(&feedback::phieu_name(source), &out);
        out.push(Feedback {
            file: source.file.clone(),
            name,
            bytes,
        });
    }
    Ok(out)
}

/// Write the phiếu phản hồi of every file into `dir` (created if needed);
/// returns the paths written.
pub fn write_feedback(
    rules: &Rules,
    report: &Report,
    dir: &Path,
) -> Result<Vec<std::path::PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let mut written = Vec::new();
    for phieu in feedback_workbooks(rules, report)? {
        let path = dir.join(&phieu.name);
        std::fs::write(&path, &phieu.bytes).map_err(|e| WriteError::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Every phiếu phản hồi in one .zip archive (for a download), with file
/// dates pinned to 1 January of the report year like the workbooks'.
pub fn feedback_zip(rules: &Rules, report: &Report) -> Result<Vec<u8>, WriteError> {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    let year = u16::try_from(report.bloc.year)
        .unwrap_or(2000)
        .clamp(1980, 2107);
    let date = zip::DateTime::from_date_and_time(year, 1, 1, 0, 0, 0).unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(date);
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for phieu in feedback_workbooks(rules, report)? {
        archive
            .start_file(phieu.name.as_str(), options)
            .map_err(WriteError::archive)?;
        archive
            .write_all(&phieu.bytes)
            .map_err(WriteError::archive)?;
    }
    Ok(archive.finish().map_err(WriteError::archive)?.into_inner())
}

/// `name`, or "name (2).xlsx", "name (3).xlsx" … when a phiếu already has
/// it — compared as Windows compares file names (case and Unicode form
/// ignored).
fn distinct(name: &str, taken: &[Feedback]) -> String {
    let fold = |n: &str| crate::text::clean(n).to_lowercase();
    let stem = name.strip_suffix(".xlsx").unwrap_or(name);
    let mut candidate = name.to_string();
    let mut n = 2;
    while taken.iter().any(|t| fold(&t.name) == fold(&candidate)) {
        candidate = format!("{stem} ({n}).xlsx");
        n += 1;
    }
    candidate
}

fn build_feedback(
    rules: &Rules,
    report: &Report,
    subject: &feedback::Subject,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_default_format(&formats.default, DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    let title = format!(
        "Phiếu phản hồi kết quả kiểm tra bảng tự chấm điểm thi đua – {}",
        feedback::file_name(&subject.source.file)
    );
    workbook.set_properties(&properties(report, &title));
    let cx = Context {
        rules,
        report,
        formats: &formats,
    };
    add(&mut workbook, feedback::SHEET, |ws| {
        feedback::write(ws, &cx, subject)
    })?;
    workbook.save_to_buffer()
}

/// The workbook as the bytes of an .xlsx file.
fn build(rules: &Rules, report: &Report) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_default_format(&formats.default, DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
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
    workbook.set_properties(&properties(report, &title));
    let cx = Context {
        rules,
        report,
        formats: &formats,
    };

    add(&mut workbook, SUMMARY, |ws| summary::write(ws, &cx))?;
    add(&mut workbook, DETAIL, |ws| detail::write(ws, &cx))?;
    add(&mut workbook, AWARDS, |ws| awards::write(ws, &cx))?;
    add(&mut workbook, ISSUES, |ws| issues::write(ws, &cx))?;
    add(&mut workbook, SOURCES, |ws| sources::write(ws, &cx))?;
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
fn properties(report: &Report, title: &str) -> DocProperties {
    let bloc = &report.bloc;
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
