//! Criterion rows (dòng tiêu chí): the maximum, self-score and reviewed
//! cells of each row matched to a criterion, disqualifier answers, and rows
//! that match no criterion.
//!
//! Part of `check`; depends on its values and table readers, `rules`,
//! `issue`; never on calamine, the writer or the CLI.

use super::table::{self, Row, RowKind, Table};
use super::values::{self, Reading, read_score};
use super::{Ctx, Entry, Submission};
use crate::issue::Code;
use crate::rules::Kind;

/// Read every matched row; rows matching no criterion are reported.
pub(super) fn check_rows(
    ctx: &Ctx,
    table: &Table,
    aligned: &[Option<usize>],
    sub: &mut Submission,
) {
    for (row, crit) in table.rows.iter().zip(aligned) {
        match crit {
            Some(c) => {
                let entry = check_row(ctx, row, *c, sub);
                sub.entries.insert(*c, entry);
            }
            None if row.kind == RowKind::Item
                && (!row.label.is_empty() || !row.self_score.is_empty()) =>
            {
                sub.issues.push(ctx.issue(
                    Code::UnknownCriterion,
                    Some(row.self_score.cell.clone()),
                    format!(
                        "Dòng {} (\"{}{}\") không khớp tiêu chí nào của khối nên không được tính điểm. Đề nghị đơn vị dùng đúng danh mục tiêu chí của khối; nếu đây là tiêu chí đã đổi tên, hãy giữ đúng số thứ tự và nội dung như quy định.",
                        row.row + 1,
                        if row.label.is_empty() { String::new() } else { format!("{} ", row.label) },
                        row.title
                    ),
                ));
            }
            None => {}
        }
    }
}

/// Read and check the max, self and reviewed cells of a criterion row.
fn check_row(ctx: &Ctx, row: &Row, crit: usize, sub: &mut Submission) -> Entry {
    let c = &ctx.rules.criteria[crit];
    let mut entry = Entry {
        row: row.row,
        self_cell: row.self_score.cell.clone(),
        reviewed_cell: row.reviewed.as_ref().map(|r| r.cell.clone()),
        ..Entry::default()
    };
    if c.kind == Kind::Disqualifier {
        check_disqualifier(ctx, row, crit, sub);
        return entry;
    }
    // The max column, where the sheet has one.
    if let (Some(max_cell), Some(rule_max)) = (&row.max, c.max)
        && let Reading::Number(m) = read_score(&max_cell.value)
        && m != rule_max
    {
        sub.issues.push(ctx.crit_issue(
            Code::MaxChanged,
            crit,
            Some(&max_cell.cell),
            format!(
                "Điểm chuẩn của {} ghi {} nhưng quy định của khối là {}. Điểm được chấm theo điểm chuẩn {}; đề nghị đơn vị sửa lại cho đúng mẫu.",
                ctx.name(crit),
                m,
                rule_max,
                rule_max
            ),
        ));
    }
    if !c.is_leaf() {
        // Parents are computed from children; a stated value is only checked.
        if let Reading::Number(v) = read_score(&row.self_score.value) {
            entry.self_value = Some(if c.kind == Kind::Deduction {
                v.abs()
            } else {
                v
            });
        }
        return entry;
    }
    let (value, counted) = values::check_leaf(ctx, crit, &row.self_score, false, &mut sub.issues);
    entry.self_value = value;
    entry.self_counted = counted;
    if let Some(rev) = &row.reviewed
        && !rev.is_empty()
    {
        let (value, counted) = values::check_leaf(ctx, crit, rev, true, &mut sub.issues);
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
            Some(&cell.cell),
            format!(
                "Ô {} của {} ghi \"{}\": không rõ có hay không. Đề nghị ghi \"Có\" nếu đơn vị thuộc trường hợp này, \"Không\" hoặc để trống nếu không.",
                cell.cell,
                ctx.name(crit),
                values::shown(&cell.value)
            ),
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
            let who = if by_bloc {
                "Khối đánh dấu đơn vị"
            } else {
                "Đơn vị đánh dấu"
            };
            sub.issues.push(ctx.crit_issue(
                Code::Disqualified,
                crit,
                Some(&cell.cell),
                format!(
                    "{who} thuộc trường hợp không xét khen thưởng: \"{}\". Đơn vị vẫn được tính điểm và xếp hạng nhưng không được đề nghị khen thưởng.",
                    ctx.rules.criteria[crit].title
                ),
            ));
        }
        Some(false) => {}
        None => sub.issues.push(not_understood(&row.self_score)),
    }
}
