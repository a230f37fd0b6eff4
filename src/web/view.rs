//! What the page is sent (dữ liệu hiển thị): a session's rules, files,
//! past years and consolidated report as JSON, with the Vietnamese labels
//! the page shows (past years as "Tổng hợp" writes them, the criteria
//! scored against the bloc with their formula and each unit's figure).
//! The page builds its tables from this with `textContent` only.
//!
//! Depends on `report`, `rules`, `issue`, `text`, `vote`, `history`,
//! `write` (how many past years get a column), and the web session.

use super::session::{Limits, RulesChoice, Session};
use crate::issue::{Code, Issue, Severity};
use crate::report::Report;
use crate::text::Encoding;
use crate::vote::{AwardCount, Outcome, ReportJson, Slate, TypedForm};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A session as the page sees it.
#[derive(Serialize)]
pub struct View<'a> {
    pub session: &'a str,
    pub rules: Option<RulesView>,
    /// The rules files found beside thidua when it was started without
    /// arguments, when there are several: the page asks which to use.
    pub rules_choices: Vec<ChoiceView>,
    pub files: Vec<FileRow>,
    /// The consolidation, exactly as the JSON report of the command line
    /// (with the count of the ballots as `vote`).
    pub report: Option<ReportJson<'a>>,
    /// Issue code → short Vietnamese title.
    pub codes: BTreeMap<&'static str, &'static str>,
    pub limits: LimitsView,
    /// The year-end vote: the ballots' candidates, the filled ballots
    /// uploaded, their count.
    pub vote: VoteView<'a>,
    /// The past years' reports held and each unit's past years as shown.
    pub past: PastView,
    /// The criteria scored against the bloc, in rules order: how their
    /// scores were computed and each unit's figure as shown.
    pub measures: Vec<MeasureView>,
}

/// The past years (kết quả các năm trước) as the page shows them.
#[derive(Serialize)]
pub struct PastView {
    /// The past years' reports held, by name.
    pub files: Vec<PastRow>,
    /// The years whose report is used, oldest first.
    pub years: Vec<i32>,
    /// The years the ranking table gives a column: the latest three any
    /// unit has, oldest first, as "Tổng hợp".
    pub columns: Vec<i32>,
    /// By unit id, each past year of the unit (oldest first) as "Tổng
    /// hợp" writes it: "Hạng 2 — Cờ thi đua …".
    pub units: BTreeMap<String, Vec<PastLabel>>,
}

/// One past year's report held.
#[derive(Serialize)]
pub struct PastRow {
    pub name: String,
    pub bytes: usize,
    /// The year and bloc it gives, when it is a report.
    pub year: Option<i32>,
    pub bloc: Option<String>,
    /// Its year is used (the only report of a year before this one).
    pub used: bool,
    /// Its findings (`history-*`), by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// A unit's result in one past year, as shown.
#[derive(Serialize)]
pub struct PastLabel {
    pub year: i32,
    pub label: String,
}

/// A criterion scored against the bloc as the page shows it.
#[derive(Serialize)]
pub struct MeasureView {
    pub code: String,
    pub title: String,
    /// "relative" or "target" (`MeasureBasis::kind`).
    pub kind: &'static str,
    /// The kind in words: "so với đơn vị có số liệu tốt nhất", "so với chỉ
    /// tiêu".
    pub label: &'static str,
    /// What the scores were computed against, in words, with the
    /// criterion's unit: "số liệu tốt nhất của khối: 98,5%", "chỉ tiêu:
    /// 95%"; `None` for "relative" when no unit has a figure.
    pub basis: Option<String>,
    /// How the scores were computed, with the numbers used
    /// (`MeasureBasis::formula_vi`).
    pub formula: String,
    /// By unit id, the unit's figure with the criterion's unit, for units
    /// whose file gave one.
    pub figures: BTreeMap<String, String>,
}

/// The vote as the page shows it.
#[derive(Serialize)]
pub struct VoteView<'a> {
    /// Whether the period votes (a half-year review does not).
    pub annual: bool,
    /// Each award's candidates in the current consolidation, what the
    /// ballots list (`thidua ballots` prints the same).
    pub slates: Vec<Slate>,
    /// The filled ballots uploaded, by name.
    pub ballots: Vec<BallotRow>,
    /// Phiếu phát ra (from `[vote]`), shown on the typed-figures form.
    pub issued: usize,
    /// The figures typed on the page, one form per award, as typed
    /// (`null` for a blank figure): the page shows them back in its forms.
    pub typed: &'a [TypedForm],
    /// Their count with the typed figures, as `thidua tally` gives it,
    /// with each award's threshold in words; `null` while there is neither.
    pub count: Option<CountView<'a>>,
    /// Outcome (as the count's JSON writes it) → Vietnamese label.
    pub outcomes: BTreeMap<String, &'static str>,
}

