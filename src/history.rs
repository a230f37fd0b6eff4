//! Past years (kết quả các năm trước): the JSON reports that earlier runs of
//! `thidua consolidate --json` wrote, or the consolidated workbooks they
//! wrote (the same report, embedded: `read::embedded_report`), read from
//! the `--history` folder,
//! each past unit matched to a unit of this year's rules (by id, else by
//! name or alias through the rules' matching keys), and attached to the
//! report's units. Every file that cannot be used and every past unit that
//! matches no unit is a finding: nothing is dropped silently.
//!
//! Reads only the report fields it needs and allows the others (the report
//! grows). Depends on `report`, `rules`, `score`, `text`, `issue`, and on
//! `read` for a workbook's embedded report only (never its sheets); never
//! on the writers or the front ends.

use crate::issue::{self, Code, Issue, Params};
use crate::read;
use crate::report::{PastYear, Report};
use crate::rules::Rules;
use crate::score::Score;
use crate::text;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The fields of a past report that are used.
#[derive(Deserialize)]
struct PastReport {
    bloc: PastBloc,
    units: Vec<PastUnit>,
}

#[derive(Deserialize)]
struct PastBloc {
    name: String,
    year: i32,
}

#[derive(Deserialize)]
struct PastUnit {
    id: String,
    name: String,
    rank: Option<u32>,
    total: Option<Score>,
    award: Option<String>,
}

/// One usable past report and the name it was found under.
struct Found {
    file: String,
    report: PastReport,
}

/// The past years read from a folder: each unit's results by unit
/// position in the rules, and the findings.
#[derive(Debug, Default)]
pub struct History {
    /// Per unit of the rules (same order), its past years, oldest first.
    pub units: Vec<Vec<PastYear>>,
    /// The past years whose report was used, oldest first.
    pub years: Vec<i32>,
    pub issues: Vec<Issue>,
}

impl History {
    /// Read every file directly in `dir` for `rules` (its year is the
    /// current one). An unreadable folder is a Vietnamese message.
    pub fn load(dir: &Path, rules: &Rules) -> Result<History, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            format!(
                "không đọc được thư mục kết quả các năm trước {}: {e}",
                dir.display()
            )
        })?;
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        let mut issues = Vec::new();
        let mut by_year: BTreeMap<i32, Vec<Found>> = BTreeMap::new();
        for path in paths {
            let file = path.display().to_string();
            match read(&path) {
                Ok(report) if report.bloc.year >= rules.bloc.year => issues.push(
                    Issue::new(
                        Code::HistoryYearNotPast,
                        Params::new()
                            .int("year", report.bloc.year)
                            .int("current", rules.bloc.year),
                    )
                    .file(file),
                ),
                Ok(report) => {
                    if text::key(&report.bloc.name) != text::key(&rules.bloc.name) {
                        let params = Params::new()
                            .text("bloc", report.bloc.name.as_str())
                            .text("current", rules.bloc.name.as_str());
                        issues.push(Issue::new(Code::HistoryOtherBloc, params).file(&file));
                    }
                    by_year
                        .entry(report.bloc.year)
                        .or_default()
                        .push(Found { file, report })
                }
                Err(params) => issues.push(Issue::new(Code::HistoryNotReport, params).file(file)),
            }
        }
        let mut units = vec![Vec::new(); rules.units.len()];
        let mut years = Vec::new();
        for (year, found) in by_year {
            if found.len() > 1 {
                for f in &found {
                    let other = found
                        .iter()
                        .find(|o| o.file != f.file)
                        .map_or("", |o| o.file.as_str());
                    issues.push(
                        Issue::new(
                            Code::HistoryYearTwice,
                            Params::new().int("year", year).text("other", other),
                        )
                        .file(f.file.clone()),
                    );
                }
                continue;
            }
            years.push(year);
            for found in found {
                attach(rules, year, found, &mut units, &mut issues);
            }
        }
        issue::sort(&mut issues);
        Ok(History {
            units,
            years,
            issues,
        })
    }

    /// Put each unit's past years and the findings into `report`.
    pub fn apply(&self, report: &mut Report) {
        for (unit, past) in report.units.iter_mut().zip(&self.units) {
            unit.detail.history = Some(past.clone());
        }
        report.issues.extend(self.issues.iter().cloned());
        issue::sort(&mut report.issues);
    }

    /// Unit `unit`'s result in `year`, if that year's report had it.
    pub fn of(&self, unit: usize, year: i32) -> Option<&PastYear> {
        self.units.get(unit)?.iter().find(|p| p.year == year)
    }
}

/// Read one file as a past report; the finding's parameters when it is not.
fn read(path: &Path) -> Result<PastReport, Params> {
    if path.is_dir() {
        return Err(Params::new().text("reason", "folder"));
    }
    let extension = path
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let text = match extension.as_str() {
        "json" => std::fs::read_to_string(path).map_err(|e| {
            Params::new()
                .text("reason", "io")
                .text("detail", e.to_string())
        })?,
        "xlsx" | "xlsm" | "xls" | "ods" => embedded(path)?,
        _ => return Err(Params::new().text("reason", "not-json")),
    };
    serde_json::from_str(&text).map_err(|e| {
        Params::new()
            .text("reason", "not-report")
            .text("detail", e.to_string())
    })
}

/// The JSON report a consolidated workbook carries; the finding's
/// parameters when the file cannot be read or carries none.
fn embedded(path: &Path) -> Result<String, Params> {
    let loaded = read::read_file(path).map_err(|e| {
        Params::new()
            .text("reason", "io")
            .text("detail", e.issue().message.to_string())
    })?;
    match read::embedded_report(&loaded.workbook) {
        read::Embedded::Report(json) => Ok(json),
        read::Embedded::None => Err(Params::new().text("reason", "no-embedded")),
        read::Embedded::Damaged(why) => Err(Params::new()
            .text("reason", "not-report")
            .text("detail", why)),
    }
}

/// Match every unit of one past year's report to this year's units.
fn attach(
    rules: &Rules,
    year: i32,
    found: Found,
    units: &mut [Vec<PastYear>],
    issues: &mut Vec<Issue>,
) {
    for past in found.report.units {
        let matched = rules
            .unit_index
            .position(past.id.trim())
            .or_else(|| rules.find_unit(&past.name).ok());
        let case = match matched {
            Some(u) if units[u].last().is_some_and(|p| p.year == year) => "twice",
            Some(u) => {
                units[u].push(PastYear {
                    year,
                    rank: past.rank,
                    total: past.total,
                    award: past.award,
                });
                continue;
            }
            None => "none",
        };
        issues.push(
            Issue::new(
                Code::HistoryUnitUnmatched,
                Params::new()
                    .text("case", case)
                    .text("name", past.name)
                    .text("id", past.id)
                    .int("year", year),
            )
            .file(found.file.clone()),
        );
    }
}
