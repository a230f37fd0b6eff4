//! The binary on the edge-case bloc (tests/fixtures/edge, written by
//! scripts/make_edge_fixtures.py): formulas without values, a unit nobody
//! can identify, duplicate files, scores typed as text or turned into a
//! date, a bonus over its cap, last year's title, a hidden sheet with the
//! reviewed column before the self-score, a file named in NFD, the bloc's
//! "Có" on a disqualifier, and a tie at the last Bằng khen place.
//!
//! Every unit figure is compared with expected.json, computed by the script
//! from the data it wrote (never from thidua's output), as integer
//! thousandths.

mod common;
use common::{STD_HEADER, assert_same_milli, base, milli, unit};

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

fn fixture_dir() -> PathBuf {
    common::root().join("tests/fixtures/edge")
}

fn expected() -> &'static Value {
    static EXPECTED: OnceLock<Value> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let text = std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    })
}

/// One run of `consolidate` on a copy of the bloc, shared by every test.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    report: Value,
    /// Every file name of the copied folder, as the OS gave it back.
    names: Vec<String>,
    workbook_written: bool,
}

/// Copy the bloc into a temp dir, giving Sở Tài chính's file its NFD name
/// whatever form the checkout left it in, and run the binary on it.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let bloc = tmp.path().join("khoi-tong-hop");
        std::fs::create_dir(&bloc).unwrap();
        let nfd_target = expected()["nfd_file"].as_str().unwrap();
        for entry in std::fs::read_dir(fixture_dir()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let name = if thidua::text::clean(&name) == nfd_target {
                name.nfd().collect()
            } else {
                name
            };
            std::fs::copy(&path, bloc.join(name)).unwrap();
        }
        let names = std::fs::read_dir(&bloc)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let xlsx = tmp.path().join("tong-hop.xlsx");
        let json = tmp.path().join("bao-cao.json");
        let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .arg("consolidate")
            .arg(&bloc)
            .arg("-o")
            .arg(&xlsx)
            .arg("--json")
            .arg(&json)
            .output()
            .expect("run thidua");
        let report = serde_json::from_str(
            &std::fs::read_to_string(&json).expect("the JSON report is written"),
        )
        .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            report,
            names,
            workbook_written: xlsx.exists(),
        }
    })
}

fn issues() -> &'static [Value] {
    run().report["issues"].as_array().unwrap()
}

fn issues_of<'a>(unit: &'a str, code: &'a str) -> impl Iterator<Item = &'static Value> + 'a {
    issues()
        .iter()
        .filter(move |i| i["unit"] == unit && i["code"] == code)
}

/// Whether a reported issue is the expected one.
fn matches(got: &Value, want: &Value) -> bool {
    got["unit"] == want["unit"]
        && got["code"] == want["code"]
        && got["severity"] == want["severity"]
        && got["criterion"] == want["criterion"]
        && got["cell"] == want["cell"]
        && (want["file"].is_null()
            || got["file"]
                .as_str()
                .is_some_and(|f| base(f) == want["file"].as_str().unwrap()))
}

#[test]
fn edge_bloc_runs_to_the_end_with_exit_code_one() {
    let r = run();
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(
        r.code, 1,
        "errors in the submissions\n{}{}",
        r.stdout, r.stderr
    );
    assert!(r.workbook_written, "the consolidated workbook is written");
    assert!(
        !issues().iter().any(|i| i["code"] == "unreadable-file"),
        "no file failed (an internal error is reported as unreadable-file): {:#?}",
        issues()
    );
}

#[test]
fn edge_bloc_matches_the_expected_unit_figures() {
    let report = &run().report;
    let want_units = expected()["units"].as_object().unwrap();
    assert_eq!(report["units"].as_array().unwrap().len(), want_units.len());
    for (id, want) in want_units {
        let got = unit(report, id);
        assert_eq!(got["status"], want["status"], "{id} status");
        for field in ["self_total", "total", "bonus", "deduction"] {
            assert_same_milli(got, want, field, id);
        }
        for field in ["rank", "award", "disqualified", "reviewed", "tied"] {
            assert_eq!(got[field], want[field], "{id} {field}");
        }
        let files: Vec<&str> = want["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        match got["file"].as_str() {
            Some(f) => assert!(
                files.contains(&base(f).as_str()),
                "{id}: {f} not in {files:?}"
            ),
            None => assert!(files.is_empty(), "{id} has no file"),
        }
        for (code, pair) in want["scores"].as_object().unwrap() {
            let g = &got["scores"][code];
            assert!(g.is_object(), "{id}: no score for {code}");
            for side in ["self", "reviewed"] {
                assert_same_milli(g, pair, side, &format!("{id} {code}"));
            }
        }
    }
}

