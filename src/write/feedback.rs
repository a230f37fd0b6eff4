//! Feedback for units (phiếu phản hồi): one workbook per submitted file,
//! ready to send back — the scores as read with the cell each came from,
//! the totals computed, every finding about the file with what to do, and
//! the bloc's signature block.
//!
//! Depends on `report`, `rules`, `issue`, `score`; must not depend on
//! `read`, `check` or `cli`.

use super::formats::Formats;
use super::sheet::{self, Page};
use super::{Context, WriteError, add};
use crate::issue::{Code, Issue, Severity};
use crate::report::{ReadRow, Report, Source, Status, UnitResult};
use crate::rules::Kind;
use crate::rules::Rules;
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The sheet's name.
pub(super) const SHEET: &str = "Phiếu phản hồi";

/// The score table's columns; the findings table lays itself over them.
const COLUMNS: [(&str, f64); 8] = [
    ("Mã", 8.0),
    ("Tiêu chí", 42.0),
    ("Điểm chuẩn", 9.0),
    ("Tự chấm", 9.0),
    ("Ô", 7.0),
    ("Khối chấm", 9.0),
    ("Ô", 7.0),
    ("Được tính", 9.0),
];
const LAST_COL: ColNum = COLUMNS.len() as ColNum - 1;

/// Which file of the report a phiếu is about.
pub(super) struct Subject<'a> {
    pub source: &'a Source,
    /// The unit the file is of, where the report knows it.
    pub unit: Option<&'a UnitResult>,
    /// The findings on the file, in report order.
    pub issues: Vec<&'a Issue>,
}

/// What became of the file, for the status line.
fn status(subject: &Subject) -> String {
    let (source, unit, issues) = (subject.source, subject.unit, &subject.issues);
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let fix = if errors > 0 {
        format!(" Có {errors} lỗi cần sửa; đề nghị đơn vị sửa theo mục II và gửi lại bảng tự chấm.")
    } else {
        String::new()
    };
    if source.sha256.is_none() {
        return "Không đọc được tệp nên bảng tự chấm chưa được tổng hợp. Đề nghị đơn vị xem mục II và gửi lại tệp.".into();
    }
    let Some(unit) = unit else {
        return format!(
            "Chưa xác định được tệp này của đơn vị nào nên chưa được tổng hợp. Đề nghị ghi rõ dòng \"Đơn vị: …\" ở đầu bảng theo đúng tên đơn vị trong khối.{fix}"
        );
    };
    if source.rows_read == 0 {
        return format!(
            "Không tìm thấy bảng chấm điểm trong tệp nên bảng tự chấm chưa được tổng hợp.{fix}"
        );
    }
    match (unit.status, unit.file.as_deref()) {
        (Status::Ok, Some(file)) if file == source.file => {
            format!("Bảng tự chấm đã được dùng để tổng hợp.{fix}")
        }
        (Status::Ok, Some(file))
            if issues
                .iter()
                .any(|i| i.code == Code::DuplicateUnit && i.severity == Severity::Warning) =>
        {
            format!(
                "Đơn vị đã gửi bảng tự chấm khác, mới hơn (tệp \"{file}\"); bảng đó được dùng để tổng hợp, tệp này không được dùng."
            )
        }
        (Status::Ok, Some(file)) => format!(
            "Tệp này giống hệt tệp \"{file}\" đơn vị đã gửi; tệp \"{file}\" được dùng để tổng hợp.{fix}"
        ),
        (Status::Rejected, _) => format!(
            "Đơn vị gửi nhiều bảng tự chấm khác nhau nên chưa dùng bảng nào để tổng hợp. Đề nghị đơn vị gửi lại một bảng duy nhất.{fix}"
        ),
        _ => format!("Bảng tự chấm chưa được tổng hợp.{fix}"),
    }
}

