//! `thidua province` on the province of tests/fixtures/province, which
//! scripts/make_province_fixtures.py wrote with its answer key
//! (expected.json, computed by the script from its own tables, never from
//! thidua's output): nine blocs expected, eight given as raw bloc folders,
//! thidua workbooks (one edited by hand), a JSON report and hand-made
//! summaries (openpyxl, xlwt in TCVN3, an edited layout), one missing,
//! with planted quota, duplicate-proposal, ineligible, late and unreadable
//! problems. Every bloc's units, every proposal, every finding with its
//! place, and every figure of the workbook read back are compared with the
//! key; the clean blocs have no finding. Then one regression test per
//! check the fixture does not plant.

mod common;
use common::milli;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use thidua::issue::Code;

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/province").join(name)
}

fn key() -> &'static Value {
    static KEY: OnceLock<Value> = OnceLock::new();
    KEY.get_or_init(|| {
        serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap()
    })
}

fn thidua(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .output()
        .expect("run thidua")
}

struct Run {
    code: Option<i32>,
    report: Value,
    xlsx: PathBuf,
    _dir: tempfile::TempDir,
}

/// `thidua province` on `inputs` under the rules `rules`.
fn province(rules: &Path, inputs: &[&Path]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("tinh.xlsx");
    let json = dir.path().join("tinh.json");
    let mut args: Vec<&std::ffi::OsStr> = vec!["province".as_ref(), rules.as_os_str()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend([
        "-o".as_ref(),
        xlsx.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ]);
    let out = thidua(&args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    Run {
        code: out.status.code(),
        report,
        xlsx,
        _dir: dir,
    }
}

fn the_province() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| province(&fixture("tinh.toml"), &[&fixture("khoi")]))
}

fn base(file: &Value) -> Value {
    match file.as_str() {
        Some(f) => Value::from(f.rsplit(['/', '\\']).next().unwrap_or(f)),
        None => Value::Null,
    }
}

#[test]
fn problems_found_exit_1() {
    assert_eq!(the_province().code, Some(1));
}

#[test]
fn every_bloc_and_unit_is_the_keys() {
    let got = the_province().report["blocs"].as_array().unwrap();
    let want = key()["blocs"].as_array().unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        let name = w["name"].as_str().unwrap();
        assert_eq!(g["id"], w["id"], "{name}");
        assert_eq!(g["name"], w["name"]);
        assert_eq!(g["status"], w["status"], "{name}");
        assert_eq!(g["kind"], w["kind"], "{name}");
        let (gu, wu) = (
            g["units"].as_array().unwrap(),
            w["units"].as_array().unwrap(),
        );
        assert_eq!(gu.len(), wu.len(), "{name}: {gu:?}");
        for (a, b) in gu.iter().zip(wu) {
            let unit = b["name"].as_str().unwrap();
            assert_eq!(a["name"], b["name"], "{name}");
            assert_eq!(milli(&a["total"]), milli(&b["total"]), "{name} {unit}");
            assert_eq!(a["rank"], b["rank"], "{name} {unit}");
            assert_eq!(a["award"], b["award"], "{name} {unit}");
            assert_eq!(a["disqualified"], b["disqualified"], "{name} {unit}");
        }
    }
    let info = &the_province().report["province"];
    assert_eq!(info["units"], key()["province"]["units"]);
    assert_eq!(info["awards"], key()["province"]["awards"]);
}

#[test]
fn the_provincial_list_is_the_keys_in_the_councils_order() {
    let got = the_province().report["proposals"].as_array().unwrap();
    let want = key()["proposals"].as_array().unwrap();
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        for field in ["award", "unit", "bloc", "bloc_id", "rank", "findings"] {
            assert_eq!(g[field], w[field], "{field} of {w}");
        }
        assert_eq!(milli(&g["total"]), milli(&w["total"]), "{w}");
    }
}

