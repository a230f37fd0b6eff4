//! Figures (số liệu, kết quả thực hiện) of the criteria scored against the
//! bloc (`kind = "relative"` / `"target"`): where a row holds its figure —
//! a "Kết quả" / "Số liệu" column, else the self-score cell — how the
//! figure is read ("85", "85,5", "85%", a float from a formula) and what is
//! wrong with it. Points are computed later, by `consolidate`, which sees
//! every unit; here a row only gets its figure and the score the unit
//! typed, if any.
//!
//! Part of `check`; depends on `read` values, `rules`, `score`, `issue`,
//! `text`; never on calamine, consolidation or the writer.

use super::table::{self, Row};
use super::values::{self, ScoreReading};
use super::{Ctx, Entry};
use crate::issue::{Code, Issue};
use crate::read::Value;
use crate::score::Score;
use crate::text;

/// Header words (folded) of the column holding figures.
const RESULT_HEADERS: &[&str] = &["ket qua", "so lieu"];

/// The table's figures column among its kept columns, if any.
pub(super) fn result_column(kept: &[(u32, String)]) -> Option<u32> {
    kept.iter()
        .find(|(_, header)| {
            let folded = text::fold(header);
            RESULT_HEADERS
                .iter()
                .any(|p| table::contains_words(&folded, p))
        })
        .map(|(c, _)| *c)
}

/// What a figure cell holds.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Figure {
    Empty,
    Number(Score),
    NotNumber(String),
}

/// A figure from a cell: numbers rounded to the thousandth (a share
/// computed by a formula has many decimals); text read with a decimal
/// comma or point and an optional trailing "%".
pub(super) fn read_figure(value: &Value) -> Figure {
    match value {
        Value::Empty => Figure::Empty,
        Value::Number(n) => {
            rounded(*n).map_or_else(|| Figure::NotNumber(n.to_string()), Figure::Number)
        }
        Value::Text(t) => read_text(t),
        other => Figure::NotNumber(values::shown(other)),
    }
}

/// A figure typed as text ("85%", "85,5", " 12 ").
pub(super) fn read_text(raw: &str) -> Figure {
    let t = text::clean(raw);
    if t.is_empty() {
        return Figure::Empty;
    }
    let number = t.strip_suffix('%').unwrap_or(&t).trim();
    if let Some(s) = Score::parse(number) {
        return Figure::Number(s);
    }
    // More than three decimals: only plain digits with one decimal mark.
    let dotted = number.replace(',', ".");
    let plain = dotted
        .trim_start_matches('-')
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.')
        && dotted.matches('.').count() <= 1;
    match dotted
        .parse::<f64>()
        .ok()
        .filter(|_| plain)
        .and_then(rounded)
    {
        Some(s) => Figure::Number(s),
        None => Figure::NotNumber(t),
    }
}

fn rounded(n: f64) -> Option<Score> {
    (n.is_finite() && n.abs() <= 1e12).then(|| Score::from_milli((n * 1000.0).round() as i64))
}

/// Read the figure of a criterion row scored against the bloc into
/// `entry`, with the score the unit typed when the figure has a column of
/// its own; every problem goes to `issues`.
pub(super) fn check_figure(
    ctx: &Ctx,
    row: &Row,
    crit: usize,
    result_col: Option<u32>,
    entry: &mut Entry,
    issues: &mut Vec<Issue>,
) {
    let Some(measure) = ctx.rules.criteria[crit].measure.as_ref() else {
        return;
    };
    let (value, cell, column) = match result_col {
        Some(col) => {
            let cell = crate::issue::Address::new(row.row, col);
            let value = row
                .notes
                .iter()
                .find(|n| n.cell == cell)
                .map_or(Value::Empty, |n| Value::Text(n.text.clone()));
            // The self-score cell holds the score the unit gave itself.
            if let ScoreReading::Number(v) = values::read_score(&row.self_score.value) {
                entry.self_value = Some(v);
            }
            (value, cell, "result")
        }
        None => (row.self_score.value.clone(), row.self_score.cell, "score"),
    };
    entry.figure_cell = Some(cell);
    let base = ctx.named(crit).text("cell", cell.a1());
    let push = |issues: &mut Vec<Issue>, code, params| {
        issues.push(ctx.crit_issue(code, crit, Some(cell), params));
    };
    match read_figure(&value) {
        Figure::Empty => push(issues, Code::FigureMissing, base.text("column", column)),
        Figure::NotNumber(t) => push(
            issues,
            Code::FigureNotNumber,
            base.text("text", super::quoted(&t)),
        ),
        Figure::Number(v) if v.is_negative() => push(
            issues,
            Code::FigureNegative,
            base.points("value", v.milli()),
        ),
        Figure::Number(v) if measure.is_share() && v > Score::from_int(100) => push(
            issues,
            Code::FigureOverShare,
            base.points("value", v.milli()),
        ),
        Figure::Number(v) => entry.figure = Some(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_like_the_units_type_them() {
        let n = |m| Figure::Number(Score::from_milli(m));
        assert_eq!(read_text("85%"), n(85_000));
        assert_eq!(read_text("85,5"), n(85_500));
        assert_eq!(read_text(" 85,5 % "), n(85_500));
        assert_eq!(read_text("33.33333"), n(33_333));
        assert_eq!(read_text("-4"), n(-4_000));
        assert_eq!(
            read_text("khoảng 80"),
            Figure::NotNumber("khoảng 80".into())
        );
        assert_eq!(read_text("1.2.3"), Figure::NotNumber("1.2.3".into()));
        assert_eq!(read_text(" "), Figure::Empty);
        assert_eq!(read_figure(&Value::Number(2.0 / 3.0 * 100.0)), n(66_667));
        assert!(matches!(
            read_figure(&Value::Bool(true)),
            Figure::NotNumber(_)
        ));
    }

    #[test]
    fn the_result_column_is_found_by_its_header() {
        let kept = vec![
            (4, "Ghi chú".to_string()),
            (5, "Kết quả thực hiện".to_string()),
        ];
        assert_eq!(result_column(&kept), Some(5));
        assert_eq!(result_column(&[(5, "SỐ LIỆU".to_string())]), Some(5));
        assert_eq!(result_column(&[(4, "Ghi chú".to_string())]), None);
    }
}
