//! The consolidated workbook, read back cell by cell with calamine.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use thidua::issue::{self, Code, Issue, Params};

/// A finding with a message of the test's own (the writer shows whatever
/// message a finding holds).
fn finding(code: Code, message: &str) -> Issue {
    Issue {
        message: message.into(),
        ..Issue::new(code, Params::new())
    }
}
use thidua::report::{BlocInfo, Report, ScorePair, Source, Status, UnitDetail, UnitResult};
use thidua::rules::{Period, Rules};
use thidua::score::Score;
use thidua::write::{WriteError, write_consolidated};

const RULES: &str = r#"
[bloc]
name = "Khối Văn hóa – Xã hội"
year = 2025
scale = 100

[[units]]
id = "SYT"
name = "Sở Y tế"
role = "head"

[[units]]
id = "SGDDT"
name = "Sở Giáo dục và Đào tạo"

[[units]]
id = "SVHTTDL"
name = "Sở Văn hóa, Thể thao và Du lịch"

[[units]]
id = "DPTTH"
name = "Đài Phát thanh và Truyền hình tỉnh"

[[criteria]]
code = "I"
title = "Thực hiện nhiệm vụ chuyên môn"
max = 60

[[criteria]]
code = "I.1"
title = "Hoàn thành các chỉ tiêu được giao"
max = 40

[[criteria]]
code = "I.2"
title = "Chế độ thông tin, báo cáo"
max = 20

[[criteria]]
code = "II"
title = "Công tác thi đua, khen thưởng"
max = 40

[[criteria]]
code = "III"
title = "Điểm thưởng"
kind = "bonus"
max = 5

[[criteria]]
code = "III.1"
title = "Đơn vị trưởng khối"
max = 3

[[criteria]]
code = "III.2"
title = "Có sáng kiến được công nhận"
max = 2

[[criteria]]
code = "IV"
title = "Điểm trừ"
kind = "deduction"
max = 10

[[criteria]]
code = "IV.1"
title = "Chậm gửi báo cáo (mỗi lần)"
max = 5

[[criteria]]
code = "V"
title = "Trường hợp không xét khen thưởng"
kind = "disqualifier"

[[criteria]]
code = "V.1"
title = "Tập thể có cá nhân bị xử lý kỷ luật từ khiển trách trở lên"

[[awards]]
name = "Cờ thi đua của UBND tỉnh"
count = 1

[[awards]]
name = "Bằng khen của Chủ tịch UBND tỉnh"
share = 0.5
"#;

const TIE_AT_CUTOFF: &str = "Sở Giáo dục và Đào tạo và Sở Văn hóa, Thể thao và Du lịch cùng 68,5 điểm tại ngưỡng \
                             Bằng khen của Chủ tịch UBND tỉnh; khối cần bỏ phiếu.";
const DISQUALIFIED_NOTE: &str = "Thuộc trường hợp không xét khen thưởng (tiêu chí V.1).";
const MISSING_SCORE: &str = "Thiếu điểm tự chấm của tiêu chí I.2 ở ô D9. Hãy ghi điểm rồi gửi lại.";

fn s(text: &str) -> Score {
    Score::parse(text).expect("test score")
}

fn rules(period: &str) -> Rules {
    let source = RULES.replace(
        "scale = 100",
        &format!("scale = 100\nperiod = \"{period}\""),
    );
    Rules::parse(&source, "quy-dinh.toml").expect("test rules")
}

fn pairs(values: &[(&str, Option<&str>, Option<&str>)]) -> BTreeMap<String, ScorePair> {
    values
        .iter()
        .map(|(code, own, reviewed)| {
            (
                code.to_string(),
                ScorePair {
                    self_score: own.map(s),
                    reviewed: reviewed.map(s),
                    ..ScorePair::default()
                },
            )
        })
        .collect()
}

fn unit(id: &str, name: &str, status: Status) -> UnitResult {
    UnitResult {
        id: id.into(),
        name: name.into(),
        status,
        file: None,
        scores: BTreeMap::new(),
        self_total: None,
        total: None,
        rank: None,
        award: None,
        disqualified: false,
        detail: UnitDetail::default(),
    }
}

