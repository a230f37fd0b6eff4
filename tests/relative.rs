//! Criteria scored against the bloc (`kind = "relative"` / `"target"`) on
//! the bloc of tests/fixtures/relative, written by
//! scripts/make_relative_fixtures.py with openpyxl, xlwt and LibreOffice:
//! a tie for the best figure, "lower is better", a figure over its target,
//! a missing figure, figures typed as "85%" and "85,5", a negative figure,
//! a share over 100 %, a sheet without a "Kết quả" column.
//!
//! Every score, figure, basis and finding is compared with expected.json,
//! which the script's own oracle computed from the rules and the figures
//! it wrote (never from thidua's output); the rows "Chi tiết" ends with are
//! compared with the oracle's golden rows.

mod common;
use common::{assert_same_milli, milli, unit};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The bloc's folder: rules, workbooks, and the oracle's expected.json.
static FIXTURE: &str = "tests/fixtures/relative";

fn fixture_dir() -> PathBuf {
    common::root().join(FIXTURE)
}

/// The oracle's result, read once.
fn expected() -> &'static Value {
    static EXPECTED: OnceLock<Value> = OnceLock::new();
    EXPECTED.get_or_init(|| read_json(&fixture_dir().join("expected.json")))
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct Run {
    report: Value,
    /// "Chi tiết" as read back.
    detail: Vec<Vec<Data>>,
    /// Sở Giáo dục và Đào tạo's phiếu phản hồi, its texts row by row.
    phieu: Vec<String>,
}

/// The bloc (rules and workbooks, without the oracle's files) consolidated once.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let bloc = tmp.path().join("khoi");
        std::fs::create_dir(&bloc).unwrap();
        for entry in std::fs::read_dir(fixture_dir()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_owned();
            if !matches!(name.to_str(), Some("expected.json" | "README.md")) {
                std::fs::copy(&path, bloc.join(name)).unwrap();
            }
        }
        let xlsx = tmp.path().join("tong-hop.xlsx");
        let json = tmp.path().join("bao-cao.json");
        let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .arg("consolidate")
            .arg(&bloc)
            .arg("-o")
            .arg(&xlsx)
            .arg("--json")
            .arg(&json)
            .arg("--feedback")
            .arg(tmp.path().join("phieu"))
            .output()
            .expect("run thidua");
        // Errors in the units' figures: exit code 1, everything written.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = read_json(&json);
        let mut book: Xlsx<_> = open_workbook(&xlsx).expect("open the workbook");
        let range = book.worksheet_range("Chi tiết").expect("Chi tiết");
        let detail = range.rows().map(<[Data]>::to_vec).collect();
        let phieu = tmp
            .path()
            .join("phieu/Phiếu phản hồi - SGDDT - So GDDT - tu cham 2025.xlsx");
        let mut book: Xlsx<_> = open_workbook(&phieu).expect("the phiếu of SGDDT");
        let range = book.worksheet_range("Phiếu phản hồi").expect("its sheet");
        let phieu = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        Run {
            report,
            detail,
            phieu,
        }
    })
}

#[test]
fn every_score_and_figure_is_the_oracles() {
    let report = &run().report;
    let want = expected()["units"].as_object().unwrap();
    assert_eq!(want.len(), 7);
    for (id, w) in want {
        let got = unit(report, id);
        assert_eq!(got["status"], "ok", "{id}");
        assert_same_milli(got, w, "total", id);
        assert_eq!(got["rank"], w["rank"], "{id} rank");
        for (code, ws) in w["scores"].as_object().unwrap() {
            let gs = &got["scores"][code];
            let what = format!("{id} {code}");
            for key in ["self", "figure", "typed"] {
                assert_eq!(milli(&gs[key]), milli(&ws[key]), "{what} {key}: {gs}");
            }
        }
    }
}

#[test]
fn the_bases_are_the_oracles() {
    let got = run().report["measures"].as_object().unwrap();
    let want = expected()["measures"].as_object().unwrap();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (code, w) in want {
        let g = &got[code];
        for key in ["max", "best", "target", "round"] {
            assert_same_milli(g, w, key, code);
        }
        for key in ["kind", "better", "unit"] {
            assert_eq!(g[key], w[key], "{code} {key}");
        }
    }
}

/// (code, unit, criterion) of the findings about figures.
fn figure_findings(report: &Value) -> Vec<(String, String, String)> {
    let mut found: Vec<_> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            let c = i["code"].as_str().unwrap();
            c.starts_with("figure-") || c == "measured-score-differs"
        })
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                i["unit"].as_str().unwrap_or_default().to_string(),
                i["criterion"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort_by(|a, b| (&a.1, &a.2, &a.0).cmp(&(&b.1, &b.2, &b.0)));
    found
}

