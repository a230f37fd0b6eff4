//! `thidua template`: blank templates made from the sample rules, filled by
//! independent programs (openpyxl, and LibreOffice through its UNO bridge:
//! scripts/fill_templates.py) and re-saved by LibreOffice, come back with
//! zero issues and exactly the scores typed;
//! what the templates enforce (protection without password, locked
//! criteria, data validation 0..max, levels, Có/Không) is read back by
//! openpyxl and compared with the rules.
//!
//! Needs python3 with openpyxl, LibreOffice (`soffice`) for the re-saved
//! copies, and a Python with LibreOffice's `uno` bridge (python3-uno) for
//! the copies typed in LibreOffice itself. Without them the tests are reported as ignored — except
//! under CI (the `CI` environment variable set), where they fail.

mod common;
use common::milli;

use common::tools::{self, Tool};

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use thidua::rules::{Kind, Rules};

fn thidua(args: &[&str], dir: Option<&Path>) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_thidua"));
    if let Some(d) = dir {
        command.current_dir(d);
    }
    let out = command.args(args).output().expect("run thidua");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn rules_path() -> PathBuf {
    common::sample_dir().join("quy-dinh.toml")
}

fn rules() -> Rules {
    Rules::load(&rules_path()).unwrap()
}

/// Templates for every unit of the sample bloc, in `dir`.
fn templates(dir: &Path) -> Vec<PathBuf> {
    let (code, out) = thidua(
        &[
            "template",
            "--rules",
            rules_path().to_str().unwrap(),
            "--all",
            "-o",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The template of unit `id` among those written.
fn template_of<'a>(written: &'a [PathBuf], id: &str) -> &'a Path {
    written
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains(&format!(" - {id} - "))
        })
        .unwrap_or_else(|| panic!("no template for {id}"))
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(common::root().join("scripts/fill_templates.py"))
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Consolidate `dir`; the JSON report.
fn consolidate(dir: &Path, out: &Path) -> Value {
    let json = out.join("bao-cao.json");
    let (code, text) = thidua(
        &[
            "consolidate",
            "--rules",
            rules_path().to_str().unwrap(),
            dir.to_str().unwrap(),
            "-o",
            out.join("tong-hop.xlsx").to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
        None,
    );
    assert!(code < 2, "{text}");
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

/// Every unit's self total and every score typed equal the expected ones,
/// and the report has no finding at all.
fn assert_exact(report: &Value, expected: &Value, label: &str) {
    assert_eq!(
        report["issues"],
        Value::Array(vec![]),
        "{label}: {}",
        report["issues"]
    );
    let units = report["units"].as_array().unwrap();
    assert_eq!(units.len(), 9);
    for unit in units {
        let id = unit["id"].as_str().unwrap();
        let want = &expected[id];
        assert_eq!(unit["status"], "ok", "{label} {id}");
        assert_eq!(
            milli(&unit["self_total"]),
            milli(&want["self_total"]),
            "{label} {id}"
        );
        for (code, v) in want["scores"].as_object().unwrap() {
            assert_eq!(
                milli(&unit["scores"][code]["self"]),
                milli(v),
                "{label} {id} {code}"
            );
        }
    }
}

fn filled_templates_come_back_exact_with_zero_issues() {
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("mau");
    let written = templates(&blank);
    assert_eq!(written.len(), 9);
    let filled = tmp.path().join("da-dien");
    let expected_path = tmp.path().join("expected.json");
    python(&[
        "fill",
        rules_path().to_str().unwrap(),
        blank.to_str().unwrap(),
        filled.to_str().unwrap(),
        expected_path.to_str().unwrap(),
    ]);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    let out = tmp.path().join("ket-qua");
    std::fs::create_dir(&out).unwrap();
    let report = consolidate(&filled, &out);
    assert_exact(&report, &expected, "openpyxl");

    // The same files opened and saved again by LibreOffice, as .ods.
    let ods = tmp.path().join("libreoffice");
    let profile = tmp.path().join("lo-profile");
    let inputs: Vec<PathBuf> = std::fs::read_dir(&filled)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(&ods)
        .args(&inputs)
        .output()
        .expect("soffice");
    assert!(status.status.success(), "{status:?}");
    assert_eq!(std::fs::read_dir(&ods).unwrap().count(), 9);
    let out = tmp.path().join("ket-qua-ods");
    std::fs::create_dir(&out).unwrap();
    let report = consolidate(&ods, &out);
    assert_exact(&report, &expected, "LibreOffice .ods");
}

fn templates_filled_in_libreoffice_come_back_exact_with_zero_issues() {
    let python = tools::uno_python().expect("a Python with uno");
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("mau");
    templates(&blank);
    let filled = tmp.path().join("libreoffice");
    let expected_path = tmp.path().join("expected.json");
    let out = Command::new(python)
        .arg(common::root().join("scripts/fill_templates.py"))
        .arg("fill-lo")
        .args([&rules_path(), &blank, &filled, &expected_path])
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    let report_dir = tmp.path().join("ket-qua");
    std::fs::create_dir(&report_dir).unwrap();
    let report = consolidate(&filled, &report_dir);
    assert_exact(&report, &expected, "typed in LibreOffice");
}

fn templates_lock_the_criteria_and_validate_every_input() {
    let tmp = tempfile::tempdir().unwrap();
    let written = templates(tmp.path());
    let rules = rules();
    let syt = template_of(&written, "SYT");
    let seen: Value = serde_json::from_str(&python(&["inspect", syt.to_str().unwrap()])).unwrap();
    assert_eq!(
        seen["sheets"],
        serde_json::json!(["Bảng tự chấm", "Hướng dẫn"])
    );
    assert_eq!(seen["protected"], true);
    assert_eq!(
        seen["password"],
        Value::Null,
        "protected without a password"
    );

    // Rows of the criteria, found by title with calamine.
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(syt).unwrap();
    let range = book.worksheet_range("Bảng tự chấm").unwrap();
    let mut row_of = BTreeMap::new();
    for (r, row) in range.rows().enumerate() {
        let title = row.get(1).map(|d| d.to_string()).unwrap_or_default();
        if let Some(c) = rules.criteria.iter().find(|c| c.title == title) {
            row_of.insert(c.code.clone(), r as u32 + 1);
        }
    }
    assert_eq!(row_of.len(), rules.criteria.len());

    let validations: BTreeMap<String, &Value> = seen["validations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["cells"].as_str().unwrap().to_string(), v))
        .collect();
    let locked = &seen["locked"];
    let mut checked = 0;
    for c in &rules.criteria {
        let row = row_of[&c.code];
        assert_eq!(
            locked[format!("B{row}")],
            true,
            "title of {} locked",
            c.code
        );
        assert_eq!(locked[format!("C{row}")], true, "max of {} locked", c.code);
        let input = format!("D{row}");
        if !c.is_leaf() {
            assert_eq!(locked[&input], true, "subtotal of {} locked", c.code);
            assert!(!validations.contains_key(&input));
            continue;
        }
        assert_eq!(locked[&input], false, "{} open for input", c.code);
        let v = validations
            .get(&input)
            .unwrap_or_else(|| panic!("no validation on {input} ({})", c.code));
        // "stop" (refuse the value) is the default style when none is written.
        assert!(
            v["error_style"].is_null() || v["error_style"] == "stop",
            "{v}"
        );
        assert_eq!(v["show_error"], true);
        assert!(!v["error"].as_str().unwrap().is_empty());
        let max = c.max.map(|m| m.to_f64());
        match (&c.kind, &c.levels) {
            (Kind::Disqualifier, _) => {
                assert_eq!(v["type"], "list");
                assert_eq!(v["formula1"], "\"Có,Không\"");
            }
            (_, Some(levels)) => {
                assert_eq!(v["type"], "list");
                let listed: Vec<f64> = v["formula1"]
                    .as_str()
                    .unwrap()
                    .trim_matches('"')
                    .split(',')
                    .map(|x| x.parse().unwrap())
                    .collect();
                let want: Vec<f64> = levels.iter().map(|l| l.to_f64()).collect();
                assert_eq!(listed, want, "{}", c.code);
            }
            (_, None) => {
                assert_eq!(v["type"], "decimal", "{}", c.code);
                // "between" is the default operator when none is written.
                assert!(v["operator"].is_null() || v["operator"] == "between", "{v}");
                assert_eq!(v["formula1"].as_str().unwrap().parse::<f64>().unwrap(), 0.0);
                let upper: f64 = v["formula2"].as_str().unwrap().parse().unwrap();
                assert_eq!(Some(upper), max, "{}", c.code);
                // A value half a point over the maximum is refused.
                assert!(max.unwrap() + 0.5 > upper);
            }
        }
        checked += 1;
    }
    println!("{checked} input cells validated");
    assert!(checked >= 20);
}

fn an_untouched_template_reads_as_submitted_without_scores() {
    let tmp = tempfile::tempdir().unwrap();
    let written = templates(&tmp.path().join("mau"));
    let syt = template_of(&written, "SYT");
    let only = tmp.path().join("mot");
    std::fs::create_dir(&only).unwrap();
    std::fs::copy(syt, only.join("syt.xlsx")).unwrap();
    let report = consolidate(&only, tmp.path());
    let unit = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "SYT")
        .unwrap();
    assert_eq!(unit["status"], "ok");
    let rules = rules();
    let scored_leaves = rules
        .criteria
        .iter()
        .filter(|c| c.is_leaf() && c.kind == Kind::Score)
        .count();
    let about_syt: Vec<&Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["unit"] == "SYT")
        .collect();
    // One "no score yet" per scored criterion, nothing else: no bogus sums.
    assert_eq!(about_syt.len(), scored_leaves, "{about_syt:?}");
    assert!(about_syt.iter().all(|i| i["code"] == "score-missing"));
    assert_eq!(milli(&unit["self_total"]), Some(0));
}

fn a_template_for_one_unit_and_the_common_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let rules = rules_path();
    let (code, out) = thidua(
        &[
            "template",
            "--rules",
            rules.to_str().unwrap(),
            "--unit",
            "bhxh",
            "-o",
            dir,
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = thidua(
        &["template", "--rules", rules.to_str().unwrap(), "-o", dir],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Bảng tự chấm 2025 - BHXH - Bảo hiểm xã hội tỉnh Quảng Ngãi.xlsx",
            "Bảng tự chấm 2025 - mẫu chung.xlsx"
        ]
    );
    let (code, out) = thidua(
        &[
            "template",
            "--rules",
            rules.to_str().unwrap(),
            "--unit",
            "KHONGCO",
            "-o",
            dir,
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(out.contains("không có đơn vị mã \"KHONGCO\""), "{out}");
}

fn a_half_year_template_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(rules_path()).unwrap();
    assert!(text.contains("period = \"annual\""));
    let half = tmp.path().join("so-ket.toml");
    std::fs::write(
        &half,
        text.replace("period = \"annual\"", "period = \"half-year\""),
    )
    .unwrap();
    let out = tmp.path().join("mau");
    let (code, log) = thidua(
        &[
            "template",
            "--rules",
            half.to_str().unwrap(),
            "--unit",
            "SYT",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{log}");
    let file = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&file).unwrap();
    let range = book.worksheet_range("Bảng tự chấm").unwrap();
    let texts: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter().map(|d| d.to_string()))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "BẢNG TỰ CHẤM ĐIỂM THI ĐUA SƠ KẾT 6 THÁNG ĐẦU NĂM 2025"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "Đơn vị: Sở Y tế"));
}

fn main() -> ExitCode {
    tools::run(vec![
        (
            "filled_templates_come_back_exact_with_zero_issues",
            &[Tool::Openpyxl, Tool::Soffice],
            filled_templates_come_back_exact_with_zero_issues,
        ),
        (
            "templates_filled_in_libreoffice_come_back_exact_with_zero_issues",
            &[Tool::UnoPython],
            templates_filled_in_libreoffice_come_back_exact_with_zero_issues,
        ),
        (
            "templates_lock_the_criteria_and_validate_every_input",
            &[Tool::Openpyxl],
            templates_lock_the_criteria_and_validate_every_input,
        ),
        (
            "an_untouched_template_reads_as_submitted_without_scores",
            &[],
            an_untouched_template_reads_as_submitted_without_scores,
        ),
        (
            "a_template_for_one_unit_and_the_common_one",
            &[],
            a_template_for_one_unit_and_the_common_one,
        ),
        (
            "a_half_year_template_says_so",
            &[],
            a_half_year_template_says_so,
        ),
    ])
}
