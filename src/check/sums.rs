//! Stated subtotals and totals (tổng mục, tổng điểm) checked against the
//! values they could be. A summary line's role — a section's subtotal, the
//! sum of the scored sections, the bonus or deduction sum, the grand total
//! — is whichever its number and position agree with, never a word of its
//! title: "TỔNG ĐIỂM (Tổng cộng + Điểm thưởng - Điểm trừ)" is a grand total
//! although it says "thưởng". A mismatch is reported only when no reading
//! agrees, naming the sum the line most likely meant.
//!
//! Part of `check`; depends on `tally`, `rules`, `score`, `issue`; never on
//! calamine, the writer or the CLI.

use super::mapping::Aligned;
use super::table::{Row, RowKind, Table};
use super::values::{ScoreReading, read_score};
use super::{Ctx, Submission, tally};
use crate::issue::{Code, Params};
use crate::rules::{Kind, Rules};
use crate::score::Score;
use crate::text;

/// The unit's sums: from the values it wrote (missing as 0), from what
/// they count for, and from the section subtotals it stated.
struct Sums {
    submitted: tally::Tally,
    counted: tally::Tally,
    /// Sum of the scored sections, each as the unit stated it where it did.
    stated_score_sum: Score,
    stated_bonus: Score,
    stated_deduction: Score,
}

impl Sums {
    fn of(rules: &Rules, sub: &Submission) -> Sums {
        let submitted = tally::tally(rules, |i| {
            sub.entries
                .get(&i)
                .and_then(|e| e.self_value)
                .or(Some(Score::ZERO))
        });
        let counted = tally::tally(rules, |i| Some(sub.self_counted(i)));
        let mut sums = Sums {
            submitted,
            counted,
            stated_score_sum: Score::ZERO,
            stated_bonus: Score::ZERO,
            stated_deduction: Score::ZERO,
        };
        for sec in rules.sections() {
            let stated = sub
                .entries
                .get(&sec)
                .and_then(|e| e.self_value)
                .unwrap_or(sums.submitted.values[sec].unwrap_or_default());
            match rules.criteria[sec].kind {
                Kind::Score => sums.stated_score_sum += stated,
                Kind::Bonus => sums.stated_bonus += stated,
                Kind::Deduction => sums.stated_deduction += stated,
                Kind::Disqualifier => {}
            }
        }
        sums
    }

    /// What a line of `role` may hold.
    fn readings(&self, role: LineRole, rules: &Rules, sub: &Submission) -> Vec<Score> {
        let (s, c) = (&self.submitted, &self.counted);
        match role {
            LineRole::Section(sec) => {
                let mut v = vec![
                    s.values[sec].unwrap_or_default(),
                    c.values[sec].unwrap_or_default(),
                ];
                if let Some(stated) = sub.entries.get(&sec).and_then(|e| e.self_value) {
                    v.push(stated);
                }
                if let Some(max) = rules.criteria[sec].max {
                    v.push(s.values[sec].unwrap_or_default().min(max));
                }
                v
            }
            LineRole::ScoreSum => vec![s.score_sum, c.score_sum, self.stated_score_sum],
            LineRole::Bonus => vec![s.bonus_raw, s.bonus, c.bonus, self.stated_bonus],
            LineRole::Deduction => vec![
                s.deduction_raw,
                s.deduction,
                c.deduction,
                self.stated_deduction,
            ],
            LineRole::Total => vec![
                s.total,
                c.total,
                s.score_sum + s.bonus_raw - s.deduction_raw,
                self.stated_score_sum + self.stated_bonus - self.stated_deduction,
                self.stated_score_sum + s.bonus - s.deduction,
            ],
        }
    }

    /// The value a line of `role` should hold, for messages.
    fn expected(&self, role: LineRole) -> Score {
        let c = &self.counted;
        match role {
            LineRole::Section(sec) => c.values[sec].unwrap_or_default(),
            LineRole::ScoreSum => c.score_sum,
            LineRole::Bonus => c.bonus,
            LineRole::Deduction => c.deduction,
            LineRole::Total => c.total,
        }
    }
}

/// What a summary line adds up.
#[derive(Clone, Copy, Debug, PartialEq)]
enum LineRole {
    /// One top-level section (Cộng mục I).
    Section(usize),
    /// The scored sections together (Tổng cộng I + II + III).
    ScoreSum,
    /// The bonus lines (Điểm thưởng).
    Bonus,
    /// The deduction lines (Điểm trừ), written as an amount or negative.
    Deduction,
    /// Sections + bonus − deductions (Tổng điểm).
    Total,
}

