//! Reading real files written by other programs (openpyxl, xlwt,
//! LibreOffice, msoffcrypto-tool; see scripts/fixtures_read.py), through
//! the public `read` API only.

use std::fs;
use std::path::{Path, PathBuf};

use thidua::issue::{Code, Severity};
use thidua::read::{
    self, Cell, Format, Merge, ReadError, Sheet, Value, Workbook, collect_inputs, load_bytes,
    read_file,
};
use unicode_normalization::UnicodeNormalization;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/read")
        .join(name)
}

fn load(name: &str) -> read::Loaded {
    match read_file(&fixture(name)) {
        Ok(loaded) => loaded,
        Err(e) => panic!("{name}: {}", e.message()),
    }
}

fn load_error(name: &str) -> ReadError {
    match read_file(&fixture(name)) {
        Ok(loaded) => panic!("{name}: read as {:?}", loaded.format),
        Err(e) => e,
    }
}

fn sheet<'a>(workbook: &'a Workbook, name: &str) -> &'a Sheet {
    workbook
        .sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// The cell at an A1 address such as "C4".
fn at<'a>(sheet: &'a Sheet, a1: &str) -> &'a Cell {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = a1[letters.len()..].parse().expect("row number");
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    sheet.get(row - 1, col - 1)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn merge(first: (u32, u32), last: (u32, u32)) -> Merge {
    Merge { first, last }
}

/// What a file read as: its format label, or the error's label and code.
fn outcome(name: &str) -> (String, Option<Code>) {
    match read_file(&fixture(name)) {
        Ok(loaded) => (loaded.format.as_str().to_string(), None),
        Err(e) => (e.detected(), Some(e.code())),
    }
}

#[test]
fn every_fixture_gives_its_format_or_error() {
    let expected = [
        ("basic.xlsx", "xlsx", None),
        ("macro.xlsm", "xlsm", None),
        ("xlsx_named.xls", "xlsx", None),
        ("basic.xls", "xls", None),
        ("converted.xls", "xls", None),
        ("basic.ods", "ods", None),
        ("huge_box.xlsx", "xlsx", None),
        ("empty.xlsx", "empty", Some(Code::UnreadableFile)),
        ("truncated.xlsx", "xlsx", Some(Code::UnreadableFile)),
        ("encrypted.xlsx", "encrypted", Some(Code::EncryptedFile)),
        ("web_page.xls", "html", Some(Code::NotASpreadsheet)),
        ("scan.xls", "pdf", Some(Code::NotASpreadsheet)),
        ("word_named.xlsx", "docx", Some(Code::NotASpreadsheet)),
        ("word_like.doc", "doc", Some(Code::NotASpreadsheet)),
        ("archive.xlsx", "zip", Some(Code::NotASpreadsheet)),
        ("csv_named.xlsx", "text", Some(Code::NotASpreadsheet)),
        ("far_cell.xls", "too-large", Some(Code::UnreadableFile)),
    ];
    for (name, label, code) in expected {
        assert_eq!(outcome(name), (label.to_string(), code), "{name}");
    }
}

#[test]
fn error_messages_say_what_to_do() {
    for name in [
        "empty.xlsx",
        "truncated.xlsx",
        "encrypted.xlsx",
        "web_page.xls",
        "scan.xls",
        "word_named.xlsx",
        "word_like.doc",
        "archive.xlsx",
        "csv_named.xlsx",
        "far_cell.xls",
    ] {
        let message = load_error(name).message();
        assert!(message.contains("Đề nghị"), "{name}: {message}");
    }
    assert_eq!(
        load_error("encrypted.xlsx").message(),
        "Tệp có đặt mật khẩu nên không đọc được. Đề nghị đơn vị gỡ mật khẩu (File > Info > Protect Workbook) rồi gửi lại."
    );
    let html = load_error("web_page.xls").message();
    assert!(html.contains("Save As") && html.contains(".xlsx"), "{html}");
}

