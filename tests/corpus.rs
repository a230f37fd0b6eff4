//! The layout corpus (tests/corpus, written by scripts/make_corpus.py from
//! published provincial scoring tables, typed the way units type them, by
//! openpyxl, xlwt, LibreOffice and thidua's own writer): every bloc is
//! consolidated and compared with its expected.json, computed by the script
//! from the data it wrote, never from thidua's output.
//!
//! For every file, the errors and warnings reported are exactly the ones
//! planted (none on a clean file); the infos expected are there; every
//! note the unit wrote beside a score is carried into the report. For
//! every unit: status, file used, totals, rank, award and each criterion's
//! scores, in thousandths.

mod common;
use common::{assert_same_milli, base};

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use thidua::report::Report;
use thidua::rules::Rules;

fn corpus_dir() -> PathBuf {
    common::root().join("tests/corpus")
}

/// Every bloc folder of the corpus, by name.
fn blocs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("quy-dinh.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// One bloc consolidated through the library, as the command line does.
struct Bloc {
    name: String,
    expected: Value,
    rules: Rules,
    report: Report,
    json: Value,
}

fn consolidate(dir: &Path) -> Bloc {
    let rules = Rules::load(&dir.join("quy-dinh.toml")).expect("rules");
    let inputs = thidua::read::collect_inputs(&[dir.to_path_buf()]);
    assert!(inputs.errors.is_empty(), "{:?}", inputs.errors);
    let report = thidua::pipeline::run(&rules, &inputs.files, inputs.skipped, &|_, _| {});
    let json = serde_json::to_value(&report).unwrap();
    let text = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    Bloc {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        expected: serde_json::from_str(&text).unwrap(),
        rules,
        report,
        json,
    }
}

fn all() -> &'static [Bloc] {
    static ALL: std::sync::OnceLock<Vec<Bloc>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| blocs().iter().map(|d| consolidate(d)).collect())
}

/// An issue as compared: code, severity, sheet, cell, criterion.
type Found = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn found(i: &Value) -> Found {
    let s = |v: &Value| v.as_str().map(str::to_string);
    (
        i["code"].as_str().unwrap_or_default().to_string(),
        i["severity"].as_str().unwrap_or_default().to_string(),
        s(&i["sheet"]),
        s(&i["cell"]),
        s(&i["criterion"]),
    )
}

#[test]
fn the_corpus_has_its_blocs_and_files() {
    let blocs = all();
    let files: usize = blocs
        .iter()
        .map(|b| b.expected["files"].as_object().unwrap().len())
        .sum();
    let clean: usize = blocs
        .iter()
        .flat_map(|b| b.expected["files"].as_object().unwrap().values())
        .filter(|f| f["clean"] == true)
        .count();
    println!(
        "corpus: {} blocs, {files} files, {clean} clean",
        blocs.len()
    );
    assert!(blocs.len() >= 8, "{} blocs", blocs.len());
    assert!(files >= 30, "{files} files");
    assert!(
        clean * 2 > files,
        "most files are clean: {clean} of {files}"
    );
}

