//! Past years (`--history`) on the sample bloc, against the JSON reports of
//! tests/fixtures/history, which scripts/make_history_fixtures.py wrote from
//! a small table (never by running thidua), and its expected.json: each
//! unit's past years in the JSON report and in "Tổng hợp" (one unit under its
//! pre-2025 name, matched through an alias of the rules' copy; one under
//! another id, matched by an alias), and the findings on a folder with a
//! year twice, a current year, a broken file, a JSON that is no report and a
//! text file.

mod common;
use common::{milli, unit};

use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/history").join(name)
}

/// The oracle's table, read once.
fn expected() -> &'static Value {
    static EXPECTED: OnceLock<Value> = OnceLock::new();
    EXPECTED.get_or_init(|| read_json(&fixture("expected.json")))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn thidua(args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .output()
        .expect("run thidua");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

struct Run {
    report: Value,
    /// "Tổng hợp" as read back, cells as text.
    summary: Vec<Vec<String>>,
}

/// The sample bloc consolidated with `history` (if any) under the rules
/// file `rules` of the fixture (a copy of the sample's with the pre-2025
/// name as an alias).
fn consolidate(rules: &str, history: Option<&Path>) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("tong-hop.xlsx");
    let json = tmp.path().join("bao-cao.json");
    let rules = fixture(rules);
    let sample = common::sample_dir();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "consolidate".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        "-o".as_ref(),
        xlsx.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ];
    if let Some(dir) = history {
        args.extend(["--history".as_ref(), dir.as_os_str()]);
    }
    args.push(sample.as_os_str());
    thidua(&args);
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("open the workbook");
    let range = book.worksheet_range("Tổng hợp").expect("Tổng hợp");
    let summary = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    Run {
        report: read_json(&json),
        summary,
    }
}

fn with_history() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| consolidate("quy-dinh.toml", Some(&fixture("reports"))))
}

#[test]
fn each_units_history_in_the_json_is_the_table() {
    let report = &with_history().report;
    let want = expected()["history"].as_object().unwrap();
    assert_eq!(report["units"].as_array().unwrap().len(), want.len());
    for (id, years) in want {
        let got = unit(report, id)["history"].as_array().expect(id).clone();
        let want = years.as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{id}: {got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g["year"], w["year"], "{id}");
            assert_eq!(g["rank"], w["rank"], "{id} {}", w["year"]);
            assert_eq!(g["award"], w["award"], "{id} {}", w["year"]);
            assert_eq!(milli(&g["total"]), milli(&w["total"]), "{id} {}", w["year"]);
            let keys: BTreeSet<&str> = g.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            assert_eq!(keys, BTreeSet::from(["year", "rank", "total", "award"]));
        }
    }
}

#[test]
fn the_unmatched_past_unit_is_an_info_finding() {
    let report = &with_history().report;
    assert_eq!(
        findings(report, "history-"),
        oracle(&expected()["unmatched"])
    );
    let unmatched = issues(report, "history-unit-unmatched")[0];
    assert_eq!(unmatched["severity"], "info");
    assert_eq!(unmatched["params"]["id"], "SNV");
}

/// The oracle's label of a past year: "Hạng 2 — award", "Hạng 5",
/// "Chưa xếp hạng", or empty when the unit was not in the bloc.
fn label(past: Option<&Value>) -> String {
    let Some(past) = past else {
        return String::new();
    };
    match (past["rank"].as_u64(), past["award"].as_str()) {
        (Some(r), Some(a)) => format!("Hạng {r} — {a}"),
        (Some(r), None) => format!("Hạng {r}"),
        (None, Some(a)) => a.to_string(),
        (None, None) => "Chưa xếp hạng".to_string(),
    }
}

#[test]
fn summary_has_one_column_per_past_year_read_back_value_by_value() {
    let run = with_history();
    let header = run
        .summary
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "STT"))
        .expect("the header row");
    let head = &run.summary[header];
    let years = [2022, 2023, 2024];
    let columns: Vec<usize> = years
        .iter()
        .map(|y| {
            head.iter()
                .position(|c| *c == format!("Năm {y}"))
                .unwrap_or_else(|| panic!("no column for {y}: {head:?}"))
        })
        .collect();
    assert_eq!(columns, vec![10, 11, 12], "after Ghi chú, oldest first");
    let want = expected()["history"].as_object().unwrap();
    let mut seen = 0;
    for row in &run.summary[header + 1..] {
        let Some(u) = run.report["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| row.get(1) == u["name"].as_str().map(str::to_string).as_ref())
        else {
            continue;
        };
        let id = u["id"].as_str().unwrap();
        for (y, &c) in years.iter().zip(&columns) {
            let past = want[id]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["year"] == *y);
            assert_eq!(row[c], label(past), "{id} {y}");
        }
        seen += 1;
    }
    assert_eq!(seen, want.len());
}