/// Four units: one reviewed by the bloc, two tied at 68,5 (one of them
/// disqualified), one missing.
fn annual_report() -> Report {
    let mut syt = unit("SYT", "Sở Y tế", Status::Ok);
    syt.file = Some("bai-nop/so-y-te.xlsx".into());
    syt.scores = pairs(&[
        ("I", Some("55,5"), Some("54")),
        ("I.1", Some("38"), Some("37")),
        ("I.2", Some("17,5"), Some("17")),
        ("II", Some("37"), Some("36,5")),
        ("III", Some("3"), Some("3")),
        ("III.1", Some("3"), Some("3")),
        ("III.2", Some("0"), Some("0")),
        ("IV", Some("0"), Some("0")),
        ("IV.1", Some("0"), Some("0")),
    ]);
    syt.self_total = Some(s("95,5"));
    syt.total = Some(s("93,5"));
    syt.rank = Some(1);
    syt.award = Some("Cờ thi đua của UBND tỉnh".into());
    syt.detail = UnitDetail {
        bonus: Some(s("3")),
        deduction: Some(Score::ZERO),
        reviewed: true,
        tied: false,
        award_notes: vec![],
        history: None,
    };

    let mut gd = unit("SGDDT", "Sở Giáo dục và Đào tạo", Status::Ok);
    gd.file = Some("bai-nop/so-gddt.xls".into());
    gd.scores = pairs(&[
        ("I", Some("35"), None),
        ("I.1", Some("35"), None),
        ("I.2", None, None),
        ("II", Some("32"), None),
        ("III", Some("2"), None),
        ("III.1", Some("0"), None),
        ("III.2", Some("2"), None),
        ("IV", Some("0,5"), None),
        ("IV.1", Some("0,5"), None),
    ]);
    gd.self_total = Some(s("68,5"));
    gd.total = Some(s("68,5"));
    gd.rank = Some(2);
    gd.award = Some("Bằng khen của Chủ tịch UBND tỉnh".into());
    gd.detail = UnitDetail {
        bonus: Some(s("2")),
        deduction: Some(s("0,5")),
        reviewed: false,
        tied: true,
        award_notes: vec![],
        history: None,
    };

    let mut vh = unit("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", Status::Ok);
    vh.file = Some("bai-nop/so-vhttdl.ods".into());
    vh.scores = pairs(&[
        ("I", Some("35,5"), None),
        ("I.1", Some("23"), None),
        ("I.2", Some("12,5"), None),
        ("II", Some("33"), None),
        ("III", Some("0"), None),
        ("IV", Some("0"), None),
    ]);
    vh.self_total = Some(s("68,5"));
    vh.total = Some(s("68,5"));
    vh.rank = Some(2);
    vh.disqualified = true;
    vh.detail = UnitDetail {
        bonus: Some(Score::ZERO),
        deduction: Some(Score::ZERO),
        reviewed: false,
        tied: true,
        award_notes: vec![DISQUALIFIED_NOTE.into()],
        history: None,
    };

    let dp = unit(
        "DPTTH",
        "Đài Phát thanh và Truyền hình tỉnh",
        Status::Missing,
    );

    let mut issues = vec![
        finding(
            Code::TitleChanged,
            "Tên tiêu chí II được sửa thành \"Thi đua, khen thưởng\"; vẫn khớp với quy định.",
        )
        .unit("SYT")
        .file("bai-nop/so-y-te.xlsx")
        .sheet("Bảng chấm điểm")
        .cell("B12")
        .criterion("II"),
        finding(Code::ScoreMissing, MISSING_SCORE)
            .unit("SGDDT")
            .file("bai-nop/so-gddt.xls")
            .sheet("Sheet1")
            .cell("D9")
            .criterion("I.2"),
        finding(
            Code::TieInRanking,
            "Bằng điểm với Sở Văn hóa, Thể thao và Du lịch, cùng hạng 2.",
        )
        .unit("SGDDT"),
        finding(
            Code::TieInRanking,
            "Bằng điểm với Sở Giáo dục và Đào tạo, cùng hạng 2.",
        )
        .unit("SVHTTDL"),
        finding(
            Code::Disqualified,
            "Đơn vị thuộc trường hợp không xét khen thưởng: tiêu chí V.1.",
        )
        .unit("SVHTTDL")
        .file("bai-nop/so-vhttdl.ods")
        .sheet("Chấm điểm")
        .cell("D20")
        .criterion("V.1"),
        finding(
            Code::MissingUnit,
            "Chưa nhận được bảng tự chấm của Đài Phát thanh và Truyền hình tỉnh.",
        )
        .unit("DPTTH"),
        finding(Code::TieAtAwardCutoff, TIE_AT_CUTOFF),
        finding(
            Code::UnreadableFile,
            "Không đọc được tệp: tệp bị hỏng. Hãy xin đơn vị gửi lại.",
        )
        .file("nop-muon/bang-cham.xls"),
    ];
    issue::sort(&mut issues);

    let source = |file: &str,
                  format: &str,
                  sheet: Option<&str>,
                  unit: Option<&str>,
                  rows: usize,
                  sha: Option<&str>| Source {
        file: file.into(),
        sha256: sha.map(str::to_string),
        format: format.into(),
        sheet: sheet.map(str::to_string),
        unit: unit.map(str::to_string),
        rows_read: rows,
        encoding: match format {
            "xlsx" => Some("unicode".to_string()),
            "ods" => Some("tcvn3".to_string()),
            _ => None,
        },
        ..Source::default()
    };
    Report {
        bloc: BlocInfo {
            name: "Khối Văn hóa – Xã hội".into(),
            year: 2025,
            period: Period::Annual,
        },
        units: vec![syt, gd, vh, dp],
        issues,
        measures: Default::default(),
        sources: vec![
            source(
                "bai-nop/so-y-te.xlsx",
                "xlsx",
                Some("Bảng chấm điểm"),
                Some("SYT"),
                9,
                Some(&"a1".repeat(32)),
            ),
            source(
                "bai-nop/so-gddt.xls",
                "xls",
                Some("Sheet1"),
                Some("SGDDT"),
                8,
                Some(&"b2".repeat(32)),
            ),
            source(
                "bai-nop/so-vhttdl.ods",
                "ods",
                Some("Chấm điểm"),
                Some("SVHTTDL"),
                11,
                Some(&"c3".repeat(32)),
            ),
            source("nop-muon/bang-cham.xls", "xls", None, None, 0, None),
        ],
    }
}

