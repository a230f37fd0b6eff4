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
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Sheet names, in workbook order.
const SUMMARY: &str = "Tổng hợp";
const AWARDS: &str = "Đề nghị khen thưởng";
const ISSUES: &str = "Kiểm tra";
const NOTES: &str = "Ghi chú, minh chứng";
const SOURCES: &str = "Nguồn";
/// Units (or files) from which "Tổng hợp" and "Nguồn" are written through
/// a temporary file too, as their rows are written, instead of held in
/// memory until the workbook is saved (the same cells, rows and heights).
const LARGE_BLOC: usize = 1_000;

/// Write the consolidated workbook for `report` to `path` (replacing it).
///
/// The package is saved to a temporary file beside `path`, rewritten into
/// a second one and moved over `path` at the end, so a failure never leaves
/// a half-written file behind, and neither copy of the package (tens of
/// megabytes for a large bloc) is held in memory.
pub fn write_consolidated(rules: &Rules, report: &Report, path: &Path) -> Result<(), WriteError> {
    let mut workbook = build(rules, report).map_err(WriteError::build)?;
    let io = |e| WriteError::io(path, e);
    let saved = TempFile::beside(path, "a").map_err(io)?;
    let file = saved.create().map_err(io)?;
    workbook
        .save_to_writer(BufWriter::new(file))
        .map_err(|e| match e {
            XlsxError::IoError(e) => WriteError::io(path, e),
            other => WriteError::build(other),
        })?;
    drop(workbook);
    let done = TempFile::beside(path, "b").map_err(io)?;
    let out = BufWriter::new(done.create().map_err(io)?);
    let out = pages::first_page_unnumbered_to(
        || {
            File::open(&saved.path)
                .map(BufReader::new)
                .map_err(|e| WriteError::io(path, e))
        },
        out,
    )?;
    out.into_inner()
        .map_err(|e| WriteError::io(path, e.into_error()))?;
    drop(saved);
    done.keep_as(path).map_err(io)
}

/// The consolidated workbook for `report` as the bytes of an .xlsx file
/// (for a download).
pub fn consolidated_bytes(rules: &Rules, report: &Report) -> Result<Vec<u8>, WriteError> {
    let bytes = build(rules, report)
        .and_then(|mut workbook| workbook.save_to_buffer())
        .map_err(WriteError::build)?;
    pages::first_page_unnumbered(bytes)
}

/// A file beside the output, removed when dropped unless kept.
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// A new name beside `path` (in the same folder, hidden), for step
    /// `step` of one write.
    fn beside(path: &Path, step: &str) -> std::io::Result<TempFile> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = path
            .file_name()
            .map_or_else(|| "thidua".into(), |n| n.to_string_lossy().into_owned());
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let temp = format!(".{name}.{}-{n}{step}.tmp", std::process::id());
        Ok(TempFile {
            path: path.with_file_name(temp),
        })
    }

    /// Create the file (never overwriting one).
    fn create(&self) -> std::io::Result<File> {
        File::options()
            .write(true)
            .read(true)
            .create_new(true)
            .open(&self.path)
    }

    /// Move the file to `path`, replacing what is there.
    fn keep_as(self, path: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Gone already when kept.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The workbook, filled, not yet saved.
fn build(rules: &Rules, report: &Report) -> Result<Workbook, XlsxError> {
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
    // A large bloc's ranking and sources (a row for each unit and file)
    // too.
    let large = report.units.len().max(report.sources.len()) >= LARGE_BLOC;
    let sheets: [(&str, Fill, bool); 6] = [
        (SUMMARY, summary::write, large),
        (detail::NAME, detail::write, false),
        (AWARDS, awards::write, false),
        (ISSUES, issues::write, true),
        (NOTES, notes::write, true),
        (SOURCES, sources::write, large),
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
    embed(&mut workbook, report)?;
    Ok(workbook)
}

/// The JSON report in the very hidden last sheet (`read::embedded_report`
/// reads it back): the marker, the number of pieces, the pieces.
fn embed(workbook: &mut rust_xlsxwriter::Workbook, report: &Report) -> Result<(), XlsxError> {
    let failed = |e: String| XlsxError::ParameterError(format!("JSON report: {e}"));
    let mut deflater = crate::read::Deflater::new();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut deflater);
    crate::vote::write_report_json(report, None, &mut out).map_err(|e| failed(e.to_string()))?;
    out.into_inner().map_err(|e| failed(e.to_string()))?;
    let pieces = deflater.pieces();
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
