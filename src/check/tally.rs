//! Adding up a unit's scores (cộng điểm): parents from their children,
//! bonus and deduction capped, the grand total never clamped to the scale.
//!
//! Depends on `rules` and `score` only.

use crate::rules::{Kind, Rules};
use crate::score::Score;

/// The sums of one unit's scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Per criterion (rules order): leaves as given, parents the sum of
    /// their children; `None` where nothing below was given. Disqualifier
    /// lines are always `None`.
    pub values: Vec<Option<Score>>,
    /// Sum of the top-level score sections.
    pub score_sum: Score,
    /// Bonus before and after the cap.
    pub bonus_raw: Score,
    pub bonus: Score,
    /// Deduction (positive) before and after the cap.
    pub deduction_raw: Score,
    pub deduction: Score,
    /// score_sum + bonus − deduction.
    pub total: Score,
}

/// Add up leaf values given by `leaf` (deductions as positive amounts).
pub fn tally(rules: &Rules, leaf: impl Fn(usize) -> Option<Score>) -> Tally {
    let n = rules.criteria.len();
    let mut values: Vec<Option<Score>> = vec![None; n];
    // Children come after their parents: walk backwards.
    for i in (0..n).rev() {
        let c = &rules.criteria[i];
        if c.kind == Kind::Disqualifier {
            continue;
        }
        values[i] = if c.is_leaf() {
            leaf(i)
        } else {
            c.children
                .iter()
                .filter_map(|&k| values[k])
                .fold(None, |acc: Option<Score>, v| {
                    Some(acc.unwrap_or_default() + v)
                })
        };
    }
    let mut t = Tally {
        values,
        ..Tally::default()
    };
    for s in rules.sections() {
        let v = t.values[s].unwrap_or_default();
        let c = &rules.criteria[s];
        match c.kind {
            Kind::Score => t.score_sum += v,
            Kind::Bonus => {
                t.bonus_raw += v;
                t.bonus += v.min(c.max.unwrap_or_default());
            }
            Kind::Deduction => {
                t.deduction_raw += v;
                t.deduction += v.min(c.max.unwrap_or_default());
            }
            Kind::Disqualifier => {}
        }
    }
    t.total = t.score_sum + t.bonus - t.deduction;
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
[bloc]
name = "Khối thử"
year = 2025
[[units]]
id = "A"
name = "Sở Y tế"
[[criteria]]
code = "I"
title = "Nhiệm vụ"
max = 30
[[criteria]]
code = "I.1"
title = "Chỉ tiêu"
max = 20
[[criteria]]
code = "I.2"
title = "Cải cách"
max = 10
[[criteria]]
code = "II"
title = "Thưởng"
kind = "bonus"
max = 3
[[criteria]]
code = "II.1"
title = "Trưởng khối"
max = 3
[[criteria]]
code = "II.2"
title = "Sáng kiến"
max = 2
[[criteria]]
code = "III"
title = "Trừ"
kind = "deduction"
max = 2
[[criteria]]
code = "III.1"
title = "Chậm báo cáo"
max = 2
[[criteria]]
code = "IV"
title = "Không xét"
kind = "disqualifier"
"#;

    #[test]
    fn sums_caps_and_decimals() {
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        let given = [
            None,
            Some("19,5"),
            Some("9,7"),
            None,
            Some("3"),
            Some("2"),
            None,
            Some("0,5"),
            None,
        ];
        let t = tally(&rules, |i| given[i].and_then(Score::parse));
        assert_eq!(t.values[0], Score::parse("29,2"));
        assert_eq!(t.score_sum, Score::parse("29,2").unwrap());
        assert_eq!(
            (t.bonus_raw, t.bonus),
            (Score::from_int(5), Score::from_int(3))
        );
        assert_eq!(t.deduction, Score::parse("0,5").unwrap());
        assert_eq!(t.total, Score::parse("31,7").unwrap());
        assert_eq!(t.values[8], None);
    }

    #[test]
    fn the_total_may_exceed_the_scale() {
        let rules = Rules::parse(RULES, "t.toml").unwrap();
        let t = tally(&rules, |i| {
            [
                None,
                Some(20),
                Some(10),
                None,
                Some(3),
                None,
                None,
                None,
                None,
            ][i]
                .map(Score::from_int)
        });
        assert_eq!(t.total, Score::from_int(33));
    }
}
