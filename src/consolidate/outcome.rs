//! The bloc's outcome from every file (tổng hợp): select each unit's
//! submission, total, rank, propose awards, gather the findings, and move
//! what was read into the report's sources.
//!
//! Depends on the other rooms of `consolidate`, `rules`, `report`,
//! `history`, `issue`.

use super::FileResult;
use super::award::award;
use super::measure::measure;
use super::rank::rank;
use super::select::{Selection, select};
use super::totals::{read_rows, unit_results};
use crate::history::History;
use crate::issue::{self, Code, Issue};
use crate::report::{BlocInfo, Report, Source};
use crate::rules::{Period, Rules};

/// Build the report from every file's result. `extra` holds issues from
/// collecting inputs (skipped files). The results are consumed: what was
/// read from each file moves into the report's sources, so a run never
/// holds its cells and notes twice.
pub fn consolidate(rules: &Rules, files: Vec<FileResult>, extra: Vec<Issue>) -> Report {
    consolidate_with(rules, files, extra, None)
}

/// [`consolidate`] with the past years of `--history`: each unit's past
/// results go into the report and the awards' conditions over past years
/// are checked against them.
pub fn consolidate_with(
    rules: &Rules,
    files: Vec<FileResult>,
    extra: Vec<Issue>,
    history: Option<&History>,
) -> Report {
    let mut issues = extra;
    let mut selection = select(rules, &files, &mut issues);
    let mut measured = measure(rules, &mut selection.scored, &mut issues);
    let mut results = unit_results(rules, &selection, &measured, &mut issues);
    // The computed scores of the files in use, for their rows read.
    let computed_by_file: std::collections::BTreeMap<String, usize> = selection
        .scored
        .iter()
        .map(|s| (s.sub.file.clone(), s.unit))
        .collect();
    let Selection {
        scored, set_aside, ..
    } = selection;
    rank(rules, &scored, &mut results, &mut issues);
    if rules.bloc.period == Period::Annual {
        award(rules, &scored, &mut results, &mut issues, history);
    }

    issues.retain(|i| {
        i.code == Code::DuplicateUnit || i.file.as_ref().is_none_or(|f| !set_aside.contains(f))
    });
    issue::sort(&mut issues);
    // Collected into a vector of their own size: collecting in place would
    // keep the files' larger buffer for as long as the report lives.
    let mut sources = Vec::with_capacity(files.len());
    sources.extend(files.into_iter().map(|f| {
        Source {
            rows: f
                .submission
                .map(|s| {
                    let unit = computed_by_file.get(&s.file).copied();
                    read_rows(rules, s, |crit| unit.and_then(|u| measured.score(u, crit)))
                })
                .unwrap_or_default(),
            ..f.source
        }
    }));
    let mut report = Report {
        bloc: BlocInfo::of(&rules.bloc),
        units: results,
        issues,
        measures: std::mem::take(&mut measured.bases),
        sources,
    };
    if let Some(history) = history {
        history.apply(&mut report);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Entry, Submission};
    use crate::issue::Severity;
    use crate::report::{Status, UnitResult};
    use crate::score::Score;

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
                    self_cell: crate::issue::Address::new(crit as u32, 3),
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
