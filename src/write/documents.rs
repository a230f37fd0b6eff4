//! The year-end meeting's documents as .docx (Word): the minutes of the
//! meeting and the vote (biên bản họp bình xét, bỏ phiếu suy tôn) and the
//! proposal letter to the Sở Nội vụ (tờ trình đề nghị khen thưởng). Both
//! are laid out after Nghị định 30/2020 (A4, Times New Roman 13–14 pt, the
//! issuing body and the Quốc hiệu / Tiêu ngữ side by side, số and ký hiệu
//! left blank, place and date in italics, title in bold capitals, the
//! signatures at the end).
//!
//! Every name and number is read from the consolidation's
//! [`Report`] (ranking, totals) and the count's [`Tally`] (ballots and
//! votes), the same values the workbook and `thidua tally` show; what the
//! officer alone knows (time and place of the meeting, chair, secretary,
//! units absent) comes in a [`Meeting`], left as dotted blanks when not
//! given.
//!
//! Depends on `rules`, `report`, `vote` and `score`; never on `check` or
//! `cli`. The docx library is an implementation detail: none of its types
//! leave this file.

use super::WriteError;
use crate::report::Report;
use crate::rules::Rules;
use crate::vote::{Outcome, Tally};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow, WidthType,
};
use std::path::{Path, PathBuf};

/// What the officer knows of the meeting that no file says.
#[derive(Clone, Debug, Default)]
pub struct Meeting {
    /// Ngày họp: (day, month, year).
    pub date: Option<(u32, u32, i32)>,
    /// Giờ họp as typed ("8 giờ 00").
    pub time: Option<String>,
    /// Địa điểm.
    pub place: Option<String>,
    /// Chủ trì (name and position as typed).
    pub chair: Option<String>,
    /// Thư ký.
    pub secretary: Option<String>,
    /// Ids of the member units absent (vắng mặt).
    pub absent: Vec<String>,
    /// The units elected head (Trưởng khối) and deputies (Phó khối) for
    /// next year, by name; `None`: a dotted line to fill by hand.
    pub next_year: Option<(String, Vec<String>)>,
}

/// The file names [`write_documents`] gives the two documents.
pub const MINUTES_FILE: &str = "bien-ban-hop-binh-xet.docx";
pub const LETTER_FILE: &str = "to-trinh-de-nghi-khen-thuong.docx";

const BLANK: &str = "……………………";
/// A4 in twips; margins 20 mm top and bottom, 30 mm left, 15 mm right.
const A4: (u32, u32) = (11906, 16838);
const MM: i32 = 57; // twips in a millimetre, rounded
const TEXT_WIDTH: usize = 11906 - (30 + 15) * 57;
/// Sizes in half-points.
const BODY: usize = 28;
const SMALL: usize = 26;
const TABLE: usize = 24;

/// The share of `agree` in `base`, one decimal, decimal comma: "55,6".
pub fn percent_text(agree: usize, base: usize) -> String {
    if base == 0 {
        return "—".into();
    }
    let tenths = (agree as u128 * 1000 + base as u128 / 2) / base as u128;
    format!("{},{}", tenths / 10, tenths % 10)
}

/// Write both documents into `dir` (created if missing); their paths.
pub fn write_documents(
    rules: &Rules,
    report: &Report,
    tally: &Tally,
    meeting: &Meeting,
    dir: &Path,
) -> Result<(PathBuf, PathBuf), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, e))?;
    let minutes = dir.join(MINUTES_FILE);
    let letter = dir.join(LETTER_FILE);
    let bytes = minutes_bytes(rules, report, tally, meeting)?;
    std::fs::write(&minutes, bytes).map_err(|e| WriteError::io(&minutes, e))?;
    let bytes = letter_bytes(rules, report, tally, meeting)?;
    std::fs::write(&letter, bytes).map_err(|e| WriteError::io(&letter, e))?;
    Ok((minutes, letter))
}

fn run(text: impl Into<String>, size: usize) -> Run {
    Run::new().add_text(text).size(size)
}

fn para(align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(60))
}

