//! The province workbook (bảng tổng hợp của tỉnh, `thidua province`): a
//! [`ProvinceReport`] as four sheets in the Nghị định 30 layout (A4, Times
//! New Roman, issuing body and Quốc hiệu / Tiêu ngữ, place and date,
//! title):
//! - "Các khối": every bloc, one group of rows each (its units in ranking
//!   order: total, rank, proposal, remark), missing blocs said so;
//! - "Danh sách đề nghị": the provincial list by award in the council's
//!   order (STT | Tên tập thể | Khối | Hình thức khen thưởng | Tổng điểm |
//!   Xếp hạng trong khối | Ghi chú), each award with its provincial limit,
//!   then the signatures;
//! - "Kiểm tra": every finding;
//! - "Nguồn": every input and what was read from it.
//!
//! Depends on `report` and `issue` through the sheet helpers; must not
//! depend on `province`, `read`, `check` or `cli`. Deterministic: the same
//! report gives the same cells.

use super::WriteError;
use super::book::workbook;
use super::formats::Formats;
use super::sheet::{self, Page, Signer};
use crate::issue::{Code, Severity, Value};
use crate::report::BlocInfo;
use crate::report::province::{BlocStatus, ProvinceReport};
use crate::rules::Period;
use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};
use std::path::Path;

/// Sheet names, in workbook order.
pub const BLOCS: &str = "Các khối";
pub const LIST: &str = "Danh sách đề nghị";
pub const ISSUES: &str = "Kiểm tra";
pub const SOURCES: &str = "Nguồn";

/// What every sheet's heading reads.
struct Head<'a> {
    formats: &'a Formats,
    issuer: &'a str,
    place_date: String,
    caption: String,
}

/// Write the province workbook for `report` to `path` (replacing it); the
/// workbook is built in memory first. `issuer` is the body that draws up
/// the list (the rules' `issuer`).
pub fn write_province(
    report: &ProvinceReport,
    issuer: &str,
    path: &Path,
) -> Result<(), WriteError> {
    let bytes = province_bytes(report, issuer)?;
    std::fs::write(path, bytes).map_err(|e| WriteError::io(path, e))
}

/// The province workbook as the bytes of an .xlsx file.
pub fn province_bytes(report: &ProvinceReport, issuer: &str) -> Result<Vec<u8>, WriteError> {
    super::pages::first_page_unnumbered(build(report, issuer).map_err(WriteError::build)?)
}

fn build(report: &ProvinceReport, issuer: &str) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let info = BlocInfo {
        name: format!("Tỉnh {}", report.province.name),
        year: report.province.year,
        period: Period::Annual,
    };
    let title = format!(
        "Tổng hợp kết quả thi đua của các khối năm {} – tỉnh {}",
        report.province.year, report.province.name
    );
    let mut book = workbook(&formats, &info, &title)?;
    let head = Head {
        formats: &formats,
        issuer,
        place_date: format!(
            "{}, ngày …… tháng …… năm {}",
            report.province.name, report.province.year
        ),
        caption: format!(
            "Kết quả thi đua năm {} của các khối thi đua tỉnh {}",
            report.province.year, report.province.name
        ),
    };
    super::book::add(&mut book, BLOCS, |ws| blocs(ws, &head, report))?;
    super::book::add(&mut book, LIST, |ws| list(ws, &head, report))?;
    super::book::add(&mut book, ISSUES, |ws| issues(ws, &head, report))?;
    super::book::add(&mut book, SOURCES, |ws| sources(ws, &head, report))?;
    book.save_to_buffer()
}

fn heading(
    ws: &mut Worksheet,
    head: &Head,
    title: &str,
    columns: &[(&str, f64)],
) -> Result<(Vec<f64>, u32), XlsxError> {
    let widths = sheet::columns(ws, columns)?;
    let top = sheet::heading_parts(
        ws,
        head.formats,
        head.issuer,
        &head.place_date,
        title,
        &head.caption,
        &widths,
    )?;
    Ok((widths, top))
}

const BLOC_COLUMNS: [(&str, f64); 6] = [
    ("STT", 6.0),
    ("Đơn vị", 40.0),
    ("Tổng điểm", 10.0),
    ("Xếp hạng", 9.0),
    ("Đề nghị khen thưởng", 32.0),
    ("Ghi chú", 28.0),
];