/// The province findings as (code, file name, sheet, cell).
fn findings(report: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("province-"))
        .map(|i| {
            Value::from(vec![
                i["code"].clone(),
                base(&i["file"]),
                i["sheet"].clone(),
                i["cell"].clone(),
            ])
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

#[test]
fn every_planted_problem_is_found_at_its_place_and_nothing_else() {
    let report = &the_province().report;
    let mut want: Vec<Value> = key()["findings"].as_array().unwrap().clone();
    want.sort_by_key(|v| v.to_string());
    assert_eq!(findings(report), want);
    // The only other finding: the TCVN3 summary's text was converted.
    for issue in report["issues"].as_array().unwrap() {
        let code = issue["code"].as_str().unwrap();
        if !code.starts_with("province-") {
            assert_eq!(code, "legacy-encoding", "{issue}");
            assert_eq!(base(&issue["file"]), key()["legacy"]);
        }
    }
    // No finding at all on the clean blocs.
    for clean in key()["clean"].as_array().unwrap() {
        assert!(
            report["issues"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| base(&i["file"]) != *clean),
            "a finding on {clean}"
        );
    }
}

#[test]
fn the_sources_sheet_and_report_list_every_input() {
    let report = &the_province().report;
    let files: BTreeSet<String> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| base(&s["file"]).as_str().unwrap().to_string())
        .collect();
    let want: BTreeSet<String> = std::fs::read_dir(fixture("khoi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, want);
    let nguon = sheet(&the_province().xlsx, "Nguồn");
    let listed: BTreeSet<String> = nguon[8..]
        .iter()
        .map(|r| r[0].rsplit(['/', '\\']).next().unwrap().to_string())
        .collect();
    assert_eq!(listed, want);
    let legacy = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| base(&s["file"]) == key()["legacy"])
        .unwrap();
    assert_eq!(legacy["encoding"], "tcvn3");
}

/// A sheet of the workbook read back, cells as text ("" for empty).
fn sheet(xlsx: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(xlsx).expect("open the province workbook");
    let range = book.worksheet_range(name).expect(name);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(|c| match c {
            Data::Empty => String::new(),
            Data::Float(f) => {
                if f.fract() == 0.0 {
                    format!("{}", *f as i64)
                } else {
                    format!("{f}")
                }
            }
            other => other.to_string(),
        }));
        rows.push(cells);
    }
    rows
}

fn number(v: &Value) -> String {
    match v.as_f64() {
        Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
        Some(f) => format!("{f}"),
        None => String::new(),
    }
}

fn title(code: &str) -> &'static str {
    Code::ALL
        .iter()
        .find(|c| c.as_str() == code)
        .map(|c| c.title())
        .unwrap_or_else(|| panic!("no code {code}"))
}

#[test]
fn the_list_sheet_is_the_keys_value_by_value() {
    let rows = sheet(&the_province().xlsx, "Danh sách đề nghị");
    assert_eq!(
        rows[7][..7],
        [
            "STT",
            "Tên tập thể",
            "Khối",
            "Hình thức khen thưởng",
            "Tổng điểm",
            "Xếp hạng trong khối",
            "Ghi chú"
        ]
    );
    let want = key()["proposals"].as_array().unwrap();
    let awards = key()["province"]["awards"].as_array().unwrap();
    let mut r = 8;
    let mut seen = 0;
    for (g, award) in awards.iter().enumerate() {
        let name = award["name"].as_str().unwrap();
        assert_eq!(rows[r][0], ["I", "II", "III"][g]);
        assert!(rows[r][1].starts_with(name), "{:?}", rows[r]);
        r += 1;
        let members: Vec<&Value> = want.iter().filter(|p| p["award"] == name).collect();
        for (i, p) in members.iter().enumerate() {
            let row = &rows[r];
            let remark: Vec<&str> = p["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| title(c.as_str().unwrap()))
                .collect();
            let expect = [
                (i + 1).to_string(),
                p["unit"].as_str().unwrap().to_string(),
                p["bloc"].as_str().unwrap().to_string(),
                name.to_string(),
                number(&p["total"]),
                number(&p["rank"]),
                remark.join("; "),
            ];
            assert_eq!(row[..7], expect, "row {}", r + 1);
            r += 1;
            seen += 1;
        }
    }
    assert_eq!(seen, want.len());
}

#[test]
fn the_blocs_sheet_shows_every_bloc_side_by_side() {
    let rows = sheet(&the_province().xlsx, "Các khối");
    let mut r = 8;
    for bloc in key()["blocs"].as_array().unwrap() {
        let name = bloc["name"].as_str().unwrap();
        assert!(rows[r][1].starts_with(name), "{:?}", rows[r]);
        r += 1;
        if bloc["status"] == "missing" {
            assert_eq!(rows[r][1], "Khối chưa gửi kết quả.");
            r += 1;
            continue;
        }
        for (i, u) in bloc["units"].as_array().unwrap().iter().enumerate() {
            let row = &rows[r];
            assert_eq!(row[0], (i + 1).to_string());
            assert_eq!(row[1], u["name"].as_str().unwrap());
            assert_eq!(row[2], number(&u["total"]), "{name} {}", row[1]);
            assert_eq!(row[3], number(&u["rank"]), "{name} {}", row[1]);
            assert_eq!(
                row[4],
                u["award"].as_str().unwrap_or(""),
                "{name} {}",
                row[1]
            );
            assert_eq!(
                row[5].contains("không xét"),
                u["disqualified"].as_bool().unwrap(),
                "{name} {}",
                row[1]
            );
            r += 1;
        }
    }
}

#[test]
fn the_checks_sheet_lists_every_finding() {
    let report = &the_province().report;
    let rows = sheet(&the_province().xlsx, "Kiểm tra");
    let issues = report["issues"].as_array().unwrap();
    assert_eq!(rows.len(), 8 + issues.len());
    for (row, issue) in rows[8..].iter().zip(issues) {
        assert_eq!(row[1], issue["code"].as_str().unwrap());
        assert_eq!(row[6], issue["message"].as_str().unwrap());
        assert_eq!(row[5], issue["cell"].as_str().unwrap_or(""));
    }
}

#[test]
fn the_same_inputs_give_the_same_report_and_cells() {
    let again = province(&fixture("tinh.toml"), &[&fixture("khoi")]);
    assert_eq!(again.report, the_province().report);
    for name in ["Các khối", "Danh sách đề nghị", "Kiểm tra", "Nguồn"] {
        assert_eq!(
            sheet(&again.xlsx, name),
            sheet(&the_province().xlsx, name),
            "{name}"
        );
    }
}

// ---- one regression test per check the fixture does not plant ------------------------------

const RULES: &str = r#"
[province]
name = "Quảng Ngãi"
year = 2025

[[blocs]]
id = "A"
name = "Khối A"

[[blocs]]
id = "B"
name = "Khối B"
source = "ket-qua-khoi-b"

[[awards]]
name = "Cờ thi đua của Chính phủ"
max_per_bloc = 1
top = 1
"#;

/// A JSON report of bloc `bloc` for `year` with (name, rank, award).
fn report_json(bloc: &str, year: i32, units: &[(&str, Option<u32>, Option<&str>)]) -> String {
    let units: Vec<Value> = units
        .iter()
        .map(
            |(n, r, a)| serde_json::json!({"id": n, "name": n, "rank": r, "total": 90, "award": a}),
        )
        .collect();
    serde_json::json!({"bloc": {"name": bloc, "year": year}, "units": units}).to_string()
}

fn findings_of(run: &Run) -> Vec<(String, Value)> {
    run.report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["code"].as_str().unwrap().to_string(), base(&i["file"])))
        .collect()
}