/// Write the phiếu for `subject` on `ws`.
pub(super) fn write(ws: &mut Worksheet, cx: &Context, subject: &Subject) -> Result<(), XlsxError> {
    let f = cx.formats;
    let report = cx.report;
    let source = subject.source;
    let width = sheet::total_width(&COLUMNS);
    let widths = sheet::columns(ws, &COLUMNS)?;
    let unit = subject.unit;
    let title = format!(
        "PHIẾU PHẢN HỒI KẾT QUẢ KIỂM TRA BẢNG TỰ CHẤM ĐIỂM THI ĐUA {}",
        sheet::period_title(&report.bloc)
    );
    let to = match unit {
        Some(u) => format!("Kính gửi: {}", u.name),
        None => "Kính gửi: đơn vị gửi tệp".to_string(),
    };
    let mut row = sheet::heading(ws, cx, &title, &to, &widths)?;

    let issues = &subject.issues;
    let mut received = format!("Tệp đã nhận: \"{}\"", file_name(&source.file));
    if let Some(s) = &source.sheet {
        received.push_str(&format!("; trang tính đọc: \"{s}\""));
    }
    if source.rows_read > 0 {
        received.push_str(&format!("; {} dòng tiêu chí đọc được", source.rows_read));
    }
    received.push('.');
    for text in [received, format!("Tình trạng: {}", status(subject))] {
        sheet::line(ws, row, LAST_COL, width, &text, &f.line)?;
        row += 1;
    }

    row = section(ws, cx, row + 1, "I. ĐIỂM ĐỌC ĐƯỢC TỪ BẢNG TỰ CHẤM")?;
    let header = row;
    sheet::header_row(ws, row, &COLUMNS, &f.header, 36.0)?;
    row += 1;
    let used = unit.filter(|u| u.file.as_deref() == Some(source.file.as_str()));
    row = scores(ws, cx, subject, used, issues, row)?;
    if let Some(u) = used {
        row = totals(ws, cx, u, row)?;
    }

    row = section(
        ws,
        cx,
        row + 1,
        "II. CÁC VẤN ĐỀ CẦN XEM LẠI VÀ CÁCH KHẮC PHỤC",
    )?;
    row = findings(ws, cx, issues, row)?;

    sheet::signatures(ws, cx, row + 1, &widths)?;
    sheet::set_up_page(ws, &Page::table(false, header))
}

/// A section's title in bold across the page at `row`; returns the next
/// row.
fn section(
    ws: &mut Worksheet,
    cx: &Context,
    row: RowNum,
    title: &str,
) -> Result<RowNum, XlsxError> {
    let width = sheet::total_width(&COLUMNS);
    sheet::line(ws, row, LAST_COL, width, title, &cx.formats.line_bold)?;
    Ok(row + 1)
}

/// The criteria table: every criterion of the rules, with what was read
/// from this file and where. Returns the next free row.
fn scores(
    ws: &mut Worksheet,
    cx: &Context,
    subject: &Subject,
    used: Option<&UnitResult>,
    issues: &[&Issue],
    mut row: RowNum,
) -> Result<RowNum, XlsxError> {
    let f = cx.formats;
    let read: BTreeMap<usize, &ReadRow> = subject
        .source
        .rows
        .iter()
        .map(|r| (r.criterion, r))
        .collect();
    let flagged: BTreeSet<&str> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .filter_map(|i| i.criterion.as_deref())
        .collect();
    for (k, c) in cx.rules.criteria.iter().enumerate() {
        let r = read.get(&k).copied();
        let number = |bad: bool| -> &Format { if bad { &f.number_error } else { &f.number } };
        let bad = flagged.contains(c.code.as_str());
        sheet::text(ws, row, 0, &c.code, f.label(c.depth))?;
        let title = match c.kind {
            Kind::Deduction if c.depth == 0 => format!("{} (điểm trừ)", c.title),
            _ => c.title.clone(),
        };
        sheet::text(
            ws,
            row,
            1,
            &title,
            if c.depth == 0 { &f.text_bold } else { &f.text },
        )?;
        sheet::score(ws, row, 2, c.max, &f.number)?;
        if c.kind == Kind::Disqualifier {
            let answer = r.map(|r| if r.disqualifies { "Có" } else { "Không" });
            sheet::text(ws, row, 3, answer.unwrap_or(""), &f.center)?;
        } else {
            sheet::score(ws, row, 3, r.and_then(|r| r.self_value), number(bad))?;
        }
        let self_cell = r.map(|r| r.self_cell.a1()).unwrap_or_default();
        sheet::text(ws, row, 4, &self_cell, &f.center)?;
        sheet::score(ws, row, 5, r.and_then(|r| r.reviewed_value), &f.number)?;
        let reviewed_cell = r
            .and_then(|r| r.reviewed_value.and(r.reviewed_cell))
            .map(|c| c.a1())
            .unwrap_or_default();
        sheet::text(ws, row, 6, &reviewed_cell, &f.center)?;
        let counted = if c.is_leaf() {
            r.and_then(|r| r.counted)
        } else {
            used.and_then(|u| u.scores.get(&c.code))
                .and_then(|p| p.reviewed.or(p.self_score))
        };
        sheet::score(ws, row, 7, counted, &f.number_bold)?;
        sheet::fit_row(ws, row, &[(&title, COLUMNS[1].1)])?;
        row += 1;
        let width: f64 = COLUMNS[1..].iter().map(|(_, w)| w).sum();
        // Scored against the bloc: the figure read and how it counts.
        if let Some(basis) = cx.report.measures.get(&c.code) {
            let figure = match r.and_then(|r| r.figure.map(|v| (v, r.figure_cell))) {
                Some((v, Some(cell))) => format!("{} (ô {cell})", basis.shown(v)),
                Some((v, None)) => basis.shown(v),
                None => "không có số liệu hợp lệ".to_string(),
            };
            let line = format!(
                "Số liệu: {figure}. Điểm do khối tính theo số liệu của cả khối: {}",
                basis.formula_vi()
            );
            sheet::merge(ws, row, 1, LAST_COL, &line, &f.note_line)?;
            sheet::fit_row(ws, row, &[(&line, width)])?;
            row += 1;
        }
        // What the unit wrote beside the score, under the criterion.
        for note in r.map(|r| r.notes.as_slice()).unwrap_or_default() {
            let line = format!("{}: {} (ô {})", note.column, note.text, note.cell);
            sheet::merge(ws, row, 1, LAST_COL, &line, &f.note_line)?;
            sheet::fit_row(ws, row, &[(&line, width)])?;
            row += 1;
        }
    }
    Ok(row)
}

