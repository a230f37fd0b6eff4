//! Criteria scored against the bloc (tiêu chí tính điểm theo số liệu):
//! once every unit's submission is chosen, each `relative` criterion finds
//! the bloc's best figure and each unit's score from it, each `target`
//! criterion its figure against the target; the scores then replace what
//! the units typed in their sums, so totals, ranking and ties use them like
//! any other score. A unit without a usable figure scores 0 (its file's
//! finding says why) and is left out of the best.
//!
//! Depends on `check` results, `rules`, `report`, `score` and `issue`.
//! The arithmetic is exact: thousandths in `i128`, one rounding at the end.

use super::select::Scored;
use crate::check::tally::tally;
use crate::issue::{Code, Issue, Params};
use crate::report::MeasureBasis;
use crate::rules::{Basis, Better, Measure, Rules};
use crate::score::Score;
use std::collections::BTreeMap;

/// Every computed score, and what each criterion computed them from.
#[derive(Default)]
pub(super) struct Measured {
    /// By criterion code.
    pub bases: BTreeMap<String, MeasureBasis>,
    /// (unit index, criterion index) → points.
    pub scores: BTreeMap<(usize, usize), Score>,
}

impl Measured {
    /// The computed score of a unit's criterion, if it is scored against the bloc.
    pub fn score(&self, unit: usize, crit: usize) -> Option<Score> {
        self.scores.get(&(unit, crit)).copied()
    }
}

/// Compute every criterion scored against the bloc over the units in
/// `scored`, put the scores into their sums, and report what differs from
/// what a unit typed.
pub(super) fn measure(rules: &Rules, scored: &mut [Scored], issues: &mut Vec<Issue>) -> Measured {
    let mut out = Measured::default();
    for (i, c) in rules.criteria.iter().enumerate() {
        let (Some(m), Some(max)) = (&c.measure, c.max) else {
            continue;
        };
        let figures: Vec<Option<Score>> = scored
            .iter()
            .map(|s| s.sub.entries.get(&i).and_then(|e| e.figure))
            .collect();
        let best = match m.basis {
            Basis::Relative {
                better: Better::Higher,
            } => figures.iter().flatten().max().copied(),
            Basis::Relative {
                better: Better::Lower,
            } => figures.iter().flatten().min().copied(),
            Basis::Target { .. } => None,
        };
        let no_best = matches!(
            m.basis,
            Basis::Relative {
                better: Better::Higher
            }
        ) && best.is_none_or(Score::is_zero);
        if no_best {
            issues.push(
                Issue::new(
                    Code::FigureNoBest,
                    Params::new()
                        .text("criterion", c.code.as_str())
                        .text("title", c.title.as_str()),
                )
                .criterion(c.code.as_str()),
            );
        }
        for (s, figure) in scored.iter().zip(&figures) {
            let points = figure.map_or(Score::ZERO, |f| points(m, max, f, best));
            out.scores.insert((s.unit, i), points);
            if let Some(e) = s.sub.entries.get(&i)
                && e.figure_cell.is_none()
            {
                // Read as a score (the row scores several criteria at once):
                // no figure was looked for, so say it is missing.
                issues.push(located(
                    Code::FigureMissing,
                    Params::new().text("column", "score"),
                    rules,
                    s,
                    i,
                    e,
                ));
            }
            if let Some(e) = s.sub.entries.get(&i)
                && let Some(typed) = e.self_value
                && typed != points
            {
                issues.push(located(
                    Code::MeasuredScoreDiffers,
                    Params::new()
                        .points("typed", typed.milli())
                        .points("computed", points.milli()),
                    rules,
                    s,
                    i,
                    e,
                ));
            }
        }
        out.bases.insert(
            c.code.clone(),
            MeasureBasis {
                kind: match m.basis {
                    Basis::Relative { .. } => "relative",
                    Basis::Target { .. } => "target",
                },
                better: match m.basis {
                    Basis::Relative {
                        better: Better::Higher,
                    } => Some("higher"),
                    Basis::Relative {
                        better: Better::Lower,
                    } => Some("lower"),
                    Basis::Target { .. } => None,
                },
                max,
                best,
                target: match m.basis {
                    Basis::Target { target } => Some(target),
                    Basis::Relative { .. } => None,
                },
                round: m.round,
                unit: m.unit.clone(),
            },
        );
    }
    if !out.scores.is_empty() {
        for s in scored.iter_mut() {
            let (sub, u) = (s.sub, s.unit);
            let leaf = |counted: fn(&crate::check::Submission, usize) -> Score| {
                let out = &out;
                move |i: usize| match out.score(u, i) {
                    Some(points) => Some(points),
                    None => sub.entries.get(&i).map(|_| counted(sub, i)),
                }
            };
            s.self_tally = tally(rules, leaf(|sub, i| sub.self_counted(i)));
            s.final_tally = tally(rules, leaf(|sub, i| sub.final_counted(i)));
        }
    }
    out
}