impl LineRole {
    /// The sum, as the `total-mismatch` message names it: `sum`, and the
    /// `section` for a section's.
    fn params(self, rules: &Rules, params: Params) -> Params {
        match self {
            LineRole::Section(s) => params
                .text("sum", "section")
                .text("section", rules.criteria[s].code.as_str()),
            LineRole::ScoreSum => params.text("sum", "score-sum"),
            LineRole::Bonus => params.text("sum", "bonus"),
            LineRole::Deduction => params.text("sum", "deduction"),
            LineRole::Total => params.text("sum", "total"),
        }
    }
}

/// Section and item subtotals stated on the parent's own row, against the
/// rows below it.
pub(super) fn check_sections(ctx: &Ctx, sub: &mut Submission) {
    let rules = ctx.rules;
    let sums = Sums::of(rules, sub);
    let mut found = Vec::new();
    for (&i, e) in &sub.entries {
        let c = &rules.criteria[i];
        if c.is_leaf() || c.kind == Kind::Disqualifier || measured_below(rules, i) {
            // A sum over a criterion scored against the bloc is unknown
            // to the unit: nothing to check it against.
            continue;
        }
        let Some(stated) = e.self_value else { continue };
        let children_sum: Score = c
            .children
            .iter()
            .filter_map(|&k| sums.submitted.values[k])
            .sum();
        let acceptable = [
            children_sum,
            children_sum.min(c.max.unwrap_or(children_sum)),
            sums.counted.values[i].unwrap_or_default(),
        ];
        if !acceptable.contains(&stated) {
            let mut issue = ctx.crit_issue(
                Code::SectionSumMismatch,
                i,
                Some(e.self_cell),
                ctx.named(i)
                    .text("cell", e.self_cell.a1())
                    .points("stated", stated.milli())
                    .points("sum", children_sum.milli()),
            );
            issue.sheet = Some(e.sheet.to_string());
            found.push(issue);
        }
    }
    sub.issues.extend(found);
}

/// The summary lines of one table — unmatched total lines, and unmatched
/// lines below them with a number — against every sum they could be.
pub(super) fn check_totals(ctx: &Ctx, table: &Table, aligned: &Aligned, sub: &mut Submission) {
    let rules = ctx.rules;
    if rules.criteria.iter().any(|c| c.measure.is_some()) {
        // The totals include scores only consolidation computes.
        return;
    }
    let sums = Sums::of(rules, sub);
    let summary: Vec<usize> = (0..table.rows.len())
        .filter(|&i| is_summary_row(rules, table, aligned, i))
        .collect();
    let mut found = Vec::new();
    for (k, &i) in summary.iter().enumerate() {
        let row = &table.rows[i];
        let ScoreReading::Number(stated) = read_score(&row.self_score.value) else {
            continue;
        };
        let near = adjacent_sections(rules, aligned, i);
        let mut roles = vec![LineRole::Total, LineRole::ScoreSum];
        if has_kind(rules, Kind::Bonus) {
            roles.push(LineRole::Bonus);
        }
        if has_kind(rules, Kind::Deduction) {
            roles.push(LineRole::Deduction);
        }
        roles.extend(
            near.iter()
                .filter(|&&s| sums.submitted.values[s].is_some())
                .map(|&s| LineRole::Section(s)),
        );
        let agrees = roles.iter().any(|&role| {
            let values = sums.readings(role, rules, sub);
            values.contains(&stated)
                || (role == LineRole::Deduction && values.contains(&stated.abs()))
        });
        if agrees {
            continue;
        }
        let is_last = k + 1 == summary.len();
        let role = likely_role(rules, row, &near, is_last);
        let expected = sums.expected(role);
        found.push(
            ctx.issue(
                Code::TotalMismatch,
                Some(row.self_score.cell.a1()),
                role.params(
                    rules,
                    Params::new()
                        .text("text", super::quoted(&row.title))
                        .points("stated", stated.milli()),
                )
                .points("expected", expected.milli()),
            ),
        );
    }
    sub.issues.extend(found);
}