/// One uploaded ballot file.
#[derive(Serialize)]
pub struct BallotRow {
    pub name: String,
    pub bytes: usize,
    /// Ballot sheets found in it (one per award).
    pub sheets: usize,
    /// Findings about it: what keeps a sheet from being counted.
    pub findings: usize,
}

#[derive(Serialize)]
pub struct CountView<'a> {
    pub awards: Vec<AwardView<'a>>,
    pub issues: &'a [Issue],
}

/// One award's count.
#[derive(Serialize)]
pub struct AwardView<'a> {
    #[serde(flatten)]
    pub count: &'a AwardCount,
    /// "cần trên 50% tổng số thành viên đồng ý".
    pub rule: String,
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
    // What each file row needs from the report and the other files, looked
    // up once for the session rather than once per file (a session holds up
    // to hundreds of files, and the page is sent after every upload).
    let findings = session
        .report
        .as_ref()
        .map(findings_by_file)
        .unwrap_or_default();
    let used: HashSet<(&str, &str)> = session.report.as_ref().map_or_else(HashSet::new, |r| {
        r.units
            .iter()
            .filter_map(|u| Some((u.id.as_str(), u.file.as_deref()?)))
            .collect()
    });
    let mut files_of_unit: HashMap<&str, usize> = HashMap::new();
    for f in &session.files {
        if let Some(u) = f.result.as_ref().and_then(|r| r.source.unit.as_deref()) {
            *files_of_unit.entry(u).or_default() += 1;
        }
    }
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
            let (errors, warnings) = findings.get(f.name.as_str()).copied().unwrap_or_default();
            let alternatives = unit
                .as_deref()
                .is_some_and(|u| files_of_unit.get(u).is_some_and(|&n| n > 1));
            let used = unit
                .as_deref()
                .is_some_and(|u| used.contains(&(u, f.name.as_str())));
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
    let vote = vote_of(session);
    View {
        vote,
        past: past_of(session),
        measures: measures_of(session),
        session: id,
        rules,
        rules_choices,
        files,
        report: session.report.as_ref().map(|report| ReportJson {
            report,
            vote: session.ballots.tally.as_ref(),
        }),
        codes: Code::ALL.iter().map(|c| (c.as_str(), c.title())).collect(),
        limits: LimitsView {
            file_bytes: limits.file_bytes,
            rules_bytes: limits.rules_bytes,
            files: limits.files,
            session_bytes: limits.session_bytes,
        },
    }
}

/// The past years part of the view of `session`.
fn past_of(session: &Session) -> PastView {
    let used = |year: Option<i32>| {
        year.is_some_and(|y| {
            session
                .history
                .as_ref()
                .is_some_and(|h| h.years.contains(&y))
        })
    };
    let findings = |file: &str, sev: Severity| {
        session.history.as_ref().map_or(0, |h| {
            h.issues
                .iter()
                .filter(|i| i.severity == sev && i.file.as_deref() == Some(file))
                .count()
        })
    };
    let files = session
        .past
        .iter()
        .map(|f| PastRow {
            name: f.file.clone(),
            bytes: f.bytes.len(),
            year: f.year(),
            bloc: f.bloc().map(str::to_string),
            used: used(f.year()),
            errors: findings(&f.file, Severity::Error),
            warnings: findings(&f.file, Severity::Warning),
            infos: findings(&f.file, Severity::Info),
        })
        .collect();
    let report = session.report.as_ref();
    let units = report
        .into_iter()
        .flat_map(|r| &r.units)
        .filter_map(|u| {
            let years = u.detail.history.as_ref()?;
            let labels = years
                .iter()
                .map(|p| PastLabel {
                    year: p.year,
                    label: p.label(),
                })
                .collect();
            Some((u.id.clone(), labels))
        })
        .collect();
    PastView {
        files,
        years: session
            .history
            .as_ref()
            .map(|h| h.years.clone())
            .unwrap_or_default(),
        columns: report.map_or_else(Vec::new, |r| r.past_columns(crate::write::PAST_YEARS)),
        units,
    }
}

