//! Criterion rows (dòng tiêu chí): the maximum, self-score and reviewed
//! cells of each row matched to a criterion, disqualifier answers, and rows
//! that match no criterion.
//!
//! Part of `check`; depends on its values and table readers, `rules`,
//! `issue`; never on calamine, the writer or the CLI.

use super::figures;
use super::mapping::Aligned;
use super::table::{self, Row, RowKind, Table};
use super::values::{self, ScoreReading, read_score};
use super::{Ctx, Entry, Submission};
use crate::issue::{Code, Params};
use crate::rules::Kind;

/// Read every matched row; rows with a score that match no criterion are
/// reported.
pub(super) fn check_rows(ctx: &Ctx, table: &Table, aligned: &Aligned, sub: &mut Submission) {
    let result_col = figures::result_column(&table.columns.kept);
    for (i, (row, crit)) in table.rows.iter().zip(&aligned.crit).enumerate() {
        match (crit, aligned.merged.get(&i)) {
            (Some(c), Some(group)) => {
                if !ctx.rules.criteria[*c].is_leaf() {
                    // The parent's own row: its stated value is checked
                    // against the leaves below, as for any parent.
                    let entry = check_row(ctx, row, *c, result_col, sub);
                    sub.entries.insert(*c, entry);
                }
                check_group(ctx, row, group, sub);
            }
            (Some(c), None) => {
                let entry = check_row(ctx, row, *c, result_col, sub);
                sub.entries.insert(*c, entry);
            }
            (None, _)
                if row.kind == RowKind::Item
                    && row.has_score()
                    && !super::sums::is_summary_row(ctx.rules, table, aligned, i) =>
            {
                let mut params = Params::new().int("row", row.row + 1);
                if !row.label.is_empty() {
                    params = params.text("label", row.label.as_str());
                }
                sub.issues.push(ctx.issue(
                    Code::UnknownCriterion,
                    Some(row.self_score.cell.a1()),
                    params.text("text", super::quoted(&row.title)),
                ));
            }
            (None, _) => {}
        }
    }
}

/// A row scored for several leaves at once: the value is read once,
/// checked against the sum of their maxima and counted for the first; the
/// others count 0 and are marked as scored with it.
fn check_group(ctx: &Ctx, row: &Row, group: &[usize], sub: &mut Submission) {
    let Some(&first) = group.first() else {
        return;
    };
    let base = Entry {
        row: row.row,
        self_cell: row.self_score.cell,
        sheet: ctx.sheet_name.clone(),
        reviewed_cell: row.reviewed.as_ref().map(|r| r.cell),
        group: group.to_vec(),
        notes: row.notes.clone(),
        ..Entry::default()
    };
    let mut entry = base.clone();
    let (value, counted) =
        values::check_leaf(ctx, first, group, &row.self_score, false, &mut sub.issues);
    entry.self_value = value;
    entry.self_counted = counted;
    if let Some(rev) = &row.reviewed
        && !rev.is_empty()
    {
        let (value, counted) = values::check_leaf(ctx, first, group, rev, true, &mut sub.issues);
        entry.reviewed_value = value;
        entry.reviewed_counted = Some(counted);
    }
    let reviewed_zero = entry.reviewed_counted.map(|_| crate::score::Score::ZERO);
    let max: crate::score::Score = group
        .iter()
        .filter_map(|&k| ctx.rules.criteria[k].max)
        .sum();
    sub.issues.push(
        ctx.crit_issue(Code::CriteriaMerged, first, Some(entry.self_cell), {
            let params = Params::new().int("row", row.row + 1);
            let params = match value {
                Some(v) => params.points("value", v.milli()),
                None => params,
            };
            params
                .texts(
                    "group",
                    group.iter().map(|&k| ctx.rules.criteria[k].code.as_str()),
                )
                .points("max", max.milli())
        }),
    );
    sub.entries.insert(first, entry);
    for &k in &group[1..] {
        let mut other = base.clone();
        other.reviewed_counted = reviewed_zero;
        other.notes.clear(); // told once, on the first
        sub.entries.insert(k, other);
    }
}

