//! The province's view of all blocs as data (kết quả tổng hợp của tỉnh):
//! what `thidua province` reads from every bloc, the provincial list of
//! proposals in the council's order, the findings and the inputs; what its
//! JSON report serialises and what its workbook writer shows.
//!
//! The JSON shape is a contract with users (README, "Báo cáo JSON của
//! tỉnh"): add fields only with a CHANGELOG entry, never rename one. Part of
//! `report`; depends on `issue` and `score` only.

use crate::issue::{Issue, Severity};
use crate::score::Score;
use serde::Serialize;

/// The whole outcome of one provincial run.
#[derive(Clone, Debug, Serialize)]
pub struct ProvinceReport {
    pub province: ProvinceInfo,
    /// Every bloc: the expected ones in the rules' order (missing ones
    /// too), then the blocs the rules do not know, in input order.
    pub blocs: Vec<BlocResult>,
    /// The provincial list (danh sách đề nghị): every proposal of every
    /// bloc used, by award in the council's order (awards the rules do not
    /// know last), then by bloc, then by rank.
    pub proposals: Vec<Proposal>,
    /// Every finding, in report order.
    pub issues: Vec<Issue>,
    /// Every input looked at, in input order, with what was read from it.
    pub sources: Vec<ProvinceSource>,
}

/// The province as its rules name it.
#[derive(Clone, Debug, Serialize)]
pub struct ProvinceInfo {
    pub name: String,
    pub year: i32,
    /// Hạn nộp ("YYYY-MM-DD"), if the rules set one.
    pub deadline: Option<String>,
    /// The awards in the council's order, with their provincial limit for
    /// the units read (None: no provincial limit).
    pub awards: Vec<AwardLimit>,
    /// Đơn vị thuộc các khối đã đọc: the base of the provincial shares.
    pub units: usize,
}

/// An award of the province rules and its provincial limit this run.
#[derive(Clone, Debug, Serialize)]
pub struct AwardLimit {
    pub name: String,
    pub limit: Option<usize>,
    /// Đề nghị: how many units the blocs propose for it.
    pub proposed: usize,
}

/// Whether a bloc's results were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlocStatus {
    /// Đã có kết quả.
    Ok,
    /// Chưa có kết quả.
    Missing,
}

/// How a bloc's results came in (loại đầu vào).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// A workbook written by `thidua consolidate` (its embedded report,
    /// checked against its visible "Tổng hợp").
    Workbook,
    /// A bloc summary table made by hand (bảng tổng hợp tự lập).
    Summary,
    /// A JSON report written by `thidua consolidate --json`.
    Report,
    /// A bloc folder (rules and submissions) consolidated in this run.
    Folder,
}

impl InputKind {
    /// The Vietnamese name shown in the workbook.
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Workbook => "Bảng tổng hợp do thidua ghi",
            InputKind::Summary => "Bảng tổng hợp của khối",
            InputKind::Report => "Báo cáo JSON",
            InputKind::Folder => "Thư mục của khối, tổng hợp lại",
        }
    }
}

/// One bloc's results.
#[derive(Clone, Debug, Serialize)]
pub struct BlocResult {
    /// Mã khối in the province rules; None for a bloc they do not know.
    pub id: Option<String>,
    /// Tên khối: the rules' name, else the name read.
    pub name: String,
    pub status: BlocStatus,
    pub kind: Option<InputKind>,
    /// The input the results were read from.
    pub file: Option<String>,
    /// The sheet of a workbook they were read from.
    pub sheet: Option<String>,
    /// The latest save date known of the bloc's files ("YYYY-MM-DDTHH:MM:SS").
    pub date: Option<String>,
    /// The year the bloc's report gives, where it gives one.
    pub year: Option<i32>,
    /// Every unit, in the bloc's ranking order as read.
    pub units: Vec<BlocUnit>,
}

impl BlocResult {
    /// The bloc's heading as "Các khối" writes it and the page shows it:
    /// its name, how its results came in, how many units.
    pub fn label(&self) -> String {
        let how = match (self.status, self.kind) {
            (BlocStatus::Missing, _) => "chưa có kết quả".to_string(),
            (_, Some(kind)) => kind.label().to_lowercase(),
            _ => String::new(),
        };
        let mut label = format!("{} — {how}", self.name);
        if self.status == BlocStatus::Ok {
            label.push_str(&format!("; {} đơn vị", self.units.len()));
        }
        if self.id.is_none() {
            label.push_str("; không có trong quy định của tỉnh");
        }
        label
    }
}

/// One unit of a bloc as read.
#[derive(Clone, Debug, Serialize)]
pub struct BlocUnit {
    pub name: String,
    /// Tổng điểm.
    pub total: Option<Score>,
    /// Xếp hạng trong khối.
    pub rank: Option<u32>,
    /// Hình thức khen thưởng khối đề nghị, as the bloc wrote it.
    pub award: Option<String>,
    /// Thuộc trường hợp không xét khen thưởng.
    pub disqualified: bool,
    /// The cell of the unit's award (or name) in the sheet read, where
    /// there is one.
    pub cell: Option<String>,
}

/// One proposal on the provincial list (một dòng danh sách đề nghị).
#[derive(Clone, Debug, Serialize)]
pub struct Proposal {
    /// The award as the province rules name it, or as the bloc wrote it
    /// when the rules do not know it.
    pub award: String,
    /// Tên tập thể.
    pub unit: String,
    /// Tên khối.
    pub bloc: String,
    pub bloc_id: Option<String>,
    pub total: Option<Score>,
    pub rank: Option<u32>,
    /// Where the proposal was read.
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// The codes of the findings about this proposal, sorted (empty: no
    /// finding).
    pub findings: Vec<String>,
}

/// One input and what was read from it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProvinceSource {
    pub file: String,
    /// "workbook", "summary", "report", "folder", or "unusable".
    pub kind: String,
    /// Định dạng: "xlsx", "xls", "ods", "json", "folder" …
    pub format: String,
    pub sha256: Option<String>,
    /// The bloc's name as read (before matching).
    pub bloc: Option<String>,
    pub sheet: Option<String>,
    /// Bảng mã of a summary's sheet: "unicode" or the legacy encoding.
    pub encoding: Option<String>,
    /// Units read.
    pub units: usize,
    /// The latest save date known of the input's files.
    pub saved: Option<String>,
}

impl ProvinceReport {
    /// The JSON report, as `thidua province --json` writes it and the page
    /// sends it: indented, ending with a line break.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self).map(|j| j + "\n")
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }
}