#[test]
fn a_bloc_twice_an_unknown_bloc_another_year_and_an_unknown_award() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("tinh.toml");
    std::fs::write(&rules, RULES).unwrap();
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let a1 = write(
        "a-1.json",
        report_json(
            "Khối A",
            2025,
            &[("Sở X", Some(1), Some("Cờ thi đua của Chính phủ"))],
        ),
    );
    let a2 = write(
        "a-2.json",
        report_json("KHỐI A", 2025, &[("Sở X", Some(1), None)]),
    );
    // Named by nothing but its file name, through the rules' `source` hint.
    let b = write(
        "ket-qua-khoi-b.json",
        report_json("", 2024, &[("Sở Y", Some(1), Some("Giấy khen"))]),
    );
    let c = write(
        "c.json",
        report_json("Khối C", 2025, &[("Sở Z", Some(1), None)]),
    );
    let run = province(&rules, &[&a1, &a2, &b, &c]);
    let got = findings_of(&run);
    for want in [
        ("province-bloc-twice", "a-2.json"),
        ("province-bloc-year", "ket-qua-khoi-b.json"),
        ("province-award-unknown", "ket-qua-khoi-b.json"),
        ("province-bloc-unknown", "c.json"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), Value::from(want.1))),
            "{want:?} not in {got:?}"
        );
    }
    assert_eq!(got.len(), 4, "{got:?}");
    let blocs = run.report["blocs"].as_array().unwrap();
    assert_eq!(blocs.len(), 3);
    assert_eq!(
        blocs[0]["units"][0]["award"], "Cờ thi đua của Chính phủ",
        "the first is used"
    );
    assert_eq!(blocs[2]["id"], Value::Null);
    assert_eq!(blocs[2]["name"], "Khối C");
}