/// The totals of the file used for the unit: self total, bonus and
/// deduction counted, total, rank and award.
fn totals(
    ws: &mut Worksheet,
    cx: &Context,
    unit: &UnitResult,
    mut row: RowNum,
) -> Result<RowNum, XlsxError> {
    let f = cx.formats;
    let ranked = cx.report.units.iter().filter(|u| u.rank.is_some()).count();
    let lines: [(&str, String); 6] = [
        ("Tổng điểm tự chấm", shown(unit.self_total)),
        ("Điểm thưởng được tính", shown(unit.detail.bonus)),
        ("Điểm trừ được tính", shown(unit.detail.deduction)),
        (
            if unit.detail.reviewed {
                "Tổng điểm (theo điểm khối chấm)"
            } else {
                "Tổng điểm"
            },
            shown(unit.total),
        ),
        (
            "Xếp hạng trong khối",
            match unit.rank {
                Some(r) if unit.detail.tied => format!("{r}/{ranked} (đồng hạng)"),
                Some(r) => format!("{r}/{ranked}"),
                None => "—".into(),
            },
        ),
        (
            "Đề nghị khen thưởng",
            match (&unit.award, unit.disqualified) {
                (Some(a), _) => a.clone(),
                (None, true) => "Không xét (thuộc trường hợp không xét khen thưởng)".into(),
                (None, false) => "—".into(),
            },
        ),
    ];
    for (label, value) in lines {
        sheet::merge(ws, row, 0, 2, label, &f.text_bold)?;
        sheet::merge(ws, row, 3, LAST_COL, &value, &f.text)?;
        row += 1;
    }
    for note in &unit.detail.award_notes {
        sheet::merge(ws, row, 0, 2, "Ghi chú", &f.text_bold)?;
        sheet::merge(ws, row, 3, LAST_COL, note, &f.text)?;
        sheet::fit_row(ws, row, &[(note, 41.0)])?;
        row += 1;
    }
    Ok(row)
}

/// "95,5", or a dash.
fn shown(value: Option<crate::score::Score>) -> String {
    value.map_or_else(|| "—".into(), |v| v.to_string())
}