#[test]
fn without_history_nothing_changes() {
    let plain = consolidate("quy-dinh.toml", None);
    let with = with_history();
    assert!(
        plain.report["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u.get("history").is_none())
    );
    assert!(findings(&plain.report, "history-").is_empty());
    // The same table but for the past years' columns (the heading and the
    // signatures spread over the wider table).
    let width = plain.summary.iter().map(Vec::len).max().unwrap();
    assert_eq!(width, 10);
    let table = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        let header = rows.iter().position(|r| r[0] == "STT").unwrap();
        rows[header..]
            .iter()
            .take_while(|r| !r[0].is_empty())
            .map(|r| r.iter().take(10).cloned().collect())
            .collect()
    };
    let units = plain.report["units"].as_array().unwrap().len();
    assert_eq!(table(&plain.summary).len(), units + 1);
    assert_eq!(table(&with.summary), table(&plain.summary));
}

#[test]
fn each_unusable_file_is_a_finding() {
    let rules = fixture("quy-dinh.toml");
    let dir = fixture("findings");
    let sample = common::sample_dir();
    let out = thidua(&[
        "check".as_ref(),
        "--json".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        "--history".as_ref(),
        dir.as_os_str(),
        sample.as_os_str(),
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("the JSON report");
    assert_eq!(
        findings(&report, "history-"),
        oracle(&expected()["findings"])
    );
    // Each file named by its name, as the web page names the same file
    // uploaded: the same files give the same findings.
    let named: Vec<&str> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("history-"))
        .filter_map(|i| i["file"].as_str())
        .collect();
    assert!(
        named.contains(&"nam-cu") && named.contains(&"hong.json"),
        "{named:?}"
    );
    assert!(named.iter().all(|f| !f.contains(['/', '\\'])), "{named:?}");
    // 2022 is used; 2023 (twice) and 2025 (not past) are not.
    let years: Vec<&Value> = unit(&report, "SYT")["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["year"])
        .collect();
    assert_eq!(years, vec![&Value::from(2022)]);
}

#[test]
fn a_missing_history_folder_stops_the_run_in_vietnamese() {
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["check", "--history"])
        .arg(fixture("khong-co"))
        .arg("--rules")
        .arg(fixture("quy-dinh.toml"))
        .arg(common::sample_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("không đọc được thư mục kết quả các năm trước"),
        "{err}"
    );
}

/// The report's findings of `code`.
fn issues<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == code)
        .collect()
}

/// Who was proposed for `award`, by id.
fn proposed<'a>(report: &'a Value, award: &str) -> Vec<&'a str> {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["award"] == award)
        .map(|u| u["id"].as_str().unwrap())
        .collect()
}

#[test]
fn past_conditions_move_the_flags_as_the_oracle_says() {
    // within = 2: Sở Giáo dục và Đào tạo, flag in 2024, is passed over for
    // the flag (not_twice_running); within = 1: Sở Y tế, flag in 2023 only,
    // for the Cờ thi đua của Chính phủ (requires_previous).
    for (rules, key) in [
        ("quy-dinh-dieu-kien.toml", "conditions"),
        ("quy-dinh-dieu-kien-1.toml", "conditions_1"),
    ] {
        let run = consolidate(rules, Some(&fixture("reports")));
        let want = &expected()[key];
        for (award, id) in want["awards"].as_object().unwrap() {
            let want: Vec<&str> = id.as_str().into_iter().collect();
            assert_eq!(proposed(&run.report, award), want, "{rules}: {award}");
        }
        let barred = issues(&run.report, "award-past-condition");
        let want_barred = want["barred"].as_array().unwrap();
        assert_eq!(barred.len(), want_barred.len(), "{rules}");
        for (issue, pair) in barred.iter().zip(want_barred) {
            assert_eq!(issue["unit"], pair[0], "{rules}");
            assert_eq!(issue["params"]["award"], pair[1], "{rules}");
            let notes = &unit(&run.report, pair[0].as_str().unwrap())["award_notes"];
            assert!(
                notes.as_array().unwrap().contains(&issue["message"]),
                "{notes}"
            );
        }
        assert!(findings(&run.report, "history-condition").is_empty());
    }
}

