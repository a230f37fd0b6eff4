//! The province's work on the page (trang của tỉnh, `/tinh`): the province
//! rules file of a session, the blocs' results uploaded (thidua's
//! consolidated workbooks, hand-made bloc summaries, JSON reports), each
//! read once when it arrives through `province::read_upload` — the
//! function `thidua province` reads its files with, in the same worker
//! processes as the units' files — and the province's report assembled
//! from them by `province::assemble`, so the page and the command line
//! cannot differ. Also the province rules files the server offers, and
//! what the page is sent.
//!
//! Depends on `province`, `report`, `rules`, `issue`, `pipeline` (the
//! reader) and the web's names, session (the rules files offered) and view
//! (the limits shown); knows nothing of HTTP.

use super::names::name_key;
use super::view::LimitsView;
use crate::issue::{Code, Severity};
use crate::pipeline::Reader;
use crate::province::{self, InputRead};
use crate::report::province::{InputKind, ProvinceReport};
use crate::rules::Province;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A province rules file in use, and the name it is shown under.
#[derive(Clone)]
pub struct LoadedProvince {
    pub province: Arc<Province>,
    /// File name as uploaded or given on the command line.
    pub file: String,
}

/// A province rules file the server offers to choose from: given on the
/// command line or found beside thidua. Only these paths are ever read; the
/// page names one by its `file`.
#[derive(Clone)]
pub struct ProvinceChoice {
    /// The name shown, unique among the choices.
    pub file: String,
    pub path: PathBuf,
    /// The folder it is in, written in full.
    pub folder: String,
    /// The province rules, or the Vietnamese reason they cannot be used.
    pub loaded: Result<Arc<Province>, String>,
}

impl ProvinceChoice {
    /// Those of `paths` that are province rules files (bloc rules files
    /// found beside them are left to the bloc page), named as the bloc
    /// page names its choices.
    pub fn load_all(paths: &[PathBuf]) -> Vec<ProvinceChoice> {
        super::session::RulesChoice::load_all(paths)
            .into_iter()
            .filter_map(|c| {
                let loaded = ProvinceChoice::load(&c.path);
                loaded.is_ok().then_some(ProvinceChoice {
                    file: c.file,
                    path: c.path,
                    folder: c.folder,
                    loaded,
                })
            })
            .collect()
    }

    /// The province rules at `path`, or why not.
    pub fn load(path: &Path) -> Result<Arc<Province>, String> {
        Province::load(path)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }
}

/// One bloc's results uploaded.
pub struct ProvinceUpload {
    /// The file name as the browser sent it, cleaned; never used as a path.
    pub name: String,
    pub bytes: Vec<u8>,
    /// The file read under the session's province rules; `None` until
    /// there are rules.
    read: Option<InputRead>,
}

/// A session's province work.
#[derive(Default)]
pub struct ProvinceWork {
    pub rules: Option<LoadedProvince>,
    /// The blocs' results, sorted by name (the order a folder gives on the
    /// command line, so the results are the same).
    pub files: Vec<ProvinceUpload>,
    /// The province's report for `files` under `rules`, kept up to date
    /// (every expected bloc missing while there is no file).
    pub report: Option<ProvinceReport>,
}

impl ProvinceWork {
    pub fn new(rules: Option<LoadedProvince>) -> ProvinceWork {
        let mut work = ProvinceWork {
            rules,
            ..ProvinceWork::default()
        };
        work.refresh();
        work
    }

    /// Use `rules` from now on: every file is read again.
    pub fn set_rules(&mut self, rules: LoadedProvince, reader: &Reader) {
        for upload in &mut self.files {
            upload.read = Some(province::read_upload(
                &rules.province,
                &upload.name,
                &upload.bytes,
                reader,
            ));
        }
        self.rules = Some(rules);
        self.refresh();
    }

    /// Add a file, replacing the one of the same name and the one named
    /// `replace` (the caller has asked the officer); read it.
    pub fn put(&mut self, name: String, bytes: Vec<u8>, replace: Option<&str>, reader: &Reader) {
        let read = self
            .rules
            .as_ref()
            .map(|r| province::read_upload(&r.province, &name, &bytes, reader));
        let key = name_key(&name);
        let replaced = replace.map(name_key);
        self.files.retain(|f| {
            let k = name_key(&f.name);
            k != key && Some(&k) != replaced.as_ref()
        });
        let at = self.files.partition_point(|f| f.name < name);
        self.files.insert(at, ProvinceUpload { name, bytes, read });
        self.refresh();
    }

    /// The file already held under the name `name`, names compared as
    /// Windows compares them.
    pub fn same_name(&self, name: &str) -> Option<&ProvinceUpload> {
        let key = name_key(name);
        self.files.iter().find(|f| name_key(&f.name) == key)
    }

