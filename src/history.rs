//! Past years (kết quả các năm trước): the JSON reports that earlier runs of
//! `thidua consolidate --json` wrote, or the consolidated workbooks they
//! wrote (the same report, embedded: `read::embedded_report`), read from
//! the `--history` folder or uploaded on the web page (each named by its
//! file name, so that the same files give the same findings either way),
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
#[derive(Clone, Debug, Deserialize)]
struct PastReport {
    bloc: PastBloc,
    units: Vec<PastUnit>,
}

#[derive(Clone, Debug, Deserialize)]
struct PastBloc {
    name: String,
    year: i32,
}

#[derive(Clone, Debug, Deserialize)]
struct PastUnit {
    id: String,
    name: String,
    rank: Option<u32>,
    total: Option<Score>,
    award: Option<String>,
}

/// One usable past report and the name it was found under.
struct Found<'a> {
    file: &'a str,
    report: &'a PastReport,
}

/// One file given for the past years (a file of the `--history` folder, or
/// one uploaded on the web page), named by its file name, and what reading
/// it gave: the report, or the parameters of the finding saying why not.
#[derive(Clone, Debug)]
pub struct PastFile {
    /// The file's name, as findings name it.
    pub file: String,
    /// The file's bytes as given (empty for a folder or an unreadable file).
    pub bytes: Vec<u8>,
    read: Result<PastReport, Params>,
}

impl PastFile {
    /// The file `file` holding `bytes`, read as a past report.
    pub fn from_bytes(file: impl Into<String>, bytes: Vec<u8>) -> PastFile {
        PastFile::from_bytes_with(file, bytes, &read::load_bytes)
    }

    /// [`PastFile::from_bytes`], a workbook's bytes read by `load` (the web
    /// server's isolated read workers: an uploaded workbook is untrusted).
    pub fn from_bytes_with(
        file: impl Into<String>,
        bytes: Vec<u8>,
        load: &dyn Fn(&[u8]) -> Result<read::Loaded, read::ReadError>,
    ) -> PastFile {
        let file = file.into();
        let read = parse(&file, &bytes, load);
        PastFile { file, bytes, read }
    }

    /// The year of the report it holds, if it is one.
    pub fn year(&self) -> Option<i32> {
        self.read.as_ref().ok().map(|r| r.bloc.year)
    }

    /// The bloc its report names, if it is one.
    pub fn bloc(&self) -> Option<&str> {
        self.read.as_ref().ok().map(|r| r.bloc.name.as_str())
    }