fn body(text: impl Into<String>) -> Paragraph {
    para(AlignmentType::Both)
        .indent(Some(567), None, None, None)
        .add_run(run(text, BODY))
}

fn heading(text: impl Into<String>) -> Paragraph {
    para(AlignmentType::Both)
        .line_spacing(LineSpacing::new().before(120).after(60))
        .keep_next(true)
        .add_run(run(text, BODY).bold())
}

fn centered(text: impl Into<String>, size: usize, bold: bool) -> Paragraph {
    let r = run(text, size);
    para(AlignmentType::Center).add_run(if bold { r.bold() } else { r })
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
}

fn text_cell(text: impl Into<String>, width: usize, align: AlignmentType, bold: bool) -> TableCell {
    let r = run(text, TABLE);
    let p = Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(20).after(20))
        .add_run(if bold { r.bold() } else { r });
    cell(p, width)
}

/// A bordered table: header row in bold, then the rows; `cols` gives each
/// column's width (twips) and alignment.
fn grid(cols: &[(usize, AlignmentType)], header: &[&str], rows: &[Vec<String>]) -> Table {
    let mut out = vec![TableRow::new(
        header
            .iter()
            .zip(cols)
            .map(|(h, (w, _))| text_cell(*h, *w, AlignmentType::Center, true))
            .collect(),
    )];
    for row in rows {
        out.push(
            TableRow::new(
                row.iter()
                    .zip(cols)
                    .map(|(t, (w, a))| text_cell(t.clone(), *w, *a, false))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(out)
        .margins(
            docx_rs::TableCellMargins::new()
                .margin_left(80, WidthType::Dxa)
                .margin_right(80, WidthType::Dxa),
        )
        .set_grid(cols.iter().map(|(w, _)| *w).collect())
        .width(cols.iter().map(|(w, _)| *w).sum(), WidthType::Dxa)
}

/// `table` followed by a small gap before the next paragraph.
fn add_grid(doc: Docx, table: Table) -> Docx {
    doc.add_table(table).add_paragraph(
        Paragraph::new()
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_run(run("", 12)),
    )
}

fn province(rules: &Rules) -> Option<&str> {
    rules
        .bloc
        .province
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

fn place_and_date(rules: &Rules, meeting: &Meeting, year: i32) -> String {
    let place = province(rules).unwrap_or("……………");
    match meeting.date {
        Some((d, m, y)) => format!("{place}, ngày {d:02} tháng {m:02} năm {y}"),
        None => format!("{place}, ngày …… tháng …… năm {year}"),
    }
}

/// The two-column heading (Nghị định 30): on the left the body above (not
/// bold) and the issuing body (bold), "Số: …/…" and an optional summary;
/// on the right the Quốc hiệu, the Tiêu ngữ underlined, place and date.
fn document_heading(
    above: Option<&str>,
    issuer: &str,
    number: &str,
    summary: Option<&str>,
    place_date: &str,
) -> Table {
    let left_w = TEXT_WIDTH * 2 / 5;
    let right_w = TEXT_WIDTH - left_w;
    let mut left = TableCell::new().width(left_w, WidthType::Dxa);
    if let Some(above) = above {
        left = left.add_paragraph(centered(above.to_uppercase(), SMALL, false));
    }
    left = left
        .add_paragraph(centered(issuer.to_uppercase(), SMALL, true))
        .add_paragraph(centered("", SMALL, false))
        .add_paragraph(centered(format!("Số: ……/{number}"), SMALL, false));
    if let Some(summary) = summary {
        left = left.add_paragraph(centered(summary, 24, false));
    }
    let right = TableCell::new()
        .width(right_w, WidthType::Dxa)
        .add_paragraph(centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24, true))
        .add_paragraph(
            para(AlignmentType::Center).add_run(
                run("Độc lập - Tự do - Hạnh phúc", SMALL)
                    .bold()
                    .underline("single"),
            ),
        )
        .add_paragraph(centered("", SMALL, false))
        .add_paragraph(para(AlignmentType::Center).add_run(run(place_date, SMALL).italic()));
    Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![left_w, right_w])
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The signature block: `left` and `right` each a title, a note and a name
/// (blank lines left for the signature).
fn signatures(left: &[String], right: &[String]) -> Table {
    let half = TEXT_WIDTH / 2;
    let block = |lines: &[String]| {
        let mut c = TableCell::new().width(half, WidthType::Dxa);
        for (i, line) in lines.iter().enumerate() {
            let p = if line.starts_with('(') {
                para(AlignmentType::Center).add_run(run(line.clone(), SMALL).italic())
            } else if i + 1 == lines.len() && i > 1 {
                centered(line.clone(), BODY, true)
            } else {
                centered(line.clone(), SMALL, true)
            };
            c = c.add_paragraph(p);
            if line.starts_with('(') {
                for _ in 0..4 {
                    c = c.add_paragraph(centered("", SMALL, false));
                }
            }
        }
        c
    };
    Table::without_borders(vec![
        TableRow::new(vec![block(left), block(right)]).cant_split(),
    ])
    .set_grid(vec![half, TEXT_WIDTH - half])
    .width(TEXT_WIDTH, WidthType::Dxa)
}

fn document() -> Docx {
    let font = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .east_asia("Times New Roman")
        .cs("Times New Roman");
    Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin {
            top: 20 * MM,
            bottom: 20 * MM,
            left: 30 * MM,
            right: 15 * MM,
            header: 10 * MM,
            footer: 10 * MM,
            gutter: 0,
        })
        .default_fonts(font)
        .default_size(BODY)
}

fn pack(docx: Docx, year: i32) -> Result<Vec<u8>, WriteError> {
    // Pinned like the workbooks' creation date: the same inputs give the
    // same file.
    let stamp = format!("{year}-01-01T00:00:00Z");
    let mut out = std::io::Cursor::new(Vec::new());
    docx.created_at(&stamp)
        .updated_at(&stamp)
        .build()
        .pack(&mut out)
        .map_err(|e| WriteError::Build {
            detail: e.to_string(),
        })?;
    Ok(out.into_inner())
}

fn or_blank(value: Option<&String>) -> String {
    value
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| BLANK.to_string())
}

fn head_name(rules: &Rules) -> String {
    rules.head().map(|u| u.name.clone()).unwrap_or_default()
}

/// Units present and absent, by name, in the rules' order.
fn attendance<'a>(rules: &'a Rules, meeting: &Meeting) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for u in &rules.units {
        if meeting.absent.iter().any(|a| a == &u.id) {
            absent.push(u.name.as_str());
        } else {
            present.push(u.name.as_str());
        }
    }
    (present, absent)
}

