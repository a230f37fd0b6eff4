//! The binary on the sample bloc: exact scores, totals, ranks and awards
//! against an answer key computed independently when the samples were
//! generated (tests/expected/sample-bloc.json), the (code, cell) of every
//! planted mistake, and the workbook read back cell by cell.

mod common;
use common::{milli, unit};

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn thidua(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .env("THIDUA_DEBUG", "1")
        .args(args)
        .output()
        .expect("run thidua");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn expected() -> Value {
    let text =
        std::fs::read_to_string(common::root().join("tests/expected/sample-bloc.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Run `consolidate` on the sample bloc once per test; returns the report
/// and the workbook path (kept in the temp dir).
fn consolidate_sample(dir: &Path) -> (i32, Value, std::path::PathBuf, String) {
    let xlsx = dir.join("tong-hop.xlsx");
    let json = dir.join("bao-cao.json");
    let sample = common::sample_dir();
    let (code, stdout, stderr) = thidua(&[
        "consolidate",
        sample.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(
        stderr.is_empty() || !stderr.contains("panicked"),
        "{stderr}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).unwrap();
    (code, report, xlsx, stdout)
}

#[test]
fn sample_bloc_matches_the_answer_key() {
    let dir = tempfile::tempdir().unwrap();
    let (code, report, _, stdout) = consolidate_sample(dir.path());
    assert_eq!(code, 1, "the sample has a unit with errors\n{stdout}");
    let key = expected();
    for (id, want) in key["units"].as_object().unwrap() {
        let got = unit(&report, id);
        if want["file"].is_null() {
            assert_eq!(got["status"], "missing", "{id}");
            assert_eq!(got["total"], Value::Null, "{id}");
            continue;
        }
        assert_eq!(got["status"], "ok", "{id}");
        assert_eq!(
            milli(&got["self_total"]),
            milli(&want["self_total"]),
            "{id} self_total"
        );
        assert_eq!(milli(&got["total"]), milli(&want["total"]), "{id} total");
        assert_eq!(got["rank"], want["rank"], "{id} rank");
        assert_eq!(got["award"], want["award"], "{id} award");
        assert_eq!(
            got["disqualified"], want["disqualified"],
            "{id} disqualified"
        );
        let file = got["file"].as_str().unwrap();
        let want_file = want["file"].as_str().unwrap();
        assert!(
            thidua::text::key(file).ends_with(&thidua::text::key(want_file)),
            "{id}: {file} vs {want_file}"
        );
        for (code, pair) in want["scores"].as_object().unwrap() {
            let g = &got["scores"][code];
            assert_eq!(milli(&g["self"]), milli(&pair["self"]), "{id} {code} self");
            assert_eq!(
                milli(&g["reviewed"]),
                milli(&pair["reviewed"]),
                "{id} {code} reviewed"
            );
        }
    }
    let missing = unit(&report, "LHHKHKT");
    assert_eq!(missing["status"], "missing");
    assert_eq!(missing["rank"], Value::Null);
}

#[test]
fn planted_mistakes_are_found_at_their_cells_and_clean_files_have_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let (_, report, _, _) = consolidate_sample(dir.path());
    let issues = report["issues"].as_array().unwrap();
    for m in expected()["mistakes"].as_array().unwrap() {
        let found = issues.iter().any(|i| {
            i["unit"] == m["unit"]
                && i["code"] == m["code"]
                && i["cell"] == m["cell"]
                && i["criterion"] == m["criterion"]
        });
        assert!(
            found,
            "mistake not reported: {m}\nissues of the unit: {:#?}",
            issues
                .iter()
                .filter(|i| i["unit"] == m["unit"])
                .collect::<Vec<_>>()
        );
    }
    let key = expected();
    let mistaken: Vec<&Value> = key["mistakes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["unit"])
        .collect();
    for i in issues {
        let clean_unit = !mistaken.contains(&&i["unit"]);
        if clean_unit {
            assert_ne!(
                i["severity"], "error",
                "a clean submission got an error: {i}"
            );
            if i["severity"] == "warning" {
                assert_eq!(
                    i["code"], "missing-unit",
                    "unexpected warning on a clean submission: {i}"
                );
            }
        }
    }
}

/// The cell of `sheet` at (row, col) as text or number.
fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    range.get((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn the_workbook_shows_the_reports_totals_and_ranks() {
    let dir = tempfile::tempdir().unwrap();
    let (_, report, xlsx, _) = consolidate_sample(dir.path());
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    // Six visible sheets, then the very hidden one carrying the JSON
    // report (never shown nor printed).
    let visible: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible))
        .collect();
    let want: Vec<(String, bool)> = [
        "Tổng hợp",
        "Chi tiết",
        "Đề nghị khen thưởng",
        "Kiểm tra",
        "Ghi chú, minh chứng",
        "Nguồn",
    ]
    .into_iter()
    .map(|n| (n.to_string(), true))
    .chain([("thidua-report".to_string(), false)])
    .collect();
    assert_eq!(visible, want);
    let hidden = &wb.sheets_metadata()[6];
    assert_eq!(hidden.visible, calamine::SheetVisible::VeryHidden);
    let summary = wb.worksheet_range("Tổng hợp").unwrap();
    // Locate the header row and its columns by their labels.
    let (h, _) = summary
        .used_cells()
        .find(|(_, _, v)| matches!(v, Data::String(s) if s == "Đơn vị"))
        .map(|(r, c, _)| (r, c))
        .expect("header");
    let col = |label: &str| {
        (0..summary.width())
            .find(|&c| matches!(cell(&summary, h, c), Data::String(s) if s == label))
            .unwrap_or_else(|| panic!("no column {label}"))
    };
    let (c_name, c_self, c_total, c_rank, c_award) = (
        col("Đơn vị"),
        col("Tự chấm"),
        col("Tổng điểm"),
        col("Xếp hạng"),
        col("Đề nghị khen thưởng"),
    );
    let mut seen = 0;
    for r in h + 1..summary.height() {
        let Data::String(name) = cell(&summary, r, c_name) else {
            continue;
        };
        let Some(u) = report["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["name"] == name.as_str())
        else {
            continue;
        };
        seen += 1;
        let num = |c| match cell(&summary, r, c) {
            Data::Float(f) => Some((f * 1000.0).round() as i64),
            Data::Int(i) => Some(i * 1000),
            _ => None,
        };
        assert_eq!(num(c_self), milli(&u["self_total"]), "{name} self");
        assert_eq!(num(c_total), milli(&u["total"]), "{name} total");
        assert_eq!(
            num(c_rank),
            u["rank"].as_i64().map(|x| x * 1000),
            "{name} rank"
        );
        let award = match cell(&summary, r, c_award) {
            Data::String(s) if !s.is_empty() => Value::String(s),
            _ => Value::Null,
        };
        assert_eq!(award, u["award"], "{name} award");
    }
    assert_eq!(
        seen,
        report["units"].as_array().unwrap().len(),
        "every unit has a row"
    );
    // Every issue appears on the "Kiểm tra" sheet.
    let checks = wb.worksheet_range("Kiểm tra").unwrap();
    let messages: Vec<String> = checks
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for i in report["issues"].as_array().unwrap() {
        assert!(
            messages.iter().any(|m| m == i["message"].as_str().unwrap()),
            "issue missing from Kiểm tra: {i}"
        );
    }
}

#[test]
fn check_prints_the_same_report_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, consolidated, _, _) = consolidate_sample(dir.path());
    let sample = common::sample_dir();
    let (code, stdout, _) = thidua(&["check", "--json", sample.to_str().unwrap()]);
    assert_eq!(code, 1);
    let checked: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(checked, consolidated);
    let (code, text, _) = thidua(&["check", sample.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(text.contains("Sở Y tế"), "{text}");
    assert!(text.contains("score-over-max"), "{text}");
}

#[test]
fn same_inputs_give_identical_outputs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (_, ra, xa, _) = consolidate_sample(a.path());
    let (_, rb, xb, _) = consolidate_sample(b.path());
    assert_eq!(ra, rb);
    let mut wa = open_workbook_auto(&xa).unwrap();
    let mut wb = open_workbook_auto(&xb).unwrap();
    for name in wa.sheet_names() {
        assert_eq!(
            wa.worksheet_range(&name).unwrap(),
            wb.worksheet_range(&name).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn exit_code_two_when_the_run_cannot_start() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, _, stderr) = thidua(&["check", d]);
    assert_eq!(code, 2);
    assert!(stderr.contains("tệp quy định"), "{stderr}");
    let (code, _, stderr) = thidua(&["check", "--rules", "khong-co.toml", d]);
    assert_eq!(code, 2);
    assert!(stderr.contains("khong-co.toml"), "{stderr}");
    let rules = common::sample_dir().join("quy-dinh.toml");
    let (code, _, stderr) = thidua(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        "thu-muc-khong-ton-tai",
    ]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = thidua(&["khong-co-lenh"]);
    assert_eq!(code, 2);
}

#[test]
fn exit_code_zero_with_warnings_only() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("quy-dinh.toml");
    std::fs::write(&rules, common::rules_with_units(3)).unwrap();
    let parsed = thidua::rules::Rules::load(&rules).unwrap();
    common::write_submission(&parsed, &dir.path().join("dv0.xlsx"), 0);
    common::write_submission(&parsed, &dir.path().join("dv1.xlsx"), 1);
    let out = dir.path().join("out.xlsx");
    let (code, stdout, stderr) = thidua(&[
        "consolidate",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("missing-unit"),
        "the third unit is missing: {stdout}"
    );
    assert!(out.exists());
}

/// Regression: `thidua check … | head` closed standard output early and the
/// program panicked (exit 101) instead of finishing with its own exit code.
#[test]
fn a_closed_standard_output_is_not_a_crash() {
    let sample = common::sample_dir();
    for args in [vec!["check"], vec!["check", "--json"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(&args)
            .arg(&sample)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_notes_units_wrote_beside_their_scores_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (_, report, xlsx, _) = consolidate_sample(dir.path());
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let notes = wb.worksheet_range("Ghi chú, minh chứng").unwrap();
    let header = (0..notes.height())
        .find(|&r| cell(&notes, r, 0) == Data::String("STT".into()))
        .expect("the notes table");
    let rows: Vec<[String; 7]> = (header + 1..notes.height())
        .map(|r| std::array::from_fn(|c| cell(&notes, r, c).to_string()))
        .collect();
    // Every unit whose file was used, and only those.
    let used: Vec<&str> = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["status"] == "ok")
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert!(rows.iter().all(|r| used.contains(&r[1].as_str())));
    assert_eq!(rows.len(), 40, "{rows:#?}");
    // A note typed in TCVN3 comes out in Unicode, with its column and cell.
    assert!(
        rows.iter().any(|r| r[1] == "Sở Giáo dục và Đào tạo"
            && r[2] == "I.1"
            && r[4] == "Ghi chú"
            && r[5] == "Tỷ lệ tốt nghiệp THPT đạt 98,6%"
            && r[6].ends_with(", ô F14")),
        "{rows:#?}"
    );
    // The VHTTDL table names its column "Tài liệu kiểm chứng".
    assert!(
        rows.iter().any(|r| r[4] == "Tài liệu kiểm chứng"),
        "{rows:#?}"
    );
}