#[test]
fn the_findings_are_the_oracles() {
    let want: Vec<(String, String, String)> = expected()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["unit"].as_str().unwrap().to_string(),
                f["criterion"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(figure_findings(&run().report), want);
}

/// The finding `code` about `unit`'s `criterion`.
fn finding<'a>(code: &str, unit: &str, criterion: &str) -> &'a Value {
    run().report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code && i["unit"] == unit && i["criterion"] == criterion)
        .unwrap_or_else(|| panic!("no {code} for {unit} {criterion}"))
}

#[test]
fn each_finding_names_file_sheet_and_cell() {
    for (code, unit, crit, file, cell, severity) in [
        (
            "figure-missing",
            "BHXH",
            "I.1",
            "BHXH tinh - tu cham diem 2025.ods",
            "D9",
            "error",
        ),
        (
            "figure-not-number",
            "BHXH",
            "I.3",
            "BHXH tinh - tu cham diem 2025.ods",
            "D11",
            "error",
        ),
        (
            "figure-negative",
            "DPTTH",
            "I.2",
            "Đài PT-TH - bảng tự chấm 2025.xlsx",
            "D10",
            "error",
        ),
        (
            "figure-over-share",
            "STP",
            "I.1",
            // No "Kết quả" column: the figure is in the self-score cell.
            "So Tu phap - cham diem 2025.xls",
            "D9",
            "error",
        ),
        (
            "measured-score-differs",
            "SGDDT",
            "I.1",
            "So GDDT - tu cham 2025.xlsx",
            "E9",
            "info",
        ),
    ] {
        let i = finding(code, unit, crit);
        assert_eq!(common::base(i["file"].as_str().unwrap()), file, "{code}");
        assert_eq!(i["sheet"], "Tự chấm", "{code}");
        assert_eq!(i["cell"], cell, "{code}");
        assert_eq!(i["severity"], severity, "{code}");
    }
    let text = finding("figure-not-number", "BHXH", "I.3")["message"]
        .as_str()
        .unwrap();
    assert!(text.contains("\"khoảng 70\""), "{text}");
    let text = finding("measured-score-differs", "SGDDT", "I.1")["message"]
        .as_str()
        .unwrap();
    assert!(
        text.contains("tự chấm 18 điểm") && text.contains("là 20"),
        "{text}"
    );
}

#[test]
fn a_tie_for_the_best_figure_gives_both_the_maximum() {
    let r = &run().report;
    for id in ["SYT", "SGDDT"] {
        assert_eq!(milli(&unit(r, id)["scores"]["I.1"]["self"]), Some(20_000));
    }
    // Lower is better, two units at the best: both the maximum.
    for id in ["STP", "SVHTTDL"] {
        assert_eq!(milli(&unit(r, id)["scores"]["I.2"]["self"]), Some(10_000));
    }
    // Over the target: capped.
    assert_eq!(
        milli(&unit(r, "SYT")["scores"]["I.3"]["self"]),
        Some(15_000)
    );
    // No figure: 0 points, no figure in the report, not the best.
    let bhxh = &unit(r, "BHXH")["scores"]["I.1"];
    assert_eq!(milli(&bhxh["self"]), Some(0));
    assert!(bhxh.get("figure").is_none(), "{bhxh}");
}

#[test]
fn chi_tiet_ends_with_the_figures_and_how_they_count() {
    let rows = &run().detail;
    let want = expected()["chi_tiet"].as_array().unwrap();
    let heading = want[0][0].as_str().unwrap();
    let start = rows
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| matches!(c, Data::String(s) if s == heading))
        })
        .expect("the figures block");
    for (k, w) in want.iter().enumerate() {
        let got = &rows[start + k];
        for (c, wv) in w.as_array().unwrap().iter().enumerate() {
            let gv = got.get(c).cloned().unwrap_or(Data::Empty);
            match wv {
                Value::Null => assert_eq!(gv, Data::Empty, "row {k} col {c}"),
                Value::String(s) => assert_eq!(gv.to_string(), *s, "row {k} col {c}"),
                Value::Number(n) => assert_eq!(
                    gv.get_float().map(|f| (f * 1000.0).round() as i64),
                    n.as_f64().map(|f| (f * 1000.0).round() as i64),
                    "row {k} col {c}"
                ),
                other => panic!("unexpected {other}"),
            }
        }
    }
}

#[test]
fn the_phieu_shows_the_figure_and_how_it_counts() {
    let lines = &run().phieu;
    let at = lines
        .iter()
        .position(|l| l.starts_with("I.1 | "))
        .expect("the I.1 row");
    // Typed 18 (cell E9), counted 20.
    assert!(
        lines[at].contains("| 18 | E9 |") && lines[at].ends_with("| 20"),
        "{}",
        lines[at]
    );
    assert!(
        lines[at + 1].contains(
            "Số liệu: 95,5% (ô D9). Điểm do khối tính theo số liệu của cả khối: đơn vị có số liệu cao nhất (95,5%) được 20 điểm"
        ),
        "{}",
        lines[at + 1]
    );
}