#[test]
fn xlsx_values_fonts_merges_and_formula_without_value() {
    let loaded = load("basic.xlsx");
    assert_eq!(loaded.format, Format::Xlsx);
    assert_eq!(loaded.sha256.len(), 64);
    assert!(
        loaded
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );

    let names: Vec<&str> = loaded
        .workbook
        .sheets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Bảng điểm", "Ẩn"]);

    let s = sheet(&loaded.workbook, "Bảng điểm");
    assert_eq!((s.origin, s.end()), ((0, 0), (9, 5)));
    assert!(!s.oversized);
    assert_eq!(
        at(s, "A1").value,
        text("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024")
    );
    assert_eq!(at(s, "A1").font.as_deref(), Some("Times New Roman"));
    assert_eq!(s.merges, [merge((0, 0), (0, 3))]);
    assert_eq!(s.merge_covering(0, 2), Some(&merge((0, 0), (0, 3))));
    assert_eq!(at(s, "C3").value, text("Điểm tự chấm"));
    assert_eq!(at(s, "B4").value, text("Công tác tham mưu"));
    assert_eq!(at(s, "C4").value, Value::Number(10.0));
    assert_eq!(at(s, "C5").value, Value::Number(7.5));
    assert_eq!(at(s, "C6").value, Value::Number(17.5));
    assert_eq!(at(s, "D6").value, Value::Bool(true));
    assert_eq!(at(s, "B7").value, Value::Error("#DIV/0!".into()));
    assert_eq!(at(s, "C7").value, Value::Date("2024-12-31".into()));
    // Raw TCVN3 text, not converted here; the font tells the caller.
    assert_eq!(at(s, "A8").value, text("Së Y tÕ"));
    assert_eq!(at(s, "A8").font.as_deref(), Some(".VnTime"));
    assert_eq!(at(s, "B4").font.as_deref(), Some("Calibri"));
    // openpyxl saved the formula with no computed value; the grid grows to E9.
    assert_eq!(
        at(s, "E9").value,
        Value::FormulaWithoutValue("=SUM(C4:C5)".into())
    );
    assert_eq!(at(s, "A2").value, Value::Empty);

    let hidden = sheet(&loaded.workbook, "Ẩn");
    assert_eq!(at(hidden, "A1").value, text("Ghi chú"));
    assert_eq!(at(hidden, "B2").value, Value::Number(42.0));
}

#[test]
fn xlsm_and_renamed_xlsx_read_like_xlsx() {
    let xlsx = load("basic.xlsx");
    for name in ["macro.xlsm", "xlsx_named.xls"] {
        let other = load(name);
        let (a, b) = (
            sheet(&xlsx.workbook, "Bảng điểm"),
            sheet(&other.workbook, "Bảng điểm"),
        );
        assert_eq!(a.cells, b.cells, "{name}");
        assert_eq!(a.merges, b.merges, "{name}");
    }
    assert_eq!(load("xlsx_named.xls").sha256, xlsx.sha256);
}

#[test]
fn xls_written_by_xlwt() {
    let loaded = load("basic.xls");
    assert_eq!(loaded.format, Format::Xls);
    let names: Vec<&str> = loaded
        .workbook
        .sheets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Tổng hợp", "Phụ lục"]);
    let s = sheet(&loaded.workbook, "Tổng hợp");
    assert_eq!(at(s, "A1").value, text("Khối thi đua các sở, ngành"));
    assert_eq!(at(s, "A4").value, text("Sở Tài chính"));
    assert_eq!(at(s, "B4").value, Value::Number(95.5));
    assert_eq!(at(s, "A5").value, text("Sở Tư pháp"));
    assert_eq!(at(s, "B5").value, Value::Number(88.0));
    // xlwt's default font; see tests/read_fonts.rs for .xls fonts.
    assert_eq!(at(s, "A1").font.as_deref(), Some("Arial"));
    let mut merges = s.merges.clone();
    merges.sort_by_key(|m| m.first);
    assert_eq!(merges, [merge((0, 0), (0, 2)), merge((6, 0), (7, 0))]);
    let other = sheet(&loaded.workbook, "Phụ lục");
    assert_eq!((other.origin, other.end()), ((1, 1), (2, 2)));
    assert_eq!(at(other, "B2").value, text("x"));
}

