//! Criteria as listed (danh mục tiêu chí): titles edited beyond spelling,
//! and criteria of the rules the table does not have.
//!
//! Part of `check`; depends on `rules`, `text`, `issue`; never on
//! calamine, the writer or the CLI.

use super::mapping::Aligned;
use super::table::Table;
use super::{Ctx, Submission};
use crate::issue::{Code, Params, Severity};
use crate::rules::Kind;

impl crate::rules::Criterion {
    /// Whether a sheet's title for this criterion was edited beyond case,
    /// spacing, punctuation and tone placement.
    fn title_key_differs(&self, sheet_title: &str, key: &str) -> bool {
        !sheet_title.is_empty() && key != self.title_key
    }
}

/// Rows matched to a criterion whose title was edited: one note per sheet,
/// listing them, rather than one per row.
pub(super) fn check_titles(ctx: &Ctx, table: &Table, aligned: &Aligned, sub: &mut Submission) {
    let edited: Vec<(usize, u32, &str)> = table
        .rows
        .iter()
        .zip(&aligned.crit)
        .enumerate()
        .filter(|(i, _)| !aligned.merged.contains_key(i))
        .filter_map(|(i, (row, c))| c.map(|c| (c, row, &aligned.title_keys[i])))
        .filter(|(c, row, (title_key, condition_key))| {
            let crit = &ctx.rules.criteria[*c];
            crit.title_key_differs(&row.title, title_key)
                && row.condition.as_ref().is_none_or(|f| {
                    crit.title_key_differs(&f.title, condition_key.as_deref().unwrap_or(""))
                })
        })
        .map(|(c, row, _)| (c, row))
        .map(|(c, row)| (c, row.row, row.title_cell.as_str()))
        .collect();
    let Some(&(first, first_row, first_cell)) = edited.first() else {
        return;
    };
    let params = Params::new().int("count", edited.len());
    let params = if edited.len() == 1 {
        params
            .int("row", first_row + 1)
            .text(
                "text",
                table
                    .rows
                    .iter()
                    .find(|r| r.row == first_row)
                    .map_or(String::new(), |r| super::quoted(&r.title)),
            )
            .text("title", ctx.rules.criteria[first].title.as_str())
            .text("criterion", ctx.rules.criteria[first].code.as_str())
    } else {
        params.records(
            "rows",
            edited.iter().map(|&(c, r, _)| {
                Params::new()
                    .text("criterion", ctx.rules.criteria[c].code.as_str())
                    .int("row", r + 1)
            }),
        )
    };
    let mut issue = ctx.issue(Code::TitleChanged, Some(first_cell.to_string()), params);
    if edited.len() == 1 {
        issue.criterion = Some(ctx.rules.criteria[first].code.clone());
    }
    sub.issues.push(issue);
}

/// Rows placed by their title and maximum although their label names
/// another criterion, or standing out of order: one note per sheet.
pub(super) fn check_renumbered(ctx: &Ctx, table: &Table, aligned: &Aligned, sub: &mut Submission) {
    let moved: Vec<Params> = aligned
        .renumbered
        .iter()
        .filter_map(|&i| {
            let row = &table.rows[i];
            let c = &ctx.rules.criteria[aligned.crit[i]?];
            let params = Params::new().int("row", row.row + 1);
            let params = if row.label.is_empty() {
                params
            } else {
                params.text("label", row.label.as_str())
            };
            Some(params.text("criterion", c.code.as_str()))
        })
        .collect();
    let Some(&first) = aligned.renumbered.first() else {
        return;
    };
    sub.issues.push(ctx.issue(
        Code::RowRenumbered,
        Some(table.rows[first].title_cell.clone()),
        Params::new().records("rows", moved),
    ));
}

/// Criteria with no row in the table.
pub(super) fn check_missing(ctx: &Ctx, sub: &mut Submission) {
    let rules = ctx.rules;
    let present: Vec<bool> = (0..rules.criteria.len())
        .map(|i| sub.entries.contains_key(&i))
        .collect();
    // A criterion counts as present when it or any descendant has a row.
    let mut covered = present.clone();
    for i in (0..rules.criteria.len()).rev() {
        if covered[i]
            && let Some(p) = rules.criteria[i].parent
        {
            covered[p] = true;
        }
    }
    for (i, c) in rules.criteria.iter().enumerate() {
        if covered[i] || c.parent.is_some_and(|p| !covered[p]) {
            continue; // present, or reported through its missing parent
        }
        // Where the row should have been: after the previous criterion's row.
        let after = (0..i)
            .rev()
            .find_map(|k| sub.entries.get(&k).map(|e| e.row));
        let severity = if c.kind == Kind::Score {
            Severity::Error
        } else {
            Severity::Warning
        };
        let kind = match c.kind {
            Kind::Score => "score",
            Kind::Bonus => "bonus",
            Kind::Deduction => "deduction",
            Kind::Disqualifier => "disqualifier",
        };
        let params = ctx.named(i);
        let params = match after {
            Some(r) => params.int("after", r + 1),
            None => params,
        };
        sub.issues.push(
            ctx.crit_issue(Code::MissingCriterion, i, None, params.text("kind", kind))
                .severity(severity),
        );
    }
}
