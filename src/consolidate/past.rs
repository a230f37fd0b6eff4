//! Award conditions over past years (điều kiện theo kết quả các năm trước):
//! for one award, which units its `not_twice_running` and
//! `requires_previous` conditions bar, from the past years of `--history`.
//! Without history, or when a year the conditions look at is missing, the
//! conditions cannot be checked: a finding says so and no unit is barred.
//!
//! Depends on `history`, `rules`, `issue`, `text`.

use crate::history::History;
use crate::issue::{Code, Issue, Params};
use crate::rules::{Award, Rules};
use crate::text;

/// Per unit of the rules, the finding that bars it from `award`, if any.
pub(super) fn barred(
    rules: &Rules,
    award: &Award,
    history: Option<&History>,
    issues: &mut Vec<Issue>,
) -> Vec<Option<Issue>> {
    let mut barred = vec![None; rules.units.len()];
    let condition = &award.past;
    if !condition.any() {
        return barred;
    }
    let year = rules.bloc.year;
    let needed = condition.years(year);
    let missing: Vec<i32> = needed
        .iter()
        .copied()
        .filter(|y| history.is_none_or(|h| !h.years.contains(y)))
        .collect();
    let Some(history) = history.filter(|_| missing.is_empty()) else {
        let reason = if history.is_none() {
            "no-history"
        } else {
            "missing-years"
        };
        let params = Params::new()
            .text("reason", reason)
            .text("award", award.name.as_str())
            .text("condition", describe(award))
            .texts("years", missing.iter().map(i32::to_string));
        issues.push(Issue::new(Code::HistoryConditionUnchecked, params));
        return barred;
    };
    let same =
        |past: Option<&str>, name: &str| past.is_some_and(|p| text::key(p) == text::key(name));
    for (u, slot) in barred.iter_mut().enumerate() {
        let last = history.of(u, year - 1);
        let params = if condition.not_twice_running
            && same(last.and_then(|p| p.award.as_deref()), &award.name)
        {
            Params::new().text("case", "twice").int("year", year - 1)
        } else if let Some((required, within)) = &condition.requires_previous
            && !needed
                .iter()
                .any(|&y| same(history.of(u, y).and_then(|p| p.award.as_deref()), required))
        {
            Params::new()
                .text("case", "previous")
                .text("required", required.as_str())
                .int("within", *within)
        } else {
            continue;
        };
        let params = params.text("award", award.name.as_str());
        *slot = Some(Issue::new(Code::AwardPastCondition, params).unit(&rules.units[u].id));
    }
    barred
}

/// The award's conditions over past years, in Vietnamese, for the finding
/// that they could not be checked.
fn describe(award: &Award) -> String {
    let mut parts = Vec::new();
    if award.past.not_twice_running {
        parts.push("không đề nghị một đơn vị hai năm liền".to_string());
    }
    if let Some((required, within)) = &award.past.requires_previous {
        parts.push(format!("đã được {required} trong {within} năm trước"));
    }
    parts.join("; ")
}