/// `thidua template` for the relative rules, filled by openpyxl: the
/// figures typed in its "Kết quả thực hiện" cells are the ones read, and
/// the scores are computed from them.
#[test]
fn a_template_takes_the_figures_where_they_are_read() {
    if !common::openpyxl_or_skip("a_template_takes_the_figures_where_they_are_read") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("mau");
    let bloc = tmp.path().join("khoi");
    std::fs::create_dir(&bloc).unwrap();
    std::fs::copy(
        fixture_dir().join("quy-dinh.toml"),
        bloc.join("quy-dinh.toml"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["template", "--rules"])
        .arg(fixture_dir().join("quy-dinh.toml"))
        .args(["--unit", "SYT", "--unit", "SGDDT", "-o"])
        .arg(&blank)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Figures by criterion title (I.1, I.2, I.3), scores for the others.
    let fill = r#"
import sys, pathlib, openpyxl
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
values = {
    "SYT": {"Tỷ lệ giải ngân": 90, "quá hạn": 4, "toàn trình": 100, "báo cáo": 15, "phát động": 20, "khen thưởng": 20},
    "SGDDT": {"Tỷ lệ giải ngân": 60, "quá hạn": 2, "toàn trình": 40, "báo cáo": 10, "phát động": 10, "khen thưởng": 10},
}
for path in sorted(src.glob("*.xlsx")):
    wb = openpyxl.load_workbook(path)
    ws = wb["Bảng tự chấm"]
    unit = "SYT" if "Sở Y tế" in str(ws["A1"].value or "") + " ".join(str(c.value) for row in ws.iter_rows(max_row=8) for c in row if c.value) else "SGDDT"
    header = next(r for r in ws.iter_rows() if any(c.value == "Kết quả thực hiện" for c in r))
    col = {c.value: c.column for c in header}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        title = str(row[1].value or "")
        for key, v in values[unit].items():
            if key in title:
                target = col["Kết quả thực hiện"] if key in ("Tỷ lệ giải ngân", "quá hạn", "toàn trình") else col["Điểm tự chấm"]
                ws.cell(row=row[0].row, column=target, value=v)
    wb.save(dst / path.name)
"#;
    let status = Command::new("python3")
        .args(["-c", fill])
        .arg(&blank)
        .arg(&bloc)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("check")
        .arg(&bloc)
        .arg("--json")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("no report: {}", String::from_utf8_lossy(&out.stderr)));
    let figure = |id: &str, code: &str| milli(&unit(&report, id)["scores"][code]["figure"]);
    let score = |id: &str, code: &str| milli(&unit(&report, id)["scores"][code]["self"]);
    assert_eq!(figure("SYT", "I.1"), Some(90_000));
    assert_eq!(figure("SGDDT", "I.2"), Some(2_000));
    // 20 × 60 / 90 = 13.333… → 13.33; lower is better: 10 × 2 / 4 = 5;
    // 100 over a target of 80: capped at 15; 15 × 40 / 80 = 7.5.
    assert_eq!(score("SGDDT", "I.1"), Some(13_330));
    assert_eq!(score("SYT", "I.2"), Some(5_000));
    assert_eq!(score("SYT", "I.3"), Some(15_000));
    assert_eq!(score("SGDDT", "I.3"), Some(7_500));
    assert_eq!(score("SYT", "I.4"), Some(15_000));
    // Nothing to report about the two filled templates' figures.
    let about_figures: Vec<&Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            let code = i["code"].as_str().unwrap_or_default();
            (i["unit"] == "SYT" || i["unit"] == "SGDDT")
                && (code.starts_with("figure-") || code == "measured-score-differs")
        })
        .collect();
    assert!(about_figures.is_empty(), "{about_figures:?}");
}

/// The score rows of "Chi tiết" for the criteria scored against the bloc:
/// each unit's column holds the oracle's computed score.
#[test]
fn chi_tiet_scores_are_the_computed_ones() {
    let rows = &run().detail;
    let rules = thidua::rules::Rules::load(&fixture_dir().join("quy-dinh.toml")).unwrap();
    let want = expected()["units"].as_object().unwrap();
    for c in rules.criteria.iter().filter(|c| c.measure.is_some()) {
        let row = rows
            .iter()
            .find(|r| matches!(r.get(1), Some(Data::String(t)) if *t == c.title))
            .unwrap_or_else(|| panic!("no row for {}", c.code));
        for (u, unit) in rules.units.iter().enumerate() {
            let got = row
                .get(3 + u)
                .and_then(DataType::get_float)
                .map(|f| (f * 1000.0).round() as i64);
            let expected = milli(&want[&unit.id]["scores"][&c.code]["self"]);
            assert_eq!(got, expected, "{} {}", unit.id, c.code);
        }
    }
}