#[test]
fn an_unranked_unit_proposed_and_bad_bloc_folders_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("tinh.toml");
    std::fs::write(&rules, RULES).unwrap();
    let a = dir.path().join("a.json");
    std::fs::write(
        &a,
        report_json(
            "Khối A",
            2025,
            &[("Sở X", None, Some("Cờ thi đua của Chính phủ"))],
        ),
    )
    .unwrap();
    let two = dir.path().join("hai-quy-dinh");
    std::fs::create_dir(&two).unwrap();
    std::fs::write(two.join("a.toml"), "").unwrap();
    std::fs::write(two.join("b.toml"), "").unwrap();
    let bad = dir.path().join("quy-dinh-hong");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("quy-dinh.toml"), "[bloc\nname = 1").unwrap();
    let broken = dir.path().join("hong.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a workbook").unwrap();
    let run = province(&rules, &[&a, &two, &bad, &broken]);
    let issues = run.report["issues"].as_array().unwrap();
    let reason = |file: &str| {
        issues
            .iter()
            .find(|i| i["code"] == "province-input-unreadable" && base(&i["file"]) == file)
            .map(|i| i["params"]["reason"].clone())
    };
    assert_eq!(reason("hai-quy-dinh"), Some(Value::from("several-rules")));
    assert_eq!(reason("quy-dinh-hong"), Some(Value::from("rules")));
    assert_eq!(reason("hong.xlsx"), Some(Value::from("io")));
    let unranked = issues
        .iter()
        .find(|i| i["code"] == "province-proposed-ineligible")
        .expect("the unranked unit proposed");
    assert_eq!(unranked["params"]["case"], "unranked");
    // The rank is unknown: not said to be below the leader as well.
    assert!(issues.iter().all(|i| i["code"] != "province-not-leader"));
}

#[test]
fn a_bad_province_rules_file_or_a_missing_input_stops_the_run_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("tinh.toml");
    std::fs::write(&rules, RULES.replace("top = 1", "top = 1\nchi_tieu = 2")).unwrap();
    let out = thidua(&[
        "province".as_ref(),
        rules.as_os_str(),
        fixture("khoi").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tinh.toml") && err.contains("chi_tieu"),
        "{err}"
    );
    std::fs::write(&rules, RULES).unwrap();
    let missing = dir.path().join("khong-co");
    let out = thidua(&["province".as_ref(), rules.as_os_str(), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không tìm thấy"));
}

/// Hostile and broken files given as the blocs' results (the hostile
/// corpus: bombs, huge sheets, damaged packages, a JSON file that is no
/// report): each is one finding on its own input, none stops the run or
/// takes it down, every one is listed in "Nguồn".
#[test]
fn hostile_inputs_are_findings_not_crashes() {
    let hostile = common::root().join("tests/fixtures/hostile");
    let run = province(&fixture("tinh.toml"), &[&hostile]);
    assert_eq!(run.code, Some(1));
    let files: Vec<String> = std::fs::read_dir(&hostile)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let sources = run.report["sources"].as_array().unwrap();
    assert_eq!(sources.len(), files.len());
    for file in &files {
        let about: Vec<&Value> = run.report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| base(&i["file"]) == file.as_str())
            .collect();
        assert_eq!(about.len(), 1, "{file}: {about:?}");
        assert_eq!(about[0]["code"], "province-input-unreadable", "{file}");
    }
    assert!(
        run.report["blocs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["status"] == "missing")
    );
}

/// In a folder of results, system files (Thumbs.db, .DS_Store) are passed
/// over as every reader of folders does; an Office lock file is an info
/// finding; a folder without a rules file is an error.
#[test]
fn a_folder_of_results_passes_over_system_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("tinh.toml");
    std::fs::write(&rules, RULES).unwrap();
    let results = dir.path().join("ket-qua");
    std::fs::create_dir(&results).unwrap();
    std::fs::write(
        results.join("a.json"),
        report_json("Khối A", 2025, &[("Sở X", Some(1), None)]),
    )
    .unwrap();
    std::fs::write(results.join("Thumbs.db"), b"x").unwrap();
    std::fs::write(results.join(".DS_Store"), b"x").unwrap();
    std::fs::write(results.join("~$a.xlsx"), b"x").unwrap();
    std::fs::create_dir(results.join("anh")).unwrap();
    let run = province(&rules, &[&results]);
    let mut got = findings_of(&run);
    got.sort_by_key(|f| f.0.clone());
    assert_eq!(
        got,
        [
            ("file-skipped".to_string(), Value::from("~$a.xlsx")),
            ("province-bloc-missing".to_string(), Value::Null),
            ("province-input-unreadable".to_string(), Value::from("anh")),
        ]
    );
    assert_eq!(run.report["sources"].as_array().unwrap().len(), 3);
}

/// A JSON input that is not UTF-8 text is no report: one finding saying so
/// in Vietnamese, the run goes on.
#[test]
fn a_json_input_that_is_not_utf8_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("tinh.toml");
    std::fs::write(&rules, RULES).unwrap();
    let bad = dir.path().join("khoi-a.json");
    std::fs::write(&bad, [0xff, 0xfe, b'{', b'}']).unwrap();
    let run = province(&rules, &[&bad]);
    assert_eq!(run.code, Some(1));
    let unreadable: Vec<&Value> = run.report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "province-input-unreadable")
        .collect();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    let message = unreadable[0]["message"].as_str().unwrap();
    assert!(message.contains("không phải văn bản UTF-8"), "{message}");
}
