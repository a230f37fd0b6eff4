//! What the vote's sheets (phiếu bầu, bảng kiểm phiếu) hold, read the same
//! way by both readers: a cell's text and a printed rank, the award a sheet
//! names, and the finding for a file that holds no vote.
//!
//! Depends on `rules`, `issue` and the `read` grid types.

use crate::issue::{Code, Issue, Params};
use crate::read::Value;
use crate::rules::Rules;

/// A cell's text, trimmed; `None` when the cell is empty or blank.
pub(super) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Empty => None,
        Value::Text(s) if s.trim().is_empty() => None,
        Value::Text(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(format!("{n}")),
        Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Value::Error(e) | Value::Date(e) | Value::FormulaWithoutValue(e) => Some(e.clone()),
    }
}

/// `ballot-unreadable` on `file`, saying why.
pub fn unreadable(file: &str, reason: &str) -> Issue {
    Issue::new(
        Code::BallotUnreadable,
        Params::new().text("reason", reason.to_string()),
    )
    .file(file)
}

/// The award `index` of the rules, or a `ballot-unreadable` finding saying
/// the sheet names an award the rules do not have.
pub(super) fn award_of<'r>(
    rules: &'r Rules,
    index: usize,
    file: &str,
    sheet: &str,
    issues: &mut Vec<Issue>,
) -> Option<&'r crate::rules::Award> {
    let award = rules.awards.get(index);
    if award.is_none() {
        issues.push(
            unreadable(
                file,
                &format!(
                    "trang \"{sheet}\" là phiếu của hình thức thứ {}, quy định của khối không có hình thức này",
                    index + 1
                ),
            )
            .sheet(sheet),
        );
    }
    award
}

/// A rank as printed (column "Xếp hạng").
pub(super) fn rank_of(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) if *n >= 1.0 && *n < 1e6 => Some(*n as u32),
        _ => None,
    }
}
