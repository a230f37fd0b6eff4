//! The province's checks (kiểm tra của tỉnh): each read bloc matched to a
//! bloc of the province rules (missing, unknown, given twice, late, another
//! year), a thidua workbook's visible table compared with the report it
//! carries, and every proposal checked against the quotas (over a bloc's
//! quota, not the bloc's leader, over the provincial total, proposed by two
//! blocs, a disqualified or unranked unit proposed); then the provincial
//! list in the council's order.
//!
//! Part of `province`; depends on `report`, `rules`, `score`, `text`,
//! `issue`; reads no file and never depends on `read`, `pipeline` or `write`.

use super::table::Table;
use super::{BlocRead, Read};
use crate::issue::{self, Code, Issue, Params};
use crate::report::province::{
    AwardLimit, BlocResult, BlocStatus, BlocUnit, Proposal, ProvinceInfo, ProvinceReport,
};
use crate::rules::Province;
use crate::score::Score;
use crate::text;
use std::collections::BTreeMap;

/// One difference between a workbook's visible table and its report:
/// (what, unit, shown, embedded, cell).
pub(super) type Edit = (&'static str, String, String, String, Option<String>);

fn shown_score(s: Option<Score>) -> String {
    s.map_or_else(|| "(trống)".to_string(), |s| s.to_string())
}

fn shown_rank(r: Option<u32>) -> String {
    r.map_or_else(|| "(trống)".to_string(), |r| r.to_string())
}

fn shown_award(a: Option<&str>) -> String {
    a.unwrap_or("(trống)").to_string()
}

/// The visible table's units (used as shown, the report's disqualified
/// marks kept) and every difference from the report's units.
pub(super) fn compare_visible(embedded: &[BlocUnit], table: &Table) -> (Vec<BlocUnit>, Vec<Edit>) {
    let mut by_key: BTreeMap<String, &BlocUnit> = BTreeMap::new();
    for u in embedded {
        by_key.entry(text::key(&u.name)).or_insert(u);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut units = Vec::new();
    let mut edits = Vec::new();
    for row in &table.rows {
        let key = text::key(&row.name);
        let Some(was) = by_key.get(&key) else {
            edits.push((
                "added",
                row.name.clone(),
                String::new(),
                String::new(),
                Some(row.name_cell.clone()),
            ));
            units.push(BlocUnit {
                name: row.name.clone(),
                total: row.total,
                rank: row.rank,
                award: row.award.clone(),
                disqualified: row.disqualified,
                cell: row.award_cell.clone(),
            });
            continue;
        };
        seen.insert(key);
        // A total whose formula result was not saved is unknown, not
        // edited: the report's is used.
        let total = if row.total_unknown {
            was.total
        } else {
            row.total
        };
        if total != was.total {
            edits.push((
                "total",
                row.name.clone(),
                shown_score(row.total),
                shown_score(was.total),
                row.total_cell.clone(),
            ));
        }
        if row.rank != was.rank {
            edits.push((
                "rank",
                row.name.clone(),
                shown_rank(row.rank),
                shown_rank(was.rank),
                row.rank_cell.clone(),
            ));
        }
        let award_key = |a: &Option<String>| a.as_deref().map(text::key);
        if award_key(&row.award) != award_key(&was.award) {
            edits.push((
                "award",
                row.name.clone(),
                shown_award(row.award.as_deref()),
                shown_award(was.award.as_deref()),
                row.award_cell.clone(),
            ));
        }
        units.push(BlocUnit {
            name: was.name.clone(),
            total,
            rank: row.rank,
            award: row.award.clone(),
            disqualified: was.disqualified,
            cell: row.award_cell.clone(),
        });
    }
    for u in embedded {
        if !seen.contains(&text::key(&u.name)) {
            edits.push((
                "removed",
                u.name.clone(),
                String::new(),
                String::new(),
                None,
            ));
            units.push(u.clone());
        }
    }
    (units, edits)
}

/// A bloc used in the report, with where it was read.
struct Used {
    result: BlocResult,
}

/// The whole provincial report from every input's reading.
pub(super) fn assemble(province: &Province, reads: Vec<Read>) -> ProvinceReport {
    let mut issues: Vec<Issue> = Vec::new();
    let mut sources = Vec::new();
    let mut expected: Vec<Option<Used>> = (0..province.blocs.len()).map(|_| None).collect();
    let mut unknown: Vec<(String, Used)> = Vec::new();
    for read in reads {
        sources.push(read.source);
        issues.extend(read.issues);
        let Some(bloc) = read.bloc else { continue };
        let index = bloc
            .name
            .as_deref()
            .and_then(|n| province.bloc_named(n))
            .or_else(|| province.bloc_of_source(&bloc.hint))
            .or_else(|| {
                let stem = std::path::Path::new(&bloc.hint)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                province.bloc_named(&stem)
            });
        match index {
            Some(i) => {
                let name = province.blocs[i].name.clone();
                if let Some(first) = &expected[i] {
                    issues.push(twice(&name, first, &bloc));
                    continue;
                }
                let id = Some(province.blocs[i].id.clone());
                expected[i] = Some(used(id, name, bloc));
            }
            None => {
                let name = bloc.name.clone().unwrap_or_else(|| {
                    std::path::Path::new(&bloc.hint)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                });
                let key = text::key(&name);
                if let Some((_, first)) = unknown.iter().find(|(k, _)| *k == key) {
                    issues.push(twice(&name, first, &bloc));
                    continue;
                }
                issues.push(
                    Issue::new(
                        Code::ProvinceBlocUnknown,
                        Params::new().text("bloc", name.clone()),
                    )
                    .file(bloc.file.clone()),
                );
                unknown.push((key, used(None, name, bloc)));
            }
        }
    }

    let mut blocs: Vec<BlocResult> = Vec::new();
    for (i, slot) in expected.into_iter().enumerate() {
        match slot {
            Some(u) => blocs.push(u.result),
            None => {
                let b = &province.blocs[i];
                issues.push(Issue::new(
                    Code::ProvinceBlocMissing,
                    Params::new()
                        .text("bloc", b.name.clone())
                        .text("id", b.id.clone()),
                ));
                blocs.push(BlocResult {
                    id: Some(b.id.clone()),
                    name: b.name.clone(),
                    status: BlocStatus::Missing,
                    kind: None,
                    file: None,
                    sheet: None,
                    date: None,
                    year: None,
                    units: Vec::new(),
                });
            }
        }
    }
    blocs.extend(unknown.into_iter().map(|(_, u)| u.result));

    for bloc in blocs.iter().filter(|b| b.status == BlocStatus::Ok) {
        let at = |i: Issue| located(i, bloc, None);
        if let Some(year) = bloc.year
            && year != province.year
        {
            issues.push(at(Issue::new(
                Code::ProvinceBlocYear,
                Params::new()
                    .text("bloc", bloc.name.clone())
                    .int("year", year)
                    .int("expected", province.year),
            )));
        }
        if let (Some(deadline), Some(date)) = (&province.deadline, &bloc.date)
            && date.get(..10).is_some_and(|d| d > deadline.as_str())
        {
            issues.push(at(Issue::new(
                Code::ProvinceBlocLate,
                Params::new()
                    .text("bloc", bloc.name.clone())
                    .text("date", date.clone())
                    .text("deadline", day_month_year(deadline)),
            )));
        }
    }

    let units_read: usize = blocs
        .iter()
        .filter(|b| b.status == BlocStatus::Ok)
        .map(|b| b.units.len())
        .sum();
    let (proposals, awards) = proposals(province, &blocs, units_read, &mut issues);
    issue::sort(&mut issues);
    ProvinceReport {
        province: ProvinceInfo {
            name: province.name.clone(),
            year: province.year,
            deadline: province.deadline.clone(),
            awards,
            units: units_read,
        },
        blocs,
        proposals,
        issues,
        sources,
    }
}

/// "2026-01-15" as Vietnamese documents write a date: "15/01/2026".
fn day_month_year(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

fn used(id: Option<String>, name: String, bloc: BlocRead) -> Used {
    Used {
        result: BlocResult {
            id,
            name,
            status: BlocStatus::Ok,
            kind: Some(bloc.kind),
            file: Some(bloc.file),
            sheet: bloc.sheet,
            date: bloc.date,
            year: bloc.year,
            units: bloc.units,
        },
    }
}

fn twice(name: &str, first: &Used, bloc: &BlocRead) -> Issue {
    Issue::new(
        Code::ProvinceBlocTwice,
        Params::new()
            .text("bloc", name.to_string())
            .text("other", first.result.file.clone().unwrap_or_default()),
    )
    .file(bloc.file.clone())
}

/// `issue` placed at the bloc's file and sheet, and at `cell` if given.
fn located(issue: Issue, bloc: &BlocResult, cell: Option<&str>) -> Issue {
    let mut issue = match &bloc.file {
        Some(f) => issue.file(f.clone()),
        None => issue,
    };
    if let Some(s) = &bloc.sheet {
        issue = issue.sheet(s.clone());
        if let Some(c) = cell {
            issue = issue.cell(c.to_string());
        }
    }
    issue
}

/// Every proposal of the blocs used, checked, in the council's order; and
/// each award's provincial limit.
fn proposals(
    province: &Province,
    blocs: &[BlocResult],
    units_read: usize,
    issues: &mut Vec<Issue>,
) -> (Vec<Proposal>, Vec<AwardLimit>) {
    // (award order, bloc order, proposal, bloc)
    let mut list: Vec<(usize, usize, Proposal, &BlocResult, &BlocUnit)> = Vec::new();
    let mut other_awards: Vec<(String, String)> = Vec::new(); // (key, name as first written)
    for (b, bloc) in blocs.iter().enumerate() {
        if bloc.status != BlocStatus::Ok {
            continue;
        }
        for unit in &bloc.units {
            let Some(award) = unit.award.as_deref() else {
                continue;
            };
            let (order, name) = match province.award_named(award) {
                Some(a) => (a, province.awards[a].name.clone()),
                None => {
                    let key = text::key(award);
                    let at = match other_awards.iter().position(|(k, _)| *k == key) {
                        Some(at) => at,
                        None => {
                            other_awards.push((key, award.to_string()));
                            other_awards.len() - 1
                        }
                    };
                    (province.awards.len() + at, other_awards[at].1.clone())
                }
            };
            let p = Proposal {
                award: name,
                unit: unit.name.clone(),
                bloc: bloc.name.clone(),
                bloc_id: bloc.id.clone(),
                total: unit.total,
                rank: unit.rank,
                file: bloc.file.clone(),
                sheet: bloc.sheet.clone(),
                cell: bloc.sheet.as_ref().and(unit.cell.clone()),
                findings: Vec::new(),
            };
            list.push((order, b, p, bloc, unit));
        }
    }
    list.sort_by(|a, b| {
        (a.0, a.1, a.2.rank.unwrap_or(u32::MAX), text::key(&a.2.unit)).cmp(&(
            b.0,
            b.1,
            b.2.rank.unwrap_or(u32::MAX),
            text::key(&b.2.unit),
        ))
    });

    let mut found: Vec<Vec<Code>> = vec![Vec::new(); list.len()];
    // Per proposal: an unknown award, an ineligible unit, not the leader.
    for (i, (order, _, p, bloc, unit)) in list.iter().enumerate() {
        let base = || {
            Params::new()
                .text("bloc", bloc.name.clone())
                .text("unit", p.unit.clone())
                .text("award", p.award.clone())
        };
        let mut say = |code: Code, params: Params| {
            issues.push(located(
                Issue::new(code, params),
                bloc,
                unit.cell.as_deref(),
            ));
            found[i].push(code);
        };
        if *order >= province.awards.len() {
            say(Code::ProvinceAwardUnknown, base());
            continue;
        }
        if unit.disqualified || unit.rank.is_none() {
            let case = if unit.disqualified {
                "disqualified"
            } else {
                "unranked"
            };
            say(Code::ProvinceProposedIneligible, base().text("case", case));
        }
        if let (Some(top), Some(rank)) = (province.awards[*order].top, unit.rank)
            && rank > top
        {
            say(
                Code::ProvinceNotLeader,
                base().int("rank", rank).int("top", top),
            );
        }
    }
    // Per bloc and award: over the bloc's quota.
    let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, (order, b, ..)) in list.iter().enumerate() {
        if *order < province.awards.len() {
            groups.entry((*b, *order)).or_default().push(i);
        }
    }
    for ((_, order), members) in &groups {
        let quota = &province.awards[*order];
        let Some(max) = quota.max_per_bloc else {
            continue;
        };
        if members.len() as u32 <= max {
            continue;
        }
        let bloc = list[members[0]].3;
        let names: Vec<String> = members.iter().map(|&i| list[i].2.unit.clone()).collect();
        issues.push(located(
            Issue::new(
                Code::ProvinceOverBlocQuota,
                Params::new()
                    .text("bloc", bloc.name.clone())
                    .text("award", quota.name.clone())
                    .int("count", members.len())
                    .texts("units", names)
                    .int("max", max),
            ),
            bloc,
            None,
        ));
        for &i in members {
            found[i].push(Code::ProvinceOverBlocQuota);
        }
    }
    // Per award: over the provincial total.
    let mut awards = Vec::new();
    for (order, quota) in province.awards.iter().enumerate() {
        let members: Vec<usize> = (0..list.len()).filter(|&i| list[i].0 == order).collect();
        let limit = quota.provincial_limit(units_read);
        if let Some(limit) = limit
            && members.len() > limit
        {
            issues.push(Issue::new(
                Code::ProvinceOverTotal,
                Params::new()
                    .text("award", quota.name.clone())
                    .int("count", members.len())
                    .int("limit", limit)
                    .int("units", units_read),
            ));
            for &i in &members {
                found[i].push(Code::ProvinceOverTotal);
            }
        }
        awards.push(AwardLimit {
            name: quota.name.clone(),
            limit,
            proposed: members.len(),
        });
    }
    // Per unit: proposed by two blocs.
    let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, _, p, ..)) in list.iter().enumerate() {
        by_unit.entry(text::key(&p.unit)).or_default().push(i);
    }
    for members in by_unit.values() {
        let mut blocs_of: Vec<usize> = members.iter().map(|&i| list[i].1).collect();
        blocs_of.sort_unstable();
        blocs_of.dedup();
        if blocs_of.len() < 2 {
            continue;
        }
        for &i in members {
            let (_, b, p, bloc, unit) = &list[i];
            let mut others: Vec<String> = members
                .iter()
                .filter(|&&j| list[j].1 != *b)
                .map(|&j| list[j].3.name.clone())
                .collect();
            others.dedup();
            issues.push(located(
                Issue::new(
                    Code::ProvinceProposedTwice,
                    Params::new()
                        .text("unit", p.unit.clone())
                        .text("award", p.award.clone())
                        .text("bloc", bloc.name.clone())
                        .texts("others", others),
                ),
                bloc,
                unit.cell.as_deref(),
            ));
            found[i].push(Code::ProvinceProposedTwice);
        }
    }
    let proposals = list
        .into_iter()
        .zip(found)
        .map(|((_, _, mut p, _, _), mut codes)| {
            codes.sort();
            codes.dedup();
            p.findings = codes.into_iter().map(|c| c.as_str().to_string()).collect();
            p.findings.sort();
            p
        })
        .collect();
    (proposals, awards)
}