/// Two units at mid-year: no review, no awards, no issues, no files.
fn half_year_report() -> Report {
    let mut a = unit("SYT", "Sở Y tế", Status::Ok);
    a.scores = pairs(&[
        ("I", Some("30"), None),
        ("I.1", Some("20"), None),
        ("I.2", Some("10"), None),
        ("II", Some("18,25"), None),
    ]);
    a.self_total = Some(s("48,25"));
    a.total = Some(s("48,25"));
    a.rank = Some(1);
    let mut b = unit("SGDDT", "Sở Giáo dục và Đào tạo", Status::Ok);
    b.scores = pairs(&[
        ("I", Some("25"), None),
        ("I.1", Some("15"), None),
        ("I.2", Some("10"), None),
        ("II", Some("20"), None),
    ]);
    b.self_total = Some(s("45"));
    b.total = Some(s("45"));
    b.rank = Some(2);
    let c = unit(
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        Status::Rejected,
    );
    let d = unit(
        "DPTTH",
        "Đài Phát thanh và Truyền hình tỉnh",
        Status::Missing,
    );
    Report {
        bloc: BlocInfo {
            name: "Khối Văn hóa – Xã hội".into(),
            year: 2025,
            period: Period::HalfYear,
        },
        units: vec![a, b, c, d],
        issues: vec![],
        measures: Default::default(),
        sources: vec![],
    }
}

struct Book {
    sheets: Vec<(String, Range<Data>)>,
}

impl Book {
    fn read(path: &Path) -> Book {
        let mut xlsx: Xlsx<_> = open_workbook(path).expect("open written workbook");
        let names = xlsx.sheet_names();
        let sheets = names
            .into_iter()
            .map(|name| {
                let range = xlsx.worksheet_range(&name).expect("read sheet");
                (name, range)
            })
            .collect();
        Book { sheets }
    }

    fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    fn sheet(&self, name: &str) -> Sheet<'_> {
        let range = &self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
            .1;
        Sheet {
            name: name.to_string(),
            range,
        }
    }
}

struct Sheet<'a> {
    name: String,
    range: &'a Range<Data>,
}

impl Sheet<'_> {
    fn get(&self, row: u32, col: u32) -> Data {
        self.range
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    fn text(&self, row: u32, col: u32, expected: &str) {
        assert_eq!(
            self.get(row, col),
            Data::String(expected.into()),
            "{}!R{}C{}",
            self.name,
            row + 1,
            col + 1
        );
    }

    fn num(&self, row: u32, col: u32, expected: f64) {
        assert_eq!(
            self.get(row, col),
            Data::Float(expected),
            "{}!R{}C{}",
            self.name,
            row + 1,
            col + 1
        );
    }

    fn empty(&self, row: u32, col: u32) {
        assert_eq!(
            self.get(row, col),
            Data::Empty,
            "{}!R{}C{}",
            self.name,
            row + 1,
            col + 1
        );
    }

    /// A row given as expected cells; `None` means an empty cell.
    fn row(&self, row: u32, cells: &[Cell]) {
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u32;
            match cell {
                Cell::T(t) => self.text(row, col, t),
                Cell::N(n) => self.num(row, col, *n),
                Cell::E => self.empty(row, col),
            }
        }
    }

    fn rows(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r + 1)
    }
}

enum Cell {
    T(&'static str),
    N(f64),
    E,
}
use Cell::{E, N, T};

fn write(rules: &Rules, report: &Report) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tong-hop.xlsx");
    write_consolidated(rules, report, &path).expect("write workbook");
    (dir, path)
}

/// The workbook `write_consolidated` writes for `report`, read back.
fn written(rules: &Rules, report: &Report) -> Book {
    let (_dir, path) = write(rules, report);
    Book::read(&path)
}

fn zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut entry = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"));
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("read entry");
    text
}

#[test]
fn sheets_in_order() {
    let book = written(&rules("annual"), &annual_report());
    assert_eq!(
        book.names(),
        [
            "Tổng hợp",
            "Chi tiết",
            "Đề nghị khen thưởng",
            "Kiểm tra",
            "Ghi chú, minh chứng",
            "Nguồn",
            "thidua-report"
        ]
    );
}

#[test]
fn summary_ranks_units_with_notes() {
    let book = written(&rules("annual"), &annual_report());
    let sh = book.sheet("Tổng hợp");
    sh.text(4, 0, "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2025");
    sh.text(0, 0, "KHỐI VĂN HÓA – XÃ HỘI");
    sh.text(5, 0, "Kỳ chấm điểm: tổng kết năm 2025");
    sh.row(
        7,
        &[
            T("STT"),
            T("Đơn vị"),
            T("Tự chấm"),
            T("Khối chấm"),
            T("Điểm thưởng"),
            T("Điểm trừ"),
            T("Tổng điểm"),
            T("Xếp hạng"),
            T("Đề nghị khen thưởng"),
            T("Ghi chú"),
        ],
    );
    sh.row(
        8,
        &[
            N(1.0),
            T("Sở Y tế"),
            N(95.5),
            N(93.5),
            N(3.0),
            N(0.0),
            N(93.5),
            N(1.0),
            T("Cờ thi đua của UBND tỉnh"),
            E,
        ],
    );
    sh.row(
        9,
        &[
            N(2.0),
            T("Sở Giáo dục và Đào tạo"),
            N(68.5),
            E,
            N(2.0),
            N(0.5),
            N(68.5),
            N(2.0),
            T("Bằng khen của Chủ tịch UBND tỉnh"),
            T("Bằng điểm"),
        ],
    );
    sh.row(
        10,
        &[
            N(3.0),
            T("Sở Văn hóa, Thể thao và Du lịch"),
            N(68.5),
            E,
            N(0.0),
            N(0.0),
            N(68.5),
            N(2.0),
            E,
            T("Bằng điểm. Thuộc trường hợp không xét khen thưởng"),
        ],
    );
    sh.row(
        11,
        &[
            N(4.0),
            T("Đài Phát thanh và Truyền hình tỉnh"),
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            T("Chưa nộp bảng tự chấm"),
        ],
    );
    sh.row(12, &[E, E, E, E, E, E, E, E, E, E]);
    assert!(
        matches!(sh.get(13, 0), Data::String(t) if t.starts_with("Tổng điểm là điểm khối chấm"))
    );
}