/// The criteria scored against the bloc in the view of `session`.
fn measures_of(session: &Session) -> Vec<MeasureView> {
    let (Some(rules), Some(report)) = (&session.rules, &session.report) else {
        return Vec::new();
    };
    rules
        .rules
        .criteria
        .iter()
        .filter_map(|c| {
            let basis = report.measures.get(&c.code)?;
            let figures = report
                .units
                .iter()
                .filter_map(|u| {
                    let figure = u.scores.get(&c.code)?.figure?;
                    Some((u.id.clone(), basis.shown(figure)))
                })
                .collect();
            Some(MeasureView {
                code: c.code.clone(),
                title: c.title.clone(),
                kind: basis.kind,
                label: if basis.kind == "target" {
                    "so với chỉ tiêu"
                } else {
                    "so với đơn vị có số liệu tốt nhất"
                },
                basis: match (basis.target, basis.best) {
                    (Some(t), _) => Some(format!("chỉ tiêu: {}", basis.shown(t))),
                    (None, Some(b)) => {
                        Some(format!("số liệu tốt nhất của khối: {}", basis.shown(b)))
                    }
                    (None, None) => None,
                },
                formula: basis.formula_vi(),
                figures,
            })
        })
        .collect()
}

/// The vote part of the view of `session`.
fn vote_of(session: &Session) -> VoteView<'_> {
    let rules = session.rules.as_ref().map(|r| &*r.rules);
    let slates = match (rules, &session.report) {
        (Some(rules), Some(report)) if !session.files.is_empty() => {
            super::ballots::slates(rules, report)
        }
        _ => Vec::new(),
    };
    let tally = session.ballots.tally.as_ref();
    let ballots = session
        .ballots
        .files
        .iter()
        .map(|f| BallotRow {
            name: f.name.clone(),
            bytes: f.bytes.len(),
            sheets: f.sheets(),
            findings: tally.map_or(0, |t| {
                t.issues
                    .iter()
                    .filter(|i| i.file.as_deref() == Some(f.name.as_str()))
                    .count()
            }),
        })
        .collect();
    let count = tally.map(|t| CountView {
        awards: t
            .awards
            .iter()
            .map(|a| AwardView {
                count: a,
                rule: a.threshold.text(),
            })
            .collect(),
        issues: &t.issues,
    });
    let outcomes = [
        Outcome::Proposed,
        Outcome::NotEnough,
        Outcome::NoPlace,
        Outcome::Undecided,
    ]
    .into_iter()
    .filter_map(|o| {
        let key = serde_json::to_value(o).ok()?.as_str()?.to_string();
        Some((key, o.label()))
    })
    .collect();
    VoteView {
        annual: rules.is_none_or(|r| r.bloc.period == crate::rules::Period::Annual),
        slates,
        ballots,
        issued: rules.map_or(0, |r| r.vote.members(r.units.len())),
        typed: &session.ballots.typed,
        count,
        outcomes,
    }
}

/// Errors and warnings of each file the report's findings name.
fn findings_by_file(report: &Report) -> HashMap<&str, (usize, usize)> {
    let mut by_file: HashMap<&str, (usize, usize)> = HashMap::new();
    for issue in &report.issues {
        let Some(file) = issue.file.as_deref() else {
            continue;
        };
        match issue.severity {
            Severity::Error => by_file.entry(file).or_default().0 += 1,
            Severity::Warning => by_file.entry(file).or_default().1 += 1,
            Severity::Info => {}
        }
    }
    by_file
}
