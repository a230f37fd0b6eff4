//! The result of a consolidation (kết quả tổng hợp) as data: what the JSON
//! report serialises and what the workbook writer and the terminal show.
//!
//! The JSON shape is a contract with users (README): add fields only with a
//! CHANGELOG entry, never rename one. Depends on `score`, `issue`, `rules`.
//!
//! Room `province`: the province's view of all blocs (`thidua province`).

pub mod province;

use crate::issue::{Address, Issue, Severity};
use crate::rules::Period;
use crate::score::Score;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole outcome of one run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub bloc: BlocInfo,
    /// Every member unit of the rules file, in rules order.
    pub units: Vec<UnitResult>,
    /// Every finding, in report order (`issue::sort`).
    pub issues: Vec<Issue>,
    /// Every input file looked at, in input order, with what was read
    /// from it.
    pub sources: Vec<Source>,
    /// The criteria scored against the bloc from the units' figures, by
    /// code, with what their scores were computed from; absent when the
    /// rules have none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub measures: BTreeMap<String, MeasureBasis>,
}

/// What a criterion scored against the bloc (`kind = "relative"` or
/// `"target"`) computed its scores from (cơ sở tính điểm).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureBasis {
    /// "relative" or "target".
    pub kind: &'static str,
    /// "higher" or "lower", for "relative".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub better: Option<&'static str>,
    /// Điểm tối đa.
    pub max: Score,
    /// The best usable figure of the bloc, for "relative" (`None` when no
    /// unit has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best: Option<Score>,
    /// Chỉ tiêu, for "target".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Score>,
    /// The rounding step (half up).
    pub round: Score,
    /// What the figure counts ("%", "thủ tục" …), as the rules say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// One criterion row as read from a file (điểm đọc được), with the cells
/// it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadRow {
    /// The criterion (its index in the rules' `criteria`), not its code:
    /// a large bloc reads hundreds of thousands of rows.
    pub criterion: usize,
    /// Điểm tự chấm as written (deductions as positive amounts).
    pub self_value: Option<Score>,
    pub self_cell: Address,
    /// Điểm khối chấm as written, where filled.
    pub reviewed_value: Option<Score>,
    pub reviewed_cell: Option<Address>,
    /// What the row counts for: the reviewed score where filled, else the
    /// self-score, clamped to the allowed range (scored leaves only).
    pub counted: Option<Score>,
    /// On a disqualifier line (trường hợp không xét): whether the answer
    /// read is "yes".
    pub disqualifies: bool,
    /// What the unit wrote beside the score: notes, evidence, explanations
    /// (ghi chú, minh chứng, giải trình), and any other column of its own.
    pub notes: Vec<WrittenNote>,
    /// On a criterion scored against the bloc: the figure read and its cell.
    pub figure: Option<Score>,
    pub figure_cell: Option<Address>,
}

/// A text a unit wrote on a criterion's row, in a column other than the
/// scores (ghi chú, minh chứng, tài liệu kiểm chứng, giải trình …).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WrittenNote {
    /// The column's header as the unit's table names it.
    pub column: String,
    pub text: String,
    pub cell: Address,
}

#[derive(Clone, Debug, Serialize)]
pub struct BlocInfo {
    pub name: String,
    pub year: i32,
    pub period: Period,
}

impl BlocInfo {
    /// The bloc as the rules file names it.
    pub fn of(bloc: &crate::rules::Bloc) -> BlocInfo {
        BlocInfo {
            name: bloc.name.clone(),
            year: bloc.year,
            period: bloc.period,
        }
    }
}

/// Whether a unit's submission was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Đã nộp và dùng được.
    Ok,
    /// Chưa nộp.
    Missing,
    /// Đã nộp nhưng không dùng được (no score table, several files …).
    Rejected,
}

/// The self-score and the bloc's reviewed score of one criterion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ScorePair {
    /// Điểm tự chấm.
    #[serde(rename = "self")]
    pub self_score: Option<Score>,
    /// Điểm khối chấm (thẩm định).
    pub reviewed: Option<Score>,
    /// On a criterion scored against the bloc: the unit's figure (số liệu)
    /// as read; `self` is then the score computed from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<Score>,
    /// On a criterion scored against the bloc: the score the unit typed
    /// itself, not counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typed: Option<Score>,
}

/// One member unit's result.
#[derive(Clone, Debug, Serialize)]
pub struct UnitResult {
    pub id: String,
    pub name: String,
    pub status: Status,
    pub file: Option<String>,
    /// Every criterion found, parents too, by code. Leaves hold the value
    /// as submitted; parents the sum of what their children count for
    /// (clamped to the allowed range). Deductions are positive amounts.
    pub scores: BTreeMap<String, ScorePair>,
    /// Tổng điểm tự chấm.
    pub self_total: Option<Score>,
    /// Tổng điểm dùng để xếp hạng: reviewed where the bloc filled it, else self.
    pub total: Option<Score>,
    /// Xếp hạng; equal units share a rank (1, 2, 2, 4).
    pub rank: Option<u32>,
    /// Hình thức khen thưởng đề nghị.
    pub award: Option<String>,
    pub disqualified: bool,
    /// Detail kept out of the JSON contract's required fields but useful to
    /// readers: bonus and deduction as counted, ties, reasons.
    #[serde(flatten)]
    pub detail: UnitDetail,
}