#[test]
fn detail_has_every_criterion_and_both_scores() {
    let book = written(&rules("annual"), &annual_report());
    let sh = book.sheet("Chi tiết");
    sh.text(4, 0, "BẢNG ĐIỂM CHI TIẾT THEO TIÊU CHÍ NĂM 2025");
    sh.row(
        7,
        &[
            T("STT"),
            T("Nội dung tiêu chí"),
            T("Điểm tối đa"),
            T("Sở Y tế"),
            E,
            T("Sở Giáo dục và Đào tạo"),
            E,
            T("Sở Văn hóa, Thể thao và Du lịch"),
            E,
            T("Đài Phát thanh và Truyền hình tỉnh"),
            E,
        ],
    );
    sh.row(
        8,
        &[
            E,
            E,
            E,
            T("Tự chấm"),
            T("Khối chấm"),
            T("Tự chấm"),
            T("Khối chấm"),
            T("Tự chấm"),
            T("Khối chấm"),
            T("Tự chấm"),
            T("Khối chấm"),
        ],
    );
    #[rustfmt::skip]
    let expected: [(u32, [Cell; 11]); 11] = [
        (9, [T("I"), T("Thực hiện nhiệm vụ chuyên môn"), N(60.0), N(55.5), N(54.0), N(35.0), E, N(35.5), E, E, E]),
        (10, [T("1"), T("Hoàn thành các chỉ tiêu được giao"), N(40.0), N(38.0), N(37.0), N(35.0), E, N(23.0), E, E, E]),
        (11, [T("2"), T("Chế độ thông tin, báo cáo"), N(20.0), N(17.5), N(17.0), E, E, N(12.5), E, E, E]),
        (12, [T("II"), T("Công tác thi đua, khen thưởng"), N(40.0), N(37.0), N(36.5), N(32.0), E, N(33.0), E, E, E]),
        (13, [T("III"), T("Điểm thưởng"), N(5.0), N(3.0), N(3.0), N(2.0), E, N(0.0), E, E, E]),
        (14, [T("1"), T("Đơn vị trưởng khối"), N(3.0), N(3.0), N(3.0), N(0.0), E, E, E, E, E]),
        (15, [T("2"), T("Có sáng kiến được công nhận"), N(2.0), N(0.0), N(0.0), N(2.0), E, E, E, E, E]),
        (16, [T("IV"), T("Điểm trừ"), N(10.0), N(0.0), N(0.0), N(0.5), E, N(0.0), E, E, E]),
        (17, [T("1"), T("Chậm gửi báo cáo (mỗi lần)"), N(5.0), N(0.0), N(0.0), N(0.5), E, E, E, E, E]),
        (18, [T("V"), T("Trường hợp không xét khen thưởng"), E, E, E, E, E, T("Có"), E, E, E]),
        (19, [T("1"), T("Tập thể có cá nhân bị xử lý kỷ luật từ khiển trách trở lên"), E, E, E, E, E, T("Có"), E, E, E]),
    ];
    for (row, cells) in &expected {
        sh.row(*row, cells);
    }
    sh.row(
        20,
        &[
            E,
            T("Tổng điểm tự chấm"),
            E,
            N(95.5),
            E,
            N(68.5),
            E,
            N(68.5),
            E,
            E,
            E,
        ],
    );
    sh.row(
        21,
        &[
            E,
            T("Tổng điểm"),
            E,
            N(93.5),
            E,
            N(68.5),
            E,
            N(68.5),
            E,
            E,
            E,
        ],
    );
    assert!(
        sh.rows() <= 24,
        "nothing stray below the table: {} rows",
        sh.rows()
    );
}