/// The findings table: STT | what is wrong and what to do | severity |
/// where | code. Returns the next free row.
fn findings(
    ws: &mut Worksheet,
    cx: &Context,
    issues: &[&Issue],
    mut row: RowNum,
) -> Result<RowNum, XlsxError> {
    let f = cx.formats;
    let width = sheet::total_width(&COLUMNS);
    if issues.is_empty() {
        sheet::line(
            ws,
            row,
            LAST_COL,
            width,
            "Không có lỗi hay cảnh báo nào. Cảm ơn đơn vị đã gửi bảng tự chấm đúng quy định.",
            &f.line,
        )?;
        return Ok(row + 1);
    }
    let heads = [
        (0, 0, "STT"),
        (1, 1, "Nội dung và cách khắc phục"),
        (2, 2, "Mức độ"),
        (3, 4, "Vị trí"),
        (5, LAST_COL, "Mã"),
    ];
    for (first, last, name) in heads {
        sheet::merge(ws, row, first, last, name, &f.header)?;
    }
    ws.set_row_height(row, 20)?;
    row += 1;
    for (n, issue) in issues.iter().enumerate() {
        sheet::count(ws, row, 0, Some(n as u64 + 1), &f.center)?;
        sheet::text(ws, row, 1, &issue.message, &f.text)?;
        let severity = match issue.severity {
            Severity::Error => &f.severity_error,
            Severity::Warning => &f.severity_warning,
            Severity::Info => &f.center,
        };
        sheet::text(ws, row, 2, issue.severity.label(), severity)?;
        let place = [
            issue.cell.as_deref().map(|c| format!("ô {c}")),
            issue.criterion.as_deref().map(|c| format!("tiêu chí {c}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        sheet::merge(ws, row, 3, 4, &place, &f.center)?;
        sheet::merge(ws, row, 5, LAST_COL, issue.code.as_str(), &f.center)?;
        sheet::fit_row(
            ws,
            row,
            &[
                (&issue.message, COLUMNS[1].1),
                (&place, COLUMNS[3].1 + COLUMNS[4].1),
                (issue.code.as_str(), 25.0),
            ],
        )?;
        row += 1;
    }
    Ok(row)
}

/// The last part of a path as written in reports (either separator).
pub(super) fn file_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// A file name for the phiếu of `source`, safe on Windows: "Phiếu phản hồi
/// - SYT - <file stem>.xlsx".
pub(super) fn phieu_name(source: &Source) -> String {
    let base = file_name(&source.file);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let who = source.unit.as_deref().unwrap_or("chưa rõ đơn vị");
    let raw = format!("Phiếu phản hồi - {who} - {stem}");
    format!("{}.xlsx", safe_file_stem(&raw))
}

/// `raw` made safe as a Windows file name (without extension): reserved
/// characters replaced, at most 120 characters, no trailing dot or space.
pub(super) fn safe_file_stem(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if name.chars().count() > 120 {
        name = name.chars().take(120).collect();
    }
    name.trim_end_matches(['.', ' ']).to_string()
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
    let units: HashMap<&str, &UnitResult> =
        report.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut by_file: HashMap<&str, Vec<&Issue>> = HashMap::new();
    for issue in &report.issues {
        if let Some(file) = issue.file.as_deref() {
            by_file.entry(file).or_default().push(issue);
        }
    }
    let subjects: Vec<Subject> = report
        .sources
        .iter()
        .map(|source| Subject {
            source,
            unit: source.unit.as_deref().and_then(|id| units.get(id).copied()),
            issues: by_file
                .get(source.file.as_str())
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    // Built on every core, in report order.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = subjects.len().div_ceil(cores).max(1);
    let built: Vec<Result<Vec<u8>, WriteError>> = std::thread::scope(|scope| {
        let running: Vec<_> = subjects
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|subject| {
                            let bytes = build_feedback(rules, report, subject)
                                .map_err(WriteError::build)?;
                            super::pages::first_page_unnumbered(bytes)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        running
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut taken: HashSet<String> = HashSet::new();
    let mut out: Vec<Feedback> = Vec::with_capacity(subjects.len());
    for (subject, bytes) in subjects.iter().zip(built) {
        let name = distinct(&phieu_name(subject.source), &mut taken);
        out.push(Feedback {
            file: subject.source.file.clone(),
            name,
            bytes: bytes?,
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
) -> Result<Vec<PathBuf>, WriteError> {
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
fn distinct(name: &str, taken: &mut HashSet<String>) -> String {
    let fold = |n: &str| crate::text::clean(n).to_lowercase();
    let stem = name.strip_suffix(".xlsx").unwrap_or(name);
    let mut candidate = name.to_string();
    let mut n = 2;
    while taken.contains(&fold(&candidate)) {
        candidate = format!("{stem} ({n}).xlsx");
        n += 1;
    }
    taken.insert(fold(&candidate));
    candidate
}

fn build_feedback(rules: &Rules, report: &Report, subject: &Subject) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let title = format!(
        "Phiếu phản hồi kết quả kiểm tra bảng tự chấm điểm thi đua – {}",
        file_name(&subject.source.file)
    );
    let mut workbook = super::workbook(&formats, &report.bloc, &title)?;
    let cx = Context::new(rules, report, &formats);
    add(&mut workbook, SHEET, |ws| write(ws, &cx, subject))?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(file: &str, unit: Option<&str>) -> Source {
        Source {
            file: file.into(),
            format: "xlsx".into(),
            unit: unit.map(Into::into),
            ..Source::default()
        }
    }

    #[test]
    fn phieu_names_are_safe_on_windows() {
        assert_eq!(
            phieu_name(&source("bai-nop/Sở Y tế - bảng 2025.xlsx", Some("SYT"))),
            "Phiếu phản hồi - SYT - Sở Y tế - bảng 2025.xlsx"
        );
        assert_eq!(
            phieu_name(&source(r"C:\nop\a:b?.xls", None)),
            "Phiếu phản hồi - chưa rõ đơn vị - a_b_.xlsx"
        );
        assert_eq!(
            phieu_name(&source("x/ten. .xls", Some("A"))),
            "Phiếu phản hồi - A - ten.xlsx"
        );
    }
}