/// Read and check the max, self and reviewed cells of a criterion row.
fn check_row(
    ctx: &Ctx,
    row: &Row,
    crit: usize,
    result_col: Option<u32>,
    sub: &mut Submission,
) -> Entry {
    let c = &ctx.rules.criteria[crit];
    let mut entry = Entry {
        row: row.row,
        self_cell: row.self_score.cell,
        sheet: ctx.sheet_name.clone(),
        reviewed_cell: row.reviewed.as_ref().map(|r| r.cell),
        notes: row.notes.clone(),
        ..Entry::default()
    };
    if c.kind == Kind::Disqualifier {
        check_disqualifier(ctx, row, crit, sub);
        return entry;
    }
    // The max column, where the sheet has one (a number, or "19,5 điểm").
    if let (Some(max_cell), Some(rule_max), Some(m)) = (&row.max, c.max, row.stated_max)
        && !max_cell.is_empty()
        && m != rule_max
        && matches!(read_score(&max_cell.value), ScoreReading::Number(_))
    {
        sub.issues.push(
            ctx.crit_issue(
                Code::MaxChanged,
                crit,
                Some(max_cell.cell),
                ctx.named(crit)
                    .points("stated", m.milli())
                    .points("max", rule_max.milli()),
            ),
        );
    }
    if !c.is_leaf() {
        // Parents are computed from children; a stated value is only checked.
        if let ScoreReading::Number(v) = read_score(&row.self_score.value) {
            entry.self_value = Some(if c.kind == Kind::Deduction {
                v.abs()
            } else {
                v
            });
        }
        return entry;
    }
    if c.measure.is_some() {
        // Scored at consolidation, from every unit's figure.
        figures::check_figure(ctx, row, crit, result_col, &mut entry, &mut sub.issues);
        return entry;
    }
    let (value, counted) =
        values::check_leaf(ctx, crit, &[], &row.self_score, false, &mut sub.issues);
    entry.self_value = value;
    entry.self_counted = counted;
    if let Some(rev) = &row.reviewed
        && !rev.is_empty()
    {
        let (value, counted) = values::check_leaf(ctx, crit, &[], rev, true, &mut sub.issues);
        entry.reviewed_value = value;
        entry.reviewed_counted = Some(counted);
    }
    entry
}

/// A disqualifier line (trường hợp không xét): the bloc's answer in the
/// reviewed column, where it wrote one it can read, overrides the unit's.
fn check_disqualifier(ctx: &Ctx, row: &Row, crit: usize, sub: &mut Submission) {
    let not_understood = |cell: &table::CellRef| {
        ctx.crit_issue(
            Code::DisqualifierNotUnderstood,
            crit,
            Some(cell.cell),
            ctx.named(crit)
                .text("cell", cell.cell.a1())
                .text("text", super::quoted(&values::shown(&cell.value))),
        )
    };
    let own = values::read_yes_no(&row.self_score.value);
    let bloc = row.reviewed.as_ref().filter(|r| !r.is_empty());
    let (answer, cell, by_bloc) = match bloc.map(|r| (r, values::read_yes_no(&r.value))) {
        Some((r, Some(v))) => (Some(v), r, true),
        Some((r, None)) => {
            sub.issues.push(not_understood(r));
            (own, &row.self_score, false)
        }
        None => (own, &row.self_score, false),
    };
    match answer {
        Some(true) => {
            sub.disqualified_by.push(crit);
            sub.issues.push(
                ctx.crit_issue(
                    Code::Disqualified,
                    crit,
                    Some(cell.cell),
                    Params::new()
                        .text("title", ctx.rules.criteria[crit].title.as_str())
                        .flag("reviewed", by_bloc),
                ),
            );
        }
        Some(false) => {}
        None => sub.issues.push(not_understood(&row.self_score)),
    }
}