#[test]
fn detail_flags_error_cells_with_a_note() {
    let (_dir, path) = write(&rules("annual"), &annual_report());
    // "Chi tiết" is the second sheet; SGDDT's self-score of I.2 is F9.
    let comments = zip_entry(&path, "xl/comments1.xml");
    assert!(comments.contains(r#"ref="F12""#), "{comments}");
    assert!(comments.contains(MISSING_SCORE), "{comments}");
    assert_eq!(
        comments.matches("<comment ").count(),
        1,
        "only error-level findings get a note: {comments}"
    );
    let rels = zip_entry(&path, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(
        rels.contains("comments1.xml"),
        "the note belongs to Chi tiết: {rels}"
    );
    let book = Book::read(&path);
    assert!(
        matches!(book.sheet("Chi tiết").get(23, 0), Data::String(t) if t.starts_with("Ô nền đỏ là ô có lỗi"))
    );
}

#[test]
fn awards_grouped_with_notes_on_ties_and_ineligible_units() {
    let book = written(&rules("annual"), &annual_report());
    let sh = book.sheet("Đề nghị khen thưởng");
    sh.text(4, 0, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025");
    sh.row(
        7,
        &[
            T("STT"),
            T("Tên tập thể"),
            T("Hình thức khen thưởng"),
            T("Tổng điểm"),
            T("Xếp hạng"),
        ],
    );
    sh.row(8, &[T("I"), T("Cờ thi đua của UBND tỉnh"), E, E, E]);
    sh.row(
        9,
        &[
            N(1.0),
            T("Sở Y tế"),
            T("Cờ thi đua của UBND tỉnh"),
            N(93.5),
            N(1.0),
        ],
    );
    sh.row(
        10,
        &[T("II"), T("Bằng khen của Chủ tịch UBND tỉnh"), E, E, E],
    );
    sh.row(
        11,
        &[
            N(1.0),
            T("Sở Giáo dục và Đào tạo"),
            T("Bằng khen của Chủ tịch UBND tỉnh"),
            N(68.5),
            N(2.0),
        ],
    );
    sh.row(12, &[E, E, E, E, E]);
    sh.text(13, 0, "Ghi chú:");
    sh.text(
        14,
        0,
        &format!("- Sở Văn hóa, Thể thao và Du lịch: {DISQUALIFIED_NOTE}"),
    );
    sh.text(15, 0, &format!("- {TIE_AT_CUTOFF}"));
    // The signatures: the preparer on the left, the head of the bloc (the
    // head unit) on the right.
    sh.text(17, 0, "NGƯỜI LẬP BIỂU");
    sh.text(17, 2, "TRƯỞNG KHỐI");
    sh.text(18, 0, "(Ký, ghi rõ họ tên)");
    sh.text(18, 2, "SỞ Y TẾ");
    sh.text(19, 2, "(Ký, ghi rõ họ tên, đóng dấu)");
    assert_eq!(sh.rows(), 20);
}

#[test]
fn issues_grouped_by_unit_with_autofilter() {
    let (_dir, path) = write(&rules("annual"), &annual_report());
    let book = Book::read(&path);
    let sh = book.sheet("Kiểm tra");
    sh.text(4, 0, "KẾT QUẢ KIỂM TRA CÁC BẢNG TỰ CHẤM ĐIỂM");
    sh.text(6, 0, "Có 2 lỗi, 2 cảnh báo, 4 thông tin.");
    sh.row(
        7,
        &[
            T("Mức độ"),
            T("Mã"),
            T("Đơn vị"),
            T("Tệp"),
            T("Trang tính"),
            T("Ô"),
            T("Tiêu chí"),
            T("Nội dung"),
        ],
    );
    #[rustfmt::skip]
    let expected: Vec<(u32, Vec<Cell>)> = vec![
        (8, vec![T("Sở Y tế"), E, E, E, E, E, E, E]),
        (9, vec![T("Thông tin"), T("title-changed"), T("Sở Y tế"), T("bai-nop/so-y-te.xlsx"), T("Bảng chấm điểm"), T("B12"),
                 T("II. Công tác thi đua, khen thưởng"), T("Tên tiêu chí II được sửa thành \"Thi đua, khen thưởng\"; vẫn khớp với quy định.")]),
        (10, vec![T("Sở Giáo dục và Đào tạo"), E, E, E, E, E, E, E]),
        (11, vec![T("Thông tin"), T("tie-in-ranking"), T("Sở Giáo dục và Đào tạo"), E, E, E, E,
                 T("Bằng điểm với Sở Văn hóa, Thể thao và Du lịch, cùng hạng 2.")]),
        (12, vec![T("Lỗi"), T("score-missing"), T("Sở Giáo dục và Đào tạo"), T("bai-nop/so-gddt.xls"), T("Sheet1"), T("D9"),
                 T("I.2. Chế độ thông tin, báo cáo"), T(MISSING_SCORE)]),
        (13, vec![T("Sở Văn hóa, Thể thao và Du lịch"), E, E, E, E, E, E, E]),
        (14, vec![T("Thông tin"), T("tie-in-ranking"), T("Sở Văn hóa, Thể thao và Du lịch"), E, E, E, E,
                  T("Bằng điểm với Sở Giáo dục và Đào tạo, cùng hạng 2.")]),
        (15, vec![T("Thông tin"), T("disqualified"), T("Sở Văn hóa, Thể thao và Du lịch"), T("bai-nop/so-vhttdl.ods"), T("Chấm điểm"),
                  T("D20"), T("V.1. Tập thể có cá nhân bị xử lý kỷ luật từ khiển trách trở lên"),
                  T("Đơn vị thuộc trường hợp không xét khen thưởng: tiêu chí V.1.")]),
        (16, vec![T("Đài Phát thanh và Truyền hình tỉnh"), E, E, E, E, E, E, E]),
        (17, vec![T("Cảnh báo"), T("missing-unit"), T("Đài Phát thanh và Truyền hình tỉnh"), E, E, E, E,
                  T("Chưa nhận được bảng tự chấm của Đài Phát thanh và Truyền hình tỉnh.")]),
        (18, vec![T("Chưa xác định được đơn vị"), E, E, E, E, E, E, E]),
        (19, vec![T("Cảnh báo"), T("tie-at-award-cutoff"), E, E, E, E, E, T(TIE_AT_CUTOFF)]),
        (20, vec![T("Lỗi"), T("unreadable-file"), E, T("nop-muon/bang-cham.xls"), E, E, E,
                  T("Không đọc được tệp: tệp bị hỏng. Hãy xin đơn vị gửi lại.")]),
    ];
    for (row, cells) in &expected {
        sh.row(*row, cells);
    }
    assert_eq!(sh.rows(), 21);
    let xml = zip_entry(&path, "xl/worksheets/sheet4.xml");
    assert!(xml.contains(r#"<autoFilter ref="A8:H21"/>"#), "{xml}");
}

#[test]
fn sources_listed() {
    let book = written(&rules("annual"), &annual_report());
    let sh = book.sheet("Nguồn");
    sh.row(
        7,
        &[
            T("Tệp"),
            T("Định dạng"),
            T("Bảng mã"),
            T("Trang tính"),
            T("Đơn vị"),
            T("Số dòng tiêu chí đọc được"),
            T("SHA-256"),
        ],
    );
    let a1 = "a1".repeat(32);
    sh.row(
        8,
        &[
            T("bai-nop/so-y-te.xlsx"),
            T("xlsx"),
            T("Unicode"),
            T("Bảng chấm điểm"),
            T("Sở Y tế"),
            N(9.0),
        ],
    );
    sh.text(8, 6, &a1);
    sh.row(
        9,
        &[
            T("bai-nop/so-gddt.xls"),
            T("xls"),
            E,
            T("Sheet1"),
            T("Sở Giáo dục và Đào tạo"),
            N(8.0),
        ],
    );
    sh.row(
        10,
        &[
            T("bai-nop/so-vhttdl.ods"),
            T("ods"),
            T("TCVN3 (ABC)"),
            T("Chấm điểm"),
            T("Sở Văn hóa, Thể thao và Du lịch"),
            N(11.0),
        ],
    );
    sh.text(10, 6, &"c3".repeat(32));
    sh.row(
        11,
        &[T("nop-muon/bang-cham.xls"), T("xls"), E, E, E, N(0.0), E],
    );
    assert_eq!(sh.rows(), 12);
}

#[test]
fn page_setup_and_properties() {
    let (_dir, path) = write(&rules("annual"), &annual_report());
    let summary = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(summary.contains(r#"paperSize="9""#), "A4: {summary}");
    assert!(summary.contains(r#"orientation="landscape""#), "{summary}");
    assert!(summary.contains(r#"fitToHeight="0""#), "{summary}");
    // Page numbers (Nghị định 30/2020): top centre, from the second page.
    for n in 1..=5 {
        let sheet = zip_entry(&path, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains(r#"<headerFooter differentFirst="1"><oddHeader>&amp;C"#),
            "sheet {n}: {sheet}"
        );
        assert!(sheet.contains("&amp;P</oddHeader>"), "sheet {n}");
        assert!(
            !sheet.contains("<firstHeader>") && !sheet.contains("oddFooter"),
            "sheet {n}"
        );
    }
    assert!(
        summary.contains(r#"<pane ySplit="8" topLeftCell="A9""#),
        "{summary}"
    );
    let awards = zip_entry(&path, "xl/worksheets/sheet3.xml");
    assert!(!awards.contains("landscape"), "the award list is portrait");
    let workbook = zip_entry(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeat: {workbook}"
    );
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(core.contains("2025-01-01T00:00:00Z"), "{core}");
    assert!(
        core.contains("Bảng tổng hợp kết quả chấm điểm thi đua năm 2025 – Khối Văn hóa – Xã hội"),
        "{core}"
    );
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(
        styles.contains(r#"<name val="Times New Roman"/>"#),
        "{styles}"
    );
    assert!(
        !styles.contains("Calibri"),
        "Times New Roman everywhere: {styles}"
    );
}

#[test]
fn half_year_has_no_award_proposals() {
    let book = written(&rules("half-year"), &half_year_report());
    let sh = book.sheet("Tổng hợp");
    sh.text(5, 0, "Kỳ chấm điểm: sơ kết 6 tháng đầu năm 2025");
    sh.row(
        8,
        &[
            N(1.0),
            T("Sở Y tế"),
            N(48.25),
            E,
            E,
            E,
            N(48.25),
            N(1.0),
            E,
            E,
        ],
    );
    sh.row(
        9,
        &[
            N(2.0),
            T("Sở Giáo dục và Đào tạo"),
            N(45.0),
            E,
            E,
            E,
            N(45.0),
            N(2.0),
            E,
            E,
        ],
    );
    sh.row(
        10,
        &[
            N(3.0),
            T("Sở Văn hóa, Thể thao và Du lịch"),
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            T("Bảng tự chấm không dùng được"),
        ],
    );
    sh.row(
        11,
        &[
            N(4.0),
            T("Đài Phát thanh và Truyền hình tỉnh"),
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            T("Chưa nộp bảng tự chấm"),
        ],
    );

    let detail = book.sheet("Chi tiết");
    detail.row(
        7,
        &[
            T("STT"),
            T("Nội dung tiêu chí"),
            T("Điểm tối đa"),
            T("Sở Y tế"),
            T("Sở Giáo dục và Đào tạo"),
        ],
    );
    detail.row(
        8,
        &[
            E,
            E,
            E,
            T("Tự chấm"),
            T("Tự chấm"),
            T("Tự chấm"),
            T("Tự chấm"),
            E,
        ],
    );
    detail.row(
        12,
        &[
            T("II"),
            T("Công tác thi đua, khen thưởng"),
            N(40.0),
            N(18.25),
            N(20.0),
            E,
            E,
            E,
        ],
    );
    detail.row(
        20,
        &[E, T("Tổng điểm tự chấm"), E, N(48.25), N(45.0), E, E, E],
    );
    detail.row(21, &[E, T("Tổng điểm"), E, N(48.25), N(45.0), E, E, E]);

    let awards = book.sheet("Đề nghị khen thưởng");
    awards.text(
        7,
        0,
        "Kỳ sơ kết 6 tháng không xét đề nghị khen thưởng; danh sách đề nghị khen thưởng chỉ lập khi tổng kết năm.",
    );
    assert_eq!(awards.rows(), 8, "no award table in a half-year review");
    book.sheet("Kiểm tra")
        .text(7, 0, "Không có lỗi hay cảnh báo nào.");
    book.sheet("Nguồn").text(7, 0, "Không có tệp nào được đọc.");
}

#[test]
fn same_report_same_workbook() {
    let rules = rules("annual");
    let report = annual_report();
    let (_d1, first) = write(&rules, &report);
    let (_d2, second) = write(&rules, &report);
    let (a, b) = (Book::read(&first), Book::read(&second));
    assert_eq!(a.names(), b.names());
    for ((name, ra), (_, rb)) in a.sheets.iter().zip(&b.sheets) {
        assert_eq!(ra.start(), rb.start(), "{name}");
        assert_eq!(ra.end(), rb.end(), "{name}");
        let cells_a: Vec<_> = ra.cells().collect();
        let cells_b: Vec<_> = rb.cells().collect();
        assert_eq!(cells_a, cells_b, "{name}");
        assert!(!cells_a.is_empty(), "{name}");
    }
    let bytes = |p: &Path| std::fs::read(p).expect("read");
    assert_eq!(bytes(&first), bytes(&second), "byte for byte");
}

#[test]
fn missing_folder_is_explained_in_vietnamese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("khong-co").join("tong-hop.xlsx");
    let err = write_consolidated(&rules("annual"), &annual_report(), &path).expect_err("no folder");
    assert!(matches!(err, WriteError::NoFolder { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("không tồn tại"), "{text}");
    assert!(text.contains("khong-co"), "{text}");

    let err =
        write_consolidated(&rules("annual"), &annual_report(), dir.path()).expect_err("a folder");
    assert!(err.to_string().starts_with("Không ghi được tệp"), "{err}");
}

#[test]
fn odd_reports_do_not_panic() {
    let rules = rules("annual");
    // No units at all, an unknown unit and criterion, a huge message.
    let mut report = annual_report();
    report.units.clear();
    report.issues.push(
        finding(Code::ScoreOverMax, &"x".repeat(40_000))
            .unit("KHONGCO")
            .criterion("IX.9")
            .severity(thidua::issue::Severity::Error),
    );
    report.bloc.year = -5;
    let book = written(&rules, &report);
    // Six sheets and the very hidden one carrying the JSON report (the
    // 40,000-character message cut into pieces a cell holds).
    assert_eq!(book.names().len(), 7);
    let sh = book.sheet("Kiểm tra");
    let long = (8..sh.rows()).find_map(|r| match sh.get(r, 7) {
        Data::String(t) if t.starts_with("xxx") => Some(t),
        _ => None,
    });
    assert!(long.is_some_and(|t| t.ends_with('…') && t.chars().count() < 33_000));

    // A unit holding an award the rules do not list keeps its row.
    let mut report = annual_report();
    report.units[2].award = Some("Giấy khen".into());
    let book = written(&rules, &report);
    let awards = book.sheet("Đề nghị khen thưởng");
    awards.row(12, &[T("III"), T("Giấy khen"), E, E, E]);
    awards.row(
        13,
        &[
            N(1.0),
            T("Sở Văn hóa, Thể thao và Du lịch"),
            T("Giấy khen"),
            N(68.5),
            N(2.0),
        ],
    );
}

/// The formulas of one sheet, by absolute (row, column).
fn formula(path: &Path, sheet: &str, row: u32, col: u32) -> String {
    let mut xlsx: Xlsx<_> = open_workbook(path).expect("open written workbook");
    let range = xlsx.worksheet_formula(sheet).expect("formulas");
    range.get_value((row, col)).cloned().unwrap_or_default()
}

#[test]
fn heading_block_and_signatures_follow_decree_30() {
    let (_dir, path) = write(&rules("annual"), &annual_report());
    let book = Book::read(&path);
    let sh = book.sheet("Tổng hợp");
    sh.text(0, 0, "KHỐI VĂN HÓA – XÃ HỘI");
    sh.text(0, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    sh.text(1, 5, "Độc lập - Tự do - Hạnh phúc");
    sh.text(2, 5, "……………, ngày …… tháng …… năm 2025");
    // The unit rows end at row 11; explanation at 13; signatures from 15.
    sh.text(15, 0, "NGƯỜI LẬP BIỂU");
    sh.text(15, 5, "TRƯỞNG KHỐI");
    sh.text(16, 5, "SỞ Y TẾ");
    sh.text(17, 5, "(Ký, ghi rõ họ tên, đóng dấu)");
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(
        styles.contains(r#"<u/>"#),
        "the Tiêu ngữ is ruled: {styles}"
    );
}

#[test]
fn totals_are_formulas_over_the_detail_with_stored_results() {
    let (_dir, path) = write(&rules("annual"), &annual_report());
    // Tổng hợp, Sở Y tế (row 9): self total, reviewed total, bonus,
    // deduction and total refer to "Chi tiết" (criteria from row 10,
    // "Tổng điểm tự chấm" row 21, "Tổng điểm" row 22).
    let summary = |col| formula(&path, "Tổng hợp", 8, col);
    assert_eq!(summary(2), "'Chi tiết'!D21");
    assert_eq!(summary(3), "'Chi tiết'!D22");
    assert_eq!(summary(4), "MIN(5,'Chi tiết'!E14)");
    assert_eq!(summary(5), "MIN(10,'Chi tiết'!E17)");
    assert_eq!(summary(6), "'Chi tiết'!D22");
    // A missing unit has no formula.
    assert_eq!(formula(&path, "Tổng hợp", 11, 6), "");
    let detail = |row, col| formula(&path, "Chi tiết", row, col);
    assert_eq!(detail(9, 3), "SUM(D11:D12)");
    assert_eq!(detail(9, 4), "SUM(E11:E12)");
    assert_eq!(detail(9, 5), "SUM(F11:F12)");
    assert_eq!(detail(20, 3), "D10+D13+MIN(5,D14)-MIN(10,D17)");
    assert_eq!(detail(21, 3), "E10+E13+MIN(5,E14)-MIN(10,E17)");
    assert_eq!(detail(21, 5), "F10+F13+MIN(5,F14)-MIN(10,F17)");
    // Leaves are values, not formulas.
    assert_eq!(detail(10, 3), "");
    // The cached results are the report's numbers (read back as values).
    let book = Book::read(&path);
    book.sheet("Tổng hợp").row(
        8,
        &[
            N(1.0),
            T("Sở Y tế"),
            N(95.5),
            N(93.5),
            N(3.0),
            N(0.0),
            N(93.5),
        ],
    );
    let detail_sheet = book.sheet("Chi tiết");
    detail_sheet.num(9, 4, 54.0);
    detail_sheet.num(21, 3, 93.5);
}

#[test]
fn out_of_range_scores_are_clamped_in_formulas_and_odd_numbers_kept() {
    let mut report = annual_report();
    // Sở GD&ĐT wrote 45 for I.1 (max 40): it counts 40.
    let gd = &mut report.units[1];
    gd.scores.get_mut("I.1").expect("I.1").self_score = Some(s("45"));
    gd.scores.get_mut("I").expect("I").self_score = Some(s("40"));
    gd.self_total = Some(s("73,5"));
    gd.total = Some(s("73,5"));
    // Sở VHTTDL's numbers do not add up: shown as given, no formula.
    report.units[2].scores.get_mut("I").expect("I").self_score = Some(s("99"));
    let (_dir, path) = write(&rules("annual"), &report);
    assert_eq!(
        formula(&path, "Chi tiết", 9, 5),
        "SUM(MIN(40,MAX(0,F11)),F12)"
    );
    assert_eq!(formula(&path, "Chi tiết", 9, 7), "");
    let book = Book::read(&path);
    let sh = book.sheet("Chi tiết");
    sh.num(9, 5, 40.0);
    sh.num(10, 5, 45.0);
    sh.num(20, 5, 73.5);
    sh.num(9, 7, 99.0);
}

/// The very hidden sheet carries exactly the JSON report `--json` writes,
/// read back by `read::embedded_report`, a 40,000-character message
/// included; it is very hidden, so never shown nor printed.
#[test]
fn the_workbook_carries_the_json_report() {
    let rules = rules("annual");
    let mut report = annual_report();
    report
        .issues
        .push(finding(Code::ScoreOverMax, &"ư".repeat(40_000)));
    let bytes = thidua::write::consolidated_bytes(&rules, &report).unwrap();
    let loaded = thidua::read::load_bytes(&bytes).unwrap();
    let want = thidua::vote::report_json(&report, None).unwrap();
    assert_eq!(
        thidua::read::embedded_report(&loaded.workbook),
        thidua::read::Embedded::Report(want)
    );
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let meta = book.sheets_metadata().last().unwrap().clone();
    assert_eq!(meta.name, "thidua-report");
    assert_eq!(meta.visible, calamine::SheetVisible::VeryHidden);
    let range = book.worksheet_range("thidua-report").unwrap();
    assert_eq!(
        range.get_value((0, 0)).map(ToString::to_string).as_deref(),
        Some(thidua::read::REPORT_MARKER)
    );
    // Deflated: the 80,000 bytes of the message take a small part of a cell.
    let stored: usize = range.rows().skip(2).map(|r| r[0].to_string().len()).sum();
    assert!(stored < 40_000, "{stored}");
}

/// Regression (heading_heights_lost_on_low_memory_sheets): "Kiểm tra" and
/// "Ghi chú, minh chứng" write each row out when the next begins, and their
/// heading's row heights were set after its cells, so rows 1–2 kept the
/// default height there while every other sheet had them.
#[test]
fn heading_heights_lost_on_low_memory_sheets() {
    let (_dir, path) = write(&rules("annual"), &annual_report());
    let height = |xml: &str, row: u32| -> Option<String> {
        let at = xml.find(&format!("<row r=\"{row}\""))?;
        let tag = &xml[at..at + xml[at..].find('>')?];
        let ht = tag.find(" ht=\"")? + 5;
        Some(tag[ht..ht + tag[ht..].find('"')?].to_string())
    };
    let first = zip_entry(&path, "xl/worksheets/sheet1.xml");
    for n in 1..=6 {
        let sheet = zip_entry(&path, &format!("xl/worksheets/sheet{n}.xml"));
        for row in 1..=3 {
            let got = height(&sheet, row);
            assert!(got.is_some(), "sheet{n}.xml row {row} has no height");
            assert_eq!(got, height(&first, row), "sheet{n}.xml row {row}");
        }
    }
}
