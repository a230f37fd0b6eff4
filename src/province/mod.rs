//! The province's view of all blocs (tổng hợp của tỉnh, `thidua province`):
//! every input read — thidua's consolidated workbooks through the report
//! they carry (checked against their visible "Tổng hợp"), hand-made bloc
//! summaries through header detection after the decode stage, JSON
//! reports, and bloc folders consolidated in this run through the
//! pipeline — each matched to a bloc of the province rules, then the
//! proposals checked against the province's quotas (`checks`), into a
//! [`ProvinceReport`]. One bad input never stops the run and nothing is
//! dropped silently: each is a finding.
//!
//! Prints nothing. Depends on `pipeline`, `read`, `decode`, `report`,
//! `rules`, `score`, `text`, `issue`; never on `write` or the front ends.

mod checks;
mod table;

use crate::decode;
use crate::issue::{self, Code, Issue, Params};
use crate::pipeline::{self, Reader};
use crate::read::{self, Embedded};
use crate::report::Report;
use crate::report::province::{BlocUnit, InputKind, ProvinceReport, ProvinceSource};
use crate::rules::{Province, Rules};
use crate::score::Score;
use crate::text;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The sheet of a thidua workbook compared with its embedded report.
const SUMMARY_SHEET: &str = "Tổng hợp";

/// One input as found: a file, a bloc folder, or something not usable.
enum Input {
    File(PathBuf),
    Folder(PathBuf),
    /// Not usable, with the finding's parameters.
    Unusable(PathBuf, Params),
    /// Skipped with an info finding (an Office lock file).
    Skipped(PathBuf, Issue),
}

/// What one input gave: its source line, the bloc read (None when
/// unusable) and findings about it.
#[derive(Clone)]
struct Read {
    source: ProvinceSource,
    bloc: Option<BlocRead>,
    issues: Vec<Issue>,
}

/// A bloc's results as read from one input, before matching.
#[derive(Clone)]
struct BlocRead {
    /// The bloc's name as the input gives it.
    name: Option<String>,
    /// The file or folder name, for the rules' `source` hints.
    hint: String,
    kind: InputKind,
    file: String,
    sheet: Option<String>,
    date: Option<String>,
    year: Option<i32>,
    units: Vec<BlocUnit>,
}

/// Read every input and check the blocs against `province`. Inputs that do
/// not exist stop the run (a Vietnamese message); everything else is a
/// finding.
pub fn run(
    province: &Province,
    inputs: &[PathBuf],
    reader: &Reader,
) -> Result<ProvinceReport, String> {
    let missing: Vec<String> = inputs
        .iter()
        .filter(|p| !p.exists())
        .map(|p| format!("không tìm thấy {}", p.display()))
        .collect();
    if !missing.is_empty() {
        return Err(missing.join("\n"));
    }
    let found = expand(inputs);
    let reads = read_all(province, &found, reader);
    Ok(checks::assemble(province, reads))
}

/// One input read, kept to be assembled again with others: the web page
/// reads each upload once, when it arrives.
#[derive(Clone)]
pub struct InputRead(Read);

/// Read one file given by its bytes (an upload), named `name` — a name
/// only, never opened as a path — as `thidua province` reads a file it is
/// given: a JSON report, a thidua workbook, a hand-made summary, or a
/// finding saying why not. A defect of the tool on it becomes a finding.
pub fn read_upload(province: &Province, name: &str, bytes: &[u8], reader: &Reader) -> InputRead {
    let at = Named {
        file: name.to_string(),
        hint: name.to_string(),
    };
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_bytes(province, &at, bytes, reader)
    }))
    .unwrap_or_else(|_| internal_failure(name));
    InputRead(read)
}

/// The province's report from inputs read one by one ([`read_upload`]), in
/// their order: what [`run`] gives for the same files in the same order.
pub fn assemble(province: &Province, reads: &[InputRead]) -> ProvinceReport {
    checks::assemble(province, reads.iter().map(|r| r.0.clone()).collect())
}