/// The minutes of the meeting and the vote, as .docx bytes.
pub fn minutes_bytes(
    rules: &Rules,
    report: &Report,
    tally: &Tally,
    meeting: &Meeting,
) -> Result<Vec<u8>, WriteError> {
    let year = report.bloc.year;
    let bloc = &report.bloc.name;
    let head = head_name(rules);
    let mut doc = document().add_table(document_heading(
        province(rules)
            .map(|p| format!("Ủy ban nhân dân tỉnh {p}"))
            .as_deref(),
        bloc,
        "BB-KTĐ",
        None,
        &place_and_date(rules, meeting, year),
    ));
    doc = doc
        .add_paragraph(centered("", BODY, false))
        .add_paragraph(centered("BIÊN BẢN", BODY, true))
        .add_paragraph(centered(
            format!("Họp bình xét, bỏ phiếu suy tôn khen thưởng năm {year}"),
            BODY,
            true,
        ))
        .add_paragraph(centered(bloc.clone(), BODY, true))
        .add_paragraph(centered("", SMALL, false));

    let date = match meeting.date {
        Some((d, m, y)) => format!("ngày {d:02} tháng {m:02} năm {y}"),
        None => format!("ngày …… tháng …… năm {year}"),
    };
    let time = meeting
        .time
        .as_ref()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "…… giờ ……".into());
    let (present, absent) = attendance(rules, meeting);
    let members = rules.units.len();
    doc = doc
        .add_paragraph(heading("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"))
        .add_paragraph(body(format!("1. Thời gian: {time}, {date}.")))
        .add_paragraph(body(format!(
            "2. Địa điểm: {}.",
            or_blank(meeting.place.as_ref())
        )))
        .add_paragraph(body(format!(
            "3. Chủ trì: {} ({head}, Trưởng khối).",
            or_blank(meeting.chair.as_ref())
        )))
        .add_paragraph(body(format!(
            "4. Thư ký: {}.",
            or_blank(meeting.secretary.as_ref())
        )))
        .add_paragraph(body(format!(
            "5. Thành phần: đại diện {}/{} đơn vị thành viên của khối có mặt:",
            present.len(),
            members
        )));
    // Dashes, not numbers: the list sits under item 5 and must not read as
    // items 1, 2, 3… of the minutes again.
    for name in &present {
        doc = doc.add_paragraph(body(format!("- {name};")));
    }
    if absent.is_empty() {
        doc = doc.add_paragraph(body("Vắng mặt: không."));
    } else {
        doc = doc.add_paragraph(body(format!(
            "Vắng mặt {} đơn vị: {}.",
            absent.len(),
            absent.join("; ")
        )));
    }

    doc = doc
        .add_paragraph(heading("II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA"))
        .add_paragraph(body(format!(
            "Hội nghị nghe công bố bảng tổng hợp kết quả chấm điểm thi đua năm {year} của {bloc}; kết quả xếp hạng như sau:"
        )));
    let cols = [
        (700, AlignmentType::Center),
        (4000, AlignmentType::Left),
        (1300, AlignmentType::Center),
        (1100, AlignmentType::Center),
        (TEXT_WIDTH - 7100, AlignmentType::Left),
    ];
    let rows: Vec<Vec<String>> = report
        .ranked()
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                (i + 1).to_string(),
                u.name.clone(),
                u.total.map(|t| t.to_string()).unwrap_or_else(|| "—".into()),
                u.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
                u.award.clone().unwrap_or_default(),
            ]
        })
        .collect();
    doc = add_grid(
        doc,
        grid(
            &cols,
            &[
                "STT",
                "Đơn vị",
                "Tổng điểm",
                "Xếp hạng",
                "Đề nghị theo xếp hạng",
            ],
            &rows,
        ),
    );

    doc = doc.add_paragraph(heading("III. KẾT QUẢ BỎ PHIẾU SUY TÔN"));
    if tally.awards.is_empty() {
        doc = doc.add_paragraph(body("Không có phiếu bầu nào được kiểm."));
    }
    for (n, a) in tally.awards.iter().enumerate() {
        doc = doc
            .add_paragraph(
                para(AlignmentType::Both)
                    .indent(Some(567), None, None, None)
                    .keep_next(true)
                    .add_run(run(format!("{}. {}", n + 1, a.award), BODY).bold())
                    .add_run(run(
                        format!(" ({} suất; {}).", a.places, a.threshold.text()),
                        BODY,
                    )),
            )
            .add_paragraph(body(format!(
                "Số phiếu phát ra: {}; số phiếu thu về: {}; số phiếu hợp lệ: {}; số phiếu không hợp lệ: {}. Tỷ lệ tính trên {} phiếu.",
                a.issued, a.returned, a.valid, a.invalid, a.base
            )));
        let cols = [
            (700, AlignmentType::Center),
            (4000, AlignmentType::Left),
            (1300, AlignmentType::Center),
            (1100, AlignmentType::Center),
            (TEXT_WIDTH - 7100, AlignmentType::Left),
        ];
        let rows: Vec<Vec<String>> = a
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    (i + 1).to_string(),
                    c.name.clone(),
                    c.agree.to_string(),
                    percent_text(c.agree, a.base),
                    outcome_text(c.outcome).to_string(),
                ]
            })
            .collect();
        doc = add_grid(
            doc,
            grid(
                &cols,
                &["STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả"],
                &rows,
            ),
        );
    }

    doc = doc.add_paragraph(heading("IV. KẾT LUẬN"));
    let proposed = proposals(tally);
    if proposed.is_empty() {
        doc = doc.add_paragraph(body(
            "Sau bỏ phiếu, chưa có tập thể nào đủ điều kiện để đề nghị khen thưởng.",
        ));
    } else {
        doc = doc.add_paragraph(body(format!(
            "Căn cứ kết quả bỏ phiếu, hội nghị thống nhất đề nghị khen thưởng {} tập thể:",
            proposed.len()
        )));
        for (i, (name, award)) in proposed.iter().enumerate() {
            doc = doc.add_paragraph(body(format!("{}. {name}: {award};", i + 1)));
        }
    }
    if let Some(undecided) = undecided_list(tally) {
        doc = doc.add_paragraph(body(format!(
            "Chưa quyết định, cần bỏ phiếu lại: {undecided}."
        )));
    }
    doc = doc
        .add_paragraph(body(next_year_roles(meeting, year + 1)))
        .add_paragraph(body(format!(
            "Giao {head} (Trưởng khối) hoàn thiện hồ sơ, trình cấp có thẩm quyền xem xét, khen thưởng."
        )))
        .add_paragraph(body(
            "Biên bản kết thúc vào hồi …… giờ …… cùng ngày, đã được thông qua trước hội nghị và các thành viên dự họp nhất trí.",
        ))
        .add_paragraph(centered("", SMALL, false))
        .add_table(signatures(
            &[
                "THƯ KÝ".into(),
                // Level with the chair's two title lines: a no-break space,
                // so the line is as tall as the title's (an empty paragraph
                // takes the document's larger default size).
                "\u{a0}".into(),
                "(Ký, ghi rõ họ tên)".into(),
                signer(meeting.secretary.as_deref()),
            ],
            &[
                "CHỦ TRÌ".into(),
                format!("TRƯỞNG KHỐI – {}", head.to_uppercase()),
                "(Ký, ghi rõ họ tên, đóng dấu)".into(),
                signer(meeting.chair.as_deref()),
            ],
        ));
    pack(doc, year)
}