/// Whether row `i` is a summary line rather than a criterion: left over by
/// the alignment, and a total line, a line below the first total, or an
/// item whose title names a sum ("Điểm thưởng", "Điểm chấm (mục I)", "Tổng
/// số điểm") or repeats the title of a criterion matched above it — such
/// lines often carry a letter (A, B, C) for "Tổng điểm (A+B-C)".
pub(super) fn is_summary_row(rules: &Rules, table: &Table, aligned: &Aligned, i: usize) -> bool {
    if aligned.crit[i].is_some() {
        return false;
    }
    let row = &table.rows[i];
    match row.kind {
        RowKind::Total | RowKind::Loose => true,
        RowKind::Item => {
            let key = text::key(&row.title);
            names_a_sum(&row.title)
                || aligned.crit[..i].iter().flatten().any(|&c| {
                    !key.is_empty()
                        && text::similarity_of_keys(&key, &rules.criteria[c].title_key) >= 0.8
                })
        }
    }
}

/// Titles that name a sum: "Điểm thưởng", "Điểm cộng", "Điểm trừ",
/// "Điểm chấm …", "Điểm đạt …", "Số điểm …", "Kết quả …", besides the
/// total lines ("Tổng …", "Cộng …").
fn names_a_sum(title: &str) -> bool {
    if super::table::is_total_title(title) {
        return true;
    }
    // Toned keys: "Điểm cộng" (a sum) is not "Điểm công tác".
    let key = text::key(title);
    [
        "Điểm thưởng",
        "Điểm cộng",
        "Điểm trừ",
        "Điểm chấm",
        "Điểm đạt",
        "Số điểm",
        "Kết quả",
    ]
    .iter()
    .map(|p| text::key(p))
    .any(|p| key == p || key.starts_with(&format!("{p} ")))
}

/// Whether a criterion below `i` is scored against the bloc.
fn measured_below(rules: &Rules, i: usize) -> bool {
    rules.criteria[i]
        .children
        .iter()
        .any(|&k| rules.criteria[k].measure.is_some() || measured_below(rules, k))
}

fn has_kind(rules: &Rules, kind: Kind) -> bool {
    rules.sections().any(|s| rules.criteria[s].kind == kind)
}

/// The top-level sections of the nearest matched rows above and below row
/// `i` (a subtotal follows its section, or stands just before it).
fn adjacent_sections(rules: &Rules, aligned: &Aligned, i: usize) -> Vec<usize> {
    let section_of = |mut c: usize| {
        while let Some(p) = rules.criteria[c].parent {
            c = p;
        }
        c
    };
    let above = aligned.crit[..i].iter().rev().flatten().next();
    let below = aligned.crit[i + 1..].iter().flatten().next();
    let mut out: Vec<usize> = above
        .into_iter()
        .chain(below)
        .map(|&c| section_of(c))
        .collect();
    out.dedup();
    out
}

/// The sum a summary line most likely meant, for the message: its title's
/// first words, else its position.
fn likely_role(rules: &Rules, row: &Row, near: &[usize], is_last: bool) -> LineRole {
    let head = text::fold(row.title.split('(').next().unwrap_or(""));
    let section_of_kind = |kind: Kind| near.iter().any(|&s| rules.criteria[s].kind == kind);
    if head.contains("thuong") || (!is_last && section_of_kind(Kind::Bonus)) {
        return LineRole::Bonus;
    }
    if head.contains("tru") || (!is_last && section_of_kind(Kind::Deduction)) {
        return LineRole::Deduction;
    }
    if is_last {
        return LineRole::Total;
    }
    if head.starts_with("cong")
        && let Some(&s) = near.first()
    {
        return LineRole::Section(s);
    }
    LineRole::ScoreSum
}

/// Bonus and deduction sections over their caps.
pub(super) fn check_caps(ctx: &Ctx, sub: &mut Submission) {
    let rules = ctx.rules;
    let counted = tally::tally(rules, |i| Some(sub.self_counted(i)));
    let mut found = Vec::new();
    for s in rules.sections() {
        let c = &rules.criteria[s];
        let code = match c.kind {
            Kind::Bonus => Code::BonusOverCap,
            Kind::Deduction => Code::DeductionOverCap,
            _ => continue,
        };
        let (Some(v), Some(cap)) = (counted.values[s], c.max) else {
            continue;
        };
        if v > cap {
            let entry = sub.entries.get(&s);
            let mut issue = ctx.crit_issue(
                code,
                s,
                entry.map(|e| e.self_cell),
                Params::new()
                    .text("scope", "section")
                    .text("criterion", c.code.as_str())
                    .points("value", v.milli())
                    .points("max", cap.milli()),
            );
            if let Some(e) = entry {
                issue.sheet = Some(e.sheet.to_string());
            }
            found.push(issue);
        }
    }
    sub.issues.extend(found);
}