/// The inputs as the command line gives them, folders opened: a folder with
/// a rules file (.toml) directly inside is a bloc folder; another folder
/// contributes its files and bloc folders (one level), in name order,
/// hidden and system files ("Thumbs.db", ".DS_Store") passed over as every
/// reader of folders does.
fn expand(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for path in inputs {
        if path.is_dir() && rules_files(path).is_empty() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            entries.sort();
            for entry in entries {
                let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
                if name.is_some_and(|n| read::is_hidden_or_system(&n)) {
                    continue;
                }
                out.push(classify(entry));
            }
        } else {
            out.push(classify(path.clone()));
        }
    }
    out
}

/// One path: a bloc folder, a file, or not usable.
fn classify(path: PathBuf) -> Input {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if path.is_dir() {
        return match rules_files(&path).len() {
            0 => Input::Unusable(path, Params::new().text("reason", "no-rules")),
            _ => Input::Folder(path),
        };
    }
    if read::is_lock_file(&name) {
        let issue = Issue::new(
            Code::FileSkipped,
            Params::new().text("reason", "lock-file").text("name", name),
        )
        .file(path.display().to_string());
        return Input::Skipped(path, issue);
    }
    Input::File(path)
}

/// The .toml files directly in `dir`, sorted.
fn rules_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Read every input on all cores; results in input order. A defect in the
/// tool on one input becomes a finding on it.
fn read_all(province: &Province, inputs: &[Input], reader: &Reader) -> Vec<Read> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Read>>> = Mutex::new((0..inputs.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        read_input(province, input, reader)
                    }))
                    .unwrap_or_else(|_| {
                        let path = match input {
                            Input::File(p)
                            | Input::Folder(p)
                            | Input::Unusable(p, _)
                            | Input::Skipped(p, _) => p,
                        };
                        internal_failure(&path.display().to_string())
                    });
                    if let Ok(mut s) = slots.lock() {
                        s[i] = Some(r);
                    }
                }
            });
        }
    });
    slots
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// An input that gave nothing usable: its source line and one finding.
fn unusable(file: &str, format: &str, params: Params) -> Read {
    let file = file.to_string();
    Read {
        source: ProvinceSource {
            file: file.clone(),
            kind: "unusable".into(),
            format: format.into(),
            ..ProvinceSource::default()
        },
        bloc: None,
        issues: vec![Issue::new(Code::ProvinceInputUnreadable, params).file(file)],
    }
}

