//! Stated subtotals and totals (tổng mục, tổng điểm) checked against the
//! values they should add up to.
//!
//! Part of `check`; depends on `tally`, `rules`, `score`, `issue`; never on
//! calamine, the writer or the CLI.

use super::table::{Row, RowKind, Table};
use super::values::{Reading, read_score};
use super::{Ctx, Submission, tally};
use crate::issue::Code;
use crate::rules::Kind;
use crate::score::Score;
use crate::text;

/// Stated subtotals and totals against the values they should add up to.
pub(super) fn check_sums(
    ctx: &Ctx,
    table: &Table,
    aligned: &[Option<usize>],
    sub: &mut Submission,
) {
    let rules = ctx.rules;
    let submitted = tally::tally(rules, |i| {
        sub.entries
            .get(&i)
            .and_then(|e| e.self_value)
            .or(Some(Score::ZERO))
    });
    let counted = tally::tally(rules, |i| Some(sub.self_counted(i)));
    // Section and item subtotals stated on the parent's own row.
    for (&i, e) in &sub.entries {
        let c = &rules.criteria[i];
        if c.is_leaf() || c.kind == Kind::Disqualifier {
            continue;
        }
        let Some(stated) = e.self_value else { continue };
        let children_sum: Score = c.children.iter().filter_map(|&k| submitted.values[k]).sum();
        let acceptable = [
            children_sum,
            children_sum.min(c.max.unwrap_or(children_sum)),
            counted.values[i].unwrap_or_default(),
        ];
        if !acceptable.contains(&stated) {
            let cell = crate::issue::a1(e.row, table.self_score);
            sub.issues.push(ctx.crit_issue(
                Code::SectionSumMismatch,
                i,
                Some(&cell),
                format!(
                    "Ô {cell} ghi tổng {} là {stated} nhưng các tiêu chí con cộng lại {children_sum}. Điểm của mục được tính lại từ các tiêu chí con; đề nghị đơn vị sửa phép cộng.",
                    ctx.name(i)
                ),
            ));
        }
    }
    // The unit's own arithmetic on the subtotals it wrote: a total that
    // adds up the stated (even wrong) section subtotals is not flagged again.
    let stated_or = |sec: usize, computed: Score| {
        sub.entries
            .get(&sec)
            .and_then(|e| e.self_value)
            .unwrap_or(computed)
    };
    let mut stated_score_sum = Score::ZERO;
    let (mut stated_bonus, mut stated_deduction) = (Score::ZERO, Score::ZERO);
    for sec in rules.sections() {
        let computed = submitted.values[sec].unwrap_or_default();
        match rules.criteria[sec].kind {
            Kind::Score => stated_score_sum += stated_or(sec, computed),
            Kind::Bonus => stated_bonus += stated_or(sec, computed),
            Kind::Deduction => stated_deduction += stated_or(sec, computed),
            Kind::Disqualifier => {}
        }
    }
    let stated_basis = [
        stated_score_sum,
        stated_score_sum + stated_bonus - stated_deduction,
    ];
    // Total lines: the last one is the grand total; others may be any subtotal.
    let total_rows: Vec<&Row> = table
        .rows
        .iter()
        .zip(aligned)
        .filter(|(r, a)| a.is_none() && r.kind == RowKind::Total)
        .map(|(r, _)| r)
        .collect();
    let mut any_section: Vec<Score> = rules.sections().filter_map(|s| counted.values[s]).collect();
    any_section.extend(rules.sections().filter_map(|s| submitted.values[s]));
    for (k, row) in total_rows.iter().enumerate() {
        let Reading::Number(stated) = read_score(&row.self_score.value) else {
            continue;
        };
        let stated_abs = stated.abs();
        let mut acceptable = vec![
            submitted.score_sum,
            counted.score_sum,
            submitted.total,
            counted.total,
        ];
        acceptable.extend(stated_basis.iter().copied());
        let folded = text::fold(&row.title);
        let is_last = k + 1 == total_rows.len();
        if folded.contains("thuong") {
            acceptable = vec![submitted.bonus_raw, submitted.bonus, counted.bonus];
        } else if folded.contains("tru") {
            acceptable = vec![
                submitted.deduction_raw,
                submitted.deduction,
                counted.deduction,
            ];
        } else if !is_last {
            acceptable.extend(any_section.iter().copied());
        }
        if !acceptable.contains(&stated_abs) && !acceptable.contains(&stated) {
            let expected = if folded.contains("thuong") {
                counted.bonus
            } else if folded.contains("tru") {
                counted.deduction
            } else if is_last {
                counted.total
            } else {
                counted.score_sum
            };
            sub.issues.push(ctx.issue(
                Code::TotalMismatch,
                Some(row.self_score.cell.clone()),
                format!(
                    "Dòng \"{}\" ghi {stated} nhưng cộng từ các tiêu chí được {expected}. Tổng điểm được tính lại từ các tiêu chí; đề nghị đơn vị sửa phép cộng.",
                    row.title
                ),
            ));
        }
    }
    // Caps on bonus and deduction sections.
    for s in rules.sections() {
        let c = &rules.criteria[s];
        let (code, what) = match c.kind {
            Kind::Bonus => (Code::BonusOverCap, "Điểm thưởng"),
            Kind::Deduction => (Code::DeductionOverCap, "Điểm trừ"),
            _ => continue,
        };
        let (Some(v), Some(cap)) = (counted.values[s], c.max) else {
            continue;
        };
        if v > cap {
            let cell = sub
                .entries
                .get(&s)
                .map(|e| crate::issue::a1(e.row, table.self_score));
            sub.issues.push(ctx.crit_issue(
                code,
                s,
                cell.as_deref(),
                format!(
                    "{what} của mục {} cộng lại {v}, vượt mức tối đa {cap}; chỉ tính {cap} điểm.",
                    c.code
                ),
            ));
        }
    }
}