/// A finding about criterion `crit` of a unit's submission in use, at the
/// row's self-score cell.
fn located(
    code: Code,
    params: Params,
    rules: &Rules,
    s: &Scored,
    crit: usize,
    e: &crate::check::Entry,
) -> Issue {
    let c = &rules.criteria[crit];
    let mut issue = Issue::new(
        code,
        params
            .text("criterion", c.code.as_str())
            .text("title", c.title.as_str())
            .text("cell", e.self_cell.a1()),
    )
    .unit(rules.units[s.unit].id.as_str())
    .file(s.sub.file.as_str())
    .sheet(&*e.sheet)
    .criterion(c.code.as_str());
    issue.cell = Some(e.self_cell.a1());
    issue
}

/// The points of one usable figure (not negative; a share not over 100).
///
/// - relative, higher is better: max × figure / best; no best above 0
///   (every figure 0): 0.
/// - relative, lower is better: max × best / figure; when the best is 0,
///   the units at 0 get max and the others 0 (the formula's limit).
/// - target: max × figure / target, capped at max.
///
/// Rounded half up to the criterion's step, never above max.
fn points(m: &Measure, max: Score, figure: Score, best: Option<Score>) -> Score {
    let (num, den) = match m.basis {
        Basis::Relative {
            better: Better::Higher,
        } => match best {
            Some(b) if !b.is_zero() => (figure.milli(), b.milli()),
            _ => return Score::ZERO,
        },
        Basis::Relative {
            better: Better::Lower,
        } => match best {
            Some(b) if b == figure => return max,
            Some(b) if b.is_zero() => return Score::ZERO,
            Some(b) => (b.milli(), figure.milli()),
            None => return Score::ZERO,
        },
        Basis::Target { target } => (figure.milli(), target.milli()),
    };
    let step = i128::from(m.round.milli().max(1));
    // steps = max × num / (den × step), rounded half up (all non-negative).
    let top = i128::from(max.milli()) * i128::from(num);
    let bottom = i128::from(den) * step;
    let steps = (2 * top + bottom) / (2 * bottom);
    let milli = i64::try_from(steps * step).unwrap_or(i64::MAX);
    Score::from_milli(milli).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(basis: Basis, round: i64) -> Measure {
        Measure {
            basis,
            round: Score::from_milli(round),
            unit: None,
        }
    }
    const HIGHER: Basis = Basis::Relative {
        better: Better::Higher,
    };
    const LOWER: Basis = Basis::Relative {
        better: Better::Lower,
    };
    fn s(milli: i64) -> Score {
        Score::from_milli(milli)
    }

    #[test]
    fn relative_scores_share_the_maximum() {
        // 10 × 80 / 95 = 8.421… → 8.42; the best gets max.
        assert_eq!(
            points(&m(HIGHER, 10), s(10_000), s(80_000), Some(s(95_000))),
            s(8_420)
        );
        assert_eq!(
            points(&m(HIGHER, 10), s(10_000), s(95_000), Some(s(95_000))),
            s(10_000)
        );
        // Half a point steps, half up: 10 × 77.5 / 100 = 7.75 → 8.0.
        assert_eq!(
            points(&m(HIGHER, 500), s(10_000), s(77_500), Some(s(100_000))),
            s(8_000)
        );
        // 7.7 → 7.5.
        assert_eq!(
            points(&m(HIGHER, 500), s(10_000), s(77_000), Some(s(100_000))),
            s(7_500)
        );
        // No best above 0: nothing to share.
        assert_eq!(points(&m(HIGHER, 10), s(10_000), s(0), Some(s(0))), s(0));
    }

    #[test]
    fn lower_is_better_divides_the_other_way() {
        // 6 × 2 / 5 = 2.4.
        assert_eq!(
            points(&m(LOWER, 10), s(6_000), s(5_000), Some(s(2_000))),
            s(2_400)
        );
        assert_eq!(
            points(&m(LOWER, 10), s(6_000), s(2_000), Some(s(2_000))),
            s(6_000)
        );
        // Best 0: the units at 0 get max, the others 0.
        assert_eq!(points(&m(LOWER, 10), s(6_000), s(0), Some(s(0))), s(6_000));
        assert_eq!(points(&m(LOWER, 10), s(6_000), s(3_000), Some(s(0))), s(0));
    }

    #[test]
    fn target_is_capped_at_the_maximum() {
        let t = Basis::Target { target: s(100_000) };
        assert_eq!(points(&m(t, 10), s(8_000), s(120_000), None), s(8_000));
        assert_eq!(points(&m(t, 10), s(8_000), s(85_500), None), s(6_840));
        assert_eq!(points(&m(t, 10), s(8_000), s(0), None), s(0));
    }

    /// Consolidation of a bloc with one relative criterion (I.1, max 10,
    /// `better`) beside a scored one (I.2), the units' figures given.
    fn run(better: &str, figures: &[(&str, Option<i64>, bool)]) -> crate::report::Report {
        use crate::check::{Entries, Entry, Submission};
        use crate::consolidate::{FileResult, consolidate};
        use crate::report::Source;
        let units: String = figures
            .iter()
            .map(|(id, _, _)| format!("[[units]]\nid = \"{id}\"\nname = \"Đơn vị {id}\"\n"))
            .collect();
        let rules = Rules::parse(
            &format!(
                "[bloc]\nname = \"K\"\nyear = 2025\n{units}\
                 [[criteria]]\ncode = \"I\"\ntitle = \"A\"\nmax = 20\n\
                 [[criteria]]\ncode = \"I.1\"\ntitle = \"Tỷ lệ\"\nmax = 10\nkind = \"relative\"\nbetter = \"{better}\"\n\
                 [[criteria]]\ncode = \"I.2\"\ntitle = \"B\"\nmax = 10\n\
                 [[awards]]\nname = \"Cờ\"\ncount = 1\n"
            ),
            "t.toml",
        )
        .unwrap();
        let files = figures
            .iter()
            .map(|&(id, figure, read)| {
                let mut entries = Entries::default();
                entries.insert(
                    1,
                    Entry {
                        row: 1,
                        self_cell: crate::issue::Address::new(1, 3),
                        figure: figure.map(Score::from_milli),
                        figure_cell: read.then(|| crate::issue::Address::new(1, 4)),
                        ..Entry::default()
                    },
                );
                let five = Score::from_int(5);
                entries.insert(
                    2,
                    Entry {
                        row: 2,
                        self_cell: crate::issue::Address::new(2, 3),
                        self_value: Some(five),
                        self_counted: five,
                        ..Entry::default()
                    },
                );
                FileResult {
                    source: Source {
                        file: format!("{id}.xlsx"),
                        sha256: Some(id.into()),
                        format: "xlsx".into(),
                        unit: Some(id.into()),
                        ..Source::default()
                    },
                    submission: Some(Submission {
                        file: format!("{id}.xlsx"),
                        unit: Some(id.into()),
                        entries,
                        table_found: true,
                        content: id.into(),
                        ..Submission::default()
                    }),
                    issues: vec![],
                }
            })
            .collect();
        consolidate(&rules, files, vec![])
    }

    fn score_of(r: &crate::report::Report, id: &str) -> (Option<Score>, Option<Score>) {
        let u = r.units.iter().find(|u| u.id == id).unwrap();
        (u.scores["I.1"].self_score, u.total)
    }

    #[test]
    fn no_figure_above_zero_means_no_leader() {
        let r = run("higher", &[("A", Some(0), true), ("B", Some(0), true)]);
        assert_eq!(score_of(&r, "A"), (Some(s(0)), Some(s(5_000))));
        let found: Vec<_> = r
            .issues
            .iter()
            .filter(|i| i.code == Code::FigureNoBest)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].criterion.as_deref(), Some("I.1"));
        assert_eq!(r.measures["I.1"].best, Some(s(0)));
    }

    #[test]
    fn lower_is_better_with_a_perfect_record() {
        let r = run(
            "lower",
            &[
                ("A", Some(0), true),
                ("B", Some(3_000), true),
                ("C", None, true),
            ],
        );
        // The unit at 0 gets max; the others 0 (the formula's limit); no figure: 0.
        assert_eq!(score_of(&r, "A"), (Some(s(10_000)), Some(s(15_000))));
        assert_eq!(score_of(&r, "B").0, Some(s(0)));
        assert_eq!(score_of(&r, "C").0, Some(s(0)));
        assert_eq!(r.units.iter().find(|u| u.id == "A").unwrap().rank, Some(1));
    }

    #[test]
    fn a_row_read_as_a_score_is_a_missing_figure_not_a_silent_zero() {
        // B's row scored several criteria at once: no figure was looked for.
        let r = run("higher", &[("A", Some(80_000), true), ("B", None, false)]);
        assert_eq!(score_of(&r, "A").0, Some(s(10_000)));
        assert_eq!(score_of(&r, "B").0, Some(s(0)));
        let missing: Vec<_> = r
            .issues
            .iter()
            .filter(|i| i.code == Code::FigureMissing)
            .collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].unit.as_deref(), Some("B"));
        assert_eq!(missing[0].cell.as_deref(), Some("D2"));
        assert_eq!(missing[0].file.as_deref(), Some("B.xlsx"));
    }
}
