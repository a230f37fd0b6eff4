//! Reading one score cell (ô điểm) and checking it against its criterion:
//! numbers typed as numbers or text, formulas without values, negatives,
//! values over the max or outside the allowed levels.

use super::Ctx;
use super::labels;
use super::table::CellRef;
use crate::issue::{Code, Issue, Params};
use crate::read::Value;
use crate::rules::Kind;
use crate::score::Score;
use crate::text;

/// What a score cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ScoreReading {
    Empty,
    Number(Score),
    /// Text, an error, a date or a boolean that is not a number.
    NotNumber,
    /// A number with more than three decimals or out of range.
    BadNumber,
    FormulaWithoutValue(String),
}

pub fn read_score(value: &Value) -> ScoreReading {
    match value {
        Value::Empty => ScoreReading::Empty,
        Value::Number(n) => {
            Score::from_f64(*n).map_or(ScoreReading::BadNumber, ScoreReading::Number)
        }
        Value::Text(t) => {
            let t = text::clean(t);
            if t.is_empty() {
                ScoreReading::Empty
            } else {
                // "8,5" or "8,5 điểm" / "8,5đ".
                labels::number_with_unit(&t).map_or(ScoreReading::NotNumber, ScoreReading::Number)
            }
        }
        Value::FormulaWithoutValue(f) => ScoreReading::FormulaWithoutValue(f.clone()),
        Value::Bool(_) | Value::Error(_) | Value::Date(_) => ScoreReading::NotNumber,
    }
}

/// The cell's content as shown in a message.
pub fn shown(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(t) => text::clean(t),
        Value::Number(n) => Score::from_f64(*n).map_or_else(|| n.to_string(), |s| s.to_string()),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Value::Error(e) => e.clone(),
        Value::Date(d) => d.clone(),
        Value::FormulaWithoutValue(f) => format!("={}", f.trim_start_matches('=')),
    }
}

/// A yes/no answer: "có", "x", "1", "yes" → yes; empty, "không", "0", "no" → no.
pub fn read_yes_no(value: &Value) -> Option<bool> {
    match value {
        Value::Empty => Some(false),
        Value::Bool(b) => Some(*b),
        Value::Number(n) if *n == 1.0 => Some(true),
        Value::Number(n) if *n == 0.0 => Some(false),
        Value::Text(t) => {
            let f = text::fold(t);
            match f.as_str() {
                "" | "khong" | "0" | "no" | "k" | "-" | "khong co" => Some(false),
                "co" | "x" | "1" | "yes" | "y" | "v" => Some(true),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Check a leaf's self or reviewed cell. Returns the value as submitted
/// (deductions as positive amounts) and what it counts for. `group` holds
/// the leaves a row scores together (two criteria on one row, a parent
/// scored as a whole), `crit` first; empty for a row of its own: the
/// value is then checked against the sum of their maxima, with no levels.
pub fn check_leaf(
    ctx: &Ctx,
    crit: usize,
    group: &[usize],
    cell: &CellRef,
    reviewed: bool,
    issues: &mut Vec<Issue>,
) -> (Option<Score>, Score) {
    let c = &ctx.rules.criteria[crit];
    let max = if group.is_empty() {
        c.max.unwrap_or_default()
    } else {
        group
            .iter()
            .filter_map(|&k| ctx.rules.criteria[k].max)
            .sum()
    };
    let levels = if group.is_empty() {
        c.levels.as_ref()
    } else {
        None
    };
    let at = cell.cell;
    // The place and the criterion every message of this cell names.
    let base = if group.is_empty() {
        ctx.named(crit)
    } else {
        Params::new().text("criterion", c.code.as_str()).texts(
            "group",
            group.iter().map(|&k| ctx.rules.criteria[k].code.as_str()),
        )
    }
    .text("cell", at.a1())
    .flag("reviewed", reviewed);
    let mut push =
        |code: Code, params: Params| issues.push(ctx.crit_issue(code, crit, Some(at), params));
    let value = match read_score(&cell.value) {
        ScoreReading::Number(v) => v,
        ScoreReading::Empty => {
            if c.kind == Kind::Score {
                push(Code::ScoreMissing, base);
            }
            return (None, Score::ZERO);
        }
        ScoreReading::FormulaWithoutValue(f) => {
            push(
                Code::FormulaWithoutValue,
                base.text("formula", f.trim_start_matches('=')),
            );
            return (None, Score::ZERO);
        }
        ScoreReading::NotNumber | ScoreReading::BadNumber => {
            let mut params = base.text("text", super::quoted(&shown(&cell.value)));
            if matches!(cell.value, Value::Date(_)) {
                params = params.flag("date", true);
            }
            push(Code::ScoreNotNumber, params);
            return (None, Score::ZERO);
        }
    };
    if c.kind == Kind::Deduction {
        // Units write deductions as positive amounts or as negative numbers.
        let amount = value.abs();
        if amount > max {
            push(
                Code::DeductionOverCap,
                base.text("scope", "line")
                    .points("value", amount.milli())
                    .points("max", max.milli()),
            );
            return (Some(amount), max);
        }
        return (Some(amount), amount);
    }
    if value.is_negative() {
        push(Code::ScoreNegative, base.points("value", value.milli()));
        return (Some(value), Score::ZERO);
    }
    if value > max {
        let params = base
            .points("value", value.milli())
            .points("max", max.milli());
        if c.kind == Kind::Bonus {
            push(Code::BonusOverCap, params.text("scope", "line"));
        } else {
            push(Code::ScoreOverMax, params);
        }
        return (Some(value), max);
    }
    if let Some(levels) = levels
        && !levels.contains(&value)
    {
        push(
            Code::ScoreNotAllowed,
            base.points("value", value.milli())
                .points_list("levels", levels.iter().map(|l| l.milli())),
        );
    }
    (Some(value), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        assert_eq!(
            read_score(&Value::Text(" 8,5 ".into())),
            ScoreReading::Number(Score::from_milli(8500))
        );
        assert_eq!(
            read_score(&Value::Number(12.5)),
            ScoreReading::Number(Score::from_milli(12_500))
        );
        assert_eq!(
            read_score(&Value::Text("đạt".into())),
            ScoreReading::NotNumber
        );
        assert_eq!(
            read_score(&Value::Text("\u{00A0}".into())),
            ScoreReading::Empty
        );
        assert_eq!(
            read_score(&Value::Error("#REF!".into())),
            ScoreReading::NotNumber
        );
        assert_eq!(
            read_score(&Value::Number(1.0 / 3.0)),
            ScoreReading::BadNumber
        );
    }

    #[test]
    fn yes_no() {
        for yes in ["Có", "x", "X", "1", "yes", "CÓ"] {
            assert_eq!(read_yes_no(&Value::Text(yes.into())), Some(true), "{yes}");
        }
        for no in ["", "Không", "KHÔNG", "0", "no"] {
            assert_eq!(read_yes_no(&Value::Text(no.into())), Some(false), "{no}");
        }
        assert_eq!(read_yes_no(&Value::Text("có thể".into())), None);
        assert_eq!(read_yes_no(&Value::Number(1.0)), Some(true));
    }
}