    /// Every entry directly in `dir`, by file name, in name order (a folder
    /// inside is an entry too: the finding says it is not read). An
    /// unreadable folder is a Vietnamese message.
    pub fn read_dir(dir: &Path) -> Result<Vec<PastFile>, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            format!(
                "không đọc được thư mục kết quả các năm trước {}: {e}",
                dir.display()
            )
        })?;
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        Ok(paths.iter().map(|path| PastFile::at(path)).collect())
    }

    /// The file at `path`, named by its file name.
    fn at(path: &Path) -> PastFile {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        if path.is_dir() {
            return PastFile {
                file,
                bytes: Vec::new(),
                read: Err(Params::new().text("reason", "folder")),
            };
        }
        if !is_report_file(&file) {
            return PastFile {
                file,
                bytes: Vec::new(),
                read: Err(Params::new().text("reason", "not-json")),
            };
        }
        match std::fs::read(path) {
            Ok(bytes) => PastFile::from_bytes(file, bytes),
            Err(e) => PastFile {
                file,
                bytes: Vec::new(),
                read: Err(Params::new()
                    .text("reason", "io")
                    .text("detail", e.to_string())),
            },
        }
    }
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
        Ok(History::from_files(&PastFile::read_dir(dir)?, rules))
    }

    /// The past years `files` give for `rules` (its year is the current
    /// one), whether read from a folder or uploaded: the same files give
    /// the same history and findings.
    pub fn from_files(files: &[PastFile], rules: &Rules) -> History {
        let mut issues = Vec::new();
        let mut by_year: BTreeMap<i32, Vec<Found>> = BTreeMap::new();
        for past in files {
            let file = past.file.as_str();
            match &past.read {
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
                        issues.push(Issue::new(Code::HistoryOtherBloc, params).file(file));
                    }
                    by_year
                        .entry(report.bloc.year)
                        .or_default()
                        .push(Found { file, report })
                }
                Err(params) => {
                    issues.push(Issue::new(Code::HistoryNotReport, params.clone()).file(file))
                }
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
                        .map_or("", |o| o.file);
                    issues.push(
                        Issue::new(
                            Code::HistoryYearTwice,
                            Params::new().int("year", year).text("other", other),
                        )
                        .file(f.file),
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
        History {
            units,
            years,
            issues,
        }
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

/// Whether `file` is named as a past report: a JSON report, or a workbook
/// `thidua consolidate` may have written (it carries the report).
fn is_report_file(file: &str) -> bool {
    is_json(file) || is_workbook(file)
}

/// Whether `file` is named as a JSON report.
fn is_json(file: &str) -> bool {
    Path::new(file)
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
}

/// Whether `file` is named as a workbook.
fn is_workbook(file: &str) -> bool {
    Path::new(file).extension().is_some_and(|x| {
        ["xlsx", "xlsm", "xls", "ods"]
            .iter()
            .any(|w| x.eq_ignore_ascii_case(w))
    })
}

/// The bytes of the file `file` read as a past report; the finding's
/// parameters when they are not one.
fn parse(
    file: &str,
    bytes: &[u8],
    load: &dyn Fn(&[u8]) -> Result<read::Loaded, read::ReadError>,
) -> Result<PastReport, Params> {
    let parsed = if is_json(file) {
        serde_json::from_slice(bytes)
    } else if is_workbook(file) {
        serde_json::from_str(&embedded(bytes, load)?)
    } else {
        return Err(Params::new().text("reason", "not-json"));
    };
    parsed.map_err(|e| {
        Params::new()
            .text("reason", "not-report")
            .text("detail", e.to_string())
    })
}

/// The JSON report a consolidated workbook carries, from the workbook's
/// bytes (read within the readers' limits); the finding's parameters when
/// the file cannot be read or carries none.
fn embedded(
    bytes: &[u8],
    load: &dyn Fn(&[u8]) -> Result<read::Loaded, read::ReadError>,
) -> Result<String, Params> {
    let loaded = load(bytes).map_err(|e| {
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
    for past in &found.report.units {
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
                    award: past.award.clone(),
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
                    .text("name", past.name.as_str())
                    .text("id", past.id.as_str())
                    .int("year", year),
            )
            .file(found.file),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reason of the finding `past` gives.
    fn reason(past: &PastFile) -> &str {
        match past.read.as_ref().expect_err("a finding").get("reason") {
            Some(crate::issue::Value::Text(reason)) => reason,
            other => panic!("no reason: {other:?}"),
        }
    }

    #[test]
    fn any_bytes_are_a_report_or_a_finding_never_a_panic() {
        let report = br#"{"bloc":{"name":"K","year":2024},"units":[]}"#;
        let hostile: Vec<Vec<u8>> = vec![
            Vec::new(),
            vec![0xff, 0xfe, 0x00, 0x7b],
            "[".repeat(100_000).into_bytes(),
            "\u{FEFF}{}".as_bytes().to_vec(),
            br#"{"bloc":{"name":"K","year":1e400},"units":[]}"#.to_vec(),
            br#"{"bloc":{"name":"K","year":99999999999},"units":[]}"#.to_vec(),
            br#"{"bloc":{"name":"K","year":2024},"units":[{"id":"A","name":"B","rank":-1,"total":null,"award":null}]}"#.to_vec(),
            br#"{"bloc":{"name":"K","year":2024},"units":[{"id":"A","name":"B","rank":1,"total":1e300,"award":null}]}"#.to_vec(),
            br#"{"bloc":{"name":"K","year":2024},"units":[{"id":"A","name":"B","rank":1,"total":0.0001,"award":null}]}"#.to_vec(),
            report[..report.len() - 1].to_vec(),
        ];
        for bytes in hostile {
            let past = PastFile::from_bytes("x.json", bytes);
            assert_eq!(past.year(), None);
            assert_eq!(reason(&past), "not-report", "{past:?}");
        }
        let past = PastFile::from_bytes("2024.JSON", report.to_vec());
        assert_eq!(past.year(), Some(2024));
        assert_eq!(past.bloc(), Some("K"));
        let past = PastFile::from_bytes("2024.txt", report.to_vec());
        assert_eq!(reason(&past), "not-json");
    }

    #[test]
    fn files_of_a_folder_are_named_by_their_name() {
        let dir = std::env::temp_dir().join(format!("thidua-history-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("cu")).unwrap();
        std::fs::write(dir.join("2024.json"), b"{}").unwrap();
        let files = PastFile::read_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(names, ["2024.json", "cu"]);
        assert_eq!(reason(&files[1]), "folder");
    }
}