#[test]
fn every_unit_is_scored_ranked_and_awarded_as_the_oracle_says() {
    let mut compared = 0;
    for bloc in all() {
        let want_units = bloc.expected["units"].as_object().unwrap();
        for (id, want) in want_units {
            let got = bloc.json["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["id"] == id.as_str())
                .unwrap_or_else(|| panic!("{}: no unit {id}", bloc.name));
            let at = format!("{} {id}", bloc.name);
            assert_eq!(got["status"], want["status"], "{at} status");
            assert_eq!(
                got["file"].as_str().map(base),
                want["file"].as_str().map(base),
                "{at} file used"
            );
            for field in ["self_total", "total"] {
                assert_same_milli(got, want, field, &at);
            }
            for field in ["rank", "award", "disqualified"] {
                assert_eq!(got[field], want[field], "{at} {field}");
            }
            let want_scores = want["scores"].as_object().unwrap();
            let got_scores = got["scores"].as_object().unwrap();
            let want_codes: BTreeSet<&String> = want_scores.keys().collect();
            let got_codes: BTreeSet<&String> = got_scores.keys().collect();
            assert_eq!(got_codes, want_codes, "{at}: criteria read");
            for (code, pair) in want_scores {
                for side in ["self", "reviewed"] {
                    assert_same_milli(&got_scores[code], pair, side, &format!("{at} {code}"));
                    compared += 1;
                }
            }
        }
    }
    println!("{compared} scores compared");
}

#[test]
fn each_file_has_exactly_its_planted_errors_and_warnings() {
    let mut problems = Vec::new();
    let (mut clean, mut false_alarms, mut planted, mut caught) = (0, 0, 0, 0);
    for bloc in all() {
        for (file, want) in bloc.expected["files"].as_object().unwrap() {
            let got: BTreeSet<Found> = bloc.json["issues"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["severity"] != "info")
                .filter(|i| i["file"].as_str().map(base).as_deref() == Some(file.as_str()))
                .map(found)
                .collect();
            let wanted: BTreeSet<Found> = want["issues"]
                .as_array()
                .unwrap()
                .iter()
                .map(found)
                .collect();
            planted += wanted.len();
            caught += wanted.intersection(&got).count();
            if want["clean"] == true {
                clean += 1;
                false_alarms += got.len();
            }
            if got != wanted {
                problems.push(format!(
                    "{}/{file}:\n  missing: {:?}\n  unexpected: {:?}",
                    bloc.name,
                    wanted.difference(&got).collect::<Vec<_>>(),
                    got.difference(&wanted).collect::<Vec<_>>()
                ));
            }
        }
    }
    println!(
        "{clean} clean files: {false_alarms} errors or warnings; {caught} of {planted} planted mistakes found at their cells"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Infos that would mislead if they came without cause: a row said to be
/// renumbered that is not, a file said to be a copy that is not.
const EXACT_INFOS: &[&str] = &["row-renumbered", "duplicate-unit", "criteria-merged"];

#[test]
fn the_expected_infos_are_reported() {
    let mut missing = Vec::new();
    for bloc in all() {
        for (file, want) in bloc.expected["files"].as_object().unwrap() {
            for got in bloc.json["issues"].as_array().unwrap() {
                let code = got["code"].as_str().unwrap_or_default();
                if got["severity"] == "info"
                    && EXACT_INFOS.contains(&code)
                    && got["file"].as_str().map(base).as_deref() == Some(file.as_str())
                    && !want["info"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|i| i["code"] == code)
                {
                    missing.push(format!("{}/{file}: unexpected {got}", bloc.name));
                }
            }
            for info in want["info"].as_array().into_iter().flatten() {
                let present = bloc.json["issues"].as_array().unwrap().iter().any(|i| {
                    i["severity"] == "info"
                        && i["code"] == info["code"]
                        && i["file"].as_str().map(base).as_deref() == Some(file.as_str())
                        && (info["cell"].is_null() || i["cell"] == info["cell"])
                });
                if !present {
                    missing.push(format!("{}/{file}: {info}", bloc.name));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn what_units_wrote_beside_their_scores_is_kept() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for bloc in all() {
        for (file, want) in bloc.expected["files"].as_object().unwrap() {
            let Some(scores) = bloc.report.sources.iter().find(|s| base(&s.file) == *file) else {
                continue;
            };
            for note in want["notes"].as_array().into_iter().flatten() {
                let present = scores.rows.iter().any(|r| {
                    bloc.rules.criteria[r.criterion].code
                        == note["criterion"].as_str().unwrap_or_default()
                        && r.notes.iter().any(|n| {
                            thidua::text::key(&n.column)
                                == thidua::text::key(note["column"].as_str().unwrap_or_default())
                                && n.text
                                    == thidua::text::clean(
                                        note["text"].as_str().unwrap_or_default(),
                                    )
                        })
                });
                checked += 1;
                if !present {
                    missing.push(format!("{}/{file}: {note}", bloc.name));
                }
            }
        }
    }
    println!("{checked} notes checked");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
