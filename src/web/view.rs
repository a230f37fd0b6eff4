//! What the page is sent (dữ liệu hiển thị): a session's rules, files and
//! consolidated report as JSON, with the Vietnamese labels the page shows.
//! The page builds its tables from this with `textContent` only.
//!
//! Depends on `report`, `rules`, `issue`, `text`, and the web session.

use super::session::{Limits, RulesChoice, Session};
use crate::issue::{Code, Severity};
use crate::report::Report;
use crate::text::Encoding;
use serde::Serialize;
use std::collections::BTreeMap;

/// A session as the page sees it.
#[derive(Serialize)]
pub struct View<'a> {
    pub session: &'a str,
    pub rules: Option<RulesView>,
    /// The rules files found beside thidua when it was started without
    /// arguments, when there are several: the page asks which to use.
    pub rules_choices: Vec<ChoiceView>,
    pub files: Vec<FileRow>,
    /// The consolidation, exactly as the JSON report of the command line.
    pub report: Option<&'a Report>,
    /// Issue code → short Vietnamese title.
    pub codes: BTreeMap<&'static str, &'static str>,
    pub limits: LimitsView,
}

#[derive(Serialize)]
pub struct RulesView {
    pub file: String,
    pub bloc: String,
    pub year: i32,
    /// "tổng kết năm" or "sơ kết 6 tháng".
    pub period: &'static str,
    pub units: usize,
    pub criteria: usize,
}

/// A rules file offered to choose from.
#[derive(Serialize)]
pub struct ChoiceView {
    /// The name to show and to choose it by.
    pub file: String,
    /// The folder it is in, written in full.
    pub folder: String,
    /// The bloc's name and year, when the file can be used.
    pub bloc: Option<String>,
    pub year: Option<i32>,
    /// Why it cannot be used (Vietnamese, the rules loader's message, one
    /// problem a line), when it cannot.
    pub error: Option<String>,
    /// It is the session's rules.
    pub in_use: bool,
}

/// One uploaded file, a row of the page's file table.
#[derive(Serialize)]
pub struct FileRow {
    pub name: String,
    pub bytes: usize,
    /// Whether it has been checked (there are rules).
    pub checked: bool,
    pub unit: Option<String>,
    pub unit_name: Option<String>,
    pub format: Option<String>,
    /// Bảng mã, as shown ("TCVN3 (ABC)"); `None` when not read.
    pub encoding: Option<String>,
    /// Whether the text was converted from a legacy encoding.
    pub converted: bool,
    pub errors: usize,
    pub warnings: usize,
    /// The unit sent other files too: the page offers "Dùng tệp này".
    pub alternatives: bool,
    /// This file is the one consolidated for its unit.
    pub used: bool,
    /// The officer chose another file of the unit.
    pub excluded: bool,
}

#[derive(Serialize)]
pub struct LimitsView {
    pub file_bytes: usize,
    pub rules_bytes: usize,
    pub files: usize,
    pub session_bytes: usize,
}

/// The view of `session`, named `id`; `choices` are the rules files the
/// server offers.
pub fn of<'a>(
    id: &'a str,
    session: &'a Session,
    limits: &Limits,
    choices: &[RulesChoice],
) -> View<'a> {
    let rules_choices = choices
        .iter()
        .map(|c| {
            let rules = c.loaded.as_ref().ok();
            ChoiceView {
                file: c.file.clone(),
                folder: c.folder.clone(),
                bloc: rules.map(|r| r.bloc.name.clone()),
                year: rules.map(|r| r.bloc.year),
                error: c.loaded.as_ref().err().cloned(),
                in_use: rules.is_some_and(|r| {
                    session
                        .rules
                        .as_ref()
                        .is_some_and(|s| std::sync::Arc::ptr_eq(&s.rules, r))
                }),
            }
        })
        .collect();
    let rules = session.rules.as_ref().map(|r| RulesView {
        file: r.file.clone(),
        bloc: r.rules.bloc.name.clone(),
        year: r.rules.bloc.year,
        period: r.rules.bloc.period.label(),
        units: r.rules.units.len(),
        criteria: r.rules.criteria.len(),
    });
    let files = session
        .files
        .iter()
        .map(|f| {
            let result = f.result.as_ref();
            let source = result.map(|r| &r.source);
            let unit = source.and_then(|s| s.unit.clone());
            let unit_name = unit.as_deref().and_then(|id| {
                session
                    .rules
                    .as_ref()
                    .and_then(|r| r.rules.unit(id).map(|u| u.name.clone()))
            });
            let encoding = source
                .and_then(|s| s.encoding.as_deref())
                .and_then(Encoding::parse);
            let (errors, warnings) = session
                .report
                .as_ref()
                .map(|report| count(report, &f.name))
                .unwrap_or_default();
            let alternatives = unit.as_ref().is_some_and(|u| {
                session
                    .files
                    .iter()
                    .filter(|g| g.result.as_ref().and_then(|r| r.source.unit.as_ref()) == Some(u))
                    .count()
                    > 1
            });
            let used = session.report.as_ref().is_some_and(|report| {
                report.units.iter().any(|u| {
                    Some(&u.id) == unit.as_ref() && u.file.as_deref() == Some(f.name.as_str())
                })
            });
            FileRow {
                alternatives,
                used,
                excluded: f.excluded,
                name: f.name.clone(),
                bytes: f.bytes.len(),
                checked: result.is_some(),
                unit,
                unit_name,
                format: source.map(|s| s.format.clone()),
                encoding: encoding.map(|e| e.label().to_string()),
                converted: encoding.is_some_and(|e| e != Encoding::Unicode),
                errors,
                warnings,
            }
        })
        .collect();
    View {
        session: id,
        rules,
        rules_choices,
        files,
        report: session.report.as_ref(),
        codes: Code::ALL.iter().map(|c| (c.as_str(), c.title())).collect(),
        limits: LimitsView {
            file_bytes: limits.file_bytes,
            rules_bytes: limits.rules_bytes,
            files: limits.files,
            session_bytes: limits.session_bytes,
        },
    }
}

/// Errors and warnings about the file named `file`.
fn count(report: &Report, file: &str) -> (usize, usize) {
    let of = |sev| {
        report
            .issues
            .iter()
            .filter(|i| i.severity == sev && i.file.as_deref() == Some(file))
            .count()
    };
    (of(Severity::Error), of(Severity::Warning))
}