/// "Các khối": a group row per bloc (its name, how its results came in),
/// then its units in ranking order.
fn blocs(ws: &mut Worksheet, head: &Head, report: &ProvinceReport) -> Result<(), XlsxError> {
    let f = head.formats;
    let (_, header) = heading(ws, head, "KẾT QUẢ THI ĐUA CỦA CÁC KHỐI", &BLOC_COLUMNS)?;
    let last = BLOC_COLUMNS.len() as ColNum - 1;
    let width = sheet::total_width(&BLOC_COLUMNS);
    sheet::header_row(ws, header, &BLOC_COLUMNS, &f.header, 32.0)?;
    let mut row = header + 1;
    for (g, bloc) in report.blocs.iter().enumerate() {
        let label = bloc.label();
        sheet::text(ws, row, 0, &sheet::roman(g + 1), &f.group_center)?;
        sheet::merge(ws, row, 1, last, &label, &f.group)?;
        sheet::fit_row(ws, row, &[(&label, width - BLOC_COLUMNS[0].1)])?;
        row += 1;
        if bloc.status == BlocStatus::Missing {
            ws.write_blank(row, 0, &f.center)?;
            sheet::merge(ws, row, 1, last, "Khối chưa gửi kết quả.", &f.text)?;
            row += 1;
            continue;
        }
        for (i, unit) in bloc.units.iter().enumerate() {
            sheet::count(ws, row, 0, Some(i as u64 + 1), &f.center)?;
            sheet::text(ws, row, 1, &unit.name, &f.text)?;
            sheet::score(ws, row, 2, unit.total, &f.number)?;
            sheet::count(ws, row, 3, unit.rank.map(u64::from), &f.center)?;
            let award = unit.award.as_deref().unwrap_or("");
            sheet::text(ws, row, 4, award, &f.text)?;
            let mut remark = Vec::new();
            if unit.rank.is_none() {
                remark.push("Chưa xếp hạng");
            }
            if unit.disqualified {
                remark.push("Thuộc trường hợp không xét khen thưởng");
            }
            let remark = remark.join(". ");
            sheet::text(ws, row, 5, &remark, &f.text)?;
            sheet::fit_row(
                ws,
                row,
                &[
                    (&unit.name, BLOC_COLUMNS[1].1),
                    (award, BLOC_COLUMNS[4].1),
                    (&remark, BLOC_COLUMNS[5].1),
                ],
            )?;
            row += 1;
        }
    }
    sheet::line(
        ws,
        row + 1,
        last,
        width,
        &format!(
            "Có {} khối, {} đơn vị thuộc các khối đã có kết quả.",
            report.blocs.len(),
            report.province.units
        ),
        &f.line_italic,
    )?;
    sheet::set_up_page(ws, &Page::table(false, header))
}

const LIST_COLUMNS: [(&str, f64); 7] = [
    ("STT", 6.0),
    ("Tên tập thể", 34.0),
    ("Khối", 28.0),
    ("Hình thức khen thưởng", 30.0),
    ("Tổng điểm", 9.0),
    ("Xếp hạng trong khối", 9.0),
    ("Ghi chú", 30.0),
];

