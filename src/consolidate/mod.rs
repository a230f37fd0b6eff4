//! Consolidation (tổng hợp): from checked submissions to the bloc's result —
//! one submission per unit, totals, ranking with ties, award proposals.
//!
//! Depends on `check` results, `rules`, `report`, `score`, `issue`; never on
//! reading files, writing workbooks or printing.

mod versions;

use crate::check::Submission;
use crate::check::tally::{Tally, tally};
use crate::issue::{self, Code, Issue};
use crate::report::{
    BlocInfo, ReadRow, Report, ScorePair, Source, Status, UnitDetail, UnitResult, WrittenNote,
};
use crate::rules::{Kind, Period, Quota, Rules};
use crate::score::Score;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One input file and what reading and checking it gave.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub source: Source,
    /// `None` when the file could not be read at all.
    pub submission: Option<Submission>,
    /// Issues from reading (unreadable, not a spreadsheet …).
    pub issues: Vec<Issue>,
}

/// A unit's submission in use, with its sums.
struct Scored<'a> {
    unit: usize,
    sub: &'a Submission,
    self_tally: Tally,
    final_tally: Tally,
}

/// Build the report from every file's result. `extra` holds issues from
/// collecting inputs (skipped files). The results are consumed: what was
/// read from each file moves into the report's sources, so a run never
/// holds its cells and notes twice.
pub fn consolidate(rules: &Rules, files: Vec<FileResult>, extra: Vec<Issue>) -> Report {
    let mut issues = extra;
    let mut by_unit: BTreeMap<usize, Vec<&FileResult>> = BTreeMap::new();
    for f in &files {
        issues.extend(f.issues.iter().cloned());
        if let Some(sub) = &f.submission {
            issues.extend(sub.issues.iter().cloned());
            if let Some(u) = sub
                .unit
                .as_deref()
                .and_then(|id| rules.unit_index.position(id))
            {
                by_unit.entry(u).or_default().push(f);
            }
        }
    }

    // Copies and older versions set aside: their findings are left out.
    let mut set_aside: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut statuses = vec![Status::Missing; rules.units.len()];
    let mut files_of: Vec<Option<String>> = vec![None; rules.units.len()];
    let mut scored: Vec<Scored> = Vec::new();
    for (&u, subs) in &by_unit {
        let unit = &rules.units[u];
        let usable: Vec<&FileResult> = subs
            .iter()
            .copied()
            .filter(|f| f.submission.as_ref().is_some_and(|s| s.table_found))
            .collect();
        files_of[u] = subs.first().map(|f| f.source.file.clone());
        if usable.is_empty() {
            statuses[u] = Status::Rejected;
            continue;
        }
        let choice = versions::choose(unit, &usable);
        issues.extend(choice.issues);
        set_aside.extend(choice.set_aside.iter().map(|f| f.source.file.clone()));
        let Some(used) = choice.used else {
            statuses[u] = Status::Rejected;
            continue;
        };
        let Some(sub) = used.submission.as_ref() else {
            continue;
        };
        statuses[u] = Status::Ok;
        files_of[u] = Some(used.source.file.clone());
        scored.push(Scored {
            unit: u,
            sub,
            self_tally: tally(rules, |i| sub.entries.get(&i).map(|_| sub.self_counted(i))),
            final_tally: tally(rules, |i| sub.entries.get(&i).map(|_| sub.final_counted(i))),
        });
    }

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
                    format!("Chưa nhận được bảng tự chấm điểm của {}. Đơn vị này chưa được tổng hợp và xếp hạng.", rules.units[u].name),
                )
                .unit(&rules.units[u].id),
            );
        }
    }

    for s in &scored {
        let r = &mut results[s.unit];
        let reviewed = s.sub.has_review();
        for (i, c) in rules.criteria.iter().enumerate() {
            if c.kind == Kind::Disqualifier {
                continue;
            }
            let pair = if c.is_leaf() {
                let Some(e) = s.sub.entries.get(&i) else {
                    continue;
                };
                ScorePair {
                    self_score: e.self_value,
                    reviewed: e.reviewed_value,
                }
            } else {
                let Some(v) = s.self_tally.values[i] else {
                    continue;
                };
                let any_review = descendants_reviewed(rules, s.sub, i);
                ScorePair {
                    self_score: Some(v),
                    reviewed: any_review.then(|| s.final_tally.values[i]).flatten(),
                }
            };
            r.scores.insert(c.code.clone(), pair);
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

    rank(rules, &scored, &mut results, &mut issues);
    if rules.bloc.period == Period::Annual {
        award(rules, &scored, &mut results, &mut issues);
    }

    issues.retain(|i| {
        i.code == Code::DuplicateUnit || i.file.as_ref().is_none_or(|f| !set_aside.contains(f))
    });
    issue::sort(&mut issues);
    Report {
        bloc: BlocInfo::of(&rules.bloc),
        units: results,
        issues,
        sources: files
            .into_iter()
            .map(|f| Source {
                rows: f
                    .submission
                    .map(|s| read_rows(rules, s))
                    .unwrap_or_default(),
                ..f.source
            })
            .collect(),
    }
}

/// The rows read from one file, with their cells, in rules order (moved
/// out of its submission).
fn read_rows(rules: &Rules, sub: Submission) -> Vec<ReadRow> {
    let disqualified_by = sub.disqualified_by;
    sub.entries
        .into_iter()
        .map(|(crit, e)| {
            let c = &rules.criteria[crit];
            ReadRow {
                code: c.code.clone(),
                self_value: e.self_value,
                self_cell: e.self_cell,
                reviewed_value: e.reviewed_value,
                reviewed_cell: e.reviewed_cell,
                counted: (c.is_leaf() && c.kind != Kind::Disqualifier)
                    .then(|| e.reviewed_counted.unwrap_or(e.self_counted)),
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
        })
        .collect()
}

fn descendants_reviewed(rules: &crate::rules::Rules, sub: &Submission, i: usize) -> bool {
    rules.criteria[i].children.iter().any(|&k| {
        sub.entries
            .get(&k)
            .is_some_and(|e| e.reviewed_value.is_some())
            || descendants_reviewed(rules, sub, k)
    })
}

/// Ranking key: total, then the tie-break criteria, all descending.
fn rank_key(rules: &Rules, s: &Scored) -> Vec<Score> {
    std::iter::once(s.final_tally.total)
        .chain(
            rules
                .tie_break
                .iter()
                .map(|&c| s.final_tally.values[c].unwrap_or_default()),
        )
        .collect()
}

/// Competition ranking (1, 2, 2, 4); ties flagged.
fn rank(rules: &Rules, scored: &[Scored], results: &mut [UnitResult], issues: &mut Vec<Issue>) {
    let mut order: Vec<(Vec<Score>, usize)> = scored
        .iter()
        .map(|s| (rank_key(rules, s), s.unit))
        .collect();
    // Descending key; equal keys keep rules order.
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut position = 0;
    while position < order.len() {
        let end = order[position..]
            .iter()
            .position(|x| x.0 != order[position].0)
            .map_or(order.len(), |k| position + k);
        let group: Vec<usize> = order[position..end].iter().map(|x| x.1).collect();
        for &u in &group {
            results[u].rank = Some(position as u32 + 1);
            results[u].detail.tied = group.len() > 1;
        }
        if group.len() > 1 {
            let names: Vec<&str> = group
                .iter()
                .map(|&u| rules.units[u].name.as_str())
                .collect();
            for &u in &group {
                issues.push(
                    Issue::new(
                        Code::TieInRanking,
                        format!(
                            "Bằng điểm ({} điểm, bằng nhau cả ở các tiêu chí phụ) giữa: {}; cùng xếp hạng {}.",
                            order[position].0[0],
                            names.join(", "),
                            position + 1
                        ),
                    )
                    .unit(&rules.units[u].id),
                );
            }
        }
        position = end;
    }
}

/// Award proposals in order of precedence.
fn award(rules: &Rules, scored: &[Scored], results: &mut [UnitResult], issues: &mut Vec<Issue>) {
    let mut ranked: Vec<&Scored> = scored.iter().collect();
    ranked.sort_by(|a, b| match (results[a.unit].rank, results[b.unit].rank) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.unit.cmp(&b.unit)),
        _ => Ordering::Equal,
    });
    for aw in &rules.awards {
        let pool: Vec<&Scored> = ranked
            .iter()
            .copied()
            .filter(|s| results[s.unit].award.is_none())
            .collect();
        let quota = match aw.quota {
            Quota::Count(n) => n,
            Quota::Share(share) => share.floor_times(pool.len()),
        };
        let mut eligible = Vec::new();
        for s in &pool {
            let r = &results[s.unit];
            if r.disqualified {
                continue;
            }
            if aw
                .min_total
                .is_some_and(|m| r.total.unwrap_or_default() < m)
            {
                continue;
            }
            if aw.no_deduction && !s.final_tally.deduction.is_zero() {
                if eligible.len() < quota {
                    let note = format!("Có điểm trừ nên không đủ điều kiện đề nghị {}.", aw.name);
                    results[s.unit].detail.award_notes.push(note);
                }
                continue;
            }
            eligible.push(s.unit);
        }
        if quota == 0 || eligible.is_empty() {
            continue;
        }
        let mut take = eligible.len().min(quota);
        if take < eligible.len() && results[eligible[take - 1]].rank == results[eligible[take]].rank
        {
            // A tie across the cut-off goes to the bloc's vote.
            let tied_rank = results[eligible[take]].rank;
            let group: Vec<usize> = eligible
                .iter()
                .copied()
                .filter(|&u| results[u].rank == tied_rank)
                .collect();
            take = eligible
                .iter()
                .position(|&u| results[u].rank == tied_rank)
                .unwrap_or(take);
            let names: Vec<&str> = group
                .iter()
                .map(|&u| rules.units[u].name.as_str())
                .collect();
            let left = quota - take;
            for &u in &group {
                let message = format!(
                    "Bằng điểm tại ngưỡng đề nghị {}: {} cùng xếp hạng {} nhưng chỉ còn {} suất. Khối cần bỏ phiếu; công cụ không tự chọn.",
                    aw.name,
                    names.join(", "),
                    tied_rank.unwrap_or_default(),
                    left
                );
                results[u].detail.award_notes.push(message.clone());
                issues.push(Issue::new(Code::TieAtAwardCutoff, message).unit(&rules.units[u].id));
            }
        }
        for &u in &eligible[..take] {
            results[u].award = Some(aw.name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Entry;
    use crate::issue::Severity;

    const RULES: &str = r#"
[bloc]
name = "Khối thử"
year = 2025
[[units]]
id = "A"
name = "Đơn vị A"
[[units]]
id = "B"
name = "Đơn vị B"
[[units]]
id = "C"
name = "Đơn vị C"
[[units]]
id = "D"
name = "Đơn vị D"
[[units]]
id = "E"
name = "Đơn vị E"
[[units]]
id = "F"
name = "Đơn vị F"
[[criteria]]
code = "I"
title = "Nhiệm vụ"
max = 60
[[criteria]]
code = "II"
title = "Thi đua"
max = 40
[[criteria]]
code = "III"
title = "Điểm trừ"
kind = "deduction"
max = 5
[[criteria]]
code = "IV"
title = "Không xét"
kind = "disqualifier"
[[awards]]
name = "Cờ Chính phủ"
count = 1
min_total = 95
no_deduction = true
[[awards]]
name = "Cờ tỉnh"
count = 1
[[awards]]
name = "Bằng khen"
share = 0.5
[ranking]
tie_break = ["I"]
"#;

    /// A unit's submission with I, II, deduction (milli-points) and disqualification.
    fn sub(unit: &str, i: i64, ii: i64, ded: i64, disq: bool) -> FileResult {
        let mut entries = crate::check::Entries::default();
        for (crit, v) in [(0, i), (1, ii), (2, ded)] {
            let s = Score::from_milli(v);
            entries.insert(
                crit,
                Entry {
                    row: crit as u32,
                    self_value: Some(s),
                    self_counted: s,
                    self_cell: format!("D{}", crit + 1),
                    ..Entry::default()
                },
            );
        }
        FileResult {
            source: Source {
                file: format!("{unit}.xlsx"),
                sha256: Some(unit.into()),
                format: "xlsx".into(),
                unit: Some(unit.into()),
                rows_read: 3,
                ..Source::default()
            },
            submission: Some(Submission {
                file: format!("{unit}.xlsx"),
                unit: Some(unit.into()),
                entries,
                disqualified_by: if disq { vec![3] } else { vec![] },
                table_found: true,
                content: format!("{i} {ii} {ded} {disq}"),
                ..Submission::default()
            }),
            issues: vec![],
        }
    }

    fn run(files: &[FileResult]) -> Report {
        consolidate(
            &Rules::parse(RULES, "t.toml").unwrap(),
            files.to_vec(),
            vec![],
        )
    }

    fn unit<'a>(r: &'a Report, id: &str) -> &'a UnitResult {
        r.units.iter().find(|u| u.id == id).unwrap()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let r = run(&[
            sub("A", 58_000, 38_000, 0, false),   // 96
            sub("B", 55_000, 35_000, 0, false),   // 90, I=55
            sub("C", 55_000, 35_000, 0, false),   // 90, I=55: full tie with B
            sub("D", 56_000, 34_000, 0, false),   // 90, I=56: wins the tie-break
            sub("E", 50_000, 30_500, 500, false), // 80
        ]);
        let ranks: Vec<Option<u32>> = ["A", "B", "C", "D", "E", "F"]
            .iter()
            .map(|id| unit(&r, id).rank)
            .collect();
        assert_eq!(
            ranks,
            vec![Some(1), Some(3), Some(3), Some(2), Some(5), None]
        );
        assert!(
            unit(&r, "B").detail.tied && unit(&r, "C").detail.tied && !unit(&r, "D").detail.tied
        );
        assert_eq!(unit(&r, "E").total, Some(Score::from_int(80)));
        assert_eq!(unit(&r, "F").status, Status::Missing);
        assert_eq!(
            r.issues
                .iter()
                .filter(|i| i.code == Code::TieInRanking)
                .count(),
            2
        );
        assert!(
            r.issues
                .iter()
                .any(|i| i.code == Code::MissingUnit && i.unit.as_deref() == Some("F"))
        );
    }

    #[test]
    fn awards_follow_precedence_eligibility_and_share() {
        let r = run(&[
            sub("A", 59_000, 39_000, 500, false), // 97.5 but a deduction: no Cờ Chính phủ
            sub("B", 58_000, 39_000, 0, false),   // 97
            sub("C", 60_000, 39_500, 0, true),    // 99.5 but disqualified
            sub("D", 50_000, 30_000, 0, false),   // 80
            sub("E", 45_000, 30_000, 0, false),   // 75
        ]);
        let award = |id| unit(&r, id).award.clone();
        assert_eq!(
            award("C"),
            None,
            "disqualified units keep their rank but get no award"
        );
        assert_eq!(unit(&r, "C").rank, Some(1));
        assert_eq!(award("B").as_deref(), Some("Cờ Chính phủ"));
        assert_eq!(award("A").as_deref(), Some("Cờ tỉnh"));
        // Bằng khen: floor(0.5 × 3 units not yet awarded) = 1 → D.
        assert_eq!(award("D").as_deref(), Some("Bằng khen"));
        assert_eq!(award("E"), None);
        assert!(
            unit(&r, "A")
                .detail
                .award_notes
                .iter()
                .any(|n| n.contains("điểm trừ"))
        );
    }

    #[test]
    fn a_tie_at_the_cut_off_goes_to_the_vote() {
        let r = run(&[
            sub("A", 55_000, 35_000, 0, false), // 90
            sub("B", 55_000, 35_000, 0, false), // 90, full tie with A
            sub("C", 50_000, 30_000, 0, false), // 80
        ]);
        // Cờ Chính phủ: nobody reaches 95. Cờ tỉnh: one place, two tied
        // units. Bằng khen: floor(0.5 × 3) = 1 place, the same two units.
        assert_eq!(unit(&r, "A").award, None);
        assert_eq!(unit(&r, "B").award, None);
        assert_eq!(
            unit(&r, "C").award,
            None,
            "C is not moved ahead of the tied units"
        );
        let cutoff: Vec<&Issue> = r
            .issues
            .iter()
            .filter(|i| i.code == Code::TieAtAwardCutoff)
            .collect();
        assert_eq!(
            cutoff.len(),
            4,
            "two units flagged at Cờ tỉnh and again at Bằng khen: {cutoff:?}"
        );
    }

    /// A second file of unit A with other cells.
    fn version(name: &str, saved: Option<&str>) -> FileResult {
        let mut f = sub("A", 50_000, 30_000, 0, false);
        f.source.file = name.into();
        f.source.sha256 = Some(name.into());
        f.source.saved = saved.map(Into::into);
        f
    }

    fn duplicates(r: &Report) -> Vec<(Severity, String)> {
        r.issues
            .iter()
            .filter(|i| i.code == Code::DuplicateUnit)
            .map(|i| (i.severity, i.file.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn versions_that_cannot_be_told_apart_reject_the_unit() {
        let r = run(&[
            sub("A", 58_000, 38_000, 0, false),
            version("A khac.xlsx", None),
        ]);
        assert_eq!(unit(&r, "A").status, Status::Rejected);
        assert_eq!(unit(&r, "A").rank, None);
        assert_eq!(
            duplicates(&r),
            vec![
                (Severity::Error, "A khac.xlsx".to_string()),
                (Severity::Error, "A.xlsx".to_string())
            ]
        );
    }

    #[test]
    fn the_newest_version_counts_by_saved_date_then_by_name() {
        let mut first = sub("A", 58_000, 38_000, 0, false);
        first.source.saved = Some("2025-11-20T10:00:00".into());
        let r = run(&[
            first.clone(),
            version("A lan 2.xlsx", Some("2025-11-25T08:00:00")),
        ]);
        assert_eq!(unit(&r, "A").status, Status::Ok);
        assert_eq!(unit(&r, "A").file.as_deref(), Some("A lan 2.xlsx"));
        assert_eq!(unit(&r, "A").total, Some(Score::from_int(80)));
        assert_eq!(
            duplicates(&r),
            vec![(Severity::Warning, "A.xlsx".to_string())]
        );
        let message = &r
            .issues
            .iter()
            .find(|i| i.code == Code::DuplicateUnit)
            .unwrap()
            .message;
        assert!(
            message.contains("Dùng bản mới nhất \"A lan 2.xlsx\""),
            "{message}"
        );
        assert!(message.contains("08:00 ngày 25/11/2025"), "{message}");
        // An older saved date loses, whatever the name says.
        let r = run(&[
            first.clone(),
            version("A lan 2.xlsx", Some("2025-11-01T08:00:00")),
        ]);
        assert_eq!(unit(&r, "A").file.as_deref(), Some("A.xlsx"));
        // The same saved date: the name marked as a revision counts.
        let mut same = version("A - ban sua.xlsx", Some("2025-11-20T10:00:00"));
        same.source.saved = first.source.saved.clone();
        let r = run(&[first, same]);
        assert_eq!(unit(&r, "A").file.as_deref(), Some("A - ban sua.xlsx"));
    }

    #[test]
    fn copies_with_the_same_cells_are_one_submission() {
        let mut copy = sub("A", 58_000, 38_000, 0, false);
        copy.source.file = "A-copy.xls".into();
        copy.source.sha256 = Some("other bytes".into());
        let r = run(&[sub("A", 58_000, 38_000, 0, false), copy]);
        assert_eq!(unit(&r, "A").status, Status::Ok);
        assert_eq!(unit(&r, "A").file.as_deref(), Some("A.xlsx"));
        assert_eq!(
            duplicates(&r),
            vec![(Severity::Info, "A-copy.xls".to_string())]
        );
    }

    #[test]
    fn half_year_has_no_awards() {
        let rules = Rules::parse(
            &RULES.replace("year = 2025", "year = 2025\nperiod = \"half-year\""),
            "t.toml",
        )
        .unwrap();
        let r = consolidate(&rules, vec![sub("A", 60_000, 40_000, 0, false)], vec![]);
        assert_eq!(unit(&r, "A").rank, Some(1));
        assert_eq!(unit(&r, "A").award, None);
    }
}
