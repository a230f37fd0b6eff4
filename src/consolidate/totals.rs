//! Each unit's line of the result (kết quả từng đơn vị): its scores
//! criterion by criterion (self and reviewed), totals, bonus, deduction
//! and disqualification; a missing unit said; and the rows read from each
//! file as the report's sources carry them.
//!
//! Depends on `check` results, `rules`, `report` and `issue`.

use super::measure::Measured;
use super::select::Selection;
use crate::check::Submission;
use crate::issue::{Code, Issue, Params};
use crate::report::{ReadRow, ScorePair, Status, UnitDetail, UnitResult, WrittenNote};
use crate::rules::{Kind, Rules};
use crate::score::Score;
use std::collections::BTreeMap;

/// Every member unit's result, in rules order, before ranking.
pub(super) fn unit_results(
    rules: &Rules,
    selection: &Selection,
    measured: &Measured,
    issues: &mut Vec<Issue>,
) -> Vec<UnitResult> {
    let statuses = &selection.statuses;
    let files_of = &selection.files_of;
    let scored = &selection.scored;
    let mut results: Vec<UnitResult> = rules
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| UnitResult {
            id: unit.id.clone(),
            name: unit.name.clone(),
            status: statuses[u],
            file: files_of[u].clone(),
            scores: BTreeMap::new(),
            self_total: None,
            total: None,
            rank: None,
            award: None,
            disqualified: false,
            detail: UnitDetail::default(),
        })
        .collect();
    for (u, status) in statuses.iter().enumerate() {
        if *status == Status::Missing {
            issues.push(
                Issue::new(
                    Code::MissingUnit,
                    Params::new().text("unit_name", rules.units[u].name.as_str()),
                )
                .unit(&rules.units[u].id),
            );
        }
    }

    for s in scored {
        let r = &mut results[s.unit];
        let reviewed = s.sub.has_review();
        // Gathered first and built into the map at once: a map built from
        // its entries fills its nodes, one built entry by entry leaves them
        // part empty (10,000 units keep 400,000 entries).
        let mut scores = Vec::with_capacity(rules.criteria.len());
        for (i, c) in rules.criteria.iter().enumerate() {
            if c.kind == Kind::Disqualifier {
                continue;
            }
            let pair = if c.is_leaf() {
                match (s.sub.entries.get(&i), measured.score(s.unit, i)) {
                    // Scored against the bloc: the computed score, the
                    // figure it came from, what the unit typed.
                    (e, Some(points)) => ScorePair {
                        self_score: Some(points),
                        reviewed: None,
                        figure: e.and_then(|e| e.figure),
                        typed: e.and_then(|e| e.self_value),
                    },
                    (Some(e), None) => ScorePair {
                        self_score: e.self_value,
                        reviewed: e.reviewed_value,
                        ..ScorePair::default()
                    },
                    (None, None) => continue,
                }
            } else {
                let Some(v) = s.self_tally.values[i] else {
                    continue;
                };
                let any_review = descendants_reviewed(rules, s.sub, i);
                ScorePair {
                    self_score: Some(v),
                    reviewed: any_review.then(|| s.final_tally.values[i]).flatten(),
                    ..ScorePair::default()
                }
            };
            scores.push((c.code.clone(), pair));
        }
        if r.scores.is_empty() {
            r.scores = scores.into_iter().collect();
        } else {
            r.scores.extend(scores);
        }
        r.self_total = Some(s.self_tally.total);
        r.total = Some(s.final_tally.total);
        r.disqualified = !s.sub.disqualified_by.is_empty();
        r.detail.bonus = Some(s.final_tally.bonus);
        r.detail.deduction = Some(s.final_tally.deduction);
        r.detail.reviewed = reviewed;
        for &d in &s.sub.disqualified_by {
            r.detail.award_notes.push(format!(
                "Không xét khen thưởng: {}.",
                rules.criteria[d].title
            ));
        }
    }
    results
}

fn descendants_reviewed(rules: &Rules, sub: &Submission, i: usize) -> bool {
    rules.criteria[i].children.iter().any(|&k| {
        sub.entries
            .get(&k)
            .is_some_and(|e| e.reviewed_value.is_some())
            || descendants_reviewed(rules, sub, k)
    })
}

/// The rows read from one file, with their cells, in rules order (moved
/// out of its submission); `computed` gives the score of a criterion
/// scored against the bloc, where the file is in use.
pub(super) fn read_rows(
    rules: &Rules,
    sub: Submission,
    computed: impl Fn(usize) -> Option<Score>,
) -> Vec<ReadRow> {
    let disqualified_by = sub.disqualified_by;
    // Collected into a vector of its own size: collecting in place would
    // keep the entries' larger buffer for as long as the report lives.
    let mut rows = Vec::with_capacity(sub.entries.len());
    rows.extend(sub.entries.into_iter().map(|(crit, e)| {
        let c = &rules.criteria[crit];
        ReadRow {
            criterion: crit,
            self_value: e.self_value,
            self_cell: e.self_cell,
            reviewed_value: e.reviewed_value,
            reviewed_cell: e.reviewed_cell,
            counted: if c.measure.is_some() {
                computed(crit)
            } else {
                (c.is_leaf() && c.kind != Kind::Disqualifier)
                    .then(|| e.reviewed_counted.unwrap_or(e.self_counted))
            },
            figure: e.figure,
            figure_cell: e.figure_cell,
            disqualifies: disqualified_by.contains(&crit),
            notes: e
                .notes
                .into_iter()
                .map(|n| WrittenNote {
                    column: n.column,
                    text: n.text,
                    cell: n.cell,
                })
                .collect(),
        }
    }));
    rows
}