/// "Danh sách đề nghị": by award in the council's order, then the awards
/// the rules do not know; each group row gives the count and the
/// provincial limit; the findings on a proposal in "Ghi chú".
fn list(ws: &mut Worksheet, head: &Head, report: &ProvinceReport) -> Result<(), XlsxError> {
    let f = head.formats;
    let title = format!(
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {} CỦA CÁC KHỐI THI ĐUA",
        report.province.year
    );
    let (widths, header) = heading(ws, head, &title, &LIST_COLUMNS)?;
    let last = LIST_COLUMNS.len() as ColNum - 1;
    let width = sheet::total_width(&LIST_COLUMNS);
    sheet::header_row(ws, header, &LIST_COLUMNS, &f.header, 32.0)?;
    let mut awards: Vec<(String, Option<usize>)> = report
        .province
        .awards
        .iter()
        .map(|a| (a.name.clone(), a.limit))
        .collect();
    for p in &report.proposals {
        if !awards.iter().any(|(n, _)| *n == p.award) {
            awards.push((p.award.clone(), None));
        }
    }
    let mut row = header + 1;
    for (g, (award, limit)) in awards.iter().enumerate() {
        let members: Vec<_> = report
            .proposals
            .iter()
            .filter(|p| p.award == *award)
            .collect();
        let label = match limit {
            Some(l) => format!(
                "{award} ({} đề nghị; chỉ tiêu toàn tỉnh: {l})",
                members.len()
            ),
            None => format!("{award} ({} đề nghị)", members.len()),
        };
        sheet::text(ws, row, 0, &sheet::roman(g + 1), &f.group_center)?;
        sheet::merge(ws, row, 1, last, &label, &f.group)?;
        sheet::fit_row(ws, row, &[(&label, width - LIST_COLUMNS[0].1)])?;
        row += 1;
        if members.is_empty() {
            ws.write_blank(row, 0, &f.center)?;
            sheet::merge(ws, row, 1, last, "Không có đơn vị được đề nghị.", &f.text)?;
            row += 1;
        }
        for (i, p) in members.into_iter().enumerate() {
            sheet::count(ws, row, 0, Some(i as u64 + 1), &f.center)?;
            sheet::text(ws, row, 1, &p.unit, &f.text)?;
            sheet::text(ws, row, 2, &p.bloc, &f.text)?;
            sheet::text(ws, row, 3, &p.award, &f.text)?;
            sheet::score(ws, row, 4, p.total, &f.number)?;
            sheet::count(ws, row, 5, p.rank.map(u64::from), &f.center)?;
            let remark = remark(&p.findings);
            sheet::text(ws, row, 6, &remark, &f.text)?;
            sheet::fit_row(
                ws,
                row,
                &[
                    (&p.unit, LIST_COLUMNS[1].1),
                    (&p.bloc, LIST_COLUMNS[2].1),
                    (&p.award, LIST_COLUMNS[3].1),
                    (&remark, LIST_COLUMNS[6].1),
                ],
            )?;
            row += 1;
        }
    }
    let note = "Danh sách gồm mọi đề nghị của các khối; đề nghị có ghi chú cần Hội đồng Thi đua – Khen thưởng tỉnh xem xét (chi tiết ở trang \"Kiểm tra\").";
    sheet::line(ws, row + 1, last, width, note, &f.line_italic)?;
    let signer = Signer {
        title: "THỦ TRƯỞNG CƠ QUAN",
        body: "",
        note: "(Ký, ghi rõ họ tên, đóng dấu)",
    };
    sheet::signature_parts(ws, f, row + 3, &widths, "NGƯỜI LẬP BIỂU", &signer)?;
    sheet::set_up_page(ws, &Page::table(true, header))
}

/// The "Ghi chú" of a proposal: the titles of its findings.
fn remark(codes: &[String]) -> String {
    codes
        .iter()
        .filter_map(|c| Code::ALL.iter().find(|k| k.as_str() == c))
        .map(|c| c.title())
        .collect::<Vec<_>>()
        .join("; ")
}

const ISSUE_COLUMNS: [(&str, f64); 7] = [
    ("Mức độ", 11.0),
    ("Mã", 26.0),
    ("Khối", 26.0),
    ("Tệp", 30.0),
    ("Trang tính", 14.0),
    ("Ô", 7.0),
    ("Nội dung", 70.0),
];