#[test]
fn every_expected_issue_is_reported_at_its_cell() {
    for want in expected()["issues"].as_array().unwrap() {
        assert!(
            issues().iter().any(|got| matches(got, want)),
            "not reported: {want}\nissues of that unit: {:#?}",
            issues()
                .iter()
                .filter(|i| i["unit"] == want["unit"])
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn no_error_or_warning_beyond_the_planted_ones() {
    let wanted = expected()["issues"].as_array().unwrap();
    for got in issues() {
        if got["severity"] == "info" {
            continue;
        }
        assert!(
            wanted.iter().any(|w| matches(got, w)),
            "unexpected finding: {got}"
        );
    }
}

#[test]
fn sources_list_every_file_with_its_unit_and_sheet() {
    let sources = run().report["sources"].as_array().unwrap();
    let want = expected()["sources"].as_array().unwrap();
    assert_eq!(sources.len(), want.len(), "{sources:#?}");
    for w in want {
        let file = w["file"].as_str().unwrap();
        let got = sources
            .iter()
            .find(|s| base(s["file"].as_str().unwrap()) == file)
            .unwrap_or_else(|| panic!("{file} not in sources"));
        assert_eq!(got["unit"], w["unit"], "{file} unit");
        assert_eq!(got["sheet"], w["sheet"], "{file} sheet");
        assert_eq!(got["rows_read"], 27, "{file}: every criterion row read");
    }
}

// ------------------------------------------------------------- one test per case

#[test]
fn case1_formula_without_value_counts_zero() {
    let ttt = unit(&run().report, "TTT");
    assert_eq!(ttt["scores"]["II.1"]["self"], Value::Null);
    assert_eq!(milli(&ttt["scores"]["II"]["self"]), Some(11_500));
    assert_eq!(ttt["scores"]["V.1"]["self"], Value::Null);
    assert_eq!(milli(&ttt["deduction"]), Some(0));
    let found: Vec<(&str, &str)> = issues_of("TTT", "formula-without-value")
        .map(|i| (i["cell"].as_str().unwrap(), i["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("D17", "error"), ("D32", "error")]);
    let msg = issues_of("TTT", "formula-without-value").next().unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(msg.contains("=4+4"), "{msg}");
}

#[test]
fn case2_unknown_unit_is_listed_in_sources_without_a_unit() {
    let file = "bang tu cham diem thi dua nam 2025.xls";
    let source = run().report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| base(s["file"].as_str().unwrap()) == file)
        .expect("listed in sources");
    assert_eq!(source["unit"], Value::Null);
    assert_eq!(source["format"], "xls");
    let unknown: Vec<&Value> = issues()
        .iter()
        .filter(|i| i["code"] == "unknown-unit")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(unknown[0]["unit"], Value::Null);
    assert_eq!(unknown[0]["severity"], "error");
    assert_eq!(base(unknown[0]["file"].as_str().unwrap()), file);
    // The name the sheet writes, quoted to be pasted into the rules' aliases.
    assert_eq!(unknown[0]["params"]["text"], "Sở Nông nghiệp và Môi trường");
    assert_eq!(unknown[0]["params"]["cell"], "A8");
    let message = unknown[0]["message"].as_str().unwrap();
    assert!(
        message.contains("aliases = [\"Sở Nông nghiệp và Môi trường\"]"),
        "{message}"
    );
    for u in run().report["units"].as_array().unwrap() {
        assert!(
            u["file"].as_str().is_none_or(|f| base(f) != file),
            "given to {}",
            u["id"]
        );
    }
}

#[test]
fn case3_of_two_different_files_the_revised_one_counts_an_identical_copy_is_one() {
    let snv = unit(&run().report, "SNV");
    assert_eq!(snv["status"], "ok");
    assert_eq!(
        base(snv["file"].as_str().unwrap()),
        "SNV_tu cham 2025_sua lan 2.xls",
        "the file named as the second revision counts"
    );
    let dup: Vec<&Value> = issues_of("SNV", "duplicate-unit").collect();
    assert_eq!(dup.len(), 1, "{dup:#?}");
    assert_eq!(dup[0]["severity"], "warning");
    assert_eq!(
        base(dup[0]["file"].as_str().unwrap()),
        "Sở Nội vụ - Bảng tự chấm điểm năm 2025.xlsx",
        "told on the file not used"
    );
    let message = dup[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Dùng bản mới nhất \"SNV_tu cham 2025_sua lan 2.xls\""),
        "{message}"
    );
    let vp = unit(&run().report, "VPUBND");
    assert_eq!(vp["status"], "ok");
    assert_eq!(vp["rank"], 5);
    let dup: Vec<&Value> = issues_of("VPUBND", "duplicate-unit").collect();
    assert_eq!(dup.len(), 1, "{dup:#?}");
    assert_eq!(dup[0]["severity"], "info");
}

#[test]
fn case4_numbers_typed_as_text_are_read_and_a_date_is_not_a_number() {
    let vp = unit(&run().report, "VPUBND");
    let s = &vp["scores"];
    for (code, want) in [
        ("I.2", 8_500),  // "8,5"
        ("I.4", 9_500),  // "9.5"
        ("II.2", 6_000), // " 6 "
        ("II.3", 5_500), // "5,5"
        ("III.1", 9_500),
        ("IV.3", 1_500),
        ("V.1", 500), // "-0,5": deduct half a point
    ] {
        assert_eq!(milli(&s[code]["self"]), Some(want), "{code}: {}", s[code]);
    }
    assert_eq!(s["II.1"]["self"], Value::Null, "the date counts 0");
    assert_eq!(milli(&vp["deduction"]), Some(500));
    assert_eq!(milli(&vp["bonus"]), Some(1_500));
    let bad: Vec<&Value> = issues_of("VPUBND", "score-not-number").collect();
    assert!(!bad.is_empty());
    for i in &bad {
        assert_eq!(i["cell"], "D17", "{i}");
        assert_eq!(i["criterion"], "II.1", "{i}");
    }
}

#[test]
fn case5_bonus_over_cap_counts_the_cap() {
    let stc = unit(&run().report, "STC");
    assert_eq!(milli(&stc["scores"]["IV"]["self"]), Some(6_000));
    assert_eq!(milli(&stc["bonus"]), Some(5_000));
    assert_eq!(milli(&stc["total"]), Some(97_000));
    // Uncapped it would reach the Government flag's 98 points.
    assert_eq!(stc["award"], "Cờ thi đua của Ủy ban nhân dân tỉnh");
    let over: Vec<&Value> = issues_of("STC", "bonus-over-cap").collect();
    assert_eq!(over.len(), 1, "{over:#?}");
    assert_eq!(over[0]["severity"], "warning");
    assert_eq!(over[0]["cell"], "D27");
}

#[test]
fn case6_title_of_another_year_is_flagged_at_the_title_cell() {
    let found: Vec<&Value> = issues_of("TTT", "year-mismatch").collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["cell"], "A6");
    assert_eq!(found[0]["sheet"], "Tự chấm");
    assert_eq!(found[0]["severity"], "error");
    for id in ["STC", "STP", "VPUBND", "SCT"] {
        assert_eq!(issues_of(id, "year-mismatch").count(), 0, "{id}");
    }
}

#[test]
fn case7_hidden_second_sheet_with_reviewed_before_self() {
    let stp = unit(&run().report, "STP");
    let s = &stp["scores"];
    let pair = |code: &str| (milli(&s[code]["self"]), milli(&s[code]["reviewed"]));
    assert_eq!(pair("I.1"), (Some(19_500), Some(19_000)));
    assert_eq!(pair("I.2"), (Some(9_500), None));
    assert_eq!(pair("II.2"), (Some(5_000), Some(4_500)));
    assert_eq!(pair("III.3"), (Some(9_500), Some(8_000)));
    assert_eq!(pair("IV.3"), (Some(1_000), Some(0)), "a reviewed 0 counts");
    assert_eq!(pair("I"), (Some(48_500), Some(48_000)));
    assert_eq!(milli(&stp["self_total"]), Some(96_500));
    assert_eq!(milli(&stp["total"]), Some(93_000));
    assert_eq!(stp["reviewed"], true);
    let source = run().report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["unit"] == "STP")
        .unwrap();
    assert_eq!(source["sheet"], "Bảng chấm điểm");
}

#[test]
fn case8_nfd_file_name_identifies_the_unit() {
    let nfc = expected()["nfd_file"].as_str().unwrap();
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfd, nfc);
    assert!(
        run().names.contains(&nfd),
        "the copied file keeps its NFD name: {:?}",
        run().names
    );
    let stc = unit(&run().report, "STC");
    assert_eq!(stc["status"], "ok");
    assert_eq!(base(stc["file"].as_str().unwrap()), nfc);
    let source = run().report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| base(x["file"].as_str().unwrap()) == nfc)
        .unwrap();
    assert_eq!(source["unit"], "STC");
}

