//! The consolidated workbook of the sample bloc printed by LibreOffice:
//! A4 pages, the expected number of them, and totals that LibreOffice
//! computes itself from the formulas equal to the report's.
//!
//! Needs `soffice` (LibreOffice) on PATH and a font with Times New Roman's
//! metrics (fonts-liberation2: without it the pages break elsewhere).
//! Without them the tests are reported as ignored — except under CI (the
//! `CI` environment variable set), where they fail (`.ci/run` installs
//! both).

mod common;

use common::tools::{self, Tool};

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use thidua::report::{Report, Status};
use thidua::rules::Rules;
use thidua::write::write_consolidated;

/// Pages of the sample bloc's workbook, in print order, by orientation:
/// "Tổng hợp" 1 landscape page, "Chi tiết" 2 landscape (10 units, 28
/// criterion rows), "Đề nghị khen thưởng" 1 portrait, "Kiểm tra" 2
/// landscape, "Ghi chú, minh chứng" 3 landscape (40 notes), "Nguồn" 1
/// landscape.
const EXPECTED_PAGES: [Orientation; 10] = [L, L, L, P, L, L, L, L, L, L];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Orientation {
    /// A4 portrait, 595 × 842 pt.
    P,
    /// A4 landscape, 842 × 595 pt.
    L,
}
use Orientation::{L, P};

/// LibreOffice's settings for the test profile: recalculate every formula
/// of an Excel or ODF file on load ("Recalculation on File Load: Always";
/// the default keeps the stored results, which would make the
/// recalculation check vacuous).
const ALWAYS_RECALCULATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// Run `soffice --headless --convert-to <to> --outdir <out> <file>` with
/// a profile of its own (parallel runs must not share one) that
/// recalculates on load, and return the converted file.
fn convert(file: &Path, to: &str, ext: &str, out: &Path, profile: &Path) -> PathBuf {
    std::fs::create_dir_all(out).expect("outdir");
    let user = profile.join("user");
    std::fs::create_dir_all(&user).expect("profile");
    let settings = user.join("registrymodifications.xcu");
    if !settings.exists() {
        std::fs::write(&settings, ALWAYS_RECALCULATE).expect("profile settings");
    }
    common::soffice_convert(file, to, ext, out, profile)
}

fn sample_report() -> (Rules, Report) {
    let dir = common::sample_dir();
    let rules = Rules::load(&dir.join("quy-dinh.toml")).expect("sample rules");
    let inputs = thidua::read::collect_inputs(&[dir]);
    let report = thidua::pipeline::run(&rules, &inputs.files, inputs.skipped, &|_, _| {});
    (rules, report)
}

/// Each page's /MediaBox (width, height) in points, in file order.
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut boxes = Vec::new();
    let mut rest: &str = &text;
    while let Some(at) = rest.find("/Type/Page") {
        rest = &rest[at + "/Type/Page".len()..];
        if rest.starts_with('s') {
            continue;
        }
        let object = &rest[..rest.find("endobj").unwrap_or(rest.len())];
        let start = object.find("/MediaBox").expect("a page without /MediaBox");
        let after = &object[start + "/MediaBox".len()..];
        let open = after.find('[').expect("[");
        let close = after.find(']').expect("]");
        let numbers: Vec<f64> = after[open + 1..close]
            .split_whitespace()
            .map(|n| n.parse().expect("number"))
            .collect();
        assert_eq!(numbers.len(), 4, "{numbers:?}");
        boxes.push((numbers[2] - numbers[0], numbers[3] - numbers[1]));
    }
    boxes
}

fn orientation((w, h): (f64, f64)) -> Orientation {
    let near = |a: f64, b: f64| (a - b).abs() < 1.0;
    if near(w, 595.0) && near(h, 842.0) {
        P
    } else if near(w, 842.0) && near(h, 595.0) {
        L
    } else {
        panic!("not an A4 page: {w} × {h} pt")
    }
}