fn read_input(province: &Province, input: &Input, reader: &Reader) -> Read {
    match input {
        Input::Unusable(path, params) => {
            unusable(&path.display().to_string(), "folder", params.clone())
        }
        Input::Skipped(path, issue) => Read {
            source: ProvinceSource {
                file: path.display().to_string(),
                kind: "skipped".into(),
                format: "lock-file".into(),
                ..ProvinceSource::default()
            },
            bloc: None,
            issues: vec![issue.clone()],
        },
        Input::Folder(path) => read_folder(path, reader),
        Input::File(path) => read_file(province, path, reader),
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A bloc folder: its one rules file and its submissions consolidated
/// through the pipeline, as `thidua consolidate` would.
fn read_folder(path: &Path, reader: &Reader) -> Read {
    let shown = path.display().to_string();
    let rules_paths = rules_files(path);
    if rules_paths.len() > 1 {
        return unusable(
            &shown,
            "folder",
            Params::new()
                .text("reason", "several-rules")
                .int("count", rules_paths.len()),
        );
    }
    let Some(rules_path) = rules_paths.first() else {
        return unusable(&shown, "folder", Params::new().text("reason", "no-rules"));
    };
    let rules = match Rules::load(rules_path) {
        Ok(r) => r,
        Err(e) => {
            return unusable(
                &shown,
                "folder",
                Params::new()
                    .text("reason", "rules")
                    .text("detail", e.to_string()),
            );
        }
    };
    let inputs = read::collect_inputs(&[path.to_path_buf()]);
    let report = pipeline::run_with(
        reader,
        &rules,
        &inputs.files,
        inputs.skipped.clone(),
        None,
        &|_, _| {},
    );
    let units = units_of_report(&report);
    let date = latest(report.sources.iter().filter_map(|s| s.saved.clone()));
    let at = Named {
        file: path.display().to_string(),
        hint: name_of(path),
    };
    whole_report(
        at,
        InputKind::Folder,
        "folder",
        None,
        (&report.bloc.name, report.bloc.year),
        units,
        date,
    )
}

/// What a bloc's whole report gave (a folder consolidated in this run, or a
/// JSON report): no sheet to point at, the bloc's name and year as the
/// report states them.
fn whole_report(
    at: Named,
    kind: InputKind,
    format: &str,
    sha256: Option<String>,
    (bloc, year): (&str, i32),
    units: Vec<BlocUnit>,
    date: Option<String>,
) -> Read {
    Read {
        source: ProvinceSource {
            file: at.file.clone(),
            kind: match kind {
                InputKind::Folder => "folder",
                _ => "report",
            }
            .into(),
            format: format.into(),
            sha256,
            bloc: Some(bloc.to_string()),
            units: units.len(),
            saved: date.clone(),
            ..ProvinceSource::default()
        },
        bloc: Some(BlocRead {
            name: Some(bloc.to_string()),
            hint: at.hint,
            kind,
            file: at.file,
            sheet: None,
            date,
            year: Some(year),
            units,
        }),
        issues: Vec::new(),
    }
}

/// A bloc's units from a report made in this run, in ranking order.
fn units_of_report(report: &Report) -> Vec<BlocUnit> {
    report
        .ranked()
        .into_iter()
        .map(|u| BlocUnit {
            name: u.name.clone(),
            total: u.total,
            rank: u.rank,
            award: u.award.clone(),
            disqualified: u.disqualified,
            cell: None,
        })
        .collect()
}

/// The latest of some "YYYY-MM-DDTHH:MM:SS" dates.
fn latest(dates: impl Iterator<Item = String>) -> Option<String> {
    dates.max()
}

/// The fields of a thidua JSON report used here (other fields allowed).
#[derive(Deserialize)]
struct ReportIn {
    bloc: BlocIn,
    units: Vec<UnitIn>,
    #[serde(default)]
    sources: Vec<SourceIn>,
}

#[derive(Deserialize)]
struct BlocIn {
    name: String,
    year: i32,
}

#[derive(Deserialize)]
struct UnitIn {
    name: String,
    #[serde(default)]
    total: Option<Score>,
    #[serde(default)]
    rank: Option<u32>,
    #[serde(default)]
    award: Option<String>,
    #[serde(default)]
    disqualified: bool,
}

#[derive(Deserialize)]
struct SourceIn {
    #[serde(default)]
    saved: Option<String>,
}

impl ReportIn {
    /// The units in ranking order (ranked first by rank, then the others
    /// in the report's order).
    fn units(&self) -> Vec<BlocUnit> {
        let mut units: Vec<&UnitIn> = self.units.iter().collect();
        units.sort_by_key(|u| u.rank.unwrap_or(u32::MAX));
        units
            .into_iter()
            .map(|u| BlocUnit {
                name: u.name.clone(),
                total: u.total,
                rank: u.rank,
                award: u.award.clone(),
                disqualified: u.disqualified,
                cell: None,
            })
            .collect()
    }

    fn date(&self) -> Option<String> {
        latest(self.sources.iter().filter_map(|s| s.saved.clone()))
    }
}

/// An input's name: as shown in findings and the report (`file`: the
/// path as given on the command line, the name of an upload), and the
/// file name matched against the rules' `source` hints (`hint`).
#[derive(Clone)]
struct Named {
    file: String,
    hint: String,
}

/// A file given on the command line: its bytes read, then read as an
/// upload is ([`read_bytes`]).
fn read_file(province: &Province, path: &Path, reader: &Reader) -> Read {
    let at = Named {
        file: path.display().to_string(),
        hint: name_of(path),
    };
    let bytes = match extension(&at.hint).as_str() {
        "json" => std::fs::read(path).map_err(|e| {
            unusable(
                &at.file,
                "json",
                Params::new()
                    .text("reason", "io")
                    .text("detail", e.to_string()),
            )
        }),
        "xlsx" | "xlsm" | "xls" | "ods" => read::file_bytes(path).map_err(|e| {
            unusable(
                &at.file,
                &e.detected(),
                Params::new()
                    .text("reason", "io")
                    .text("detail", e.issue().message.to_string()),
            )
        }),
        other => Err(unusable(
            &at.file,
            other,
            Params::new().text("reason", "format"),
        )),
    };
    match bytes {
        Ok(bytes) => read_bytes(province, &at, &bytes, reader),
        Err(read) => read,
    }
}

/// The lower-case extension of a file name ("" without one).
fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// One file's bytes, by the extension of its name: a JSON report, a
/// workbook (thidua's or a hand-made summary), or not usable.
fn read_bytes(province: &Province, at: &Named, bytes: &[u8], reader: &Reader) -> Read {
    let extension = extension(&at.hint);
    match extension.as_str() {
        "json" => read_json(at, bytes),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(province, at, bytes, reader),
        _ => unusable(&at.file, &extension, Params::new().text("reason", "format")),
    }
}

/// What a defect of the tool on one input gives: a finding on it.
fn internal_failure(file: &str) -> Read {
    unusable(
        file,
        "?",
        Params::new()
            .text("reason", "internal")
            .text("detail", "lỗi nội bộ của công cụ"),
    )
}

fn read_json(at: &Named, bytes: &[u8]) -> Read {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return unusable(
            &at.file,
            "json",
            Params::new()
                .text("reason", "not-report")
                .text("detail", "tệp không phải văn bản UTF-8"),
        );
    };
    let report: ReportIn = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            return unusable(
                &at.file,
                "json",
                Params::new()
                    .text("reason", "not-report")
                    .text("detail", e.to_string()),
            );
        }
    };
    let sha256 = read::lower_hex(&sha256(text.as_bytes()));
    whole_report(
        at.clone(),
        InputKind::Report,
        "json",
        Some(sha256),
        (&report.bloc.name, report.bloc.year),
        report.units(),
        report.date(),
    )
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