/// The name printed under a signature: the person's name alone, without
/// the position typed after it ("Nguyễn Văn An, Giám đốc Sở Y tế" →
/// "Nguyễn Văn An"); empty when not given.
fn signer(person: Option<&str>) -> String {
    let person = person.unwrap_or_default();
    person
        .split(',')
        .next()
        .unwrap_or(person)
        .trim()
        .to_string()
}

/// The conclusion's line on next year's head and deputies, as published
/// minutes put it (docs/bo-phieu.md), or with dotted blanks to fill in.
fn next_year_roles(meeting: &Meeting, next: i32) -> String {
    match &meeting.next_year {
        Some((head, deputies)) if deputies.is_empty() => {
            format!("Hội nghị thống nhất bầu {head} làm Trưởng khối năm {next}.")
        }
        Some((head, deputies)) => format!(
            "Hội nghị thống nhất bầu {head} làm Trưởng khối, {} làm Phó khối năm {next}.",
            listed(deputies)
        ),
        None => format!(
            "Hội nghị thống nhất bầu {BLANK} làm Trưởng khối, {BLANK} làm Phó khối năm {next}."
        ),
    }
}

/// "A", "A và B", "A; B và C": names may hold commas themselves.
fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join("; ")),
    }
}

fn outcome_text(o: Outcome) -> &'static str {
    match o {
        Outcome::Proposed => "Đề nghị",
        Outcome::NotEnough => "Không đạt tỷ lệ",
        Outcome::NoPlace => "Đạt tỷ lệ, hết suất",
        Outcome::Undecided => "Chưa quyết định",
    }
}