#[test]
fn case9_the_blocs_yes_overrides_the_units_no() {
    let sct = unit(&run().report, "SCT");
    assert_eq!(sct["disqualified"], true);
    assert_eq!(sct["rank"], 2, "a disqualified unit keeps its rank");
    assert_eq!(sct["award"], Value::Null);
    assert_eq!(milli(&sct["total"]), Some(98_500));
    assert!(!sct["award_notes"].as_array().unwrap().is_empty());
    let d: Vec<&Value> = issues_of("SCT", "disqualified").collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["criterion"], "VI.1");
}

#[test]
fn tie_at_the_last_bang_khen_place_goes_to_a_vote() {
    let report = &run().report;
    for id in ["TTT", "VPUBND"] {
        let u = unit(report, id);
        assert_eq!(u["rank"], 5, "{id}");
        assert_eq!(u["tied"], true, "{id}");
        assert_eq!(u["award"], Value::Null, "{id}");
        assert_eq!(milli(&u["total"]), Some(90_000), "{id}");
        let cut: Vec<&Value> = issues_of(id, "tie-at-award-cutoff").collect();
        assert_eq!(cut.len(), 1, "{id}: {cut:#?}");
        assert_eq!(cut[0]["severity"], "warning");
        assert!(
            cut[0]["message"]
                .as_str()
                .unwrap()
                .contains("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
            "{}",
            cut[0]
        );
    }
    assert_eq!(
        unit(report, "STP")["award"],
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    );
    let bang_khen = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["award"] == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
        .count();
    assert_eq!(bang_khen, 1, "the second place goes to the bloc's vote");
    // The flag goes to the revised Sở Nội vụ file (99 points, no deduction);
    // the disqualified SCT (98,5) gets none.
    let flags: Vec<&str> = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["award"] == "Cờ thi đua của Chính phủ")
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(flags, ["SNV"]);
}

