//! Award proposals (đề nghị khen thưởng): each award in order of
//! precedence, to the best-ranked eligible units within its quota; a tie
//! across the cut-off is left to the bloc's vote; a unit an award's
//! conditions over past years bar (see `past`) gives its place to the next.
//!
//! Depends on `rules`, `report`, `history`, `issue`.

use super::past::barred;
use super::select::Scored;
use crate::history::History;
use crate::issue::{Code, Issue, Params};
use crate::report::UnitResult;
use crate::rules::{Quota, Rules};
use std::cmp::Ordering;

/// Award proposals in order of precedence.
pub(super) fn award(
    rules: &Rules,
    scored: &[Scored],
    results: &mut [UnitResult],
    issues: &mut Vec<Issue>,
    history: Option<&History>,
) {
    let mut ranked: Vec<&Scored> = scored.iter().collect();
    ranked.sort_by(|a, b| match (results[a.unit].rank, results[b.unit].rank) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.unit.cmp(&b.unit)),
        _ => Ordering::Equal,
    });
    for aw in &rules.awards {
        let barred = barred(rules, aw, history, issues);
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
            if let Some(issue) = &barred[s.unit] {
                if eligible.len() < quota {
                    let note = issue.message.to_string();
                    results[s.unit].detail.award_notes.push(note);
                    issues.push(issue.clone());
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
            let left = quota - take;
            for &u in &group {
                let params = Params::new()
                    .text("award", aw.name.as_str())
                    .texts("units", group.iter().map(|&v| rules.units[v].name.as_str()))
                    .int("rank", tied_rank.unwrap_or_default())
                    .int("places", left);
                let issue = Issue::new(Code::TieAtAwardCutoff, params).unit(&rules.units[u].id);
                results[u]
                    .detail
                    .award_notes
                    .push(issue.message.to_string());
                issues.push(issue);
            }
        }
        for &u in &eligible[..take] {
            results[u].award = Some(aw.name.clone());
        }
    }
}