fn read_workbook(province: &Province, at: &Named, bytes: &[u8], reader: &Reader) -> Read {
    let file = at.file.clone();
    let loaded = match reader.load(bytes) {
        Ok(l) => l,
        Err(e) => {
            return unusable(
                &file,
                &e.detected(),
                Params::new()
                    .text("reason", "io")
                    .text("detail", e.issue().message.to_string()),
            );
        }
    };
    let format = loaded.format.as_str().to_string();
    match read::embedded_report(&loaded.workbook) {
        Embedded::Report(json) => thidua_workbook(at, &format, &loaded, &json),
        Embedded::Damaged(why) => unusable(
            &file,
            &format,
            Params::new().text("reason", "damaged").text("detail", why),
        ),
        Embedded::None => {
            let sha = loaded.sha256.clone();
            let saved = loaded.saved.clone();
            let decoded = decode::decode(loaded.workbook);
            let mut found = None;
            for (index, (sheet, _)) in decoded.sheets().enumerate() {
                if let Some(t) = table::find(sheet) {
                    found = Some((index, t));
                    break;
                }
            }
            let Some((index, table)) = found else {
                return unusable(&file, &format, Params::new().text("reason", "no-table"));
            };
            let sheet = &decoded.workbook().sheets[index];
            let encoding = decoded
                .report(index)
                .and_then(|r| r.main_encoding())
                .unwrap_or("unicode");
            let mut issues: Vec<Issue> = decoded
                .report(index)
                .map(|r| r.issues())
                .unwrap_or_default()
                .into_iter()
                .map(|i| i.file(file.clone()).sheet(sheet.name.clone()))
                .collect();
            issue::sort(&mut issues);
            let name = bloc_name_in(province, sheet, table.header);
            let units: Vec<BlocUnit> = table
                .rows
                .iter()
                .map(|r| BlocUnit {
                    name: r.name.clone(),
                    total: r.total,
                    rank: r.rank,
                    award: r.award.clone(),
                    disqualified: r.disqualified,
                    cell: r.award_cell.clone().or(Some(r.name_cell.clone())),
                })
                .collect();
            Read {
                source: ProvinceSource {
                    file: file.clone(),
                    kind: "summary".into(),
                    format,
                    sha256: Some(sha),
                    bloc: name.clone(),
                    sheet: Some(sheet.name.clone()),
                    encoding: Some(encoding.to_string()),
                    units: units.len(),
                    saved: saved.clone(),
                },
                bloc: Some(BlocRead {
                    name,
                    hint: at.hint.clone(),
                    kind: InputKind::Summary,
                    file,
                    sheet: Some(sheet.name.clone()),
                    date: saved,
                    year: None,
                    units,
                }),
                issues,
            }
        }
    }
}