// ------------------------------------------------- regressions (bugs found here)

#[test]
fn disqualified_issue_points_at_the_blocs_answer() {
    let d: Vec<&Value> = issues_of("SCT", "disqualified").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["cell"], "E36", "the reviewed cell holding \"Có\"");
}

#[test]
fn an_identical_copy_set_aside_adds_no_findings() {
    let bad: Vec<&Value> = issues_of("VPUBND", "score-not-number").collect();
    assert_eq!(bad.len(), 1, "one mistake, one finding: {bad:#?}");
}

/// A one-unit bloc whose only submission has the bloc's answer `reviewed`
/// to disqualifier VI.1 next to the unit's "Không"; returns the report.
fn with_reviewed_disqualifier(reviewed: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let rules_path = dir.path().join("quy-dinh.toml");
    std::fs::write(&rules_path, common::rules_with_units(1)).unwrap();
    let rules = thidua::rules::Rules::load(&rules_path).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(2, 1, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025")
        .unwrap();
    ws.write(3, 1, format!("Đơn vị: {}", rules.units[0].name))
        .unwrap();
    for (c, h) in STD_HEADER.iter().enumerate() {
        ws.write(5, c as u16, *h).unwrap();
    }
    for (k, c) in rules.criteria.iter().enumerate() {
        let row = 6 + k as u32;
        ws.write(row, 0, c.label.as_str()).unwrap();
        ws.write(row, 1, c.title.as_str()).unwrap();
        if let Some(v) = common::generated_score(&rules, 0, k) {
            ws.write(row, 2, c.max.unwrap().to_f64()).unwrap();
            ws.write(row, 3, v).unwrap();
        } else if c.is_leaf() {
            ws.write(row, 3, "Không").unwrap();
            if c.code == "VI.1" {
                ws.write(row, 4, reviewed).unwrap();
            }
        }
    }
    wb.save(dir.path().join("dv0.xlsx")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn case9_a_reviewed_yes_in_a_generated_sheet_disqualifies() {
    let report = with_reviewed_disqualifier("Có");
    assert_eq!(unit(&report, "DV0000")["disqualified"], true);
}

#[test]
fn a_reviewed_disqualifier_answer_not_understood_is_reported() {
    let report = with_reviewed_disqualifier("chưa rõ");
    let found = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["code"] == "disqualifier-not-understood" && i["criterion"] == "VI.1");
    assert!(found, "{:#?}", report["issues"]);
}

#[test]
fn exclude_chooses_the_version_the_officer_wants() {
    let run = |exclude: &str| {
        Command::new(env!("CARGO_BIN_EXE_thidua"))
            .arg("check")
            .arg(fixture_dir())
            .args(["--exclude", exclude, "--json"])
            .output()
            .expect("run thidua")
    };
    // The older file, chosen by leaving out the revised one (named in NFD
    // and upper case: compared as Windows compares names).
    let name: String = "snv_TU CHAM 2025_SUA LAN 2.XLS".nfd().collect();
    let result = run(&name);
    let report: Value = serde_json::from_slice(&result.stdout).unwrap();
    let snv = unit(&report, "SNV");
    assert_eq!(
        base(snv["file"].as_str().unwrap()),
        "Sở Nội vụ - Bảng tự chấm điểm năm 2025.xlsx"
    );
    let skipped: Vec<&Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "file-skipped")
        .filter(|i| i["message"].as_str().unwrap().contains("--exclude"))
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert!(
        report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !(i["code"] == "duplicate-unit" && i["unit"] == "SNV")),
        "one version left: no duplicate"
    );
    // A name that matches nothing stops the run with a message.
    let result = run("khong-co.xlsx");
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("khong-co.xlsx"), "{stderr}");
}