    /// Remove the file named `name`; whether it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.name != name);
        let removed = self.files.len() != before;
        self.refresh();
        removed
    }

    /// Assemble the report again (cheap next to reading the files).
    fn refresh(&mut self) {
        self.report = self.rules.as_ref().map(|r| {
            let reads: Vec<InputRead> = self.files.iter().filter_map(|f| f.read.clone()).collect();
            province::assemble(&r.province, &reads)
        });
    }
}

/// The province's work as the page sees it.
#[derive(Serialize)]
pub struct ProvinceView<'a> {
    pub session: &'a str,
    pub rules: Option<ProvinceRulesView>,
    /// The province rules files the server offers, to choose from.
    pub choices: Vec<ProvinceChoiceView>,
    pub files: Vec<ProvinceFileRow>,
    /// The province's report, exactly as `thidua province --json` writes
    /// it.
    pub report: Option<&'a ProvinceReport>,
    /// Each bloc's heading as "Các khối" writes it, in the report's order.
    pub bloc_labels: Vec<String>,
    /// Issue code → short Vietnamese title.
    pub codes: BTreeMap<&'static str, &'static str>,
    pub limits: LimitsView,
}

/// The province rules in use.
#[derive(Serialize)]
pub struct ProvinceRulesView {
    pub file: String,
    pub name: String,
    pub year: i32,
    pub deadline: Option<String>,
    /// The blocs expected, in the rules' order.
    pub blocs: usize,
}

/// A province rules file offered.
#[derive(Serialize)]
pub struct ProvinceChoiceView {
    pub file: String,
    pub folder: String,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub error: Option<String>,
    /// It is the session's province rules.
    pub in_use: bool,
}

/// One uploaded file and what was read from it.
#[derive(Serialize)]
pub struct ProvinceFileRow {
    pub name: String,
    pub bytes: usize,
    /// How it was read, in Vietnamese ("Bảng tổng hợp do thidua ghi",
    /// "Không dùng được"…); `None` before there are rules.
    pub kind: Option<String>,
    pub format: Option<String>,
    /// The bloc's name as read.
    pub bloc: Option<String>,
    pub units: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The view of the province work of session `id`; `choices` are the
/// province rules files the server offers.
pub fn view<'a>(
    id: &'a str,
    work: &'a ProvinceWork,
    limits: &super::Limits,
    choices: &[ProvinceChoice],
) -> ProvinceView<'a> {
    let choices = choices
        .iter()
        .map(|c| {
            let p = c.loaded.as_ref().ok();
            ProvinceChoiceView {
                file: c.file.clone(),
                folder: c.folder.clone(),
                province: p.map(|p| p.name.clone()),
                year: p.map(|p| p.year),
                error: c.loaded.as_ref().err().cloned(),
                in_use: p.is_some_and(|p| {
                    work.rules
                        .as_ref()
                        .is_some_and(|r| Arc::ptr_eq(&r.province, p))
                }),
            }
        })
        .collect();
    let rules = work.rules.as_ref().map(|r| ProvinceRulesView {
        file: r.file.clone(),
        name: r.province.name.clone(),
        year: r.province.year,
        deadline: r.province.deadline.clone(),
        blocs: r.province.blocs.len(),
    });
    let report = work.report.as_ref();
    let files = work
        .files
        .iter()
        .map(|f| {
            let source = report.and_then(|r| r.sources.iter().find(|s| s.file == f.name));
            let count = |severity: Severity| {
                report.map_or(0, |r| {
                    r.issues
                        .iter()
                        .filter(|i| i.severity == severity && i.file.as_deref() == Some(&f.name))
                        .count()
                })
            };
            ProvinceFileRow {
                name: f.name.clone(),
                bytes: f.bytes.len(),
                kind: source.map(|s| source_label(&s.kind).to_string()),
                format: source.map(|s| s.format.clone()),
                bloc: source.and_then(|s| s.bloc.clone()),
                units: source.map_or(0, |s| s.units),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
            }
        })
        .collect();
    ProvinceView {
        session: id,
        rules,
        choices,
        files,
        report,
        bloc_labels: report.map_or_else(Vec::new, |r| r.blocs.iter().map(|b| b.label()).collect()),
        codes: Code::ALL.iter().map(|c| (c.as_str(), c.title())).collect(),
        limits: LimitsView {
            file_bytes: limits.file_bytes,
            rules_bytes: limits.rules_bytes,
            files: limits.files,
            session_bytes: limits.session_bytes,
        },
    }
}

/// An input's kind as the report's sources give it, in Vietnamese.
fn source_label(kind: &str) -> &'static str {
    match kind {
        "workbook" => InputKind::Workbook.label(),
        "summary" => InputKind::Summary.label(),
        "report" => InputKind::Report.label(),
        "folder" => InputKind::Folder.label(),
        "skipped" => "Bỏ qua",
        _ => "Không dùng được",
    }
}