/// What the workbook and terminal also show about a unit.
#[derive(Clone, Debug, Default, Serialize)]
pub struct UnitDetail {
    /// Điểm thưởng counted (after the cap), for `total`.
    pub bonus: Option<Score>,
    /// Điểm trừ counted (after the cap), positive, for `total`.
    pub deduction: Option<Score>,
    /// Whether `total` uses the bloc's reviewed scores.
    pub reviewed: bool,
    /// Another unit has the same rank.
    pub tied: bool,
    /// Why the unit cannot be proposed for an award (Vietnamese sentences).
    pub award_notes: Vec<String>,
    /// The unit's results in past years (`--history`), oldest first;
    /// absent from the JSON when no history was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<PastYear>>,
}

/// A unit's result in one past year, as that year's JSON report gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PastYear {
    pub year: i32,
    pub rank: Option<u32>,
    pub total: Option<Score>,
    pub award: Option<String>,
}

impl PastYear {
    /// How the year is shown (Tổng hợp's column, the web page): "Hạng 2 —
    /// Cờ thi đua …", "Hạng 5", the award alone without a rank, "Chưa xếp
    /// hạng" without either.
    pub fn label(&self) -> String {
        let rank = self.rank.map(|r| format!("Hạng {r}"));
        match (rank, self.award.as_deref()) {
            (Some(rank), Some(award)) => format!("{rank} — {award}"),
            (Some(rank), None) => rank,
            (None, Some(award)) => award.to_string(),
            (None, None) => "Chưa xếp hạng".to_string(),
        }
    }
}

/// One input file and what became of it (nguồn dữ liệu).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Source {
    pub file: String,
    pub sha256: Option<String>,
    /// Định dạng: "xlsx", "xls", "ods" …, or what the file turned out to be.
    pub format: String,
    pub sheet: Option<String>,
    pub unit: Option<String>,
    /// Criterion rows read from the table.
    pub rows_read: usize,
    /// Bảng mã chữ Việt of the table's sheet: "unicode", or the legacy
    /// encoding its text was converted from ("tcvn3", "vni", "cp1258" …).
    pub encoding: Option<String>,
    /// Ngày lưu: when the file was last saved, as recorded inside it
    /// ("YYYY-MM-DDTHH:MM:SS"), where it records it.
    pub saved: Option<String>,
    /// When the file was last modified on disk, where known. Not part of
    /// the JSON report: copying a file changes it.
    #[serde(skip)]
    pub file_time: Option<String>,
    /// The criterion rows read from the file, in rules order, with their
    /// cells and notes (for the feedback workbooks and the notes sheet).
    /// Filled when the run is consolidated; not part of the JSON report.
    #[serde(skip)]
    pub rows: Vec<ReadRow>,
}

impl MeasureBasis {
    /// A figure with the criterion's unit: "95,5%", "2 hồ sơ".
    pub fn shown(&self, figure: Score) -> String {
        match self.unit.as_deref().map(str::trim) {
            Some("%") => format!("{figure}%"),
            Some(u) if !u.is_empty() => format!("{figure} {u}"),
            _ => figure.to_string(),
        }
    }

    /// How the scores were computed, in Vietnamese, with the numbers used.
    pub fn formula_vi(&self) -> String {
        let max = self.max;
        let how = match (self.kind, self.better, self.best, self.target) {
            ("target", _, _, Some(t)) => format!(
                "chỉ tiêu {}: điểm = {max} × số liệu / {t}, không quá {max} điểm",
                self.shown(t)
            ),
            (_, Some("lower"), Some(b), _) => format!(
                "đơn vị có số liệu thấp nhất ({}) được {max} điểm; đơn vị khác: {max} × {b} / số liệu",
                self.shown(b)
            ),
            (_, _, Some(b), _) if !b.is_zero() => format!(
                "đơn vị có số liệu cao nhất ({}) được {max} điểm; đơn vị khác: {max} × số liệu / {b}",
                self.shown(b)
            ),
            _ => "không đơn vị nào có số liệu để so sánh: mọi đơn vị được 0 điểm".to_string(),
        };
        format!(
            "{how}; làm tròn đến {}. Đơn vị không có số liệu hợp lệ được 0 điểm.",
            self.round
        )
    }
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }

    /// Issues by the unit they are about, each list in report order; for
    /// going through every unit without a pass over all issues for each.
    pub fn issues_by_unit(&self) -> std::collections::HashMap<&str, Vec<&Issue>> {
        let mut by: std::collections::HashMap<&str, Vec<&Issue>> = Default::default();
        for issue in &self.issues {
            if let Some(unit) = issue.unit.as_deref() {
                by.entry(unit).or_default().push(issue);
            }
        }
        by
    }

    /// Unit names by unit id.
    pub fn unit_names(&self) -> std::collections::HashMap<&str, &str> {
        self.units
            .iter()
            .map(|u| (u.id.as_str(), u.name.as_str()))
            .collect()
    }

    /// Issues about one unit.
    pub fn issues_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        self.issues
            .iter()
            .filter(move |i| i.unit.as_deref() == Some(unit))
    }

    /// The past years shown beside the ranking: the latest `most` any unit
    /// has, oldest first; none without history.
    pub fn past_columns(&self, most: usize) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .units
            .iter()
            .filter_map(|u| u.detail.history.as_ref())
            .flatten()
            .map(|p| p.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        let skip = years.len().saturating_sub(most);
        years.split_off(skip)
    }

    /// Units in ranking order (ranked first by rank, then the others in rules order).
    pub fn ranked(&self) -> Vec<&UnitResult> {
        let mut units: Vec<&UnitResult> = self.units.iter().collect();
        units.sort_by_key(|u| u.rank.unwrap_or(u32::MAX));
        units
    }
}