fn sample_workbook_prints_on_a4_and_recalculates_to_the_same_totals() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let profile = tmp.path().join("lo-profile");
    let (rules, report) = sample_report();
    let xlsx = tmp.path().join("tong-hop.xlsx");
    write_consolidated(&rules, &report, &xlsx).expect("write workbook");

    // Printed: A4, the expected pages.
    let pdf = convert(&xlsx, "pdf", "pdf", &tmp.path().join("pdf"), &profile);
    let bytes = std::fs::read(&pdf).expect("read pdf");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let pages: Vec<Orientation> = media_boxes(&bytes).into_iter().map(orientation).collect();
    assert_eq!(pages, EXPECTED_PAGES, "pages of the printed workbook");

    // Recalculated by LibreOffice and saved again: every total on
    // "Tổng hợp" is still the report's.
    let again = convert(
        &xlsx,
        "xlsx:Calc MS Excel 2007 XML",
        "xlsx",
        &tmp.path().join("recalculated"),
        &profile,
    );
    let mut book: Xlsx<_> = open_workbook(&again).expect("open recalculated");
    let summary = book.worksheet_range("Tổng hợp").expect("Tổng hợp");
    let header = (0..summary.height() as u32)
        .find(|&r| summary.get_value((r, 1)) == Some(&Data::String("Đơn vị".into())))
        .expect("header row");
    let mut checked = 0;
    for (i, unit) in report.ranked().into_iter().enumerate() {
        let row = header + 1 + i as u32;
        assert_eq!(
            summary.get_value((row, 1)),
            Some(&Data::String(unit.name.clone())),
            "row {row}"
        );
        let number = |col: u32| match summary.get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(n)) => Some(*n as f64),
            _ => None,
        };
        let same = |col: u32, expected: Option<thidua::score::Score>, what: &str| {
            let got = number(col);
            let want = expected.map(|s| s.to_f64());
            assert!(
                match (got, want) {
                    (Some(g), Some(w)) => (g - w).abs() < 1e-9,
                    (None, None) => true,
                    _ => false,
                },
                "{}: {what} recalculated {got:?}, report {want:?}",
                unit.name
            );
        };
        same(2, unit.self_total, "Tự chấm");
        let reviewed = if unit.detail.reviewed {
            unit.total
        } else {
            None
        };
        same(3, reviewed, "Khối chấm");
        same(4, unit.detail.bonus, "Điểm thưởng");
        same(5, unit.detail.deduction, "Điểm trừ");
        same(6, unit.total, "Tổng điểm");
        if unit.status == Status::Ok {
            checked += 1;
        }
    }
    assert!(checked >= 8, "the sample has scored units: {checked}");
}

/// The recalculation check above is only worth something if LibreOffice
/// really recalculates on load instead of keeping the stored results: a
/// formula stored with a wrong result comes back with the right one.
fn libreoffice_recalculates_stored_results() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("cong.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    ws.write_number(0, 0, 2.0).expect("A1");
    ws.write_number(1, 0, 3.0).expect("A2");
    ws.write_formula(
        2,
        0,
        rust_xlsxwriter::Formula::new("=SUM(A1:A2)").set_result("99"),
    )
    .expect("A3");
    workbook.save(&path).expect("save");
    let again = convert(
        &path,
        "xlsx:Calc MS Excel 2007 XML",
        "xlsx",
        &tmp.path().join("out"),
        &tmp.path().join("lo-profile"),
    );
    let mut book: Xlsx<_> = open_workbook(&again).expect("open");
    let sheet = book.worksheet_range("Sheet1").expect("Sheet1");
    assert_eq!(sheet.get_value((2, 0)), Some(&Data::Float(5.0)));
}

/// The province workbook of tests/fixtures/province (`thidua province`)
/// printed by LibreOffice: A4 pages, "Các khối" in portrait (2 pages: 40
/// units in 9 blocs), then "Danh sách đề nghị", "Kiểm tra" and "Nguồn" in
/// landscape (4 pages together).
fn province_workbook_prints_on_a4() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixture = common::root().join("tests/fixtures/province");
    let xlsx = tmp.path().join("tinh.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("province")
        .arg(fixture.join("tinh.toml"))
        .arg(fixture.join("khoi"))
        .arg("-o")
        .arg(&xlsx)
        .output()
        .expect("run thidua province");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = tmp.path().join("lo-profile");
    let pdf = convert(&xlsx, "pdf", "pdf", &tmp.path().join("pdf"), &profile);
    let bytes = std::fs::read(&pdf).expect("read pdf");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let pages: Vec<Orientation> = media_boxes(&bytes).into_iter().map(orientation).collect();
    assert_eq!(
        pages,
        [P, P, L, L, L, L],
        "pages of the printed province workbook"
    );
}

/// The JSON report the consolidated workbook carries in its very hidden
/// sheet survives a LibreOffice round trip, saved as .xlsx and as .ods:
/// read back, it is exactly what `--json` writes.
fn embedded_report_survives_libreoffice() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let profile = tmp.path().join("lo-profile");
    let (rules, report) = sample_report();
    let xlsx = tmp.path().join("tong-hop.xlsx");
    write_consolidated(&rules, &report, &xlsx).expect("write workbook");
    let want = thidua::vote::report_json(&report, None).expect("json");
    for (to, ext) in [("xlsx:Calc MS Excel 2007 XML", "xlsx"), ("ods", "ods")] {
        let again = convert(&xlsx, to, ext, &tmp.path().join(ext), &profile);
        let loaded = thidua::read::read_file(&again).expect("read the saved copy");
        assert_eq!(
            thidua::read::embedded_report(&loaded.workbook),
            thidua::read::Embedded::Report(want.clone()),
            "{ext}"
        );
    }
}

fn main() -> ExitCode {
    tools::run(vec![
        (
            "embedded_report_survives_libreoffice",
            &[Tool::Soffice],
            embedded_report_survives_libreoffice,
        ),
        (
            "province_workbook_prints_on_a4",
            &[Tool::Soffice, Tool::SerifFont],
            province_workbook_prints_on_a4,
        ),
        (
            "sample_workbook_prints_on_a4_and_recalculates_to_the_same_totals",
            &[Tool::Soffice, Tool::SerifFont],
            sample_workbook_prints_on_a4_and_recalculates_to_the_same_totals,
        ),
        (
            "libreoffice_recalculates_stored_results",
            &[Tool::Soffice],
            libreoffice_recalculates_stored_results,
        ),
    ])
}