/// The bloc a summary's heading names: a text cell above the table equal
/// to a bloc's name or alias, or holding one as a run of whole words; else
/// the first heading cell starting with "Khối" or "Cụm".
fn bloc_name_in(province: &Province, sheet: &crate::read::Sheet, header: u32) -> Option<String> {
    let (_, end_col) = sheet.end();
    let mut texts = Vec::new();
    for row in 0..header {
        for col in 0..end_col {
            if let crate::read::Value::Text(t) = &sheet.get(row, col).value
                && text::has_letters(t)
            {
                texts.push(text::clean(t));
            }
        }
    }
    for t in &texts {
        if let Some(b) = province.bloc_named(t) {
            return Some(province.blocs[b].name.clone());
        }
    }
    for t in &texts {
        let padded = format!(" {} ", text::key(t));
        for b in &province.blocs {
            let hit = std::iter::once(&b.name).chain(&b.aliases).any(|n| {
                let k = text::key(n);
                k.contains(' ') && padded.contains(&format!(" {k} "))
            });
            if hit {
                return Some(b.name.clone());
            }
        }
    }
    texts.into_iter().find(|t| {
        let f = text::fold(t);
        f.starts_with("khoi ") || f.starts_with("cum ")
    })
}

/// A workbook `thidua consolidate` wrote: the embedded report, and its
/// visible "Tổng hợp" compared with it (the visible table is used).
fn thidua_workbook(at: &Named, format: &str, loaded: &read::Loaded, json: &str) -> Read {
    let file = at.file.clone();
    let report: ReportIn = match serde_json::from_str(json) {
        Ok(r) => r,
        Err(e) => {
            return unusable(
                &file,
                format,
                Params::new()
                    .text("reason", "damaged")
                    .text("detail", e.to_string()),
            );
        }
    };
    let embedded = report.units();
    let visible = loaded
        .workbook
        .sheets
        .iter()
        .find(|s| s.name == SUMMARY_SHEET)
        .and_then(table::find);
    let mut issues = Vec::new();
    let units = match &visible {
        Some(table) => {
            let (units, edits) = checks::compare_visible(&embedded, table);
            for (what, unit, shown, was, cell) in edits {
                let mut i = Issue::new(
                    Code::ProvinceWorkbookEdited,
                    Params::new()
                        .text("what", what)
                        .text("unit", unit)
                        .text("shown", shown)
                        .text("embedded", was)
                        .text("bloc", report.bloc.name.clone()),
                )
                .file(file.clone())
                .sheet(SUMMARY_SHEET);
                if let Some(c) = cell {
                    i = i.cell(c);
                }
                issues.push(i);
            }
            units
        }
        None => {
            issues.push(
                Issue::new(
                    Code::ProvinceWorkbookEdited,
                    Params::new()
                        .text("what", "sheet")
                        .text("bloc", report.bloc.name.clone()),
                )
                .file(file.clone()),
            );
            embedded.clone()
        }
    };
    let date = report.date();
    Read {
        source: ProvinceSource {
            file: file.clone(),
            kind: "workbook".into(),
            format: format.to_string(),
            sha256: Some(loaded.sha256.clone()),
            bloc: Some(report.bloc.name.clone()),
            sheet: Some(SUMMARY_SHEET.into()),
            encoding: None,
            units: units.len(),
            saved: date.clone(),
        },
        bloc: Some(BlocRead {
            name: Some(report.bloc.name.clone()),
            hint: at.hint.clone(),
            kind: InputKind::Workbook,
            file,
            sheet: visible.is_some().then(|| SUMMARY_SHEET.to_string()),
            date,
            year: Some(report.bloc.year),
            units,
        }),
        issues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Cell, Sheet, Workbook};

    /// A workbook carrying `json` and, if given, a visible sheet.
    fn carrying(json: &str, visible: Option<Sheet>) -> read::Loaded {
        let parts = read::pieces(json);
        let mut rows = vec![
            vec![Cell::text(read::REPORT_MARKER)],
            vec![Cell::number(parts.len() as f64)],
        ];
        rows.extend(parts.iter().map(|p| vec![Cell::text(p)]));
        let mut sheets: Vec<Sheet> = visible.into_iter().collect();
        sheets.push(Sheet::from_rows(read::REPORT_SHEET, rows));
        read::Loaded {
            workbook: Workbook { sheets },
            format: read::Format::Xlsx,
            sha256: String::new(),
            saved: None,
        }
    }

    fn named(name: &str) -> Named {
        Named {
            file: name.into(),
            hint: name.into(),
        }
    }

    const JSON: &str = r#"{"bloc": {"name": "Khối A", "year": 2025},
        "units": [{"name": "Sở Y tế", "rank": 2, "total": 90, "award": null},
                  {"name": "Sở Tư pháp", "rank": 1, "total": 95.5, "award": "Cờ thi đua của Chính phủ"}]}"#;

    /// Without its "Tổng hợp" sheet, a thidua workbook is read through the
    /// report it carries, and the missing sheet is a finding.
    #[test]
    fn a_workbook_without_its_summary_sheet_uses_the_report() {
        let read = thidua_workbook(&named("a.xlsx"), "xlsx", &carrying(JSON, None), JSON);
        assert_eq!(read.issues.len(), 1);
        assert_eq!(read.issues[0].code, Code::ProvinceWorkbookEdited);
        assert!(
            read.issues[0].message.contains("không còn trang"),
            "{}",
            read.issues[0].message
        );
        let bloc = read.bloc.unwrap();
        let names: Vec<&str> = bloc.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["Sở Tư pháp", "Sở Y tế"], "in ranking order");
        assert_eq!(bloc.units[0].total, Score::parse("95,5"));
    }

    /// The visible table agreeing with the report is no finding.
    #[test]
    fn an_unedited_workbook_is_no_finding() {
        let t = Cell::text;
        let visible = Sheet::from_rows(
            SUMMARY_SHEET,
            vec![
                vec![
                    t("STT"),
                    t("Đơn vị"),
                    t("Tổng điểm"),
                    t("Xếp hạng"),
                    t("Đề nghị khen thưởng"),
                ],
                vec![
                    Cell::number(1.0),
                    t("Sở Tư pháp"),
                    Cell::number(95.5),
                    Cell::number(1.0),
                    t("Cờ thi đua của Chính phủ"),
                ],
                vec![
                    Cell::number(2.0),
                    t("Sở Y tế"),
                    Cell::number(90.0),
                    Cell::number(2.0),
                    Cell::default(),
                ],
            ],
        );
        let read = thidua_workbook(
            &named("a.xlsx"),
            "xlsx",
            &carrying(JSON, Some(visible)),
            JSON,
        );
        assert!(read.issues.is_empty(), "{:?}", read.issues);
        assert_eq!(read.bloc.unwrap().units[0].cell.as_deref(), Some("E2"));
    }

    #[test]
    fn the_latest_date_wins() {
        let dates = [
            "2025-12-01T08:00:00",
            "2026-01-02T07:00:00",
            "2025-12-31T23:00:00",
        ];
        assert_eq!(
            super::latest(dates.iter().map(|s| s.to_string())).as_deref(),
            Some("2026-01-02T07:00:00")
        );
    }
}