/// The reference workbook converted by LibreOffice, which computes the
/// formula on the way.
fn assert_like_basic(workbook: &Workbook, format: &str) {
    let s = sheet(workbook, "Bảng điểm");
    assert_eq!(
        at(s, "A1").value,
        text("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024"),
        "{format}"
    );
    assert_eq!(s.merges, [merge((0, 0), (0, 3))], "{format}");
    assert_eq!(at(s, "C4").value, Value::Number(10.0), "{format}");
    assert_eq!(at(s, "C5").value, Value::Number(7.5), "{format}");
    assert_eq!(
        at(s, "C7").value,
        Value::Date("2024-12-31".into()),
        "{format}"
    );
    assert_eq!(at(s, "A8").value, text("Së Y tÕ"), "{format}");
    assert_eq!(at(s, "E9").value, Value::Number(17.5), "{format}");
    assert_eq!(
        at(sheet(workbook, "Ẩn"), "B2").value,
        Value::Number(42.0),
        "{format}"
    );
}

#[test]
fn xls_converted_by_libreoffice() {
    let loaded = load("converted.xls");
    assert_eq!(loaded.format, Format::Xls);
    assert_like_basic(&loaded.workbook, "xls");
    let s = sheet(&loaded.workbook, "Bảng điểm");
    assert_eq!(at(s, "D6").value, Value::Bool(true));
    assert_eq!(at(s, "B7").value, Value::Error("#DIV/0!".into()));
}

#[test]
fn ods_converted_by_libreoffice() {
    let loaded = load("basic.ods");
    assert_eq!(loaded.format, Format::Ods);
    let names: Vec<&str> = loaded
        .workbook
        .sheets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Bảng điểm", "Ẩn"]);
    assert_like_basic(&loaded.workbook, "ods");
}

#[test]
fn oversized_sheet_is_kept_by_name_without_cells() {
    let loaded = load("huge_box.xlsx");
    let huge = sheet(&loaded.workbook, "Rộng");
    assert!(huge.oversized);
    assert!(huge.cells.is_empty());
    let normal = sheet(&loaded.workbook, "Thường");
    assert!(!normal.oversized);
    assert_eq!(at(normal, "B2").value, Value::Number(1.0));
}

#[test]
fn xls_claiming_billions_of_cells_is_refused_before_allocation() {
    let error = load_error("far_cell.xls");
    assert_eq!(
        error,
        ReadError::TooManyCells {
            cells: 60_001 * 65_001
        }
    );
    assert!(
        error.message().contains("vùng dữ liệu quá lớn"),
        "{}",
        error.message()
    );
}

#[test]
fn vietnamese_file_names_in_nfc_and_nfd() {
    let nfd: String = "Sở Y tế.xlsx".nfd().collect();
    let nfc: String = "Sở Tư pháp.xlsx".nfc().collect();
    assert_ne!(nfd, "Sở Y tế.xlsx".nfc().collect::<String>());
    for (name, unit) in [(nfd.as_str(), "Sở Y tế"), (nfc.as_str(), "Sở Tư pháp")] {
        let loaded = load(name);
        assert_eq!(at(&loaded.workbook.sheets[0], "A1").value, text(unit));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [&nfd, &nfc] {
        fs::copy(fixture(name), dir.path().join(name)).expect("copy");
    }
    let inputs = collect_inputs(&[dir.path().to_path_buf()]);
    assert_eq!(inputs.files.len(), 2, "{inputs:?}");
    for file in &inputs.files {
        assert!(read_file(file).is_ok(), "{}", file.display());
    }
}

#[test]
fn read_file_refuses_missing_and_oversized_files_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = read_file(&dir.path().join("không có.xlsx")).expect_err("missing");
    assert_eq!(missing.code(), Code::UnreadableFile);
    assert!(
        missing.message().contains("không tìm thấy tệp"),
        "{}",
        missing.message()
    );

    let big = dir.path().join("lớn.xlsx");
    let file = fs::File::create(&big).expect("create");
    file.set_len(read::MAX_FILE_BYTES + 1).expect("sparse file");
    let error = read_file(&big).expect_err("too large");
    assert_eq!(
        error,
        ReadError::TooLarge {
            bytes: read::MAX_FILE_BYTES + 1
        }
    );
    assert_eq!(error.code(), Code::UnreadableFile);
    assert!(error.message().contains("64 MB"), "{}", error.message());
}