#[test]
fn conditions_without_history_are_said_not_checked_and_not_applied() {
    let plain = consolidate("quy-dinh.toml", None);
    let run = consolidate("quy-dinh-dieu-kien.toml", None);
    let unchecked = issues(&run.report, "history-condition-unchecked");
    let awards: BTreeSet<&str> = unchecked
        .iter()
        .map(|i| i["params"]["award"].as_str().unwrap())
        .collect();
    let want: BTreeSet<&str> = expected()["conditions"]["awards"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(awards, want);
    assert!(
        unchecked
            .iter()
            .all(|i| i["severity"] == "warning" && i["params"]["reason"] == "no-history")
    );
    for award in &want {
        assert_eq!(proposed(&run.report, award), proposed(&plain.report, award));
    }
    assert!(findings(&run.report, "award-past").is_empty());
}

/// The report's findings whose code starts with `prefix`, as (code, file
/// name, cell), in a set: the oracle does not say their order.
fn findings(report: &Value, prefix: &str) -> BTreeSet<(String, String, Option<String>)> {
    common::vote_findings(report, prefix).into_iter().collect()
}

/// The oracle's `[[code, file, null], …]` as [`findings`] gives them.
fn oracle(list: &Value) -> BTreeSet<(String, String, Option<String>)> {
    common::oracle_findings(list).into_iter().collect()
}

/// Regression: `documents` took `--history` and ignored it (and `ballots`
/// had no such option), so their proposals could differ from
/// `consolidate`'s under rules with past-year conditions. Both now read
/// the past years as `consolidate` does.
#[test]
fn documents_and_ballots_read_the_past_years_too() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = fixture("quy-dinh-dieu-kien.toml");
    let reports = fixture("reports");
    let sample = common::sample_dir();
    let want = consolidate("quy-dinh-dieu-kien.toml", Some(&reports)).report;
    let json = tmp.path().join("ho-so.json");
    let out = thidua(&[
        "documents".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        "--history".as_ref(),
        reports.as_os_str(),
        "--ballots".as_ref(),
        sample.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
        "-o".as_ref(),
        tmp.path().join("ho-so").as_os_str(),
        sample.as_os_str(),
    ]);
    let got = read_json(&json);
    assert_eq!(got["units"], want["units"], "{out:?}");
    assert!(findings(&got, "history-condition").is_empty());
    let out = thidua(&[
        "ballots".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        "--history".as_ref(),
        reports.as_os_str(),
        "-o".as_ref(),
        tmp.path().join("phieu-bau.xlsx").as_os_str(),
        sample.as_os_str(),
    ]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!said.contains("history-condition-unchecked"), "{said}");
}

/// A consolidated workbook in the `--history` folder is read through the
/// report it carries: each unit's past year is what that run's JSON report
/// said; a workbook that carries none (a unit's submission) is a
/// `history-not-report` finding (reason `no-embedded`).
#[test]
fn a_past_years_workbook_is_read_through_its_embedded_report() {
    let tmp = tempfile::tempdir().unwrap();
    let rules_2024 = tmp.path().join("quy-dinh-2024.toml");
    let text = std::fs::read_to_string(fixture("quy-dinh.toml")).unwrap();
    assert!(text.contains("year = 2025"));
    std::fs::write(&rules_2024, text.replace("year = 2025", "year = 2024")).unwrap();
    let past = tmp.path().join("nam-truoc");
    std::fs::create_dir(&past).unwrap();
    let xlsx = past.join("tong-hop-2024.xlsx");
    let json = tmp.path().join("2024.json");
    let sample = common::sample_dir();
    thidua(&[
        "consolidate".as_ref(),
        "--rules".as_ref(),
        rules_2024.as_os_str(),
        "-o".as_ref(),
        xlsx.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
        sample.as_os_str(),
    ]);
    let past_report = read_json(&json);
    let submission = sample.join("bhxh.xlsx");
    std::fs::copy(&submission, past.join("bhxh.xlsx")).unwrap();

    let rules = fixture("quy-dinh.toml");
    let out = thidua(&[
        "check".as_ref(),
        "--json".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        "--history".as_ref(),
        past.as_os_str(),
        sample.as_os_str(),
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("the JSON report");
    let mut ranked = 0;
    for unit_then in past_report["units"].as_array().unwrap() {
        let id = unit_then["id"].as_str().unwrap();
        let history = unit(&report, id)["history"].as_array().unwrap();
        assert_eq!(history.len(), 1, "{id}");
        assert_eq!(history[0]["year"], 2024);
        assert_eq!(history[0]["rank"], unit_then["rank"], "{id}");
        assert_eq!(history[0]["award"], unit_then["award"], "{id}");
        assert_eq!(
            milli(&history[0]["total"]),
            milli(&unit_then["total"]),
            "{id}"
        );
        ranked += usize::from(unit_then["rank"].is_u64());
    }
    assert!(ranked >= 8, "the past year ranked {ranked} units");
    let not_report = issues(&report, "history-not-report");
    assert_eq!(not_report.len(), 1, "{not_report:?}");
    assert!(
        not_report[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("bhxh.xlsx")
    );
    assert_eq!(not_report[0]["params"]["reason"], "no-embedded");
}