#[cfg(test)]
mod tests {
    use super::super::table::{Row, Table};
    use super::*;

    fn unit(name: &str, total: i64, rank: u32, award: Option<&str>) -> BlocUnit {
        BlocUnit {
            name: name.into(),
            total: Some(Score::from_int(total)),
            rank: Some(rank),
            award: award.map(str::to_string),
            disqualified: false,
            cell: None,
        }
    }

    fn row(r: u32, name: &str, total: Option<i64>, rank: u32, award: Option<&str>) -> Row {
        Row {
            row: r,
            name: name.into(),
            total: total.map(Score::from_int),
            total_unknown: total.is_none(),
            rank: Some(rank),
            award: award.map(str::to_string),
            disqualified: false,
            name_cell: format!("B{}", r + 1),
            total_cell: Some(format!("G{}", r + 1)),
            rank_cell: Some(format!("H{}", r + 1)),
            award_cell: Some(format!("I{}", r + 1)),
        }
    }

    /// Every kind of edit is found at its cell; a total whose formula
    /// result was not saved is the report's, not an edit; names compare
    /// through the matching keys.
    #[test]
    fn the_visible_table_is_compared_with_the_report() {
        let embedded = vec![
            unit("Sở Y tế", 98, 1, Some("Cờ thi đua của Chính phủ")),
            unit("Sở Tư pháp", 95, 2, None),
            unit("Sở Nội vụ", 90, 3, None),
            unit("Sở Tài chính", 85, 4, None),
        ];
        let table = Table {
            header: 7,
            rows: vec![
                row(8, "SỞ Y TẾ", Some(99), 1, Some("Cờ thi đua của Chính phủ")),
                row(9, "Sở Tư pháp", None, 3, None),
                row(10, "Sở Nội vụ", Some(90), 3, Some("Bằng khen")),
                row(11, "Sở Xây dựng", Some(80), 5, None),
            ],
        };
        let (units, edits) = compare_visible(&embedded, &table);
        let kinds: Vec<(&str, &str, Option<&str>)> = edits
            .iter()
            .map(|(what, unit, _, _, cell)| (*what, unit.as_str(), cell.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("total", "SỞ Y TẾ", Some("G9")),
                ("rank", "Sở Tư pháp", Some("H10")),
                ("award", "Sở Nội vụ", Some("I11")),
                ("added", "Sở Xây dựng", Some("B12")),
                ("removed", "Sở Tài chính", None),
            ]
        );
        assert_eq!(edits[0].2, "99");
        assert_eq!(edits[0].3, "98");
        // The table as shown, the report's names and unknown totals kept.
        assert_eq!(units[0].name, "Sở Y tế");
        assert_eq!(units[0].total, Some(Score::from_int(99)));
        assert_eq!(units[1].total, Some(Score::from_int(95)));
        assert_eq!(units[2].award.as_deref(), Some("Bằng khen"));
        assert_eq!(units.len(), 5);
    }
}