/// "Kiểm tra": every finding in report order.
fn issues(ws: &mut Worksheet, head: &Head, report: &ProvinceReport) -> Result<(), XlsxError> {
    let f = head.formats;
    let (_, header) = heading(
        ws,
        head,
        "KẾT QUẢ KIỂM TRA KẾT QUẢ CỦA CÁC KHỐI",
        &ISSUE_COLUMNS,
    )?;
    if report.issues.is_empty() {
        return sheet::only_line(
            ws,
            header,
            &ISSUE_COLUMNS,
            "Không có lỗi hay cảnh báo nào.",
            &f.line,
            true,
        );
    }
    let last = ISSUE_COLUMNS.len() as ColNum - 1;
    let counts = format!(
        "Có {} lỗi, {} cảnh báo, {} thông tin.",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    sheet::line(
        ws,
        header - 1,
        last,
        sheet::total_width(&ISSUE_COLUMNS),
        &counts,
        &f.line_italic,
    )?;
    sheet::header_row(ws, header, &ISSUE_COLUMNS, &f.header, 20.0)?;
    for (row, issue) in (header + 1..).zip(&report.issues) {
        let severity = match issue.severity {
            Severity::Error => &f.severity_error,
            Severity::Warning => &f.severity_warning,
            Severity::Info => &f.center,
        };
        sheet::text(ws, row, 0, issue.severity.label(), severity)?;
        sheet::text(ws, row, 1, issue.code.as_str(), &f.text)?;
        let bloc = match issue.params.get("bloc") {
            Some(Value::Text(t)) => t.as_str(),
            _ => "",
        };
        sheet::text(ws, row, 2, bloc, &f.text)?;
        let file = issue.file.as_deref().unwrap_or("");
        sheet::text(ws, row, 3, file, &f.text)?;
        let sheet_name = issue.sheet.as_deref().unwrap_or("");
        sheet::text(ws, row, 4, sheet_name, &f.text)?;
        sheet::text(ws, row, 5, issue.cell.as_deref().unwrap_or(""), &f.center)?;
        sheet::text(ws, row, 6, &issue.message, &f.text)?;
        sheet::fit_row(
            ws,
            row,
            &[
                (issue.code.as_str(), ISSUE_COLUMNS[1].1),
                (bloc, ISSUE_COLUMNS[2].1),
                (file, ISSUE_COLUMNS[3].1),
                (sheet_name, ISSUE_COLUMNS[4].1),
                (&issue.message, ISSUE_COLUMNS[6].1),
            ],
        )?;
    }
    let end = header + report.issues.len() as u32;
    ws.autofilter(header, 0, end, last)?;
    sheet::set_up_page(ws, &Page::table(true, header))
}

const SOURCE_COLUMNS: [(&str, f64); 8] = [
    ("Tệp", 34.0),
    ("Loại", 22.0),
    ("Định dạng", 9.0),
    ("Bảng mã", 11.0),
    ("Khối ghi trong tệp", 26.0),
    ("Số đơn vị đọc được", 9.0),
    ("Ngày lưu", 18.0),
    ("SHA-256", 34.0),
];

/// "Nguồn": every input, in input order.
fn sources(ws: &mut Worksheet, head: &Head, report: &ProvinceReport) -> Result<(), XlsxError> {
    let f = head.formats;
    let (_, header) = heading(ws, head, "NGUỒN DỮ LIỆU TỔNG HỢP", &SOURCE_COLUMNS)?;
    if report.sources.is_empty() {
        return sheet::only_line(
            ws,
            header,
            &SOURCE_COLUMNS,
            "Không có tệp nào được đọc.",
            &f.line,
            true,
        );
    }
    sheet::header_row(ws, header, &SOURCE_COLUMNS, &f.header, 36.0)?;
    for (row, s) in (header + 1..).zip(&report.sources) {
        let kind = kind_label(&s.kind);
        sheet::text(ws, row, 0, &s.file, &f.text)?;
        sheet::text(ws, row, 1, kind, &f.text)?;
        sheet::text(ws, row, 2, &s.format, &f.center)?;
        sheet::text(ws, row, 3, s.encoding.as_deref().unwrap_or(""), &f.center)?;
        let bloc = s.bloc.as_deref().unwrap_or("");
        sheet::text(ws, row, 4, bloc, &f.text)?;
        sheet::count(ws, row, 5, Some(s.units as u64), &f.center)?;
        sheet::text(ws, row, 6, s.saved.as_deref().unwrap_or(""), &f.center)?;
        let sha = s.sha256.as_deref().unwrap_or("");
        sheet::text(ws, row, 7, sha, &f.text)?;
        sheet::fit_row(
            ws,
            row,
            &[
                (&s.file, SOURCE_COLUMNS[0].1),
                (kind, SOURCE_COLUMNS[1].1),
                (bloc, SOURCE_COLUMNS[4].1),
                (sha, SOURCE_COLUMNS[7].1),
            ],
        )?;
    }
    sheet::set_up_page(ws, &Page::table(true, header))
}

/// The Vietnamese name of an input's kind.
fn kind_label(kind: &str) -> &str {
    match kind {
        "workbook" => "Bảng tổng hợp do thidua ghi",
        "summary" => "Bảng tổng hợp của khối",
        "report" => "Báo cáo JSON",
        "folder" => "Thư mục của khối, tổng hợp lại",
        "skipped" => "Bỏ qua",
        "unusable" => "Không dùng được",
        other => other,
    }
}
