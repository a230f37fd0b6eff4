//! Ranking (xếp hạng): competition ranking on the total, then the bloc's
//! tie-break criteria; units still equal share a rank and are told so.
//!
//! Depends on `rules`, `report`, `issue`.

use super::select::Scored;
use crate::issue::{Code, Issue, Params};
use crate::report::UnitResult;
use crate::rules::Rules;
use crate::score::Score;

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
pub(super) fn rank(
    rules: &Rules,
    scored: &[Scored],
    results: &mut [UnitResult],
    issues: &mut Vec<Issue>,
) {
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
            // One finding per unit of the tie, all with the same list.
            let tie = Issue::new(
                Code::TieInRanking,
                Params::new()
                    .points("total", order[position].0[0].milli())
                    .texts("units", group.iter().map(|&v| rules.units[v].name.as_str()))
                    .int("rank", position + 1),
            );
            for &u in &group {
                issues.push(tie.clone().unit(&rules.units[u].id));
            }
        }
        position = end;
    }
}
