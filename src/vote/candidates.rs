//! The candidates of each award (danh sách đề cử): the units the ranking
//! proposes for it and the units tied at its cut-off, in rank order. What
//! the ballot (phiếu bầu) lists and what the count (kiểm phiếu) checks
//! names against.
//!
//! Depends on `report`, `rules`, `issue`.

use crate::issue::{Code, Value};
use crate::report::Report;
use crate::rules::{Quota, Rules};
use crate::score::Score;
use serde::Serialize;

/// One unit on an award's ballot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// Mã đơn vị (rules id).
    pub unit: String,
    pub name: String,
    /// Tổng điểm dùng để xếp hạng.
    pub total: Option<Score>,
    pub rank: Option<u32>,
    /// Bằng điểm: tied with another candidate at the award's cut-off.
    pub tied: bool,
}

/// An award's ballot list (danh sách bỏ phiếu của một hình thức).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slate {
    /// Index into `rules.awards`.
    #[serde(skip)]
    pub award_index: usize,
    pub award: String,
    /// Số suất: how many units the award may go to (the quota as the
    /// consolidation applied it).
    pub places: usize,
    /// Số tên được đánh dấu nhiều nhất trên một phiếu.
    pub ticks: usize,
    pub candidates: Vec<Candidate>,
}

/// The ballot lists of every award, in the rules' order: the units proposed
/// for it and those tied at its cut-off, by rank then rules order. A
/// half-year review, or an award with no candidate, gives an empty list.
pub fn slates(rules: &Rules, report: &Report) -> Vec<Slate> {
    let ranked = report.ranked();
    let mut awarded_before = 0usize;
    let used = report
        .units
        .iter()
        .filter(|u| u.status == crate::report::Status::Ok)
        .count();
    let mut out = Vec::with_capacity(rules.awards.len());
    for (index, award) in rules.awards.iter().enumerate() {
        let tied: Vec<&str> = report
            .issues
            .iter()
            .filter(|i| i.code == Code::TieAtAwardCutoff)
            .filter(|i| matches!(i.params.get("award"), Some(Value::Text(a)) if *a == award.name))
            .filter_map(|i| i.unit.as_deref())
            .collect();
        let candidates: Vec<Candidate> = ranked
            .iter()
            .filter(|u| {
                u.award.as_deref() == Some(award.name.as_str()) || tied.contains(&u.id.as_str())
            })
            .map(|u| Candidate {
                unit: u.id.clone(),
                name: u.name.clone(),
                total: u.total,
                rank: u.rank,
                tied: tied.contains(&u.id.as_str()),
            })
            .collect();
        let places = match award.quota {
            Quota::Count(n) => n,
            Quota::Share(share) => share.floor_times(used.saturating_sub(awarded_before)),
        };
        awarded_before += report
            .units
            .iter()
            .filter(|u| u.award.as_deref() == Some(award.name.as_str()))
            .count();
        out.push(Slate {
            award_index: index,
            award: award.name.clone(),
            places,
            ticks: award.ticks.unwrap_or(places).max(1),
            candidates,
        });
    }
    out
}