/// (unit name, award) of every candidate proposed after the vote.
fn proposals(tally: &Tally) -> Vec<(String, String)> {
    picked(tally, Outcome::Proposed)
}

fn undecided(tally: &Tally) -> Vec<(String, String)> {
    picked(tally, Outcome::Undecided)
}

/// The units still undecided, each with its award ("Sở Y tế (Bằng khen …);
/// …"), or `None` when the vote decided every place.
fn undecided_list(tally: &Tally) -> Option<String> {
    let undecided = undecided(tally);
    (!undecided.is_empty()).then(|| {
        undecided
            .iter()
            .map(|(n, a)| format!("{n} ({a})"))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn picked(tally: &Tally, outcome: Outcome) -> Vec<(String, String)> {
    tally
        .awards
        .iter()
        .flat_map(|a| {
            a.candidates
                .iter()
                .filter(move |c| c.outcome == outcome)
                .map(move |c| (c.name.clone(), a.award.clone()))
        })
        .collect()
}

/// The proposal letter to the Sở Nội vụ, as .docx bytes.
pub fn letter_bytes(
    rules: &Rules,
    report: &Report,
    tally: &Tally,
    meeting: &Meeting,
) -> Result<Vec<u8>, WriteError> {
    let year = report.bloc.year;
    let bloc = &report.bloc.name;
    let head = head_name(rules);
    let issuer = if head.is_empty() {
        bloc.clone()
    } else {
        head.clone()
    };
    let above = if head.is_empty() {
        None
    } else {
        Some(bloc.as_str())
    };
    let mut doc = document().add_table(document_heading(
        above,
        &issuer,
        "TTr-…",
        Some(&format!("V/v đề nghị khen thưởng năm {year}")),
        &place_and_date(rules, meeting, year),
    ));
    let office = match province(rules) {
        Some(p) => format!("Sở Nội vụ tỉnh {p}"),
        None => "Sở Nội vụ".to_string(),
    };
    doc = doc
        .add_paragraph(centered("", BODY, false))
        .add_paragraph(centered("TỜ TRÌNH", BODY, true))
        .add_paragraph(centered(
            format!("Đề nghị khen thưởng các tập thể thuộc {bloc} năm {year}"),
            BODY,
            true,
        ))
        .add_paragraph(centered("", SMALL, false))
        .add_paragraph(centered(
            format!("Kính gửi: Ban Thi đua – Khen thưởng, {office}."),
            BODY,
            false,
        ))
        .add_paragraph(centered("", SMALL, false));
    let when = match meeting.date {
        Some((d, m, y)) => format!("ngày {d:02}/{m:02}/{y}"),
        None => "ngày …/…/……".to_string(),
    };
    doc = doc
        .add_paragraph(body(format!(
            "Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {year} của {bloc} và kết quả bỏ phiếu suy tôn tại hội nghị tổng kết của khối {when},"
        )))
        .add_paragraph(body(format!(
            "{} (Trưởng khối) kính đề nghị Ban Thi đua – Khen thưởng xem xét, trình cấp có thẩm quyền khen thưởng cho các tập thể sau:",
            if head.is_empty() { bloc.clone() } else { head.clone() }
        )));
    let cols = [
        (700, AlignmentType::Center),
        (2900, AlignmentType::Left),
        (2500, AlignmentType::Left),
        (1000, AlignmentType::Center),
        (900, AlignmentType::Center),
        (TEXT_WIDTH - 8000, AlignmentType::Center),
    ];
    let mut rows = Vec::new();
    for a in &tally.awards {
        for c in a
            .candidates
            .iter()
            .filter(|c| c.outcome == Outcome::Proposed)
        {
            let unit = report.units.iter().find(|u| u.id == c.unit);
            rows.push(vec![
                (rows.len() + 1).to_string(),
                c.name.clone(),
                a.award.clone(),
                unit.and_then(|u| u.total)
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "—".into()),
                unit.and_then(|u| u.rank)
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "—".into()),
                format!(
                    "{}/{} ({}%)",
                    c.agree,
                    a.base,
                    percent_text(c.agree, a.base)
                ),
            ]);
        }
    }
    if rows.is_empty() {
        doc = doc.add_paragraph(body("(Chưa có tập thể nào được đề nghị sau bỏ phiếu.)"));
    } else {
        doc = add_grid(
            doc,
            grid(
                &cols,
                &[
                    "STT",
                    "Tên tập thể",
                    "Hình thức khen thưởng",
                    "Tổng điểm",
                    "Xếp hạng",
                    "Phiếu đồng ý (tỷ lệ)",
                ],
                &rows,
            ),
        );
    }
    if let Some(undecided) = undecided_list(tally) {
        doc = doc.add_paragraph(body(format!(
            "Chưa đề nghị, chờ khối bỏ phiếu lại: {undecided}."
        )));
    }
    doc = doc
        .add_paragraph(body("Hồ sơ kèm theo:"))
        .add_paragraph(body(format!(
            "1. Bảng tổng hợp kết quả chấm điểm, xếp hạng thi đua năm {year} của {bloc};"
        )))
        .add_paragraph(body(
            "2. Biên bản họp bình xét, bỏ phiếu suy tôn khen thưởng của khối;",
        ))
        .add_paragraph(body(
            "3. Hồ sơ (báo cáo thành tích) của từng tập thể được đề nghị khen thưởng.",
        ))
        .add_paragraph(body(format!(
            "Kính đề nghị Ban Thi đua – Khen thưởng, {office} xem xét, tổng hợp./."
        )))
        .add_paragraph(centered("", SMALL, false));
    let half = TEXT_WIDTH / 2;
    let recipients = TableCell::new()
        .width(half, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(run("Nơi nhận:", 24).bold().italic()))
        .add_paragraph(Paragraph::new().add_run(run("- Như trên;", 22)))
        .add_paragraph(Paragraph::new().add_run(run("- Các đơn vị thành viên của khối;", 22)))
        .add_paragraph(Paragraph::new().add_run(run("- Lưu: VT.", 22)));
    let mut sign = TableCell::new()
        .width(TEXT_WIDTH - half, WidthType::Dxa)
        .add_paragraph(centered("TRƯỞNG KHỐI", SMALL, true));
    if !head.is_empty() {
        sign = sign.add_paragraph(centered(head.to_uppercase(), SMALL, true));
    }
    sign = sign.add_paragraph(
        para(AlignmentType::Center).add_run(run("(Ký, ghi rõ họ tên, đóng dấu)", SMALL).italic()),
    );
    doc = doc.add_table(
        Table::without_borders(vec![TableRow::new(vec![recipients, sign]).cant_split()])
            .set_grid(vec![half, TEXT_WIDTH - half])
            .width(TEXT_WIDTH, WidthType::Dxa),
    );
    pack(doc, year)
}

#[cfg(test)]
mod tests {
    use super::{Meeting, listed, next_year_roles, percent_text, signer};

    #[test]
    fn next_year_roles_or_blanks() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(listed(&names(&["A", "B, C", "D"])), "A; B, C và D");
        let mut meeting = Meeting::default();
        assert_eq!(
            next_year_roles(&meeting, 2026),
            "Hội nghị thống nhất bầu …………………… làm Trưởng khối, …………………… làm Phó khối năm 2026."
        );
        meeting.next_year = Some(("Sở Y tế".into(), names(&["Sở Nội vụ"])));
        assert_eq!(
            next_year_roles(&meeting, 2026),
            "Hội nghị thống nhất bầu Sở Y tế làm Trưởng khối, Sở Nội vụ làm Phó khối năm 2026."
        );
        meeting.next_year = Some(("Sở Y tế".into(), Vec::new()));
        assert_eq!(
            next_year_roles(&meeting, 2026),
            "Hội nghị thống nhất bầu Sở Y tế làm Trưởng khối năm 2026."
        );
    }

    #[test]
    fn percent_rounds_half_up_with_a_comma() {
        assert_eq!(percent_text(5, 9), "55,6");
        assert_eq!(percent_text(9, 9), "100,0");
        assert_eq!(percent_text(1, 0), "—");
    }

    #[test]
    fn a_signature_carries_the_name_without_the_position() {
        assert_eq!(
            signer(Some("Nguyễn Văn An, Giám đốc Sở Y tế")),
            "Nguyễn Văn An"
        );
        assert_eq!(signer(Some(" Trần Thị Bình ")), "Trần Thị Bình");
        assert_eq!(signer(None), "");
    }
}