#[test]
fn collect_inputs_order_skips_and_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let sub = root.join("sub");
    fs::create_dir(&sub).expect("sub");
    for name in [
        "b.xlsx",
        "A.XLSX",
        "~$b.xlsx",
        "notes.docx",
        "rules.toml",
        ".hidden.xlsx",
        "z.xlsm",
        "Thumbs.db",
        "sub/d.xls",
        "sub/c.ODS",
    ] {
        fs::write(root.join(name), b"x").expect("write");
    }
    fs::create_dir(root.join(".git")).expect("hidden dir");
    fs::write(root.join(".git/e.xlsx"), b"x").expect("write");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let explicit = elsewhere.path().join("given.pdf");
    fs::write(&explicit, b"%PDF").expect("write");
    let missing = root.join("không có");

    // The folder is given twice and one of its files once more: each file
    // is taken once.
    let inputs = collect_inputs(&[
        explicit.clone(),
        root.to_path_buf(),
        missing,
        root.join("b.xlsx"),
        root.to_path_buf(),
    ]);
    let rel: Vec<String> = inputs
        .files
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(inputs.files[0], explicit);
    assert_eq!(
        rel[1..],
        ["A.XLSX", "b.xlsx", "sub/c.ODS", "sub/d.xls", "z.xlsm"]
    );

    let skipped: Vec<(&str, Severity, Code)> = inputs
        .skipped
        .iter()
        .map(|i| (i.file.as_deref().unwrap_or(""), i.severity, i.code))
        .collect();
    let notes = root.join("notes.docx").display().to_string();
    let lock = root.join("~$b.xlsx").display().to_string();
    assert_eq!(
        skipped,
        [
            (notes.as_str(), Severity::Info, Code::FileSkipped),
            (lock.as_str(), Severity::Info, Code::FileSkipped)
        ]
    );
    assert!(inputs.skipped[0].message.contains("notes.docx"));
    assert!(inputs.skipped[1].message.contains("~$b.xlsx"));
    assert_eq!(inputs.errors.len(), 1);
    assert!(
        inputs.errors[0].contains("không có"),
        "{}",
        inputs.errors[0]
    );
}

/// Deterministic pseudo-random numbers (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

#[test]
fn damaged_files_never_panic() {
    let mut rng = Lcg(2024);
    let mut tried = 0;
    for name in ["basic.xlsx", "basic.xls", "basic.ods"] {
        let good = fs::read(fixture(name)).expect("fixture");
        for step in 1..60 {
            let cut = good.len() * step / 60;
            let _ = load_bytes(&good[..cut]);
            tried += 1;
        }
        for _ in 0..300 {
            let mut bad = good.clone();
            for _ in 0..1 + rng.next(4) {
                let at = rng.next(bad.len());
                bad[at] ^= 1 << rng.next(8);
            }
            let _ = load_bytes(&bad);
            tried += 1;
        }
    }
    assert!(tried > 300);
}

#[test]
fn the_saved_date_each_format_records() {
    // openpyxl pins docProps/core.xml; LibreOffice's .ods meta.xml and its
    // .xls SummaryInformation stream; xlwt writes no date at all.
    let saved = |name: &str| load(name).saved;
    let sample = |name: &str| {
        read_file(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples/khoi-van-hoa-xa-hoi")
                .join(name),
        )
        .map(|l| l.saved)
        .unwrap_or_else(|e| panic!("{name}: {}", e.message()))
    };
    assert_eq!(sample("bhxh.xlsx").as_deref(), Some("2025-11-25T08:00:00"));
    assert_eq!(
        sample("KHCN tự đánh giá thi đua 2025.ods").as_deref(),
        Some("2025-11-25T08:00:00")
    );
    // The same date olefile reads from the stream (scripts pin it).
    assert_eq!(
        sample("Trường ĐH Phạm Văn Đồng - chấm điểm 2025.xls").as_deref(),
        Some("2025-11-25T08:00:00")
    );
    assert_eq!(saved("basic.xls"), None, "xlwt records no date");
}
